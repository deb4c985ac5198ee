// RabbitMQ only (not in the compatibility suite, test/compat/): temp queues answered by an AMQP back-end.
// Request/reply over temp queues: <stomp-publish>.request() answered by an amqplib back-end and by
// a page, in parallel, with timeouts, a connection lost while waiting, and a user that may not use
// temp queues. Against the private broker.
import { expect, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../src/define.js';
import type { StompConnection } from '../src/stomp-connection.js';
import type { StompPublish } from '../src/stomp-publish.js';
import { broker, closeConnections, collect, connected, onQueue, settled, unique, waitFor } from './helpers.js';

const command = <T = unknown>(name: string, payload?: unknown) => executeServerCommand<T, unknown>(name, payload) as Promise<T>;

async function asker(queue: string, attrs = '') {
  const conn = await connected(html`<stomp-publish destination="/queue/${queue}"></stomp-publish>`);
  const pub = conn.querySelector<StompPublish>('stomp-publish')!;
  for (const [k, v] of new URLSearchParams(attrs)) pub.setAttribute(k, v);
  await settled(conn);
  return { conn, pub };
}

describe('request/reply', () => {
  it('resolves each of three parallel requests with its own reply from an AMQP back-end', async () => {
    const queue = unique('rpc');
    const responder = await command<string>('amqp-responder', { queue, delayMs: 50 });
    try {
      const { pub } = await asker(queue);
      const replies = collect(pub, 'stomp-reply');
      const answers = await Promise.all(['one', 'two', 'three'].map((body) => pub.request(body)));
      expect(answers.map((a) => a!.body)).to.deep.equal(['eno', 'owt', 'eerht']);
      expect(replies.map((r) => r.body).sort()).to.deep.equal(['eerht', 'eno', 'owt']);
      expect(answers[0]!.headers['correlation-id']).to.match(/^request-\d+$/);
    } finally {
      await command('amqp-responder-stop', { id: responder });
    }
  });

  it('is answered by a page with detail.reply(), and the reply is no stray message', async () => {
    const { sub, pub } = await onQueue('page-rpc'); // the subscription is the responder
    const asked = collect(sub, 'stomp-message');
    sub.addEventListener('stomp-message', (e) => e.detail.headers['reply-to'] && e.detail.reply({ upper: e.detail.body.toUpperCase() }));
    const answer = await pub.request('hello', { headers: { 'x-test': '1' } });
    expect(answer!.json).to.deep.equal({ upper: 'HELLO' });
    expect(asked.length, 'only the request reached the subscription').to.equal(1);
    expect(asked[0].headers['reply-to']).to.match(/^\/(temp|reply)-queue\//);
    // A message without reply-to cannot be answered.
    await pub.publish('no reply wanted');
    await waitFor(() => asked.length === 2, 'the plain message (the answer went to the asker, not here)');
    const plain = asked.find((d) => d.body === 'no reply wanted')!;
    let error = '';
    await plain.reply('x').catch((e: Error) => (error = e.message));
    expect(error).to.contain('no reply-to');
  });

  it('rejects after reply-timeout with a sentence that says so, and as stomp-publish-error', async () => {
    const queue = unique('silent');
    const { pub } = await asker(queue, 'reply-timeout=400');
    const failed = oneEvent(pub, 'stomp-publish-error');
    let error = '';
    const started = performance.now();
    await pub.request('anyone?').catch((e: Error) => (error = e.message));
    expect(performance.now() - started).to.be.greaterThan(350);
    expect(error).to.equal(`No reply to the request to /queue/${queue} within 400 ms (reply-timeout).`);
    expect((await failed).detail.message).to.equal(error);
  });

  it('rejects a request whose connection is lost while it waits: the reply can no longer arrive', async () => {
    const queue = unique('lost');
    const { conn, pub } = await asker(queue);
    const failed = collect(pub, 'stomp-publish-error');
    const waiting = pub.request('hello?', { timeout: 20000 });
    await waitFor(() => pub.pending === 1, 'the request to wait');
    await new Promise((r) => setTimeout(r, 300)); // confirmed by the broker
    let error = '';
    await Promise.all([closeConnections('request test'), waiting.catch((e: Error) => (error = e.message))]);
    expect(error).to.contain('The connection was lost while waiting for the reply');
    expect(failed[0].message).to.equal(error);
    await waitFor(() => conn.state === 'connected', 'reconnected');
  });

  it('tells a user who may not use temp queues which permission request/reply needs', async function () {
    this.timeout(60000);
    await command('broker-add-user', { user: 'no-temp', pass: 'no-temp', pattern: '^(?!amq\\.gen).*' });
    const queue = unique('notemp');
    const conn = document.createElement('stomp-connection') as StompConnection;
    Object.assign(conn, { brokerUrl: broker.wsUrl, vhost: broker.vhost, login: 'no-temp', passcode: 'no-temp', reconnectDelay: 300 });
    const pub = document.createElement('stomp-publish');
    pub.destination = `/queue/${queue}`;
    conn.append(pub);
    document.body.append(conn);
    try {
      await waitFor(() => conn.state === 'connected', 'connected as no-temp');
      let error = '';
      await pub.request('hi', { timeout: 40000 }).catch((e: Error) => (error = e.message));
      expect(error).to.contain('amq.gen');
      expect(error).to.contain('permission');
      await waitFor(() => conn.state === 'connected', 'the connection carries on');
    } finally {
      conn.remove();
    }
  });

  it('in markup: expect-reply publishes the form as a request and renders the reply', async () => {
    const queue = unique('markup-rpc');
    const responder = await command<string>('amqp-responder', { queue });
    try {
      const conn = await connected(html`
        <stomp-publish destination="/queue/${queue}" expect-reply>
          <form><input name="text" value="stressed" /><button>Ask</button></form>
          <template data-on="stomp-reply"><output>{{body}}</output></template>
        </stomp-publish>
      `);
      await settled(conn);
      const pub = conn.querySelector<StompPublish>('stomp-publish')!;
      pub.querySelector('button')!.click();
      await waitFor(() => pub.querySelector('output'), 'the rendered reply');
      expect(pub.querySelector('output')!.textContent).to.equal('}"desserts":"txet"{');
    } finally {
      await command('amqp-responder-stop', { id: responder });
    }
  });
});
