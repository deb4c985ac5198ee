// Broker inspection for tests against the second broker, ActiveMQ Classic (scripts/activemq.mjs):
// what the RabbitMQ commands in web-test-runner.config.mjs do with rabbitmqctl.
//
// ActiveMQ runs without JMX, so the inspector is a STOMP client of its own, the `inspector` admin,
// on ActiveMQ's TCP STOMP port (not through websockify, so dropping the WebSocket clients spares it):
// - consumers: the statistics plugin answers `ActiveMQ.Statistics.Destination.<name>` with the
//   queue's consumerCount, and nothing for a queue that does not exist; a broker-statistics request
//   sent after it to the same reply queue answers in any case, so its reply ends the wait.
// - connections: the advisory topic `ActiveMQ.Advisory.Connection` replays the connections open
//   when one subscribes, then reports each new and closed one; the inspector keeps that list.
//   A count first waits for a broker-statistics reply: advisories fired before the request reach
//   the inspector before the reply (one dispatch queue per connection).
// - closing every client connection: websockify's per-connection processes are ended (its
//   listener stays up); clients see their socket close (1006) and reconnect.
import net from 'node:net';
import { Client } from '@stomp/stompjs';
import { activemqConfig, closeWebSocketClients, inspectorCredentials } from '../../scripts/activemq.mjs';

/**
 * The WebSocket-like object stompjs drives, over a TCP socket: ActiveMQ's STOMP port needs no
 * WebSocket, and Node 20 has no WebSocket without a flag.
 */
class TcpStompSocket {
  binaryType = 'arraybuffer';
  readyState = 0; // CONNECTING
  onopen = null;
  onmessage = null;
  onclose = null;
  onerror = null;

  constructor(port, host = '127.0.0.1') {
    this.socket = net.connect(port, host);
    this.socket.on('connect', () => {
      this.readyState = 1;
      this.onopen?.({});
    });
    this.socket.on('data', (chunk) => this.onmessage?.({ data: chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength) }));
    this.socket.on('error', (error) => this.onerror?.({ error }));
    this.socket.on('close', (hadError) => {
      this.readyState = 3;
      this.onclose?.({ code: hadError ? 1006 : 1000, reason: '', wasClean: !hadError });
    });
  }

  send(data) {
    this.socket.write(typeof data === 'string' ? data : Buffer.from(data));
  }

  close() {
    this.readyState = 2;
    this.socket.end();
  }

  terminate() {
    this.socket.destroy();
  }
}

/** A map message as the jms-map-json transformation writes it: `{ map: { entry: [{ string: key, long: 1 }, { string: [key, value] }] } }`. */
function mapBody(body) {
  const entries = JSON.parse(body).map?.entry ?? [];
  return Object.fromEntries(
    [entries].flat().map((entry) => {
      if (Array.isArray(entry.string)) return entry.string;
      const [, value] = Object.entries(entry).find(([type]) => type !== 'string') ?? [];
      return [entry.string, value];
    }),
  );
}

const REPLY_QUEUE = '/temp-queue/inspector';

/** The inspector's connection; made on first use, made again if it was lost. */
export class ActiveMQInspector {
  #cfg;
  #client;
  #ready;
  #connections = new Map(); // connectionId → userName
  #waiting = []; // replies of the request in flight
  #replied = null;
  #queue = Promise.resolve(); // one request at a time: replies carry no correlation

  constructor(cfg = activemqConfig()) {
    this.#cfg = cfg;
  }

  #connect() {
    if (this.#ready && this.#client?.connected) return this.#ready;
    this.#connections.clear();
    this.#ready = new Promise((resolve, reject) => {
      const client = new Client({
        webSocketFactory: () => new TcpStompSocket(this.#cfg.stompPort),
        connectHeaders: inspectorCredentials(this.#cfg),
        reconnectDelay: 0,
        heartbeatIncoming: 0,
        heartbeatOutgoing: 0,
      });
      client.onConnect = () => {
        client.subscribe('/topic/ActiveMQ.Advisory.Connection', (m) => this.#onAdvisory(m.body), { transformation: 'jms-advisory-json' });
        client.subscribe(REPLY_QUEUE, (m) => this.#onReply(mapBody(m.body)), { transformation: 'jms-map-json' });
        resolve(client);
      };
      client.onStompError = (frame) => reject(new Error(`inspector refused: ${frame.headers.message}`));
      client.onWebSocketClose = () => reject(new Error(`inspector could not connect to ActiveMQ on port ${this.#cfg.stompPort}`));
      this.#client = client;
      client.activate();
    });
    this.#ready.catch(() => (this.#ready = null));
    return this.#ready;
  }

  #onAdvisory(body) {
    const { ConnectionInfo: info, RemoveInfo: removed } = JSON.parse(body);
    if (info) this.#connections.set(info.connectionId.value, info.userName);
    if (removed) this.#connections.delete(removed.objectId.value);
  }

  #onReply(stats) {
    this.#waiting.push(stats);
    if (!stats.destinationName) this.#replied?.(this.#waiting.splice(0)); // the broker's reply ends a request
  }

  /** Sends the statistics requests for `destinations` then the broker's; resolves with every reply. */
  #request(destinations = []) {
    const run = async () => {
      const client = await this.#connect();
      const replies = new Promise((resolve) => (this.#replied = resolve));
      const headers = { 'reply-to': REPLY_QUEUE };
      for (const name of destinations) client.publish({ destination: `/queue/ActiveMQ.Statistics.Destination.${name}`, headers });
      client.publish({ destination: '/queue/ActiveMQ.Statistics.Broker', headers });
      return withTimeout(replies, 10_000, 'ActiveMQ statistics');
    };
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => {});
    return result;
  }

  /** Consumers on a queue ("foo" or "/queue/foo"), as ActiveMQ counts them; 0 if it does not exist. */
  async consumers(queue) {
    const name = queue.replace(/^\/queue\//, '');
    const replies = await this.#request([name]);
    return Number(replies.find((stats) => stats.destinationName === `queue://${name}`)?.consumerCount ?? 0);
  }

  /** Open client connections (STOMP sessions, the inspector's own not counted). */
  async connections() {
    await this.#request();
    return [...this.#connections.values()].filter((user) => user !== 'inspector').length;
  }

  async close() {
    await this.#client?.deactivate();
    this.#ready = null;
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer from ${what} in ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Server commands for web-test-runner, as the RabbitMQ ones, prefixed `activemq-`. */
export function activemqCommands(cfg = activemqConfig()) {
  const inspector = new ActiveMQInspector(cfg);
  const commands = {
    'activemq-info': () => ({ wsUrl: cfg.wsUrl, user: cfg.user, pass: cfg.pass, protocols: cfg.protocols, binaryFrames: true }),
    'activemq-consumers': ({ queue }) => inspector.consumers(queue),
    'activemq-connections': () => inspector.connections(),
    'activemq-close-connections': () => closeWebSocketClients(cfg).then(() => true),
  };
  return {
    name: 'activemq-commands',
    executeCommand({ command, payload }) {
      return command in commands ? commands[command](payload) : undefined;
    },
    serverStop: () => inspector.close(),
  };
}

/**
 * The same commands under the names web-test-runner.config.mjs gives the RabbitMQ ones (`broker-info`,
 * `broker-consumers`, `broker-connections`, `broker-close-connections`), for the compatibility suite
 * under web-test-runner.activemq.config.mjs. `broker-info` says which broker it is and what a page
 * sets to reach it: the subprotocol websockify accepts and binary frames.
 */
export function activemqBrokerCommands(cfg = activemqConfig()) {
  const inspector = new ActiveMQInspector(cfg);
  const commands = {
    'broker-info': () => ({ kind: 'activemq', wsUrl: cfg.wsUrl, vhost: '', user: cfg.user, pass: cfg.pass, protocols: cfg.protocols.join(' '), binary: true }),
    'broker-consumers': ({ queue }) => inspector.consumers(queue),
    'broker-connections': () => inspector.connections(),
    'broker-close-connections': () => closeWebSocketClients(cfg).then(() => true),
  };
  return {
    name: 'broker-commands',
    executeCommand({ command, payload }) {
      return command in commands ? commands[command](payload) : undefined;
    },
    serverStop: () => inspector.close(),
  };
}
