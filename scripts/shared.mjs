// What the scripts share: their command line, spawning and stopping processes, waiting for a TCP
// port, epmd (the Erlang port mapper the RabbitMQ nodes register with), and Chromium's launch flags.
//
// Node built-ins only, not execa / wait-port / tree-kill: ensure-system.mjs and broker.mjs (`npm run
// broker`) use it before `npm ci` has installed anything.
import { execFile, spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import net from 'node:net';
import { constants as osConstants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

export const LOOPBACK = '127.0.0.1';

// ---------------------------------------------------------------- the command line

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

// ---------------------------------------------------------------- processes

/** Shell convention: a process killed by signal N "exits" with 128 + N. */
export function exitCodeForSignal(signal) {
  return 128 + (osConstants.signals[signal] ?? 0);
}

/** Resolves once `child` has ended: `{ code, signal }`, or `{ error }` when it could not run. */
export function exited(child) {
  return new Promise((resolveExit) => {
    child.once('error', (error) => resolveExit({ error }));
    child.once('exit', (code, signal) => resolveExit({ code, signal }));
  });
}

/**
 * Runs a command with inherited stdio (output streamed to the console).
 * Resolves with the exit code (128 + n when killed by a signal); rejects only if it cannot start.
 */
export async function runStreamed(cmd, args, { env = process.env, cwd } = {}) {
  const { code, signal, error } = await exited(spawn(cmd, args, { stdio: 'inherit', env, cwd }));
  if (error) throw error;
  return code ?? exitCodeForSignal(signal);
}

export function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/**
 * Sends `signals` in turn until the process is gone, waiting `graceMs` after each; logs each one
 * it outlived. Negative pid = process group (what a `detached` child and its children are).
 */
export async function terminate(pid, what, log, { signals = ['SIGTERM', 'SIGKILL'], graceMs = 15_000 } = {}) {
  for (const signal of signals) {
    try {
      process.kill(pid, signal);
    } catch {
      return; // already gone
    }
    const deadline = Date.now() + graceMs;
    while (processAlive(pid) && Date.now() < deadline) await sleep(100);
    if (!processAlive(pid)) return;
    log(`${what} did not exit after ${signal}`);
  }
}

// ---------------------------------------------------------------- ports

/** Resolves true if something accepts TCP connections on host:port. */
export function portAccepts(port, host = LOOPBACK, timeoutMs = 1000) {
  return new Promise((resolvePromise) => {
    const socket = net.connect({ port, host });
    const done = (result) => {
      socket.destroy();
      resolvePromise(result);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Polls `predicate` every 200 ms until it holds; throws after `timeoutMs`, naming `what`. */
export async function waitUntil(predicate, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

/** Waits until something accepts connections on the loopback port. */
export const waitForPort = (port, timeoutMs, what = `port ${port}`) => waitUntil(() => portAccepts(port), timeoutMs, what);

// ---------------------------------------------------------------- epmd

/** Runs epmd on `epmdPort` (loopback only); resolves with `{ ok, stdout }`, never rejects. */
export function epmd(args, epmdPort) {
  const bin = ['/usr/lib/erlang/bin/epmd', '/usr/bin/epmd'].find((path) => existsSync(path)) ?? 'epmd';
  const env = { ...process.env, ERL_EPMD_PORT: String(epmdPort), ERL_EPMD_ADDRESS: LOOPBACK };
  return new Promise((done) => execFile(bin, args, { env, timeout: 10_000 }, (err, stdout) => done({ ok: !err, stdout })));
}

/** Node names registered with the epmd on `epmdPort`; null if it is not running. */
export async function epmdNames(epmdPort) {
  const { ok, stdout } = await epmd(['-names'], epmdPort);
  return ok ? [...stdout.matchAll(/^name (\S+) at port/gm)].map((m) => m[1]) : null;
}

/** True for the short-lived nodes rabbitmqctl registers while it runs. */
export const isCliNode = (name) => name.startsWith('rabbitmqcli');

// ---------------------------------------------------------------- Chromium

/** Debian's Chromium unless CHROMIUM_PATH names another. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags of every headless Chromium the scripts and tests launch, then `extra`. */
export const chromiumArgs = (...extra) => [
  '--no-sandbox', // we run as root
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  ...extra,
];
