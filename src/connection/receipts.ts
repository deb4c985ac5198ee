// Frames sent with a `receipt` header until the broker confirms them, and which frame a broker's
// refusal is about. The broker handles frames in order and confirms each receipt before reading
// the next, so an ERROR frame or a hang-up is about the oldest unconfirmed frame — unless a frame
// sent without a receipt, not yet known to be processed, came before it and may be the culprit.
import { errorDetail, type StompErrorDetail } from '../events.js';
import type { StompHeaders } from './connection.js';

/** What a receipted frame belongs to (a subscription, an outbox item): the same across resends. */
export interface Receipted {
  _confirmed(headers: StompHeaders): void;
  /** The connection ended before the receipt: the frame may never have been processed. */
  _lost(): void;
  /** The broker's reaction shows it refused this very frame. */
  _refused(detail: StompErrorDetail): void;
}

interface Waiting {
  _frame: Receipted;
  /** The frame's place in the send order, and the last frame sent without a receipt before it. */
  _seq: number;
  _blindBefore: number;
}

export class Receipts {
  #seq = 0;
  /** The last frame sent without a receipt (its fate unknown), and the newest frame the broker confirmed. */
  #lastBlind = 0;
  #lastBlindAt = 0;
  #processed = 0;
  readonly #waiting = new Map<string, Waiting>();
  /** Frames the broker hung up on once; a second time in a row means it refuses them. */
  readonly #suspects = new WeakSet<Receipted>();
  /** The suspect sent alone after a reconnect; everything else waits for its receipt. */
  _isolating?: Receipted;

  /** A new id, unique on this connection. */
  _id(prefix: string): string {
    return `${prefix}-${++this.#seq}`;
  }

  /** A receipt id for `frame`, which now waits for its RECEIPT. */
  _track(frame: Receipted, prefix: string): string {
    const id = this._id(prefix);
    // A broker refuses within milliseconds: a blind frame older than a second was accepted.
    const blindBefore = performance.now() - this.#lastBlindAt < 1000 ? this.#lastBlind : 0;
    this.#waiting.set(id, { _frame: frame, _seq: this.#seq, _blindBefore: blindBefore });
    return id;
  }

  /** Notes a frame sent without a receipt. */
  _blind(): void {
    this.#lastBlind = ++this.#seq;
    this.#lastBlindAt = performance.now();
  }

  /** The RECEIPT `id` arrived. Returns true when it ends an isolation: the rest may go now. */
  _confirm(id: string, headers: StompHeaders): boolean {
    const entry = this.#waiting.get(id);
    if (!entry) return false;
    this.#waiting.delete(id);
    this.#processed = Math.max(this.#processed, entry._seq);
    this.#suspects.delete(entry._frame);
    entry._frame._confirmed(headers);
    if (this._isolating !== entry._frame) return false;
    this._isolating = undefined;
    return true;
  }

  /** An ERROR frame: refuses the frame it answers, named by `receiptId` or else the oldest unconfirmed one. */
  _error(detail: StompErrorDetail, receiptId: string | undefined): void {
    const entry = receiptId ? this.#waiting.get(receiptId) : this.#culprit([...this.#waiting.values()]);
    if (!entry) return;
    for (const [id, e] of this.#waiting) if (e._frame === entry._frame) this.#waiting.delete(id);
    entry._frame._refused(detail);
  }

  /**
   * The socket closed. `refusal`, when the broker hung up by itself as it does to refuse a frame,
   * says so in words: the oldest unconfirmed frame is then suspected, and refused when the broker
   * hangs up on it a second time in a row (an operator's `close_all_connections` looks the same
   * once). Every other waiting frame is lost, oldest first.
   */
  _closed(refusal: string | undefined): void {
    const pending = [...this.#waiting.values()];
    this.#waiting.clear();
    this._isolating = undefined;
    const culprit = refusal ? this.#culprit(pending) : undefined;
    if (culprit && !this.#suspects.has(culprit._frame)) this.#suspects.add(culprit._frame);
    else if (culprit) {
      pending.shift();
      culprit._frame._refused(errorDetail(refusal!));
    }
    // Lost receipted publishes go back to the front of the outbox, oldest first.
    for (const entry of pending.reverse()) entry._frame._lost();
  }

  /** The broker hung up on this frame last time. */
  _suspect(frame: Receipted): boolean {
    return this.#suspects.has(frame);
  }

  #culprit(pending: Waiting[]): Waiting | undefined {
    const oldest = pending[0];
    return oldest && oldest._blindBefore <= this.#processed ? oldest : undefined;
  }
}
