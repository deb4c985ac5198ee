// Bad input gets a clear event or a console warning naming the problem: never an uncaught
// exception, never a silently lost message.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../src/define.js';
import type { StompConnection } from '../src/stomp-connection.js';
import type { StompPublish } from '../src/stomp-publish.js';
import type { StompSubscribe } from '../src/stomp-subscribe.js';
import { broker, collect, connected, consumers, onQueue, pubSub, settled, sleep, unique, waitFor } from './helpers.js';

/** Uncaught errors and unhandled rejections while a test runs. */
const uncaught: string[] = [];
window.addEventListener('error', (e) => uncaught.push(String(e.message)));
window.addEventListener('unhandledrejection', (e) => uncaught.push(String(e.reason)));
afterEach(() => {
  expect(uncaught, 'uncaught errors').to.deep.equal([]);
  uncaught.length = 0;
});

function captureWarnings() {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(String(args[0]));
  return { warnings, restore: () => (console.warn = warn) };
}

describe('bad input', () => {
  it('warns when broker-url is missing, and connects once it is set', async () => {
    const { warnings, restore } = captureWarnings();
    try {
      const conn = await fixture<StompConnection>(html`<stomp-connection vhost=${broker.vhost} login=${broker.user} .passcode=${broker.pass}></stomp-connection>`);
      expect(warnings.some((w) => w.includes('<stomp-connection broker-url>: missing'))).to.equal(true);
      conn.brokerUrl = broker.wsUrl;
      await waitFor(() => conn.state === 'connected', 'connected once set');
    } finally {
      restore();
    }
  });

  it('rejects garbage in broker-url with an event and a warning naming the attribute', async () => {
    const { warnings, restore } = captureWarnings();
    const errors = collect(document, 'stomp-error');
    try {
      await fixture(html`<stomp-connection broker-url="not a url at all ::"></stomp-connection>`);
      expect(errors.map((e) => e.message).join('\n')).to.contain('<stomp-connection broker-url>: "not"');
      expect(warnings.some((w) => w.includes('is not a WebSocket URL'))).to.equal(true);
    } finally {
      restore();
    }
  });

  it('warns about numeric attributes that are not numbers, keeps their defaults, and does not hammer the broker', async () => {
    const { warnings, restore } = captureWarnings();
    try {
      // "5s" would be NaN: a reconnect delay of NaN retries at once, over and over.
      const conn = await fixture<StompConnection>(html`
        <stomp-connection broker-url="ws://127.0.0.1:9/ws" reconnect-delay="5s" max-reconnect-delay="-1" heartbeat-incoming="4 s">
          <stomp-subscribe destination="/queue/x" max-items="ten"></stomp-subscribe>
        </stomp-connection>
      `);
      const sub = conn.querySelector('stomp-subscribe')!;
      const closes = collect(conn, 'stomp-websocket-close');
      expect([conn.reconnectDelay, conn.maxReconnectDelay, conn.heartbeatIncoming, sub.maxItems]).to.deep.equal([5000, 60000, 4000, 0]);
      for (const text of ['reconnect-delay="5s"', 'max-reconnect-delay="-1"', 'heartbeat-incoming="4 s"', 'max-items="ten"']) {
        expect(warnings.some((w) => w.includes(`${text} is not a number`)), text).to.equal(true);
      }
      await sleep(1500);
      expect(closes.length, 'one attempt, then a 5 s wait').to.be.at.most(1);
      // Fixing the attribute applies the value; removing it brings the default back.
      conn.setAttribute('reconnect-delay', '250');
      expect(conn.reconnectDelay).to.equal(250);
      conn.removeAttribute('reconnect-delay');
      expect(conn.reconnectDelay).to.equal(5000);
    } finally {
      restore();
    }
  });

  it('reports an unreachable host as socket errors and closes, and keeps retrying', async () => {
    const conn = document.createElement('stomp-connection');
    Object.assign(conn, { brokerUrl: 'ws://127.0.0.1:9/ws', reconnectDelay: 100 });
    const closes = collect(conn, 'stomp-websocket-close');
    const errors = collect(conn, 'stomp-websocket-error');
    document.body.append(conn);
    try {
      await waitFor(() => closes.length >= 2, 'two failed attempts');
      expect(closes[0].code).to.equal(1006);
      expect(errors[0].message).to.contain('ws://127.0.0.1:9/ws');
      expect(conn.state).to.equal('reconnecting');
    } finally {
      conn.remove();
    }
  });

  it('reports an invalid destination prefix on the element that used it', async () => {
    const conn = await connected();
    const sub = document.createElement('stomp-subscribe');
    sub.destination = '/nonsense/x';
    const error = oneEvent(sub, 'stomp-error');
    conn.append(sub);
    const { detail } = await error;
    expect(detail.destination).to.equal('/nonsense/x');
    expect(detail.message).to.match(/nonsense|destination/i);
    await waitFor(() => conn.state === 'connected', 'the connection to carry on');
  });

  it('reports invalid headers JSON on <stomp-publish> and sends nothing', async () => {
    const queue = unique('badpub');
    const { warnings, restore } = captureWarnings();
    try {
      const conn = await connected(html`<stomp-publish destination="/queue/${queue}" headers="{persistent: true}"></stomp-publish>`);
      const pub = conn.querySelector('stomp-publish')!;
      const error = oneEvent(pub, 'stomp-publish-error');
      const result = pub.publish('x').catch((e: Error) => e);
      expect((await error).detail.message).to.contain('<stomp-publish headers>');
      expect(await result).to.be.instanceOf(Error);
      expect(warnings.some((w) => w.includes('<stomp-publish headers>'))).to.equal(true);
    } finally {
      restore();
    }
  });

  it('carries a 1 MB message', async () => {
    const { sub, pub } = await onQueue('big', (q) => pubSub(q, { receipt: true }));
    const received = oneEvent(sub, 'stomp-message');
    await pub.publish('x'.repeat(1_000_000));
    expect((await received).detail.body.length).to.equal(1_000_000);
    expect(pub.pending).to.equal(0);
  });

  it('refuses a message above max-message-size at once, without sending it', async () => {
    const { conn, sub, pub } = await onQueue('max-size', (q) => pubSub(q, { receipt: true }));
    conn.setAttribute('max-message-size', String(1024 * 1024));
    await conn.updateComplete;
    const closes = collect(conn, 'stomp-websocket-close');
    const messages = collect(sub, 'stomp-message');
    for (const body of ['x'.repeat(2_000_000), new Uint8Array(1024 * 1024 + 1)]) {
      const error = oneEvent(pub, 'stomp-publish-error');
      const result = pub.publish(body).catch((e: Error) => e);
      const { detail } = await error;
      expect(detail.message).to.match(/is (2000000|1048577) bytes, above max-message-size \(1048576\): not sent/);
      expect(detail.destination).to.equal(pub.destination);
      expect(await result).to.be.instanceOf(Error);
    }
    // Multi-byte text counts in UTF-8 bytes, as it goes over the wire: 400,000 × 3 bytes.
    const error = oneEvent(pub, 'stomp-publish-error');
    pub.publish('€'.repeat(400_000)).catch(() => {});
    expect((await error).detail.message).to.contain('1200000 bytes');
    await pub.publish('small');
    await waitFor(() => messages.length === 1, 'the small message');
    expect(messages[0].body).to.equal('small');
    expect(closes.length, 'no frame went out that the broker would hang up on').to.equal(0);
    expect(conn.state).to.equal('connected');
    expect(pub.pending).to.equal(0);
  });

  it('reports a message above the broker\'s max_message_size (no max-message-size set) and carries on', async function () {
    this.timeout(30000);
    // The test broker allows 1 MiB bodies; RabbitMQ hangs up (1000 "STOMP died", no ERROR frame)
    // on a bigger one. The kit sends it alone once more after reconnecting; a second hang-up on it
    // refuses it. Text of 'x' compresses, so the WebSocket frame limit is not what stops it.
    const { conn, sub, pub } = await onQueue('too-big', (q) => pubSub(q, { receipt: true }));
    const messages = collect(sub, 'stomp-message');
    const closes = collect(conn, 'stomp-websocket-close');
    const error = oneEvent(pub, 'stomp-publish-error');
    const result = pub.publish('x'.repeat(1_500_000)).catch((e: Error) => e);
    const { detail } = await error;
    expect(detail.message).to.contain('max_message_size');
    expect(await result).to.be.instanceOf(Error);
    expect(closes.map((c) => c.code)).to.deep.equal([1000, 1000]);
    await waitFor(() => conn.state === 'connected' && sub.subscribed, 'the connection to come back');
    await pub.publish('after');
    await waitFor(() => messages.length === 1, 'the message after the refused one');
    expect(messages[0].body).to.equal('after');
    expect(pub.pending).to.equal(0);
  });

  it('publishes and receives a binary body', async () => {
    const { sub, pub } = await onQueue('bin');
    const bytes = new Uint8Array([0, 1, 2, 127, 128, 254, 255]);
    const received = oneEvent(sub, 'stomp-message');
    await pub.publish(bytes);
    const { detail } = await received;
    expect([...detail.binaryBody]).to.deep.equal([...bytes]);
    expect(detail.headers['content-type']).to.equal('application/octet-stream');
    expect(detail.json).to.equal(undefined);
  });

  it('leaves no consumer and no growing heap after 10,200 rapid add/remove cycles', async function () {
    this.timeout(120000);
    const queue = unique('churn');
    const conn = await connected();
    const gc = (window as { gc?: () => void }).gc;
    const heap = () => (gc?.(), (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize);
    const cycle = async () => {
      const sub = document.createElement('stomp-subscribe') as StompSubscribe;
      sub.destination = `/queue/${queue}`;
      conn.append(sub);
      await sub.updateComplete;
      sub.remove();
    };
    for (let i = 0; i < 1000; i++) await cycle(); // warm up
    // Three batches: a leak grows the heap batch after batch; noise does not.
    const heaps = [heap()];
    for (let batch = 0; batch < 3; batch++) {
      for (let i = 0; i < 3_400; i++) await cycle();
      await waitFor(async () => (await consumers(queue)) === 0, 'no consumer left');
      heaps.push(heap());
    }
    const growth = heaps.slice(1).map((h, i) => h - heaps[i]);
    console.info(`heap growth per 3,400 add/remove cycles: ${growth.map((g) => `${Math.round(g / 1024)} KB`).join(', ')}`);
    expect(Math.min(...growth), 'heap growth in every batch').to.be.below(512 * 1024);
    expect(conn.state).to.equal('connected');
  });

  it('ends on the last destination when it is toggled rapidly', async () => {
    const a = unique('toggle-a');
    const b = unique('toggle-b');
    const conn = await connected(html`
      <stomp-subscribe destination="/queue/${a}"></stomp-subscribe>
      <stomp-publish destination="/queue/${b}"></stomp-publish>
    `);
    await settled(conn);
    const sub = conn.querySelector('stomp-subscribe')!;
    for (let i = 0; i < 200; i++) {
      sub.destination = `/queue/${i % 2 ? a : b}`;
      if (i % 3 === 0) await sub.updateComplete;
    }
    sub.destination = `/queue/${b}`;
    await waitFor(() => sub.subscribed, 'the last subscription');
    await waitFor(async () => (await consumers(b)) === 1 && (await consumers(a)) === 0, 'one consumer, on the last destination');
    const received = oneEvent(sub, 'stomp-message');
    await conn.querySelector('stomp-publish')!.publish('landed');
    expect((await received).detail.destination).to.equal(`/queue/${b}`);
  });

  it('rejects, with a clear error, what was still queued when the connection element is removed', async () => {
    const queue = unique('removed');
    const conn = await connected(html`<stomp-publish destination="/queue/${queue}"></stomp-publish>`);
    await settled(conn);
    const pub = conn.querySelector<StompPublish>('stomp-publish')!;
    const errors = collect(pub, 'stomp-publish-error');
    await conn.disconnect();
    const queued = [pub.publish('a'), pub.publish('b')].map((p) => p.catch((e: Error) => e));
    conn.remove();
    const results = await Promise.all(queued);
    results.forEach((r) => expect(r).to.be.instanceOf(Error));
    expect(errors.map((e) => e.message)).to.deep.equal([
      `The <stomp-connection> was removed before this message to /queue/${queue} could be sent.`,
      `The <stomp-connection> was removed before this message to /queue/${queue} could be sent.`,
    ]);
    await sleep(50);
  });
});
