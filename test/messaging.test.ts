import { expect, html, oneEvent } from '@open-wc/testing';
import '../src/define.js';
import { collect, connected, consumers, onQueue, pubSub, settled, unique, waitFor } from './helpers.js';

const setup = () =>
  onQueue('msg', (q) => html`
    <stomp-subscribe destination="/queue/${q}"></stomp-subscribe>
    <stomp-publish destination="/queue/${q}" body="Hello World !"><button>Send</button></stomp-publish>
  `);

describe('publish → subscribe', () => {
  it('round-trips a message written in markup alone, on a button click', async () => {
    const { sub, pub, queue } = await setup();
    expect(sub.hasAttribute('subscribed')).to.equal(true);
    const received = oneEvent(sub, 'stomp-message');
    pub.querySelector('button')!.click();
    const { detail } = await received;
    expect(detail.body).to.equal('Hello World !');
    expect(detail.destination).to.equal(`/queue/${queue}`);
    expect(detail.headers['message-id']).to.be.a('string');
    expect(detail.json).to.equal(undefined);
    expect(detail.jsonError).to.equal(undefined);
    expect(sub.messageCount).to.equal(1);
    expect(sub.lastMessage?.body).to.equal('Hello World !');
  });

  it('round-trips through publish(), with headers', async () => {
    const { sub, pub } = await setup();
    const received = oneEvent(sub, 'stomp-message');
    await pub.publish('via publish()', { 'x-origin': 'test' });
    const { detail } = await received;
    expect(detail.body).to.equal('via publish()');
    expect(detail.headers['x-origin']).to.equal('test');
  });

  it('sends objects as JSON and parses JSON bodies', async () => {
    const { sub, pub } = await setup();
    const received = oneEvent(sub, 'stomp-message');
    await pub.publish({ price: 42.5, tags: ['a', 'b'] });
    const { detail } = await received;
    expect(detail.headers['content-type']).to.equal('application/json');
    expect(detail.json).to.deep.equal({ price: 42.5, tags: ['a', 'b'] });
  });

  it('parses a body that looks like JSON when there is no content-type', async () => {
    const { sub, pub } = await setup();
    const received = oneEvent(sub, 'stomp-message');
    await pub.publish('[1, 2, 3]');
    expect((await received).detail.json).to.deep.equal([1, 2, 3]);
  });

  it('gives json undefined and a jsonError for a malformed JSON body, never a throw', async () => {
    const { sub, pub } = await setup();
    pub.contentType = 'application/json';
    await pub.updateComplete;
    const received = oneEvent(sub, 'stomp-message');
    await pub.publish('{"price": 4');
    const { detail } = await received;
    expect(detail.body).to.equal('{"price": 4');
    expect(detail.json).to.equal(undefined);
    expect(detail.jsonError).to.be.instanceOf(SyntaxError);
  });

  it('resolves publish() on the broker\'s RECEIPT with receipt, and fires stomp-receipt', async () => {
    const { sub, pub } = await setup();
    pub.receipt = true;
    await pub.updateComplete;
    const receipt = oneEvent(pub, 'stomp-receipt');
    const received = oneEvent(sub, 'stomp-message');
    const sent = pub.publish('with receipt');
    expect(pub.pending).to.equal(1);
    await sent;
    const { detail } = await receipt;
    expect(detail.receiptId).to.match(/^receipt-/);
    expect(detail.destination).to.contain('/queue/');
    expect(pub.pending).to.equal(0);
    expect((await received).detail.body).to.equal('with receipt');
  });

  it('lets a stomp-publish listener change the message, or cancel it', async () => {
    const { sub, pub } = await setup();
    const bodies = collect(sub, 'stomp-message');
    pub.addEventListener('stomp-publish', (e) => {
      if (e.detail.body === 'drop me') e.preventDefault();
      else e.detail.body = e.detail.body.toUpperCase();
    });
    await pub.publish('drop me');
    await pub.publish('shout');
    await waitFor(() => bodies.length === 1, 'the changed message');
    await new Promise((r) => setTimeout(r, 200));
    expect(bodies.map((m) => m.body)).to.deep.equal(['SHOUT']);
  });

  it('publishes a slotted form\'s fields as JSON without navigating', async () => {
    const queue = unique('form');
    const conn = await connected(html`
      <stomp-subscribe destination="/queue/${queue}"></stomp-subscribe>
      <stomp-publish destination="/queue/${queue}">
        <form action="/must-not-navigate">
          <input name="item" value="apples" />
          <input name="qty" value="3" />
          <button type="submit">Order</button>
        </form>
      </stomp-publish>
    `);
    await settled(conn);
    const sub = conn.querySelector('stomp-subscribe')!;
    await waitFor(() => sub.subscribed, 'subscribed');
    const received = oneEvent(sub, 'stomp-message');
    const href = location.href;
    conn.querySelector('button')!.click();
    const { detail } = await received;
    expect(detail.json).to.deep.equal({ item: 'apples', qty: '3' });
    expect(detail.headers['content-type']).to.equal('application/json');
    expect(location.href).to.equal(href);
  });

  it('re-subscribes when destination changes', async () => {
    const { sub, pub, queue } = await setup();
    const next = unique('next');
    sub.destination = `/queue/${next}`;
    await waitFor(async () => (await consumers(next)) === 1, 'a consumer on the new queue');
    await waitFor(() => sub.subscribed, 'the new subscription to be confirmed');
    expect(await consumers(queue)).to.equal(0);
    pub.destination = `/queue/${next}`;
    await pub.updateComplete;
    const received = oneEvent(sub, 'stomp-message');
    await pub.publish('to the new queue');
    expect((await received).detail.destination).to.equal(`/queue/${next}`);
  });

  it('unsubscribes when removed from the page', async () => {
    const { sub, queue } = await setup();
    expect(await consumers(queue)).to.equal(1);
    sub.remove();
    await waitFor(async () => (await consumers(queue)) === 0, 'the broker to drop the consumer');
  });

  it('acknowledges with ack="client" through detail.ack()', async () => {
    const { sub, pub } = await onQueue('ack', (q) => pubSub(q, { ack: 'client-individual', headers: '{"prefetch-count": 1}' }));
    const seen = collect(sub, 'stomp-message');
    await pub.publish('one');
    await pub.publish('two');
    await waitFor(() => seen.length === 1, 'the first message');
    // prefetch-count 1: the second waits until the first is acknowledged.
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.length).to.equal(1);
    seen[0].ack();
    await waitFor(() => seen.length === 2, 'the second message after the ack');
    expect(seen.map((m) => m.body)).to.deep.equal(['one', 'two']);
    seen[1].ack();
  });

  it('reports invalid headers JSON with a warning naming the attribute, and does not subscribe', async () => {
    const queue = unique('badjson');
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    const errors = collect(document, 'stomp-error');
    try {
      await connected(html`<stomp-subscribe destination="/queue/${queue}" headers="{oops"></stomp-subscribe>`);
      await waitFor(() => errors.length === 1, 'the stomp-error');
      expect(errors[0].message).to.contain('<stomp-subscribe headers>');
      expect(errors[0].message).to.contain('{oops');
      expect(String(warnings[0][0])).to.contain('<stomp-subscribe headers>');
      expect(await consumers(queue)).to.equal(0);
    } finally {
      console.warn = warn;
    }
  });
});
