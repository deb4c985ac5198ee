// The only module that imports @stomp/stompjs. Elements talk to a StompHandle: its state,
// subscriptions that survive reconnects, an outbox for publishes while offline, and receipts.
import { Client, type IFrame, type IMessage, type StompHeaders } from '@stomp/stompjs';
import type {
  ConnectionState,
  StompErrorDetail,
  StompWebSocketCloseDetail,
} from '../events.js';

export type { IFrame, IMessage, StompHeaders, Client };

/** Settings read from `<stomp-connection>` when it (re)starts the connection. */
export interface HandleOptions {
  /** Tried in turn: each retry moves on to the next URL (failover across cluster nodes). */
  brokerURLs: string[];
  /** Called before every attempt; returns the CONNECT headers to send (login, passcode, host…). */
  prepare: () => Promise<StompHeaders>;
}

/** How the handle retries after a connection ends or fails. */
export interface RetryPolicy {
  /** Milliseconds before the first retry; 0 turns reconnecting off. */
  delay: number;
  /** The longest wait between two attempts. */
  maxDelay: number;
  /** Double the wait after each failed attempt (with jitter), up to maxDelay. */
  exponential: boolean;
  /** Give up after this many failed attempts in a row; 0 never gives up. */
  maxAttempts: number;
}

/** What the handle tells its owner (the `<stomp-connection>` element). */
export interface HandleEvents {
  /** `retryIn`: milliseconds until the next attempt, when reconnecting. */
  state(state: ConnectionState, previous: ConnectionState, retryIn?: number): void;
  connect(headers: StompHeaders): void;
  disconnect(requested: boolean): void;
  stompError(detail: StompErrorDetail): void;
  socketClose(detail: StompWebSocketCloseDetail): void;
  socketError(message: string): void;
}

/** What a subscription tells its owner (a `<stomp-subscribe>` element). */
export interface SubscriptionSink {
  message(message: IMessage): void;
  /** True once the broker confirmed the SUBSCRIBE; false when the connection under it ended. */
  subscribed(active: boolean): void;
  /** The broker refused this subscription; it will not be retried. */
  refused(detail: StompErrorDetail): void;
}

/** A frame sent with a `receipt` header, waiting for the broker's RECEIPT. */
interface InFlight {
  confirm(frame: IFrame): void;
  /** The connection ended before the receipt: the frame may never have been processed. */
  lost(): void;
  /** The broker's reaction shows it refused this very frame. */
  refuse(detail: StompErrorDetail): void;
  /** What the frame belongs to (a Subscription, an outbox item), the same across resends. */
  owner: object;
  /** Set by `track`: the frame's place in the send order, and the last frame sent without a receipt before it. */
  seq?: number;
  blindBefore?: number;
}

export interface PublishFrame {
  destination: string;
  body: string;
  binaryBody?: Uint8Array;
  headers: StompHeaders;
}

interface OutboxItem {
  frame: PublishFrame;
  receipt: boolean;
  resolve(receipt: IFrame | undefined): void;
  reject(error: Error): void;
}

const SECRET_HEADER = /^(passcode|authorization|token|access[-_]?token|password)[ \t]*:.*$/gim;

/** Hides credentials in a frame dump before it reaches the console. */
export function redact(text: string): string {
  return text.replace(SECRET_HEADER, (line) => `${line.slice(0, line.indexOf(':'))}:[redacted]`);
}

/** A stompjs debug function: frames to the console with credentials redacted, or nothing. */
export function debugLog(on: boolean): (message: string) => void {
  return on ? (message) => console.debug('[stomp-elements]', redact(message)) : () => {};
}

function headersOf(frame: IFrame): StompHeaders {
  return { ...frame.headers };
}

/** A subscription owned by an element; re-subscribed after every reconnect until closed or refused. */
export class Subscription {
  /** The STOMP subscription id (the `id` header). */
  readonly id: string;
  /** Set once the broker refused it. */
  refused = false;
  #active = false;
  #closed = false;
  readonly #handle: StompHandle;
  readonly #sink: SubscriptionSink;

  constructor(
    handle: StompHandle,
    readonly destination: string,
    readonly headers: StompHeaders,
    sink: SubscriptionSink,
  ) {
    this.#handle = handle;
    this.#sink = sink;
    this.id = headers.id ?? handle.nextId('sub');
  }

  /** Sends SUBSCRIBE with a receipt; called by the handle whenever the session is up. */
  open(client: Client): void {
    if (this.#closed || this.refused) return;
    const receipt = this.#handle.nextId('subscribed');
    this.#handle.track(receipt, {
      confirm: () => this.#setActive(true),
      lost: () => this.#setActive(false),
      refuse: (detail) => this.refuse(detail),
      owner: this,
    });
    client.subscribe(this.destination, (m) => this.#closed || this.#sink.message(m), {
      ...this.headers,
      id: this.id,
      receipt,
    });
  }

  /** The session under it ended; it will be opened again on reconnect. */
  drop(): void {
    this.#setActive(false);
  }

  refuse(detail: StompErrorDetail): void {
    this.refused = true;
    this.#setActive(false);
    this.#sink.refused({ ...detail, destination: this.destination });
  }

  /** Unsubscribes (when connected) and forgets it. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#handle.forget(this);
    this.#active = false;
  }

  #setActive(active: boolean): void {
    if (this.#closed || this.#active === active) return;
    this.#active = active;
    this.#sink.subscribed(active);
  }
}

/**
 * One STOMP connection: a stompjs Client plus what the kit adds on top of it.
 */
export class StompHandle {
  readonly client = new Client();
  state: ConnectionState = 'disconnected';
  disposed = false;
  /** How many publishes may wait in the outbox while offline. */
  outboxMax = 100;
  /** The largest body, in bytes, `publish()` sends; 0: no limit. */
  sizeMax = 0;
  retry: RetryPolicy = { delay: 5000, maxDelay: 60000, exponential: true, maxAttempts: 0 };

  #seq = 0;
  /** The last frame sent without a receipt (its fate unknown), and the newest frame the broker confirmed. */
  #lastBlind = 0;
  #lastBlindAt = 0;
  #processed = 0;
  /** Frames the broker hung up on once; a second time in a row means it refuses them. */
  readonly #suspects = new WeakSet<object>();
  /** The suspect sent alone after a reconnect; everything else waits for its receipt. */
  #isolating?: object;
  /** Subscriptions opened on the current session. */
  readonly #opened = new WeakSet<Subscription>();
  readonly #subscriptions = new Set<Subscription>();
  readonly #inFlight = new Map<string, InFlight>();
  readonly #outbox: OutboxItem[] = [];
  readonly #watchers = new Set<(handle: StompHandle) => void>();
  /** Set when the page itself ends the session, so close events are not mistaken for refusals. */
  #closingOnPurpose = false;
  /** An ERROR frame arrived on the current socket. */
  #errorSeen = false;
  #heartbeatLost = false;
  #urls: string[] = [];
  #urlIndex = 0;
  /** Failed attempts since the last successful connection. */
  #failures = 0;
  #timer?: ReturnType<typeof setTimeout>;

  readonly #events: HandleEvents;

  constructor(events: HandleEvents) {
    this.#events = events;
    const client = this.client;
    client.onConnect = (frame) => this.#onConnect(frame);
    client.onStompError = (frame) => this.#onStompError(frame);
    client.onWebSocketClose = (ev: CloseEvent) => this.#onSocketClose(ev);
    client.onWebSocketError = () =>
      events.socketError(`WebSocket error on ${client.brokerURL ?? '(no broker-url)'}`);
    client.onHeartbeatLost = () => (this.#heartbeatLost = true);
  }

  nextId(prefix: string): string {
    return `${prefix}-${++this.#seq}`;
  }

  /** Calls `fn` whenever the state changes or the handle is disposed. Returns the unwatch function. */
  watch(fn: (handle: StompHandle) => void): () => void {
    this.#watchers.add(fn);
    return () => this.#watchers.delete(fn);
  }

  /** (Re)starts the client with these settings. */
  async start(options: HandleOptions): Promise<void> {
    const client = this.client;
    if (client.active || this.#timer) await this.stop();
    // Heartbeats, timeout and debug are set on the client by the element as they change.
    client.configure({
      // The handle schedules retries itself (backoff, jitter, failover, online/visible).
      reconnectDelay: 0,
      // A link that went silent cannot finish a close handshake: drop the socket at once.
      discardWebsocketOnCommFailure: true,
      beforeConnect: async (c) => {
        this.#errorSeen = false;
        this.#heartbeatLost = false;
        c.connectHeaders = await options.prepare();
      },
    });
    this.#urls = options.brokerURLs;
    this.#urlIndex = this.#failures = 0;
    this.#closingOnPurpose = false;
    this.#setState('connecting');
    this.#attempt();
  }

  /** Tries at once instead of waiting out the backoff (back online, page visible again). */
  retryNow(): void {
    if (this.state === 'reconnecting' && this.#timer) this.#attempt();
  }

  /** Ends the session and stops reconnecting. Subscriptions and the outbox are kept for `start()`. */
  async stop(): Promise<void> {
    this.#closingOnPurpose = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.client.deactivate();
    this.#setState('disconnected');
  }

  #attempt(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.client.brokerURL = this.#urls[this.#urlIndex];
    this.client.activate();
  }

  /** After a close the page did not ask for: wait (backoff with jitter), then try the next URL. */
  #scheduleRetry(): void {
    const { delay, maxDelay, exponential, maxAttempts } = this.retry;
    const failures = ++this.#failures;
    if (delay <= 0 || (maxAttempts > 0 && failures > maxAttempts)) {
      if (delay > 0) {
        this.#events.stompError({
          message: `Gave up reconnecting after ${maxAttempts} failed attempts (max-reconnect-attempts); call connect() to try again.`,
          headers: {},
          body: '',
        });
      }
      this.#setState('disconnected');
      return;
    }
    const base = exponential ? Math.max(delay, Math.min(maxDelay, delay * 2 ** (failures - 1))) : delay;
    // ±20 % jitter, so the pages of a whole audience do not reconnect in step after a broker restart.
    const wait = Math.round(base * (0.8 + Math.random() * 0.4));
    this.#urlIndex = (this.#urlIndex + 1) % this.#urls.length;
    this.#timer = setTimeout(() => this.#attempt(), wait);
    this.#setState('reconnecting', wait);
  }

  /** Stops for good: the outbox is rejected, consumers are told to let go. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.stop();
    for (const item of this.#outbox.splice(0)) {
      item.reject(new Error(`The <stomp-connection> was removed before this message to ${item.frame.destination} could be sent.`));
    }
    this.#notify();
  }

  subscribe(destination: string, headers: StompHeaders, sink: SubscriptionSink): Subscription {
    const sub = new Subscription(this, destination, headers, sink);
    this.#subscriptions.add(sub);
    if (this.client.connected && !this.#isolating) this.#open(sub);
    return sub;
  }

  /** Called by Subscription.close. */
  forget(sub: Subscription): void {
    this.#subscriptions.delete(sub);
    if (this.client.connected && !sub.refused) {
      this.client.unsubscribe(sub.id);
      this.#blind();
    }
  }

  /** Registers a frame whose RECEIPT we wait for. */
  track(receiptId: string, entry: InFlight): void {
    entry.seq = this.#seq;
    // A broker refuses within milliseconds: a blind frame older than a second was accepted.
    entry.blindBefore = performance.now() - this.#lastBlindAt < 1000 ? this.#lastBlind : 0;
    this.#inFlight.set(receiptId, entry);
    this.client.watchForReceipt(receiptId, (frame) => {
      if (!this.#inFlight.delete(receiptId)) return;
      this.#processed = Math.max(this.#processed, entry.seq!);
      this.#suspects.delete(entry.owner);
      entry.confirm(frame);
      if (this.#isolating === entry.owner) {
        this.#isolating = undefined;
        this.#restore();
      }
    });
  }

  /** Notes a frame sent without a receipt. */
  #blind(): void {
    this.#lastBlind = ++this.#seq;
    this.#lastBlindAt = performance.now();
  }

  /**
   * The frame a broker error is about. The broker handles frames in order and confirms each
   * receipt before reading the next, so it is the oldest unconfirmed one — unless a frame sent
   * without a receipt, not yet known to be processed, came before it and may be the culprit.
   */
  #culprit(pending: InFlight[]): InFlight | undefined {
    const oldest = pending[0];
    return oldest && oldest.blindBefore! <= this.#processed ? oldest : undefined;
  }

  /**
   * Sends now when connected, otherwise queues in the outbox. Resolves when sent, or with the
   * RECEIPT frame when `receipt` is set.
   */
  publish(frame: PublishFrame, receipt: boolean): Promise<IFrame | undefined> {
    return new Promise((resolve, reject) => {
      const item: OutboxItem = { frame, receipt, resolve, reject };
      const max = this.sizeMax;
      const size = max && (frame.binaryBody ?? new TextEncoder().encode(frame.body)).length;
      if (size > max) {
        return reject(new Error(`The message to ${frame.destination} is ${size} bytes, above max-message-size (${max}): not sent.`));
      }
      if (this.sendsNow) return this.#send(item);
      const limit = this.outboxMax;
      if (this.#outbox.length >= limit) {
        return reject(
          new Error(`Not connected and the outbox is full (${limit} messages waiting): the message to ${frame.destination} was not queued.`),
        );
      }
      this.#outbox.push(item);
    });
  }


  /** A publish now goes out at once (connected, nothing waiting in the outbox). */
  get sendsNow(): boolean {
    return this.client.connected && this.#outbox.length === 0 && !this.#isolating;
  }

  #send(item: OutboxItem): void {
    const { frame } = item;
    let headers = frame.headers;
    if (item.receipt) {
      const receiptId = this.nextId('receipt');
      headers = { ...headers, receipt: receiptId };
      this.track(receiptId, {
        confirm: (r) => item.resolve(r),
        // At-least-once: a receipted publish the broker never confirmed goes out again.
        lost: () => this.#outbox.unshift(item),
        refuse: (detail) => item.reject(new Error(detail.message)),
        owner: item,
      });
    }
    this.client.publish({ destination: frame.destination, body: frame.body, binaryBody: frame.binaryBody, headers });
    if (!item.receipt) {
      this.#blind();
      item.resolve(undefined);
    }
  }

  #onConnect(frame: IFrame): void {
    this.#failures = 0;
    this.#setState('connected');
    this.#events.connect(headersOf(frame));
    this.#restore();
  }

  /**
   * Restores the session: subscriptions first, then the outbox, so restored subscribers see what
   * was queued. A frame the broker hung up on last time goes alone first: if the broker hangs up
   * again, it was that one (RabbitMQ may drop other frames' receipts when it closes).
   */
  #restore(): void {
    const subs = [...this.#subscriptions].filter((sub) => !this.#opened.has(sub));
    const suspect = subs.find((sub) => this.#suspects.has(sub)) ?? this.#outbox.find((item) => this.#suspects.has(item));
    if (suspect) {
      this.#isolating = suspect;
      if (suspect instanceof Subscription) this.#open(suspect);
      else this.#send(this.#outbox.splice(this.#outbox.indexOf(suspect as OutboxItem), 1)[0]);
      return;
    }
    for (const sub of subs) this.#open(sub);
    while (this.#outbox.length && this.client.connected) this.#send(this.#outbox.shift()!);
  }

  #open(sub: Subscription): void {
    this.#opened.add(sub);
    sub.open(this.client);
  }

  #onStompError(frame: IFrame): void {
    this.#errorSeen = true;
    const detail: StompErrorDetail = {
      message: frame.headers.message ?? 'The broker sent an ERROR frame.',
      headers: headersOf(frame),
      body: frame.body,
    };
    // The frame it answers: named by receipt-id, or else the oldest unconfirmed one.
    const about = frame.headers['receipt-id'];
    const entry = about ? this.#inFlight.get(about) : this.#culprit([...this.#inFlight.values()]);
    if (entry) {
      for (const [id, e] of this.#inFlight) if (e === entry) this.#inFlight.delete(id);
      entry.refuse(detail);
    }
    this.#events.stompError(detail);
    // RabbitMQ answers a refused CONNECT with ERROR but leaves the socket open: close it so the
    // retry (with backoff, so a bad login does not hammer the broker) follows.
    if (!this.client.connected && this.client.active) this.client.forceDisconnect();
  }

  #onSocketClose(ev: CloseEvent): void {
    const detail = { code: ev.code, reason: ev.reason, wasClean: ev.wasClean };
    this.#events.socketClose(detail);
    const pending = [...this.#inFlight.values()];
    this.#inFlight.clear();
    this.#isolating = undefined;
    // The broker processes frames in order and confirms each receipt before reading the next, so
    // when it hangs up by itself with no ERROR frame, the oldest unconfirmed frame is the one it
    // refused: RabbitMQ closes with 1000 on a SUBSCRIBE or SEND the user may not do, and with
    // 1009 on a frame over its size limit. (`wasClean` is unreliable: Chromium reports both.)
    const refused = ev.code === 1000 ? 'without an ERROR frame: RabbitMQ refuses so a destination the user may not use, or a body above max_message_size'
      : ev.code === 1009 ? 'as it was too big' : '';
    const culprit = !this.#closingOnPurpose && !this.#errorSeen && !this.#heartbeatLost && refused ? this.#culprit(pending) : undefined;
    // An operator's `close_all_connections` looks the same (1000, "STOMP died"): suspect the frame
    // and send it again first; only a second hang-up on it in a row is a refusal.
    if (culprit && !this.#suspects.has(culprit.owner)) this.#suspects.add(culprit.owner);
    else if (culprit) {
      pending.shift();
      culprit.refuse({
        message: `The broker closed the connection (code ${ev.code}${ev.reason ? `, "${ev.reason}"` : ''}) on this frame ${refused}.`,
        headers: {},
        body: '',
      });
    }
    // Lost receipted publishes go back to the front of the outbox, oldest first.
    for (const entry of pending.reverse()) entry.lost();
    if (this.state === 'connected') this.#endSession(this.#closingOnPurpose);
    if (this.#closingOnPurpose) return this.#setState('disconnected');
    void this.client.deactivate(); // the socket is gone; the handle decides when to try again
    this.#scheduleRetry();
  }

  #endSession(requested: boolean): void {
    for (const sub of this.#subscriptions) {
      sub.drop();
      this.#opened.delete(sub);
    }
    this.#events.disconnect(requested);
  }

  #setState(state: ConnectionState, retryIn?: number): void {
    const previous = this.state;
    if (previous === state && retryIn === undefined) return;
    this.state = state;
    this.#events.state(state, previous, retryIn);
    this.#notify();
  }

  #notify(): void {
    for (const fn of this.#watchers) fn(this);
  }
}
