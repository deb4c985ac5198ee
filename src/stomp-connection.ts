import { ReactiveElement, unsafeCSS } from '@lit/reactive-element';
// `unsafeCSS` on constant strings, not the `css` tag: same stylesheet, 150 bytes less in the bundle.
import type { ConnectionState, Emit, StompHeaders, StompSocket } from './connection/connection.js';
import { ConnectionProvider, announceConnection } from './connection/context.js';
import type { SharedConnection } from './connection/shared.js';
import { StompClientConnection, type Client } from './connection/stomp.js';
import { numbersChecked } from './attributes.js';
import { defineElements } from './define-elements.js';
import { dispatch, errorDetail, type StompStateChangeDetail } from './events.js';
import { slotted } from './slots.js';
import { customStates } from './states.js';

/** The sharing module, once a connection with `share` loaded it. */
let shared: typeof import('./connection/shared.js') | undefined;
/** The Page Lifecycle events a connection follows. */
const LIFECYCLE = [[() => document, 'freeze'], [() => document, 'resume'], [() => window, 'pagehide'], [() => window, 'pageshow']] as const;

/**
 * Owns one STOMP connection over WebSocket and shares it with every `<stomp-subscribe>` and
 * `<stomp-publish>` inside it, or pointing at it with `connection="id"`.
 *
 * @tagname stomp-connection
 * @summary A STOMP connection (RabbitMQ Web-STOMP or any STOMP 1.2 broker) for the elements inside it.
 *
 * @attr {string} broker-url - WebSocket URL of the broker: `ws://…` or `wss://…`; a path such as `/ws` is resolved against the page (wss on https pages). Several URLs separated by spaces are tried in turn (failover across cluster nodes).
 * @attr {string} login - STOMP `login` header.
 * @attr {string} passcode - STOMP `passcode` header. Prefer the property for secrets: it is never reflected.
 * @attr {string} vhost - Virtual host, sent as the STOMP `host` header.
 * @attr {number} reconnect-delay - Milliseconds before the first reconnect attempt; `0` turns reconnecting off. Default 5000.
 * @attr {number} max-reconnect-delay - The longest wait between attempts with exponential backoff. Default 60000.
 * @attr {'exponential'|'linear'} backoff - `exponential` (default): the wait doubles after each failed attempt, ±20 % jitter; `linear`: always `reconnect-delay`.
 * @attr {number} max-reconnect-attempts - Give up after this many failed attempts in a row, with a `stomp-error`; `0` (default) never gives up.
 * @attr {number} heartbeat-incoming - Milliseconds; heartbeats expected from the broker. Default 4000, `0` off.
 * @attr {number} heartbeat-outgoing - Milliseconds; heartbeats sent to the broker. Default 4000, `0` off.
 * @attr {'worker'|'interval'} heartbeat-strategy - `worker` (default): heartbeats and reconnect timers run in a Web Worker, which a hidden tab's timer throttling does not slow; `interval`: the page's own timers. Where no Worker can be made (a CSP without `worker-src blob:`), `interval` applies, said by `debug`.
 * @attr {number} connection-timeout - Milliseconds to wait for CONNECTED before retrying; `0` (default) waits for the browser.
 * @attr {number} outbox-limit - How many publishes may wait while offline. Default 100.
 * @attr {number} max-message-size - The largest message body, in bytes, the elements send; a bigger publish fails at once with `stomp-publish-error`. Set it to the broker's limit (RabbitMQ: `max_message_size`, and `web_stomp.ws_opts.max_frame_size`). `0` (default): no limit.
 * @attr {string} protocols - WebSocket subprotocols to offer, separated by spaces. Default: STOMP's own (`v12.stomp v11.stomp v10.stomp`); `binary` for a websockify bridge.
 * @attr {boolean} binary - Send every frame as a binary WebSocket message (stompjs's `forceBinaryWSFrames`), for bridges that refuse text frames such as websockify.
 * @attr {boolean} debug - Logs frames to the console, with passcodes and tokens redacted.
 * @attr {'tabs'} share - `tabs`: the tabs of this origin whose connections have the same broker URLs, vhost, login and passcode share one WebSocket, held by one of them; another takes over when it closes. Without it, each tab has its own.
 * @attr {'disconnected'|'connecting'|'connected'|'reconnecting'} state - Reflected, read-only: style on `stomp-connection[state="connected"]`, or on the custom state `stomp-connection:state(connected)`.
 *
 * @fires {CustomEvent<StompConnectDetail>} stomp-connect - The broker accepted the connection; `detail.headers` are the CONNECTED frame's.
 * @fires {CustomEvent<StompDisconnectDetail>} stomp-disconnect - An established session ended, cleanly or not.
 * @fires {CustomEvent<StompErrorDetail>} stomp-error - The broker sent an ERROR frame: `detail.message`, `detail.headers`, `detail.body`.
 * @fires {CustomEvent<StompWebSocketCloseDetail>} stomp-websocket-close - The WebSocket closed: `code`, `reason`, `wasClean`.
 * @fires {CustomEvent<StompWebSocketErrorDetail>} stomp-websocket-error - The WebSocket reported an error.
 * @fires {CustomEvent<StompStateChangeDetail>} stomp-state-change - `state` changed; with `reconnecting`, `detail.retryIn` says when the next attempt comes.
 *
 * @slot - The page content that uses this connection.
 */
export class StompConnection extends ReactiveElement {
  static override styles = unsafeCSS(':host{display:block}');

  static override properties = {
    brokerUrl: { attribute: 'broker-url' },
    login: {},
    passcode: {},
    vhost: {},
    reconnectDelay: { type: Number, attribute: 'reconnect-delay' },
    heartbeatIncoming: { type: Number, attribute: 'heartbeat-incoming' },
    heartbeatOutgoing: { type: Number, attribute: 'heartbeat-outgoing' },
    heartbeatStrategy: { attribute: 'heartbeat-strategy' },
    connectionTimeout: { type: Number, attribute: 'connection-timeout' },
    outboxLimit: { type: Number, attribute: 'outbox-limit' },
    maxMessageSize: { type: Number, attribute: 'max-message-size' },
    maxReconnectDelay: { type: Number, attribute: 'max-reconnect-delay' },
    backoff: {},
    maxReconnectAttempts: { type: Number, attribute: 'max-reconnect-attempts' },
    debug: { type: Boolean },
    protocols: {},
    binary: { type: Boolean },
    webSocketFactory: { attribute: false },
    share: {},
    connectHeaders: { attribute: false },
    beforeConnect: { attribute: false },
  };
  static {
    numbersChecked(this.properties); // a numeric attribute with text that is no number warns
  }

  /** Registers the element as `tag` (default `stomp-connection`); false (and a warning) when another class holds it. */
  static define(tag = 'stomp-connection', registry = customElements): boolean {
    return defineElements({ [tag]: this }, registry);
  }

  /** WebSocket URL of the broker. */
  brokerUrl = '';
  login?: string;
  /** STOMP passcode; setting the property keeps it out of the DOM. */
  passcode?: string;
  /** Sent as the STOMP `host` header (RabbitMQ's virtual host). */
  vhost?: string;
  reconnectDelay = 5000;
  heartbeatIncoming = 4000;
  heartbeatOutgoing = 4000;
  /** `worker` (default): heartbeats a hidden tab does not throttle; `interval`: setInterval. */
  heartbeatStrategy: 'worker' | 'interval' = 'worker';
  connectionTimeout = 0;
  outboxLimit = 100;
  /** The largest message body, in bytes, the elements send; 0: no limit. */
  maxMessageSize = 0;
  /** The longest wait between reconnect attempts, in ms. */
  maxReconnectDelay = 60000;
  /** `exponential` (default): the wait doubles after each failed attempt, with jitter; `linear`: always `reconnectDelay`. */
  backoff: 'exponential' | 'linear' = 'exponential';
  /** Give up after this many failed attempts in a row (a `stomp-error` says so); 0 never gives up. */
  maxReconnectAttempts = 0;
  debug = false;
  /** WebSocket subprotocols to offer, space-separated; unset: STOMP's own (`v12.stomp v11.stomp v10.stomp`). */
  protocols?: string;
  /** Send every frame as a binary WebSocket message, for bridges that refuse text frames (websockify). */
  binary = false;
  /**
   * Makes the socket for a broker URL, instead of `new WebSocket(url, protocols)`: SockJS
   * (`(url) => new SockJS(url.replace(/^ws/, 'http'))`: `broker-url` stays a ws(s) URL), a socket
   * with options of its own, a test double. Called for every attempt, with that attempt's URL.
   */
  webSocketFactory?: (url: string) => StompSocket;
  /** `tabs`: share one WebSocket with the other tabs of this origin that have the same settings. */
  share?: 'tabs';
  /** Extra CONNECT headers (e.g. a token). Attributes `login`, `passcode`, `vhost` win over these. */
  connectHeaders: StompHeaders = {};
  /**
   * Runs before every connection attempt and may be async: fetch a fresh token and set
   * `connectHeaders` or `passcode` here.
   */
  beforeConnect?: (connection: StompConnection) => void | Promise<void>;

  readonly #state = customStates(this);
  #connection = this.#createConnection();
  readonly #provider = new ConnectionProvider(this, this.#connection);
  /** Serialises start/stop so quick attribute changes never overlap. */
  #queue: Promise<void> = Promise.resolve();
  /** `disconnect()` was called: attribute changes do not reconnect until `connect()`. */
  #paused = false;
  /** The settings the current session was made with; a change means a new session. */
  #sessionKey?: string;
  /** beforeConnect is running: what it changes is read for this very attempt. */
  #preparing = false;

  /** The @stomp/stompjs Client, an escape hatch the elements never need: the same object for the element's lifetime; undefined with `share="tabs"` in a tab that does not hold the connection. */
  get client(): Client {
    return this.#connection.client!;
  }

  /** `disconnected`, `connecting`, `connected` or `reconnecting`. */
  get state(): ConnectionState {
    return this.#connection.state;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.#connection.closed) {
      this.#connection = this.#createConnection();
      this.#provider.set(this.#connection);
    }
    if (!this.hasAttribute('state')) this.#showState({ state: this.#connection.state });
    announceConnection(this, this.#connection);
    // A page that moved the element has already re-connected it; only a real removal stops.
    if (!this.#paused && this.hasUpdated) this.connect();
    addEventListener('online', this.#retryNow);
    document.addEventListener('visibilitychange', this.#retryNow);
    for (const [target, type] of LIFECYCLE) target().addEventListener(type, this.#lifecycle);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('online', this.#retryNow);
    document.removeEventListener('visibilitychange', this.#retryNow);
    for (const [target, type] of LIFECYCLE) target().removeEventListener(type, this.#lifecycle);
    const connection = this.#connection;
    queueMicrotask(() => {
      if (!this.isConnected && this.#connection === connection) this.#run(() => connection.close());
    });
  }

  protected override createRenderRoot() {
    return slotted(super.createRenderRoot());
  }

  /** When the page was frozen. */
  #frozenAt = 0;

  /**
   * Frozen and resumed (Page Lifecycle): a session that died meanwhile is replaced at once. Put in
   * the back/forward cache (pagehide, persisted): the session ends cleanly — an open WebSocket
   * would keep the page out of the cache — and comes back on pageshow.
   */
  #lifecycle = (e: Event): void => {
    if (e.type === 'freeze') this.#frozenAt = Date.now();
    else if (e.type === 'resume') this.#connection.wake(this.#frozenAt && Date.now() - this.#frozenAt);
    else if ((e as PageTransitionEvent).persisted && !this.#paused) {
      if (e.type === 'pageshow') this.connect();
      else this.#run(() => this.#connection.stop(true));
    }
  };

  /** Back online, or the page is visible again: do not wait out the backoff. */
  #retryNow = (): void => {
    if (navigator.onLine && document.visibilityState === 'visible') this.#connection.retryNow();
  };

  protected override updated(): void {
    // `share` asks for the other kind of connection: swap it (the sharing module loads first).
    if ((this.share === 'tabs') === this.#connection instanceof StompClientConnection) return void this.#swap();
    if (!this.#paused && !this.#preparing && this.#settings() !== this.#sessionKey) this.connect();
  }

  /** The settings a session depends on, as one comparable string. */
  #settings(): string {
    return JSON.stringify([this.brokerUrl, this.login, this.passcode, this.vhost, this.connectHeaders]);
  }

  /** Connects (again) with the current settings. */
  connect(): Promise<void> {
    this.#paused = false;
    this.#sessionKey = this.#settings();
    const urls = this.#resolveUrls();
    if (!this.brokerUrl.trim() && this.isConnected) {
      console.warn('<stomp-connection broker-url>: missing; set it to connect (ws://host:15674/ws).', this);
    }
    const connection = this.#connection;
    if (!urls.length || !this.isConnected) return this.#run(() => connection.stop());
    return this.#run(() => connection.start({ brokerURLs: urls, connectHeaders: () => this.#connectHeadersForAttempt() }));
  }

  /** Closes the session and stops reconnecting until `connect()` is called. */
  disconnect(): Promise<void> {
    this.#paused = true;
    return this.#run(() => this.#connection.stop());
  }

  #run(step: () => Promise<void>): Promise<void> {
    this.#queue = this.#queue.then(step, step);
    return this.#queue;
  }

  /** The valid URLs of `broker-url` (space-separated for failover); each invalid one is reported. */
  #resolveUrls(): string[] {
    const urls: string[] = [];
    for (const raw of this.brokerUrl.trim().split(/\s+/).filter(Boolean)) {
      try {
        // Absolute ws(s) URLs, or a path resolved against the page (behind the page's own proxy).
        const url = new URL(raw, raw.startsWith('/') ? location.href.replace(/^http/, 'ws') : undefined);
        if (url.protocol === 'ws:' || url.protocol === 'wss:') {
          urls.push(url.href);
          continue;
        }
      } catch {
        // reported below
      }
      const message = `<stomp-connection broker-url>: "${raw}" is not a WebSocket URL; use ws://host:15674/ws or wss://host/ws/.`;
      console.warn(message, this);
      dispatch(this, 'stomp-error', errorDetail(message));
    }
    return urls;
  }

  async #connectHeadersForAttempt(): Promise<StompHeaders> {
    this.#preparing = true;
    try {
      await this.beforeConnect?.(this);
      await this.updateComplete; // let what the hook set land before reading it
    } catch (e) {
      dispatch(this, 'stomp-error', errorDetail(`beforeConnect failed: ${(e as Error)?.message ?? e}; connecting with the current headers.`));
    } finally {
      this.#preparing = false;
    }
    this.#sessionKey = this.#settings();
    const headers: StompHeaders = { ...this.connectHeaders };
    if (this.login != null) headers.login = this.login;
    if (this.passcode != null) headers.passcode = this.passcode;
    if (this.vhost != null) headers.host = this.vhost;
    return headers;
  }

  #showState({ state, previous }: { state: ConnectionState; previous?: ConnectionState }): void {
    if (previous) this.#state(previous, false);
    this.setAttribute('state', state);
    this.#state(state, true);
  }

  /** Replaces the connection by one of the kind `share` asks for, and connects it. */
  async #swap(): Promise<void> {
    if (this.share === 'tabs') shared ??= await import('./connection/shared.js');
    const old = this.#connection;
    if ((this.share === 'tabs') !== old instanceof StompClientConnection) return; // swapped meanwhile
    this.#connection = this.#createConnection();
    this.#provider.set(this.#connection);
    announceConnection(this, this.#connection);
    this.#sessionKey = undefined;
    await this.#run(() => old.close());
    this.requestUpdate(); // connects
  }

  /** A connection that reads its settings from this element and whose events it dispatches; its state also shows in `state`. */
  #createConnection(): StompClientConnection | SharedConnection {
    const emit: Emit = (name, detail) => {
      if (name === 'stomp-state-change') this.#showState(detail as StompStateChangeDetail);
      dispatch(this, name, detail);
    };
    return this.share === 'tabs' && shared ? new shared.SharedConnection(emit, this) : new StompClientConnection(emit, this);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'stomp-connection': StompConnection;
  }
}
