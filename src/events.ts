// Every event the kit dispatches: its name, its detail's type, and the one dispatch helper.
import type { ConnectionState, StompHeaders, StompMessage } from './connection/connection.js';

export type { ConnectionState, StompHeaders, StompMessage };

/** `stomp-connect`: the broker accepted the CONNECT frame. */
export interface StompConnectDetail {
  /** Headers of the CONNECTED frame (`version`, `server`, `heart-beat`, `session`). */
  headers: StompHeaders;
}

/** `stomp-disconnect`: an established STOMP session ended, cleanly or not. */
export interface StompDisconnectDetail {
  /** True when the page asked for it (`disconnect()`, removal, changed settings). */
  requested: boolean;
}

/**
 * `stomp-error`: something the broker refused. From `<stomp-connection>` for ERROR frames;
 * from `<stomp-subscribe>` when its subscription was refused.
 */
export interface StompErrorDetail {
  /** A sentence a person can read: the broker's `message` header, or what the kit concluded. */
  message: string;
  /** All headers of the ERROR frame (empty when no frame came). */
  headers: StompHeaders;
  /** The ERROR frame's body: the broker's longer explanation. */
  body: string;
  /** The destination concerned, when the error concerns one. */
  destination?: string;
}

/** `stomp-websocket-close`: the WebSocket closed. */
export interface StompWebSocketCloseDetail {
  code: number;
  reason: string;
  wasClean: boolean;
}

/** `stomp-websocket-error`: the WebSocket reported an error (the browser tells no more than this). */
export interface StompWebSocketErrorDetail {
  message: string;
}

/** `stomp-state-change`: the connection state changed. */
export interface StompStateChangeDetail {
  state: ConnectionState;
  previous: ConnectionState;
  /** With `reconnecting`: milliseconds until the next attempt. */
  retryIn?: number;
}

/** `stomp-message`: a MESSAGE frame for a `<stomp-subscribe>`. */
export interface StompMessageDetail {
  /** The body as text. Render it as text: it is untrusted. */
  readonly body: string;
  /** The body as bytes. */
  readonly binaryBody: Uint8Array;
  readonly headers: StompHeaders;
  readonly destination: string;
  /**
   * The parsed body when the content-type is JSON (`application/json`, `…+json`), or when there is
   * no content-type and the body starts with `{` or `[`. `undefined` when it is not JSON.
   */
  readonly json: unknown;
  /** Why `json` is undefined although the body looked like JSON. */
  readonly jsonError: Error | undefined;
  /** A RabbitMQ stream message's offset (its `x-stream-offset` header); undefined for other messages. */
  readonly offset: number | undefined;
  /** Acknowledge (with `ack="client"` or `"client-individual"`). */
  ack(headers?: StompHeaders): void;
  /** Reject (with `ack="client"` or `"client-individual"`). */
  nack(headers?: StompHeaders): void;
  /**
   * Answers a request: sends `body` (a string, an object as JSON, or bytes) to the message's
   * `reply-to` with its `correlation-id`. Rejects when the message has no `reply-to`.
   */
  reply(body?: string | object | Uint8Array, headers?: StompHeaders): Promise<void>;
  /** The message as received (with the stompjs connection, its `IMessage`). */
  readonly message: StompMessage;
}

/** `stomp-resume`: a subscription is back after its connection was lost. */
export interface StompResumeDetail {
  destination: string;
  /**
   * True when messages may have been missed meanwhile (a topic or exchange subscription that is
   * not durable, a temp queue): refetch what the page shows. False for queues, durable topic
   * subscriptions and streams resumed by offset.
   */
  gap: boolean;
  /** How long the subscription was down, in ms. */
  downMs: number;
}

/** `stomp-gap`: a stream no longer has the offsets the subscription asked for (its retention dropped them). */
export interface StompGapDetail {
  destination: string;
  /** The first offset asked for… */
  from: number;
  /** …and the first one the stream still had, now dispatched: `to - from` messages are gone. */
  to: number;
}

/**
 * `stomp-publish`: about to send; cancel it with `preventDefault()`, or change body and headers.
 * Also the frame the elements hand to their connection.
 */
export interface StompPublishDetail {
  destination: string;
  body: string;
  /** Set when bytes are published (`publish(uint8Array)`); `body` is then empty. */
  binaryBody?: Uint8Array;
  headers: StompHeaders;
}

/** `stomp-receipt`: the broker confirmed a publish sent with `receipt`. */
export interface StompReceiptDetail {
  receiptId: string;
  destination: string;
  headers: StompHeaders;
}

/** `stomp-publish-error`: a publish could not be sent. */
export interface StompPublishErrorDetail {
  message: string;
  destination: string;
  body: string;
}

/** Every event the kit dispatches, by name. */
export interface StompEventMap {
  'stomp-connect': CustomEvent<StompConnectDetail>;
  'stomp-disconnect': CustomEvent<StompDisconnectDetail>;
  'stomp-error': CustomEvent<StompErrorDetail>;
  'stomp-websocket-close': CustomEvent<StompWebSocketCloseDetail>;
  'stomp-websocket-error': CustomEvent<StompWebSocketErrorDetail>;
  'stomp-state-change': CustomEvent<StompStateChangeDetail>;
  'stomp-message': CustomEvent<StompMessageDetail>;
  'stomp-resume': CustomEvent<StompResumeDetail>;
  'stomp-gap': CustomEvent<StompGapDetail>;
  'stomp-publish': CustomEvent<StompPublishDetail>;
  'stomp-reply': CustomEvent<StompMessageDetail>;
  'stomp-receipt': CustomEvent<StompReceiptDetail>;
  'stomp-publish-error': CustomEvent<StompPublishErrorDetail>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends StompEventMap {}
}

type DetailOf<K extends keyof StompEventMap> = StompEventMap[K]['detail'];

/**
 * Dispatches a bubbling, composed kit event. Returns false when a listener cancelled it.
 */
export function dispatch<K extends keyof StompEventMap>(
  target: EventTarget,
  name: K,
  detail: DetailOf<K>,
  cancelable = false,
): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }));
}

/** The `stomp-error` detail for an error no ERROR frame came with. */
export function errorDetail(message: string, destination?: string): StompErrorDetail {
  return { message, headers: {}, body: '', destination };
}
