// How elements find their connection: the nearest <stomp-connection> ancestor through @lit/context,
// or the one named by a `connection="id"` attribute in the same document or shadow root.
import { ContextEvent, createContext } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import type { StompHandle } from './handle.js';

/** Symbol.for, so two copies of the kit on one page still share the key. */
export const connectionContext = createContext<StompHandle | undefined>(Symbol.for('stomp-elements/connection'));

/** The handle of every <stomp-connection> element, for `connection="id"` look-ups. */
const handles = new WeakMap<Element, StompHandle>();
/** Fires 'change' when a connection appears, so waiting consumers can look again. */
const announcer = new EventTarget();

export function announceConnection(el: Element, handle: StompHandle): void {
  handles.set(el, handle);
  announcer.dispatchEvent(new Event('change'));
}

type Callback = (handle: StompHandle, unsubscribe?: () => void) => void;

/**
 * Answers the context requests (the community protocol that @lit/context implements) of the
 * elements inside `host`, now and again whenever `set` gives a new handle. Small on purpose:
 * @lit/context's ContextProvider would cost the drop-in bundle 0.4 KB gzip.
 */
export class ConnectionProvider {
  readonly #subscribers = new Map<Callback, () => void>();
  #handle: StompHandle;

  constructor(host: HTMLElement, handle: StompHandle) {
    this.#handle = handle;
    host.addEventListener('context-request', (e) => {
      if (e.context !== connectionContext || e.contextTarget === host) return;
      e.stopPropagation();
      const callback = e.callback as Callback;
      if (!e.subscribe) return callback(this.#handle);
      if (!this.#subscribers.has(callback)) this.#subscribers.set(callback, () => this.#subscribers.delete(callback));
      callback(this.#handle, this.#subscribers.get(callback));
    });
  }

  set(handle: StompHandle): void {
    this.#handle = handle;
    for (const [callback, unsubscribe] of this.#subscribers) callback(handle, unsubscribe);
  }
}

type Host = ReactiveControllerHost & HTMLElement & { connection?: string };

/**
 * Gives its host the StompHandle it should use, and calls `onChange` whenever that changes
 * (the connection appears, is replaced, or goes away).
 */
export class ConnectionController implements ReactiveController {
  handle?: StompHandle;
  readonly #host: Host;
  readonly #onChange: (handle: StompHandle | undefined) => void;
  #fromContext?: StompHandle;
  #unsubscribe?: () => void;
  #unwatch?: () => void;
  #listening = false;

  constructor(host: Host, onChange: (handle: StompHandle | undefined) => void) {
    this.#host = host;
    this.#onChange = onChange;
    host.addController(this);
  }

  hostConnected(): void {
    this.#request();
    this.resolve();
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = this.#fromContext = undefined;
    this.#listen(false);
    this.#use(undefined);
  }

  /** Looks the connection up again; call it when the host's `connection` attribute changes. */
  resolve(): void {
    if (!this.#host.isConnected) return;
    const id = this.#host.connection;
    let handle = this.#fromContext;
    if (id) {
      const el = (this.#host.getRootNode() as Document | ShadowRoot).getElementById?.(id);
      handle = el ? handles.get(el) : undefined;
    }
    if (handle?.disposed) handle = undefined;
    // Until found, look again whenever a connection appears (rendered or upgraded later).
    this.#listen(!handle);
    this.#use(handle);
  }

  /** Asks the ancestors for the context; a provider answers now and on every change. */
  #request(): void {
    this.#host.dispatchEvent(
      new ContextEvent(connectionContext, this.#host, (handle, unsubscribe) => {
        if (unsubscribe !== this.#unsubscribe) this.#unsubscribe?.();
        this.#unsubscribe = unsubscribe;
        this.#fromContext = handle;
        this.resolve();
      }, true),
    );
  }

  #retry = (): void => {
    // A provider upgraded after us never heard our first request.
    if (!this.#host.connection && !this.#fromContext) this.#request();
    this.resolve();
  };

  #listen(on: boolean): void {
    if (on === this.#listening) return;
    this.#listening = on;
    if (on) announcer.addEventListener('change', this.#retry);
    else announcer.removeEventListener('change', this.#retry);
  }

  #use(handle: StompHandle | undefined): void {
    if (handle === this.handle) return;
    this.#unwatch?.();
    this.#unwatch = handle?.watch((h) => {
      if (h.disposed) {
        if (this.#fromContext === h) this.#fromContext = undefined;
        this.resolve();
      }
    });
    this.handle = handle;
    this.#onChange(handle);
  }
}
