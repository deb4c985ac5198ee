// The one interface between the elements and a STOMP connection. Elements know only this file;
// connection/stomp.ts implements it with @stomp/stompjs, and another implementation (a proxy to a
// connection held by another tab, a test double) can take its place without touching an element.
// Types only: nothing here exists at run time.
import type { StompErrorDetail, StompEventMap, StompPublishDetail } from '../events.js';

/** STOMP frame headers, name → value. */
export type StompHeaders = Record<string, string>;

/** The states a connection goes through; `<stomp-connection>` reflects them in its `state` attribute. */
export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting';

/** A MESSAGE frame as it reached the page (the shape of stompjs's `IMessage`). */
export interface StompMessage {
  readonly command: string;
  readonly headers: StompHeaders;
  /** The body as text. */
  readonly body: string;
  /** The body as bytes. */
  readonly binaryBody: Uint8Array;
  readonly isBinaryBody: boolean;
  /** Acknowledge (subscriptions with `ack: client` or `client-individual`). */
  ack(headers?: StompHeaders): void;
  /** Reject (subscriptions with `ack: client` or `client-individual`). */
  nack(headers?: StompHeaders): void;
}

/** What a subscription tells the element that asked for it. */
export interface SubscriptionSink {
  message(message: StompMessage): void;
  /** True once the broker confirmed the SUBSCRIBE; false when the session under it ended. */
  subscribed(active: boolean): void;
  /** The broker refused this subscription: it is closed and will not be retried. */
  refused(detail: StompErrorDetail): void;
  /**
   * The broker cancelled this subscription (its queue was deleted): the connection subscribes
   * again after `reconnect-delay`, on a fresh session.
   */
  cancelled(detail: StompErrorDetail): void;
  /** Asked before every SUBSCRIBE: headers to add to it (the stream offset to resume from). */
  reopen?(): StompHeaders;
}

/**
 * What became of a publish at once: `sent` (on the wire, nothing to wait for), `confirming` (on
 * the wire, waiting for its RECEIPT), `queued` (waiting in the outbox for a connection), or
 * `refused` (never sent; `done` rejects with the reason).
 */
export type PublishStatus = 'sent' | 'confirming' | 'queued' | 'refused';

export interface Publication {
  readonly status: PublishStatus;
  /**
   * Resolves once sent (with nothing) or confirmed (with the RECEIPT frame's headers); rejects
   * with an error a person can read when it cannot be sent.
   */
  readonly done: Promise<StompHeaders | undefined>;
}

/** The connection as the consuming elements (`<stomp-subscribe>`, `<stomp-publish>`) see it. */
export interface Connection {
  readonly state: ConnectionState;
  /** True once the connection is gone for good (its `<stomp-connection>` left the page). */
  readonly closed: boolean;
  /** Names the broker and vhost, for what outlives the page (stream offsets kept with `resume`). */
  readonly key: string;
  /** Calls `fn` on every state change and when the connection closes; returns the unwatch function. */
  watch(fn: (connection: Connection) => void): () => void;
  /**
   * Subscribes now if connected, and again after every reconnect, until the returned function is
   * called or the broker refuses it. `headers.id`, when set, is the STOMP subscription id.
   */
  subscribe(destination: string, headers: StompHeaders, sink: SubscriptionSink): () => void;
  /** Sends now when it can, otherwise queues in the outbox (with a `receipt`, until confirmed). */
  publish(frame: StompPublishDetail, receipt: boolean): Publication;
  /**
   * Publishes `frame` as a request — `reply-to` the connection's temp queue, a `correlation-id` of
   * its own — and resolves with the reply. Rejects when none comes within `timeout` ms, or when
   * the connection is lost after the request went out (a temp queue dies with its session).
   */
  request(frame: StompPublishDetail, timeout: number): Promise<StompMessage>;
}

/** The events a connection reports to the `<stomp-connection>` that owns it, which dispatches them. */
export type ConnectionEventName =
  | 'stomp-connect'
  | 'stomp-disconnect'
  | 'stomp-error'
  | 'stomp-websocket-close'
  | 'stomp-websocket-error'
  | 'stomp-state-change';

export type Emit = <K extends ConnectionEventName>(name: K, detail: StompEventMap[K]['detail']) => void;

/**
 * The settings a connection reads whenever it needs them (a retry, a publish, a new attempt): the
 * `<stomp-connection>` element itself, whose properties have these names.
 */
export interface ConnectionSettings {
  readonly brokerUrl: string;
  readonly vhost?: string;
  readonly heartbeatIncoming: number;
  readonly heartbeatOutgoing: number;
  /** `worker`: heartbeats timed by a Worker, which a hidden tab does not throttle; `interval`: setInterval. */
  readonly heartbeatStrategy: 'worker' | 'interval';
  readonly connectionTimeout: number;
  readonly debug: boolean;
  readonly outboxLimit: number;
  readonly maxMessageSize: number;
  readonly reconnectDelay: number;
  readonly maxReconnectDelay: number;
  readonly backoff: 'exponential' | 'linear';
  readonly maxReconnectAttempts: number;
  /** WebSocket subprotocols to offer, space-separated; none: STOMP's own (`v12.stomp v11.stomp v10.stomp`). */
  readonly protocols?: string;
  /** Send every frame as a binary WebSocket message (a bridge such as websockify takes no text). */
  readonly binary: boolean;
  /** Makes the socket for a broker URL (SockJS, custom subprotocols, a test double); none: `new WebSocket`. */
  readonly webSocketFactory?: (url: string) => StompSocket;
}

/** What a `webSocketFactory` returns: a WebSocket, or anything that behaves like one (SockJS). */
export interface StompSocket {
  url: string;
  readonly readyState: number;
  binaryType?: string;
  onclose: ((ev?: any) => any) | null;
  onerror: ((ev: any) => any) | null;
  onmessage: ((ev: any) => any) | null;
  onopen: ((ev?: any) => any) | null;
  close(): void;
  send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void;
}

/** What a session is made with. */
export interface SessionOptions {
  /** Tried in turn: each retry moves on to the next URL (failover across cluster nodes). */
  brokerURLs: string[];
  /** Called before every attempt; resolves with the CONNECT headers (login, passcode, host…). */
  connectHeaders: () => Promise<StompHeaders>;
}

/** The owner's side (`<stomp-connection>`): start and stop it. */
export interface OwnedConnection extends Connection {
  /** (Re)starts the session. */
  start(session: SessionOptions): Promise<void>;
  /**
   * Ends the session and stops reconnecting; subscriptions and the outbox wait for `start()`.
   * `now`: the socket closes at once after the DISCONNECT, without waiting for its receipt (the
   * page is going into the back/forward cache, which an open WebSocket keeps it out of).
   */
  stop(now?: boolean): Promise<void>;
  /** Tries at once instead of waiting out the backoff (back online, page visible again). */
  retryNow(): void;
  /**
   * The page is back after `asleepMs` frozen: a session that cannot have lived through it is
   * replaced at once, and the next retry does not wait.
   */
  wake(asleepMs: number): void;
  /** Stops for good: the outbox is rejected, consumers are told to let go. */
  close(): Promise<void>;
}
