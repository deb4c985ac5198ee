import { executeServerCommand } from '@web/test-runner-commands';
import { expect, fixture, html } from '@open-wc/testing';
import '../src/define.js';
import type { StompConnection } from '../src/stomp-connection.js';
import { broker, collect, settled, unique, waitFor } from './helpers.js';

// nginx terminates TLS in front of the private node, as hosted brokers run it: wss://host/ws/ is
// proxied to Web-STOMP's http://127.0.0.1:<port>/ws. The browser trusts the test certificate by its
// public key (web-test-runner.config.mjs), nothing else.
describe('wss:// through nginx terminating TLS', () => {
  let url: string;

  before(async function () {
    this.timeout(30000);
    ({ url } = (await executeServerCommand<{ url: string }, unknown>('tls-start'))!);
  });

  after(async () => {
    await executeServerCommand('tls-stop');
  });

  it('connects, round-trips messages end to end, and the socket is TLS', async () => {
    expect(url).to.match(/^wss:\/\/localhost:\d+\/ws\/$/);
    const queue = unique('tls');
    const conn = await fixture<StompConnection>(html`
      <stomp-connection broker-url=${url} vhost=${broker.vhost} login=${broker.user} .passcode=${broker.pass} reconnect-delay="300">
        <stomp-subscribe destination="/queue/${queue}"></stomp-subscribe>
        <stomp-publish destination="/queue/${queue}" receipt></stomp-publish>
      </stomp-connection>
    `);
    await settled(conn);
    await waitFor(() => conn.state === 'connected', 'the wss connection');
    // The socket the client opened is the wss URL, not a fallback.
    expect(conn.client.webSocket?.url).to.equal(url);
    const sub = conn.querySelector('stomp-subscribe')!;
    const pub = conn.querySelector('stomp-publish')!;
    await waitFor(() => sub.subscribed, 'the subscription');
    const received = collect(sub, 'stomp-message');

    const count = 50;
    const bodies = Array.from({ length: count }, (_, i) => `tls ${i}`);
    const results = await Promise.allSettled(bodies.map((body) => pub.publish(body)));
    await waitFor(() => received.length >= count, `${count} messages back through nginx`, 10000).catch(() => {});
    const got = received.map((m) => m.body);
    const unique_ = new Set(got);
    await executeServerCommand('record-result', {
      scenario: 'TLS: wss:// through nginx',
      kit: 'connected over wss:// to nginx, which proxies to Web-STOMP; publishes with receipts',
      published: count,
      received: got.length,
      lost: bodies.filter((b) => !unique_.has(b)).length,
      duplicates: got.length - unique_.size,
    });
    expect(results.filter((r) => r.status === 'rejected')).to.have.length(0);
    expect(got).to.deep.equal(bodies);

    // nginx writes a WebSocket's access-log line when it closes: the upgrade (101), over TLS.
    const closed = collect(conn, 'stomp-websocket-close');
    await conn.disconnect();
    await waitFor(() => closed.length === 1, 'the socket to close');
    let log: string[] = [];
    await waitFor(async () => {
      log = (await executeServerCommand<string[], unknown>('tls-access-log'))!;
      return log.length > 0;
    }, 'the access log line');
    expect(log.some((line) => /"GET \/ws\/ HTTP\/1\.1" 101 upgrade=websocket TLSv1\.[23]/.test(line)), log.join('\n')).to.equal(true);
  });
});
