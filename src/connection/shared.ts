// One broker connection per browser: `<stomp-connection share="tabs">`. The tabs of an origin
// whose connections have the same settings elect one holder with a Web Lock; it holds the real
// connection (stomp.ts) and serves the others over a BroadcastChannel. Loaded only by a
// connection with `share` (a chunk of its own in the drop-in bundle).
//
// Why Web Locks + BroadcastChannel and not a SharedWorker: both work in every current browser,
// mobile Chrome included (SharedWorker does not), need no script URL of their own, and a lock is
// released by the browser when its tab closes or crashes, which elects the next holder at once.
//
// Every message between tabs is a small record (`Note` below) on a channel named by a hash of the
// settings; none carries the passcode. Each tab also holds a lock of its own while it is open, so
// the holder can tell which tabs are gone (a crashed tab sends no goodbye).
import type { StompErrorDetail, StompPublishDetail } from '../events.js';
import { ConnectionBase, removedBefore } from './base.js';
import type {
  ConnectionEventName,
  ConnectionSettings,
  ConnectionState,
  OwnedConnection,
  Publication,
  SessionOptions,
  StompHeaders,
  StompMessage,
  SubscriptionSink,
} from './connection.js';
import { StompClientConnection } from './stomp.js';
import { later } from './timers.js';

/** The settings tabs must share to share a connection. */
export interface ShareSettings extends ConnectionSettings {
  readonly login?: string;
  readonly passcode?: string;
}

/** A message body as it crosses to another tab (structured clone). */
interface Frame {
  command: string;
  headers: StompHeaders;
  body: string;
  binaryBody: Uint8Array;
  isBinaryBody: boolean;
}

/**
 * The records tabs send each other; `from` is the sender's tab, `to` the one it is for. `t` says
 * what it is: h(ello), l(ead), b(eat), s(tate), e(vent), + and - (subscribe, unsubscribe),
 * k (a call of the subscription's sink: message, subscribed, refused, cancelled), a(ck),
 * p(ublish or request), r(esult).
 */
type Note =
  | { t: 'h'; from: string }
  | { t: 'l'; from: string }
  | { t: 'b' }
  | { t: 's'; to: string; state: ConnectionState; connected?: StompHeaders }
  | { t: 'e'; name: ConnectionEventName; detail: unknown }
  | { t: '+'; from: string; id: string; destination: string; headers: StompHeaders }
  | { t: '-'; from: string; id: string }
  | { t: 'k'; to: string; id: string; k: keyof Omit<SubscriptionSink, 'reopen'>; v: Frame | boolean | StompErrorDetail }
  | { t: 'a'; from: string; ack: string; nack: boolean; headers?: StompHeaders }
  | { t: 'p'; from: string; id: string; frame: StompPublishDetail; receipt: boolean; timeout?: number }
  | { t: 'r'; to: string; id: string; headers?: StompHeaders; reply?: Frame; error?: string };

/** SHA-256 of the settings, in base64. */
async function hash(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

/** A subscription of this tab's elements. */
interface Local {
  destination: string;
  headers: StompHeaders;
  sink: SubscriptionSink;
  /** Closes it on the real connection, when this tab holds it. */
  close?: () => void;
  /** The broker confirmed it (on whichever tab's connection). */
  on?: boolean;
}

/** A publish (or, with `timeout`, a request): what a tab asks the holder to do. */
type Ask = Extract<Note, { t: 'p' }>;

/** An ask of this tab waiting for the holder's answer. */
interface Waiting {
  ask: Ask;
  resolve(answer: StompHeaders | StompMessage | undefined): void;
  reject(error: Error): void;
}

/** Does what `ask` asks on the real connection: resolves with the receipt's headers, or the reply. */
const perform = (held: StompClientConnection, { frame, receipt, timeout }: Ask): Promise<StompHeaders | StompMessage | undefined> =>
  timeout === undefined ? held.publish(frame, receipt).done : held.request(frame, timeout);

/** What crosses to another tab of a message (structured clone keeps no functions). */
const frameOf = (m: StompMessage): Frame => ({ command: m.command, headers: { ...m.headers }, body: m.body, binaryBody: m.binaryBody, isBinaryBody: m.isBinaryBody });

/** How often the holder says it is alive and looks for tabs that went away without a word (crashed). */
const SWEEP_MS = 300;
/** A holder silent this long is frozen (or blocked): a follower, checking 4 times a second, takes the connection from it. */
const SILENT_MS = 1200;
const CHECK_MS = 250;

/** A connection shared by the tabs of this browser, the same to the elements as their own. */
export class SharedConnection extends ConnectionBase implements OwnedConnection {
  declare protected readonly settings: ShareSettings;
  readonly #tab = Math.random().toString(36).slice(2);
  readonly #locals = new Map<string, Local>();
  readonly #waiting = new Map<string, Waiting>();
  #seq = 0;
  #channel?: BroadcastChannel;
  #session?: SessionOptions;
  /** Ends this tab's part in the share: releases its locks, stops waiting for the holder's. */
  #leave?: AbortController;
  /** Set while this tab holds the connection. */
  #held?: StompClientConnection;
  /** What the holder serves other tabs: their subscriptions and the messages they may still ack. */
  readonly #remote = new Map<string, () => void>();
  readonly #unacked = new Map<string, StompMessage>();
  #sweep?: () => void;
  /** When the holder was last heard from; the follower's check for a frozen holder. */
  #heard = 0;
  #watchHolder?: () => void;
  /** The holder's last CONNECTED headers, for a tab that joins a connected share. */
  #connected?: StompHeaders;

  /** The stompjs client, in the tab that holds the connection. */
  get client() {
    return this.#held?.client;
  }

  async start(session: SessionOptions): Promise<void> {
    await this.stop();
    this.#session = session;
    // Web Locks (and crypto.subtle) exist only in secure contexts (https, localhost): elsewhere
    // this tab keeps a connection of its own.
    if (!navigator.locks) {
      console.warn('<stomp-connection share="tabs">: tabs share a connection only on https pages (or localhost); this tab has its own.');
      return this.#lead('');
    }
    const s = this.settings;
    // The protocol's version is in the name: tabs running another version of the kit do not share.
    const name = `stomp-elements:1:${await hash(JSON.stringify([session.brokerURLs, s.vhost, s.login, s.passcode]))}`;
    const leave = (this.#leave = new AbortController());
    const channel = (this.#channel = new BroadcastChannel(name));
    channel.onmessage = (e) => this.#hear(e.data as Note);
    const { signal } = leave;
    const held = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
    // This tab's own lock, held while it is in the share: the holder's sweep sees when it goes.
    navigator.locks.request(`${name}:tab:${this.#tab}`, { signal }, () => held).catch(() => {});
    this.#elect(name, signal, held, false);
    this.#heard = Date.now();
    const check = () => {
      // A holder frozen by the browser keeps its lock but serves nobody: take it over.
      if (!this.#held && Date.now() - this.#heard > SILENT_MS + Math.random() * 100) this.#elect(name, signal, held, true);
      if (!signal.aborted) this.#watchHolder = later(check, CHECK_MS);
    };
    this.#watchHolder = later(check, CHECK_MS);
    this.setState('connecting');
    this.#post({ t: 'h', from: this.#tab });
    this.#resend(); // what the elements asked for before the channel was open
  }

  /**
   * Waits for the connection's lock (or, `steal`ing it, takes it at once) and holds the connection
   * while this tab is in the share. A holder whose lock is stolen (it was frozen) steps down.
   */
  #elect(name: string, signal: AbortSignal, held: Promise<void>, steal: boolean): void {
    this.#heard = Date.now();
    navigator.locks
      .request(name, steal ? { steal } : { signal }, async () => {
        if (signal.aborted || this.#held) return;
        await this.#lead(name);
        await held;
      })
      .catch(() => {
        // Aborted (this tab left before it was elected), or stolen: step down, follow the new holder.
        if (signal.aborted || !this.#held) return;
        const old = this.#held;
        this.#held = undefined;
        this.#sweep?.();
        this.#remote.clear();
        this.#unacked.clear();
        void old.close();
        this.#elect(name, signal, held, false);
        this.#resend();
      });
  }

  /**
   * A new holder (this tab or another) has none of this tab's subscriptions yet: they are down
   * until it confirms them again (so each reports `stomp-resume`), and everything is asked again.
   */
  #handover(): void {
    for (const local of this.#locals.values()) if (local.on) local.sink.subscribed(false);
    this.#resend();
  }

  /**
   * Everything this tab's elements asked for, again: its subscriptions and unanswered publishes, on
   * the connection when this tab holds it, else asked of the holder.
   */
  #resend(): void {
    const held = this.#held;
    for (const [id, local] of this.#locals) this.#open(id, local);
    for (const [id, w] of this.#waiting) {
      if (!held) {
        this.#post(w.ask);
        continue;
      }
      this.#waiting.delete(id);
      perform(held, w.ask).then(w.resolve, w.reject);
    }
  }

  async stop(now = false): Promise<void> {
    const held = this.#held;
    this.#held = undefined;
    this.#sweep?.();
    this.#watchHolder?.();
    if (this.#channel && !held) for (const id of this.#locals.keys()) this.#post({ t: '-', from: this.#tab, id });
    for (const local of this.#locals.values()) local.close = undefined;
    this.#remote.clear();
    this.#unacked.clear();
    this.#leave?.abort();
    this.#channel?.close();
    this.#channel = undefined;
    await held?.stop(now);
    await held?.close();
    this.setState('disconnected');
  }

  retryNow(): void {
    this.#held?.retryNow();
  }

  wake(asleepMs: number): void {
    this.#held?.wake(asleepMs);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.stop();
    for (const w of this.#waiting.values()) w.reject(new Error(removedBefore(w.ask.frame.destination)));
    this.#waiting.clear();
    this.notify();
  }

  subscribe(destination: string, headers: StompHeaders, sink: SubscriptionSink): () => void {
    const id = this.#tab + ++this.#seq;
    const local: Local = { destination, headers, sink: { ...sink, subscribed: (on) => sink.subscribed((local.on = on)) } };
    this.#locals.set(id, local);
    this.#open(id, local);
    return () => {
      this.#locals.delete(id);
      local.close?.();
      if (!this.#held) this.#post({ t: '-', from: this.#tab, id });
    };
  }

  publish(frame: StompPublishDetail, receipt: boolean): Publication {
    if (this.#held) return this.#held.publish(frame, receipt);
    return { status: 'queued', done: this.#ask(frame, receipt) as Promise<StompHeaders | undefined> };
  }

  request(frame: StompPublishDetail, timeout: number): Promise<StompMessage> {
    return this.#held ? this.#held.request(frame, timeout) : (this.#ask(frame, false, timeout) as Promise<StompMessage>);
  }

  /** Asks the holder to publish (or, with `timeout`, to request) and resolves with its answer. */
  #ask(frame: StompPublishDetail, receipt: boolean, timeout?: number): Promise<unknown> {
    const ask: Ask = { t: 'p', from: this.#tab, id: this.#tab + ++this.#seq, frame, receipt, timeout };
    const done = new Promise((resolve, reject) => this.#waiting.set(ask.id, { ask, resolve, reject }));
    this.#post(ask);
    return done;
  }

  /** Subscribes on the real connection (this tab holds it) or asks the holder to. */
  #open(id: string, local: Local): void {
    if (this.#held) local.close = this.#held.subscribe(local.destination, local.headers, local.sink);
    else this.#post({ t: '+', from: this.#tab, id, destination: local.destination, headers: { ...local.headers, ...local.sink.reopen?.() } });
  }

  /** Elected: this tab now holds the connection; every tab sends its subscriptions and unanswered publishes again. */
  async #lead(name: string): Promise<void> {
    const held: StompClientConnection = new StompClientConnection((event, detail) => {
      if (this.#held !== held) return; // a holder that stepped down is silent
      if (event === 'stomp-connect') this.#connected = (detail as { headers: StompHeaders }).headers;
      this.#post({ t: 'e', name: event, detail });
      this.#apply(event, detail);
    }, this.settings);
    this.#held = held;
    this.#handover();
    this.#post({ t: 'l', from: this.#tab });
    const sweep = async () => {
      this.#post({ t: 'b' });
      const alive = new Set((await navigator.locks.query()).held?.map((l) => l.name));
      // A tab gone without a word (crashed): its subscriptions go with it.
      for (const key of this.#remote.keys()) if (!alive.has(`${name}:tab:${key.split('/')[0]}`)) this.#unsubscribe(key);
      if (this.#held === held) this.#sweep = later(sweep, SWEEP_MS);
    };
    if (name) this.#sweep = later(sweep, SWEEP_MS);
    await held.start(this.#session!);
  }

  /** What the holder's connection reported: dispatched in this tab as in every other (`previous` is this tab's). */
  #apply(name: ConnectionEventName, detail: unknown): void {
    if (name !== 'stomp-state-change') return this.emit(name, detail as never);
    const { state, retryIn } = detail as { state: ConnectionState; retryIn?: number };
    this.setState(state, retryIn);
  }

  #hear(note: Note): void {
    const held = this.#held;
    if ('bel'.includes(note.t)) this.#heard = Date.now(); // the holder's beat, events, election
    const mine = 'to' in note && note.to === this.#tab;
    switch (note.t) {
      case 'h':
        if (held) this.#post({ t: 's', to: note.from, state: held.state, connected: this.#connected });
        return;
      case 'l':
        return void (held || this.#handover());
      case 's':
        if (mine && !held) {
          this.setState(note.state);
          if (note.state === 'connected') this.emit('stomp-connect', { headers: note.connected ?? {} });
        }
        return;
      case 'e':
        if (!held) this.#apply(note.name, note.detail);
        return;
      case 'k': {
        const sink = mine && this.#locals.get(note.id)?.sink;
        if (!sink) return;
        let { v } = note;
        if (note.k === 'message') {
          // A message this tab acks through the holder, which kept it.
          const frame = v as Frame;
          const ack = frame.headers.ack ?? frame.headers['message-id'];
          const answer = (nack: boolean) => (headers?: StompHeaders) => this.#post({ t: 'a', from: this.#tab, ack, nack, headers });
          v = { ...frame, ack: answer(false), nack: answer(true) } as StompMessage;
        }
        sink[note.k](v as never);
        return;
      }
      case 'r': {
        const w = mine && this.#waiting.get(note.id);
        if (!w) return;
        this.#waiting.delete(note.id);
        if (note.error) w.reject(new Error(note.error));
        else w.resolve(note.reply ? { ...note.reply, ack() {}, nack() {} } : note.headers);
        return;
      }
    }
    if (!held) return;
    // What the holder does for other tabs.
    if (note.t === '+') {
      const key = `${note.from}/${note.id}`;
      this.#unsubscribe(key);
      const to = note.from;
      const id = note.id;
      const tell = (k: Extract<Note, { t: 'k' }>['k']) => (v: Frame | boolean | StompErrorDetail) => this.#post({ t: 'k', to, id, k, v });
      this.#remote.set(
        key,
        held.subscribe(note.destination, note.headers, {
          message: (m) => {
            const ack = m.headers.ack ?? m.headers['message-id'];
            if (note.headers.ack && ack) this.#unacked.set(ack, m);
            tell('message')(frameOf(m));
          },
          subscribed: tell('subscribed'),
          refused: tell('refused'),
          cancelled: tell('cancelled'),
        }),
      );
    } else if (note.t === '-') {
      this.#unsubscribe(`${note.from}/${note.id}`);
    } else if (note.t === 'a') {
      const m = this.#unacked.get(note.ack);
      this.#unacked.delete(note.ack);
      if (note.nack) m?.nack(note.headers);
      else m?.ack(note.headers);
    } else if (note.t === 'p') {
      const to = note.from;
      const id = note.id;
      perform(held, note).then(
        (answer) => this.#post({ t: 'r', to, id, ...(note.timeout === undefined ? { headers: answer as StompHeaders } : { reply: frameOf(answer as StompMessage) }) }),
        (e: Error) => this.#post({ t: 'r', to, id, error: e.message }),
      );
    }
  }

  /** Closes a subscription the holder made for another tab. */
  #unsubscribe(key: string): void {
    this.#remote.get(key)?.();
    this.#remote.delete(key);
  }

  #post(note: Note): void {
    this.#channel?.postMessage(note);
  }

}
