// The demo's publisher, a back-end service as one usually feeds a page through RabbitMQ: it speaks
// AMQP 0-9-1 (amqplib) to the broker's AMQP port (STOMP_AMQP_PORT), and the page, on STOMP over
// WebSocket, receives what it publishes. Quotes go to /topic/prices.<SYMBOL> twice a second, a job
// to /queue/demo.jobs every three seconds, and now and then a line from a bot to /topic/chat.
//
// STOMP destinations in AMQP terms (RabbitMQ's STOMP adapter): /topic/<key> is the amq.topic
// exchange with routing key <key>; /queue/<name> is the default exchange with routing key <name>,
// a durable queue (declared here as a STOMP SUBSCRIBE declares it). The `content-type` property is
// the page's `content-type` header (its messages' `json`), `expiration` its `expiration`.
// amqplib reconnects when the broker closes the connection (a restart, `rabbitmqctl
// close_all_connections`) until stopped.
//
// CLI: node scripts/feeder.mjs   (uses the STOMP_* environment, like scripts/broker.mjs; Ctrl-C stops)
import amqplib from 'amqplib';
import { brokerConfig } from './broker.mjs';
import { isMain } from './shared.mjs';

export const PRICES = '/topic/prices.'; // + symbol; pages subscribe to /topic/prices.*
export const JOBS = '/queue/demo.jobs';
export const CHAT = '/topic/chat';

const TICK_MS = 500;
const JOB_EVERY = 6; // ticks: a job every 3 s
const BOT_EVERY = 40; // ticks: a bot line every 20 s
const JOB_TTL_MS = 60_000; // jobs nobody takes expire instead of piling up in the queue
const RETRY_MS = 1000;

const COMPANIES = [
  ['ACME', 'Acme Corp.', 128.4],
  ['GLBX', 'Globex', 64.15],
  ['INIT', 'Initech', 23.8],
  ['HOOLI', 'Hooli', 342.1],
  ['UMBR', 'Umbrella', 88.6],
  ['STRK', 'Stark Industries', 512.0],
];
const TASKS = [
  'Resize avatar.png',
  'Send welcome e-mail',
  'Generate invoice',
  'Transcode intro.mp4',
  'Sync inventory',
  'Rebuild search index',
  'Export monthly report',
  'Thumbnail gallery/',
];

/** A random walk per symbol; `change` is against the opening price. */
class Market {
  constructor() {
    this.quotes = COMPANIES.map(([symbol, name, open]) => ({ symbol, name, open, price: open }));
  }

  /** Moves about a third of the prices; returns every quote, `tick` saying whether and where it moved. */
  tick() {
    return this.quotes.map((q) => {
      const before = q.price;
      const moved = Math.random() < 0.35;
      if (moved) q.price = Math.max(1, q.price * (1 + (Math.random() - 0.5) * 0.01));
      const pct = ((q.price - q.open) / q.open) * 100;
      return {
        symbol: q.symbol,
        name: q.name,
        price: q.price.toFixed(2),
        change: `${pct >= 0 ? '+' : '−'}${Math.abs(pct).toFixed(2)}%`,
        trend: pct >= 0 ? 'up' : 'down',
        tick: !moved ? 'flat' : q.price >= before ? 'up' : 'down',
        time: new Date().toISOString(),
      };
    });
  }

  topMover() {
    return this.quotes
      .map((q) => ({ symbol: q.symbol, pct: ((q.price - q.open) / q.open) * 100 }))
      .sort((a, b) => Math.abs(b.pct) - Math.abs(a.pct))[0];
  }
}

/**
 * Starts publishing. Resolves once the first connection is up (rejects if it is not within
 * `timeoutMs`); the returned feeder keeps reconnecting until `stop()`.
 */
export async function startFeeder(opts = {}) {
  const feeder = new Feeder(opts);
  await feeder.start(opts.timeoutMs ?? 15_000);
  return feeder;
}

/** Exchange and routing key of a STOMP destination, as RabbitMQ's STOMP adapter maps them. */
export function amqpTarget(destination) {
  const [, kind, name] = /^\/(topic|queue)\/(.+)$/.exec(destination) ?? [];
  if (!kind) throw new Error(`feeder: no AMQP mapping for ${destination}`);
  return kind === 'topic' ? { exchange: 'amq.topic', routingKey: name } : { exchange: '', routingKey: name, queue: name };
}

export class Feeder {
  #cfg;
  #log;
  #connection;
  #channel;
  #stopped = false;
  #timer;
  #ticks = 0;
  #jobId = 1000 + Math.floor(Math.random() * 8000); // job numbers that look like a real system's (and rarely clash with a second feeder's)
  #market = new Market();
  #lastProblem = '';

  constructor(opts = {}) {
    this.#cfg = brokerConfig(opts);
    this.#log = opts.log ?? ((message) => console.error(`[feeder] ${message}`));
  }

  /** Messages published so far. */
  published = 0;

  get connected() {
    return !!this.#channel;
  }

  async start(timeoutMs) {
    const { amqpPort, vhost, user, pass } = this.#cfg;
    const where = { protocol: 'amqp', hostname: '127.0.0.1', port: amqpPort, username: user, password: pass, vhost };
    const connection = await amqplib.connect(where, {
      clientProperties: { connection_name: 'stomp-elements demo feeder' },
      recovery: {
        waitForConnect: false,
        calculateDelay: () => RETRY_MS,
        // Runs on every (re)connect, before 'connect'.
        setup: async (model) => {
          const channel = await model.createChannel();
          channel.on('error', (err) => this.#problem(err.message));
          await channel.assertQueue(amqpTarget(JOBS).queue, { durable: true });
          channel.once('close', () => this.#channel === channel && (this.#channel = undefined));
          this.#channel = channel;
        },
      },
    });
    this.#connection = connection;
    connection.on('connect', () => {
      this.#lastProblem = '';
      this.#publishJob(); // a page opened right away has work to show
      this.#publishJob();
      this.#publishJob();
    });
    connection.on('disconnect', () => {
      this.#channel = undefined;
      if (!this.#stopped) this.#log('connection closed; reconnecting');
    });
    connection.on('connect-failed', (err) => this.#problem(err.message));
    connection.on('error', (err) => this.#problem(err.message));
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`feeder: no AMQP connection to 127.0.0.1:${amqpPort} after ${timeoutMs} ms (${this.#lastProblem || 'no answer'})`)), timeoutMs);
    });
    try {
      await Promise.race([connection.waitForConnect(), timeout]);
    } catch (err) {
      await this.stop();
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Disconnects and stops publishing; resolves when the connection is closed. */
  async stop() {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#channel = undefined;
    await this.#connection?.close().catch(() => {});
  }

  /** Logs a problem once, not on every retry. */
  #problem(what) {
    if (what !== this.#lastProblem) this.#log(`broker: ${what}`);
    this.#lastProblem = what;
  }

  #send(destination, body, { expiration } = {}) {
    const { exchange, routingKey } = amqpTarget(destination);
    this.#channel.publish(exchange, routingKey, Buffer.from(JSON.stringify(body)), { contentType: 'application/json', expiration });
    this.published++;
  }

  #publishJob() {
    if (!this.#channel) return;
    const id = ++this.#jobId;
    this.#send(JOBS, { id, task: TASKS[(id - 1) % TASKS.length], created: new Date().toISOString() }, { expiration: JOB_TTL_MS });
  }

  #tick() {
    if (!this.#channel) return;
    this.#ticks++;
    for (const quote of this.#market.tick()) this.#send(PRICES + quote.symbol, quote);
    if (this.#ticks % JOB_EVERY === 0) this.#publishJob();
    if (this.#ticks % BOT_EVERY === 0) {
      const { symbol, pct } = this.#market.topMover();
      const text = `${symbol} is today's top mover: ${pct >= 0 ? 'up' : 'down'} ${Math.abs(pct).toFixed(2)}%.`;
      this.#send(CHAT, { user: 'market-bot', text, bot: true });
    }
  }
}

if (isMain(import.meta.url)) {
  const feeder = await startFeeder().catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
  const cfg = brokerConfig();
  console.error(`[feeder] publishing over AMQP to ${PRICES}*, ${JOBS} and ${CHAT} on vhost ${cfg.vhost} (Ctrl-C stops)`);
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => feeder.stop().then(() => process.exit(0)));
}
