// A subscription as a controller: subscribes when its host has a connection and valid inputs,
// subscribes again when the inputs or the connection change, unsubscribes when the host leaves.
import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import type { StompHeaders, SubscriptionSink } from '../connection/connection.js';
import type { ConnectionController } from '../connection/context.js';

/** What the host hears: the subscription's sink, and when it is back after its connection was lost. */
export interface SubscriptionHostSink extends SubscriptionSink {
  resumed(downMs: number): void;
}

/** What to subscribe to; `undefined` when the host's inputs are invalid (the host said why). */
export type SubscriptionInputs = { destination: string; headers: StompHeaders } | undefined;

type Host = ReactiveControllerHost & HTMLElement;

export class SubscriptionController implements ReactiveController {
  readonly #host: Host;
  readonly #connection: ConnectionController;
  /** The host properties whose change means a new SUBSCRIBE. */
  readonly #keys: readonly string[];
  readonly #inputs: () => SubscriptionInputs;
  /** The host's sink, and what the connection is given: the same, but refusals and resumptions noted. */
  readonly #hostSink: SubscriptionHostSink;
  readonly #sink: SubscriptionSink;
  /** When the subscription went down with its connection. */
  #downAt?: number;
  /** The values of `keys` at the last update; undefined before the first. */
  #seen?: string;
  #close?: () => void;
  /** The inputs of the current subscription, and those the broker refused: not tried again until they change or `renew(true)`. */
  #key?: string;
  #refused?: string;

  constructor(host: Host, connection: ConnectionController, keys: readonly string[], inputs: () => SubscriptionInputs, sink: SubscriptionHostSink) {
    this.#host = host;
    this.#connection = connection;
    this.#keys = keys;
    this.#inputs = inputs;
    this.#hostSink = sink;
    this.#sink = {
      ...sink,
      subscribed: (active) => {
        const down = this.#downAt;
        this.#downAt = active ? undefined : (down ?? performance.now());
        sink.subscribed(active);
        if (active && down !== undefined) sink.resumed(performance.now() - down);
      },
      refused: (detail) => {
        this.#refused = this.#key;
        this.#close = undefined;
        sink.refused(detail);
      },
    };
    host.addController(this);
  }

  hostUpdate(): void {
    const seen = JSON.stringify(this.#keys.map((k) => this.#host[k as keyof Host]));
    if (seen !== this.#seen) {
      this.#seen = seen;
      this.renew(true);
    }
  }

  hostDisconnected(): void {
    this.#stop();
  }

  /**
   * Closes the current subscription and opens one for the current inputs (call it when the
   * connection changes); `retry` forgets a refusal. Nothing before the host's first update: its
   * inputs are not final yet.
   */
  renew(retry = false): void {
    if (retry) this.#refused = undefined;
    this.#stop();
    const connection = this.#connection.value;
    if (!connection || !this.#host.isConnected || this.#seen === undefined) return;
    const inputs = this.#inputs();
    const key = (this.#key = inputs && JSON.stringify(inputs));
    if (inputs && key !== this.#refused) this.#close = connection.subscribe(inputs.destination, inputs.headers, this.#sink);
  }

  #stop(): void {
    this.#close?.();
    this.#close = this.#downAt = undefined;
    this.#hostSink.subscribed(false);
  }
}
