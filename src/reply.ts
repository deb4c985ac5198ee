// Answering a request: a message to the request's `reply-to`, with its `correlation-id`.
import type { Connection, StompHeaders } from './connection/connection.js';
import { frameOf } from './body.js';
import type { StompMessageDetail } from './events.js';

/** Sends `body` to the `reply-to` of `request` on `connection`; rejects when nobody asked for a reply. */
export function reply(request: StompMessageDetail, connection: Connection | undefined, body: string | object | Uint8Array, headers: StompHeaders): Promise<void> {
  const to = request.headers['reply-to'];
  if (!to || !connection) return Promise.reject(new Error('This message has no reply-to header: nobody asked for a reply.'));
  const correlation = request.headers['correlation-id'];
  const frame = frameOf(to, body, correlation ? { 'correlation-id': correlation, ...headers } : { ...headers });
  return connection.publish(frame, false).done.then(() => {});
}
