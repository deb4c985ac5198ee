// One broker connection per browser: <stomp-connection share="tabs">. Each "tab" is an iframe of
// test/fixtures/share-page.html (same origin: the same Web Locks and BroadcastChannels as the tabs
// of one browser profile), against the private broker.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { StompConnection } from '../src/stomp-connection.js';
import type { StompMessageDetail } from '../src/events.js';
import { broker, brokerConnections, consumers, sleep, unique, waitFor } from './helpers.js';

const command = <T = unknown>(name: string, payload?: unknown) => executeServerCommand<T, unknown>(name, payload) as Promise<T>;

interface Tab {
  frame: HTMLIFrameElement;
  conn: StompConnection;
  doc: Document;
  /** Adds an element inside the tab's connection. */
  add<K extends 'stomp-subscribe' | 'stomp-publish'>(tag: K, props: Partial<HTMLElementTagNameMap[K]>): HTMLElementTagNameMap[K];
}

const tabs: Tab[] = [];

async function openTab(params: Record<string, string> = {}): Promise<Tab> {
  const frame = document.createElement('iframe');
  frame.src = `/test/fixtures/share-page.html?${new URLSearchParams({ ...broker, ...params })}`;
  document.body.append(frame);
  await waitFor(() => (frame.contentWindow as unknown as { ready?: boolean })?.ready, 'the tab to load');
  const doc = frame.contentDocument!;
  const conn = doc.getElementById('conn') as StompConnection;
  const tab: Tab = {
    frame,
    conn,
    doc,
    add(tag, props) {
      const el = doc.createElement(tag);
      Object.assign(el, props);
      conn.append(el);
      return el;
    },
  };
  tabs.push(tab);
  return tab;
}

function received(sub: HTMLElement) {
  const list: StompMessageDetail[] = [];
  sub.addEventListener('stomp-message', (e) => list.push((e as CustomEvent<StompMessageDetail>).detail));
  return list;
}

afterEach(async () => {
  for (const t of tabs.splice(0)) t.frame.remove();
  await waitFor(async () => (await brokerConnections()) === 0, 'every tab connection gone', 15000);
});

describe('tabs sharing one connection', () => {
  it('four tabs: one connection on the broker, each receives, a follower publishes with a receipt', async function () {
    this.timeout(60000);
    const open = await Promise.all([openTab(), openTab(), openTab(), openTab()]);
    await waitFor(() => open.every((t) => t.conn.state === 'connected'), 'all four connected');
    const queue = unique('share');
    const subs = open.map((t, i) => t.add('stomp-subscribe', { destination: `/queue/${queue}-${i}` }));
    const got = subs.map(received);
    await waitFor(() => subs.every((s) => s.subscribed), 'four subscriptions');
    expect(await brokerConnections()).to.equal(1);
    const holder = open.filter((t) => t.conn.client)[0];
    const follower = open.find((t) => !t.conn.client)!;
    expect(holder, 'one tab holds it').to.not.equal(undefined);
    const pub = follower.add('stomp-publish', { receipt: true, destination: '' });
    const receipts: string[] = [];
    pub.addEventListener('stomp-receipt', (e) => receipts.push((e as CustomEvent).detail.receiptId));
    for (let i = 0; i < 4; i++) {
      pub.destination = `/queue/${queue}-${i}`;
      await pub.updateComplete;
      await pub.publish(`to tab ${i}`);
    }
    await waitFor(() => got.every((g) => g.length === 1), 'each tab its message');
    expect(got.map((g) => g[0].body)).to.deep.equal(['to tab 0', 'to tab 1', 'to tab 2', 'to tab 3']);
    expect(receipts.length).to.equal(4);
    for (let i = 0; i < 4; i++) expect(await consumers(`${queue}-${i}`)).to.equal(1);
  });

  it('a tab removing its <stomp-subscribe> removes that consumer only', async () => {
    const [a, b] = [await openTab(), await openTab()];
    const queue = unique('share-unsub');
    const sa = a.add('stomp-subscribe', { destination: `/queue/${queue}` });
    const sb = b.add('stomp-subscribe', { destination: `/queue/${queue}` });
    await waitFor(() => sa.subscribed && sb.subscribed, 'both subscribed');
    expect(await consumers(queue)).to.equal(2);
    (a.conn.client ? sb : sa).remove(); // the follower's
    await waitFor(async () => (await consumers(queue)) === 1, 'one consumer left');
    expect(await brokerConnections()).to.equal(1);
  });

  it('another tab takes over when the holder closes; a client-acked queue loses none of 300 messages', async function () {
    this.timeout(90000);
    const [a, b, c] = [await openTab(), await openTab(), await openTab()];
    await waitFor(() => [a, b, c].every((t) => t.conn.state === 'connected'), 'all connected');
    const holder = [a, b, c].find((t) => t.conn.client)!;
    const follower = [a, b, c].find((t) => t !== holder)!;
    const queue = unique('handover');
    const sub = follower.add('stomp-subscribe', { destination: `/queue/${queue}`, ack: 'client-individual', headers: { 'prefetch-count': '20' } });
    const seen = new Map<string, number>();
    sub.addEventListener('stomp-message', (e) => {
      const d = (e as CustomEvent<StompMessageDetail>).detail;
      seen.set(d.body, (seen.get(d.body) ?? 0) + 1);
      d.ack();
    });
    await waitFor(() => sub.subscribed, 'the follower subscribed');
    const id = await command<string>('amqp-publish', { queue, count: 300, prefix: 'h', intervalMs: 10 });
    await waitFor(() => seen.size >= 60, '60 messages before the holder closes', 30000);
    const closedAt = performance.now();
    holder.frame.remove();
    tabs.splice(tabs.indexOf(holder), 1);
    await waitFor(() => [a, b, c].some((t) => t !== holder && t.conn.client?.connected), 'another tab to hold the connection', 10000);
    const tookOver = performance.now() - closedAt;
    for (;;) {
      const s = await command<{ done: boolean }>('amqp-published', { id });
      if (s.done) break;
      await sleep(200);
    }
    await waitFor(() => seen.size === 300, 'all 300 at the follower', 30000);
    expect(tookOver, 'took over within 2 s').to.be.lessThan(2000);
    expect(await brokerConnections()).to.equal(1);
  });

  it('a follower reading a stream by offset resumes after the last message shown when the holder goes', async function () {
    this.timeout(90000);
    const [a, b] = [await openTab(), await openTab()];
    await waitFor(() => a.conn.state === 'connected' && b.conn.state === 'connected', 'both connected');
    const [holder, follower] = a.conn.client ? [a, b] : [b, a];
    const name = unique('share-stream');
    await command('amqp-declare-stream', { queue: name });
    const sub = follower.add('stomp-subscribe', { destination: `/amq/queue/${name}`, offset: 'first', prefetch: 20 });
    const got = received(sub);
    const resumes: unknown[] = [];
    sub.addEventListener('stomp-resume', (e) => resumes.push((e as CustomEvent).detail));
    await waitFor(() => sub.subscribed, 'the follower subscribed');
    const id = await command<string>('amqp-publish', { queue: name, count: 300, prefix: 's', intervalMs: 10 });
    await waitFor(() => got.length >= 100, '100 messages before the holder goes', 30000);
    holder.frame.remove();
    tabs.splice(tabs.indexOf(holder), 1);
    await waitFor(() => follower.conn.client?.connected, 'the follower to hold the connection', 10000);
    for (;;) {
      const s = await command<{ done: boolean }>('amqp-published', { id });
      if (s.done) break;
      await sleep(200);
    }
    await waitFor(() => got.length >= 300, 'all 300', 30000);
    await sleep(300); // nothing more may come
    expect(got.map((d) => d.body), 'each shown once, in order').to.deep.equal(Array.from({ length: 300 }, (_, i) => `s${i}`));
    expect(resumes.length, 'one stomp-resume').to.equal(1);
  });

  it('a tab whose settings change leaves the share for one that matches', async () => {
    await command('broker-add-user', { user: 'web-two', pass: 'two' });
    const [a, b] = [await openTab(), await openTab()];
    await waitFor(() => a.conn.state === 'connected' && b.conn.state === 'connected', 'both connected');
    expect(await brokerConnections()).to.equal(1);
    const mover = a.conn.client ? b : a;
    Object.assign(mover.conn, { login: 'web-two', passcode: 'two' });
    await waitFor(() => mover.conn.client?.connected, 'the tab to hold a connection of its own', 15000);
    await waitFor(async () => (await brokerConnections()) === 2, 'two connections');
    expect((a === mover ? b : a).conn.client?.connected, 'the other still holds its own').to.equal(true);
  });

  it('two logins: two connections', async () => {
    await command('broker-add-user', { user: 'web-two', pass: 'two' });
    const [a, b] = [await openTab(), await openTab({ user: 'web-two', pass: 'two' })];
    await waitFor(() => a.conn.state === 'connected' && b.conn.state === 'connected', 'both connected');
    expect(a.conn.client, 'each holds its own').to.not.equal(undefined);
    expect(b.conn.client).to.not.equal(undefined);
    expect(await brokerConnections()).to.equal(2);
  });
});
