// The broker fails, the network stalls, the login is wrong: the kit recovers, slows down, or says
// why — and loses no message. Against the real RabbitMQ node (see test/server/faults.mjs).
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../src/define.js';
import type { StompConnection } from '../src/stomp-connection.js';
import type { StompPublish } from '../src/stomp-publish.js';
import type { StompSubscribe } from '../src/stomp-subscribe.js';
import { broker, closeConnections, collect, consumers, recordResult, settled, sleep, tally, unique, waitFor } from './helpers.js';

const command = async <T = unknown>(name: string): Promise<T> => {
  // broker-restart-node answers false while the restart is still under way.
  for (;;) {
    const answer = (await executeServerCommand<T, unknown>(name)) as T;
    if (name !== 'broker-restart-node' || answer) return answer;
  }
};

function connection(url = broker.wsUrl, attrs: Partial<StompConnection> = {}) {
  const conn = document.createElement('stomp-connection');
  Object.assign(conn, { brokerUrl: url, vhost: broker.vhost, login: broker.user, passcode: broker.pass, reconnectDelay: 300, maxReconnectDelay: 2000 }, attrs);
  return conn;
}

describe('backoff', () => {
  it('slows its retries down after a bad login, and says why each time', async () => {
    const conn = connection(broker.wsUrl, { passcode: 'wrong', reconnectDelay: 200, maxReconnectDelay: 10000 });
    const errors = collect(conn, 'stomp-error');
    const waits: number[] = [];
    conn.addEventListener('stomp-state-change', (e) => e.detail.retryIn !== undefined && waits.push(e.detail.retryIn));
    document.body.append(conn);
    try {
      await waitFor(() => waits.length >= 4, 'four scheduled retries');
      // Doubling with ±20 % jitter: 200, 400, 800, 1600 (each within 20 %).
      waits.slice(0, 4).forEach((w, i) => expect(w).to.be.within(0.8 * 200 * 2 ** i, 1.2 * 200 * 2 ** i));
      expect(errors.every((e) => e.message === 'Bad CONNECT')).to.equal(true);
      expect(errors.length).to.be.at.least(3);
    } finally {
      conn.remove();
    }
  });

  it('waits reconnect-delay every time with backoff="linear"', async () => {
    const conn = connection(broker.wsUrl, { passcode: 'wrong', reconnectDelay: 200, backoff: 'linear' });
    const waits: number[] = [];
    conn.addEventListener('stomp-state-change', (e) => e.detail.retryIn !== undefined && waits.push(e.detail.retryIn));
    document.body.append(conn);
    try {
      await waitFor(() => waits.length >= 3, 'three scheduled retries');
      waits.forEach((w) => expect(w).to.be.within(160, 240));
    } finally {
      conn.remove();
    }
  });

  it('gives up after max-reconnect-attempts with a clear event', async () => {
    const conn = connection(broker.wsUrl, { passcode: 'wrong', reconnectDelay: 100, maxReconnectAttempts: 2 });
    const errors = collect(conn, 'stomp-error');
    document.body.append(conn);
    try {
      await waitFor(() => errors.some((e) => e.message.startsWith('Gave up')), 'the give-up event');
      expect(errors.at(-1)!.message).to.contain('after 2 failed attempts');
      expect(conn.state).to.equal('disconnected');
      const count = errors.length;
      await sleep(800);
      expect(errors.length).to.equal(count); // no more attempts
      // connect() starts afresh, and a corrected passcode gets through.
      conn.passcode = broker.pass;
      await waitFor(() => conn.state === 'connected', 'connected after the fix');
    } finally {
      conn.remove();
    }
  });
});

describe('coming back', () => {
  it('reconnects at once when the browser is back online or the page visible, without waiting out the backoff', async () => {
    const conn = connection(broker.wsUrl, { reconnectDelay: 20000 });
    document.body.append(conn);
    try {
      await waitFor(() => conn.state === 'connected', 'connected');
      const waits: number[] = [];
      conn.addEventListener('stomp-state-change', (e) => e.detail.retryIn !== undefined && waits.push(e.detail.retryIn));
      await closeConnections('test: network gone');
      await waitFor(() => conn.state === 'reconnecting', 'reconnecting');
      expect(waits[0]).to.be.at.least(16000);
      window.dispatchEvent(new Event('online'));
      await waitFor(() => conn.state === 'connected', 'the immediate reconnect', 3000);
      await closeConnections('test: tab hidden');
      await waitFor(() => conn.state === 'reconnecting', 'reconnecting again');
      document.dispatchEvent(new Event('visibilitychange'));
      await waitFor(() => conn.state === 'connected', 'the reconnect on visibility', 3000);
    } finally {
      conn.remove();
    }
  });

  it('fails over to the next URL of broker-url', async () => {
    const conn = connection(`ws://127.0.0.1:9/ws ${broker.wsUrl}`);
    const closes = collect(conn, 'stomp-websocket-close');
    document.body.append(conn);
    try {
      await waitFor(() => conn.state === 'connected', 'connected through the second URL');
      expect(closes.length).to.equal(1);
      expect(conn.client.brokerURL).to.equal(broker.wsUrl);
    } finally {
      conn.remove();
    }
  });
});

/** `promise`, or an error saying what did not happen within `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, sleep(ms).then(() => Promise.reject(new Error(`timed out after ${ms} ms waiting for ${what}`)))]);
}

describe('silent network death', () => {
  it('detects a stalled link by heartbeats and reconnects once it flows again', async function () {
    this.timeout(90000);
    this.retries(1); // timing-bound on a shared 2-core machine; a real regression fails twice
    const port = await command<number>('proxy-start');
    const queue = unique('stall');
    // connection-timeout: attempts made while the link is dead hang; give up on them and retry.
    const conn = connection(`ws://127.0.0.1:${port}/ws`, { heartbeatIncoming: 1000, heartbeatOutgoing: 1000, connectionTimeout: 2000 });
    const sub = Object.assign(document.createElement('stomp-subscribe'), { destination: `/queue/${queue}` });
    const pub = Object.assign(document.createElement('stomp-publish'), { destination: `/queue/${queue}` });
    conn.append(sub, pub);
    // A timeline of what the connection did, printed when the test fails (it is timing-bound).
    const t0 = performance.now();
    const timeline: string[] = [];
    for (const type of ['stomp-state-change', 'stomp-websocket-close', 'stomp-websocket-error', 'stomp-connect', 'stomp-error'] as const) {
      conn.addEventListener(type, (e) => timeline.push(`${Math.round(performance.now() - t0)} ms ${type} ${JSON.stringify(e.detail)}`));
    }
    document.body.append(conn);
    try {
      await waitFor(() => sub.subscribed, 'subscribed through the proxy');
      const closed = oneEvent(conn, 'stomp-websocket-close');
      const stalledAt = performance.now();
      await command('proxy-stall');
      await within(closed, 10000, 'the heartbeat to notice the stalled link');
      const detectedIn = performance.now() - stalledAt;
      // Incoming heartbeats every 1 s: the kit must notice within a few intervals.
      expect(detectedIn).to.be.below(4000);
      expect(conn.state).to.equal('reconnecting');
      const whileDown = pub.publish('sent during the outage');
      // Listening before the link flows again: the outbox goes out right behind the SUBSCRIBE, so
      // the message can arrive before the subscription's receipt is seen.
      const received = oneEvent(sub, 'stomp-message');
      await sleep(500);
      await command('proxy-flow');
      await waitFor(() => conn.state === 'connected' && sub.subscribed, 'the reconnect through the proxy', 30000);
      await within(whileDown, 10000, 'the publish made during the outage to go out');
      expect((await within(received, 10000, 'the message published during the outage')).detail.body).to.equal('sent during the outage');
      console.info(`stalled link detected in ${Math.round(detectedIn)} ms (heartbeat 1000 ms)`);
    } catch (e) {
      console.info(`stalled-link timeline:\n${timeline.join('\n')}`);
      throw e;
    } finally {
      conn.remove();
      await command('proxy-stop');
    }
  });
});

describe('broker restarts mid-stream', () => {
  it('loses no receipted message over a durable queue through stop_app/start_app twice and a node restart', async function () {
    this.timeout(120000);
    const queue = unique('restarts');
    const total = 300;
    const conn = await fixture<StompConnection>(html`
      <stomp-connection broker-url=${broker.wsUrl} vhost=${broker.vhost} login=${broker.user} .passcode=${broker.pass}
        reconnect-delay="300" max-reconnect-delay="1500">
        <stomp-subscribe destination="/queue/${queue}" ack="client-individual" headers='{"durable": true, "auto-delete": false, "prefetch-count": 50}'></stomp-subscribe>
        <stomp-publish destination="/queue/${queue}" receipt headers='{"persistent": true}'></stomp-publish>
      </stomp-connection>
    `);
    await settled(conn);
    const sub = conn.querySelector<StompSubscribe>('stomp-subscribe')!;
    const pub = conn.querySelector<StompPublish>('stomp-publish')!;
    await waitFor(() => sub.subscribed, 'subscribed');
    const seen = tally(sub);
    const drops = collect(conn, 'stomp-disconnect');
    const faults = ['broker-stop-app', 'broker-restart-node', 'broker-stop-app'];
    let started = 0;
    let fault: Promise<unknown> = Promise.resolve();
    for (let i = 0; i < total; i++) {
      if (i % 100 === 50 && faults.length) {
        const name = faults.shift()!;
        started++;
        fault = command(name).then(() => (name === 'broker-stop-app' ? sleep(1000).then(() => command('broker-start-app')) : undefined));
      }
      // Keep publishing while the fault lands; be sure it did before the next one starts.
      if (i % 100 === 99) {
        await waitFor(() => drops.length >= started, 'the connection to drop');
        await fault;
      }
      await pub.publish(`m${i}`);
    }
    await fault;
    await waitFor(() => conn.state === 'connected' && sub.subscribed, 'the final reconnect', 30000);
    await waitFor(() => seen.size === total, `all ${total} messages`, 60000);
    const duplicates = [...seen.values()].reduce((n, c) => n + c - 1, 0);
    const reconnects = drops.length;
    expect(reconnects).to.equal(3);
    expect(await consumers(queue)).to.equal(1);
    await recordResult({
      scenario: 'Broker restarts mid-stream (stop_app/start_app ×2, node restart ×1), durable queue, receipts',
      kit: `reconnected ${reconnects}×, restored the subscription, resent unconfirmed publishes`,
      published: total,
      received: seen.size,
      lost: total - seen.size,
      duplicates,
    }).catch(() => {});
  });

  it('reports the close code and reason when the broker drops the connection', async () => {
    const conn = connection();
    document.body.append(conn);
    try {
      await waitFor(() => conn.state === 'connected', 'connected');
      const closed = oneEvent(conn, 'stomp-websocket-close');
      await closeConnections('maintenance');
      const { detail } = await closed;
      expect(detail.code).to.equal(1000);
      expect(detail.reason).to.equal('STOMP died');
      await waitFor(() => conn.state === 'connected', 'back');
    } finally {
      conn.remove();
    }
  });
});
