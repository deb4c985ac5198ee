// `npm run bench`: raw @stomp/stompjs and the kit on identical workloads, in one run, in headless
// Chromium against the private RabbitMQ node (scripts/broker.mjs), each case several times
// (min / median / max). Also the client-side ceiling: the same stompjs client fed by an in-page
// fake socket (bench/fake-socket.ts), a microbenchmark of our code path with the broker taken out.
// Prints progress, a kit / raw table and the goals (met / not met); writes JSON to bench/results/
// (git-ignored); on a full run also docs/bench.svg and the README summary between
// <!-- bench:start --> and <!-- bench:end -->. Not part of `npm test`.
//
//   npm run bench                       everything (about 10 minutes)
//   npm run bench -- --only ceiling,profile --reps 5
//   npm run bench -- --only stream      one group; the groups: size, delivery, stream (a RabbitMQ
//                                       stream read from first, acked), latency, request
//                                       (<stomp-publish>.request() beside raw reply-to and
//                                       correlation-id, to a responder in the page), bfcache (a
//                                       tab to another page and back through the back/forward
//                                       cache: pageshow → connected, subscribed, first message
//                                       received, beside a raw client that closes on pagehide and
//                                       activates again on pageshow), publish, scale,
//                                       share (share="tabs": a follower tab's round trips beside
//                                       the holder's; connections and memory of 1, 4, 10 tabs),
//                                       health, ceiling, floors (the browser's own costs with
//                                       no kit code: a bare CustomEvent per message, an empty
//                                       custom element per subscription), coalesce (rendering at
//                                       20,000 msg/s: upsert ticker, append list, unbounded list
//                                       beside the page alone), profile
//   npm run bench -- --compare /tmp/variant/src --only ceiling,profile
//                                       also a patched copy of the sources, in the same page and
//                                       run (defined as v-stomp-*), reported as patched / src
//   npm run bench -- --src /tmp/base/src  the kit from another copy of the sources
//   (copies outside the repository need node_modules linked beside them: ln -s $PWD/node_modules /tmp/variant/)
//   npm run bench -- --report bench/results/latest-src.json
//                                       the table, goals, chart and README summary again from a
//                                       run's JSON, without measuring
//
// Ports and names of the broker come from STOMP_* (see scripts/broker.mjs); BENCH_PORT chooses the
// page's HTTP port (default: any free one); CHROMIUM_PATH the browser (default /usr/bin/chromium);
// BENCH_HEARTBEAT the STOMP heart-beats of every connection (default 0, off: see bench/setup.mjs).
//
// The steps live in bench/: run.mjs (the order), plan.mjs (groups and workloads), setup.mjs,
// groups.mjs (one function per group), rows.mjs (rows and goals), output.mjs (what a run leaves).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ensureNodeModules, ensureSystemPackages } from './ensure-system.mjs';

const { values: opts } = parseArgs({
  options: {
    only: { type: 'string' },
    reps: { type: 'string' },
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    src: { type: 'string' },
    compare: { type: 'string' },
    label: { type: 'string' },
    'no-readme': { type: 'boolean', default: false },
    report: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (opts.help) {
  console.log(readFileSync(new URL(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n'));
  process.exit(0);
}
await ensureSystemPackages({ need: ['rabbitmq', 'chromium'] });
await ensureNodeModules(new URL('..', import.meta.url).pathname);
const { runBench } = await import('../bench/run.mjs'); // imports what npm ci installs
await runBench(opts);
