// A stand-in for the broker's WebSocket, for the client-side ceiling microbenchmark only: it
// answers CONNECT with CONNECTED and SUBSCRIBE/UNSUBSCRIBE/SEND/DISCONNECT with their RECEIPT, then
// replays a recorded MESSAGE frame N times, each as its own task (as a real socket delivers them).
// It measures our code path with the broker taken out; it is never used as a feature test.
// Frames are read and written by stompjs's own parser and serialiser (Parser, FrameImpl).
import { FrameImpl, Parser, type IRawFrameType } from '@stomp/stompjs';

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

/** The first STOMP frame of `data` (NUL-terminated): command, headers in order, raw as sent, and body. */
export function parseFrame(data: string | ArrayBuffer): { command: string; headers: [string, string][]; body: string } {
  let frame: IRawFrameType | undefined;
  new Parser((raw) => (frame ??= raw), () => {}).parseChunk(data);
  if (!frame) throw new Error('parseFrame: no complete frame');
  return { command: frame.command ?? '', headers: frame.headers, body: decoder.decode(frame.binaryBody) };
}

/** A frame serialised by stompjs (`content-length` added when there is a body; NUL-terminated). */
const frameText = (command: string, headers: Record<string, string>, body = '') => FrameImpl.marshall({ command, headers, body }) as string;

/** Width of the `seq` header value: fixed, so each delivery rewrites the digits in place. */
export const SEQ_WIDTH = 8;
export const seqText = (i: number) => String(i).padStart(SEQ_WIDTH, '0');

/** Width of the key digits of a keyed body (`keys` ≤ 100). */
const KEY_WIDTH = 2;

/** A JSON body of `size` characters with an `id` of KEY_WIDTH digits, which feed() rewrites per delivery. */
export const keyedBody = (size: number) => {
  const head = `{"id":"${'0'.repeat(KEY_WIDTH)}","pad":"`;
  return `${head}${'x'.repeat(Math.max(0, size - head.length - 2))}"}`;
};

/** A MESSAGE frame in bytes; feed() rewrites its `seq` digits (and its key's, given `keyAt`) per delivery. */
export interface Frame {
  bytes: Uint8Array;
  seqAt: number;
  /** Where the body's `id` digits are (a keyedBody), or -1. */
  keyAt: number;
  /** feed() writes message i's key as i % keys. */
  keys: number;
}

/**
 * A MESSAGE frame for `subscription` in bytes, and where its `seq` digits are. `keys`: the body is a
 * keyedBody of the recorded body's size, its `id` cycling through `keys` values (an upsert ticker).
 */
export function buildFrame(recorded: RecordedFrame, subscription: string, destination: string, keys = 0): Frame {
  const headers = Object.fromEntries(
    recorded.headers
      .filter(([name]) => name !== 'seq' && name !== 'content-length')
      .map(([name, value]) => [name, name === 'subscription' ? subscription : name === 'destination' ? destination : value]),
  );
  const body = keys ? keyedBody(recorded.body.length) : recorded.body;
  const text = frameText('MESSAGE', { ...headers, seq: seqText(0) }, body);
  const seqAt = encoder.encode(text.slice(0, text.indexOf(`\nseq:${seqText(0)}\n`) + 5)).length;
  const keyAt = keys ? encoder.encode(text.slice(0, text.lastIndexOf('{"id":"') + 7)).length : -1;
  return { bytes: new Uint8Array(encoder.encode(text)), seqAt, keyAt, keys }; // its own buffer, exactly the frame
}

function writeDigits(bytes: Uint8Array, at: number, i: number, width = SEQ_WIDTH): void {
  for (let k = width - 1; k >= 0; k--, i = Math.floor(i / 10)) bytes[at + k] = 48 + (i % 10);
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

  /** Frames the client sends, parsed as they arrive (heart-beats ignored). */
  readonly #parser = new Parser((frame) => this.#received(frame), () => {});

  send(data: string | ArrayBuffer | Uint8Array): void {
    this.#parser.parseChunk(data as string | ArrayBuffer); // a Uint8Array is read as one too
  }

  #received({ command, headers }: IRawFrameType): void {
    const h = Object.fromEntries(headers);
    if (command === 'CONNECT' || command === 'STOMP') {
      this.#reply('CONNECTED', { version: '1.2', 'heart-beat': '0,0', server: 'fake-socket', session: 'fake' });
      return;
    }
    if (command === 'SUBSCRIBE') this.subscriptions.set(h.id, h.destination);
    if (command === 'UNSUBSCRIBE') this.subscriptions.delete(h.id);
    if (command === 'SEND') this.sent++;
    if (h.receipt) this.#reply('RECEIPT', { 'receipt-id': h.receipt });
    if (command === 'DISCONNECT') queueTask(() => this.close());
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
   * Delivers `n` copies of `frame` (its `seq` header rewritten 0…n-1, its key i % keys), each in its own task: as
   * fast as the page takes them, or `rate` per second.
   */
  feed(n: number, frame: Frame, rate = 0): Promise<FeedResult> {
    const { bytes, seqAt, keyAt, keys } = frame;
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
        writeDigits(bytes, seqAt, i);
        if (keyAt >= 0) writeDigits(bytes, keyAt, i % keys, KEY_WIDTH);
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

  #reply(command: string, headers: Record<string, string>): void {
    queueTask(() => this.onmessage?.({ data: encoder.encode(frameText(command, headers)).buffer as ArrayBuffer }));
  }
}
