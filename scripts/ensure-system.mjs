// Makes sure the system packages (Debian) and node_modules the dev/test
// tooling needs are present. Uses only Node built-ins: it runs before `npm ci`.
//
// CLI: node scripts/ensure-system.mjs [rabbitmq] [chromium] [nginx] [openssl]   (default: all)
import { spawn } from 'node:child_process';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Known system dependencies: the file proving installation, and the Debian package. */
export const SYSTEM_PACKAGES = {
  rabbitmq: { bin: '/usr/lib/rabbitmq/bin/rabbitmq-server', pkg: 'rabbitmq-server' },
  chromium: { bin: '/usr/bin/chromium', pkg: 'chromium' },
  nginx: { bin: '/usr/sbin/nginx', pkg: 'nginx' }, // TLS in front of Web-STOMP (test/tls.test.ts)
  openssl: { bin: '/usr/bin/openssl', pkg: 'openssl' }, // the test certificate
};

/** True when the module whose import.meta.url is given is the script Node was started with. */
export function isMain(importMetaUrl) {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(fileURLToPath(importMetaUrl)) === realpathSync(process.argv[1]);
  } catch {
    return false;
  }
}

/** Signals that end a foreground script (and the servers it started). */
export const TERMINATION_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Resolves with the first termination signal received. */
export function nextTerminationSignal() {
  return new Promise((resolveSignal) => {
    const handler = (signal) => {
      for (const s of TERMINATION_SIGNALS) process.off(s, handler);
      resolveSignal(signal);
    };
    for (const s of TERMINATION_SIGNALS) process.on(s, handler);
  });
}

/**
 * The command line of a script, when it is the one Node was started with: runs
 * `commands[argv[0]](rest of argv)` and exits with what it returns (0 when nothing); prints `usage`
 * and exits with 2 for an unknown command; prints `[name] message` and exits with 1 when it throws,
 * after `cleanup()`.
 */
export async function runCli(importMetaUrl, { name, usage, commands, cleanup = async () => {} }) {
  if (!isMain(importMetaUrl)) return;
  const [command, ...rest] = process.argv.slice(2);
  if (!Object.hasOwn(commands, command ?? '')) {
    console.error(`usage: ${usage}`);
    process.exitCode = 2;
    return;
  }
  try {
    process.exitCode = (await commands[command](rest)) ?? 0;
  } catch (err) {
    console.error(`[${name}] ${err.message}`);
    await cleanup();
    process.exitCode = 1;
  }
}

/**
 * Runs a command with inherited stdio (output streamed to the console).
 * Resolves with the exit code (128 + n when killed by a signal); rejects only if it cannot start.
 */
export function runStreamed(cmd, args, { env = process.env, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env, cwd });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? exitCodeForSignal(signal)));
  });
}

/** Shell convention: a process killed by signal N "exits" with 128 + N. */
export function exitCodeForSignal(signal) {
  return 128 + (osConstants.signals[signal] ?? 0);
}

/**
 * Installs the missing ones of `need` (keys of SYSTEM_PACKAGES) with apt-get.
 * Returns the list of Debian packages that were installed (empty if nothing was missing).
 * Throws when not root (with the command to run) or when apt-get fails.
 */
export async function ensureSystemPackages({ need = Object.keys(SYSTEM_PACKAGES) } = {}) {
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
  // Wait for a concurrently running apt/dpkg instead of failing on its lock.
  const install = () => runStreamed('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', ...missing], { env });
  if ((await install()) !== 0) {
    // Typically "Unable to locate package": the package lists are empty or stale.
    console.error('apt-get install failed; running apt-get update and retrying ...');
    if ((await runStreamed('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'update'], { env })) !== 0) {
      throw new Error('apt-get update failed');
    }
    if ((await install()) !== 0) throw new Error(`apt-get install -y ${missing.join(' ')} failed`);
  }
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
