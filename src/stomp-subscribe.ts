import { ReactiveElement, unsafeCSS } from '@lit/reactive-element';
import { ConnectionController } from './connection/context.js';
import { SubscriptionController, type SubscriptionInputs } from './controllers/subscription.js';
import { headersConverter, noDestination, numbersChecked, readHeaders } from './attributes.js';
import { defineElements } from './define-elements.js';
import type { Delivery } from './delivery.js';
import { dispatch, errorDetail } from './events.js';
import { mayMiss } from './gap.js';
import { MessageDetail } from './message.js';
import type { RenderMode } from './render.js';
import { Templates } from './templates.js';
import { slotted } from './slots.js';
import { customStates } from './states.js';
import { targetOf } from './target.js';

let deliveryModule: typeof import('./delivery.js') | undefined;
const loadDelivery = () => import('./delivery.js').then((m) => (deliveryModule = m));

/** Inputs whose change means a new SUBSCRIBE. */
const SUBSCRIPTION_KEYS = ['destination', 'ack', 'selector', 'subscriptionId', 'headers', 'offset', 'prefetch', 'resume', 'dedupe'] as const;

/**
 * Subscribes to a STOMP destination on its connection and dispatches `stomp-message` for every
 * message. Subscribes again after every reconnect, re-subscribes when its attributes change, and
 * unsubscribes when removed from the page.
 *
 * With a `<template>` child it also renders every message, with no script: `{{body}}`,
 * `{{json.path.to.field}}`, `{{headers.name}}` and `{{destination}}` placeholders in text and
 * attribute values are filled in as text, never as HTML. Rendering is batched per animation frame;
 * messages that arrive while there is no `<template>` child are not rendered.
 *
 * @tagname stomp-subscribe
 * @summary A subscription to a STOMP destination.
 *
 * @attr {string} destination - Required. `/queue/name`, `/topic/key`, `/exchange/name/key`, `/amq/queue/name`, …
 * @attr {'auto'|'client'|'client-individual'} ack - Acknowledgement mode. With `client*`, call `detail.ack()` or `detail.nack()`.
 * @attr {string} selector - A `selector` header, for brokers that filter (not RabbitMQ).
 * @attr {string} subscription-id - The SUBSCRIBE `id`; generated when absent.
 * @attr {string} headers - Extra SUBSCRIBE headers as a JSON object, e.g. `{"prefetch-count": 10, "durable": true}`.
 * @attr {string} connection - Id of the `<stomp-connection>` to use instead of the nearest ancestor.
 * @attr {boolean} subscribed - Reflected, read-only: present while the broker has confirmed the subscription.
 * @attr {'append'|'prepend'|'replace'} mode - How rendered messages are placed: newest last (default), newest first, or only the last.
 * @attr {string} key - A path such as `json.id`: a message whose key was rendered before replaces that rendering in place (upsert).
 * @attr {number} max-items - Keep at most this many rendered messages, dropping the oldest. `0` (default) keeps all.
 * @attr {string} target - Id of the element to render into; by default the element itself (light DOM, so page CSS applies).
 * @attr {string} offset - Reads a RabbitMQ stream from `first`, `last`, `next`, an offset number, or an ISO date/time, and after every reconnect from the message after the last one dispatched. Acknowledges each message itself unless `ack` is set; a `/queue/NAME` destination declares the stream when it does not exist.
 * @attr {number} prefetch - The `prefetch-count`: unacknowledged messages the broker may send ahead. With `offset`, 100 when unset.
 * @attr {string} resume - With `offset`: keeps the last offset dispatched in sessionStorage, so a reloaded page carries on after it. A value names the key; by default the connection and destination.
 * @attr {string} dedupe - Drops (but acknowledges) a message whose id it dispatched before: the `x-stomp-elements-id` header `<stomp-publish>` stamps, or the header named here (`amqp-message-id` for an AMQP producer's `message_id`). Remembers the newest 10,000 ids.
 *
 * @fires {CustomEvent<StompMessageDetail>} stomp-message - A message arrived: `body`, `json`, `headers`, `offset`, `ack()`, `nack()`…
 * @fires {CustomEvent<StompErrorDetail>} stomp-error - The broker refused or cancelled this subscription (`detail.destination`), or an attribute is invalid.
 * @fires {CustomEvent<StompResumeDetail>} stomp-resume - The subscription is back after its connection was lost; `detail.gap` says whether messages may have been missed.
 * @fires {CustomEvent<StompGapDetail>} stomp-gap - The stream no longer had the offsets asked for (its retention dropped them): `detail.from` to `detail.to`.
 *
 * @slot - Content shown inside the element, and rendered messages when there is no `target`.
 * @slot empty - Shown until the first message arrives.
 */
export class StompSubscribe extends ReactiveElement {
  static override styles = unsafeCSS(':host{display:block}'); // a hidden slot is display:none by the UA's [hidden] rule

  static override properties = {
    destination: {},
    ack: {},
    selector: {},
    subscriptionId: { attribute: 'subscription-id' },
    headers: { converter: headersConverter },
    connection: {},
    subscribed: { type: Boolean, reflect: true },
    mode: {},
    key: {},
    maxItems: { type: Number, attribute: 'max-items' },
    target: {},
    offset: {},
    prefetch: { type: Number },
    resume: {},
    dedupe: {},
  };
  static {
    numbersChecked(this.properties); // a numeric attribute with text that is no number warns
  }

  /** Registers the element as `tag` (default `stomp-subscribe`); false (and a warning) when another class holds it. */
  static define(tag = 'stomp-subscribe', registry = customElements): boolean {
    return defineElements({ [tag]: this }, registry);
  }

  destination = '';
  ack: 'auto' | 'client' | 'client-individual' = 'auto';
  selector?: string;
  subscriptionId?: string;
  /** Extra SUBSCRIBE headers. */
  headers: Record<string, string> = {};
  /** Id of the `<stomp-connection>` to use; by default the nearest ancestor. */
  connection?: string;
  /** True while the broker has confirmed the subscription (reflected as the `subscribed` attribute). */
  subscribed = false;
  /** Where rendered messages go: `append` (newest last), `prepend` (newest first), `replace` (only the last). */
  mode: RenderMode = 'append';
  /** Path of the value that identifies a message for upserts, e.g. `json.id`. */
  key?: string;
  /** How many rendered messages to keep; 0 keeps all. */
  maxItems = 0;
  /** Id of the element to render into. */
  target?: string;

  /** Where to start reading a stream: `first`, `last`, `next`, an offset, or an ISO date/time. */
  offset?: string;
  /** The `prefetch-count` header; 0: the broker's default (100 with `offset`). */
  prefetch = 0;
  /** With `offset`: keep the stream position across reloads (sessionStorage); a value names the key. */
  resume?: string;
  /** Drop messages whose id was dispatched before; a value names the id header. */
  dedupe?: string;

  /** The last `stomp-message` detail received. */
  lastMessage?: MessageDetail;
  /** How many messages arrived since the element was created. */
  messageCount = 0;

  /** The `<template>` child messages render through, kept up to date on slotchange. */
  #template: HTMLTemplateElement | null = null;
  /** With `offset` or `dedupe`: what the current subscription adds, drops and remembers. */
  #delivery?: Delivery;
  /** A resume of the current subscription may have missed messages. */
  #gap = false;
  readonly #state = customStates(this);
  readonly #connection = new ConnectionController(this, () => this.#subscription.renew());
  readonly #subscription = new SubscriptionController(this, this.#connection, SUBSCRIPTION_KEYS, () => this.#inputs(), {
    message: (message) => {
      const detail = new MessageDetail(message, this.#connection.value);
      if (this.#delivery?.drop(detail)) return;
      this.lastMessage = detail;
      if (!this.messageCount++) this.#showEmpty(false);
      dispatch(this, 'stomp-message', detail);
      if (this.#template) this.#renderer.push(detail);
      this.#delivery?.shown(detail);
    },
    subscribed: (active) => {
      this.subscribed = active;
      this.#state('subscribed', active);
    },
    refused: (detail) =>
      dispatch(this, 'stomp-error', {
        ...detail,
        message: `Subscription to ${detail.destination} refused: ${detail.message}${this.offset != null ? ' With offset, the queue must be a stream the user may read.' : ''}`,
      }),
    cancelled: (detail) =>
      dispatch(this, 'stomp-error', { ...detail, message: `Subscription to ${detail.destination} cancelled by the broker (${detail.message}); subscribing again on a fresh connection.` }),
    reopen: () => this.#delivery?.reopen() ?? {},
    resumed: (downMs) => {
      this.#state('gap', this.#gap);
      dispatch(this, 'stomp-resume', { destination: this.destination, gap: this.#gap, downMs });
    },
  });
  readonly #renderer = new Templates(() => ({
    target: targetOf(this, this.target),
    template: this.#template,
    mode: this.mode,
    key: this.key,
    maxItems: this.maxItems,
  }));

  protected override createRenderRoot() {
    const root = slotted(super.createRenderRoot(), 'empty');
    // Messages are queued for rendering only while there is a <template> child to render them
    // with: event-only subscriptions then cost no render queue and no animation frames.
    root.addEventListener('slotchange', () => {
      this.#template = this.querySelector(':scope > template');
      if (this.#template) this.#renderer.load();
    });
    return root;
  }

  /** Subscribes again now, even after the broker refused the subscription. */
  resubscribe(): void {
    this.#subscription.renew(true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#renderer.cancel();
  }

  /** Renders what is waiting for the next animation frame now. */
  flush(): void {
    this.#renderer.flush();
  }

  /** Removes the rendered messages (the `empty` slot shows again, the `gap` state goes). */
  clear(): void {
    this.#renderer.clear();
    this.#showEmpty(true);
    this.#state('gap', false);
  }

  #showEmpty(show: boolean): void {
    const slot = this.renderRoot?.querySelector('slot[name="empty"]');
    if (slot) (slot as HTMLElement).hidden = !show;
  }

  /** The SUBSCRIBE this element asks for, or undefined (and a warning and `stomp-error`) when an attribute is invalid. */
  #inputs(): SubscriptionInputs {
    const destination = this.destination.trim();
    if (!destination) return void this.#fail(noDestination(this));
    const read = readHeaders(this, this.headers);
    if ('error' in read) return void this.#fail(read.error);
    const headers = { ...read.headers };
    if (this.ack !== 'auto') headers.ack = this.ack;
    if (this.prefetch) headers['prefetch-count'] = String(this.prefetch);
    if (this.selector) headers.selector = this.selector;
    if (this.subscriptionId) headers.id = this.subscriptionId;
    this.#delivery = undefined;
    if (this.offset != null || this.dedupe != null) {
      // Loaded the first time a subscription needs it; the subscription opens once it is here.
      if (!deliveryModule) {
        return void loadDelivery().then(() => this.#subscription.renew(), (e) => this.#fail(`stomp-elements could not load its delivery module (${e}).`));
      }
      const delivery = deliveryModule.delivery(this, destination, headers, this.#connection.value!.key);
      if (typeof delivery === 'string') return void this.#fail(delivery);
      this.#delivery = delivery;
    }
    this.#gap = this.offset == null && mayMiss(destination, headers);
    return { destination, headers };
  }

  #fail(message: string): void {
    console.warn(message, this);
    dispatch(this, 'stomp-error', errorDetail(message, this.destination));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'stomp-subscribe': StompSubscribe;
  }
}
