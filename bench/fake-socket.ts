// A stand-in for the broker's WebSocket, for the client-side ceiling microbenchmark only: it
// answers CONNECT with CONNECTED and SUBSCRIBE/UNSUBSCRIBE/SEND/DISCONNECT with their RECEIPT, then
// replays a recorded MESSAGE frame N times, each as its own task (as a real socket delivers them).
// It measures our code path with the broker taken out; it is never used as a feature test.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Every socket task goes through one MessageChannel: a macrotask, like a network event. */
const channel = new MessageChannel();
const tasks: (() => void)[] = [];
channel.port1.onmessage = () => tasks.shift()?.();
function queueTask(fn: () => void): void {
  tasks.push(fn);
  channel.port2.postMessage(0);
}

/** A MESSAGE frame as the broker sent it: headers in order, and the body. */
export interface RecordedFrame {
  headers: [string, string][];
  body: string;
}

/** Parses the text of a STOMP frame (without the trailing NUL). */
export function parseFrame(text: string): { command: string; headers: [string, string][]; body: string } {
  const end = text.indexOf('\n\n');
  const [command, ...lines] = text.slice(0, end < 0 ? text.length : end).split('\n');
  const headers = lines.map((line): [string, string] => {
    const i = line.indexOf(':');
    return [line.slice(0, i), line.slice(i + 1)];
  });
  return { command, headers, body: end < 0 ? '' : text.slice(end + 2) };
}

/** Width of the `seq` header value: fixed, so each delivery rewrites the digits in place. */
export const SEQ_WIDTH = 8;
export const seqText = (i: number) => String(i).padStart(SEQ_WIDTH, '0');

/** A MESSAGE frame for `subscription` in bytes, and where its `seq` digits are. */
export function buildFrame(recorded: RecordedFrame, subscription: string, destination: string): { bytes: Uint8Array; seqAt: number } {
  const body = encoder.encode(recorded.body);
  const headers = recorded.headers
    .filter(([name]) => name !== 'seq' && name !== 'content-length')
    .map(([name, value]) => [name, name === 'subscription' ? subscription : name === 'destination' ? destination : value]);
  let head = `MESSAGE\n${headers.map(([n, v]) => `${n}:${v}\n`).join('')}seq:`;
  const seqAt = encoder.encode(head).length;
  head += `${seqText(0)}\ncontent-length:${body.length}\n\n`;
  const headBytes = encoder.encode(head);
  const bytes = new Uint8Array(headBytes.length + body.length + 1);
  bytes.set(headBytes);
  bytes.set(body, headBytes.length);
  return { bytes, seqAt }; // the last byte stays 0: the frame's NUL
}

function writeSeq(bytes: Uint8Array, at: number, i: number): void {
  for (let k = SEQ_WIDTH - 1; k >= 0; k--, i = Math.floor(i / 10)) bytes[at + k] = 48 + (i % 10);
}

export interface FeedResult {
  /** Milliseconds spent inside the socket's `onmessage` (stompjs parsing plus what it calls). */
  handlerMs: number;
  /** When the first and the last frame were handed over. */
  first: number;
  last: number;
}

/** A fake WebSocket that a stompjs `webSocketFactory` returns. */
export class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readonly url = 'ws://fake.invalid/ws';
  readonly protocol = 'v12.stomp';
  readonly extensions = '';
  binaryType: BinaryType = 'arraybuffer';
  readyState = 0;
  bufferedAmount = 0;
  onopen: ((ev: Event) => void) | null = null;
  onmessage: ((ev: { data: ArrayBuffer | string }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string; wasClean: boolean }) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  /** Open subscriptions: id → destination. */
  readonly subscriptions = new Map<string, string>();
  /** SEND frames received. */
  sent = 0;

  constructor() {
    queueTask(() => {
      this.readyState = 1;
      this.onopen?.(new Event('open'));
    });
  }

  send(data: string | ArrayBuffer | Uint8Array): void {
    const text = typeof data === 'string' ? data : decoder.decode(data);
    for (const raw of text.split('\0')) {
      const frame = raw.replace(/^\n+/, ''); // heart-beats
      if (!frame) continue;
      const { command, headers } = parseFrame(frame);
      const h = Object.fromEntries(headers);
      if (command === 'CONNECT' || command === 'STOMP') {
        this.#reply('CONNECTED\nversion:1.2\nheart-beat:0,0\nserver:fake-socket\nsession:fake\n\n');
        continue;
      }
      if (command === 'SUBSCRIBE') this.subscriptions.set(h.id, h.destination);
      if (command === 'UNSUBSCRIBE') this.subscriptions.delete(h.id);
      if (command === 'SEND') this.sent++;
      if (h.receipt) this.#reply(`RECEIPT\nreceipt-id:${h.receipt}\n\n`);
      if (command === 'DISCONNECT') queueTask(() => this.close());
    }
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState >= 2) return;
    this.readyState = 2;
    queueTask(() => {
      this.readyState = 3;
      this.onclose?.({ code, reason, wasClean: true });
    });
  }

  /**
   * Delivers `n` copies of `frame` (its `seq` header rewritten 0…n-1), each in its own task: as
   * fast as the page takes them, or `rate` per second.
   */
  feed(n: number, frame: { bytes: Uint8Array; seqAt: number }, rate = 0): Promise<FeedResult> {
    const { bytes, seqAt } = frame;
    return new Promise((resolve) => {
      const ch = new MessageChannel();
      let i = 0;
      let handlerMs = 0;
      let first = 0;
      const start = performance.now();
      const step = () => {
        if (rate && i >= ((performance.now() - start) * rate) / 1000) {
          setTimeout(step, 1);
          return;
        }
        writeSeq(bytes, seqAt, i);
        const t = performance.now();
        if (!i) first = t;
        this.onmessage?.({ data: bytes.buffer as ArrayBuffer });
        handlerMs += performance.now() - t;
        if (++i < n) ch.port2.postMessage(0);
        else {
          ch.port1.close();
          resolve({ handlerMs, first, last: performance.now() });
        }
      };
      ch.port1.onmessage = step;
      ch.port2.postMessage(0);
    });
  }

  #reply(text: string): void {
    queueTask(() => this.onmessage?.({ data: encoder.encode(`${text}\0`).buffer as ArrayBuffer }));
  }
}
