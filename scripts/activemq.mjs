// Private ActiveMQ Classic with a WebSocket bridge, the second broker the kit is tested against.
//
// Debian's `activemq` (5.17) has a STOMP transport but no WebSocket one, so `websockify` bridges a
// WebSocket port to the STOMP port. Everything (configuration, data, logs, pid files, the compiled
// authorization map) lives in one directory (default .activemq/); both listen on 127.0.0.1 only,
// and nothing is shared with a system ActiveMQ (no systemd, no /var/lib/activemq).
//
// What a page needs that RabbitMQ does not: websockify accepts only the WebSocket subprotocol
// `binary` and only binary frames (a text frame closes the socket with 1003).
//
// CLI (also `node scripts/broker.mjs start|stop|run --activemq`):
//   node scripts/activemq.mjs start              start, stay in the foreground until Ctrl-C / SIGTERM
//   node scripts/activemq.mjs stop               stop a pair left running (e.g. by a crashed run)
//   node scripts/activemq.mjs run -- <cmd...>    start, run <cmd> with STOMP_ACTIVEMQ_* env set, stop, exit with <cmd>'s code
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import pidtree from 'pidtree';
import { ensureSystemPackages } from './ensure-system.mjs';
import {
  LOOPBACK,
  TERMINATION_SIGNALS,
  exitCodeForSignal,
  nextTerminationSignal,
  portAccepts,
  processAlive,
  runCli,
  terminate,
  waitUntil,
} from './shared.mjs';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ACTIVEMQ_HOME = '/usr/share/activemq';
const AUTHORIZATION_SOURCE = join(REPO_ROOT, 'scripts', 'activemq', 'MostSpecificAuthorizationMap.java');

/** What a page must set to talk to ActiveMQ through websockify. */
export const WS_PROTOCOLS = ['binary'];

/** Options settable by environment variable: option → [variable, default]. */
export const ACTIVEMQ_ENV = {
  dir: ['STOMP_ACTIVEMQ_DIR', join(REPO_ROOT, '.activemq')],
  stompPort: ['STOMP_ACTIVEMQ_STOMP_PORT', 61713], // STOMP over TCP, ActiveMQ's own listener
  wsPort: ['STOMP_ACTIVEMQ_WS_PORT', 61714], // websockify, in front of it
  user: ['STOMP_ACTIVEMQ_USER', 'web'], // everything except destinations whose name starts with "forbidden."
  pass: ['STOMP_ACTIVEMQ_PASS', 'web'],
};

const OTHER_OPTIONS = {
  startTimeoutMs: 60_000,
  heapMb: 256,
  log: (message) => console.error(`[activemq] ${message}`),
};

/** Resolves options (overrides > environment > defaults) and derives URLs and paths. */
export function activemqConfig(overrides = {}) {
  const cfg = {};
  for (const [key, [envVar, fallback]] of Object.entries(ACTIVEMQ_ENV)) cfg[key] = overrides[key] ?? (process.env[envVar] || fallback);
  for (const [key, fallback] of Object.entries(OTHER_OPTIONS)) cfg[key] = overrides[key] ?? fallback;
  for (const key of ['stompPort', 'wsPort']) {
    const port = Number(cfg[key]);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`Invalid port ${JSON.stringify(cfg[key])} for ${key} (${ACTIVEMQ_ENV[key][0]})`);
    cfg[key] = port;
  }
  cfg.dir = resolve(cfg.dir);
  return {
    ...cfg,
    wsUrl: `ws://${LOOPBACK}:${cfg.wsPort}/`,
    protocols: WS_PROTOCOLS,
    confDir: join(cfg.dir, 'conf'),
    confFile: join(cfg.dir, 'conf', 'activemq.xml'),
    dataDir: join(cfg.dir, 'data'),
    libDir: join(cfg.dir, 'lib'), // ActiveMQ adds activemq.base/lib to its class path
    logDir: join(cfg.dir, 'log'),
    javaPidFile: join(cfg.dir, 'activemq.pid'),
    wsPidFile: join(cfg.dir, 'websockify.pid'),
    inspectorFile: join(cfg.dir, 'inspector.secret'), // the admin user's password, for test/server/activemq.mjs
  };
}

/** The STOMP_ACTIVEMQ_* environment describing an instance, for child processes. */
export function activemqEnv(cfg) {
  const env = Object.fromEntries(Object.entries(ACTIVEMQ_ENV).map(([key, [envVar]]) => [envVar, String(cfg[key])]));
  return { ...env, STOMP_ACTIVEMQ_WS_URL: cfg.wsUrl };
}

/** The administrator the test inspection connects as (its password is made on the first start). */
export function inspectorCredentials(cfg = activemqConfig()) {
  return { login: 'inspector', passcode: readFileSync(cfg.inspectorFile, 'utf8').trim() };
}

const xmlAttr = (value) => String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function activemqXml(cfg, inspectorPass) {
  // Rights on queues and topics: `>` for both groups, `forbidden.>` for admins only (most specific entry wins).
  const entries = ['queue', 'topic']
    .flatMap((kind) => [
      `<amq:authorizationEntry ${kind}=">" read="admins,clients" write="admins,clients" admin="admins,clients"/>`,
      `<amq:authorizationEntry ${kind}="forbidden.>" read="admins" write="admins" admin="admins"/>`,
    ])
    .join('\n              ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by scripts/activemq.mjs on every start: edit the script, not this file. -->
<beans xmlns="http://www.springframework.org/schema/beans" xmlns:amq="http://activemq.apache.org/schema/core"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.springframework.org/schema/beans http://www.springframework.org/schema/beans/spring-beans-2.0.xsd
  http://activemq.apache.org/schema/core http://activemq.apache.org/schema/core/activemq-core.xsd">
  <!-- No JMX, no scheduler, no store: nothing on disk but logs, nothing listening but STOMP. -->
  <amq:broker brokerName="stomp-elements" useJmx="false" schedulerSupport="false" persistent="false"
      dataDirectory="${xmlAttr(cfg.dataDir)}" useShutdownHook="true">
    <amq:systemUsage>
      <amq:systemUsage>
        <amq:memoryUsage><amq:memoryUsage percentOfJvmHeap="50"/></amq:memoryUsage>
        <amq:tempUsage><amq:tempUsage limit="256 mb"/></amq:tempUsage>
      </amq:systemUsage>
    </amq:systemUsage>
    <amq:plugins>
      <!-- Answers ActiveMQ.Statistics.* requests (consumer counts for the tests). -->
      <amq:statisticsBrokerPlugin/>
      <amq:simpleAuthenticationPlugin anonymousAccessAllowed="false">
        <amq:users>
          <amq:authenticationUser username="${xmlAttr(cfg.user)}" password="${xmlAttr(cfg.pass)}" groups="clients"/>
          <amq:authenticationUser username="inspector" password="${xmlAttr(inspectorPass)}" groups="admins"/>
        </amq:users>
      </amq:simpleAuthenticationPlugin>
      <amq:authorizationPlugin>
        <amq:map>
          <bean class="MostSpecificAuthorizationMap">
            <property name="authorizationEntries">
              <list>
              ${entries}
              </list>
            </property>
            <property name="tempDestinationAuthorizationEntry">
              <amq:tempDestinationAuthorizationEntry read="admins,clients" write="admins,clients" admin="admins,clients"/>
            </property>
          </bean>
        </amq:map>
      </amq:authorizationPlugin>
    </amq:plugins>
    <amq:transportConnectors>
      <amq:transportConnector name="stomp" uri="stomp://${LOOPBACK}:${cfg.stompPort}"/>
    </amq:transportConnectors>
  </amq:broker>
</beans>
`;
}

// Debian's ActiveMQ logs through log4j 1.2 (slf4j-log4j12); its log4j2.properties would be ignored.
const log4jProperties = (cfg) => `# Written by scripts/activemq.mjs
log4j.rootLogger=INFO, file
log4j.logger.org.springframework=WARN
log4j.logger.org.apache.xbean=WARN
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=${join(cfg.logDir, 'activemq.log')}
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=%d | %-5p | %m | %c | %t%n
`;

/** Compiles the authorization map into lib/ when its class is missing or older than its source (about 3 s of CPU). */
async function ensureAuthorizationMap(cfg) {
  const classFile = join(cfg.libDir, 'MostSpecificAuthorizationMap.class');
  if (existsSync(classFile) && statSync(classFile).mtimeMs >= statSync(AUTHORIZATION_SOURCE).mtimeMs) return;
  mkdirSync(cfg.libDir, { recursive: true });
  cfg.log('compiling the authorization map (once)');
  await execa('javac', ['-nowarn', '-J-XX:TieredStopAtLevel=1', '-d', cfg.libDir, '-cp', `${ACTIVEMQ_HOME}/lib/*`, AUTHORIZATION_SOURCE]);
}

function javaArgs(cfg) {
  return [
    `-Xmx${cfg.heapMb}M`,
    '-Xms32M',
    // A small, quiet JVM on a shared two-core machine: one GC thread, the client compiler only,
    // thread pools sized for one processor, pooled (not per-connection) task runners.
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '-XX:ActiveProcessorCount=1',
    '-Dorg.apache.activemq.UseDedicatedTaskRunner=false',
    '-Djava.awt.headless=true',
    `-Dactivemq.home=${ACTIVEMQ_HOME}`,
    `-Dactivemq.base=${cfg.dir}`,
    `-Dactivemq.conf=${cfg.confDir}`,
    `-Dactivemq.data=${cfg.dataDir}`,
    `-Dlog4j.configuration=file:${join(cfg.confDir, 'log4j.properties')}`,
    // Our lib/ (the compiled authorization map: ActiveMQ only picks up jars there), and Jettison and
    // XStream for the jms-map-json / jms-advisory-json transformations the inspection uses.
    `-Dactivemq.classpath=${cfg.libDir}:/usr/share/java/jettison.jar:/usr/share/java/xstream.jar`,
    '-jar',
    join(ACTIVEMQ_HOME, 'bin', 'activemq.jar'),
    'start',
    `xbean:file:${cfg.confFile}`,
  ];
}

/** PID in `file` if that process is alive and its command line contains `marker` (guards against PID reuse). */
function ourPid(file, marker) {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return pid > 0 && processAlive(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker) ? pid : null;
  } catch {
    return null;
  }
}
const javaPid = (cfg) => ourPid(cfg.javaPidFile, `xbean:file:${cfg.confFile}`);
const wsPid = (cfg) => ourPid(cfg.wsPidFile, `${LOOPBACK}:${cfg.wsPort}`);

/** Stops a process and its descendants (websockify forks one child per connection). */
async function terminateTree(pid, what, log) {
  const children = await pidtree(pid).catch(() => []);
  await terminate(pid, what, log, { graceMs: 10_000 });
  for (const child of children) if (processAlive(child)) await terminate(child, `${what} child ${child}`, log, { graceMs: 2000 });
}

/** The interesting part of a log: its ERROR lines and last "Caused by", else the last lines. */
function tail(file, lines = 15) {
  if (!existsSync(file)) return '(none)';
  const all = readFileSync(file, 'utf8').trimEnd().split('\n');
  const causes = all.filter((line) => /\bERROR\b|^Caused by:/.test(line));
  return (causes.length ? causes.slice(-lines) : all.slice(-lines)).join('\n');
}

/** Handles started (and not yet stopped) by this process; on exit their processes get SIGTERM. */
const owned = new Set();
function onExit() {
  for (const handle of owned) for (const pid of [handle.javaPid, handle.wsPid]) if (pid) try { process.kill(pid, 'SIGTERM'); } catch {} // prettier-ignore
}
function onTerminationSignal(signal) {
  if (process.listenerCount(signal) > 1) return;
  stopOwned().finally(() => process.exit(exitCodeForSignal(signal)));
}
function own(handle) {
  if (!owned.size) {
    process.on('exit', onExit);
    for (const s of TERMINATION_SIGNALS) process.on(s, onTerminationSignal);
  }
  owned.add(handle);
}
function disown(handle) {
  if (!owned.delete(handle) || owned.size) return;
  process.off('exit', onExit);
  for (const s of TERMINATION_SIGNALS) process.off(s, onTerminationSignal);
}

/** Spawns `cmd` detached (its own process group: a terminal's Ctrl-C reaches us, and we stop it in order). */
function spawnLogged(cmd, args, logFile) {
  const out = openSync(logFile, 'a');
  const child = execa(cmd, args, { detached: true, cleanup: false, stdin: 'ignore', stdout: out, stderr: out, reject: false });
  closeSync(out);
  child.catch(() => {}); // its end is watched through `ended`
  let ended;
  child.then((result) => (ended = result));
  return { child, ended: () => ended };
}

/**
 * Starts ActiveMQ and websockify, or reuses a pair already running from this directory (then the
 * handle has `reused: true` and stopActiveMQ() leaves it alone). Resolves with the config plus pids.
 */
export async function startActiveMQ(opts = {}) {
  const cfg = activemqConfig(opts);
  const { log } = cfg;
  const t0 = performance.now();
  await ensureSystemPackages({ need: ['activemq', 'websockify', 'javac'] });

  if (javaPid(cfg) && wsPid(cfg) && (await portAccepts(cfg.stompPort)) && (await portAccepts(cfg.wsPort))) {
    log(`reusing ActiveMQ ${javaPid(cfg)} and websockify ${wsPid(cfg)} already running (stop them with: node scripts/activemq.mjs stop)`);
    return { ...cfg, reused: true, javaPid: javaPid(cfg), wsPid: wsPid(cfg) };
  }
  await stopActiveMQ({ ...cfg }); // half a pair, or what a crashed run left
  for (const key of ['stompPort', 'wsPort']) {
    if (await portAccepts(cfg[key])) {
      const envVar = ACTIVEMQ_ENV[key][0];
      throw new Error(`Port ${cfg[key]} (${key}) is already in use by another program; free it or choose another port with ${envVar}=<port>`);
    }
  }

  rmSync(cfg.dataDir, { recursive: true, force: true });
  rmSync(cfg.logDir, { recursive: true, force: true });
  for (const d of [cfg.confDir, cfg.dataDir, cfg.logDir]) mkdirSync(d, { recursive: true });
  if (!existsSync(cfg.inspectorFile)) writeFileSync(cfg.inspectorFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  writeFileSync(cfg.confFile, activemqXml(cfg, inspectorCredentials(cfg).passcode));
  writeFileSync(join(cfg.confDir, 'log4j.properties'), log4jProperties(cfg));
  await ensureAuthorizationMap(cfg);

  const handle = { ...cfg, reused: false };
  own(handle);
  const javaLog = join(cfg.logDir, 'java-stdout.log');
  const wsLog = join(cfg.logDir, 'websockify.log');
  try {
    const java = spawnLogged('java', javaArgs(cfg), javaLog);
    handle.javaPid = java.child.pid;
    writeFileSync(cfg.javaPidFile, String(java.child.pid));
    const alive = (proc, what) => {
      const ended = proc.ended();
      if (ended) throw new Error(`${what} exited (${ended.signal ?? `code ${ended.exitCode}`}) during start-up`);
    };
    await waitUntil(() => (alive(java, 'ActiveMQ'), portAccepts(cfg.stompPort)), cfg.startTimeoutMs, `ActiveMQ's STOMP port ${cfg.stompPort}`);
    const ws = spawnLogged('websockify', [`${LOOPBACK}:${cfg.wsPort}`, `${LOOPBACK}:${cfg.stompPort}`], wsLog);
    handle.wsPid = ws.child.pid;
    writeFileSync(cfg.wsPidFile, String(ws.child.pid));
    await waitUntil(() => (alive(ws, 'websockify'), portAccepts(cfg.wsPort)), 15_000, `websockify on port ${cfg.wsPort}`);
    handle.exited = Promise.race([java.child, ws.child]); // either one ending ends the pair
  } catch (err) {
    log(`start-up failed; from the logs:\n--- ${javaLog} ---\n${tail(javaLog)}\n--- activemq.log ---\n${tail(join(cfg.logDir, 'activemq.log'))}\n--- ${wsLog} ---\n${tail(wsLog)}`);
    await stopActiveMQ(handle).catch((stopErr) => log(`clean-up failed too: ${stopErr.message}`));
    throw new Error(`ActiveMQ did not start: ${err.message} (logs in ${cfg.logDir})`);
  }
  log(`ActiveMQ up in ${((performance.now() - t0) / 1000).toFixed(1)} s (STOMP ${cfg.stompPort}, ${cfg.wsUrl})`);
  return handle;
}

/**
 * Stops websockify (and its per-connection children), then ActiveMQ: by handle from
 * startActiveMQ(), or by config what a crashed run left. Never stops a reused pair. Idempotent.
 */
export function stopActiveMQ(handle = activemqConfig()) {
  if (handle.reused) {
    handle.log?.('leaving ActiveMQ running (it was not started by this process)');
    return Promise.resolve();
  }
  handle.stopped ??= (async () => {
    const cfg = activemqConfig(handle);
    const ws = handle.wsPid ?? wsPid(cfg);
    if (ws && processAlive(ws)) await terminateTree(ws, `websockify ${ws}`, cfg.log);
    const java = handle.javaPid ?? javaPid(cfg);
    if (java && processAlive(java)) await terminateTree(java, `ActiveMQ JVM ${java}`, cfg.log); // SIGTERM: ActiveMQ's shutdown hook
    rmSync(cfg.wsPidFile, { force: true });
    rmSync(cfg.javaPidFile, { force: true });
  })().finally(() => disown(handle));
  return handle.stopped;
}

/** Stops every pair this process started; for exit paths. */
export async function stopOwned() {
  await Promise.all([...owned].map((handle) => stopActiveMQ(handle).catch((err) => handle.log(`stop failed: ${err.message}`))));
}

/** Drops every WebSocket client (clients reconnect) by ending websockify's per-connection children; returns how many. */
export async function closeWebSocketClients(cfg = activemqConfig()) {
  const ws = wsPid(cfg);
  if (!ws) throw new Error('websockify is not running');
  const children = await pidtree(ws);
  for (const child of children) try { process.kill(child, 'SIGTERM'); } catch {} // prettier-ignore
  await waitUntil(() => children.every((pid) => !processAlive(pid)), 5000, 'websockify connections to close');
  return children.length;
}

// ---------------------------------------------------------------- CLI

export function readyMessage(cfg) {
  return (
    `ActiveMQ STOMP over WebSocket ready at ${cfg.wsUrl} (user ${cfg.user}/${cfg.pass}; STOMP over TCP on ${LOOPBACK}:${cfg.stompPort})\n` +
    `  a page needs: WebSocket subprotocol "binary" (websockify refuses v12.stomp) and binary frames (text frames close it, 1003)`
  );
}

export async function cliStart() {
  const handle = await startActiveMQ();
  console.log(readyMessage(handle));
  const died = handle.exited?.then(() => null) ?? new Promise(() => {});
  const signal = await Promise.race([nextTerminationSignal(), died]);
  handle.log(signal ? `${signal} received, stopping` : 'ActiveMQ or websockify exited unexpectedly, stopping');
  await stopActiveMQ(handle);
  return signal ? 0 : 1;
}

export async function cliRun(command) {
  if (!command.length) throw new Error('usage: node scripts/activemq.mjs run -- <command> [args...]');
  const handle = await startActiveMQ();
  console.error(readyMessage(handle));
  const child = execa(command[0], command.slice(1), { stdio: 'inherit', env: activemqEnv(handle), reject: false });
  const forward = (signal) => child.exitCode === null && child.kill(signal);
  for (const s of TERMINATION_SIGNALS) process.on(s, forward);
  const result = await child;
  if (result.failed && result.exitCode === undefined && !result.signal) handle.log(`cannot run ${command[0]}: ${result.shortMessage}`);
  await stopActiveMQ(handle);
  return result.exitCode ?? (result.signal ? exitCodeForSignal(result.signal) : 127);
}

export async function cliStop() {
  const cfg = activemqConfig();
  if (!javaPid(cfg) && !wsPid(cfg)) cfg.log('ActiveMQ is not running');
  await stopActiveMQ(cfg);
  return 0;
}

export const cliCommands = {
  start: cliStart,
  run: (rest) => cliRun(rest[0] === '--' ? rest.slice(1) : rest),
  stop: cliStop,
};

await runCli(import.meta.url, {
  name: 'activemq',
  usage: 'node scripts/activemq.mjs start | stop | run -- <command...>',
  commands: cliCommands,
  cleanup: stopOwned,
});
