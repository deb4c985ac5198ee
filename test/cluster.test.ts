// RabbitMQ only (not in the compatibility suite, test/compat/): a RabbitMQ cluster, quorum queues (x-queue-type).
import { executeServerCommand } from '@web/test-runner-commands';
import { expect, fixture, html } from '@open-wc/testing';
import '../src/define.js';
import type { StompConnection } from '../src/stomp-connection.js';
import { collect, settled, unique, waitFor } from './helpers.js';

interface Cluster {
  urls: string[];
  nodes: string[];
  vhost: string;
  user: string;
  pass: string;
  timings: { nodesUp: number; total: number };
}

/** Calls a long server command (it answers `{ done: false }` while still busy) until it is done. */
async function untilDone<T>(command: string, payload?: unknown): Promise<T> {
  for (;;) {
    const reply = await executeServerCommand<{ done: boolean } & T, unknown>(command, payload);
    if (reply?.done) return reply;
  }
}

const sessions = async () => (await executeServerCommand<Record<string, number>, unknown>('cluster-sessions'))!;

// A private three-node RabbitMQ cluster (scripts/cluster.mjs), started for this file only.
describe('failover across a RabbitMQ cluster', () => {
  let cluster: Cluster;

  before(async function () {
    this.timeout(180000);
    cluster = await untilDone<Cluster>('cluster-start');
    console.log(`cluster up in ${(cluster.timings.total / 1000).toFixed(1)} s`);
  });

  after(async function () {
    this.timeout(120000);
    await untilDone('cluster-stop');
  });

  it('carries on through another node when its node stops, losing no receipted publish', async function () {
    this.timeout(120000);
    const queue = unique('cluster');
    // RabbitMQ needs durable (and not auto-delete) for a quorum queue declared by SUBSCRIBE.
    const queueHeaders = JSON.stringify({ 'x-queue-type': 'quorum', durable: 'true', 'auto-delete': 'false', 'prefetch-count': '50' });
    // Publishing to /amq/queue/ does not declare: the subscription made the quorum queue.
    const conn = await fixture<StompConnection>(html`
      <stomp-connection
        broker-url=${cluster.urls.join(' ')}
        vhost=${cluster.vhost}
        login=${cluster.user}
        .passcode=${cluster.pass}
        reconnect-delay="300"
        outbox-limit="500"
      >
        <stomp-subscribe destination="/queue/${queue}" ack="client-individual" headers=${queueHeaders}></stomp-subscribe>
        <stomp-publish destination="/amq/queue/${queue}" receipt headers='{"persistent":"true"}'></stomp-publish>
      </stomp-connection>
    `);
    await settled(conn);
    const sub = conn.querySelector('stomp-subscribe')!;
    const pub = conn.querySelector('stomp-publish')!;
    await waitFor(() => conn.state === 'connected' && sub.subscribed, 'connected and subscribed', 20000);

    // The node the page is on, as the broker sees it, and as the client sees it.
    const before = await sessions();
    const node = cluster.nodes.findIndex((name) => before[name] === 1);
    expect(node, JSON.stringify(before)).to.be.at.least(0);
    expect(conn.client.webSocket?.url).to.equal(cluster.urls[node]);

    const bodies: string[] = [];
    sub.addEventListener('stomp-message', (e) => {
      bodies.push(e.detail.body);
      e.detail.ack();
    });
    const states = collect(conn, 'stomp-state-change');
    const closes = collect(conn, 'stomp-websocket-close');
    const publishErrors = collect(pub, 'stomp-publish-error');
    // When the socket drops: publishes waiting for their receipt (or in the outbox).
    let pendingAtClose = -1;
    conn.addEventListener('stomp-websocket-close', () => (pendingAtClose = pub.pending), { once: true });

    // 300 receipted, persistent publishes, 2 every 20 ms (about 3.5 s); the page's node is told to
    // stop after the first 20. A graceful stop closes its sockets 1 to 3 s later, so publishing
    // goes on before, during and after the failover.
    const count = 300;
    const sent: Promise<unknown>[] = [];
    let stopped: Promise<{ stopMs: number }> | undefined;
    for (let i = 0; i < count; i++) {
      if (i === 20) stopped = untilDone('cluster-stop-node', { index: node });
      sent.push(pub.publish(`m-${i}`));
      if (i % 2 === 1) await new Promise((r) => setTimeout(r, 20));
    }
    const { stopMs } = await stopped!;
    const outcomes = await Promise.allSettled(sent);
    const expected = Array.from({ length: count }, (_, i) => `m-${i}`);
    await waitFor(() => expected.every((b) => bodies.includes(b)), 'every message', 30000).catch(() => {});

    const seen = new Set(bodies);
    const lost = expected.filter((b) => !seen.has(b));
    await executeServerCommand('record-result', {
      scenario: "Cluster: the client's node stops (quorum queue, 3 nodes)",
      kit: 'reconnected to the next node in broker-url, re-subscribed, resent the publishes whose receipt had not come',
      published: count,
      received: bodies.length,
      lost: lost.length,
      duplicates: bodies.length - seen.size,
    });
    const after = await sessions();
    console.log(
      `node ${node + 1} stopped in ${stopMs} ms, close ${closes.map((c) => c.code)}, ${pendingAtClose} publishes in flight at the close; ` +
        `received ${bodies.length}, lost ${lost.length}, duplicates ${bodies.length - seen.size}`,
    );

    expect(lost, 'lost messages').to.deep.equal([]);
    expect(publishErrors.map((e) => e.message), 'publish errors').to.deep.equal([]);
    expect(outcomes.filter((o) => o.status === 'rejected')).to.have.length(0);
    // reconnecting → connected, on another node, with the subscription restored.
    const path = states.map((s) => s.state);
    expect(path[0], path.join()).to.equal('reconnecting');
    expect(path.at(-1), path.join()).to.equal('connected');
    expect(path, path.join()).to.not.include('disconnected');
    expect(conn.state).to.equal('connected');
    expect(sub.subscribed).to.equal(true);
    expect(after[cluster.nodes[node]], JSON.stringify(after)).to.equal(0);
    expect(Object.values(after).reduce((a, b) => a + b, 0), JSON.stringify(after)).to.equal(1);
    expect(conn.client.webSocket?.url).to.not.equal(cluster.urls[node]);
  });
});
