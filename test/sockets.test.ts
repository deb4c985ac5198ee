// The socket under a connection: a page's own `webSocketFactory`, the subprotocols offered
// (`protocols`) and binary frames (`binary`), against the private RabbitMQ node. The same settings
// reach ActiveMQ through websockify in the compatibility suite.
import { expect } from '@open-wc/testing';
import '../src/define.js';
import type { StompConnection } from '../src/stomp-connection.js';
import type { StompSubscribe } from '../src/stomp-subscribe.js';
import type { StompPublish } from '../src/stomp-publish.js';
import { broker, closeConnections, unique, waitFor } from './helpers.js';

/** A WebSocket that records what it is asked to open and the kind of each frame it sends. */
function recordingFactory(protocols?: string[]) {
  const opened: { url: string; protocol: () => string }[] = [];
  const sent: ('text' | 'binary')[] = [];
  const factory = (url: string) => {
    const ws = new WebSocket(url, protocols);
    const send = ws.send.bind(ws);
    ws.send = (data) => {
      sent.push(typeof data === 'string' ? 'text' : 'binary');
      send(data);
    };
    opened.push({ url, protocol: () => ws.protocol });
    return ws;
  };
  return { factory, opened, sent };
}

/** A connection with a subscription and a publisher on a fresh queue, set up by `configure` before it is added. */
async function pubSub(configure: (conn: StompConnection) => void) {
  const queue = unique('socket');
  const conn = document.createElement('stomp-connection');
  Object.assign(conn, { brokerUrl: broker.wsUrl, vhost: broker.vhost, login: broker.user, passcode: broker.pass, reconnectDelay: 300 });
  configure(conn);
  const sub = Object.assign(document.createElement('stomp-subscribe'), { destination: `/queue/${queue}` });
  const pub = Object.assign(document.createElement('stomp-publish'), { destination: `/queue/${queue}` });
  const got: string[] = [];
  sub.addEventListener('stomp-message', (e) => got.push(e.detail.body));
  conn.append(sub, pub);
  document.body.append(conn);
  await waitFor(() => sub.subscribed, 'the subscription');
  return { conn, sub: sub as StompSubscribe, pub: pub as StompPublish, got };
}

describe('the socket under <stomp-connection>', () => {
  let conn: StompConnection | undefined;
  afterEach(() => conn?.remove());

  it('webSocketFactory makes the socket for every attempt, with that attempt\'s URL', async () => {
    const rec = recordingFactory(['v12.stomp']);
    const setup = await pubSub((c) => (c.webSocketFactory = rec.factory));
    conn = setup.conn;
    expect(rec.opened.map((o) => o.url)).to.deep.equal([broker.wsUrl]);
    expect(rec.opened[0].protocol()).to.equal('v12.stomp');
    await setup.pub.publish('through the page\'s own socket');
    await waitFor(() => setup.got.length === 1, 'the message');
    expect(setup.got).to.deep.equal(['through the page\'s own socket']);
    // The broker drops the connection: the retry asks the factory again.
    await closeConnections('socket factory test');
    await waitFor(() => rec.opened.length === 2 && conn!.state === 'connected', 'a second socket from the factory', 15000);
    expect(rec.opened[1].url).to.equal(broker.wsUrl);
  });

  it('protocols="…" offers those WebSocket subprotocols', async () => {
    // No factory of the page's: the element's own socket, as stompjs holds it.
    const setup = await pubSub((c) => c.setAttribute('protocols', 'v11.stomp'));
    conn = setup.conn;
    expect((conn.client.webSocket as WebSocket).protocol, 'not the default v12.stomp').to.equal('v11.stomp');
  });

  it('binary sends every frame as a binary WebSocket message; messages arrive as before', async () => {
    const rec = recordingFactory();
    const setup = await pubSub((c) => {
      c.webSocketFactory = rec.factory;
      c.toggleAttribute('binary', true);
    });
    conn = setup.conn;
    await setup.pub.publish('in a binary frame');
    await waitFor(() => setup.got.length === 1, 'the message');
    expect(setup.got).to.deep.equal(['in a binary frame']);
    expect(rec.sent.length).to.be.greaterThan(2); // CONNECT, SUBSCRIBE, SEND at least
    expect(new Set(rec.sent)).to.deep.equal(new Set(['binary']));
  });

  it('without binary, frames go as text (the default for RabbitMQ)', async () => {
    const rec = recordingFactory();
    const setup = await pubSub((c) => (c.webSocketFactory = rec.factory));
    conn = setup.conn;
    await setup.pub.publish('in a text frame');
    await waitFor(() => setup.got.length === 1, 'the message');
    expect(new Set(rec.sent)).to.deep.equal(new Set(['text']));
  });
});
