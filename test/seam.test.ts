// The elements talk to a Connection (src/connection/connection.ts), not to stompjs: any object
// that implements it can stand in. A unit test of that seam, with an in-memory double provided
// through the same context protocol <stomp-connection> answers; every feature test runs against
// the real broker elsewhere.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../src/define.js';
import type { Connection, ConnectionState, Publication, StompHeaders, StompMessage, SubscriptionSink } from '../src/connection/connection.js';
import { connectionContext } from '../src/connection/context.js';
import type { StompPublishDetail } from '../src/events.js';
import type { StompPublish } from '../src/stomp-publish.js';
import type { StompSubscribe } from '../src/stomp-subscribe.js';
import { waitFor } from './helpers.js';

/** A connection held in memory: it records what the elements ask of it. */
class DoubleConnection implements Connection {
  state: ConnectionState = 'connected';
  closed = false;
  key = 'double';
  readonly subscriptions = new Map<string, { headers: StompHeaders; sink: SubscriptionSink }>();
  readonly published: { frame: StompPublishDetail; receipt: boolean }[] = [];
  /** What publish() answers next. */
  next: () => Publication = () => ({ status: 'sent', done: Promise.resolve(undefined) });
  readonly #watchers = new Set<(c: Connection) => void>();

  watch(fn: (c: Connection) => void): () => void {
    this.#watchers.add(fn);
    return () => this.#watchers.delete(fn);
  }

  subscribe(destination: string, headers: StompHeaders, sink: SubscriptionSink): () => void {
    this.subscriptions.set(destination, { headers, sink });
    return () => this.subscriptions.delete(destination);
  }

  publish(frame: StompPublishDetail, receipt: boolean): Publication {
    this.published.push({ frame, receipt });
    return this.next();
  }

  request(frame: StompPublishDetail): Promise<StompMessage> {
    this.published.push({ frame, receipt: false });
    return Promise.reject(new Error('no replies here'));
  }

  setState(state: ConnectionState): void {
    this.state = state;
    for (const fn of this.#watchers) fn(this);
  }

  deliver(destination: string, body: string): void {
    const message: StompMessage = {
      command: 'MESSAGE',
      headers: { destination, 'content-type': 'application/json' },
      body,
      binaryBody: new TextEncoder().encode(body),
      isBinaryBody: false,
      ack: () => {},
      nack: () => {},
    };
    this.subscriptions.get(destination)!.sink.message(message);
  }
}

/** A plain element that answers the elements' context requests with `connection`. */
async function provided(connection: Connection, content: ReturnType<typeof html>) {
  const root = await fixture<HTMLDivElement>(html`<div></div>`);
  root.addEventListener('context-request', (e) => {
    if (e.context !== connectionContext) return;
    e.stopPropagation();
    (e.callback as (value: Connection) => void)(connection);
  });
  const { render } = await import('lit');
  render(content, root);
  return root;
}

describe('the connection seam', () => {
  it('lets <stomp-subscribe> run on any Connection: subscribe, confirm, deliver, unsubscribe', async () => {
    const connection = new DoubleConnection();
    const root = await provided(connection, html`<stomp-subscribe destination="/topic/seam" ack="client" headers='{"prefetch-count": 5}'></stomp-subscribe>`);
    const sub = root.querySelector<StompSubscribe>('stomp-subscribe')!;
    await waitFor(() => connection.subscriptions.has('/topic/seam'), 'the element to subscribe');
    expect(connection.subscriptions.get('/topic/seam')!.headers).to.deep.equal({ 'prefetch-count': '5', ack: 'client' });

    connection.subscriptions.get('/topic/seam')!.sink.subscribed(true);
    await sub.updateComplete;
    expect(sub.hasAttribute('subscribed')).to.equal(true);

    const received = oneEvent(sub, 'stomp-message');
    connection.deliver('/topic/seam', '{"price": 42}');
    const { detail } = await received;
    expect(detail.json).to.deep.equal({ price: 42 });
    expect(sub.messageCount).to.equal(1);

    sub.remove();
    expect(connection.subscriptions.size).to.equal(0);
  });

  it('shows a refusal from any Connection as stomp-error on the element, and does not retry it', async () => {
    const connection = new DoubleConnection();
    const root = await provided(connection, html`<stomp-subscribe destination="/queue/refused-here"></stomp-subscribe>`);
    const sub = root.querySelector<StompSubscribe>('stomp-subscribe')!;
    await waitFor(() => connection.subscriptions.has('/queue/refused-here'), 'the element to subscribe');
    const { sink } = connection.subscriptions.get('/queue/refused-here')!;
    connection.subscriptions.clear();
    const error = oneEvent(sub, 'stomp-error');
    sink.refused({ message: 'access refused', headers: {}, body: '', destination: '/queue/refused-here' });
    expect((await error).detail.message).to.equal('Subscription to /queue/refused-here refused: access refused');
    sub.requestUpdate(); // an unrelated update does not subscribe again
    await sub.updateComplete;
    expect(connection.subscriptions.size).to.equal(0);
    sub.resubscribe();
    expect(connection.subscriptions.size).to.equal(1);
  });

  it('lets <stomp-publish> run on any Connection: pending while queued, receipt and errors as events', async () => {
    const connection = new DoubleConnection();
    const root = await provided(connection, html`<stomp-publish destination="/queue/seam" receipt></stomp-publish>`);
    const pub = root.querySelector<StompPublish>('stomp-publish')!;
    await pub.updateComplete;

    let confirm!: (headers: StompHeaders) => void;
    connection.next = () => ({ status: 'queued', done: new Promise((resolve) => (confirm = resolve)) });
    const receipt = oneEvent(pub, 'stomp-receipt');
    const sent = pub.publish({ n: 1 });
    await pub.updateComplete;
    expect(pub.getAttribute('pending')).to.equal('1');
    const { frame } = connection.published[0];
    expect(connection.published[0].receipt).to.equal(true);
    expect(frame.destination).to.equal('/queue/seam');
    expect(frame.body).to.equal('{"n":1}');
    expect(frame.headers['content-type']).to.equal('application/json');
    expect(frame.headers['x-stomp-elements-id']).to.be.a('string');
    confirm({ 'receipt-id': 'r-1' });
    await sent;
    expect((await receipt).detail.receiptId).to.equal('r-1');
    expect(pub.pending).to.equal(0);

    connection.next = () => ({ status: 'refused', done: Promise.reject(new Error('no room')) });
    const failed = oneEvent(pub, 'stomp-publish-error');
    await pub.publish('x').catch(() => {});
    expect((await failed).detail.message).to.equal('no room');

    // The offline custom state follows the connection's state.
    connection.setState('reconnecting');
    expect(pub.matches(':state(offline)')).to.equal(true);
    connection.setState('connected');
    expect(pub.matches(':state(offline)')).to.equal(false);
  });
});
