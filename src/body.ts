// What a publish sends: a string as it is, bytes as a binary body, anything else as JSON.
import type { StompHeaders } from './connection/connection.js';
import type { StompPublishDetail } from './events.js';

/** The frame for `body` to `destination`; the content-type follows the body unless `headers` set one. */
export function frameOf(destination: string, body: string | object | Uint8Array, headers: StompHeaders): StompPublishDetail {
  const frame: StompPublishDetail = { destination, body: '', headers };
  if (typeof body === 'string') frame.body = body;
  else if (body instanceof Uint8Array) {
    frame.binaryBody = body;
    headers['content-type'] ??= 'application/octet-stream';
  } else {
    frame.body = JSON.stringify(body);
    headers['content-type'] ??= 'application/json';
  }
  return frame;
}
