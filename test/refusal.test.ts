// RabbitMQ refuses a SUBSCRIBE or SEND the user may not do by closing the socket, with no ERROR
// frame. The test user may use everything on the vhost except names starting with "forbidden".
import { expect, html, oneEvent } from '@open-wc/testing';
import '../src/define.js';
import { collect, connected, consumers, settled, unique, waitFor } from './helpers.js';

describe('destinations the user may not use', () => {
  it('reports a refused subscription on that element, and does not retry it', async () => {
    const allowed = unique('allowed');
    const conn = await connected(html`
      <stomp-subscribe id="ok" destination="/queue/${allowed}"></stomp-subscribe>
      <stomp-publish destination="/queue/${allowed}"></stomp-publish>
    `);
    await settled(conn);
    const ok = conn.querySelector<HTMLElementTagNameMap['stomp-subscribe']>('#ok')!;
    await waitFor(() => ok.subscribed, 'the allowed subscription');
    const closes = collect(conn, 'stomp-websocket-close');

    const forbidden = document.createElement('stomp-subscribe');
    forbidden.destination = '/queue/forbidden.orders';
    const refused = oneEvent(forbidden, 'stomp-error');
    conn.append(forbidden);
    const { detail } = await refused;
    const closesAtRefusal = closes.length;
    expect(detail.destination).to.equal('/queue/forbidden.orders');
    expect(detail.message).to.contain('/queue/forbidden.orders');
    expect(detail.message).to.match(/refused/);
    expect(closes[0]).to.include({ code: 1000, reason: 'STOMP died' });

    // The connection comes back without it; the allowed subscription is restored and works.
    await waitFor(() => conn.state === 'connected' && ok.subscribed, 'the reconnect without the refused subscription');
    const errors = collect(forbidden, 'stomp-error');
    const received = oneEvent(ok, 'stomp-message');
    await conn.querySelector('stomp-publish')!.publish('still flowing');
    expect((await received).detail.body).to.equal('still flowing');
    await new Promise((r) => setTimeout(r, 800)); // longer than reconnect-delay: no retry loop
    expect(errors).to.deep.equal([]);
    // Refused once the broker hung up on it twice (a first hang-up could be an operator closing
    // connections; a third may come when the broker dropped the other subscription's receipt).
    expect(closesAtRefusal).to.be.within(2, 3);
    expect(closes.length).to.equal(closesAtRefusal);
    expect(forbidden.subscribed).to.equal(false);
    expect(await consumers(allowed)).to.equal(1);

    // Changing its destination tries again.
    const fixed = unique('fixed');
    forbidden.destination = `/queue/${fixed}`;
    await waitFor(() => forbidden.subscribed, 'the corrected subscription');
  });

  it('rejects a refused publish sent with receipt, and does not resend it', async () => {
    const conn = await connected(html`<stomp-publish destination="/queue/forbidden.audit" receipt></stomp-publish>`);
    await settled(conn);
    const pub = conn.querySelector('stomp-publish')!;
    const closes = collect(conn, 'stomp-websocket-close');
    const error = oneEvent(pub, 'stomp-publish-error');
    const result = pub.publish('not allowed').catch((e: Error) => e);
    const { detail } = await error;
    expect(detail.message).to.match(/closed the connection/);
    expect(detail.destination).to.equal('/queue/forbidden.audit');
    expect(await result).to.be.instanceOf(Error);
    expect(pub.pending).to.equal(0);
    await waitFor(() => conn.state === 'connected', 'the reconnect');
    await new Promise((r) => setTimeout(r, 800));
    expect(closes.length).to.equal(2); // sent twice, then refused: never in a loop
  });
});
