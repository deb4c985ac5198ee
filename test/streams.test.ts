// RabbitMQ only (not in the compatibility suite, test/compat/): streams, x-queue-type and offsets.
// Never miss a message, never show one twice: RabbitMQ streams read from an offset and resumed
// after reconnects and reloads, the stomp-resume gap signal, dedupe across broker restarts, and
// subscriptions the broker cancels. Against the private broker; the back-end is amqplib.
import { expect, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../src/define.js';
import type { StompMessageDetail, StompResumeDetail } from '../src/events.js';
import type { StompPublish } from '../src/stomp-publish.js';
import type { StompSubscribe } from '../src/stomp-subscribe.js';
import { broker, closeConnections, collect, connected, consumers, onQueue, recordResult, settled, sleep, tally, unique, waitFor } from './helpers.js';

const command = <T = unknown>(name: string, payload?: unknown) => executeServerCommand<T, unknown>(name, payload) as Promise<T>;

interface Published {
  confirmed: number;
  reconnects: number;
  done: boolean;
}

/** An amqplib publisher on the server: `count` messages `${prefix}${i}` to `queue`. */
async function amqpPublish(spec: { queue: string; count: number; prefix?: string; intervalMs?: number }) {
  const id = await command<string>('amqp-publish', spec);
  return {
    state: () => command<Published>('amqp-published', { id }),
    done: async (timeout = 60000) => {
      const until = Date.now() + timeout;
      for (;;) {
        const s = await command<Published>('amqp-published', { id });
        if (s.done) return s;
        if (Date.now() > until) throw new Error(`the AMQP publisher got to ${s.confirmed} of ${spec.count}`);
        await sleep(200);
      }
    },
  };
}

/** The stream messages an element dispatched, in order. */
function shown(sub: HTMLElement) {
  const list: StompMessageDetail[] = [];
  sub.addEventListener('stomp-message', (e) => list.push(e.detail));
  return list;
}

describe('streams read from an offset', () => {
  it('declares a stream with markup alone and reads 200 messages from first, offsets increasing', async () => {
    const name = unique('ticks');
    const conn = await connected(html`<stomp-subscribe destination="/queue/${name}" offset="first"></stomp-subscribe>`);
    await settled(conn);
    const sub = conn.querySelector<StompSubscribe>('stomp-subscribe')!;
    const got = shown(sub);
    await waitFor(() => sub.subscribed, 'the stream subscription');
    await (await amqpPublish({ queue: name, count: 200, prefix: 't' })).done();
    await waitFor(() => got.length === 200, '200 stream messages');
    expect(got.map((d) => d.body)).to.deep.equal(Array.from({ length: 200 }, (_, i) => `t${i}`));
    expect(got.map((d) => d.offset)).to.deep.equal(Array.from({ length: 200 }, (_, i) => i));

    // A second reader from offset 150 starts at the 151st message: the broker honours the offset.
    const late = document.createElement('stomp-subscribe');
    late.destination = `/queue/${name}`;
    late.offset = '150';
    const lateGot = shown(late);
    conn.append(late);
    await waitFor(() => lateGot.length === 50, 'the 50 messages from offset 150');
    expect(lateGot[0].offset).to.equal(150);
    expect(await consumers(name)).to.equal(2);
    sub.remove();
    late.remove();
    await waitFor(async () => (await consumers(name)) === 0, 'no consumer left');
  });

  it('shows every message exactly once and in order while the broker closes all connections twice', async function () {
    this.timeout(120000);
    const name = unique('resumed');
    await command('amqp-declare-stream', { queue: name });
    // The back-end resends what the broker had not confirmed when it was cut off: dedupe on its message_id.
    const conn = await connected(html`<stomp-subscribe destination="/amq/queue/${name}" offset="first" prefetch="20" dedupe="amqp-message-id"></stomp-subscribe>`);
    await settled(conn);
    const sub = conn.querySelector<StompSubscribe>('stomp-subscribe')!;
    const got = shown(sub);
    const resumes = collect(sub, 'stomp-resume');
    await waitFor(() => sub.subscribed, 'the stream subscription');
    const publisher = await amqpPublish({ queue: name, count: 600, prefix: 'r', intervalMs: 5 });
    for (const at of [150, 350]) {
      await waitFor(() => got.length >= at, `${at} messages before the drop`, 30000);
      await closeConnections('stream resume test');
      await waitFor(() => resumes.length >= (at === 150 ? 1 : 2), 'the subscription to be back', 30000);
    }
    const published = await publisher.done();
    await waitFor(() => got.length >= 600, 'all 600', 30000);
    await sleep(300); // nothing more may come
    expect(got.map((d) => d.body)).to.deep.equal(Array.from({ length: 600 }, (_, i) => `r${i}`));
    const offsets = got.map((d) => d.offset!);
    expect(offsets.every((o, i) => i === 0 || o > offsets[i - 1]), 'offsets increasing').to.equal(true);
    expect(resumes.map((r) => r.gap)).to.deep.equal([false, false]);
    await recordResult({
      scenario: 'A stream read by offset while close_all_connections cuts everyone off twice; an AMQP back-end publishing',
      kit: `resubscribed from the offset after the last one shown, ${resumes.length}×; back-end reconnected ${published.reconnects}×`,
      published: 600,
      received: new Set(got.map((d) => d.body)).size,
      lost: 600 - new Set(got.map((d) => d.body)).size,
      duplicates: got.length - new Set(got.map((d) => d.body)).size,
    }).catch(() => {});
  });

  it('with resume, carries on after the last message shown when the page reloads', async function () {
    this.timeout(60000);
    const name = unique('reload');
    await command('amqp-declare-stream', { queue: name });
    const publisher = await amqpPublish({ queue: name, count: 300, prefix: 'p', intervalMs: 4 });
    const seen: number[] = [];
    const loads: number[] = [];
    addEventListener('message', (e) => {
      if (e.data?.stream === name) (e.data.offset === undefined ? loads : seen).push(e.data.offset ?? loads.length);
    });
    const frame = document.createElement('iframe');
    const q = new URLSearchParams({ ...broker, destination: `/amq/queue/${name}`, stream: name });
    frame.src = `/test/fixtures/stream-page.html?${q}`;
    document.body.append(frame);
    try {
      await waitFor(() => seen.length >= 80, '80 messages before the reload', 30000);
      frame.contentWindow!.location.reload();
      await waitFor(() => loads.length >= 2, 'the reloaded page', 30000);
      await publisher.done();
      await waitFor(() => seen.length >= 300, 'all 300 across the reload', 30000);
      await sleep(300);
      expect(seen, 'each offset shown once, in order').to.deep.equal(Array.from({ length: 300 }, (_, i) => i));
    } finally {
      frame.remove();
    }
  });

  it('says with stomp-gap when the stream no longer has the offset asked for (retention)', async function () {
    this.timeout(60000);
    const name = unique('retention');
    // Tiny segments and a 2 KB limit: the broker drops old segments as soon as new ones fill.
    await command('amqp-declare-stream', { queue: name, args: { 'x-max-length-bytes': 2000, 'x-stream-max-segment-size-bytes': 500 } });
    await (await amqpPublish({ queue: name, count: 300, prefix: 'x' })).done();
    const conn = await connected();
    const sub = document.createElement('stomp-subscribe');
    sub.destination = `/amq/queue/${name}`;
    sub.offset = '0';
    const gap = oneEvent(sub, 'stomp-gap');
    const got = shown(sub);
    conn.append(sub);
    const { detail } = await gap;
    expect(detail.from).to.equal(0);
    expect(detail.to).to.be.greaterThan(0);
    await waitFor(() => got.length > 0, 'the first message the stream still has');
    expect(got[0].offset).to.equal(detail.to);
  });

  it('keeps the offset in memory, with one warning, where sessionStorage refuses it', async () => {
    const name = unique('nostorage');
    const warnings: string[] = [];
    const warn = console.warn;
    const setItem = Storage.prototype.setItem;
    console.warn = (...args: unknown[]) => warnings.push(String(args[0]));
    Storage.prototype.setItem = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    try {
      const conn = await connected(html`<stomp-subscribe destination="/queue/${name}" offset="first" resume></stomp-subscribe>`);
      await settled(conn);
      const sub = conn.querySelector<StompSubscribe>('stomp-subscribe')!;
      const got = shown(sub);
      await waitFor(() => sub.subscribed, 'the stream subscription');
      await (await amqpPublish({ queue: name, count: 20, prefix: 'n' })).done();
      await waitFor(() => got.length === 20, '20 messages');
      expect(warnings.filter((w) => w.includes('sessionStorage')).length, 'one warning').to.equal(1);
      // The position is kept in memory: after a drop the stream carries on after the last shown.
      await closeConnections('storage test');
      await waitFor(() => sub.subscribed, 'back');
      await (await amqpPublish({ queue: name, count: 5, prefix: 'm' })).done();
      await waitFor(() => got.length === 25, '25 messages');
      expect(got.map((d) => d.offset)).to.deep.equal(Array.from({ length: 25 }, (_, i) => i));
    } finally {
      console.warn = warn;
      Storage.prototype.setItem = setItem;
    }
  });

  it('warns and subscribes nothing for an offset that is none of the forms', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(String(args[0]));
    try {
      const conn = await connected();
      const sub = document.createElement('stomp-subscribe');
      sub.destination = `/queue/${unique('bad-offset')}`;
      sub.offset = 'yesterday';
      const error = oneEvent(sub, 'stomp-error');
      conn.append(sub);
      expect((await error).detail.message).to.contain('<stomp-subscribe offset>: "yesterday"');
      expect(warnings.join('\n')).to.contain('offset');
      await sleep(300);
      expect(sub.subscribed).to.equal(false);
      sub.offset = 'first';
      await waitFor(() => sub.subscribed, 'the subscription once the offset is fixed');
    } finally {
      console.warn = warn;
    }
  });

  it('reports a stream subscription the broker refuses, on that element', async function () {
    this.timeout(60000);
    // A classic queue is no stream: RabbitMQ refuses x-stream-offset on it.
    const name = unique('classic');
    const conn = await connected(html`
      <stomp-subscribe destination="/queue/${name}"></stomp-subscribe>
      <stomp-subscribe id="stream" destination="/amq/queue/${name}" offset="first"></stomp-subscribe>
    `);
    const sub = conn.querySelector<StompSubscribe>('#stream')!;
    const errors = collect(sub, 'stomp-error');
    // What the connection did, printed if the refusal does not come (which frame was suspected when).
    const t0 = performance.now();
    const timeline: string[] = [];
    for (const type of ['stomp-state-change', 'stomp-websocket-close', 'stomp-error'] as const) {
      conn.addEventListener(type, (e) => timeline.push(`${Math.round(performance.now() - t0)} ms ${type} ${JSON.stringify(e.detail)}`));
    }
    await waitFor(() => errors.length > 0, 'the refusal (after two hang-ups on that SUBSCRIBE)', 40000).catch((e) => {
      console.info(`refused-stream timeline:\n${timeline.join('\n')}`);
      throw e;
    });
    expect(errors[0].destination).to.equal(`/amq/queue/${name}`);
    expect(errors[0].message).to.contain(`Subscription to /amq/queue/${name} refused`);
    await waitFor(() => conn.state === 'connected', 'the connection back without it', 20000);
  });
});

describe('the gap signal', () => {
  it('says, for each subscription restored after close_all_connections, whether messages may have been missed', async function () {
    this.timeout(60000);
    const name = unique('gap');
    const conn = await connected(html`
      <stomp-subscribe id="topic" destination="/topic/${name}"></stomp-subscribe>
      <stomp-subscribe id="durable" destination="/topic/${name}.d" subscription-id="${name}-d" headers='{"durable": true, "auto-delete": false}'></stomp-subscribe>
      <stomp-subscribe id="queue" destination="/queue/${name}"></stomp-subscribe>
      <stomp-subscribe id="stream" destination="/queue/${name}-s" offset="next"></stomp-subscribe>
    `);
    await settled(conn);
    const subs = [...conn.querySelectorAll<StompSubscribe>('stomp-subscribe')];
    await waitFor(() => subs.every((s) => s.subscribed), 'all four subscribed');
    const resumed = new Map<string, StompResumeDetail>();
    for (const s of subs) s.addEventListener('stomp-resume', (e) => resumed.set(s.id, e.detail));
    await closeConnections('gap test');
    await waitFor(() => resumed.size === 4, 'four stomp-resume events', 30000);
    expect(Object.fromEntries([...resumed].map(([id, d]) => [id, d.gap]))).to.deep.equal({ topic: true, durable: false, queue: false, stream: false });
    expect(resumed.get('topic')!.downMs).to.be.greaterThan(0);
    expect(resumed.get('topic')!.destination).to.equal(`/topic/${name}`);
    expect(subs[0].matches(':state(gap)')).to.equal(true);
    expect(subs[2].matches(':state(gap)')).to.equal(false);
    subs[0].clear();
    expect(subs[0].matches(':state(gap)')).to.equal(false);
  });
});

describe('shown once, even when delivered twice', () => {
  it('stamps every publish with an id that stays the same when it is sent again', async () => {
    const { sub, pub } = await onQueue('stamp');
    const got = shown(sub);
    const publishing = collect(pub, 'stomp-publish');
    await pub.publish('one');
    await pub.publish('two');
    await waitFor(() => got.length === 2, 'two messages');
    const ids = got.map((d) => d.headers['x-stomp-elements-id']);
    expect(ids[0]).to.match(/^[a-z0-9]+-\d+$/);
    expect(ids[0]).to.not.equal(ids[1]);
    expect(publishing.map((d) => d.headers['x-stomp-elements-id'])).to.deep.equal(ids);
  });

  it('shows each of 3,000 receipted publishes exactly once across a broker stop_app/start_app', async function () {
    this.timeout(180000);
    const total = 3000;
    const { conn, sub, pub } = await onQueue('dedupe', (queue) => html`
      <stomp-subscribe destination="/queue/${queue}" ack="client-individual" dedupe headers='{"prefetch-count": 200}'></stomp-subscribe>
      <stomp-publish destination="/queue/${queue}" receipt headers='{"persistent": true}'></stomp-publish>
    `);
    const seen = tally(sub);
    const drops = collect(conn, 'stomp-disconnect');
    const sending: Promise<void>[] = [];
    let fault: Promise<unknown> = Promise.resolve();
    for (let i = 0; i < total; i++) {
      if (i === 1000) fault = command('broker-stop-app').then(() => sleep(1000)).then(() => command('broker-start-app'));
      // Keep publishing while the restart lands; be sure it did before the last third.
      if (i === 2000) {
        await waitFor(() => drops.length > 0, 'the connection to drop', 60000);
        await fault;
      }
      sending.push(pub.publish(`d${i}`));
      if (i % 50 === 49) await Promise.all(sending.splice(0)); // 50 in flight at a time
    }
    await Promise.all(sending);
    await fault;
    await waitFor(() => seen.size === total, `all ${total}`, 60000);
    await sleep(500);
    const twice = [...seen.values()].filter((n) => n > 1).length;
    expect(drops.length, 'the broker restart dropped the connection').to.be.greaterThan(0);
    expect(twice, 'messages shown twice').to.equal(0);
    expect(sub.messageCount).to.equal(total);
    await recordResult({
      scenario: 'Broker stop_app/start_app under 3,000 receipted persistent publishes, with dedupe',
      kit: 'resent unconfirmed publishes with the same id; <stomp-subscribe dedupe> dropped (and acked) the second copies',
      published: total,
      received: seen.size,
      lost: total - seen.size,
      duplicates: twice,
    }).catch(() => {});
  });
});

describe('subscriptions the broker cancels', () => {
  it('reports a deleted queue on its element, subscribes again on a fresh connection, and messages flow', async function () {
    this.timeout(60000);
    const name = unique('deleted');
    const other = unique('kept');
    const conn = await connected(html`
      <stomp-subscribe id="gone" destination="/queue/${name}"></stomp-subscribe>
      <stomp-subscribe id="kept" destination="/queue/${other}"></stomp-subscribe>
      <stomp-publish destination="/queue/${name}"></stomp-publish>
    `);
    await settled(conn);
    const [gone, kept] = conn.querySelectorAll<StompSubscribe>('stomp-subscribe');
    const pub = conn.querySelector<StompPublish>('stomp-publish')!;
    await waitFor(() => gone.subscribed && kept.subscribed, 'both subscribed');
    const errors = collect(gone, 'stomp-error');
    const keptResumes = collect(kept, 'stomp-resume');
    const closes = collect(conn, 'stomp-websocket-close');
    await command('broker-delete-queue', { queue: name });
    await waitFor(() => errors.length === 1, 'the cancellation on its element');
    expect(errors[0].destination).to.equal(`/queue/${name}`);
    expect(errors[0].message).to.contain('cancelled by the broker (Server cancelled subscription)');
    await gone.updateComplete;
    expect(gone.hasAttribute('subscribed')).to.equal(false);
    await waitFor(() => gone.subscribed, 'subscribed again', 20000);
    // Both are opened again on the fresh session, each confirmed by its own RECEIPT.
    await waitFor(() => kept.subscribed && keptResumes.length > 0, 'the other subscription back too');
    expect(keptResumes.map((r) => r.gap)).to.deep.equal([false]);
    const received = oneEvent(gone, 'stomp-message');
    await pub.publish('after the delete');
    expect((await received).detail.body).to.equal('after the delete');
    expect(closes.length, 'one deliberate reconnect').to.equal(1);
    expect(await consumers(name)).to.equal(1);
  });
});
