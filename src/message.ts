// The `stomp-message` detail: a received message as the page reads it.
import type { Connection, StompHeaders, StompMessage } from './connection/connection.js';
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
    // A chunk of its own in the drop-in bundle: only responders load it.
    return import('./reply.js').then((m) => m.reply(this, this.#connection, body, headers));
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
