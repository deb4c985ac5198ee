// The outbox: publishes waiting for a connection, oldest first; and publishes sent with a receipt
// until the broker confirms them — one whose RECEIPT was lost with the connection goes back to
// the front of the outbox and out again after the reconnect (at-least-once).
import type { StompErrorDetail, StompPublishDetail } from '../events.js';
import type { StompHeaders } from './connection.js';
import type { Receipted } from './receipts.js';

/** The outbox, oldest first. */
export type Outbox = Pending[];

/** One publish, from the moment it is queued or sent with a receipt until it is settled. */
export class Pending implements Receipted {
  readonly _done: Promise<StompHeaders | undefined>;
  /** Sent (without a receipt: no headers) or confirmed by its RECEIPT. */
  _confirmed!: (headers?: StompHeaders) => void;
  #reject!: (error: Error) => void;

  constructor(
    readonly _frame: StompPublishDetail,
    readonly _receipt: boolean,
    readonly _outbox: Outbox,
  ) {
    this._done = new Promise((resolve, reject) => {
      this._confirmed = resolve;
      this.#reject = reject;
    });
  }

  _lost(): void {
    this._outbox.unshift(this);
  }

  _refused(detail: StompErrorDetail): void {
    this.#reject(new Error(detail.message));
  }
}
