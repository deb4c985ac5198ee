// Request/reply over a temp queue, loaded with a connection's first request (a chunk of its own
// in the drop-in bundle). One temp queue per connection serves every request: RabbitMQ makes it
// (`amq.gen-…`) for `reply-to: /temp-queue/stomp-elements`, and replies come back as MESSAGE
// frames of no subscription, matched to their request by `correlation-id`.
import type { Publication, StompHeaders, StompMessage } from './connection.js';
import type { StompPublishDetail } from '../events.js';
import { later } from './timers.js';

/** Where replies come back. */
const REPLY_TO = '/temp-queue/stomp-elements';

interface Waiting {
  resolve(m: StompMessage): void;
  fail(message: string): void;
  /** The broker confirmed the request: its reply comes on this session or never. */
  sent?: boolean;
}

/** The requests of one connection; `publish` sends with a receipt. */
export function requests(publish: (frame: StompPublishDetail) => Publication) {
  const waiting = new Map<string, Waiting>();
  let seq = 0;
  const failAll = (message: string, sentOnly: boolean) => {
    for (const w of waiting.values()) if (!sentOnly || w.sent) w.fail(message);
  };
  return {
    send(frame: StompPublishDetail, timeout: number): Promise<StompMessage> {
      const id = `request-${++seq}`;
      return new Promise((resolve, reject) => {
        const end = () => {
          waiting.delete(id);
          cancel();
        };
        const w: Waiting = { resolve: (m) => (end(), resolve(m)), fail: (message) => (end(), reject(new Error(message))) };
        const cancel = later(() => w.fail(`No reply to the request to ${frame.destination} within ${timeout} ms (reply-timeout).`), timeout);
        waiting.set(id, w);
        // With a receipt: a request the broker hung up on is refused, not lost; one it confirmed waits for its reply.
        const headers: StompHeaders = { ...frame.headers, 'reply-to': REPLY_TO, 'correlation-id': id };
        publish({ ...frame, headers }).done.then(
          () => (w.sent = true),
          (e: Error) =>
            w.fail(/closed the connection/.test(e.message) ? `${e.message} Request/reply needs configure, write and read permission on amq.gen-.* (the temp queue's name).` : e.message),
        );
      });
    },
    /** A MESSAGE of no subscription: the reply to a request, or nothing to show. */
    reply(m: StompMessage): void {
      waiting.get(m.headers['correlation-id'])?.resolve(m);
    },
    /** The session ended: a confirmed request's temp queue is gone with it. */
    lost(): void {
      failAll('The connection was lost while waiting for the reply: a temp queue dies with its session, so the reply can no longer arrive.', true);
    },
    close(): void {
      failAll('The <stomp-connection> was removed before the reply came.', false);
    },
  };
}
