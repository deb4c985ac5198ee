// The benchmark page: raw @stomp/stompjs and the kit on identical workloads, driven by
// scripts/bench.mjs through puppeteer (window.bench). Each run is prepare() → go() → teardown(), so
// the runner can read the main thread's CPU time (CDP Performance.getMetrics) around go() alone.
import { ReactiveElement, unsafeCSS } from '@lit/reactive-element';
import { slotted } from '../src/slots.js';
import { Client, type IMessage, type StompSubscription } from '@stomp/stompjs';
import * as baseKit from './kit.js';
import type { StompConnection, StompSubscribe, StompPublish } from './kit.js';
import { FakeSocket, buildFrame, parseFrame, seqText, type FeedResult, type RecordedFrame } from './fake-socket.js';

interface Broker {
  wsUrl: string;
  vhost: string;
  user: string;
  pass: string;
  /** STOMP heart-beats (ms, both ways) of every connection to the broker, raw and kit alike. */
  heartbeat: number;
  /** Load the patched copy of the kit (--compare), defined as v-stomp-*. */
  variant: boolean;
}

/**
 * Who receives: a raw Client.subscribe callback, raw callback + hand-written DOM, or the kit.
 * `feed-only` (fake source): the fake socket with a no-op onmessage, what delivering costs by itself.
 * `raw-event`: the raw callback creating and dispatching a bubbling, composed CustomEvent per message
 * on an element of the page, no kit code: the browser's floor under `stomp-message`.
 * `kit-upsert`: a template with `key="json.id"` (the body a keyedBody, `keys` ids): rows replaced in place.
 */
export type Receiver =
  | 'raw' | 'raw-dom' | 'raw-event' | 'kit-event' | 'kit-template' | 'kit-upsert' | 'feed-only'
  | 'kit-event@variant' | 'kit-template@variant' | 'kit-upsert@variant';

export interface DeliverySpec {
  receiver: Receiver;
  /**
   * The real broker (load from the publisher worker), the in-page fake socket, or a RabbitMQ stream
   * the worker filled before (fillStream), read from `first` once go() subscribes.
   */
  source: 'broker' | 'fake' | 'stream';
  /** Stream source: the `prefetch-count`. */
  prefetch?: number;
  destination: string;
  size: number;
  n: number;
  /** Messages per second; 0: as fast as possible. */
  rate: number;
  /** MESSAGE frame recorded from the broker (fake source). */
  recorded?: RecordedFrame;
  /** Rendered items kept by DOM receivers (0: all). */
  maxItems: number;
  /** Fake source: the body a JSON object whose `id` cycles through this many values (kit-upsert). */
  keys?: number;
  /**
   * `ancestor`: the `stomp-message` listener on the element's parent and a second one on the
   * document (raw-event and kit-event alike), instead of one on the element itself.
   */
  listeners?: 'ancestor';
}

declare global {
  interface Window {
    bench: typeof bench;
    gc?: () => void;
    benchConsumers?: (queue: string) => Promise<number>;
  }
  interface Performance {
    memory?: { usedJSHeapSize: number };
    /** Cross-origin isolated pages only (Chromium); not in TypeScript's DOM library. */
    measureUserAgentSpecificMemory?: () => Promise<MemoryMeasurement>;
  }
}

/** What measureUserAgentSpecificMemory() resolves with (https://wicg.github.io/performance-measure-memory/). */
interface MemoryMeasurement {
  bytes: number;
  breakdown: { bytes: number; types: string[]; attribution: unknown[] }[];
}

// src/define.ts is marked side-effect free in package.json: define the tags here. A patched copy of
// the kit (--compare) is defined under v-stomp-* beside it, so both run in one page, in one run.
baseKit.StompConnection.define();
baseKit.StompSubscribe.define();
baseKit.StompPublish.define();
type Kit = 'base' | 'variant';
const prefix = (kit: Kit) => (kit === 'variant' ? 'v-' : '');
async function loadVariant(): Promise<boolean> {
  if (customElements.get('v-stomp-connection')) return true;
  try {
    const v: typeof baseKit = await import(new URL('./kit-variant.js', import.meta.url).href);
    v.StompConnection.define('v-stomp-connection');
    v.StompSubscribe.define('v-stomp-subscribe');
    v.StompPublish.define('v-stomp-publish');
    return true;
  } catch {
    return false;
  }
}
const create = <T extends HTMLElement>(kit: Kit, name: 'connection' | 'subscribe' | 'publish') =>
  document.createElement(`${prefix(kit)}stomp-${name}`) as T;

let broker: Broker;
const stage = document.getElementById('stage')!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();

/** `promise`, or an error naming `what` after `ms`. */
function within<T>(promise: Promise<T>, what: string, ms = 30000): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms))),
  ]);
}

// ------------------------------------------------------------------ page health

const longTasks: { start: number; duration: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
}).observe({ type: 'longtask' });

/** A long animation frame (over 50 ms), by part: scripts, then rendering (rAF callbacks), then style and layout. */
interface LongFrame {
  start: number;
  ms: number;
  scriptMs: number;
  /** From the start of rendering (rAF callbacks first) to style and layout, and that to the frame's end. */
  renderMs: number;
  layoutMs: number;
  /** Its longest scripts: what called them, and for how long. */
  scripts: { invoker: string; ms: number; layoutMs: number }[];
}
interface LoafEntry extends PerformanceEntry {
  renderStart: number;
  styleAndLayoutStart: number;
  scripts: { invoker: string; duration: number; forcedStyleAndLayoutDuration: number }[];
}
const longFrames: LongFrame[] = [];
if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as LoafEntry[]) {
      const end = e.startTime + e.duration;
      const render = e.renderStart || end;
      const layout = e.styleAndLayoutStart || end;
      longFrames.push({
        start: e.startTime,
        ms: e.duration,
        scriptMs: e.scripts.reduce((sum, x) => sum + x.duration, 0),
        renderMs: layout - render,
        layoutMs: end - layout,
        scripts: [...e.scripts].sort((a, b) => b.duration - a.duration).slice(0, 3).map((x) => ({ invoker: x.invoker, ms: x.duration, layoutMs: x.forcedStyleAndLayoutDuration })),
      });
    }
  }).observe({ type: 'long-animation-frame' });
}

function longTasksSince(t0: number) {
  const tasks = longTasks.filter((t) => t.start >= t0);
  const frames = longFrames.filter((f) => f.start >= t0);
  return {
    count: tasks.length,
    maxMs: Math.max(0, ...tasks.map((t) => t.duration)),
    totalMs: tasks.reduce((s, t) => s + t.duration, 0),
    /** The longest animation frame, by part (long-animation-frame entries), and how many frames took over 50 ms. */
    longFrames: frames.length,
    worstFrame: frames.reduce<LongFrame | undefined>((w, f) => (!w || f.ms > w.ms ? f : w), undefined),
  };
}

async function collect(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    window.gc?.();
    await sleep(20);
  }
  return performance.memory?.usedJSHeapSize ?? NaN;
}

/** The page's memory as measureUserAgentSpecificMemory() reports it: bytes in all, and by type (`DOM`, `JavaScript`, `Shared`). */
interface UaMemory {
  bytes: number;
  types: Record<string, number>;
}

/** Whether this page can measure with measureUserAgentSpecificMemory() (it must be cross-origin isolated). */
const uaMemoryApi = () => window.crossOriginIsolated && typeof performance.measureUserAgentSpecificMemory === 'function';

/** One measurement's breakdown summed by type (an entry of several types under `A+B`; untyped entries left out). */
function byType(m: MemoryMeasurement): UaMemory {
  const types: Record<string, number> = {};
  for (const entry of m.breakdown) {
    if (!entry.types.length) continue;
    const type = entry.types.join('+');
    types[type] = (types[type] ?? 0) + entry.bytes;
  }
  return { bytes: m.bytes, types };
}

/** The middle value (of an even count, the mean of the two middle ones). */
const median = (values: number[]) => {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};

/**
 * The whole page's memory (the JS heap and Blink's DOM heap, workers included) after collect(), by
 * measureUserAgentSpecificMemory(): the median of `readings` measurements, in all and per type;
 * undefined where the API is not available.
 */
async function uaMemory(readings = 3): Promise<UaMemory | undefined> {
  if (!uaMemoryApi()) return undefined;
  const all: UaMemory[] = [];
  for (let i = 0; i < readings; i++) {
    await collect();
    all.push(byType(await performance.measureUserAgentSpecificMemory!()));
  }
  const types = [...new Set(all.flatMap((m) => Object.keys(m.types)))];
  // The median of each type apart: V8 moves tens of KB between `JavaScript` and `Shared` from one
  // reading to the next while their sum holds still, so the types need not add up to `bytes`.
  return {
    bytes: median(all.map((m) => m.bytes)),
    types: Object.fromEntries(types.map((t) => [t, median(all.map((m) => m.types[t] ?? 0))])),
  };
}

/** The JS heap (performance.memory) and the page's memory (uaMemory, when available). */
interface PageMemory {
  heap: number;
  ua?: UaMemory;
}

/** PageMemory after collect(). */
async function memory(): Promise<PageMemory> {
  const heap = await collect();
  return { heap, ua: await uaMemory() };
}

/**
 * What each of `n` subscriptions (or elements) costs, from memory() before and after them: the JS
 * heap (`heapPerSubscription`), the page's memory by measureUserAgentSpecificMemory()
 * (`uaMemoryPerSubscription`, NaN when unavailable) and that by type (`uaMemoryByType`), bytes.
 */
function perSubscription(before: PageMemory, after: PageMemory, n: number) {
  const ua = before.ua && after.ua ? { before: before.ua, after: after.ua } : undefined;
  const types = ua ? [...new Set([...Object.keys(ua.before.types), ...Object.keys(ua.after.types)])] : [];
  return {
    heapPerSubscription: (after.heap - before.heap) / n,
    uaMemoryPerSubscription: ua ? (ua.after.bytes - ua.before.bytes) / n : NaN,
    uaMemoryByType: Object.fromEntries(types.map((t) => [t, ((ua!.after.types[t] ?? 0) - (ua!.before.types[t] ?? 0)) / n])),
  };
}

// ------------------------------------------------------------------ clients

const connectHeaders = () => ({ login: broker.user, passcode: broker.pass, host: broker.vhost });

function rawClient(factory?: () => FakeSocket): Promise<Client> {
  return within(new Promise((resolve, reject) => {
    const client = new Client({
      brokerURL: factory ? undefined : broker.wsUrl,
      webSocketFactory: factory as unknown as () => WebSocket,
      connectHeaders: connectHeaders(),
      // the same heart-beats as the kit's connections; the fake sends none
      heartbeatIncoming: factory ? 0 : broker.heartbeat,
      heartbeatOutgoing: factory ? 0 : broker.heartbeat,
      reconnectDelay: 0,
    });
    client.onConnect = () => resolve(client);
    client.onStompError = (f) => reject(new Error(`raw client: ${f.headers.message}`));
    client.onWebSocketClose = () => reject(new Error('raw client: socket closed before CONNECTED'));
    client.activate();
  }), 'raw connection');
}

let receiptSeq = 0;
/** Client.subscribe, resolved once the broker's RECEIPT confirms it. */
function confirmedSubscribe(client: Client, destination: string, onMessage: (m: IMessage) => void, headers: Record<string, string> = {}): Promise<StompSubscription> {
  const receipt = `bench-${++receiptSeq}`;
  return new Promise((resolve) => {
    let sub: StompSubscription;
    client.watchForReceipt(receipt, () => resolve(sub));
    sub = client.subscribe(destination, onMessage, { ...headers, receipt });
  });
}
const rawSubscribe = (client: Client, destination: string, onMessage: (m: IMessage) => void, headers?: Record<string, string>) =>
  within(confirmedSubscribe(client, destination, onMessage, headers), `raw SUBSCRIBE to ${destination}`);

/** What <stomp-subscribe offset="first"> sends for a stream, which the raw side sends too. */
const streamHeaders = (prefetch: number) => ({ ack: 'client', 'prefetch-count': String(prefetch), 'x-stream-offset': 'first' });

/** `share`: with share="tabs"; `parent`: where it goes (the stage, emptied by every run, by default). */
function kitConnection(factory?: () => FakeSocket, kit: Kit = 'base', { share = false, parent = stage } = {}): Promise<StompConnection> {
  const conn = create<StompConnection>(kit, 'connection');
  // The connection's webSocketFactory (a copy of older sources, --src/--compare, had none: its stompjs client's).
  if (factory && 'webSocketFactory' in conn) conn.webSocketFactory = factory as unknown as StompConnection['webSocketFactory'];
  else if (factory) (conn as unknown as { client: { webSocketFactory: unknown } }).client.webSocketFactory = factory;
  if (share) conn.setAttribute('share', 'tabs');
  conn.setAttribute('broker-url', factory ? 'ws://127.0.0.1:9/fake' : broker.wsUrl);
  conn.setAttribute('vhost', broker.vhost);
  conn.setAttribute('login', broker.user);
  conn.passcode = broker.pass;
  conn.setAttribute('reconnect-delay', '0');
  const heartbeat = String(factory ? 0 : broker.heartbeat);
  conn.setAttribute('heartbeat-incoming', heartbeat);
  conn.setAttribute('heartbeat-outgoing', heartbeat);
  const connected = new Promise<StompConnection>((resolve, reject) => {
    conn.addEventListener('stomp-connect', () => resolve(conn), { once: true });
    conn.addEventListener('stomp-error', (e) => reject(new Error(`kit: ${e.detail.message}`)), { once: true });
  });
  parent.append(conn);
  return within(connected, 'kit connection');
}

/** Resolves when `el` has the `subscribed` attribute. */
function whenSubscribed(el: Element): Promise<void> {
  if (el.hasAttribute('subscribed')) return Promise.resolve();
  return new Promise((resolve) => {
    const mo = new MutationObserver(() => {
      if (el.hasAttribute('subscribed')) {
        mo.disconnect();
        resolve();
      }
    });
    mo.observe(el, { attributes: true, attributeFilter: ['subscribed'] });
  });
}

async function closeKit(conn: StompConnection): Promise<void> {
  const closed = new Promise((r) => conn.addEventListener('stomp-state-change', r, { once: true }));
  conn.remove();
  await Promise.race([closed, sleep(3000)]);
}

// ------------------------------------------------------------------ the load

let worker: Worker | undefined;
function ask(cmd: object): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    worker!.addEventListener('message', ({ data }) => (data.ok ? resolve(data) : reject(new Error(data.error))), { once: true });
    worker!.postMessage(cmd);
  });
}

async function publisher(): Promise<void> {
  if (worker) return;
  worker = new Worker(new URL('./publisher.js', import.meta.url), { type: 'module' });
  await ask({ cmd: 'connect', url: broker.wsUrl, headers: connectHeaders(), heartbeat: broker.heartbeat });
}

// ------------------------------------------------------------------ receiving

/** What a run measures: first and last message in (for DOM receivers: first and last rendered). */
interface Progress {
  count: number;
  first: number;
  last: number;
  /** Render batches seen (kit-template). */
  batches: number;
  done: Promise<void>;
}

function progress(): Progress & { finish(): void } {
  let finish!: () => void;
  const p = { count: 0, first: 0, last: 0, batches: 0, done: new Promise<void>((r) => (finish = r)), finish: () => finish() };
  return p;
}

interface Run {
  spec: DeliverySpec;
  progress: Progress;
  fake?: FakeSocket;
  /** Stream source: subscribes, which starts the load. */
  start?: () => unknown;
  close: () => Promise<void>;
  renderedDom?: HTMLElement;
}
let current: Run | undefined;

function list(): HTMLUListElement {
  const ol = document.createElement('ul');
  ol.id = 'bench-list';
  stage.append(ol);
  return ol;
}

/** One list item as a page makes it by hand: the sequence number in an attribute, the body as text. */
function listItem(seq: string, text: string): HTMLLIElement {
  const li = document.createElement('li');
  li.setAttribute('data-seq', seq);
  li.textContent = text;
  return li;
}

/** Drops the oldest items beyond `max` (0: keeps all). */
function trimList(list: HTMLElement, max: number): void {
  if (max > 0) while (list.childElementCount > max) list.firstElementChild!.remove();
}

/** Sets up the receiver (connected, subscribed); the load starts in go(). */
async function prepare(spec: DeliverySpec): Promise<{ subscription: string }> {
  if (current) await teardown();
  stage.replaceChildren();
  await collect();
  if (spec.source === 'broker') await publisher();
  let fake: FakeSocket | undefined;
  const factory = spec.source === 'fake' ? () => (fake = new FakeSocket()) : undefined;
  const n = spec.n;
  const lastSeq = seqText(n - 1);
  const p = progress();
  const hit = () => {
    const t = now();
    if (!p.count++) p.first = t;
    if (p.count === n) {
      p.last = t;
      p.finish();
    }
  };
  let close: () => Promise<void>;
  let start: (() => unknown) | undefined;
  let subscription = '';
  /** spec.listeners === 'ancestor': `stomp-message` heard on `parent` and on the document; returns the removal. */
  const onAncestor = (parent: Element) => {
    const onParent = (e: Event) => {
      if ((e as CustomEvent<{ body: string }>).detail.body.length >= 0) hit();
    };
    let heard = 0;
    const onDocument = () => void heard++;
    parent.addEventListener('stomp-message', onParent);
    document.addEventListener('stomp-message', onDocument);
    return () => {
      parent.removeEventListener('stomp-message', onParent);
      document.removeEventListener('stomp-message', onDocument);
    };
  };

  if (spec.receiver === 'feed-only') {
    fake = new FakeSocket();
    await new Promise<void>((resolve) => (fake!.onopen = () => resolve()));
    fake.subscriptions.set('sub-0', spec.destination);
    const last = n - 1;
    let i = 0;
    fake.onmessage = () => {
      if (i++ === last) {
        p.count = n;
        p.finish();
      }
    };
    close = async () => {};
  } else if (spec.receiver === 'raw' || spec.receiver === 'raw-dom' || spec.receiver === 'raw-event') {
    const client = await rawClient(factory);
    let onMessage: (m: IMessage) => void;
    let unlisten = () => {};
    if (spec.receiver === 'raw') {
      onMessage = (m) => {
        if (m.body.length >= 0) hit(); // reads the body, as the kit's listener does
      };
    } else if (spec.receiver === 'raw-event') {
      // No kit code: an element where <stomp-subscribe> would be (stage > parent > element), a
      // bubbling, composed CustomEvent per message with the message as its detail.
      const parent = document.createElement('div');
      const host = document.createElement('span');
      parent.append(host);
      stage.append(parent);
      if (spec.listeners === 'ancestor') unlisten = onAncestor(parent);
      else host.addEventListener('stomp-message', (e) => {
        if ((e as CustomEvent<{ body: string }>).detail.body.length >= 0) hit();
      });
      onMessage = (m) => {
        host.dispatchEvent(new CustomEvent('stomp-message', { detail: { body: m.body, headers: m.headers }, bubbles: true, composed: true }));
      };
    } else {
      // What a page does by hand: one <li> per message, newest last, the oldest dropped.
      const ol = list();
      const max = spec.maxItems;
      onMessage = (m) => {
        ol.append(listItem(m.headers.seq, m.body));
        trimList(ol, max);
        hit();
      };
    }
    if (spec.source === 'stream') {
      // Acked by hand after the callback, as the kit acks after dispatching stomp-message.
      const acked = (m: IMessage) => {
        onMessage(m);
        m.ack();
      };
      start = () => confirmedSubscribe(client, spec.destination, acked, streamHeaders(spec.prefetch!));
    } else {
      subscription = (await rawSubscribe(client, spec.destination, onMessage)).id;
    }
    close = async () => {
      unlisten();
      await client.deactivate();
    };
  } else {
    const [receiver, kit = 'base'] = spec.receiver.split('@') as [string, Kit?];
    const conn = await kitConnection(factory, kit);
    const sub = create<StompSubscribe>(kit, 'subscribe');
    sub.setAttribute('destination', spec.destination);
    let unlisten = () => {};
    if (receiver === 'kit-event' && spec.listeners === 'ancestor') {
      unlisten = onAncestor(conn); // stage > connection > subscription, as raw-event's elements
    } else if (receiver === 'kit-event') {
      sub.addEventListener('stomp-message', (e) => {
        if (e.detail.body.length >= 0) hit();
      });
    } else if (receiver === 'kit-upsert') {
      // One row per id, replaced in place: done when the last message's row is in the list.
      const ol = list();
      sub.setAttribute('target', ol.id);
      sub.setAttribute('key', 'json.id');
      if (spec.maxItems) sub.setAttribute('max-items', String(spec.maxItems));
      const template = document.createElement('template');
      template.innerHTML = '<li data-id="{{json.id}}" data-seq="{{headers.seq}}">{{body}}</li>';
      sub.append(template);
      const seqOf = (node: Node) => Number((node as Element).getAttribute?.('data-seq') ?? -1);
      new MutationObserver((records) => {
        const t = now();
        p.batches++;
        if (!p.first) p.first = t;
        let max = p.count - 1;
        for (const r of records) {
          if (r.type === 'attributes') max = Math.max(max, seqOf(r.target));
          else r.addedNodes.forEach((node) => (max = Math.max(max, seqOf(node))));
        }
        p.count = max + 1;
        if (p.count >= n && !p.last) {
          p.last = t;
          p.finish();
        }
      }).observe(ol, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-seq'] });
    } else {
      const ol = list();
      sub.setAttribute('target', ol.id);
      sub.setAttribute('max-items', String(spec.maxItems));
      const template = document.createElement('template');
      template.innerHTML = '<li data-seq="{{headers.seq}}">{{body}}</li>';
      sub.append(template);
      // Rendered, not just received: the run ends when the last message is in the DOM.
      new MutationObserver(() => {
        const t = now();
        p.batches++;
        if (!p.count) p.first = t;
        p.count = Number(ol.lastElementChild?.getAttribute('data-seq') ?? -1) + 1;
        if (ol.lastElementChild?.getAttribute('data-seq') === lastSeq) {
          p.last = t;
          p.finish();
        }
      }).observe(ol, { childList: true });
    }
    if (spec.source === 'stream') {
      sub.setAttribute('offset', 'first');
      sub.setAttribute('prefetch', String(spec.prefetch));
      start = () => conn.append(sub);
    } else {
      conn.append(sub);
      await within(whenSubscribed(sub), `kit SUBSCRIBE to ${spec.destination}`);
      subscription = sub.getAttribute('subscription-id') ?? '';
    }
    close = async () => {
      unlisten();
      await closeKit(conn);
    };
  }
  if (fake) subscription = [...fake.subscriptions.keys()][0];
  current = { spec, progress: p, fake, start, close };
  return { subscription };
}

/** Starts the load and waits for the last message; returns the figures. */
async function go() {
  const { spec, progress: p, fake, start } = current!;
  const t0 = now();
  let handlerMs: number | undefined;
  let fed: FeedResult | undefined;
  let publisherMs: number | undefined;
  let load: Promise<unknown>;
  if (spec.source === 'fake') {
    const [id, destination] = [...fake!.subscriptions][0];
    const frame = buildFrame(spec.recorded!, id, destination, spec.keys ?? 0);
    load = fake!.feed(spec.n, frame, spec.rate).then((r) => {
      handlerMs = r.handlerMs;
      fed = r;
    });
  } else if (spec.source === 'stream') {
    load = Promise.resolve(start!());
  } else {
    load = ask({ cmd: 'publish', destination: spec.destination, n: spec.n, size: spec.size, rate: spec.rate }).then(
      (r) => (publisherMs = r.ms as number),
    );
  }
  // Fails when nothing new arrives for 20 s.
  let seen = -1;
  let stalled = false;
  await Promise.race([
    Promise.all([p.done, load]),
    new Promise<void>((resolve) => {
      const check = () => {
        if (p.count === spec.n) return resolve();
        if (p.count === seen) {
          stalled = true;
          return resolve();
        }
        seen = p.count;
        setTimeout(check, 20000);
      };
      setTimeout(check, 20000);
    }),
  ]);
  if (stalled) throw new Error(`stalled: ${p.count} of ${spec.n} messages after ${((now() - t0) / 1000).toFixed(1)} s`);
  if (spec.receiver === 'feed-only') Object.assign(p, fed); // nothing receives: the feed's own first and last
  const ms = p.last - p.first;
  return {
    n: spec.n,
    ms,
    rate: (spec.n / ms) * 1000,
    handlerMs,
    handlerUsPerMsg: handlerMs === undefined ? undefined : (handlerMs * 1000) / spec.n,
    publisherMs,
    batches: p.batches || undefined,
    longTasks: longTasksSince(t0),
  };
}

async function teardown(): Promise<void> {
  const run = current;
  current = undefined;
  await run?.close();
  stage.replaceChildren();
}

/**
 * Declares the stream `queue` (a SUBSCRIBE to /queue/NAME with x-queue-type: stream, as the kit
 * does, then UNSUBSCRIBE) and has the worker write `n` messages to it; resolves once the broker
 * confirmed the last one.
 */
async function fillStream(spec: { queue: string; n: number; size: number }) {
  await publisher();
  const client = await rawClient();
  const declare = { 'x-queue-type': 'stream', durable: 'true', 'auto-delete': 'false', ...streamHeaders(1), 'x-stream-offset': 'next' };
  (await rawSubscribe(client, `/queue/${spec.queue}`, () => {}, declare)).unsubscribe();
  await client.deactivate();
  const r = await ask({ cmd: 'publish', destination: `/amq/queue/${spec.queue}`, n: spec.n, size: spec.size, rate: 0 });
  return { ms: r.ms as number };
}

// ------------------------------------------------------------------ a recorded frame

/** One MESSAGE frame exactly as the broker sends it (headers in its order), for the fake socket. */
async function record(size: number, destination: string): Promise<RecordedFrame> {
  const frames: ArrayBuffer[] = [];
  const client = await rawClient(() => {
    const ws = new WebSocket(broker.wsUrl, ['v12.stomp', 'v11.stomp', 'v10.stomp']);
    ws.addEventListener('message', (e) => frames.push(e.data));
    return ws as unknown as FakeSocket;
  });
  const got = new Promise<void>((resolve) => rawSubscribe(client, destination, () => resolve()).then(() => {
    client.publish({ destination, body: 'x'.repeat(size), headers: { seq: seqText(0) } });
  }));
  await got;
  await client.deactivate();
  const text = frames.map((f) => (typeof f === 'string' ? f : new TextDecoder().decode(f))).find((t) => t.startsWith('MESSAGE'))!;
  const { headers, body } = parseFrame(text);
  return { headers, body };
}

// ------------------------------------------------------------------ latency

/** Percentiles of round trips (ms), as latency() and requests() report them. */
function percentiles(times: number[], t0: number) {
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
  return { n: times.length, p50: q(50), p95: q(95), p99: q(99), mean: times.reduce((s, t) => s + t, 0) / times.length, longTasks: longTasksSince(t0) };
}

/**
 * Publish → receive round trips, one message at a time, on one connection. `tab`: on this tab's
 * connection (openTab), which stays open, instead of a connection of its own.
 */
async function latency(spec: { receiver: 'raw' | 'kit' | 'kit@variant'; destination: string; n: number; warmup: number; size: number; tab?: boolean }) {
  const kit: Kit = spec.receiver.endsWith('@variant') ? 'variant' : 'base';
  stage.replaceChildren();
  await collect();
  const body = 'x'.repeat(spec.size);
  let arrived: (() => void) | undefined;
  let send: () => void;
  let close: () => Promise<void>;
  if (spec.receiver === 'raw') {
    const client = await rawClient();
    await rawSubscribe(client, spec.destination, (m) => {
      if (m.body.length >= 0) arrived?.();
    });
    send = () => client.publish({ destination: spec.destination, body });
    close = () => client.deactivate();
  } else {
    const conn = spec.tab ? tab!.conn : await kitConnection(undefined, kit);
    const sub = create<StompSubscribe>(kit, 'subscribe');
    sub.setAttribute('destination', spec.destination);
    sub.addEventListener('stomp-message', (e) => {
      if (e.detail.body.length >= 0) arrived?.();
    });
    const pub = create<StompPublish>(kit, 'publish');
    pub.setAttribute('destination', spec.destination);
    conn.append(sub, pub);
    await within(whenSubscribed(sub), 'kit SUBSCRIBE');
    await pub.updateComplete;
    send = () => void pub.publish(body);
    close = spec.tab ? async () => (sub.remove(), pub.remove()) : () => closeKit(conn);
  }
  const times: number[] = [];
  const t0 = now();
  for (let i = 0; i < spec.warmup + spec.n; i++) {
    const got = new Promise<number>((r) => (arrived = () => r(now())));
    const start = now();
    send();
    const end = await within(got, `latency message ${i}`, 10000);
    if (i >= spec.warmup) times.push(end - start);
  }
  arrived = undefined;
  await close();
  return percentiles(times, t0);
}

// ------------------------------------------------------------------ request/reply

/**
 * Request → reply round trips, one request at a time, to a responder in this page: a raw Client
 * subscribed to `destination` that publishes each body back to the message's `reply-to` with its
 * `correlation-id`. raw: a Client sending with `reply-to: /temp-queue/bench` and a correlation-id
 * of its own, replies matched in onUnhandledMessage through a Map; kit: `<stomp-publish>.request()`.
 */
async function requests(spec: { receiver: 'raw' | 'kit' | 'kit@variant'; destination: string; n: number; warmup: number; size: number }) {
  const kit: Kit = spec.receiver.endsWith('@variant') ? 'variant' : 'base';
  stage.replaceChildren();
  await collect();
  const body = 'x'.repeat(spec.size);
  const responder = await rawClient();
  await rawSubscribe(responder, spec.destination, (m) => {
    responder.publish({ destination: m.headers['reply-to'], body: m.body, headers: { 'correlation-id': m.headers['correlation-id'] } });
  });
  let ask: () => Promise<unknown>;
  let close: () => Promise<void>;
  if (spec.receiver === 'raw') {
    const client = await rawClient();
    const waiting = new Map<string, () => void>();
    client.onUnhandledMessage = (m) => {
      const id = m.headers['correlation-id'];
      waiting.get(id)?.();
      waiting.delete(id);
    };
    let seq = 0;
    ask = () =>
      new Promise<void>((resolve) => {
        const id = `bench-${++seq}`;
        waiting.set(id, resolve);
        client.publish({ destination: spec.destination, body, headers: { 'reply-to': '/temp-queue/bench', 'correlation-id': id } });
      });
    close = () => client.deactivate();
  } else {
    const conn = await kitConnection(undefined, kit);
    const pub = create<StompPublish>(kit, 'publish');
    pub.setAttribute('destination', spec.destination);
    conn.append(pub);
    await pub.updateComplete;
    ask = () => pub.request(body);
    close = () => closeKit(conn);
  }
  const times: number[] = [];
  const t0 = now();
  // The warm-up also loads the kit's request chunk, on the first request.
  for (let i = 0; i < spec.warmup + spec.n; i++) {
    const start = now();
    await within(ask(), `request ${i}`, 10000);
    if (i >= spec.warmup) times.push(now() - start);
  }
  await close();
  await responder.deactivate();
  return percentiles(times, t0);
}

// ------------------------------------------------------------------ tabs (share="tabs")

/** This tab's connection, outside the stage, open until closeTab(): one of the tabs the share group opens. */
let tab: { conn: StompConnection; box: HTMLElement } | undefined;

/**
 * Opens this tab's <stomp-connection> (with share="tabs" when `share`), with a <stomp-subscribe> to
 * `destination` if given; resolves once connected (and subscribed). `holder`: this tab holds the
 * WebSocket (its `client` is defined; in a follower it is undefined).
 */
async function openTab(spec: { share: boolean; destination?: string }) {
  await closeTab();
  const box = document.createElement('div');
  document.body.append(box);
  const conn = await kitConnection(undefined, 'base', { share: spec.share, parent: box });
  tab = { conn, box };
  if (spec.destination) {
    const sub = create<StompSubscribe>('base', 'subscribe');
    sub.setAttribute('destination', spec.destination);
    conn.append(sub);
    await within(whenSubscribed(sub), `kit SUBSCRIBE to ${spec.destination}`);
  }
  return { holder: conn.client !== undefined, visibility: document.visibilityState };
}

async function closeTab(): Promise<void> {
  const open = tab;
  tab = undefined;
  if (!open) return;
  await closeKit(open.conn);
  open.box.remove();
}

// ------------------------------------------------------------------ the back/forward cache

/** What a restored page reaches after its pageshow, in this order. */
type Milestone = 'connected' | 'subscribed' | 'received';

/** One side of the bfcache group in this tab: it publishes on its own connection, and closes. */
interface RestorableSide {
  publish(body: string): void;
  close(): Promise<void>;
}

/**
 * This tab's side, open from bfcacheOpen() to bfcacheClose(): `persistedHide` the last pagehide's
 * `persisted`; `shownAt` when the last persisted pageshow was dispatched and `restoreMs` the
 * browser's part before it; `at` the milestones since then (performance.now()); `marker` the body
 * published once subscribed again.
 */
let restorable: (RestorableSide & {
  receiver: string;
  persistedHide?: boolean;
  shownAt?: number;
  restoreMs?: number;
  at: Partial<Record<Milestone, number>>;
  marker?: string;
  done?: Promise<void>;
  finish?: () => void;
}) | undefined;

let markerSeq = 0;

// Registered when the page loads, before either side's own: pageshow's time is its dispatch, before
// the side's listeners run.
addEventListener('pagehide', (e) => {
  if (restorable) restorable.persistedHide = e.persisted;
});
addEventListener('pageshow', (e) => {
  const r = restorable;
  if (!r || !e.persisted) return;
  // A persisted pageshow's timeStamp is the back navigation's start (Chromium): the browser's own
  // restore before the page can act, the same for both sides; kept apart as restoreMs.
  const shownAt = now();
  Object.assign(r, { shownAt, restoreMs: shownAt - e.timeStamp, at: {}, marker: undefined });
  r.done = new Promise<void>((resolve) => (r.finish = resolve));
});

/**
 * The open side reached `milestone` (`received`: a message with `body`). Only the first of each
 * after a persisted pageshow counts; once subscribed again, the side publishes the marker, and
 * receiving it ends the run.
 */
function reached(milestone: Milestone, body?: string): void {
  const r = restorable;
  if (r?.shownAt === undefined || r.at[milestone] !== undefined) return;
  if (milestone === 'received' && (r.marker === undefined || body !== r.marker)) return;
  r.at[milestone] = now();
  if (milestone === 'subscribed') {
    r.marker = `bfcache-${++markerSeq}`;
    r.publish(r.marker);
  }
  if (milestone === 'received') r.finish!();
}

/**
 * The kit: a <stomp-connection> (the settings of every group) with a <stomp-subscribe> and a
 * <stomp-publish> to `destination`, connected and subscribed. The connection itself closes on
 * pagehide and connects and subscribes again on pageshow.
 */
async function kitRestorable(kit: Kit, destination: string): Promise<RestorableSide> {
  const conn = await kitConnection(undefined, kit);
  const sub = create<StompSubscribe>(kit, 'subscribe');
  sub.setAttribute('destination', destination);
  const pub = create<StompPublish>(kit, 'publish');
  pub.setAttribute('destination', destination);
  conn.append(sub, pub);
  await within(whenSubscribed(sub), `kit SUBSCRIBE to ${destination}`);
  await pub.updateComplete;
  conn.addEventListener('stomp-connect', () => reached('connected'));
  // `subscribed` is set once the broker's RECEIPT confirmed the SUBSCRIBE.
  const mo = new MutationObserver(() => sub.hasAttribute('subscribed') && reached('subscribed'));
  mo.observe(sub, { attributes: true, attributeFilter: ['subscribed'] });
  sub.addEventListener('stomp-message', (e) => reached('received', e.detail.body));
  return {
    publish: (body) => void pub.publish(body),
    close: async () => {
      mo.disconnect();
      await closeKit(conn);
    },
  };
}

/**
 * Raw @stomp/stompjs as a careful page writes it for the bfcache: subscribes (with a receipt) on
 * every CONNECTED; on pagehide deactivates (DISCONNECT) and closes the socket at once, since an
 * open WebSocket keeps the page out of the cache; on pageshow with `persisted` activates again.
 */
async function rawRestorable(destination: string): Promise<RestorableSide> {
  const client = await rawClient();
  const subscribe = () => confirmedSubscribe(client, destination, (m) => reached('received', m.body)).then(() => reached('subscribed'));
  await within(subscribe(), `raw SUBSCRIBE to ${destination}`);
  client.onConnect = () => {
    reached('connected');
    void subscribe();
  };
  const onHide = () => {
    void client.deactivate();
    client.webSocket?.close();
  };
  const onShow = (e: PageTransitionEvent) => {
    if (e.persisted) client.activate();
  };
  addEventListener('pagehide', onHide);
  addEventListener('pageshow', onShow);
  return {
    publish: (body) => client.publish({ destination, body }),
    close: async () => {
      removeEventListener('pagehide', onHide);
      removeEventListener('pageshow', onShow);
      await client.deactivate();
    },
  };
}

/** Opens this tab's side (raw, kit or kit@variant) on `destination`: connected and subscribed, ready to leave. */
async function bfcacheOpen(spec: { receiver: 'raw' | 'kit' | 'kit@variant'; destination: string }): Promise<void> {
  await bfcacheClose();
  stage.replaceChildren();
  const kit: Kit = spec.receiver.endsWith('@variant') ? 'variant' : 'base';
  const side = spec.receiver === 'raw' ? await rawRestorable(spec.destination) : await kitRestorable(kit, spec.destination);
  restorable = { receiver: spec.receiver, ...side, at: {} };
}

/**
 * After the tab came back: waits (15 s at most) until the open side received its marker, and
 * returns the milestones in ms after pageshow. `restored: false` with `why` when no persisted
 * pageshow came since bfcacheOpen().
 */
async function bfcacheRestored() {
  const r = restorable;
  if (!r) return { restored: false, why: 'no side open in this document (was it loaded again?)' };
  if (r.shownAt === undefined || !r.done) return { restored: false, why: `no pageshow with persisted since the side opened (pagehide persisted: ${r.persistedHide})` };
  await within(r.done, `the restored ${r.receiver} side to connect, subscribe and receive`, 15000).catch((e: Error) => {
    const at = Object.entries(r.at).map(([m, t]) => `${m} +${(t - r.shownAt!).toFixed(1)} ms`);
    throw new Error(`${e.message}; reached after pageshow: ${at.join(', ') || 'nothing'}`);
  });
  const since = (m: Milestone) => r.at[m]! - r.shownAt!;
  return { restored: true, persistedHide: r.persistedHide, restoreMs: r.restoreMs, connectedMs: since('connected'), subscribedMs: since('subscribed'), receivedMs: since('received') };
}

async function bfcacheClose(): Promise<void> {
  const open = restorable;
  restorable = undefined;
  await open?.close();
  stage.replaceChildren();
}

// ------------------------------------------------------------------ publishing

/**
 * `n` publishes from the page: how long the calls take, and until the broker confirmed the last
 * one (a final publish with a receipt; frames are handled in order).
 */
async function publishing(spec: { receiver: string; source: 'broker' | 'fake'; destination: string; n: number; size: number }) {
  const [receiver, kit = 'base'] = spec.receiver.split('@') as [string, Kit?];
  stage.replaceChildren();
  await collect();
  const body = 'x'.repeat(spec.size);
  const factory = spec.source === 'fake' ? () => new FakeSocket() : undefined;
  let calls: () => Promise<void>;
  let confirm: () => Promise<void>;
  let close: () => Promise<void>;
  if (spec.receiver === 'raw') {
    const client = await rawClient(factory);
    calls = async () => {
      for (let i = 0; i < spec.n; i++) client.publish({ destination: spec.destination, body });
    };
    confirm = () =>
      new Promise((resolve) => {
        client.watchForReceipt('bench-published', () => resolve());
        client.publish({ destination: spec.destination, body, headers: { receipt: 'bench-published' } });
      });
    close = () => client.deactivate();
  } else {
    const conn = await kitConnection(factory, kit);
    const pub = create<StompPublish>(kit, 'publish');
    pub.setAttribute('destination', spec.destination);
    const withReceipt = create<StompPublish>(kit, 'publish');
    withReceipt.setAttribute('destination', spec.destination);
    withReceipt.setAttribute('receipt', '');
    conn.append(pub, withReceipt);
    await Promise.all([pub.updateComplete, withReceipt.updateComplete]);
    calls =
      receiver === 'kit-await'
        ? async () => {
            for (let i = 0; i < spec.n; i++) await pub.publish(body);
          }
        : async () => {
            const sent: Promise<void>[] = [];
            for (let i = 0; i < spec.n; i++) sent.push(pub.publish(body));
            await Promise.all(sent);
          };
    confirm = () => withReceipt.publish(body);
    close = () => closeKit(conn);
  }
  const t0 = now();
  await calls();
  const t1 = now();
  await confirm();
  const t2 = now();
  await close();
  return { n: spec.n, callsMs: t1 - t0, confirmedMs: t2 - t0, callsRate: (spec.n / (t1 - t0)) * 1000, confirmedRate: (spec.n / (t2 - t0)) * 1000 };
}

// ------------------------------------------------------------------ scale

/** A scale() run with `hold` waits here, its subscriptions in place, until release() (a heap snapshot is taken meanwhile). */
let held: (() => void) | undefined;

/** An empty custom element, defined: the browser's floor under one `<stomp-subscribe>`. */
class BenchEmpty extends HTMLElement {}

/**
 * An element made as the kit's are, doing nothing: Lit's ReactiveElement, the same style, a shadow
 * root with the same two slots, ElementInternals. Lit's and shadow DOM's floor under one `<stomp-subscribe>`.
 */
class BenchLit extends ReactiveElement {
  static override styles = unsafeCSS(':host{display:block}');
  static override properties = { destination: {} };
  destination = '';
  readonly internals = this.attachInternals();
  protected override createRenderRoot() {
    return slotted(super.createRenderRoot(), 'empty'); // the kit's own, as <stomp-subscribe> does
  }
}

/** The elements of the floors that do no messaging: receiver → tag. */
const FLOOR_ELEMENTS: Record<string, [string, CustomElementConstructor]> = { empty: ['bench-empty', BenchEmpty], lit: ['bench-lit', BenchLit] };

/**
 * `n` subscriptions on one connection: how long until the broker confirmed all of them, the memory
 * each costs (perSubscription: the JS heap, and the page's JS and DOM memory by
 * measureUserAgentSpecificMemory()), and the broker's consumer count with them and after removing
 * them. `empty` and `lit`: no messaging, `n` elements (BenchEmpty, BenchLit; with the same `destination`
 * attribute) made and added to the page: `readyMs` until they are in it, and the memory each costs.
 * `memory: false`: no memory readings (no forced GCs, for a CPU profile or a heap snapshot).
 * `hold`: the subscriptions stay until `release()`.
 */
async function scale(spec: { receiver: string; source: 'broker' | 'fake'; destination: string; n: number; memory?: boolean; hold?: boolean }) {
  const measure = () => (spec.memory === false ? Promise.resolve({ heap: NaN }) : memory());
  const hold = () => (spec.hold ? new Promise<void>((resolve) => (held = resolve)) : undefined);
  const floor = FLOOR_ELEMENTS[spec.receiver];
  if (floor) {
    const [tag, constructor] = floor;
    if (!customElements.get(tag)) customElements.define(tag, constructor);
    stage.replaceChildren();
    const box = document.createElement('div');
    stage.append(box);
    const before = await measure();
    const t0 = now();
    const fragment = document.createDocumentFragment();
    for (let i = 0; i < spec.n; i++) {
      const el = document.createElement(tag);
      el.setAttribute('destination', spec.destination);
      fragment.append(el);
    }
    box.append(fragment);
    await Promise.all([...box.children].map((el) => (el as Partial<ReactiveElement>).updateComplete)); // Lit's first update, for `lit`
    const ready = now() - t0;
    const after = await measure();
    await hold();
    box.remove();
    return { n: spec.n, readyMs: ready, ...perSubscription(before, after, spec.n), consumers: NaN, consumersAfterRemoval: NaN };
  }
  const kit: Kit = spec.receiver.endsWith('@variant') ? 'variant' : 'base';
  const factory = spec.source === 'fake' ? () => new FakeSocket() : undefined;
  const consumers = (queue: string) => (factory ? Promise.resolve(NaN) : window.benchConsumers!(queue));
  stage.replaceChildren();
  const queue = spec.destination;
  let t0: number;
  let ready: number;
  let before: PageMemory;
  let after: PageMemory;
  let remove: () => Promise<void>;
  let close: () => Promise<void>;
  if (spec.receiver === 'raw') {
    const client = await rawClient(factory);
    before = await measure();
    t0 = now();
    const subs = await within(Promise.all(Array.from({ length: spec.n }, () => confirmedSubscribe(client, queue, () => {}))), `${spec.n} raw subscriptions`, 60000);
    ready = now() - t0;
    after = await measure();
    remove = async () => subs.forEach((s) => s.unsubscribe());
    close = () => client.deactivate();
  } else {
    const conn = await kitConnection(factory, kit);
    const box = document.createElement('div');
    conn.append(box);
    before = await measure();
    t0 = now();
    let subscribed = 0;
    const all = new Promise<void>((resolve) => {
      new MutationObserver((records) => {
        for (const r of records) if ((r.target as Element).hasAttribute('subscribed')) subscribed++;
        if (subscribed >= spec.n) resolve();
      }).observe(box, { subtree: true, attributes: true, attributeFilter: ['subscribed'] });
    });
    const fragment = document.createDocumentFragment();
    for (let i = 0; i < spec.n; i++) {
      const sub = create<StompSubscribe>(kit, 'subscribe');
      sub.setAttribute('destination', queue);
      fragment.append(sub);
    }
    box.append(fragment);
    await within(all, `${spec.n} kit subscriptions`, 60000);
    ready = now() - t0;
    after = await measure();
    remove = async () => box.remove();
    close = () => closeKit(conn);
  }
  const withThem = await consumers(queue);
  await hold();
  await remove();
  // Let the UNSUBSCRIBE frames reach the broker, then ask it.
  let left = await consumers(queue);
  for (let i = 0; i < 10 && left > 0; i++) left = await consumers(queue);
  await close();
  return { n: spec.n, readyMs: ready, ...perSubscription(before, after, spec.n), consumers: withThem, consumersAfterRemoval: left };
}

// ------------------------------------------------------------------ the page alone

/**
 * No messaging at all: the browser adding `perFrame` items of `size` characters per animation
 * frame to the same list the DOM receivers use (full at `maxItems`, the oldest removed), for `ms`.
 * No renderer of that list, the kit's or a page's own, can be faster on this machine. `items`: until
 * that many are added (after the first `maxItems`) instead of for `ms`.
 */
async function listFloor(spec: { perFrame: number; size: number; maxItems: number; ms: number; items?: number }) {
  stage.replaceChildren();
  await collect();
  const ul = list();
  const text = 'x'.repeat(spec.size);
  let seq = 0;
  const add = (n: number) => {
    const fragment = document.createDocumentFragment();
    for (let i = 0; i < n; i++) fragment.append(listItem(seqText(seq++), text));
    ul.append(fragment);
    trimList(ul, spec.maxItems);
  };
  add(spec.maxItems);
  await new Promise(requestAnimationFrame);
  const t0 = now();
  let frames = 0;
  await new Promise<void>((resolve) => {
    const step = () => {
      add(spec.perFrame);
      frames++;
      if (spec.items ? seq - spec.maxItems < spec.items : now() - t0 < spec.ms) requestAnimationFrame(step);
      else resolve();
    };
    requestAnimationFrame(step);
  });
  await new Promise(requestAnimationFrame); // the last frame is rendered too
  const ms = now() - t0;
  const longTasks = longTasksSince(t0);
  stage.replaceChildren();
  return { perFrame: spec.perFrame, frames, ms, rate: (frames * spec.perFrame * 1000) / ms, fps: (frames * 1000) / ms, longTasks };
}

// ------------------------------------------------------------------

const bench = {
  async setup(b: Broker) {
    broker = b;
    return {
      variant: b.variant && (await loadVariant()), userAgent: navigator.userAgent, cores: navigator.hardwareConcurrency, memoryApi: !!performance.memory, gc: !!window.gc,
      crossOriginIsolated: window.crossOriginIsolated, uaMemoryApi: uaMemoryApi() };
  },
  record,
  fillStream,
  prepare,
  go,
  teardown,
  latency,
  requests,
  publishing,
  scale,
  /** True while a scale() run holds its subscriptions. */
  holding: () => !!held,
  release() {
    held?.();
    held = undefined;
  },
  listFloor,
  openTab,
  closeTab,
  bfcacheOpen,
  bfcacheRestored,
  bfcacheClose,
  collect,
  async closePublisher() {
    if (!worker) return;
    await ask({ cmd: 'disconnect' });
    worker.terminate();
    worker = undefined;
  },
};
window.bench = bench;
