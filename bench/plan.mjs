// What a run measures, from the command line's options (scripts/bench.mjs): which groups, how
// many repetitions, and the size of every workload (the plan, which the output states).

export const GROUPS = ['size', 'delivery', 'stream', 'latency', 'request', 'bfcache', 'publish', 'scale', 'share', 'health', 'ceiling', 'floors', 'coalesce', 'profile'];

/** Groups that need the broker (floors and coalesce only for the MESSAGE frames the fake socket replays, as the ceiling's). */
const BROKER_GROUPS = ['delivery', 'stream', 'latency', 'request', 'bfcache', 'publish', 'scale', 'share', 'health', 'ceiling', 'floors', 'coalesce'];

/**
 * `opts`: the parsed options. Returns `only` (groups to run), `full` (a run that may rewrite the
 * README), `variants` (receiver suffixes of the patched copy, --compare), `reps`, `q` (the share of
 * every N: a tenth with --quick) and `plan`.
 */
export function benchPlan(opts) {
  const only = opts.only ? opts.only.split(',').map((s) => s.trim()) : GROUPS;
  for (const g of only) if (!GROUPS.includes(g)) throw new Error(`--only: unknown group "${g}" (groups: ${GROUPS.join(', ')})`);
  const full = !opts.only && !opts.quick && !opts.src && !opts.reps && !opts.compare && !opts.sizes;
  const reps = Number(opts.reps ?? (opts.quick ? 1 : 3));
  const q = opts.quick ? 0.1 : 1; // --quick: a tenth of every N, for trying the bench itself
  const sizes = opts.sizes ? opts.sizes.split(',').map(Number) : [100, 4096];
  const plan = {
    // 4 KB goes at about half the rate of 100 B through this broker: half as many, to keep within time.
    delivery: { n: { 100: 20000 * q, 4096: 10000 * q }, sizes, destinations: ['queue', 'topic'], maxItems: 1000 },
    // Written to a fresh RabbitMQ stream once, then read from `first` by every run.
    stream: { n: 20000 * q, size: 100, prefetch: 100 },
    latency: { n: Math.max(100, 1000 * q), warmup: 50, size: 100 },
    // Request → reply round trips to a responder in the page; the warm-up loads the kit's request chunk.
    request: { n: Math.max(50, 500 * q), warmup: 20, size: 100 },
    // A tab to another page of the origin and back through the back/forward cache, once per run,
    // a second away (as a short visit elsewhere; both sides alike).
    bfcache: { awayMs: 1000 },
    publish: { n: 20000 * q, size: 100 },
    scale: { n: Math.max(100, 1000 * q) },
    // share="tabs": round trips in the tab holding the connection and in one that does not; then
    // broker connections and memory for that many tabs, with and without share.
    share: { n: Math.max(100, 500 * q), warmup: 50, size: 100, tabs: [1, 4, 10] },
    health: { rate: 5000, seconds: opts.quick ? 1 : 3, size: 100, maxItems: 1000 },
    // DOM receivers are browser-bound (layout, paint): fewer messages for them.
    // The list alone (bench/page.ts listFloor) at 100 items per frame (about the kit's template batch)
    // and at 334 (20,000 a second at 60 frames a second).
    floor: { perFrame: [100, 334], ms: opts.quick ? 1000 : 3000 },
    ceiling: { n: 20000 * q, domN: { 100: 10000 * q, 4096: 4000 * q }, sizes, maxItems: 1000, reps: Math.max(reps, opts.quick ? 1 : 5) },
    // The browser's own costs with no kit code, beside the kit's, into the fake socket: a bare
    // CustomEvent per message (raw-event) beside stomp-message, listeners on an ancestor and the
    // document; an empty custom element per subscription beside <stomp-subscribe>.
    floors: { n: 20000 * q, size: 100, reps: Math.max(reps, opts.quick ? 1 : 5) },
    // Rendering at 20,000 msg/s (fake socket): an upsert ticker over 100 keys, an append list of
    // 100 items, an unbounded list beside the page alone filling the same unbounded list.
    // The unbounded list 1 s of messages (20,000): it renders at a few hundred a second here, and
    // 60,000 took 5 minutes a run.
    coalesce: { rate: 20000, seconds: opts.quick ? 1 : 3, unboundedSeconds: 1, size: 100, keys: 100, appendMax: 100 },
    profile: { n: 10000 * q, size: 100 },
  };
  return {
    only,
    full,
    needsBroker: only.some((g) => BROKER_GROUPS.includes(g)),
    variants: opts.compare ? ['@variant'] : [],
    reps,
    q,
    plan,
  };
}
