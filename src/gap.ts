// Whether a subscription may have missed messages while its connection was down.
import type { StompHeaders } from './connection/connection.js';

/**
 * Queues keep messages for their consumer, and so do durable topic subscriptions (RabbitMQ's
 * `durable: true`, or `persistent: true`); a plain topic or exchange subscription, a temp queue
 * or a destination of another broker's naming does not.
 */
export function mayMiss(destination: string, headers: StompHeaders): boolean {
  if (/^\/(amq\/)?queue\//.test(destination)) return false;
  return !(/^\/(topic|exchange)\//.test(destination) && (headers.durable ?? headers.persistent) === 'true');
}
