// Exactly what a page shows, loaded only by a <stomp-subscribe> with `offset` or `dedupe` (a
// chunk of its own in the drop-in bundle): a RabbitMQ stream read from an offset and resumed
// after the last message shown — after a reconnect, or a reload with `resume` — and messages
// delivered twice dropped by their id.
import type { StompHeaders } from './connection/connection.js';
import { ID_HEADER } from './dedupe.js';
import { dispatch } from './events.js';
import type { MessageDetail } from './message.js';

/** How many ids `dedupe` remembers. */
export const DEDUPE_LIMIT = 10000;

/** What a <stomp-subscribe> reads its delivery settings from. */
interface Host extends HTMLElement {
  readonly offset?: string;
  readonly prefetch: number;
  readonly resume?: string;
  readonly dedupe?: string;
  readonly ack: string;
}

/** Sits between a subscription and its element: what to add to each SUBSCRIBE, what to drop, what was shown. */
export interface Delivery {
  /** Headers for the next SUBSCRIBE (a stream's `x-stream-offset`). */
  reopen(): StompHeaders;
  /** True when the message was shown before (acknowledged here when the subscription acks). */
  drop(detail: MessageDetail): boolean;
  /** After the element dispatched it. */
  shown(detail: MessageDetail): void;
}

/** `first`, `last`, `next`, a number, or an ISO date/time → the `x-stream-offset` header; undefined when it is none of those. */
export function offsetHeader(offset: string): string | undefined {
  if (/^(first|last|next)$/.test(offset)) return offset;
  if (/^\d+$/.test(offset)) return `offset=${offset}`;
  const time = /^\d{4}-\d\d-\d\d/.test(offset) ? Date.parse(offset) : NaN;
  return time >= 0 ? `timestamp=${Math.floor(time / 1000)}` : undefined;
}

let warned = false;
/** Offsets kept in memory where sessionStorage refuses them (private mode, quota, a sandbox). */
const memory = new Map<string, string>();

/** Reads (no `value`) or writes sessionStorage, or memory after one warning when it refuses. */
function store(key: string, value?: string): string | null | undefined {
  try {
    if (value === undefined) return sessionStorage.getItem(key);
    sessionStorage.setItem(key, value);
  } catch (e) {
    if (!warned) console.warn(`<stomp-subscribe resume>: sessionStorage refused (${(e as Error).message}); offsets are kept in memory, for this page only.`);
    warned = true;
    if (value === undefined) return memory.get(key);
    memory.set(key, value);
  }
}

/**
 * Adds to `headers` what the subscription needs and returns its Delivery, or an error sentence
 * for an invalid `offset`. `key` names the connection, for `resume`.
 */
export function delivery(el: Host, destination: string, headers: StompHeaders, key: string): Delivery | string {
  const { offset, dedupe } = el;
  let initial: string | undefined;
  if (offset != null) {
    initial = offsetHeader(offset.trim());
    if (!initial) return `<stomp-subscribe offset>: "${offset}" is not first, last, next, an offset or an ISO date/time; nothing is subscribed until it is.`;
    // A stream wants client acks and a prefetch; /queue/NAME declares it when it does not exist.
    if (destination.startsWith('/queue/')) Object.assign(headers, { 'x-queue-type': 'stream', durable: 'true', 'auto-delete': 'false' });
    headers.ack = el.ack === 'auto' ? 'client' : el.ack;
    headers['prefetch-count'] = String(el.prefetch || 100);
  }
  const storeKey = offset != null && el.resume != null ? `stomp-elements:offset:${el.resume || `${key} ${destination}`}` : undefined;
  const kept = storeKey && store(storeKey);
  /** The offset of the last message shown, and the one the next message should have. */
  let last = kept ? +kept : undefined;
  let expected: number | undefined;
  const ids = new Set<string>();
  const acks = !!headers.ack;
  const ackAll = offset != null && el.ack === 'auto';
  return {
    reopen(): StompHeaders {
      if (initial === undefined) return {};
      expected = last === undefined ? +(/^offset=(\d+)$/.exec(initial)?.[1] ?? NaN) : last + 1;
      return { 'x-stream-offset': last === undefined ? initial : `offset=${expected}` };
    },
    drop(detail) {
      const at = detail.offset;
      const id = dedupe != null && detail.headers[dedupe || ID_HEADER];
      // Shown before: a stream read again from an older offset, or a message delivered twice.
      if ((at !== undefined && at <= (last ?? -1)) || (id && ids.has(id))) {
        if (acks) detail.ack();
        return true;
      }
      if (id) {
        ids.add(id);
        if (ids.size > DEDUPE_LIMIT) ids.delete(ids.values().next().value!);
      }
      if (at! > expected!) dispatch(el, 'stomp-gap', { destination, from: expected!, to: at! });
      return false;
    },
    shown(detail) {
      const at = detail.offset;
      if (at !== undefined && initial !== undefined) {
        last = at;
        expected = undefined;
        if (storeKey) store(storeKey, String(at));
      }
      if (ackAll) detail.ack();
    },
  };
}
