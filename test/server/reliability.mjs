// Server commands for the reliability tests (test/tls.test.ts, test/cluster.test.ts): nginx
// terminating TLS in front of the private broker, the three-node cluster, and `record-result`,
// which stores a scenario's figures for the README's results table (scripts/results-table.mjs).
//
// A server command must answer within 20 s (web-test-runner's limit) and a cluster takes longer to
// start, so the long commands answer `{ done: false }` after WAIT_MS and are called again until
// `{ done: true, … }`. Whatever the commands started is stopped by their stop commands (the tests'
// after hooks) and, whatever happened to the tests, when the test server stops.
import { setTimeout as sleep } from 'node:timers/promises';
import { brokerConfig } from '../../scripts/broker.mjs';
import { sessionsPerNode, startCluster, stopCluster, stopClusterNode, stopLeftoverCluster } from '../../scripts/cluster.mjs';
import { recordResult } from '../../scripts/results-table.mjs';
import { accessLogLines, startNginx, stopNginx, tlsConfig } from '../../scripts/tls.mjs';

const WAIT_MS = 15_000;

/** Resolves with `{ done: true, ...value }` if `promise` settles within WAIT_MS, else `{ done: false }`. */
async function waitAWhile(promise) {
  const timer = sleep(WAIT_MS, { done: false }, { ref: false });
  return Promise.race([promise.then((value) => ({ done: true, ...value })), timer]);
}

/**
 * Stops a cluster or nginx that an interrupted run left behind (web-test-runner killed before its
 * server stopped: a Ctrl-C makes puppeteer exit the process at once), not those of a run still
 * going on (another `npm test` on the same ports). For scripts/test.mjs.
 */
export async function stopLeftovers() {
  await Promise.all([stopLeftoverCluster(), stopNginx(tlsConfig())]);
}

export function reliabilityCommands() {
  const broker = brokerConfig();
  let nginx; // promise of the nginx handle
  let cluster; // promise of the cluster handle
  let clusterStopped; // promise of the cluster's stop
  const nodeStops = new Map(); // node index → promise of its stop

  const stopTls = async () => {
    const started = nginx;
    nginx = undefined;
    const handle = await started?.catch(() => undefined);
    if (handle) await stopNginx(handle);
  };
  const stopAll = async () => {
    const started = cluster;
    cluster = undefined;
    nodeStops.clear();
    const handle = await started?.catch(() => undefined);
    return handle ? { stopMs: await stopCluster(handle) } : {};
  };

  const commands = {
    /** Starts nginx in front of the private broker (once); resolves with its URL. */
    'tls-start': async () => {
      nginx ??= startNginx({ upstreamPort: broker.wsPort });
      const handle = await nginx.catch((err) => {
        nginx = undefined;
        throw err;
      });
      return { url: handle.url, startMs: handle.startMs };
    },
    /** nginx's access log, one string per line. */
    'tls-access-log': async () => (nginx ? accessLogLines(await nginx) : []),
    'tls-stop': () => stopTls().then(() => true),

    /** Starts the cluster (once); call until `done`: then `urls`, `nodes`, `vhost`, `user`, `pass`, `timings`. */
    'cluster-start': () => {
      if (!cluster) {
        cluster = startCluster();
        clusterStopped = undefined;
        cluster.catch(() => (cluster = undefined)); // a later call may try again
      }
      return waitAWhile(
        cluster.then((c) => ({ urls: c.wsUrls, nodes: c.nodes.map((n) => n.node), vhost: broker.vhost, user: broker.user, pass: broker.pass, timings: c.timings })),
      );
    },
    /** Web-STOMP sessions on each node: { [node]: count }. */
    'cluster-sessions': async () => sessionsPerNode(await cluster),
    /** Stops node `index` (0-based) gracefully; call until `done`: then `stopMs`. */
    'cluster-stop-node': async ({ index }) => {
      if (!cluster) throw new Error('cluster-stop-node: no cluster started');
      const handle = await cluster;
      if (!nodeStops.has(index)) nodeStops.set(index, stopClusterNode(handle, index).then((stopMs) => ({ stopMs })));
      return waitAWhile(nodeStops.get(index));
    },
    /** Stops the whole cluster and its epmd; call until `done`. */
    'cluster-stop': () => {
      clusterStopped ??= stopAll();
      return waitAWhile(clusterStopped);
    },

    /** Stores `{ scenario, kit, published, received, lost, duplicates }` in test-results/reliability.json. */
    'record-result': (payload) => recordResult(payload),
  };

  return {
    name: 'reliability-commands',
    executeCommand({ command, payload }) {
      return command in commands ? commands[command](payload ?? {}) : undefined;
    },
    // Runs when web-test-runner stops, also after failed or interrupted tests.
    async serverStop() {
      await Promise.all([stopTls(), clusterStopped ?? stopAll()]);
    },
  };
}
