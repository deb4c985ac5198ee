// What every kind of connection does the same way (stomp.ts's own, shared.ts's shared one): its
// state, with the `stomp-state-change` event and the watchers told of each change, and its key.
// Members are plain names, not `_`-prefixed: shared.ts is a chunk of its own, minified apart.
import type { Connection, ConnectionSettings, ConnectionState, Emit } from './connection.js';

/** Why a message waiting to be sent was dropped: its connection's element left the page. */
export const removedBefore = (destination: string): string =>
  `The <stomp-connection> was removed before this message to ${destination} could be sent.`;

export abstract class ConnectionBase implements Connection {
  state: ConnectionState = 'disconnected';
  closed = false;
  readonly #watchers = new Set<(connection: Connection) => void>();

  abstract subscribe(...args: Parameters<Connection['subscribe']>): ReturnType<Connection['subscribe']>;
  abstract publish(...args: Parameters<Connection['publish']>): ReturnType<Connection['publish']>;
  abstract request(...args: Parameters<Connection['request']>): ReturnType<Connection['request']>;

  constructor(
    protected readonly emit: Emit,
    protected readonly settings: ConnectionSettings,
  ) {}

  /** Connections with the same key reach the same broker and vhost (stream offsets are kept per key). */
  get key(): string {
    return `${this.settings.brokerUrl} ${this.settings.vhost ?? ''}`;
  }

  watch(fn: (connection: Connection) => void): () => void {
    this.#watchers.add(fn);
    return () => this.#watchers.delete(fn);
  }

  /** Moves to `state` (again, when a retry is scheduled in `retryIn` ms), reporting the change. */
  protected setState(state: ConnectionState, retryIn?: number): void {
    const previous = this.state;
    if (previous === state && retryIn == null) return;
    this.state = state;
    this.emit('stomp-state-change', { state, previous, retryIn });
    this.notify();
  }

  protected notify(): void {
    for (const fn of this.#watchers) fn(this);
  }
}
