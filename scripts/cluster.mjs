// A private three-node RabbitMQ cluster on loopback, for failover tests.
//
// Built on scripts/broker.mjs: each node is a private node (own directory, own Web-STOMP, AMQP
// and distribution ports, STOMP over TCP off), all share one HOME (so one Erlang cookie) and one
// epmd port. The nodes start side by side, then nodes 2 and 3 join node 1
// (`stop_app`, `join_cluster`, `start_app`), which brings them node 1's vhost and user.
//
// CLI:
//   node scripts/cluster.mjs start   start, print the Web-STOMP URLs, stay until Ctrl-C / SIGTERM
//   node scripts/cluster.mjs stop    stop the nodes (and their epmd), whoever started them
//
// Ports and places come from environment variables (CLUSTER_ENV); node i (0-based) uses base + i.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { brokerConfig, ctl, startBroker, stopBroker } from './broker.mjs';
import { epmd, epmdNames, isCliNode, nextTerminationSignal, runCli, waitForPort } from './shared.mjs';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Options settable by environment variable: option → [variable, default]. */
export const CLUSTER_ENV = {
  dir: ['STOMP_CLUSTER_DIR', join(REPO_ROOT, '.cluster')],
  name: ['STOMP_CLUSTER_NAME', 'stomp-cluster'], // nodes are <name>-1@localhost, <name>-2@localhost, …
  wsPort: ['STOMP_CLUSTER_WS_PORT', 15771],
  amqpPort: ['STOMP_CLUSTER_AMQP_PORT', 5771],
  distPort: ['STOMP_CLUSTER_DIST_PORT', 25771],
  epmdPort: ['STOMP_CLUSTER_EPMD_PORT', 4771],
};

export const CLUSTER_SIZE = 3;

/** Resolves the cluster's options (overrides > environment > defaults) and each node's broker options. */
export function clusterConfig(overrides = {}) {
  const cfg = { log: (message) => console.error(`[cluster] ${message}`) };
  for (const [key, [envVar, fallback]] of Object.entries(CLUSTER_ENV)) cfg[key] = overrides[key] ?? (process.env[envVar] || fallback);
  cfg.log = overrides.log ?? cfg.log;
  cfg.dir = resolve(cfg.dir);
  const home = join(cfg.dir, 'home'); // one .erlang.cookie for every node and rabbitmqctl
  const nodes = Array.from({ length: CLUSTER_SIZE }, (_, i) =>
    brokerConfig({
      dir: join(cfg.dir, `node${i + 1}`),
      node: `${cfg.name}-${i + 1}@localhost`,
      wsPort: Number(cfg.wsPort) + i,
      amqpPort: Number(cfg.amqpPort) + i,
      distPort: Number(cfg.distPort) + i,
      epmdPort: Number(cfg.epmdPort),
      stompPort: 0,
      home,
      log: (message) => cfg.log(`node ${i + 1}: ${message}`),
    }),
  );
  return { ...cfg, home, nodes, wsUrls: nodes.map((n) => n.wsUrl) };
}

/**
 * Starts the three nodes side by side and joins nodes 2 and 3 to node 1. Resolves with a cluster
 * handle: the config, `handles` (one startBroker() handle per node) and `timings` (ms).
 * Refuses nodes it did not start (another run on the same ports). Stops what it started on failure.
 */
export async function startCluster(overrides = {}) {
  const cfg = clusterConfig(overrides);
  const t0 = performance.now();
  // Nodes or epmd left by an interrupted run (startBroker would reuse such nodes); a live run's are not ours.
  const owner = await stopLeftoverCluster(cfg);
  if (owner) throw new Error(`a cluster on these ports belongs to the running process ${owner}; set STOMP_CLUSTER_* to other ports`);
  mkdirSync(cfg.dir, { recursive: true });
  writeFileSync(ownerFile(cfg), String(process.pid));
  writeCookie(cfg.home);
  const started = await Promise.allSettled(cfg.nodes.map((node) => startBroker({ ...node, fresh: true })));
  const handles = started.filter((r) => r.status === 'fulfilled').map((r) => r.value);
  const cluster = { ...cfg, handles, timings: {} };
  try {
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    const reused = handles.find((h) => h.reused);
    if (reused) throw new Error(`node ${reused.node} was already running (another run on these ports?); set STOMP_CLUSTER_* to other ports`);
    cluster.timings.nodesUp = Math.round(performance.now() - t0);

    const seed = handles[0].node;
    // One at a time: two nodes changing the cluster's membership at once may fail to join.
    for (const node of handles.slice(1)) {
      await ctl(['stop_app'], node);
      await ctl(['join_cluster', seed], node);
      await ctl(['start_app'], node);
    }
    await Promise.all(handles.map((node) => waitForPort(node.wsPort, 30_000)));
    const running = await runningNodes(handles[0]);
    if (running.length !== CLUSTER_SIZE) throw new Error(`expected ${CLUSTER_SIZE} running nodes, the cluster reports: ${running.join(', ')}`);
    cluster.timings.total = Math.round(performance.now() - t0);
    const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
    const { nodesUp, total } = cluster.timings;
    cfg.log(`cluster of ${running.join(', ')} up in ${secs(total)} (nodes ${secs(nodesUp)}, joins ${secs(total - nodesUp)})`);
    return cluster;
  } catch (err) {
    cfg.log(`start-up failed (${err.message}): stopping the nodes`);
    await stopCluster(cluster).catch((stopErr) => cfg.log(`clean-up failed too: ${stopErr.message}`));
    throw err;
  }
}

/**
 * The shared Erlang cookie, written before the nodes start: each would otherwise create its own
 * random one, and nodes with different cookies cannot join.
 */
function writeCookie(home) {
  const file = join(home, '.erlang.cookie');
  if (existsSync(file)) return;
  mkdirSync(home, { recursive: true });
  writeFileSync(file, randomBytes(15).toString('hex').toUpperCase(), { mode: 0o400 });
}

/** Node names the cluster reports as running, asked through `via` (a node's options). */
export async function runningNodes(via) {
  const status = JSON.parse(await ctl(['cluster_status', '--formatter', 'json'], { ...via, timeoutMs: 30_000 }));
  return status.running_nodes ?? [];
}

/** Stops one node (graceful `rabbitmqctl stop`), by index (0-based). Resolves with the time it took in ms. */
export async function stopClusterNode(cluster, index) {
  const handle = cluster.handles[index];
  if (!handle) throw new Error(`no node ${index + 1} in this cluster`);
  const t0 = performance.now();
  await stopBroker(handle);
  return Math.round(performance.now() - t0);
}

const ownerFile = (cfg) => join(cfg.dir, 'owner.pid');

/** The PID of the live Node process that started the cluster in cfg.dir, if any. */
function liveOwner(cfg) {
  try {
    const pid = Number(readFileSync(ownerFile(cfg), 'utf8'));
    return pid !== process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node') ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Stops the nodes and epmd of a cluster whose starting process has died (an interrupted run), and
 * leaves one that a live process started alone (a concurrent run on the same ports): then
 * resolves with that process's PID.
 */
export async function stopLeftoverCluster(overrides = {}) {
  const cfg = overrides.nodes ? overrides : clusterConfig(overrides);
  const owner = liveOwner(cfg);
  if (!owner) await stopCluster(cfg);
  return owner;
}

/**
 * Stops every node of the cluster (by handle, or by config for a crashed run's leftovers) and the
 * shared epmd. A node stopped before (stopClusterNode) is not stopped twice.
 */
export async function stopCluster(cluster = clusterConfig()) {
  const t0 = performance.now();
  const targets = cluster.handles ?? cluster.nodes;
  // stopBroker() leaves epmd alone while other nodes are registered: it is killed below.
  await Promise.all(targets.map((node) => stopBroker(cluster.handles ? node : { ...node }).catch((err) => cluster.log(`stopping ${node.node}: ${err.message}`))));
  await killEpmd(cluster.nodes[0]);
  rmSync(ownerFile(cluster), { force: true });
  return Math.round(performance.now() - t0);
}

/** Stops the epmd on the cluster's port once no RabbitMQ node is registered there any more. */
async function killEpmd(node, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const names = (await epmdNames(node.epmdPort))?.filter((n) => !isCliNode(n));
    if (!names) return; // not running
    if (!names.length || Date.now() > deadline) {
      if (names.length) return node.log(`leaving epmd on port ${node.epmdPort} running: ${names.join(', ')} still registered`);
      await epmd(['-kill'], node.epmdPort);
      return;
    }
    await sleep(200);
  }
}

/**
 * Web-STOMP sessions per node: every channel of the vhost with the node its process runs on
 * (a Web-STOMP session has one channel; RabbitMQ 3.10 does not list them as connections).
 * Asked through the first node that answers. Resolves with { [node name]: count }.
 */
export async function sessionsPerNode(cluster) {
  for (const via of cluster.handles ?? cluster.nodes) {
    try {
      const out = await ctl(['list_channels', 'pid', 'vhost', '--quiet', '--no-table-headers'], { ...via, timeoutMs: 15_000 });
      const counts = Object.fromEntries(cluster.nodes.map((n) => [n.node, 0]));
      for (const line of out.split('\n')) {
        const [pid, vhost] = line.trim().split(/\s+/);
        const node = /^<([^.]+@[^.]+)\./.exec(pid ?? '')?.[1];
        if (node && vhost === via.vhost) counts[node] = (counts[node] ?? 0) + 1;
      }
      return counts;
    } catch {
      // this node is down: ask the next
    }
  }
  throw new Error('no node of the cluster answers');
}

// ---------------------------------------------------------------- CLI

await runCli(import.meta.url, {
  name: 'cluster',
  usage: 'node scripts/cluster.mjs start | stop',
  commands: {
    async start() {
      const cluster = await startCluster();
      console.log(`RabbitMQ cluster ready: ${cluster.wsUrls.join(' ')} (vhost ${cluster.nodes[0].vhost})`);
      await nextTerminationSignal();
      await stopCluster(cluster);
    },
    async stop() {
      await stopCluster();
    },
  },
});
