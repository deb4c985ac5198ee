// The load generator: a raw @stomp/stompjs client in a dedicated worker, so publishing does not run
// on the page's main thread, and the same for every receiver (raw or kit) it feeds.
import { Client } from '@stomp/stompjs';

interface Connect {
  cmd: 'connect';
  url: string;
  headers: Record<string, string>;
  heartbeat: number;
}
interface Publish {
  cmd: 'publish';
  destination: string;
  n: number;
  size: number;
  /** Messages per second; 0: as fast as the socket takes them. */
  rate: number;
}
type Command = Connect | Publish | { cmd: 'disconnect' };

const SEQ_WIDTH = 8;
/** Publishing waits while this much is queued in the socket (flow control). */
const HIGH_WATER = 1 << 20;

let client: Client | undefined;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function publish({ destination, n, size, rate }: Publish): Promise<{ ms: number }> {
  const c = client!;
  const body = 'x'.repeat(size);
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    if (rate) {
      const due = start + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
    }
    while (((c.webSocket as WebSocket | undefined)?.bufferedAmount ?? 0) > HIGH_WATER) await sleep(1);
    const headers: Record<string, string> = { seq: String(i).padStart(SEQ_WIDTH, '0') };
    if (i === n - 1) headers.receipt = `published-${destination}`;
    c.publish({ destination, body, headers });
  }
  // The broker confirms the last SEND once it has handled all of them (frames are handled in order).
  await new Promise<void>((resolve) => c.watchForReceipt(`published-${destination}`, () => resolve()));
  return { ms: performance.now() - start };
}

/** Connects, or connects again: the broker closes a connection that was silent for a minute. */
function connect(data: Connect): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const c = new Client({
      brokerURL: data.url,
      connectHeaders: data.headers,
      // the same heart-beats as the page's connections (see `heartbeat` in the connect command)
      heartbeatIncoming: data.heartbeat,
      heartbeatOutgoing: data.heartbeat,
      reconnectDelay: 0,
    });
    c.onConnect = () => resolve();
    c.onStompError = (f) => reject(new Error(f.headers.message));
    c.onWebSocketClose = () => reject(new Error('publisher: socket closed'));
    client = c;
    c.activate();
  });
}

let settings: Connect | undefined;

onmessage = async ({ data }: MessageEvent<Command>) => {
  try {
    if (data.cmd === 'connect') {
      settings = data;
      await connect(data);
      postMessage({ ok: true });
    } else if (data.cmd === 'publish') {
      if (!client?.connected) {
        await client?.deactivate();
        await connect(settings!);
      }
      postMessage({ ok: true, ...(await publish(data)) });
    } else {
      await client?.deactivate();
      postMessage({ ok: true });
    }
  } catch (e) {
    postMessage({ ok: false, error: (e as Error).message });
  }
};
