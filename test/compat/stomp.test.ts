// The compatibility suite (issue #18): what a page sees through the elements, on each broker the kit
// is tested against. The same file runs under web-test-runner.config.mjs (RabbitMQ, with the rest of
// test/) and under web-test-runner.activemq.config.mjs (ActiveMQ Classic behind websockify); its
// `broker-*` server commands answer for the broker of that run, and `broker-info` says which
// (`kind`) and what a page sets to reach it (`protocols`, `binary`). Where the brokers differ, a test
// asserts what each one does, and each test's outcome and the difference go to
// test-results/compat.json for the README's table (scripts/compat-table.mjs, `npm run compat`).
//
// RabbitMQ-only features (streams, temporary queues, vhosts, x-queue-type, AMQP interplay) stay in
// their own files, which run against RabbitMQ only.
import { executeServerCommand } from '@web/test-runner-commands';
import { expect } from '@open-wc/testing';
import '../../src/define.js';
import type { StompConnection } from '../../src/stomp-connection.js';
import type { StompSubscribe } from '../../src/stomp-subscribe.js';
import type { StompPublish } from '../../src/stomp-publish.js';
import type { StompMessageDetail } from '../../src/events.js';
import { collect, sleep, unique, waitFor } from '../helpers.js';

interface Broker {
  kind: 'rabbitmq' | 'activemq';
  wsUrl: string;
  vhost: string;
  user: string;
  pass: string;
  protocols: string;
  binary: boolean;
}

const broker = (await executeServerCommand<Broker, unknown>('broker-info'))!;
const onRabbit = broker.kind === 'rabbitmq';
const consumers = async (queue: string) => (await executeServerCommand<number, unknown>('broker-consumers', { queue }))!;
const dropEveryConnection = () => executeServerCommand('broker-close-connections', { reason: 'compat test' });

/** Polls an async check until it holds. */
async function eventually(check: () => Promise<boolean>, what: string, timeout = 15000) {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const made: Element[] = [];

/** A <stomp-connection> to this run's broker, with the socket settings it needs; added to the page. */
function connection(options: { passcode?: string; children?: Element[]; socket?: (url: string) => WebSocket } = {}): StompConnection {
  const conn = document.createElement('stomp-connection');
  Object.assign(conn, { brokerUrl: broker.wsUrl, login: broker.user, passcode: options.passcode ?? broker.pass, reconnectDelay: 300 });
  if (broker.vhost) conn.vhost = broker.vhost;
  if (broker.protocols) conn.setAttribute('protocols', broker.protocols);
  conn.toggleAttribute('binary', broker.binary);
  if (options.socket) conn.webSocketFactory = options.socket;
  conn.append(...(options.children ?? []));
  document.body.append(conn);
  made.push(conn);
  return conn;
}

function subscriber(destination: string, attrs: Record<string, string> = {}) {
  const sub = document.createElement('stomp-subscribe') as StompSubscribe;
  sub.setAttribute('destination', destination);
  for (const [name, value] of Object.entries(attrs)) sub.setAttribute(name, value);
  const got: StompMessageDetail[] = [];
  sub.addEventListener('stomp-message', (e) => got.push(e.detail));
  return { sub, got, bodies: () => got.map((m) => m.body) };
}

function publisher(destination: string, attrs: Record<string, string> = {}) {
  const pub = document.createElement('stomp-publish') as StompPublish;
  pub.setAttribute('destination', destination);
  for (const [name, value] of Object.entries(attrs)) pub.setAttribute(name, value);
  return pub;
}

describe(`STOMP through the elements, on ${broker.kind}`, () => {
  /** What this broker did that the other does not, for the table; set by each test. */
  let note = '';
  beforeEach(() => (note = ''));
  afterEach(async function () {
    for (const el of made.splice(0)) el.remove();
    const test = this.currentTest!;
    const failure = (test as unknown as { err?: Error }).err?.message;
    await executeServerCommand('compat-record', {
      feature: test.title,
      broker: broker.kind,
      outcome: test.state === 'passed' ? 'pass' : 'fail',
      note: test.state === 'passed' ? note : `${note}${note ? '; ' : ''}${failure ?? 'failed'}`.slice(0, 300),
    });
  });

  it('connect: state="connected", CONNECTED names the broker', async () => {
    const c = connection();
    const connects = collect(c, 'stomp-connect'); // the socket opens after this task: none missed
    await waitFor(() => c.state === 'connected' && connects.length === 1, 'the connection');
    expect(c.getAttribute('state')).to.equal('connected');
    const { server, version } = connects[0].headers;
    expect(server).to.match(onRabbit ? /^RabbitMQ\// : /^ActiveMQ\//);
    expect(version).to.equal('1.2');
    note = `server: ${server}`;
  });

  it('bad login: stomp-error with the broker\'s message, and retrying', async () => {
    const conn = connection({ passcode: 'wrong' });
    const errors = collect(conn, 'stomp-error');
    const closes = collect(conn, 'stomp-websocket-close');
    await waitFor(() => errors.length >= 2, 'two refused attempts');
    expect(conn.state).to.equal('reconnecting');
    expect(conn.getAttribute('state')).to.equal('reconnecting');
    expect(errors[0].message).to.equal(onRabbit ? 'Bad CONNECT' : 'User name [web] or password is invalid.');
    if (onRabbit) expect(errors[0].body).to.match(/Access refused|login|password/i);
    conn.passcode = broker.pass;
    await waitFor(() => conn.state === 'connected', 'the corrected passcode to connect');
    // 4001: the kit closed the socket itself after the ERROR frame (then retries with backoff).
    note = `ERROR "${errors[0].message}"; socket closed ${closes[0]?.code === 4001 ? 'by the kit (4001)' : `by the broker (${closes[0]?.code})`}`;
  });

  it('subscribe, unsubscribe: the broker counts the consumer, then none', async () => {
    const queue = unique('compat-sub');
    const { sub } = subscriber(`/queue/${queue}`);
    connection({ children: [sub] });
    await waitFor(() => sub.subscribed, 'the subscription to be confirmed');
    await eventually(async () => (await consumers(queue)) === 1, 'one consumer on the broker');
    sub.remove();
    await eventually(async () => (await consumers(queue)) === 0, 'no consumer after the element left');
  });

  it('receipt on <stomp-publish>: stomp-receipt, and the message arrives', async () => {
    const queue = unique('compat-receipt');
    const { sub, bodies } = subscriber(`/queue/${queue}`);
    const pub = publisher(`/queue/${queue}`, { receipt: '' });
    connection({ children: [sub, pub] });
    await waitFor(() => sub.subscribed, 'the subscription');
    const receipts = collect(pub, 'stomp-receipt');
    await pub.publish('confirmed');
    expect(receipts).to.have.length(1);
    expect(receipts[0].receiptId).to.not.equal('');
    expect(receipts[0].destination).to.equal(`/queue/${queue}`);
    await waitFor(() => bodies().includes('confirmed'), 'the message');
  });

  it('ack="client-individual": ack() and nack()', async () => {
    const queue = unique('compat-ack');
    const { sub, got, bodies } = subscriber(`/queue/${queue}`, { ack: 'client-individual' });
    const pub = publisher(`/queue/${queue}`);
    const conn = connection({ children: [sub, pub] });
    await waitFor(() => sub.subscribed, 'the subscription');
    // nack() the first delivery of each "nacked…" message, ack() everything else.
    sub.addEventListener('stomp-message', (e) => (e.detail.body.startsWith('nacked') && bodies().filter((b) => b === e.detail.body).length === 1 ? e.detail.nack() : e.detail.ack()));
    await pub.publish('acked');
    await pub.publish('nacked');
    await pub.publish('nacked persistent', { persistent: 'true' });
    await waitFor(() => bodies().includes('nacked persistent'), 'the three messages');
    await sleep(2000); // time for a redelivery
    const count = (body: string) => bodies().filter((b) => b === body).length;
    expect(count('acked'), 'an acked message is not redelivered').to.equal(1);
    if (onRabbit) {
      // RabbitMQ's NACK requeues (requeue=true): the message comes again, marked redelivered.
      expect(count('nacked')).to.equal(2);
      expect(count('nacked persistent')).to.equal(2);
      expect(got.filter((m) => m.body === 'nacked')[1].headers.redelivered).to.equal('true');
      note = 'nack() requeues: redelivered at once (redelivered:true)';
    } else {
      // ActiveMQ's STOMP NACK is a poison ack: never redelivered. A persistent message goes to
      // ActiveMQ.DLQ; a non-persistent one (STOMP's default there) is dropped (processNonPersistent=false).
      expect(count('nacked')).to.equal(1);
      expect(count('nacked persistent')).to.equal(1);
      const dlq = subscriber('/queue/ActiveMQ.DLQ');
      conn.append(dlq.sub);
      const fromHere = () => dlq.got.filter((m) => m.headers['message-id'] && got.some((g) => g.headers['message-id'] === m.headers['message-id'])).map((m) => m.body);
      await waitFor(() => fromHere().includes('nacked persistent'), 'the persistent nacked message on ActiveMQ.DLQ');
      await sleep(300);
      expect(fromHere()).to.deep.equal(['nacked persistent']);
      note = 'nack() is never redelivered: a persistent message goes to ActiveMQ.DLQ, a non-persistent one (the STOMP default) is dropped';
    }
    await eventually(async () => (await consumers(queue)) === 1, 'the subscription still consuming');
  });

  it('outbox and resubscribe after the broker drops every connection', async () => {
    const queue = unique('compat-outbox');
    const { sub, bodies } = subscriber(`/queue/${queue}`);
    const pub = publisher(`/queue/${queue}`);
    const conn = connection({ children: [sub, pub] });
    await waitFor(() => sub.subscribed, 'the subscription');
    const closes = collect(conn, 'stomp-websocket-close');
    const resumes = collect(sub, 'stomp-resume');
    await dropEveryConnection();
    await waitFor(() => conn.state !== 'connected', 'the connection to drop');
    expect(conn.getAttribute('state')).to.equal('reconnecting');
    const sent = pub.publish('queued while offline');
    await waitFor(() => conn.state === 'connected' && sub.subscribed, 'the reconnect and resubscribe');
    await sent;
    await waitFor(() => bodies().includes('queued while offline'), 'the queued message');
    expect(bodies()).to.deep.equal(['queued while offline']);
    await eventually(async () => (await consumers(queue)) === 1, 'one consumer again');
    note = `socket closed ${closes[0]?.code}; stomp-resume ${resumes.length}`;
  });

  it('selector="…" on <stomp-subscribe>', async () => {
    const queue = unique('compat-selector');
    const { sub, bodies } = subscriber(`/queue/${queue}`, { selector: "colour = 'red'" });
    const pub = publisher(`/queue/${queue}`);
    connection({ children: [sub, pub] });
    await waitFor(() => sub.subscribed, 'the subscription');
    await pub.publish('blue', { colour: 'blue' });
    await pub.publish('red', { colour: 'red' });
    await waitFor(() => bodies().includes('red'), 'the red message');
    await sleep(300);
    if (onRabbit) {
      // RabbitMQ has no selectors: it ignores the header and delivers everything, in order.
      expect(bodies()).to.deep.equal(['blue', 'red']);
      note = 'ignored: every message delivered';
    } else {
      expect(bodies()).to.deep.equal(['red']);
      note = 'filters: only matching messages';
    }
  });

  it('a refused subscription (/queue/forbidden.x)', async () => {
    const queue = unique('compat-allowed');
    const ok = subscriber(`/queue/${queue}`);
    const pub = publisher(`/queue/${queue}`);
    const conn = connection({ children: [ok.sub, pub] });
    await waitFor(() => ok.sub.subscribed, 'the allowed subscription');
    const closes = collect(conn, 'stomp-websocket-close');
    // The element's stomp-error bubbles through the connection: count only the connection's own.
    const connErrors: unknown[] = [];
    conn.addEventListener('stomp-error', (e) => e.target === conn && connErrors.push(e.detail));
    const forbidden = subscriber('/queue/forbidden.x');
    const refusals = collect(forbidden.sub, 'stomp-error');
    conn.append(forbidden.sub);
    await waitFor(() => refusals.length >= 1, 'the refusal on the element');
    await waitFor(() => conn.state === 'connected' && ok.sub.subscribed, 'the allowed subscription, connected');
    await pub.publish('still flowing');
    await waitFor(() => ok.bodies().includes('still flowing'), 'a message on the allowed subscription');
    await sleep(800); // longer than reconnect-delay: no retry loop
    expect(refusals).to.have.length(1);
    expect(refusals[0].destination).to.equal('/queue/forbidden.x');
    expect(forbidden.sub.subscribed).to.equal(false);
    if (onRabbit) {
      // RabbitMQ closes the socket with no ERROR frame; the kit works out which frame it was.
      expect(refusals[0].message).to.contain('/queue/forbidden.x');
      expect(closes.length).to.be.within(2, 3);
      expect(connErrors).to.deep.equal([]);
      note = `socket closed ${closes.length}× (code ${closes[0]?.code}), no ERROR frame; the element names it`;
    } else {
      // ActiveMQ answers with an ERROR frame (receipt-id = the SUBSCRIBE's receipt) and keeps the connection.
      expect(refusals[0].message).to.equal('Subscription to /queue/forbidden.x refused: User web is not authorized to read from: queue://forbidden.x');
      expect(closes).to.deep.equal([]);
      note = `ERROR frame "${refusals[0].message}", connection kept; <stomp-connection> also fired stomp-error ${connErrors.length}×`;
    }
  });

  it('a refused publish with receipt (/queue/forbidden.y)', async () => {
    const pub = publisher('/queue/forbidden.y', { receipt: '' });
    const conn = connection({ children: [pub] });
    await waitFor(() => conn.state === 'connected', 'the connection');
    const closes = collect(conn, 'stomp-websocket-close');
    const errors = collect(pub, 'stomp-publish-error');
    const result = await pub.publish('not allowed').then(() => 'resolved', (e: Error) => e.message);
    expect(errors).to.have.length(1);
    expect(result).to.equal(errors[0].message);
    expect(errors[0].destination).to.equal('/queue/forbidden.y');
    expect(pub.pending).to.equal(0);
    await waitFor(() => conn.state === 'connected', 'connected');
    await sleep(800);
    if (onRabbit) {
      expect(errors[0].message).to.match(/closed the connection/);
      expect(closes).to.have.length(2); // sent twice, then refused
      note = 'socket closed twice, then the publish is rejected';
    } else {
      expect(errors[0].message).to.contain('User web is not authorized to write to: queue://forbidden.y');
      expect(closes).to.deep.equal([]);
      note = 'rejected at once with the ERROR frame\'s message; connection kept';
    }
  });

  it('a refused publish without receipt, then a new subscription', async () => {
    // No receipt: the kit cannot tie the broker's answer to the publish. A subscription made right
    // after it must not take the blame.
    const queue = unique('compat-after-refusal');
    const bad = publisher('/queue/forbidden.z');
    const good = publisher(`/queue/${queue}`);
    const frames: string[] = []; // the command of each frame sent, in order
    const decoder = new TextDecoder();
    const conn = connection({
      children: [bad, good],
      socket: (url) => {
        const ws = new WebSocket(url, broker.protocols ? broker.protocols.split(' ') : ['v12.stomp']);
        const send = ws.send.bind(ws);
        ws.send = (data) => {
          const text = typeof data === 'string' ? data : decoder.decode(data as Uint8Array);
          const command = text.split('\n')[0];
          if (command) frames.push(command === 'SUBSCRIBE' && text.includes(queue) ? 'SUBSCRIBE(new)' : command);
          send(data);
        };
        return ws;
      },
    });
    await waitFor(() => conn.state === 'connected', 'the connection');
    const closes = collect(conn, 'stomp-websocket-close');
    const connErrors: { message: string }[] = [];
    conn.addEventListener('stomp-error', (e) => e.target === conn && connErrors.push(e.detail));
    const fresh = subscriber(`/queue/${queue}`);
    const subErrors = collect(fresh.sub, 'stomp-error');
    const sent = bad.publish('not allowed').then(() => 'resolved', (e: Error) => `rejected: ${e.message}`);
    conn.append(fresh.sub); // its SUBSCRIBE follows the SEND on the same socket
    const outcome = await sent;
    await sleep(1500);
    note = `frames ${frames.slice(frames.indexOf('SEND')).join(' ')}; publish ${outcome}; connection stomp-error ${connErrors.length}× ${JSON.stringify(connErrors[0]?.message ?? '')}; new subscription: ${fresh.sub.subscribed ? 'subscribed' : 'not subscribed'}, stomp-error ${JSON.stringify(subErrors[0]?.message ?? '')}; socket closes ${closes.length}`;
    expect(subErrors, 'the subscription blamed for the refused publish').to.deep.equal([]);
    await waitFor(() => fresh.sub.subscribed, 'the new subscription');
    await good.publish('after the refusal');
    await waitFor(() => fresh.bodies().includes('after the refusal'), 'a message on the new subscription');
    if (!onRabbit) expect(connErrors[0]?.message).to.contain('not authorized to write to: queue://forbidden.z');
  });
});
