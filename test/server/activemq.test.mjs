// The second broker end to end, from Node: a private ActiveMQ + websockify on test ports, a
// stompjs client through websockify as a page would connect, and the inspection the browser tests
// use (test/server/activemq.mjs). Prints what ActiveMQ does where it differs from RabbitMQ.
//
//   node --experimental-websocket --test test/server/activemq.test.mjs     (Node 20's WebSocket is behind the flag)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import net from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@stomp/stompjs';
import { activemqConfig, closeWebSocketClients, startActiveMQ, stopActiveMQ } from '../../scripts/activemq.mjs';
import { ActiveMQInspector } from './activemq.mjs';

const cfg = activemqConfig({
  dir: join(activemqConfig().dir, 'node-test'),
  stompPort: Number(process.env.STOMP_ACTIVEMQ_TEST_STOMP_PORT ?? 61723),
  wsPort: Number(process.env.STOMP_ACTIVEMQ_TEST_WS_PORT ?? 61724),
});
let handle;
let inspector;
const clients = new Set();
const note = (what) => console.log(`# activemq: ${what}`);

before(async () => {
  handle = await startActiveMQ(cfg);
  inspector = new ActiveMQInspector(cfg);
});
after(async () => {
  await Promise.all([...clients].map((c) => c.deactivate({ force: true })));
  await inspector?.close();
  if (handle) await stopActiveMQ(handle);
});

/** A stompjs client as a page sets it up for ActiveMQ: subprotocol `binary`, binary frames. */
function client({ login = cfg.user, passcode = cfg.pass, ...options } = {}) {
  const c = new Client({
    webSocketFactory: () => new WebSocket(cfg.wsUrl, cfg.protocols),
    forceBinaryWSFrames: true,
    connectHeaders: { login, passcode },
    reconnectDelay: 0,
    heartbeatIncoming: 0,
    heartbeatOutgoing: 0,
    ...options,
  });
  c.errors = [];
  c.closes = [];
  c.onStompError = (frame) => c.errors.push({ headers: frame.headers, body: frame.body });
  c.onWebSocketClose = (e) => c.closes.push({ code: e.code, reason: e.reason });
  clients.add(c);
  return c;
}

function connect(c) {
  return new Promise((resolve, reject) => {
    c.onConnect = resolve;
    // A refused handshake: Node's WebSocket fires error but no close.
    c.onWebSocketError = () => reject(new Error(`WebSocket error before CONNECTED ${JSON.stringify(c.closes)}`));
    const close = c.onWebSocketClose;
    c.onWebSocketClose = (e) => {
      close(e);
      reject(new Error(`closed before CONNECTED: ${e.code} ${e.reason} ${JSON.stringify(c.errors)}`));
    };
    c.activate();
  });
}

const receipt = (c, id) => new Promise((resolve) => c.watchForReceipt(id, resolve));
const until = async (predicate, what, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
};
const timed = async (fn) => {
  const t0 = performance.now();
  const value = await fn();
  return [value, Math.round(performance.now() - t0)];
};
/** The status line websockify answers a WebSocket handshake offering `protocols` with. */
function handshakeStatus(protocols) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(cfg.wsPort, '127.0.0.1', () =>
      socket.write(
        `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n` +
          `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: ${protocols}\r\n\r\n`,
      ),
    );
    socket.once('data', (chunk) => {
      resolve(chunk.toString().split('\r\n')[0]);
      socket.destroy();
    });
    socket.once('error', reject);
  });
}
const unique = (prefix) => `${prefix}.${Math.random().toString(36).slice(2, 8)}`;

test('CONNECTED through websockify with subprotocol binary and binary frames, and a receipt', async () => {
  const c = client();
  const frame = await connect(c);
  assert.equal(frame.headers.version, '1.2');
  assert.match(frame.headers.server, /^ActiveMQ\/5\./);
  note(`CONNECTED ${JSON.stringify(frame.headers)}`);
  const done = receipt(c, 'r-1');
  c.publish({ destination: `/queue/${unique('receipt')}`, body: 'x', headers: { receipt: 'r-1' } });
  assert.equal((await done).headers['receipt-id'], 'r-1');
});

test("stompjs's default subprotocols are refused by websockify", async () => {
  const c = client({ webSocketFactory: undefined, brokerURL: cfg.wsUrl });
  await assert.rejects(connect(c), /WebSocket error/);
  clients.delete(c);
  void c.deactivate({ force: true }); // awaiting would wait for a close event that never comes
  note('default protocols: stompjs gets a WebSocket error (in Node no close event follows)');
  const status = await handshakeStatus('v12.stomp, v11.stomp, v10.stomp');
  note(`default protocols (v12.stomp, v11.stomp, v10.stomp): websockify answers "${status}"`);
  assert.match(status, /^HTTP\/1\.1 400/);
});

test('consumer counts from the statistics plugin', async () => {
  const c = client();
  await connect(c);
  const queue = unique('consumers');
  const [none, missingMs] = await timed(() => inspector.consumers(`/queue/${queue}`));
  assert.equal(none, 0);
  const done = receipt(c, 's-1');
  const sub = c.subscribe(`/queue/${queue}`, () => {}, { receipt: 's-1' });
  await done;
  const [one, ms] = await timed(() => inspector.consumers(`/queue/${queue}`));
  assert.equal(one, 1);
  sub.unsubscribe();
  await until(async () => (await inspector.consumers(queue)) === 0, 'the consumer to go');
  note(`consumers: ${ms} ms per count (${missingMs} ms for a missing queue, the first one includes the inspector's connect)`);
});

test('a selector filters', async () => {
  const c = client();
  await connect(c);
  const queue = `/queue/${unique('selector')}`;
  const seen = [];
  const done = receipt(c, 's-2');
  c.subscribe(queue, (m) => seen.push(m.body), { selector: "color = 'red'", receipt: 's-2' });
  await done;
  for (const color of ['blue', 'red', 'green']) c.publish({ destination: queue, body: color, headers: { color } });
  await until(() => seen.length >= 1, 'the red message');
  await sleep(300);
  assert.deepEqual(seen, ['red']);
});

test('the limited user is refused forbidden.* with an ERROR frame, and the connection stays', async () => {
  const c = client();
  await connect(c);
  c.subscribe('/queue/forbidden.orders', () => {}, { receipt: 'f-1' });
  await until(() => c.errors.length === 1, 'an ERROR frame');
  const [refused] = c.errors;
  assert.equal(refused.headers['receipt-id'], 'f-1');
  assert.match(refused.headers.message, /not authorized to read from: queue:\/\/forbidden\.orders/);
  note(`refused SUBSCRIBE: ERROR ${JSON.stringify(refused)}`);

  c.subscribe('/topic/forbidden.news', () => {}); // no receipt header
  c.publish({ destination: '/queue/forbidden.orders', body: 'x' });
  await until(() => c.errors.length === 3, 'two more ERROR frames');
  note(`refused without receipt: ${JSON.stringify(c.errors.slice(1).map((e) => e.headers))}`);

  const done = receipt(c, 'ok-1');
  c.publish({ destination: `/queue/${unique('allowed')}`, body: 'x', headers: { receipt: 'ok-1' } });
  await done; // still connected: ActiveMQ does not close after these ERROR frames (RabbitMQ does)
  assert.equal(c.connected, true);
  assert.deepEqual(c.closes, []);
});

test('a bad login gets an ERROR frame, then the socket closes', async () => {
  const c = client({ passcode: 'wrong' });
  await assert.rejects(connect(c));
  assert.equal(c.errors.length, 1);
  assert.match(c.errors[0].headers.message, /User name \[web\] or password is invalid/);
  note(`bad login: ERROR ${JSON.stringify(c.errors[0].headers)}, then close ${JSON.stringify(c.closes)}`);
});

test("heart-beats: ActiveMQ's arrive; stompjs's outgoing ones are text frames, which websockify closes on", async () => {
  const plain = client({ heartbeatIncoming: 1000, heartbeatOutgoing: 1000 });
  await connect(plain);
  await until(() => plain.closes.length === 1, 'websockify to close on the first outgoing heart-beat', 5000);
  note(`outgoing heart-beats with forceBinaryWSFrames: close ${JSON.stringify(plain.closes)}`);
  assert.equal(plain.closes[0].code, 1003);

  // A socket that sends every string as binary, as a page's webSocketFactory can.
  const binaryOnly = () => {
    const ws = new WebSocket(cfg.wsUrl, cfg.protocols);
    const send = ws.send.bind(ws);
    ws.send = (data) => send(typeof data === 'string' ? new TextEncoder().encode(data) : data);
    return ws;
  };
  // ActiveMQ's first heart-beat comes 1.3 to 1.8 intervals after CONNECTED (stompjs allows 2): 2 s, not 1 s, keeps clear of that.
  const wrapped = client({ heartbeatIncoming: 2000, heartbeatOutgoing: 2000, webSocketFactory: binaryOnly });
  const frame = await connect(wrapped);
  note(`CONNECTED heart-beat ${frame.headers['heart-beat']} (asked 2000,2000)`);
  await sleep(7000);
  assert.deepEqual(wrapped.closes, []);
  assert.equal(wrapped.connected, true);
});

test('connection counts from the advisory topic, and dropping every WebSocket client', async () => {
  const before = await inspector.connections();
  const a = client();
  const b = client();
  await Promise.all([connect(a), connect(b)]);
  const [count, ms] = await timed(() => inspector.connections());
  assert.equal(count, before + 2);
  const [dropped, closeMs] = await timed(() => closeWebSocketClients(cfg));
  assert.ok(dropped >= 2);
  await until(() => a.closes.length && b.closes.length, 'both clients to see their socket close');
  await until(async () => (await inspector.connections()) === 0, 'ActiveMQ to drop the connections');
  note(`connections: ${ms} ms per count; closing ${dropped} WebSocket clients took ${closeMs} ms, they saw ${JSON.stringify(a.closes)}`);
  const again = client();
  await connect(again); // websockify still listens
  assert.equal(await inspector.connections(), 1);
});
