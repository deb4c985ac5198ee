// The Connection the elements use, made of a @stomp/stompjs Client: the only module that imports
// @stomp/stompjs. It runs the connection's state machine and puts the other parts together:
// retry.ts (when to try again), subscriptions.ts, outbox.ts, receipts.ts (what the broker
// confirmed or refused) and redact.ts (debug output without secrets).
import { Client, TickerStrategy, type IFrame } from '@stomp/stompjs';
import { errorDetail, type StompErrorDetail, type StompPublishDetail } from '../events.js';
import { ConnectionBase, removedBefore } from './base.js';
import type {
  ConnectionSettings,
  Emit,
  OwnedConnection,
  Publication,
  SessionOptions,
  StompHeaders,
  StompMessage,
  SubscriptionSink,
} from './connection.js';
import { Pending, type Outbox } from './outbox.js';
import { Receipts } from './receipts.js';
import { Retry } from './retry.js';
import { Subscription } from './subscriptions.js';
import { later, workersAllowed } from './timers.js';

export type { Client };

type Requests = ReturnType<typeof import('./requests.js').requests>;

const SENT: Publication = { status: 'sent', done: Promise.resolve() as Promise<undefined> };

const encoder = new TextEncoder();

function refused(message: string): Publication {
  return { status: 'refused', done: Promise.reject(new Error(message)) };
}

/** One STOMP connection over WebSocket, with the kit's reconnects, outbox and receipts. */
export class StompClientConnection extends ConnectionBase implements OwnedConnection {
  /** The stompjs Client: the same object for the connection's lifetime. */
  readonly client = new Client();

  #session?: SessionOptions;
  readonly #retry = new Retry();
  readonly #receipts = new Receipts();
  readonly #outbox: Outbox = [];
  readonly #subscriptions = new Set<Subscription>();
  /** Set when the page itself ends the session, so close events are not mistaken for refusals. */
  #closingOnPurpose = false;
  /** An ERROR frame arrived on the current socket. */
  #errorSeen = false;
  #heartbeatLost = false;
  /** Request/reply, loaded with the first request. */
  #requests?: Requests;
  #loading?: Promise<Requests>;
  /** A fresh session is coming, after a subscription was cancelled: cancels it. */
  #recycle?: () => void;
  /** The page just woke up: the next retry does not wait. */
  #hurry = false;

  constructor(emit: Emit, settings: ConnectionSettings) {
    super(emit, settings);
    const client = this.client;
    client.configure({
      // Retries are scheduled here (backoff, jitter, failover, online/visible), not by stompjs.
      reconnectDelay: 0,
      // A link that went silent cannot finish a close handshake: drop the socket at once.
      discardWebsocketOnCommFailure: true,
      // Before every attempt: the settings of the moment, and fresh CONNECT headers.
      beforeConnect: async (c) => {
        this.#errorSeen = this.#heartbeatLost = false;
        c.heartbeatIncoming = settings.heartbeatIncoming;
        c.heartbeatOutgoing = settings.heartbeatOutgoing;
        c.connectionTimeout = settings.connectionTimeout;
        // Redaction is a chunk of its own: only `debug` pages load it. If it cannot load, the
        // browser's console shows the failed import, and nothing is logged unredacted.
        c.debug = settings.debug ? await import('./redact.js').then((m) => m.debugLog, () => () => {}) : () => {};
        // Without debug, stompjs would still write every frame out a second time for a log line
        // nobody reads (`>>> ${frame}`); its raw log line is the frame text it already has.
        c.logRawCommunication = !settings.debug;
        const worker = settings.heartbeatStrategy === 'worker' && workersAllowed();
        if (!worker) c.debug('Heartbeats on setInterval, throttled in hidden tabs (heartbeat-strategy="interval" or CSP without worker-src blob:)');
        c.heartbeatStrategy = worker ? TickerStrategy.Worker : TickerStrategy.Interval;
        c.connectHeaders = await this.#session!.connectHeaders();
        // The socket for this attempt's URL (#attempt set it): the page's factory, or a WebSocket
        // offering the subprotocols asked for. `binary` sends every frame as bytes, heart-beats
        // too (stompjs's forceBinaryWSFrames leaves those text, which websockify refuses).
        const url = c.brokerURL!;
        const protocols = settings.protocols?.trim();
        c.webSocketFactory = () => {
          const ws = settings.webSocketFactory?.(url) ?? new WebSocket(url, protocols ? protocols.split(/\s+/) : c.stompVersions!.protocolVersions());
          if (settings.binary) {
            const send = ws.send.bind(ws);
            ws.send = (data) => send(typeof data === 'string' ? encoder.encode(data) : data);
          }
          return ws;
        };
      },
      onConnect: (frame) => this.#onConnect(frame),
      onStompError: (frame) => this.#onStompError(frame),
      onWebSocketClose: (ev: CloseEvent) => this.#onSocketClose(ev),
      onWebSocketError: () => emit('stomp-websocket-error', { message: `WebSocket error on ${client.brokerURL ?? '(no broker-url)'}` }),
      onHeartbeatLost: () => (this.#heartbeatLost = true),
      // Replies to the temp queue belong to no subscription: matched to their request, never dispatched as strays.
      onUnhandledMessage: (m) => this.#requests?.reply(m),
    });
  }

  async start(session: SessionOptions): Promise<void> {
    if (this.client.active || this.#retry._timer) await this.stop();
    this.#session = session;
    this.#retry._reset(session.brokerURLs);
    this.#closingOnPurpose = false;
    this.setState('connecting');
    this.#attempt();
  }

  retryNow(): void {
    if (this.state === 'reconnecting' && this.#retry._timer) this.#attempt();
  }

  wake(asleepMs: number): void {
    // The broker gives up on a client silent for about two heart-beats: that session is gone.
    const { heartbeatIncoming, heartbeatOutgoing } = this.settings;
    if (asleepMs > 2 * Math.max(heartbeatIncoming, heartbeatOutgoing, 1000)) {
      this.#hurry = true;
      if (this.client.connected) {
        this.#heartbeatLost = true; // a dead link, not a refusal
        this.client.forceDisconnect();
      }
    }
    this.retryNow();
  }

  async stop(now = false): Promise<void> {
    this.#closingOnPurpose = true;
    this.#retry._cancel();
    this.#recycle?.();
    this.#recycle = undefined;
    const stopping = this.client.deactivate(); // sends DISCONNECT now
    if (now) this.client.webSocket?.close();
    await stopping;
    this.setState('disconnected');
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.stop();
    this.#requests?.close();
    for (const item of this.#outbox.splice(0)) {
      item._refused(errorDetail(removedBefore(item._frame.destination)));
    }
    this.notify();
  }

  subscribe(destination: string, headers: StompHeaders, sink: SubscriptionSink): () => void {
    const sub = new Subscription(headers.id ?? this.#receipts._id('sub'), destination, headers, sink, this.#subscriptions);
    if (this.client.connected && !this.#receipts._isolating) this.#open(sub);
    return () => {
      if (sub._gone) return;
      sub._close();
      if (this.client.connected) {
        this.client.unsubscribe(sub._id);
        this.#receipts._blind();
      }
    };
  }

  publish(frame: StompPublishDetail, receipt: boolean): Publication {
    const max = this.settings.maxMessageSize;
    const size = max && (frame.binaryBody ?? encoder.encode(frame.body)).length;
    if (size > max) return refused(`The message to ${frame.destination} is ${size} bytes, above max-message-size (${max}): not sent.`);
    const outbox = this.#outbox;
    // A publish goes out at once when connected and nothing waits before it.
    if (this.client.connected && !outbox.length && !this.#receipts._isolating) {
      if (!receipt) {
        this.#sendFrame(frame);
        return SENT;
      }
      const item = new Pending(frame, true, outbox);
      this.#send(item);
      return { status: 'confirming', done: item._done };
    }
    const limit = this.settings.outboxLimit;
    if (outbox.length >= limit) {
      return refused(`Not connected and the outbox is full (${limit} messages waiting): the message to ${frame.destination} was not queued.`);
    }
    const item = new Pending(frame, receipt, outbox);
    outbox.push(item);
    return { status: 'queued', done: item._done };
  }

  async request(frame: StompPublishDetail, timeout: number): Promise<StompMessage> {
    this.#loading ??= import('./requests.js').then((m) => (this.#requests = m.requests((f) => this.publish(f, true))));
    return (await this.#loading).send(frame, timeout);
  }

  #attempt(): void {
    this.#retry._cancel();
    this.client.brokerURL = this.#retry._url;
    this.client.activate();
  }

  /** After a close the page did not ask for: wait (backoff with jitter), then try the next URL. */
  #scheduleRetry(): void {
    const settings = this.settings;
    const wait = this.#retry._schedule(settings, () => this.#attempt(), this.#hurry);
    this.#hurry = false;
    if (wait != null) return this.setState('reconnecting', wait);
    if (settings.reconnectDelay > 0) {
      this.emit('stomp-error', errorDetail(`Gave up reconnecting after ${settings.maxReconnectAttempts} failed attempts (max-reconnect-attempts); call connect() to try again.`));
    }
    this.setState('disconnected');
  }

  /** A receipt id for `frame`, whose RECEIPT is now awaited; one that ends an isolation lets the rest of the session go. */
  #track(frame: Pending | Subscription, prefix: string): string {
    const id = this.#receipts._track(frame, prefix);
    this.client.watchForReceipt(id, (receipt) => this.#receipts._confirm(id, { ...receipt.headers }) && this.#restore());
    return id;
  }

  /** SEND; `receipt`, the id of the RECEIPT to wait for, or none (then its fate stays unknown). */
  #sendFrame(frame: StompPublishDetail, receipt?: string): void {
    this.client.publish(receipt ? { ...frame, headers: { ...frame.headers, receipt } } : frame);
    if (!receipt) this.#receipts._blind();
  }

  #send(item: Pending): void {
    if (!item._receipt) {
      this.#sendFrame(item._frame);
      return item._confirmed();
    }
    this.#sendFrame(item._frame, this.#track(item, 'receipt'));
  }

  #open(sub: Subscription): void {
    sub._opened = true;
    this.client.subscribe(sub._destination, sub._deliver, sub._subscribeHeaders(this.#track(sub, 'subscribed')));
  }

  #onConnect(frame: IFrame): void {
    this.#retry._succeeded();
    this.setState('connected');
    this.emit('stomp-connect', { headers: { ...frame.headers } });
    this.#restore();
  }

  /**
   * Restores the session: subscriptions first, then the outbox, so restored subscribers see what
   * was queued. A frame the broker hung up on last time goes alone first: if the broker hangs up
   * again, it was that one (RabbitMQ may drop other frames' receipts when it closes).
   */
  #restore(): void {
    const receipts = this.#receipts;
    const outbox = this.#outbox;
    const subs = [...this.#subscriptions].filter((sub) => !sub._opened);
    const suspect = subs.find((sub) => receipts._suspect(sub)) ?? outbox.find((item) => receipts._suspect(item));
    if (suspect) {
      receipts._isolating = suspect;
      if (suspect instanceof Subscription) this.#open(suspect);
      else this.#send(outbox.splice(outbox.indexOf(suspect), 1)[0]);
      return;
    }
    for (const sub of subs) this.#open(sub);
    while (outbox.length && this.client.connected) this.#send(outbox.shift()!);
  }

  #onStompError(frame: IFrame): void {
    const detail: StompErrorDetail = {
      message: frame.headers.message ?? 'The broker sent an ERROR frame.',
      headers: { ...frame.headers },
      body: frame.body,
    };
    // RabbitMQ cancels a subscription whose queue was deleted with an ERROR frame naming it, and
    // keeps the connection open; that subscription's element reports it.
    const cancelled = [...this.#subscriptions].find((sub) => sub._id === frame.headers.subscription);
    if (cancelled) return this.#cancelled(cancelled, detail);
    this.#errorSeen = true;
    this.#receipts._error(detail, frame.headers['receipt-id']);
    this.emit('stomp-error', detail);
    // RabbitMQ answers a refused CONNECT with ERROR but leaves the socket open: close it so the
    // retry (with backoff, so a bad login does not hammer the broker) follows.
    if (!this.client.connected && this.client.active) this.client.forceDisconnect();
  }

  /**
   * RabbitMQ declares each destination once per connection: a second SUBSCRIBE to the cancelled
   * one on this session would make it close the socket. So after `reconnect-delay` the
   * connection starts a fresh session on purpose, which opens every subscription again.
   */
  #cancelled(sub: Subscription, detail: StompErrorDetail): void {
    sub._cancelled(detail);
    if (this.#recycle) return;
    this.#recycle = later(async () => {
      // A session lost meanwhile is being restored anyway.
      if (this.state !== 'connected') return (this.#recycle = undefined);
      this.#closingOnPurpose = true;
      await this.client.deactivate();
      if (!this.#recycle) return; // stopped meanwhile
      this.#recycle = undefined;
      this.#closingOnPurpose = false;
      this.#attempt();
    }, this.settings.reconnectDelay);
  }

  #onSocketClose(ev: CloseEvent): void {
    this.emit('stomp-websocket-close', { code: ev.code, reason: ev.reason, wasClean: ev.wasClean });
    // When the broker hangs up by itself with no ERROR frame, the oldest unconfirmed frame is the
    // one it refused: RabbitMQ closes with 1000 on a SUBSCRIBE or SEND the user may not do, and
    // with 1009 on a frame over its size limit. (`wasClean` is unreliable: Chromium reports both.)
    const why = ev.code === 1000 ? 'without an ERROR frame: RabbitMQ refuses so a destination the user may not use, or a body above max_message_size'
      : ev.code === 1009 ? 'as it was too big' : '';
    const byItself = !this.#closingOnPurpose && !this.#errorSeen && !this.#heartbeatLost && why;
    this.#receipts._closed(byItself ? `The broker closed the connection (code ${ev.code}${ev.reason ? `, "${ev.reason}"` : ''}) on this frame ${why}.` : undefined);
    this.#requests?.lost();
    if (this.state === 'connected') {
      for (const sub of this.#subscriptions) sub._drop();
      this.emit('stomp-disconnect', { requested: this.#closingOnPurpose && !this.#recycle });
    }
    if (this.#recycle) return this.setState('reconnecting', 0);
    if (this.#closingOnPurpose) return this.setState('disconnected');
    void this.client.deactivate(); // the socket is gone; the retry decides when to try again
    this.#scheduleRetry();
  }

}
