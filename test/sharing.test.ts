import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../src/define.js';
import type { StompConnection } from '../src/stomp-connection.js';
import type { StompPublish } from '../src/stomp-publish.js';
import { broker, consumers, settled, unique, waitFor } from './helpers.js';

describe('sharing connections', () => {
  it('serves each subtree from its own connection when a page has two', async () => {
    const queue = unique('two');
    const root = await fixture(html`
      <div>
        <stomp-connection id="a" broker-url=${broker.wsUrl} vhost=${broker.vhost} login=${broker.user} .passcode=${broker.pass}>
          <stomp-subscribe destination="/queue/${queue}"></stomp-subscribe>
        </stomp-connection>
        <stomp-connection id="b" broker-url=${broker.wsUrl} vhost=${broker.vhost} login=${broker.user} .passcode=${broker.pass}>
          <stomp-publish destination="/queue/${queue}"></stomp-publish>
        </stomp-connection>
      </div>
    `);
    await settled(root);
    const [a, b] = root.querySelectorAll('stomp-connection');
    const sub = root.querySelector('stomp-subscribe')!;
    const pub = root.querySelector('stomp-publish')!;
    await waitFor(() => a.state === 'connected' && b.state === 'connected' && sub.subscribed, 'both connected');
    expect(a.client).not.to.equal(b.client);

    // Taking b down holds b's publishes, while a keeps its subscription.
    await b.disconnect();
    const held = pub.publish('held while b is down');
    expect(pub.pending).to.equal(1);
    expect(a.state).to.equal('connected');
    const received = oneEvent(sub, 'stomp-message');
    b.connect();
    await held;
    expect((await received).detail.body).to.equal('held while b is down');
  });

  it('reaches a connection elsewhere in the tree with connection="id"', async () => {
    const queue = unique('byid');
    const root = await fixture(html`
      <div>
        <aside>
          <stomp-subscribe connection="far" destination="/queue/${queue}"></stomp-subscribe>
          <stomp-publish connection="far" destination="/queue/${queue}" body="across the tree"><button>Send</button></stomp-publish>
        </aside>
        <stomp-connection id="far" broker-url=${broker.wsUrl} vhost=${broker.vhost} login=${broker.user} .passcode=${broker.pass}></stomp-connection>
      </div>
    `);
    await settled(root);
    const sub = root.querySelector('stomp-subscribe')!;
    await waitFor(() => sub.subscribed, 'the subscription through the id');
    const received = oneEvent(sub, 'stomp-message');
    root.querySelector('button')!.click();
    expect((await received).detail.body).to.equal('across the tree');
  });

  it('finds a connection="id" that appears after the element', async () => {
    const queue = unique('late');
    const root = await fixture(html`<div><stomp-subscribe connection="later" destination="/queue/${queue}"></stomp-subscribe></div>`);
    const sub = root.querySelector('stomp-subscribe')!;
    await sub.updateComplete;
    expect(sub.subscribed).to.equal(false);
    const conn = document.createElement('stomp-connection') as StompConnection;
    Object.assign(conn, { id: 'later', brokerUrl: broker.wsUrl, vhost: broker.vhost, login: broker.user, passcode: broker.pass });
    root.append(conn);
    await waitFor(() => sub.subscribed, 'the subscription once the connection appeared');
    expect(await consumers(queue)).to.equal(1);
    // Removing the connection lets go of the subscription.
    conn.remove();
    await waitFor(async () => (await consumers(queue)) === 0, 'the consumer to go with the connection');
    expect(sub.subscribed).to.equal(false);
  });

  it('tells a publish with no connection what is missing', async () => {
    const pub = await fixture<StompPublish>(html`<stomp-publish connection="nowhere" destination="/queue/x"></stomp-publish>`);
    const error = oneEvent(pub, 'stomp-publish-error');
    const result = pub.publish('lost?').catch((e: Error) => e);
    const { detail } = await error;
    expect(detail.message).to.contain('No <stomp-connection>');
    expect(detail.message).to.contain('"nowhere"');
    expect(await result).to.be.instanceOf(Error);
  });
});
