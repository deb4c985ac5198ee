import { executeServerCommand } from '@web/test-runner-commands';
import { fixture, html, waitUntil } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import type { StompConnection } from '../src/stomp-connection.js';

export interface BrokerInfo {
  wsUrl: string;
  vhost: string;
  user: string;
  pass: string;
}

/** The private RabbitMQ node that `npm test` started. */
export const broker = (await executeServerCommand<BrokerInfo, unknown>('broker-info'))!;

/** A name no other test uses, so files can run in parallel. */
export function unique(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Consumers on a queue, as the broker counts them. */
export async function consumers(queue: string): Promise<number> {
  return (await executeServerCommand<number, unknown>('broker-consumers', { queue }))!;
}

/** Open AMQP/STOMP connections on our vhost, as the broker counts them. */
export async function brokerConnections(): Promise<number> {
  return (await executeServerCommand<number, unknown>('broker-connections'))!;
}

/** Makes the broker close every connection on our vhost (`rabbitmqctl close_all_connections`). */
export async function closeConnections(reason = 'closed by test'): Promise<void> {
  await executeServerCommand('broker-close-connections', { reason });
}

/** A <stomp-connection> with the test user, fast reconnects, and `content` inside. */
export async function connected(content: TemplateResult = html``, attrs: { passcode?: string } = {}) {
  const conn = await fixture<StompConnection>(html`
    <stomp-connection
      broker-url=${broker.wsUrl}
      vhost=${broker.vhost}
      login=${broker.user}
      .passcode=${attrs.passcode ?? broker.pass}
      reconnect-delay="300"
    >
      ${content}
    </stomp-connection>
  `);
  await waitFor(() => conn.state === 'connected', 'the connection to be connected');
  return conn;
}

/** A subscription and a publisher on `queue`. */
export const pubSub = (queue: string, options: { ack?: string; headers?: string; receipt?: boolean } = {}) => html`
  <stomp-subscribe destination="/queue/${queue}" ack=${options.ack ?? 'auto'} headers=${options.headers ?? '{}'}></stomp-subscribe>
  <stomp-publish destination="/queue/${queue}" ?receipt=${options.receipt}></stomp-publish>
`;

/**
 * A connection holding `content` (made for a fresh queue name), returned once its elements have
 * rendered and its first `<stomp-subscribe>`, if any, is confirmed by the broker.
 */
export async function onQueue(prefix: string, content: (queue: string) => TemplateResult = (q) => pubSub(q)) {
  const queue = unique(prefix);
  const conn = await connected(content(queue));
  await settled(conn);
  const sub = conn.querySelector('stomp-subscribe')!;
  const pub = conn.querySelector('stomp-publish')!;
  if (sub) await waitFor(() => sub.subscribed, 'the subscription to be confirmed');
  return { conn, sub, pub, queue };
}

/** waitUntil with a longer default timeout and a message saying what we waited for. */
export function waitFor(predicate: () => unknown, what: string, timeout = 15000): Promise<void> {
  return waitUntil(predicate, `timed out waiting for ${what}`, { timeout, interval: 20 });
}

/** Collects the details of every `name` event on `target`. */
export function collect<K extends keyof HTMLElementEventMap>(target: EventTarget, name: K) {
  const seen: HTMLElementEventMap[K] extends CustomEvent<infer D> ? D[] : never[] = [] as never;
  target.addEventListener(name, (e) => (seen as unknown[]).push((e as CustomEvent).detail));
  return seen;
}

/** How many times each body arrived at `sub`; acknowledges each message. */
export function tally(sub: HTMLElement): Map<string, number> {
  const seen = new Map<string, number>();
  sub.addEventListener('stomp-message', (e) => {
    seen.set(e.detail.body, (seen.get(e.detail.body) ?? 0) + 1);
    e.detail.ack();
  });
  return seen;
}

/** Waits until every kit element below `root` has rendered. */
export async function settled(root: Element): Promise<void> {
  const els = [root, ...root.querySelectorAll('stomp-connection, stomp-subscribe, stomp-publish')];
  await Promise.all(els.map((el) => (el as { updateComplete?: Promise<unknown> }).updateComplete));
}

/** One row of the README's reliability table (scripts/results-table.mjs). */
export interface ReliabilityResult {
  scenario: string;
  kit: string;
  published: number;
  received: number;
  lost: number;
  duplicates: number;
}

/** Records a scenario's figures for the README's reliability table. */
export async function recordResult(result: ReliabilityResult): Promise<void> {
  await executeServerCommand('record-result', result);
}

/** Waits for `ms` milliseconds. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
