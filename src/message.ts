// The `stomp-message` detail: a received message as the page reads it.
import type { Connection, StompHeaders, StompMessage } from './connection/connection.js';
import { frameOf } from './body.js';
import type { StompMessageDetail } from './events.js';

const JSON_TYPE = /^application\/([\w.-]+\+)?json\b/i;

/** The `stomp-message` detail. JSON is parsed on first read, so listeners that never ask pay nothing. */
export class MessageDetail implements StompMessageDetail {
  #parsed?: { json: unknown; jsonError: Error | undefined };

  readonly #connection?: Connection;

  /** `connection`: where `reply()` sends. */
  constructor(readonly message: StompMessage, connection?: Connection) {
    this.#connection = connection;
  }

  get body(): string {
    return this.message.body;
  }
  get binaryBody(): Uint8Array {
    return this.message.binaryBody;
  }
  get headers(): StompHeaders {
    return this.message.headers;
  }
  get destination(): string {
    return this.message.headers.destination ?? '';
  }
  get json(): unknown {
    return this.#parse().json;
  }
  get jsonError(): Error | undefined {
    return this.#parse().jsonError;
  }
  get offset(): number | undefined {
    const offset = this.message.headers['x-stream-offset'];
    return offset === undefined ? offset : +offset;
  }
  ack(headers?: StompHeaders): void {
    this.message.ack(headers);
  }
  nack(headers?: StompHeaders): void {
    this.message.nack(headers);
  }
  reply(body: string | object | Uint8Array = '', headers: StompHeaders = {}): Promise<void> {
    const to = this.headers['reply-to'];
    if (!to || !this.#connection) return Promise.reject(new Error('This message has no reply-to header: nobody asked for a reply.'));
    const correlation = this.headers['correlation-id'];
    const frame = frameOf(to, body, correlation ? { 'correlation-id': correlation, ...headers } : { ...headers });
    return this.#connection.publish(frame, false).done.then(() => {});
  }

  #parse(): { json: unknown; jsonError: Error | undefined } {
    if (this.#parsed) return this.#parsed;
    const type = this.message.headers['content-type'];
    const body = this.body;
    const looksJson = type ? JSON_TYPE.test(type) : /^\s*[[{]/.test(body);
    this.#parsed = { json: undefined, jsonError: undefined };
    if (looksJson) {
      try {
        this.#parsed.json = JSON.parse(body);
      } catch (e) {
        this.#parsed.jsonError = e as Error;
      }
    }
    return this.#parsed;
  }
}
