// The demo's publisher: quotes to /topic/prices.<SYMBOL> twice a second, a job to /queue/demo.jobs
// every three seconds, and now and then a line from a bot in /topic/chat.
//
// Speaks STOMP 1.2 over the broker's plain TCP listener (STOMP_TCP_PORT) with a few lines of
// `net`: no dependency, and Node 20 has no WebSocket. Reconnects when the broker closes the
// connection (a restart, `rabbitmqctl close_all_connections`) until stopped.
//
// CLI: node scripts/feeder.mjs   (uses the STOMP_* environment, like scripts/broker.mjs; Ctrl-C stops)
import net from 'node:net';
import { brokerConfig } from './broker.mjs';
import { isMain } from './shared.mjs';

export const PRICES = '/topic/prices.'; // + symbol; pages subscribe to /topic/prices.*
export const JOBS = '/queue/demo.jobs';
export const CHAT = '/topic/chat';

const TICK_MS = 500;
const JOB_EVERY = 6; // ticks: a job every 3 s
const BOT_EVERY = 40; // ticks: a bot line every 20 s
const JOB_TTL_MS = 60_000; // jobs nobody takes expire instead of piling up in the queue

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

/** One STOMP frame; header values escaped as STOMP 1.2 asks. */
function frame(command, headers, body = '') {
  const escape = (v) => String(v).replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/:/g, '\\c');
  const lines = Object.entries(headers).map(([k, v]) => `${k}:${escape(v)}`);
  return `${command}\n${lines.join('\n')}\n\n${body}\0`;
}

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

export class Feeder {
  #cfg;
  #log;
  #socket;
  #connected = false;
  #stopped = false;
  #timer;
  #retry;
  #ticks = 0;
  #jobId = 1000 + Math.floor(Math.random() * 8000); // job numbers that look like a real system's (and rarely clash with a second feeder's)
  #market = new Market();
  #onConnected = () => {};
  #lastProblem = '';

  constructor(opts = {}) {
    this.#cfg = brokerConfig(opts);
    this.#log = opts.log ?? ((message) => console.error(`[feeder] ${message}`));
    if (!this.#cfg.stompPort) throw new Error('the feeder needs the broker\'s STOMP TCP listener (STOMP_TCP_PORT is 0)');
  }

  /** Messages published so far. */
  published = 0;

  get connected() {
    return this.#connected;
  }

  start(timeoutMs) {
    const up = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`feeder: no STOMP connection to 127.0.0.1:${this.#cfg.stompPort} after ${timeoutMs} ms (${this.#lastProblem || 'no answer'})`)), timeoutMs);
      this.#onConnected = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.#connect();
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
    return up.catch((err) => {
      this.stop();
      throw err;
    });
  }

  /** Disconnects and stops publishing; resolves when the socket is closed. */
  async stop() {
    this.#stopped = true;
    clearInterval(this.#timer);
    clearTimeout(this.#retry);
    const socket = this.#socket;
    if (!socket || socket.destroyed) return;
    await new Promise((resolve) => {
      socket.once('close', resolve);
      if (this.#connected) socket.end(frame('DISCONNECT', {}));
      else socket.destroy();
      setTimeout(() => socket.destroy(), 500).unref();
    });
  }

  #connect() {
    const { stompPort, vhost, user, pass } = this.#cfg;
    const socket = net.connect({ host: '127.0.0.1', port: stompPort });
    this.#socket = socket;
    socket.setEncoding('utf8');
    socket.setNoDelay(true);
    let buffer = '';
    socket.on('connect', () => {
      socket.write(frame('CONNECT', { 'accept-version': '1.2', host: vhost, login: user, passcode: pass, 'heart-beat': '0,0' }));
    });
    socket.on('data', (chunk) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\0')) >= 0) {
        this.#received(buffer.slice(0, end).replace(/^[\r\n]+/, ''));
        buffer = buffer.slice(end + 1);
      }
    });
    socket.on('error', (err) => this.#problem(err.code ?? err.message));
    socket.on('close', () => {
      const was = this.#connected;
      this.#connected = false;
      if (this.#stopped) return;
      if (was) this.#log('connection closed; reconnecting');
      this.#retry = setTimeout(() => this.#connect(), 1000);
    });
  }

  #received(text) {
    const [head, ...rest] = text.split('\n\n');
    const [command, ...headerLines] = head.split('\n');
    if (command === 'CONNECTED') {
      this.#connected = true;
      this.#lastProblem = '';
      this.#onConnected();
      this.#publishJob(); // a page opened right away has work to show
      this.#publishJob();
      this.#publishJob();
    } else if (command === 'ERROR') {
      const message = headerLines.find((l) => l.startsWith('message:'))?.slice(8) ?? 'ERROR';
      this.#problem(`${message}: ${rest.join('\n\n').trim().split('\n')[0]}`);
    }
  }

  /** Logs a problem once, not on every retry. */
  #problem(what) {
    if (what !== this.#lastProblem) this.#log(`broker: ${what}`);
    this.#lastProblem = what;
  }

  #send(destination, body, headers = {}) {
    this.#socket.write(frame('SEND', { destination, 'content-type': 'application/json', ...headers }, JSON.stringify(body)));
    this.published++;
  }

  #publishJob() {
    const id = ++this.#jobId;
    this.#send(JOBS, { id, task: TASKS[(id - 1) % TASKS.length], created: new Date().toISOString() }, { expiration: JOB_TTL_MS });
  }

  #tick() {
    if (!this.#connected) return;
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
  console.error(`[feeder] publishing to ${PRICES}*, ${JOBS} and ${CHAT} on vhost ${cfg.vhost} (Ctrl-C stops)`);
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => feeder.stop().then(() => process.exit(0)));
}
