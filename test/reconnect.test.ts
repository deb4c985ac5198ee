import { expect, html, oneEvent } from '@open-wc/testing';
import '../src/define.js';
import { closeConnections, collect, connected, consumers, onQueue, settled, unique, waitFor } from './helpers.js';

describe('when the broker drops the connection', () => {
  it('reconnects, restores the subscription and flushes the outbox: nothing lost', async () => {
    const { conn, sub, pub, queue } = await onQueue('recon');
    const received = collect(sub, 'stomp-message');
    const closes = collect(conn, 'stomp-websocket-close');
    const ends = collect(conn, 'stomp-disconnect');
    const states = collect(conn, 'stomp-state-change');

    await pub.publish('before');
    await waitFor(() => received.length === 1, 'the first message');

    // Slow the reconnect down so publishes made meanwhile must wait in the outbox.
    conn.reconnectDelay = 1500;
    await conn.updateComplete;
    await closeConnections('test: broker restart');
    await waitFor(() => conn.state === 'reconnecting', 'the reconnecting state');
    expect(closes.length).to.equal(1);
    expect(ends).to.deep.equal([{ requested: false }]);
    expect(sub.subscribed).to.equal(false);
    expect(sub.hasAttribute('subscribed')).to.equal(false);

    const whileDown = [pub.publish('offline 1'), pub.publish('offline 2'), pub.publish('offline 3')];
    expect(pub.pending).to.equal(3);
    await pub.updateComplete;
    expect(pub.getAttribute('pending')).to.equal('3');

    await Promise.all(whileDown);
    expect(conn.state).to.equal('connected');
    await waitFor(() => received.length === 4, 'the queued messages');
    expect(received.map((m) => m.body)).to.deep.equal(['before', 'offline 1', 'offline 2', 'offline 3']);
    await waitFor(() => sub.subscribed, 'the subscription to be confirmed again');
    expect(await consumers(queue)).to.equal(1);
    expect(pub.pending).to.equal(0);
    expect(states.map((s) => s.state)).to.deep.equal(['reconnecting', 'connected']);
  });

  it('says why when the outbox is full, and keeps what fits', async () => {
    const queue = unique('full');
    const conn = await connected(html`<stomp-publish destination="/queue/${queue}"></stomp-publish>`);
    conn.setAttribute('outbox-limit', '2');
    await settled(conn);
    expect(conn.outboxLimit).to.equal(2);
    await conn.disconnect();
    const pub = conn.querySelector('stomp-publish')!;
    const kept = [pub.publish('1'), pub.publish('2')];
    const error = oneEvent(pub, 'stomp-publish-error');
    const overflow = pub.publish('3');
    const { detail } = await error;
    expect(detail.message).to.match(/outbox is full \(2 messages waiting\)/);
    expect(detail.body).to.equal('3');
    let rejected: Error | undefined;
    await overflow.catch((e: Error) => (rejected = e));
    expect(rejected?.message).to.equal(detail.message);
    expect(pub.pending).to.equal(2);
    conn.connect();
    await Promise.all(kept);
    expect(pub.pending).to.equal(0);
  });
});
