// Server commands for tests where a back-end service talks to the page through the broker: an
// AMQP 0-9-1 publisher on amqplib (as a real service would be), and queue administration.
//
// `amqp-publish` starts publishing in the background and answers at once; `amqp-published` tells
// how far it got. The publisher uses a confirm channel and survives the broker closing its
// connection (close_all_connections closes AMQP clients too): it reconnects and sends again every
// message the broker had not confirmed, with the same `messageId`, so a message can reach the
// queue twice but never be lost.
import amqp from 'amqplib';
import { setTimeout as sleep } from 'node:timers/promises';
import { brokerConfig, ctl } from '../../scripts/broker.mjs';

const broker = brokerConfig();
/** The broker's AMQP URL, as a back-end service would use it (also test/lifecycle/). */
export const amqpUrl = `amqp://${encodeURIComponent(broker.user)}:${encodeURIComponent(broker.pass)}@127.0.0.1:${broker.amqpPort}/${encodeURIComponent(broker.vhost)}`;

/** One background publisher: `count` messages `${prefix}${i}` to `queue`, `intervalMs` apart. */
function publisher({ queue, count, prefix = 'm', intervalMs = 0, persistent = true }) {
  const state = { confirmed: 0, reconnects: 0, error: undefined, done: false };
  let stopped = false;
  (async () => {
    let next = 0;
    while (!stopped && state.confirmed < count) {
      let conn;
      try {
        conn = await amqp.connect(amqpUrl);
        conn.on('error', () => {}); // a forced close is expected; the loop reconnects
        const channel = await conn.createConfirmChannel();
        channel.on('error', () => {});
        next = state.confirmed; // everything unconfirmed goes again
        while (!stopped && next < count) {
          const i = next++;
          channel.sendToQueue(queue, Buffer.from(`${prefix}${i}`), { persistent, messageId: `${prefix}${i}`, contentType: 'text/plain' });
          await channel.waitForConfirms();
          state.confirmed = Math.max(state.confirmed, i + 1);
          if (intervalMs) await sleep(intervalMs);
        }
        await conn.close().catch(() => {});
      } catch (e) {
        state.reconnects++;
        state.error = e.message;
        await conn?.close().catch(() => {});
        await sleep(300);
      }
    }
    state.done = true;
  })();
  return { state, stop: () => (stopped = true) };
}

export function amqpCommands() {
  const publishers = new Map();
  const responders = new Map();
  const commands = {
    'amqp-publish': (spec) => {
      const id = `p${publishers.size + 1}`;
      publishers.set(id, publisher(spec));
      return id;
    },
    'amqp-published': ({ id }) => ({ ...publishers.get(id).state }),
    /** Declares a stream as a back-end would (durable, x-queue-type stream); `args`: more queue arguments (retention). */
    'amqp-declare-stream': async ({ queue, args = {} }) => {
      const conn = await amqp.connect(amqpUrl);
      try {
        const channel = await conn.createChannel();
        await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'stream', ...args } });
        return true;
      } finally {
        await conn.close();
      }
    },
    /** Another user: by default with every permission on the vhost (a second login); `pattern` limits it. */
    'broker-add-user': async ({ user, pass, pattern = '.*' }) => {
      await ctl(['add_user', user, pass], broker).catch(() => {}); // already there
      await ctl(['set_permissions', '-p', broker.vhost, user, pattern, pattern, pattern], broker);
      return true;
    },
    /**
     * A back-end responder on AMQP: consumes `queue` and answers each request to its `replyTo`
     * with its `correlationId`, the body reversed, after `delayMs`. Stopped by `amqp-responder-stop`.
     */
    'amqp-responder': async ({ queue, delayMs = 0 }) => {
      const conn = await amqp.connect(amqpUrl);
      conn.on('error', () => {});
      const channel = await conn.createChannel();
      await channel.assertQueue(queue, { durable: true });
      await channel.consume(queue, async (msg) => {
        if (!msg) return;
        if (delayMs) await sleep(delayMs);
        const { replyTo, correlationId } = msg.properties;
        channel.sendToQueue(replyTo, Buffer.from([...msg.content.toString()].reverse().join('')), { correlationId, contentType: 'text/plain' });
        channel.ack(msg);
      });
      const id = `r${responders.size + 1}`;
      responders.set(id, conn);
      return id;
    },
    'amqp-responder-stop': async ({ id }) => {
      await responders.get(id)?.close().catch(() => {});
      responders.delete(id);
      return true;
    },
    'broker-delete-queue': ({ queue }) => ctl(['delete_queue', '-p', broker.vhost, queue], broker).then(() => true),
  };
  return {
    name: 'amqp-commands',
    executeCommand({ command, payload }) {
      return command in commands ? commands[command](payload) : undefined;
    },
    serverStop() {
      for (const p of publishers.values()) p.stop();
      for (const conn of responders.values()) conn.close().catch(() => {});
    },
  };
}
