// How elements find their connection: the nearest <stomp-connection> ancestor through @lit/context,
// or the one named by a `connection="id"` attribute in the same document or shadow root.
import { ContextConsumer, ContextRoot, createContext } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
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

let contextRoot: ContextRoot | undefined;

type Host = ReactiveControllerHost & HTMLElement & { connection?: string };

/**
 * Gives its host the StompHandle it should use, and calls `onChange` whenever that changes
 * (the connection appears, is replaced, or goes away).
 */
export class ConnectionController implements ReactiveController {
  handle?: StompHandle;
  private fromContext?: StompHandle;
  private unwatch?: () => void;
  private listening = false;

  constructor(
    private readonly host: Host,
    private readonly onChange: (handle: StompHandle | undefined) => void,
  ) {
    // Elements upgraded before their provider get the context once it upgrades.
    if (!contextRoot) {
      contextRoot = new ContextRoot();
      contextRoot.attach(document.documentElement);
    }
    host.addController(this);
    new ContextConsumer(host, {
      context: connectionContext,
      subscribe: true,
      callback: (handle) => {
        this.fromContext = handle;
        this.resolve();
      },
    });
  }

  hostConnected(): void {
    this.resolve();
  }

  hostDisconnected(): void {
    this.listen(false);
    this.use(undefined);
  }

  /** Looks the connection up again; call it when the host's `connection` attribute changes. */
  resolve = (): void => {
    if (!this.host.isConnected) return;
    const id = this.host.connection;
    let handle = this.fromContext;
    if (id) {
      const root = this.host.getRootNode() as Document | ShadowRoot;
      const el = root.getElementById?.(id);
      handle = el ? handles.get(el) : undefined;
    }
    if (handle?.disposed) handle = undefined;
    // Keep looking while an id names nothing usable yet (rendered or upgraded later).
    this.listen(!!id && !handle);
    this.use(handle);
  };

  private listen(on: boolean): void {
    if (on === this.listening) return;
    this.listening = on;
    if (on) announcer.addEventListener('change', this.resolve);
    else announcer.removeEventListener('change', this.resolve);
  }

  private use(handle: StompHandle | undefined): void {
    if (handle === this.handle) return;
    this.unwatch?.();
    this.unwatch = handle?.watch((h) => {
      if (h.disposed) {
        this.fromContext = this.fromContext === h ? undefined : this.fromContext;
        this.resolve();
      }
    });
    this.handle = handle;
    this.onChange(handle);
  }
}
