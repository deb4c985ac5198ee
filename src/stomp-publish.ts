import { ReactiveElement, unsafeCSS } from '@lit/reactive-element';
import type { Connection, StompHeaders } from './connection/connection.js';
import { ConnectionController } from './connection/context.js';
import { headersConverter, noDestination, numbersChecked, readHeaders } from './attributes.js';
import { frameOf } from './body.js';
import { defineElements } from './define-elements.js';
import { ID_HEADER, newId } from './dedupe.js';
import { dispatch, type StompEventMap, type StompMessageDetail, type StompPublishDetail } from './events.js';
import { MessageDetail } from './message.js';
import { Templates } from './templates.js';
import { slotted } from './slots.js';
import { customStates } from './states.js';
import { targetOf } from './target.js';

const CLICKABLE = 'button, input[type="button"], input[type="submit"]';

/** form.ts is a chunk of its own in the drop-in bundle, loaded once a publisher holds a form. */
let forms: Promise<typeof import('./form.js')> | undefined;
const loadForms = () => (forms ??= import('./form.js'));
/**
 * Publishes a message to a STOMP destination: when a slotted button is clicked, when a slotted
 * form is submitted (its fields as JSON), or when `publish()` is called. While the connection is
 * down, messages wait in the connection's outbox and go out after the reconnect.
 *
 * A slotted `<form>` is checked by the browser's own constraint validation (`required`,
 * `pattern`, `min`…) before anything is sent; number and range fields become JSON numbers,
 * checkboxes booleans, multiple selects arrays; fields named `header:NAME` become STOMP headers.
 * The form resets after a successful send unless `no-reset` is set.
 *
 * `<template data-on="sent">`, `<template data-on="stomp-receipt">` and
 * `<template data-on="stomp-publish-error">` children render the outcome of the last publish
 * (placeholders as in `<stomp-subscribe>`, filled from that event's detail).
 *
 * @tagname stomp-publish
 * @summary Sends messages to a STOMP destination.
 *
 * @attr {string} destination - Where to send: `/queue/name`, `/topic/key`, `/exchange/name/key`, …
 * @attr {string} body - The body sent by a button click or `publish()` without arguments.
 * @attr {string} content-type - The `content-type` header.
 * @attr {string} headers - Extra SEND headers as a JSON object, e.g. `{"persistent": true}`.
 * @attr {boolean} receipt - Ask the broker for a RECEIPT; `publish()` then resolves when it arrives.
 * @attr {string} connection - Id of the `<stomp-connection>` to use instead of the nearest ancestor.
 * @attr {boolean} no-reset - Keep a slotted form's values after a successful send.
 * @attr {string} target - Id of the element the outcome templates render into; by default the element itself.
 * @attr {boolean} expect-reply - A click or a form publishes as a request (`request()`): the reply is a `stomp-reply` event and renders through `<template data-on="stomp-reply">`.
 * @attr {number} reply-timeout - Milliseconds `request()` waits for the reply. Default 10000.
 * @attr {number} pending - Reflected, read-only: publishes from this element waiting in the outbox (or for their RECEIPT, with `receipt`).
 *
 * @fires {CustomEvent<StompPublishDetail>} stomp-publish - Before sending; cancelable. Listeners may change `detail.body` and `detail.headers`.
 * @fires {CustomEvent<StompReceiptDetail>} stomp-receipt - The broker confirmed a publish sent with `receipt`.
 * @fires {CustomEvent<StompPublishErrorDetail>} stomp-publish-error - A publish could not be sent, or a request got no reply: `detail.message` says why.
 * @fires {CustomEvent<StompMessageDetail>} stomp-reply - The reply to a request.
 *
 * @slot - A `<button>` that publishes `body` when clicked, or a `<form>` that publishes its fields.
 */
export class StompPublish extends ReactiveElement {
  // No box of its own: a slotted form or button lays out as if it stood in the page.
  static override styles = unsafeCSS(':host{display:contents}');

  static override properties = {
    destination: {},
    body: {},
    contentType: { attribute: 'content-type' },
    headers: { converter: headersConverter },
    receipt: { type: Boolean },
    connection: {},
    noReset: { type: Boolean, attribute: 'no-reset' },
    target: {},
    pending: { type: Number, reflect: true },
    expectReply: { type: Boolean, attribute: 'expect-reply' },
    replyTimeout: { type: Number, attribute: 'reply-timeout' },
  };
  static {
    numbersChecked(this.properties); // a numeric attribute with text that is no number warns
  }

  /** Registers the element as `tag` (default `stomp-publish`); false (and a warning) when another class holds it. */
  static define(tag = 'stomp-publish', registry = customElements): boolean {
    return defineElements({ [tag]: this }, registry);
  }

  destination = '';
  body = '';
  contentType?: string;
  /** Extra SEND headers. */
  headers: Record<string, string> = {};
  receipt = false;
  /** Id of the `<stomp-connection>` to use; by default the nearest ancestor. */
  connection?: string;
  /** Keep a slotted form's values after a successful send. */
  noReset = false;
  /** Id of the element the outcome templates render into. */
  target?: string;
  /** Publishes from this element still waiting to be sent or confirmed (requests: answered). */
  pending = 0;
  /** A click or a form publishes as a request; the reply renders through `<template data-on="stomp-reply">`. */
  expectReply = false;
  /** How long `request()` waits for the reply, in ms. */
  replyTimeout = 10000;

  readonly #state = customStates(this);
  #unwatch?: () => void;
  readonly #connection = new ConnectionController(this, (connection) => this.#follow(connection));
  /** The outcome template to render next. */
  #outcome: HTMLTemplateElement | null = null;
  readonly #renderer = new Templates(() => ({
    target: targetOf(this, this.target),
    template: this.#outcome,
    mode: 'replace',
    maxItems: 1,
  }));

  constructor() {
    super();
    this.addEventListener('click', this.#onClick);
    this.addEventListener('submit', this.#onSubmit);
  }

  protected override createRenderRoot() {
    return slotted(super.createRenderRoot());
  }

  protected override willUpdate(): void {
    this.#state('pending', this.pending > 0);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.querySelector('form')) void loadForms();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#renderer.cancel();
  }

  /**
   * Publishes `body` (default: the `body` attribute; an object is sent as JSON, a Uint8Array as
   * bytes) with `headers`
   * added to the element's. Resolves once the frame is sent, or when the broker's RECEIPT arrives
   * with `receipt`; resolves without sending when a `stomp-publish` listener cancelled it.
   * Rejects (and dispatches `stomp-publish-error`) when it cannot be sent.
   */
  publish(body?: string | object | Uint8Array, headers: StompHeaders = {}): Promise<void> {
    return this.#send(body, headers) as Promise<void>; // without a timeout it resolves with nothing
  }

  /**
   * Publishes `body` (as `publish()` does) as a request — with `reply-to` the connection's temp
   * queue and a `correlation-id` — and resolves with the reply's message detail (also a
   * `stomp-reply` event). Rejects, with a `stomp-publish-error`, when it cannot be sent, when no
   * reply comes within `timeout` (default `reply-timeout`), or when the connection is lost
   * meanwhile. Resolves with nothing when a `stomp-publish` listener cancelled it.
   */
  request(body?: string | object | Uint8Array, options: { headers?: StompHeaders; timeout?: number } = {}): Promise<StompMessageDetail | undefined> {
    return this.#send(body, options.headers ?? {}, options.timeout ?? this.replyTimeout);
  }

  /** Publishes, or with `timeout` requests; resolves with the reply of a request. */
  async #send(body: string | object | Uint8Array | undefined, headers: StompHeaders, timeout?: number): Promise<MessageDetail | undefined> {
    const destination = this.destination.trim();
    let detail: StompPublishDetail | undefined;
    const fail = (message: string): never => {
      this.#emit('stomp-publish-error', { message, destination, body: detail?.body ?? '' });
      throw new Error(message);
    };
    const read = readHeaders(this, this.headers);
    if ('error' in read) return fail(read.error);
    // An id that stays the same when the message is sent again, for <stomp-subscribe dedupe>.
    const all: StompHeaders = { [ID_HEADER]: newId(), ...read.headers, ...headers };
    if (this.contentType) all['content-type'] = this.contentType;
    detail = frameOf(destination, body ?? this.body, all);
    if (!destination) return fail(noDestination(this));
    const connection = this.#connection.value;
    if (!connection) {
      return fail(`No <stomp-connection> for this <stomp-publish>: put it inside one, or set connection="id"${this.connection ? ` (no connection has id "${this.connection}")` : ''}.`);
    }
    if (!dispatch(this, 'stomp-publish', detail, true)) return;
    const sending = timeout == null ? connection.publish({ ...detail }, this.receipt) : undefined;
    // A publish sent at once, without a receipt to wait for, is never pending: counting it would
    // cost two updates (and two attribute writes) per message for a state no frame ever shows.
    const waits = sending?.status !== 'sent';
    if (waits) this.pending++;
    try {
      if (!sending) {
        const reply = new MessageDetail(await connection.request({ ...detail }, timeout!), connection);
        this.#emit('stomp-reply', reply);
        return reply;
      }
      // A frame already sent has no outcome to wait for: no await, one promise less per publish.
      const receipt = waits ? await sending.done : undefined;
      if (receipt) {
        this.#emit('stomp-receipt', { receiptId: receipt['receipt-id'] ?? '', destination, headers: { ...receipt } });
      }
      this.#render('sent', detail);
    } catch (e) {
      return fail((e as Error).message);
    } finally {
      if (waits) this.pending--;
    }
  }

  /** Dispatches a kit event and renders it through a matching `<template data-on>`. */
  #emit<K extends 'stomp-receipt' | 'stomp-publish-error' | 'stomp-reply'>(name: K, detail: StompEventMap[K]['detail']): void {
    dispatch(this, name, detail);
    this.#render(name, detail);
  }

  #render(outcome: string, detail: unknown): void {
    const template = this.querySelector<HTMLTemplateElement>(`:scope > template[data-on="${outcome}"]`);
    if (!template) return;
    this.#outcome = template;
    this.#renderer.push(detail);
  }

  #follow(connection: Connection | undefined): void {
    this.#unwatch?.();
    const offline = (c?: Connection) => this.#state('offline', c?.state !== 'connected');
    this.#unwatch = connection?.watch(offline);
    offline(connection);
  }

  #onClick = (e: Event): void => {
    const target = (e.target as Element | null)?.closest?.(CLICKABLE);
    // Buttons inside a form publish through the form's submit event instead.
    if (!target || !this.contains(target) || target.closest('form')) return;
    this.#send(undefined, {}, this.expectReply ? this.replyTimeout : undefined).catch(() => {}); // reported as stomp-publish-error
  };

  #onSubmit = (e: Event): void => {
    const form = e.target as HTMLFormElement;
    e.preventDefault(); // publish, never navigate (the browser validated the fields already)
    loadForms().then(
      ({ readForm }) => {
        const { fields, headers } = readForm(form);
        this.#send(fields, headers, this.expectReply ? this.replyTimeout : undefined).then(
          () => this.noReset || form.reset(),
          () => {}, // reported as stomp-publish-error; the fields stay for another try
        );
      },
      (err) => console.warn(`<stomp-publish>: could not load its form reader (${err}); the form was not sent.`, this),
    );
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'stomp-publish': StompPublish;
  }
}
