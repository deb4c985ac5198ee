// A subscription an element asked for: opened again on every new session until the element
// closes it or the broker refuses it. The connection keeps the live ones in a Set.
import type { StompErrorDetail } from '../events.js';
import type { StompHeaders, StompMessage, SubscriptionSink } from './connection.js';
import type { Receipted } from './receipts.js';

export class Subscription implements Receipted {
  /** SUBSCRIBE was sent on the current session. */
  _opened = false;
  /** Closed by its element or refused by the broker: it takes no more messages. */
  _gone = false;
  #active = false;
  readonly #sink: SubscriptionSink;
  readonly #live: Set<Subscription>;

  constructor(
    readonly _id: string,
    readonly _destination: string,
    readonly _headers: StompHeaders,
    sink: SubscriptionSink,
    live: Set<Subscription>,
  ) {
    this.#sink = sink;
    this.#live = live;
    live.add(this);
  }

  /** The MESSAGE callback. */
  _deliver = (message: StompMessage): void => {
    if (!this._gone) this.#sink.message(message);
  };

  _confirmed(): void {
    this.#setActive(true);
  }

  _lost(): void {
    this.#setActive(false);
  }

  /** The headers of the next SUBSCRIBE. */
  _subscribeHeaders(receipt: string): StompHeaders {
    return { ...this._headers, ...this.#sink.reopen?.(), id: this._id, receipt };
  }

  /** The broker cancelled it: it is opened again on the next session. */
  _cancelled(detail: StompErrorDetail): void {
    this._drop();
    this.#sink.cancelled({ ...detail, destination: this._destination });
  }

  _refused(detail: StompErrorDetail): void {
    this.#setActive(false);
    this._close();
    this.#sink.refused({ ...detail, destination: this._destination });
  }

  /** The session under it ended; it is opened again on the next one. */
  _drop(): void {
    this.#setActive(false);
    this._opened = false;
  }

  _close(): void {
    this._gone = true;
    this.#live.delete(this);
  }

  #setActive(active: boolean): void {
    if (this._gone || this.#active === active) return;
    this.#active = active;
    this.#sink.subscribed(active);
  }
}
