// Private RabbitMQ node with the Web-STOMP plugin for development and tests.
//
// Runs Debian's rabbitmq-server as the current user with everything (data, logs,
// config, pid file, Erlang cookie) under one directory, on non-default ports,
// listening on 127.0.0.1 only, so it never collides with a system RabbitMQ.
//
// CLI:
//   node scripts/broker.mjs start              start, stay in the foreground until Ctrl-C / SIGTERM
//   node scripts/broker.mjs stop               stop a node left running (e.g. by a crashed run)
//   node scripts/broker.mjs run -- <cmd...>    start, run <cmd> with STOMP_* env set, stop, exit with <cmd>'s code
//   node scripts/broker.mjs ctl <args...>      rabbitmqctl against the node
//   start|stop|run … --activemq                the same for the second broker, ActiveMQ Classic (scripts/activemq.mjs)
//
// Every option has an environment variable (see ENV_OPTIONS); only Node built-ins are used
// (`npm run broker` works before `npm ci`).
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureNodeModules, ensureSystemPackages } from './ensure-system.mjs';
import {
  LOOPBACK,
  TERMINATION_SIGNALS,
  epmd,
  epmdNames,
  exitCodeForSignal,
  exited,
  isCliNode,
  nextTerminationSignal,
  portAccepts,
  runCli,
  terminate,
  waitForPort,
} from './shared.mjs';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RABBITMQ_BIN = '/usr/lib/rabbitmq/bin';

/** Everything is allowed except configure/write/read on names starting with "forbidden". */
export const PERMISSION_PATTERN = '^(?!forbidden).*';

/** Options settable by environment variable: option → [variable, default]. */
export const ENV_OPTIONS = {
  dir: ['STOMP_BROKER_DIR', join(REPO_ROOT, '.broker')],
  node: ['STOMP_BROKER_NODE', 'stomp-elements@localhost'],
  wsPort: ['STOMP_WS_PORT', 15674],
  amqpPort: ['STOMP_AMQP_PORT', 5682],
  stompPort: ['STOMP_TCP_PORT', 61623], // plain STOMP over TCP; 0 disables the listener
  distPort: ['STOMP_DIST_PORT', 25682], // Erlang distribution (clustering, rabbitmqctl)
  epmdPort: ['STOMP_EPMD_PORT', 4379], // nodes of one cluster must share it
  vhost: ['STOMP_VHOST', 'demo'],
  user: ['STOMP_USER', 'web'],
  pass: ['STOMP_PASS', 'web'],
};

/** Options only settable programmatically, with their defaults. */
const OTHER_OPTIONS = {
  home: undefined, // HOME of the Erlang VM, holds .erlang.cookie; defaults to `dir`. Share it between cluster nodes.
  fresh: true, // wipe data and logs before starting (isolated tests); false keeps them (a restart on the same data)
  startTimeoutMs: 60_000,
  maxFrameSize: 1024 * 1024, // largest WebSocket frame accepted from clients, after compression (bigger: close 1009)
  maxMessageSize: 1024 * 1024, // largest message body (bigger: the socket closes, 1000 "STOMP died", no ERROR frame)
  wsIdleTimeoutMs: 60_000, // Web-STOMP closes connections silent this long: clients need heart-beats below it
  extraConfig: [], // additional rabbitmq.conf lines, e.g. for clustering
  log: (message) => console.error(`[broker] ${message}`),
};

const PORT_OPTIONS = ['wsPort', 'amqpPort', 'stompPort', 'distPort', 'epmdPort'];

/** Resolves options (overrides > environment > defaults) and derives URLs and paths. */
export function brokerConfig(overrides = {}) {
  const cfg = {};
  for (const [key, [envVar, fallback]] of Object.entries(ENV_OPTIONS)) {
    cfg[key] = overrides[key] ?? (process.env[envVar] || fallback);
  }
  for (const [key, fallback] of Object.entries(OTHER_OPTIONS)) cfg[key] = overrides[key] ?? fallback;
  for (const key of PORT_OPTIONS) {
    const port = Number(cfg[key]);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new Error(`Invalid port ${JSON.stringify(cfg[key])} for ${key} (${ENV_OPTIONS[key][0]})`);
    }
    cfg[key] = port;
  }
  cfg.dir = resolve(cfg.dir);
  cfg.home = resolve(cfg.home ?? cfg.dir);
  return {
    ...cfg,
    wsUrl: `ws://${LOOPBACK}:${cfg.wsPort}/ws`,
    confFile: join(cfg.dir, 'rabbitmq.conf'),
    pluginsFile: join(cfg.dir, 'enabled_plugins'),
    pidFile: join(cfg.dir, 'rabbitmq.pid'),
    mnesiaDir: join(cfg.dir, 'mnesia'),
    logDir: join(cfg.dir, 'log'),
    serverLog: join(cfg.dir, 'log', 'server-stdout.log'), // stdout/stderr of rabbitmq-server
    nodeLog: join(cfg.dir, 'log', `${cfg.node}.log`), // RabbitMQ's own log
    crashDump: join(cfg.dir, 'erl_crash.dump'), // instead of the current directory
  };
}

/** The STOMP_* environment describing a broker, for child processes (tests, dev server). */
export function brokerEnv(cfg) {
  const env = Object.fromEntries(Object.entries(ENV_OPTIONS).map(([key, [envVar]]) => [envVar, String(cfg[key])]));
  return { ...env, STOMP_WS_URL: cfg.wsUrl };
}

/** Environment for rabbitmq-server and rabbitmqctl: both must agree on HOME (cookie) and epmd port. */
function erlangEnv(cfg) {
  const loopbackOnly = `-kernel inet_dist_use_interface {${LOOPBACK.replaceAll('.', ',')}}`;
  return {
    ...process.env,
    HOME: cfg.home,
    ERL_EPMD_PORT: String(cfg.epmdPort),
    ERL_EPMD_ADDRESS: LOOPBACK,
    // A file that does not exist: ignore /etc/rabbitmq/rabbitmq-env.conf.
    RABBITMQ_CONF_ENV_FILE: join(cfg.dir, 'rabbitmq-env.conf'),
    RABBITMQ_NODENAME: cfg.node,
    RABBITMQ_CONFIG_FILE: cfg.confFile,
    RABBITMQ_ENABLED_PLUGINS_FILE: cfg.pluginsFile,
    RABBITMQ_PID_FILE: cfg.pidFile,
    RABBITMQ_MNESIA_BASE: cfg.mnesiaDir,
    RABBITMQ_LOG_BASE: cfg.logDir,
    RABBITMQ_DIST_PORT: String(cfg.distPort),
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: loopbackOnly,
    RABBITMQ_CTL_ERL_ARGS: loopbackOnly,
    ERL_CRASH_DUMP: cfg.crashDump,
  };
}

function rabbitmqConf(cfg) {
  return [
    '# Written by scripts/broker.mjs on every start: edit the script, not this file.',
    `listeners.tcp.1 = ${LOOPBACK}:${cfg.amqpPort}`,
    cfg.stompPort ? `stomp.listeners.tcp.1 = ${LOOPBACK}:${cfg.stompPort}` : 'stomp.listeners.tcp = none',
    `stomp.default_vhost = ${cfg.vhost}`, // used when a CONNECT frame has no host header
    `web_stomp.tcp.ip = ${LOOPBACK}`,
    `web_stomp.tcp.port = ${cfg.wsPort}`,
    'web_stomp.ws_path = /ws',
    // Accept binary WebSocket frames (binary message bodies); RabbitMQ drops the socket otherwise.
    'web_stomp.ws_frame = binary',
    `web_stomp.ws_opts.max_frame_size = ${cfg.maxFrameSize}`,
    `max_message_size = ${cfg.maxMessageSize}`,
    `web_stomp.ws_opts.idle_timeout = ${cfg.wsIdleTimeoutMs}`,
    'log.console = false',
    'log.file.level = info',
    ...cfg.extraConfig,
    '',
  ].join('\n');
}

/**
 * Runs rabbitmqctl against the node; resolves with stdout, rejects with stderr in the message.
 * `opts` are broker options plus `timeoutMs` (kills rabbitmqctl, which can hang, e.g. `stop` on a dead node)
 * and an AbortSignal `signal`.
 */
export function ctl(args, opts = {}) {
  const cfg = brokerConfig(opts);
  const { timeoutMs = 120_000, signal } = opts;
  return new Promise((resolvePromise, reject) => {
    execFile(
      join(RABBITMQ_BIN, 'rabbitmqctl'),
      ['-n', cfg.node, ...args],
      { env: erlangEnv(cfg), timeout: timeoutMs, signal, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (!err) return resolvePromise(stdout);
        const why = err.name === 'AbortError' ? 'aborted' : err.killed ? `timed out after ${timeoutMs} ms` : `exit code ${err.code}`;
        const detail = (stderr.trim() || stdout.trim()).replace(/^Error:\s*/, '');
        reject(Object.assign(new Error(`rabbitmqctl ${args.join(' ')} failed (${why}): ${detail}`), { stdout, stderr }));
      },
    );
  });
}

/** Number of consumers on a queue of the vhost ("foo", "/queue/foo" or "/amq/queue/foo"); 0 if it does not exist. */
export async function consumerCount(queue, opts = {}) {
  const cfg = brokerConfig(opts);
  const name = queue.replace(/^\/(amq\/)?queue\//, '');
  const rows = JSON.parse(await ctl(['list_queues', '-p', cfg.vhost, 'name', 'consumers', '--formatter', 'json'], opts));
  return rows.find((row) => row.name === name)?.consumers ?? 0;
}

/** Closes every client connection of the vhost (Web-STOMP clients see close code 1000 "STOMP died"). Returns the count. */
export async function closeAllConnections(reason = 'closed by test', opts = {}) {
  const cfg = brokerConfig(opts);
  const out = await ctl(['close_all_connections', '-p', cfg.vhost, reason], opts);
  return Number(/Closed (\d+) connection/.exec(out)?.[1] ?? 0);
}

const shortName = (cfg) => cfg.node.split('@')[0];

/**
 * True if our node is up and answers rabbitmqctl. Asks epmd first: `rabbitmqctl ping`
 * against a node that is down would start (and leave behind) an epmd daemon.
 */
async function nodeResponds(cfg) {
  const names = await epmdNames(cfg.epmdPort);
  if (!names?.includes(shortName(cfg))) return false;
  return ctl(['ping'], { ...cfg, timeoutMs: 15_000 }).then(() => true, () => false);
}

/** PID from the pid file if that process is alive and is the Erlang VM of this node (guards against PID reuse). */
function nodePid(cfg) {
  try {
    const pid = Number(readFileSync(cfg.pidFile, 'utf8').trim());
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`RABBITMQ_PID_FILE=${cfg.pidFile}`) ? pid : null;
  } catch {
    return null;
  }
}

/** The interesting part of the logs: from the first error on (the cause), else the last lines. */
function logTail(cfg, maxLines = 50) {
  const tail = (file) => {
    if (!existsSync(file)) return '(none)';
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const firstError = lines.findIndex((line) => line.includes('[error]'));
    return (firstError >= 0 ? lines.slice(firstError, firstError + maxLines) : lines.slice(-maxLines)).join('\n');
  };
  return [cfg.serverLog, cfg.nodeLog].map((file) => `--- ${file} ---\n${tail(file)}`).join('\n');
}

/** Vhost, limited user (no tags) and its permissions; idempotent. */
async function provision(cfg) {
  const addUser = ctl(['add_user', cfg.user, cfg.pass], cfg).catch((err) => {
    if (!/already exists/.test(err.message)) throw err;
    return ctl(['change_password', cfg.user, cfg.pass], cfg); // keep the password in sync with STOMP_PASS
  });
  await Promise.all([ctl(['add_vhost', cfg.vhost], cfg), addUser]); // add_vhost succeeds if the vhost exists
  const p = PERMISSION_PATTERN;
  await ctl(['set_permissions', '-p', cfg.vhost, cfg.user, p, p, p], cfg);
}

/** Handles of nodes started (and not yet stopped) by this process. */
const ownedNodes = new Set();

// Safety nets while this process owns nodes (they run detached and would outlive it):
// a termination signal nobody else listens to stops them and exits as the signal would
// (applications with their own handler must call stopBroker() or stopOwnedBrokers());
// exiting without stopBroker() sends them SIGTERM (graceful shutdown; epmd may remain).
function onTerminationSignal(signal) {
  if (process.listenerCount(signal) > 1) return;
  stopOwnedBrokers().finally(() => process.exit(exitCodeForSignal(signal)));
}
function onExit() {
  for (const { child } of ownedNodes) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {} // already gone
    }
  }
}
function own(handle) {
  if (!ownedNodes.size) {
    for (const s of TERMINATION_SIGNALS) process.on(s, onTerminationSignal);
    process.on('exit', onExit);
  }
  ownedNodes.add(handle);
}
function disown(handle) {
  if (!ownedNodes.delete(handle) || ownedNodes.size) return;
  for (const s of TERMINATION_SIGNALS) process.off(s, onTerminationSignal);
  process.off('exit', onExit);
}

/**
 * Starts the node, or reuses it if it is already running (then the handle has `reused: true`
 * and stopBroker() leaves it alone). Resolves with a handle: the resolved config plus `child`.
 */
export async function startBroker(opts = {}) {
  const cfg = brokerConfig(opts);
  const { log } = cfg;
  const t0 = performance.now();
  await ensureSystemPackages({ need: ['rabbitmq'] });

  const wsBusy = await portAccepts(cfg.wsPort);
  const running = await nodeResponds(cfg);
  if (wsBusy && running) {
    log(`reusing RabbitMQ node ${cfg.node} already running (not started by this process; stop it with: node scripts/broker.mjs stop)`);
    return { ...cfg, reused: true };
  }
  if (running) {
    log(`node ${cfg.node} is running but Web-STOMP is not listening (application stopped?): stopping it`);
    await stopBroker({ ...cfg });
  }
  const stalePid = nodePid(cfg); // VM of a crashed run that no longer answers rabbitmqctl
  if (stalePid) {
    log(`killing stale RabbitMQ VM ${stalePid} (${cfg.pidFile})`);
    await terminate(stalePid, `stale RabbitMQ VM ${stalePid}`, log);
  }
  for (const key of ['wsPort', 'amqpPort', 'stompPort', 'distPort']) {
    if (cfg[key] && (await portAccepts(cfg[key]))) throw portTakenError(cfg, key);
  }

  if (cfg.fresh) {
    rmSync(cfg.mnesiaDir, { recursive: true, force: true });
    rmSync(cfg.logDir, { recursive: true, force: true });
    rmSync(cfg.crashDump, { force: true });
  }
  mkdirSync(cfg.logDir, { recursive: true });
  rmSync(cfg.pidFile, { force: true });
  writeFileSync(cfg.confFile, rabbitmqConf(cfg));
  writeFileSync(cfg.pluginsFile, '[rabbitmq_web_stomp].\n'); // pulls in rabbitmq_stomp

  const out = openSync(cfg.serverLog, 'a');
  // detached: own process group, so a Ctrl-C in the terminal does not reach the node (its wrapper
  // script would stop it on SIGINT, racing with us): stopBroker() or the safety nets above stop it.
  const child = spawn(join(RABBITMQ_BIN, 'rabbitmq-server'), [], { env: erlangEnv(cfg), stdio: ['ignore', out, out], detached: true });
  closeSync(out);
  const handle = { ...cfg, reused: false, child };
  handle.exited = exited(child);
  own(handle);

  const stopWaiting = new AbortController(); // `rabbitmqctl wait` keeps waiting if the server dies early
  try {
    const waited = ctl(['wait', cfg.pidFile, '--timeout', String(Math.ceil(cfg.startTimeoutMs / 1000))], {
      ...cfg,
      timeoutMs: cfg.startTimeoutMs + 5000,
      signal: stopWaiting.signal,
    });
    waited.catch(() => {}); // may lose the race below
    await Promise.race([
      waited,
      handle.exited.then(({ code, signal, error }) => {
        throw new Error(`rabbitmq-server ${error ? `could not run: ${error.message}` : `exited (${signal ?? `code ${code}`})`} during start-up`);
      }),
    ]);
    await provision(cfg);
    await waitForPort(cfg.wsPort, 10_000, `Web-STOMP on port ${cfg.wsPort}`);
  } catch (err) {
    stopWaiting.abort();
    if (handle.stopped) throw new Error(`start-up of ${cfg.node} interrupted`); // stopBroker() was called meanwhile
    log(`start-up failed; from the logs:\n${logTail(cfg)}`);
    await stopBroker(handle).catch((stopErr) => log(`clean-up failed too: ${stopErr.message}`));
    throw new Error(`RabbitMQ node ${cfg.node} did not start: ${err.message} (logs in ${cfg.logDir})`);
  }
  log(`broker up in ${((performance.now() - t0) / 1000).toFixed(1)} s (node ${cfg.node}, ${cfg.wsUrl})`);
  return handle;
}

function portTakenError(cfg, key) {
  const [envVar] = ENV_OPTIONS[key];
  return new Error(`Port ${cfg[key]} (${key}) is already in use by another program; free it or choose another port with ${envVar}=<port>`);
}

/**
 * Stops a node: by handle from startBroker(), or by options (e.g. a node left over by a crashed run).
 * Never stops a reused node. Also stops epmd on our port unless other nodes (cluster peers) use it.
 * A handle is stopped once: concurrent and later calls share the first call's promise.
 */
export function stopBroker(handle = {}) {
  if (handle.reused) {
    handle.log?.(`leaving node ${handle.node} running (it was not started by this process)`);
    return Promise.resolve();
  }
  handle.stopped ??= stopNode(handle).finally(() => disown(handle)); // the exit safety net stays until the node is down
  return handle.stopped;
}

async function stopNode(handle) {
  const cfg = brokerConfig(handle);
  const { log } = cfg;
  let vmStopped = false;
  if (await nodeResponds(cfg)) {
    // Waits until the VM has exited. Only called on a responding node: against a dead one it hangs.
    await ctl(['stop', cfg.pidFile], { ...cfg, timeoutMs: 60_000 }).catch((err) => log(err.message));
    vmStopped = true;
  }
  const pid = nodePid(cfg); // did not answer or did not stop
  if (pid) {
    await terminate(pid, `RabbitMQ VM ${pid}`, log);
    vmStopped = true;
  }
  const { child } = handle;
  if (child && child.exitCode === null && child.signalCode === null) {
    // The rabbitmq-server wrapper exits right after the VM; signal its whole group if it lingers
    // (or at once if the VM was not even up yet, e.g. interrupted start-up).
    const gone = vmStopped && (await Promise.race([handle.exited.then(() => true), sleep(5000, false, { ref: false })]));
    if (!gone) await terminate(-child.pid, 'rabbitmq-server process group', log);
  }
  // Ignore rabbitmqctl's transient nodes and our own name (epmd may not have noticed its exit yet).
  const others = (await epmdNames(cfg.epmdPort))?.filter((name) => !isCliNode(name) && name !== shortName(cfg));
  if (others?.length === 0) await epmd(['-kill'], cfg.epmdPort);
  rmSync(cfg.pidFile, { force: true });
}

/** Stops every node this process started; for exit paths. */
export async function stopOwnedBrokers() {
  await Promise.all([...ownedNodes].map((handle) => stopBroker(handle).catch((err) => handle.log(`stop failed: ${err.message}`))));
}

// ---------------------------------------------------------------- CLI

function readyMessage(cfg) {
  return `RabbitMQ Web-STOMP ready at ${cfg.wsUrl} (vhost ${cfg.vhost}, user ${cfg.user}/${cfg.pass})`;
}

async function cliStart() {
  const handle = await startBroker();
  console.log(readyMessage(handle));
  const died = handle.exited?.then(() => null) ?? new Promise(() => {}); // a reused node is not watched
  const signal = await Promise.race([nextTerminationSignal(), died]);
  if (!signal) {
    handle.log(`rabbitmq-server exited unexpectedly; from the logs:\n${logTail(handle)}`);
    await stopBroker(handle);
    return 1;
  }
  handle.log(`${signal} received, stopping`);
  await stopBroker(handle);
  return 0;
}

async function cliRun(command) {
  if (!command.length) throw new Error('usage: node scripts/broker.mjs run -- <command> [args...]');
  const handle = await startBroker();
  console.error(readyMessage(handle));
  const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env: { ...process.env, ...brokerEnv(handle) } });
  // Pass termination signals on (a terminal's Ctrl-C reaches the command anyway);
  // the broker is stopped once the command has exited.
  const forward = (signal) => child.exitCode === null && child.kill(signal);
  for (const s of TERMINATION_SIGNALS) process.on(s, forward);
  const { code, signal, error } = await exited(child);
  if (error) handle.log(`cannot run ${command[0]}: ${error.message}`);
  await stopBroker(handle);
  return error ? 127 : (code ?? exitCodeForSignal(signal));
}

async function cliStop() {
  const cfg = brokerConfig();
  if (!(await nodeResponds(cfg)) && !nodePid(cfg)) cfg.log(`node ${cfg.node} is not running`);
  await stopBroker(cfg); // also cleans up epmd and the pid file
  return 0;
}

/** With `--activemq` (before any `--`), `command` runs scripts/activemq.mjs's instead; it needs node_modules (execa, pidtree). */
function orActiveMQ(command, rabbitmq) {
  return async (rest) => {
    const end = rest.includes('--') ? rest.indexOf('--') : rest.length;
    const flag = rest.indexOf('--activemq');
    if (flag < 0 || flag > end) return rabbitmq(rest);
    await ensureNodeModules(REPO_ROOT);
    const { cliCommands } = await import('./activemq.mjs');
    return cliCommands[command](rest.filter((_, i) => i !== flag));
  };
}

await runCli(import.meta.url, {
  name: 'broker',
  usage: 'node scripts/broker.mjs start | stop | run -- <command...> | ctl <rabbitmqctl args...>  (start, stop, run: --activemq for ActiveMQ)',
  commands: {
    start: orActiveMQ('start', () => cliStart()),
    run: orActiveMQ('run', (rest) => cliRun(rest[0] === '--' ? rest.slice(1) : rest)),
    stop: orActiveMQ('stop', () => cliStop()),
    ctl: async (rest) => void process.stdout.write(await ctl(rest)),
  },
  cleanup: stopOwnedBrokers,
});
