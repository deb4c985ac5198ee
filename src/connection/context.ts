// How elements find their connection: the nearest <stomp-connection> ancestor through @lit/context,
// or the one named by a `connection="id"` attribute in the same document or shadow root.
import { ContextEvent, createContext } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import type { Connection } from './connection.js';

/** Symbol.for, so two copies of the kit on one page still share the key. */
export const connectionContext = createContext<Connection | undefined>(Symbol.for('stomp-elements/connection'));

/** The connection of every <stomp-connection> element, for `connection="id"` look-ups. */
const byElement = new WeakMap<Element, Connection>();
/** Fires 'change' when a connection appears, so waiting consumers can look again. */
const announcer = new EventTarget();

export function announceConnection(el: Element, connection: Connection): void {
  byElement.set(el, connection);
  announcer.dispatchEvent(new Event('change'));
}

type Callback = (connection: Connection, unsubscribe?: () => void) => void;

/**
 * Answers the context requests (the community protocol that @lit/context implements) of the
 * elements inside `host`, now and again whenever `set` gives a new connection. Small on purpose:
 * @lit/context's ContextProvider would cost the drop-in bundle 0.4 KB gzip.
 */
export class ConnectionProvider {
  readonly #subscribers = new Map<Callback, () => void>();
  #connection: Connection;

  constructor(host: HTMLElement, connection: Connection) {
    this.#connection = connection;
    host.addEventListener('context-request', (e) => {
      if (e.context !== connectionContext || e.contextTarget === host) return;
      e.stopPropagation();
      const callback = e.callback as Callback;
      if (!e.subscribe) return callback(this.#connection);
      if (!this.#subscribers.has(callback)) this.#subscribers.set(callback, () => this.#subscribers.delete(callback));
      callback(this.#connection, this.#subscribers.get(callback));
    });
  }

  set(connection: Connection): void {
    this.#connection = connection;
    for (const [callback, unsubscribe] of this.#subscribers) callback(connection, unsubscribe);
  }
}

type Host = ReactiveControllerHost & HTMLElement & { connection?: string };

/**
 * Gives its host the connection it should use — the one its `connection` attribute names, or the
 * nearest ancestor's — and calls `onChange` whenever that changes (the connection appears, is
 * replaced or goes away, or the host's `connection` attribute names another).
 */
export class ConnectionController implements ReactiveController {
  /** The connection to use now, if any. */
  value?: Connection;
  readonly #host: Host;
  readonly #onChange: (connection: Connection | undefined) => void;
  #fromContext?: Connection;
  /** The `connection` attribute the last look-up used. */
  #id?: string;
  #unsubscribe?: () => void;
  #unwatch?: () => void;
  #listening = false;

  constructor(host: Host, onChange: (connection: Connection | undefined) => void) {
    this.#host = host;
    this.#onChange = onChange;
    host.addController(this);
  }

  hostConnected(): void {
    this.#request();
    this.#resolve();
  }

  /** Before each update of the host: a changed `connection` attribute means another look-up. */
  hostUpdate(): void {
    if (this.#host.connection !== this.#id) this.#resolve();
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = this.#fromContext = undefined;
    this.#listen(false);
    this.#use(undefined);
  }

  #resolve(): void {
    if (!this.#host.isConnected) return;
    const id = (this.#id = this.#host.connection);
    let connection = this.#fromContext;
    if (id) {
      const el = (this.#host.getRootNode() as Document | ShadowRoot).getElementById?.(id);
      connection = el ? byElement.get(el) : undefined;
    }
    if (connection?.closed) connection = undefined;
    // Until found, look again whenever a connection appears (rendered or upgraded later).
    this.#listen(!connection);
    this.#use(connection);
  }

  /** Asks the ancestors for the context; a provider answers now and on every change. */
  #request(): void {
    this.#host.dispatchEvent(
      new ContextEvent(connectionContext, this.#host, (connection, unsubscribe) => {
        if (unsubscribe !== this.#unsubscribe) this.#unsubscribe?.();
        this.#unsubscribe = unsubscribe;
        this.#fromContext = connection;
        this.#resolve();
      }, true),
    );
  }

  #retry = (): void => {
    // A provider upgraded after us never heard our first request.
    if (!this.#host.connection && !this.#fromContext) this.#request();
    this.#resolve();
  };

  #listen(on: boolean): void {
    if (on === this.#listening) return;
    this.#listening = on;
    if (on) announcer.addEventListener('change', this.#retry);
    else announcer.removeEventListener('change', this.#retry);
  }

  #use(connection: Connection | undefined): void {
    if (connection === this.value) return;
    this.#unwatch?.();
    this.#unwatch = connection?.watch((c) => {
      if (c.closed) {
        if (this.#fromContext === c) this.#fromContext = undefined;
        this.#resolve();
      }
    });
    this.value = connection;
    this.#onChange(connection);
  }
}
