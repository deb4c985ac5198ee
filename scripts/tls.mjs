// TLS in front of Web-STOMP the way hosted brokers run it: nginx terminates TLS on
// wss://localhost:<port>/ws/ and proxies the WebSocket upgrade to the private node's
// http://127.0.0.1:<ws port>/ws.
//
// Everything lives in one git-ignored folder (default .tls/): a self-signed certificate made with
// openssl, nginx's configuration, pid file, logs and temp dirs. nginx runs in the foreground
// (`daemon off`) as a child of this process: no systemd, nothing shared with a system nginx.
//
// CLI:
//   node scripts/tls.mjs cert    make the certificate if missing, print its SPKI hash
//   node scripts/tls.mjs start   start nginx in front of the private broker until Ctrl-C / SIGTERM
//   node scripts/tls.mjs stop    stop an nginx left running by a crashed run
import { execFileSync, spawn } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { brokerConfig } from './broker.mjs';
import { exited, nextTerminationSignal, portAccepts, runCli, terminate, waitUntil } from './shared.mjs';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NGINX = '/usr/sbin/nginx';
/** The name in the certificate, and the host the tests connect to. */
export const TLS_HOST = 'localhost';

/** Options settable by environment variable: option → [variable, default]. */
export const TLS_ENV = {
  dir: ['STOMP_TLS_DIR', join(REPO_ROOT, '.tls')],
  port: ['STOMP_TLS_PORT', 15443],
};

/** Resolves options (overrides > environment > defaults); `upstreamPort` defaults to the private broker's Web-STOMP port. */
export function tlsConfig(overrides = {}) {
  const cfg = {};
  for (const [key, [envVar, fallback]] of Object.entries(TLS_ENV)) cfg[key] = overrides[key] ?? (process.env[envVar] || fallback);
  cfg.dir = resolve(cfg.dir);
  cfg.port = Number(cfg.port);
  cfg.upstreamPort = Number(overrides.upstreamPort ?? brokerConfig().wsPort);
  cfg.log = overrides.log ?? ((message) => console.error(`[tls] ${message}`));
  return {
    ...cfg,
    url: `wss://${TLS_HOST}:${cfg.port}/ws/`,
    certFile: join(cfg.dir, 'cert.pem'),
    keyFile: join(cfg.dir, 'key.pem'),
    confFile: join(cfg.dir, 'nginx.conf'),
    pidFile: join(cfg.dir, 'nginx.pid'),
    logDir: join(cfg.dir, 'logs'),
    accessLog: join(cfg.dir, 'logs', 'access.log'),
    errorLog: join(cfg.dir, 'logs', 'error.log'),
  };
}

/**
 * Makes the self-signed certificate (EC P-256, SAN localhost and 127.0.0.1) unless a valid one is
 * there. Returns its files and `spki`: the base64 SHA-256 of its public key, as Chromium's
 * `--ignore-certificate-errors-spki-list` takes it. Synchronous, so a config file can call it.
 */
export function ensureCertificate(overrides = {}) {
  const cfg = tlsConfig(overrides);
  let cert = readCert(cfg.certFile);
  if (!cert || !existsSync(cfg.keyFile) || Date.parse(cert.validTo) < Date.now() + 24 * 3600_000) {
    mkdirSync(cfg.dir, { recursive: true });
    // prettier-ignore
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', cfg.keyFile, '-out', cfg.certFile, '-days', '30',
      '-subj', `/CN=${TLS_HOST}`, '-addext', `subjectAltName=DNS:${TLS_HOST},IP:127.0.0.1`,
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    cert = readCert(cfg.certFile);
  }
  const spki = createHash('sha256').update(cert.publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
  return { certFile: cfg.certFile, keyFile: cfg.keyFile, spki };
}

function readCert(file) {
  try {
    return new X509Certificate(readFileSync(file));
  } catch {
    return null;
  }
}

function nginxConf(cfg) {
  const tmp = (name) => join(cfg.dir, 'tmp', name);
  return `# Written by scripts/tls.mjs on every start: edit the script, not this file.
worker_processes 1;
pid ${cfg.pidFile};
error_log ${cfg.errorLog} notice;
events { worker_connections 256; }
http {
  log_format upgrade '$remote_addr [$time_local] "$request" $status upgrade=$http_upgrade $ssl_protocol $request_time';
  access_log ${cfg.accessLog} upgrade;
  client_body_temp_path ${tmp('body')};
  proxy_temp_path ${tmp('proxy')};
  fastcgi_temp_path ${tmp('fastcgi')};
  uwsgi_temp_path ${tmp('uwsgi')};
  scgi_temp_path ${tmp('scgi')};
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  server {
    listen 127.0.0.1:${cfg.port} ssl;
    server_name ${TLS_HOST};
    ssl_certificate ${cfg.certFile};
    ssl_certificate_key ${cfg.keyFile};
    ssl_protocols TLSv1.2 TLSv1.3;
    # As hosted RabbitMQ guides set it up: wss://host/ws/ to Web-STOMP's /ws.
    location /ws/ {
      proxy_pass http://127.0.0.1:${cfg.upstreamPort}/ws;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_read_timeout 120s;
    }
  }
}
`;
}

/** nginx processes started (and not yet stopped) by this process. */
const owned = new Set();
function onExit() {
  for (const { child } of owned) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
}

/**
 * Starts nginx in front of the broker's Web-STOMP port. Resolves with a handle (the config plus
 * `child`, `spki`, `startMs`) once it accepts connections. Fails if the port is taken.
 */
export async function startNginx(overrides = {}) {
  const cfg = tlsConfig(overrides);
  const t0 = performance.now();
  if (!existsSync(NGINX)) throw new Error(`${NGINX} not found: apt-get install -y nginx (npm test installs it)`);
  const { spki } = ensureCertificate(cfg);
  await stopNginx(cfg); // one left by a crashed run
  if (await portAccepts(cfg.port)) throw new Error(`Port ${cfg.port} is already in use; choose another with STOMP_TLS_PORT=<port>`);
  rmSync(cfg.logDir, { recursive: true, force: true });
  for (const dir of [cfg.logDir, join(cfg.dir, 'tmp')]) mkdirSync(dir, { recursive: true });
  writeFileSync(cfg.confFile, nginxConf(cfg));

  const out = openSync(join(cfg.logDir, 'stderr.log'), 'a');
  const child = spawn(NGINX, ['-p', cfg.dir, '-c', cfg.confFile, '-e', cfg.errorLog, '-g', 'daemon off;'], {
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  const handle = { ...cfg, child, spki };
  handle.exited = exited(child);
  let ended;
  handle.exited.then((result) => (ended = result));
  if (!owned.size) process.on('exit', onExit);
  owned.add(handle);
  try {
    await waitUntil(() => {
      if (ended) throw new Error(ended.error ? ended.error.message : `nginx exited (${ended.signal ?? `code ${ended.code}`})`);
      return portAccepts(cfg.port);
    }, 10_000, `nginx to listen on ${cfg.port}`);
  } catch (err) {
    await stopNginx(handle);
    const logs = [join(cfg.logDir, 'stderr.log'), cfg.errorLog].filter(existsSync).map((f) => readFileSync(f, 'utf8').trim());
    throw new Error(`nginx did not start: ${err.message}\n${logs.join('\n')}`);
  }
  handle.startMs = Math.round(performance.now() - t0);
  cfg.log(`nginx up in ${handle.startMs} ms: ${cfg.url} -> ws://127.0.0.1:${cfg.upstreamPort}/ws`);
  return handle;
}

/**
 * Stops nginx: by handle from startNginx(), or by config an nginx left by a killed run (its pid
 * file, checked to be an nginx on our configuration whose parent is gone). Graceful (SIGQUIT), then
 * SIGTERM, then SIGKILL.
 */
export async function stopNginx(handle = tlsConfig()) {
  if (handle.child) {
    handle.stopped ??= (async () => {
      for (const signal of ['SIGQUIT', 'SIGTERM', 'SIGKILL']) {
        if (handle.child.exitCode !== null || handle.child.signalCode !== null) break;
        handle.child.kill(signal);
        if (await Promise.race([handle.exited.then(() => true), sleep(3000, false)])) break;
      }
      owned.delete(handle);
      if (!owned.size) process.off('exit', onExit);
      rmSync(handle.pidFile, { force: true });
    })();
    return handle.stopped;
  }
  const pid = leftoverPid(handle);
  if (!pid) return;
  const log = handle.log ?? (() => {});
  log(`stopping nginx ${pid} left by an earlier run`);
  await terminate(pid, `nginx ${pid}`, log, { signals: ['SIGQUIT', 'SIGKILL'], graceMs: 3000 });
  rmSync(handle.pidFile, { force: true });
}

/**
 * The PID of an nginx running our configuration whose parent is no longer a Node process (the run
 * that started it was killed); null if none, or if it belongs to a live run.
 */
function leftoverPid(cfg) {
  try {
    const pid = Number(readFileSync(cfg.pidFile, 'utf8').trim());
    // nginx rewrites its command line to "nginx: master process /usr/sbin/nginx -p … -c <conf> …".
    if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(` -c ${cfg.confFile} `)) return null;
    const ppid = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]);
    return readFileSync(`/proc/${ppid}/cmdline`, 'utf8').includes('node') ? null : pid;
  } catch {
    return null;
  }
}

/** The access log's lines (a WebSocket's line is written when it closes). */
export function accessLogLines(handle) {
  return existsSync(handle.accessLog) ? readFileSync(handle.accessLog, 'utf8').trim().split('\n').filter(Boolean) : [];
}

// ---------------------------------------------------------------- CLI

await runCli(import.meta.url, {
  name: 'tls',
  usage: 'node scripts/tls.mjs cert | start | stop',
  commands: {
    cert: () => void console.log(ensureCertificate().spki),
    async start() {
      const handle = await startNginx();
      console.log(`nginx ready: ${handle.url} (Chromium: --ignore-certificate-errors-spki-list=${handle.spki})`);
      await Promise.race([handle.exited, nextTerminationSignal()]);
      await stopNginx(handle);
    },
    async stop() {
      await stopNginx();
    },
  },
});
