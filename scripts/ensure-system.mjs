// Makes sure the system packages (Debian) and node_modules the dev/test
// tooling needs are present. Uses only Node built-ins: it runs before `npm ci`.
//
// CLI: node scripts/ensure-system.mjs [rabbitmq] [chromium] [nginx] [openssl] [activemq] [websockify] [javac]
//      (default: all but the last three, which only scripts/activemq.mjs needs)
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isMain, runStreamed } from './shared.mjs';

/** Known system dependencies: the file proving installation, and the Debian package. */
export const SYSTEM_PACKAGES = {
  rabbitmq: { bin: '/usr/lib/rabbitmq/bin/rabbitmq-server', pkg: 'rabbitmq-server' },
  chromium: { bin: '/usr/bin/chromium', pkg: 'chromium' },
  nginx: { bin: '/usr/sbin/nginx', pkg: 'nginx' }, // TLS in front of Web-STOMP (test/tls.test.ts)
  openssl: { bin: '/usr/bin/openssl', pkg: 'openssl' }, // the test certificate
  // The second broker (scripts/activemq.mjs): ActiveMQ Classic, a WebSocket bridge to its STOMP
  // port, and a Java compiler for its authorization map.
  activemq: { bin: '/usr/share/activemq/bin/activemq.jar', pkg: 'activemq', optional: true },
  websockify: { bin: '/usr/bin/websockify', pkg: 'websockify', optional: true },
  javac: { bin: '/usr/bin/javac', pkg: 'default-jdk-headless', optional: true },
};

/** What `npm test` and `npm start` need; the ActiveMQ packages only when asked for. */
const DEFAULT_NEED = Object.keys(SYSTEM_PACKAGES).filter((name) => !SYSTEM_PACKAGES[name].optional);

/**
 * Installs the missing ones of `need` (keys of SYSTEM_PACKAGES) with apt-get.
 * Returns the list of Debian packages that were installed (empty if nothing was missing).
 * Throws when not root (with the command to run) or when apt-get fails.
 */
export async function ensureSystemPackages({ need = DEFAULT_NEED } = {}) {
  const unknown = need.filter((name) => !SYSTEM_PACKAGES[name]);
  if (unknown.length) {
    throw new Error(`Unknown system dependency: ${unknown.join(', ')} (known: ${Object.keys(SYSTEM_PACKAGES).join(', ')})`);
  }
  const missing = need.filter((name) => !existsSync(SYSTEM_PACKAGES[name].bin)).map((name) => SYSTEM_PACKAGES[name].pkg);
  if (!missing.length) return [];

  if (process.getuid?.() !== 0) {
    const command = `sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`;
    throw new Error(`Missing system packages: ${missing.join(', ')}. Install them with:\n\n  ${command}\n`);
  }

  console.error(`Installing system packages: ${missing.join(', ')} ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Fresh package lists first (a new machine has none); wait for a concurrently running apt/dpkg instead of failing on its lock.
  const aptGet = (...args) => runStreamed('apt-get', ['-o', 'DPkg::Lock::Timeout=600', ...args], { env });
  if ((await aptGet('update')) !== 0) throw new Error('apt-get update failed');
  if ((await aptGet('install', '-y', ...missing)) !== 0) throw new Error(`apt-get install -y ${missing.join(' ')} failed`);
  const stillMissing = need.filter((name) => !existsSync(SYSTEM_PACKAGES[name].bin));
  if (stillMissing.length) {
    throw new Error(`Installed ${missing.join(' ')} but still missing: ${stillMissing.map((n) => SYSTEM_PACKAGES[n].bin).join(', ')}`);
  }
  return missing;
}

/**
 * Runs `npm ci` in `root` when node_modules is absent or older than package-lock.json
 * (npm writes node_modules/.package-lock.json on every install, so its mtime is the install time).
 * Returns true if npm ran.
 */
export async function ensureNodeModules(root) {
  const lock = join(root, 'package-lock.json');
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(lock)) throw new Error(`${lock} not found; run npm install first`);
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return false;

  console.error('node_modules missing or older than package-lock.json: running npm ci ...');
  const code = await runStreamed(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['ci'], { cwd: root });
  if (code !== 0) throw new Error(`npm ci failed with exit code ${code}`);
  return true;
}

if (isMain(import.meta.url)) {
  const need = process.argv.slice(2);
  try {
    const installed = await ensureSystemPackages(need.length ? { need } : {});
    console.error(installed.length ? `Installed: ${installed.join(', ')}` : 'All system packages present.');
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
