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
// BENCH_HEARTBEAT the STOMP heart-beats of every connection (default 0, off: see below).
import { createServer } from 'node:http';
import { cpus, loadavg, totalmem, release } from 'node:os';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureNodeModules, ensureSystemPackages } from './ensure-system.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const RESULTS = join(ROOT, 'bench', 'results');
const GROUPS = ['size', 'delivery', 'latency', 'publish', 'scale', 'health', 'ceiling', 'profile'];

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
const only = opts.only ? opts.only.split(',').map((s) => s.trim()) : GROUPS;
for (const g of only) if (!GROUPS.includes(g)) throw new Error(`--only: unknown group "${g}" (groups: ${GROUPS.join(', ')})`);
const full = !opts.only && !opts.quick && !opts.src && !opts.reps && !opts.compare && !opts.sizes;
/** Receivers of the patched copy, run beside the kit's (--compare). */
const V = opts.compare ? ['@variant'] : [];
const REPS = Number(opts.reps ?? (opts.quick ? 1 : 3));
const Q = opts.quick ? 0.1 : 1; // --quick: a tenth of every N, for trying the bench itself
const SIZES = opts.sizes ? opts.sizes.split(',').map(Number) : [100, 4096];

/** Sizes of every workload; the output states them. */
const PLAN = {
  // 4 KB goes at about half the rate of 100 B through this broker: half as many, to keep within time.
  delivery: { n: { 100: 20000 * Q, 4096: 10000 * Q }, sizes: SIZES, destinations: ['queue', 'topic'], maxItems: 1000 },
  latency: { n: Math.max(100, 1000 * Q), warmup: 50, size: 100 },
  publish: { n: 20000 * Q, size: 100 },
  scale: { n: Math.max(100, 1000 * Q) },
  health: { rate: 5000, seconds: opts.quick ? 1 : 3, size: 100, maxItems: 1000 },
  // DOM receivers are browser-bound (layout, paint): fewer messages for them.
  // The list alone (bench/page.ts listFloor) at 100 items per frame (about the kit's template batch)
  // and at 334 (20,000 a second at 60 frames a second).
  floor: { perFrame: [100, 334], ms: opts.quick ? 1000 : 3000 },
  ceiling: { n: 20000 * Q, domN: { 100: 10000 * Q, 4096: 4000 * Q }, sizes: SIZES, maxItems: 1000, reps: Math.max(REPS, opts.quick ? 1 : 5) },
  profile: { n: 10000 * Q, size: 100 },
};

const t0 = performance.now();
const elapsed = () => {
  const s = Math.round((performance.now() - t0) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};
const log = (msg) => console.error(`[${elapsed()}] ${msg}`);
const fmt1 = (x, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : '–');

// ------------------------------------------------------------------ set-up

await ensureSystemPackages({ need: ['rabbitmq', 'chromium'] });
await ensureNodeModules(ROOT);
const { brokerConfig, startBroker, stopBroker, consumerCount } = await import('./broker.mjs');
const { buildPage, buildDropIn } = await import('../bench/build.mjs');
const { summarize } = await import('../bench/profile.mjs');
const report = await import('../bench/report.mjs');
const { default: puppeteer } = await import('puppeteer-core');

const label = opts.label ?? (opts.src ? 'variant' : 'src');
const srcDir = opts.src ? resolve(opts.src) : join(ROOT, 'src');
const buildDir = join(RESULTS, 'build', label);
const needsBroker = only.some((g) => ['delivery', 'latency', 'publish', 'scale', 'health', 'ceiling'].includes(g));

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGB: Math.round(totalmem() / 2 ** 30),
  kernel: release(),
  node: process.version,
  loadAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
};
log(`stomp-elements benchmark (${full ? 'full run' : `partial: ${only.join(', ')}${opts.quick ? ', --quick' : ''}`}; sources: ${srcDir})`);
log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, Node ${machine.node}; load average ${machine.loadAtStart.join(' ')} (others' tests may be running: ratios are measured in the same run)`);

const cleanups = [];
async function cleanup() {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch((e) => log(`clean-up: ${e.message}`));
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    log(`${sig}: stopping`);
    cleanup().finally(() => process.exit(130));
  });
}

/** --report: a finished run's JSON, reported again without measuring. */
const loaded = opts.report ? JSON.parse(readFileSync(opts.report, 'utf8')) : undefined;
if (loaded) {
  Object.assign(PLAN, loaded.plan);
  Object.assign(machine, loaded.machine);
}

const results = {
  date: new Date().toISOString(),
  label,
  sources: srcDir,
  full,
  plan: { ...PLAN, reps: REPS },
  machine,
  rows: [],
  runs: {},
  goals: [],
};
if (loaded) Object.assign(results, loaded, { rows: [], goals: [] });

if (!loaded) try {
  // The drop-in bundle is built while the broker boots.
  const sizing = only.includes('size')
    ? buildDropIn({ dir: join(RESULTS, 'size', label), srcDir }).then((s) => {
        log(`drop-in bundle (built from ${opts.src ? srcDir : 'src/'}, measured by scripts/size.mjs): ${s.minifiedKB} KB minified, ${s.gzipKB} KB gzip (budget 15 KB)`);
        return s;
      })
    : Promise.resolve(undefined);
  const booting = needsBroker ? startBroker({ log: (m) => log(`[broker] ${m}`) }) : Promise.resolve(undefined);
  sizing.catch(() => {});
  booting.catch(() => {});
  const ranges = await buildPage({ outDir: buildDir, srcDir, compareDir: opts.compare && resolve(opts.compare) });
  const broker = await booting;
  if (broker) {
    cleanups.push(() => stopBroker(broker));
    if (broker.reused) log(`note: reusing a broker that was already running on ${broker.wsUrl}: its other clients load it too`);
  }
  results.size = await sizing;

  // The page, from a loopback HTTP origin (Chromium refuses ws://127.0.0.1 from about:blank).
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname.replace(/^\/+/, '') || 'page.html';
    if (path === 'favicon.ico') return res.writeHead(204).end();
    try {
      const body = readFileSync(join(buildDir, path.replace(/\.\.+/g, '')));
      const type = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json' }[extname(path)] ?? 'application/octet-stream';
      res.writeHead(200, {
        'content-type': `${type}; charset=utf-8`,
        'cache-control': 'no-store',
        // Cross-origin isolated: performance.now() to 5 µs instead of 100 µs.
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(Number(process.env.BENCH_PORT ?? 0), '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => server.close(r)));
  const pageUrl = `http://127.0.0.1:${server.address().port}/page.html`;

  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    protocolTimeout: 10 * 60 * 1000, // a run may take minutes; the page has its own timeouts
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
      '--js-flags=--expose-gc', // gc() before heap readings
      '--enable-precise-memory-info', // performance.memory not rounded
    ],
  });
  cleanups.push(() => browser.close());
  machine.browser = await browser.version();
  const page = await browser.newPage();
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && log(`page console: ${m.text()}`));
  const cfg = broker && brokerConfig(broker);
  await page.exposeFunction('benchConsumers', (queue) => consumerCount(queue, cfg));
  await page.goto(pageUrl);
  await page.waitForFunction(() => !!window.bench);
  // STOMP heart-beats off on every connection, raw and kit alike: with them on, this RabbitMQ
  // (3.10, Web-STOMP) drops a connection that publishes fast ({unexpected_message,resume} in its
  // heart-beat monitor under flow control). BENCH_HEARTBEAT=4000 turns them on.
  const heartbeat = Number(process.env.BENCH_HEARTBEAT ?? 0);
  const info = await page.evaluate(
    (b) => window.bench.setup(b),
    { ...(cfg ? { wsUrl: cfg.wsUrl, vhost: cfg.vhost, user: cfg.user, pass: cfg.pass } : { wsUrl: '', vhost: 'demo', user: 'web', pass: 'web' }), heartbeat },
  );
  results.heartbeat = heartbeat;
  log(`browser: ${machine.browser}; page ${pageUrl}; gc() ${info.gc ? 'on' : 'OFF'}, performance.memory ${info.memoryApi ? 'on' : 'OFF'}`);
  if (opts.compare && !info.variant) throw new Error(`--compare: the patched copy (${opts.compare}) did not load in the page`);
  if (opts.compare) log(`comparing with the patched copy of the sources in ${resolve(opts.compare)} (receivers …@variant)`);
  const cdp = await page.target().createCDPSession();
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));

  const runId = Date.now().toString(36);
  let destSeq = 0;
  const dest = (kind, what) => `/${kind}/bench-${what}-${runId}-${++destSeq}`;

  /** CPU seconds of every process of this browser (renderer, GPU, network…), from /proc; NaN elsewhere. */
  const browserPid = browser.process()?.pid;
  function browserCpu() {
    try {
      const procs = new Map();
      for (const d of readdirSync('/proc')) {
        if (!/^\d+$/.test(d)) continue;
        try {
          const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
          const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          procs.set(Number(d), { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / 100 }); // utime + stime, USER_HZ
        } catch {
          // gone meanwhile
        }
      }
      let total = 0;
      const stack = [browserPid];
      while (stack.length) {
        const pid = stack.pop();
        total += procs.get(pid)?.cpu ?? 0;
        for (const [child, p] of procs) if (p.ppid === pid) stack.push(child);
      }
      return total;
    } catch {
      return NaN;
    }
  }

  /** One delivery run: prepare (not timed), go (timed, with the main thread's CPU time), teardown. */
  async function delivery(spec) {
    await page.evaluate((s) => window.bench.prepare(s), spec);
    const before = await metrics();
    const cpuBefore = browserCpu();
    const r = await page.evaluate(() => window.bench.go());
    const cpuAfter = browserCpu();
    const after = await metrics();
    // The whole browser, not only the page's main thread: a page that asks for animation frames
    // also keeps the compositor and the GPU process busy.
    r.browserUsPerMsg = ((cpuAfter - cpuBefore) * 1e6) / spec.n;
    await page.evaluate(() => window.bench.teardown());
    const d = (k) => (after[k] - before[k]) * 1000; // seconds → ms
    // CPU time of the page's main thread: unlike task durations (wall clock), it does not grow when
    // other processes on a loaded machine take the core away.
    r.mainThreadMs = d('ThreadTime');
    r.taskMs = d('TaskDuration');
    r.scriptMs = d('ScriptDuration');
    r.layoutMs = d('LayoutDuration') + d('RecalcStyleDuration');
    r.mainUsPerMsg = (r.mainThreadMs * 1000) / spec.n;
    r.cpuShare = r.mainThreadMs / r.taskMs; // how much of the core the main thread got while busy
    return r;
  }

  /** Rotates the order of the sides each repetition, so drift in the machine's load hits all sides. */
  const rotated = (list, rep) => list.map((_, i) => list[(i + rep) % list.length]);

  const runs = results.runs;
  const push = (key, value) => (runs[key] ??= []).push(value);
  const sizeName = (size) => (size >= 1024 ? `${size / 1024} KB` : `${size} B`);

  // Frames recorded from the broker, replayed by the fake socket.
  const recorded = {};
  for (const size of new Set([PLAN.health.size, PLAN.profile.size, ...PLAN.ceiling.sizes])) {
    recorded[size] = broker
      ? await page.evaluate((s, d) => window.bench.record(s, d), size, dest('queue', 'record'))
      : { headers: [['subscription', 'sub-0'], ['destination', '/queue/x'], ['message-id', 'T_sub-0@@session-x@@1'], ['redelivered', 'false']], body: 'x'.repeat(size) };
  }
  results.recordedHeaders = recorded[100].headers.map(([k]) => k);

  // ---------------------------------------------------------------- delivery against the broker
  if (only.includes('delivery')) {
    const { sizes, destinations, maxItems } = PLAN.delivery;
    log(`delivery: ${sizes.map((size) => `${fmt1(PLAN.delivery.n[size])} × ${sizeName(size)}`).join(', ')} per run through the broker, published by a raw stompjs client in a worker; ${REPS} runs per receiver, receivers rotated`);
    for (const kind of destinations) {
      for (const size of sizes) {
        const n = PLAN.delivery.n[size] ?? 20000 * Q;
        for (let rep = 0; rep < REPS; rep++) {
          for (const receiver of rotated(['raw', 'kit-event', 'kit-template', ...V.flatMap((v) => [`kit-event${v}`, `kit-template${v}`])], rep)) {
            const spec = { receiver, source: 'broker', destination: dest(kind, 'delivery'), size, n, rate: 0, maxItems };
            const r = await delivery(spec);
            push(`delivery/${kind}/${size}/${receiver}`, r);
            log(`delivery /${kind} ${sizeName(size)} ${receiver.padEnd(20)} run ${rep + 1}/${REPS}: ${fmt1(r.rate)} msg/s, main thread ${fmt1(r.mainUsPerMsg, 1)} µs/msg, browser ${fmt1(r.browserUsPerMsg, 1)} µs/msg${r.longTasks.count ? `, ${r.longTasks.count} long tasks (max ${fmt1(r.longTasks.maxMs)} ms)` : ''}`);
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- latency
  if (only.includes('latency')) {
    const { n, warmup, size } = PLAN.latency;
    log(`latency: ${n} single ${size} B messages publish → receive on one connection (after ${warmup} warm-up), ${REPS} runs each`);
    for (let rep = 0; rep < REPS; rep++) {
      for (const receiver of rotated(['raw', 'kit', ...V.map((v) => `kit${v}`)], rep)) {
        const r = await page.evaluate((s) => window.bench.latency(s), { receiver, destination: dest('queue', 'latency'), n, warmup, size });
        push(`latency/${receiver}`, r);
        log(`latency ${receiver.padEnd(11)} run ${rep + 1}/${REPS}: p50 ${fmt1(r.p50, 3)} ms, p95 ${fmt1(r.p95, 3)} ms, p99 ${fmt1(r.p99, 3)} ms`);
      }
    }
  }

  // ---------------------------------------------------------------- publishing
  if (only.includes('publish')) {
    const { n, size } = PLAN.publish;
    log(`publishing: ${fmt1(n)} × ${size} B from the page to a topic nobody subscribes to, then one publish with a receipt; through the broker and into the fake socket (client-side ceiling); ${REPS} runs each`);
    for (const source of ['broker', 'fake']) {
      for (let rep = 0; rep < REPS; rep++) {
        for (const receiver of rotated(['raw', 'kit-await', 'kit-nowait', ...V.flatMap((v) => [`kit-await${v}`, `kit-nowait${v}`])], rep)) {
          const r = await page.evaluate((s) => window.bench.publishing(s), { receiver, source, destination: dest('topic', 'publish'), n, size });
          push(`publish/${source}/${receiver}`, r);
          log(`publish ${source.padEnd(6)} ${receiver.padEnd(18)} run ${rep + 1}/${REPS}: calls ${fmt1(r.callsRate)} msg/s${source === 'broker' ? `, confirmed by the broker ${fmt1(r.confirmedRate)} msg/s` : ''}`);
        }
      }
    }
  }

  // ---------------------------------------------------------------- scale
  if (only.includes('scale')) {
    const { n } = PLAN.scale;
    log(`scale: ${fmt1(n)} subscriptions on one connection (one queue), ${REPS} runs each; consumers counted by rabbitmqctl; also into the fake socket (client-side cost)`);
    for (const source of ['broker', 'fake']) {
      for (let rep = 0; rep < REPS; rep++) {
        for (const receiver of rotated(['raw', 'kit', ...V.map((v) => `kit${v}`)], rep)) {
          const r = await page.evaluate((s) => window.bench.scale(s), { receiver, source, destination: dest('queue', 'scale'), n });
          push(`scale/${source}/${receiver}`, r);
          log(`scale ${source.padEnd(6)} ${receiver.padEnd(11)} run ${rep + 1}/${REPS}: all subscribed in ${fmt1(r.readyMs)} ms, ${fmt1(r.heapPerSubscription / 1024, 2)} KB heap each${source === 'broker' ? `, consumers ${r.consumers} → ${r.consumersAfterRemoval} after removal` : ''}`);
        }
      }
    }
  }

  // ---------------------------------------------------------------- page health
  if (only.includes('health')) {
    const { rate, seconds, size, maxItems } = PLAN.health;
    const n = rate * seconds;
    log(`page health: rendering ${fmt1(rate)} msg/s for ${seconds} s (${fmt1(n)} messages of ${size} B), long tasks observed; in-page fake socket at that rate, and the broker (a worker publishing at that rate to a topic)`);
    for (const source of ['fake', 'broker']) {
      // Through the fake socket also the event receivers: what a steady stream costs the page.
      const receivers = source === 'fake' ? ['raw', 'kit-event', 'raw-dom', 'kit-template'] : ['raw-dom', 'kit-template'];
      for (let rep = 0; rep < REPS; rep++) {
        for (const receiver of rotated([...receivers, ...V.flatMap((v) => receivers.filter((r) => r.startsWith('kit')).map((r) => `${r}${v}`))], rep)) {
          const spec = { receiver, source, destination: dest('topic', 'health'), size, n, rate, maxItems, recorded: recorded[size] ?? recorded[100] };
          const r = await delivery(spec);
          push(`health/${source}/${receiver}`, r);
          log(`health ${source.padEnd(6)} ${receiver.padEnd(20)} run ${rep + 1}/${REPS}: ${fmt1(r.rate)} msg/s rendered, ${r.longTasks.count} long tasks (max ${fmt1(r.longTasks.maxMs)} ms), main thread ${fmt1((r.mainThreadMs / r.ms) * 100)} % busy`);
        }
      }
    }
  }

  // ---------------------------------------------------------------- client-side ceiling
  if (only.includes('ceiling')) {
    const { sizes, maxItems, reps } = PLAN.ceiling;
    log(`client-side ceiling (microbenchmark, fake socket, no broker): recorded MESSAGE frames replayed as fast as the page takes them, ${fmt1(PLAN.ceiling.n)} per run (DOM receivers: ${sizes.map((s) => `${fmt1(PLAN.ceiling.domN[s])} × ${sizeName(s)}`).join(', ')}); ${reps} runs per receiver`);
    for (const size of sizes) {
      // One short unmeasured run per receiver first, so no side is measured while the JIT warms up.
      for (const receiver of ['feed-only', 'raw', 'kit-event', 'raw-dom', 'kit-template', ...V.flatMap((v) => [`kit-event${v}`, `kit-template${v}`])]) {
        await delivery({ receiver, source: 'fake', destination: '/queue/fake', size, n: Math.min(2000, PLAN.ceiling.domN[size] ?? 2000), rate: 0, maxItems, recorded: recorded[size] });
      }
      for (let rep = 0; rep < reps; rep++) {
        for (const receiver of rotated(['feed-only', 'raw', 'kit-event', 'raw-dom', 'kit-template', ...V.flatMap((v) => [`kit-event${v}`, `kit-template${v}`])], rep)) {
          const n = /dom|template/.test(receiver) ? (PLAN.ceiling.domN[size] ?? 4000 * Q) : PLAN.ceiling.n;
          const spec = { receiver, source: 'fake', destination: '/queue/fake', size, n, rate: 0, maxItems, recorded: recorded[size] };
          const r = await delivery(spec);
          push(`ceiling/${size}/${receiver}`, r);
          if (receiver === 'feed-only') {
            log(`ceiling ${sizeName(size).padEnd(5)} ${receiver.padEnd(12)} run ${rep + 1}/${reps}: the fake socket alone: ${fmt1(r.mainUsPerMsg, 2)} µs/msg main thread`);
            continue;
          }
          log(`ceiling ${sizeName(size).padEnd(5)} ${receiver.padEnd(20)} run ${rep + 1}/${reps}: ${fmt1(r.rate)} msg/s, ${fmt1(r.mainUsPerMsg, 2)} µs/msg main thread (${fmt1(r.handlerUsPerMsg, 2)} in the socket handler)${r.longTasks.count ? `, ${r.longTasks.count} long tasks (max ${fmt1(r.longTasks.maxMs)} ms)` : ''}`);
        }
      }
      // The page alone, no messaging: how fast the browser renders that list at all, at about the
      // kit's batch per frame and at the batch 20,000 msg/s at 60 frames/s would need.
      for (const perFrame of PLAN.floor.perFrame) {
        for (let rep = 0; rep < REPS; rep++) {
          const r = await page.evaluate((s) => window.bench.listFloor(s), { perFrame, size, maxItems, ms: PLAN.floor.ms });
          push(`floor/${size}/${perFrame}`, r);
          log(`page alone ${sizeName(size).padEnd(5)} ${String(perFrame).padStart(3)} items per frame, run ${rep + 1}/${REPS}: ${fmt1(r.rate)} items/s, ${fmt1(r.fps)} frames/s${r.longTasks.count ? `, ${r.longTasks.count} long tasks (max ${fmt1(r.longTasks.maxMs)} ms)` : ''}`);
        }
      }
    }
  }

  // ---------------------------------------------------------------- profile
  if (only.includes('profile')) {
    const { n, size } = PLAN.profile;
    log(`profile: CPU profiles (CDP Profiler, 100 µs sampling) of one fake-socket run per receiver, ${fmt1(n)} × ${size} B`);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    results.profile = {};
    for (const receiver of ['raw', 'kit-event', 'raw-dom', 'kit-template', ...V.flatMap((v) => [`kit-event${v}`, `kit-template${v}`])]) {
      const spec = { receiver, source: 'fake', destination: '/queue/fake', size, n, rate: 0, maxItems: PLAN.ceiling.maxItems, recorded: recorded[size] };
      await page.evaluate((s) => window.bench.prepare(s), spec);
      await cdp.send('Profiler.start');
      await page.evaluate(() => window.bench.go());
      const { profile } = await cdp.send('Profiler.stop');
      await page.evaluate(() => window.bench.teardown());
      mkdirSync(RESULTS, { recursive: true });
      writeFileSync(join(RESULTS, `profile-${label}-${receiver.replace('@', '-')}.cpuprofile`), JSON.stringify(profile));
      const s = summarize(profile, ranges, n);
      results.profile[receiver] = s;
      log(`profile ${receiver}: ${fmt1(s.totalMs)} ms busy; ${s.parts.slice(0, 6).map((p) => `${p.name} ${p.pct} %`).join(', ')}`);
    }
    // Publishing: the calls alone, into the fake socket (no broker).
    for (const receiver of ['raw', 'kit-await', ...V.map((v) => `kit-await${v}`)]) {
      await cdp.send('Profiler.start');
      const r = await page.evaluate((s) => window.bench.publishing(s), { receiver, source: 'fake', destination: '/topic/fake', n, size });
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(join(RESULTS, `profile-${label}-publish-${receiver.replace('@', '-')}.cpuprofile`), JSON.stringify(profile));
      const s = summarize(profile, ranges, n);
      results.profile[`publish ${receiver}`] = s;
      log(`profile publish ${receiver}: ${fmt1(r.callsRate)} calls/s; ${s.parts.slice(0, 6).map((p) => `${p.name} ${p.pct} %`).join(', ')}`);
    }
    // Subscribing: 1,000 elements on one connection, into the fake socket.
    for (const receiver of ['raw', 'kit', ...V.map((v) => `kit${v}`)]) {
      await cdp.send('Profiler.start');
      const r = await page.evaluate((s) => window.bench.scale(s), { receiver, source: 'fake', destination: '/queue/fake', n: PLAN.scale.n });
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(join(RESULTS, `profile-${label}-scale-${receiver.replace('@', '-')}.cpuprofile`), JSON.stringify(profile));
      const s = summarize(profile, ranges, PLAN.scale.n);
      results.profile[`scale ${receiver}`] = s;
      log(`profile scale ${receiver}: ${fmt1(r.readyMs)} ms until all subscribed; ${s.parts.slice(0, 6).map((p) => `${p.name} ${p.pct} %`).join(', ')}`);
    }
    await cdp.send('Profiler.disable');
  }

  await page.evaluate(() => window.bench.closePublisher());
} finally {
  machine.loadAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);
  await cleanup();
}

// ------------------------------------------------------------------ the table and the goals

const { stats, fmt } = report;
const runs = results.runs;
const pick = (key, field) => (runs[key] ?? []).map((r) => r[field]);
const row = (group, title, metric, unit, better, rawValues, kitValues, note) => {
  if (!rawValues.length || !kitValues.length) return;
  results.rows.push({ group, title, metric, unit, better, raw: stats(rawValues), kit: stats(kitValues), note });
};
const sizeName = (size) => (size >= 1024 ? `${size / 1024} KB` : `${size} B`);

for (const kind of PLAN.delivery.destinations) {
  for (const size of PLAN.delivery.sizes) {
    const k = `delivery/${kind}/${size}`;
    row('delivery', `/${kind} ${sizeName(size)}: stomp-message event`, 'msgs/s', 'msg/s', 'higher', pick(`${k}/raw`, 'rate'), pick(`${k}/kit-event`, 'rate'));
    row('delivery', `/${kind} ${sizeName(size)}: template render vs raw callback`, 'msgs/s', 'msg/s', 'higher', pick(`${k}/raw`, 'rate'), pick(`${k}/kit-template`, 'rate'));
    row('delivery', `/${kind} ${sizeName(size)}: stomp-message event`, 'main thread CPU µs/msg', 'µs', 'lower', pick(`${k}/raw`, 'mainUsPerMsg'), pick(`${k}/kit-event`, 'mainUsPerMsg'));
    row('delivery', `/${kind} ${sizeName(size)}: stomp-message event`, 'browser CPU µs/msg', 'µs', 'lower', pick(`${k}/raw`, 'browserUsPerMsg'), pick(`${k}/kit-event`, 'browserUsPerMsg'));
  }
}
row('latency', 'round trip p50', 'ms', 'ms', 'lower', pick('latency/raw', 'p50'), pick('latency/kit', 'p50'));
row('latency', 'round trip p95', 'ms', 'ms', 'lower', pick('latency/raw', 'p95'), pick('latency/kit', 'p95'));
row('latency', 'round trip p99', 'ms', 'ms', 'lower', pick('latency/raw', 'p99'), pick('latency/kit', 'p99'));
row('publish', 'publish() awaited: calls', 'msgs/s', 'msg/s', 'higher', pick('publish/broker/raw', 'callsRate'), pick('publish/broker/kit-await', 'callsRate'));
row('publish', 'publish() awaited: confirmed by broker', 'msgs/s', 'msg/s', 'higher', pick('publish/broker/raw', 'confirmedRate'), pick('publish/broker/kit-await', 'confirmedRate'));
row('publish', 'publish() not awaited: confirmed by broker', 'msgs/s', 'msg/s', 'higher', pick('publish/broker/raw', 'confirmedRate'), pick('publish/broker/kit-nowait', 'confirmedRate'));
row('publish', 'ceiling: publish() awaited', 'calls/s', 'msg/s', 'higher', pick('publish/fake/raw', 'callsRate'), pick('publish/fake/kit-await', 'callsRate'));
row('publish', 'ceiling: publish() not awaited', 'calls/s', 'msg/s', 'higher', pick('publish/fake/raw', 'callsRate'), pick('publish/fake/kit-nowait', 'callsRate'));
row('scale', `${fmt1(PLAN.scale.n)} subscriptions: all confirmed`, 'ms', 'ms', 'lower', pick('scale/broker/raw', 'readyMs'), pick('scale/broker/kit', 'readyMs'));
row('scale', `ceiling: ${fmt1(PLAN.scale.n)} subscriptions confirmed`, 'ms', 'ms', 'lower', pick('scale/fake/raw', 'readyMs'), pick('scale/fake/kit', 'readyMs'));
row('scale', 'JS heap per subscription', 'KB', 'KB', 'lower', pick('scale/broker/raw', 'heapPerSubscription').map((b) => b / 1024), pick('scale/broker/kit', 'heapPerSubscription').map((b) => b / 1024));
{
  const busy = (key) => (runs[key] ?? []).map((r) => (r.mainThreadMs / r.ms) * 100);
  row('health', `fake socket, ${fmt1(PLAN.health.rate)} msg/s: stomp-message event`, 'main thread CPU %', '%', 'lower', busy('health/fake/raw'), busy('health/fake/kit-event'));
  row('health', `fake socket, ${fmt1(PLAN.health.rate)} msg/s: stomp-message event`, 'browser CPU µs/msg', 'µs', 'lower', pick('health/fake/raw', 'browserUsPerMsg'), pick('health/fake/kit-event', 'browserUsPerMsg'));
}
for (const source of ['fake', 'broker']) {
  const k = `health/${source}`;
  row('health', `${source === 'fake' ? 'fake socket' : 'broker'}, ${fmt1(PLAN.health.rate)} msg/s: template vs DOM by hand`, 'main thread CPU %', '%', 'lower',
    (runs[`${k}/raw-dom`] ?? []).map((r) => (r.mainThreadMs / r.ms) * 100), (runs[`${k}/kit-template`] ?? []).map((r) => (r.mainThreadMs / r.ms) * 100));
}
/** CPU per message net of what the fake socket costs by itself (its feed-only runs' median). */
const feedCost = (size) => stats(pick(`ceiling/${size}/feed-only`, 'mainUsPerMsg')).median;
const net = (key, size) => pick(key, 'mainUsPerMsg').map((us) => us - feedCost(size));
for (const size of PLAN.ceiling.sizes) {
  const k = `ceiling/${size}`;
  row('ceiling', `ceiling ${sizeName(size)}: stomp-message event`, 'CPU µs/msg', 'µs', 'lower', net(`${k}/raw`, size), net(`${k}/kit-event`, size));
  row('ceiling', `ceiling ${sizeName(size)}: stomp-message event`, 'max msgs/s', 'msg/s', 'higher', pick(`${k}/raw`, 'rate'), pick(`${k}/kit-event`, 'rate'));
  row('ceiling', `ceiling ${sizeName(size)}: template vs DOM by hand`, 'CPU µs/msg', 'µs', 'lower', net(`${k}/raw-dom`, size), net(`${k}/kit-template`, size));
  row('ceiling', `ceiling ${sizeName(size)}: template vs DOM by hand`, 'max msgs/s', 'msg/s', 'higher', pick(`${k}/raw-dom`, 'rate'), pick(`${k}/kit-template`, 'rate'));
}

// --compare: the patched copy beside the kit from src/.
const compareRows = [];
if (opts.compare) {
  const cmp = (title, metric, unit, better, a, b) => a.length && b.length && compareRows.push({ title, metric, unit, better, raw: stats(a), kit: stats(b) });
  for (const kind of PLAN.delivery.destinations) {
    for (const size of PLAN.delivery.sizes) {
      const k = `delivery/${kind}/${size}`;
      cmp(`/${kind} ${sizeName(size)}: stomp-message event`, 'msgs/s', 'msg/s', 'higher', pick(`${k}/kit-event`, 'rate'), pick(`${k}/kit-event@variant`, 'rate'));
      cmp(`/${kind} ${sizeName(size)}: stomp-message event`, 'main thread CPU µs/msg', 'µs', 'lower', pick(`${k}/kit-event`, 'mainUsPerMsg'), pick(`${k}/kit-event@variant`, 'mainUsPerMsg'));
      cmp(`/${kind} ${sizeName(size)}: stomp-message event`, 'browser CPU µs/msg', 'µs', 'lower', pick(`${k}/kit-event`, 'browserUsPerMsg'), pick(`${k}/kit-event@variant`, 'browserUsPerMsg'));
      cmp(`/${kind} ${sizeName(size)}: template render`, 'msgs/s', 'msg/s', 'higher', pick(`${k}/kit-template`, 'rate'), pick(`${k}/kit-template@variant`, 'rate'));
      cmp(`/${kind} ${sizeName(size)}: template render`, 'CPU µs/msg', 'µs', 'lower', pick(`${k}/kit-template`, 'mainUsPerMsg'), pick(`${k}/kit-template@variant`, 'mainUsPerMsg'));
      cmp(`/${kind} ${sizeName(size)}: template render`, 'long tasks per run', '', 'lower', pick(`${k}/kit-template`, 'longTasks').map((l) => l.count), pick(`${k}/kit-template@variant`, 'longTasks').map((l) => l.count));
    }
  }
  {
    const busy = (key) => (runs[key] ?? []).map((r) => (r.mainThreadMs / r.ms) * 100);
    cmp(`health, fake socket: ${fmt1(PLAN.health.rate)} msg/s, stomp-message event`, 'main thread CPU %', '%', 'lower', busy('health/fake/kit-event'), busy('health/fake/kit-event@variant'));
    cmp(`health, fake socket: ${fmt1(PLAN.health.rate)} msg/s, stomp-message event`, 'browser CPU µs/msg', 'µs', 'lower', pick('health/fake/kit-event', 'browserUsPerMsg'), pick('health/fake/kit-event@variant', 'browserUsPerMsg'));
    for (const source of ['fake', 'broker']) {
      cmp(`health, ${source === 'fake' ? 'fake socket' : 'broker'}: ${fmt1(PLAN.health.rate)} msg/s, template`, 'main thread CPU %', '%', 'lower', busy(`health/${source}/kit-template`), busy(`health/${source}/kit-template@variant`));
      cmp(`health, ${source === 'fake' ? 'fake socket' : 'broker'}: ${fmt1(PLAN.health.rate)} msg/s, template`, 'long tasks per run', '', 'lower', pick(`health/${source}/kit-template`, 'longTasks').map((l) => l.count), pick(`health/${source}/kit-template@variant`, 'longTasks').map((l) => l.count));
    }
  }
  for (const size of PLAN.ceiling.sizes) {
    const k = `ceiling/${size}`;
    cmp(`ceiling ${sizeName(size)}: stomp-message event`, 'CPU µs/msg', 'µs', 'lower', net(`${k}/kit-event`, size), net(`${k}/kit-event@variant`, size));
    cmp(`ceiling ${sizeName(size)}: stomp-message event`, 'max msgs/s', 'msg/s', 'higher', pick(`${k}/kit-event`, 'rate'), pick(`${k}/kit-event@variant`, 'rate'));
    cmp(`ceiling ${sizeName(size)}: template`, 'CPU µs/msg', 'µs', 'lower', net(`${k}/kit-template`, size), net(`${k}/kit-template@variant`, size));
    cmp(`ceiling ${sizeName(size)}: template`, 'max msgs/s', 'msg/s', 'higher', pick(`${k}/kit-template`, 'rate'), pick(`${k}/kit-template@variant`, 'rate'));
    cmp(`ceiling ${sizeName(size)}: template`, 'longest task ms', 'ms', 'lower', pick(`${k}/kit-template`, 'longTasks').map((l) => l.maxMs), pick(`${k}/kit-template@variant`, 'longTasks').map((l) => l.maxMs));
  }
  for (const source of ['broker', 'fake']) {
    for (const mode of ['await', 'nowait']) {
      cmp(`${source === 'fake' ? 'ceiling: ' : ''}publish() ${mode === 'await' ? 'awaited' : 'not awaited'}`, 'calls/s', 'msg/s', 'higher', pick(`publish/${source}/kit-${mode}`, 'callsRate'), pick(`publish/${source}/kit-${mode}@variant`, 'callsRate'));
    }
  }
  cmp('round trip p50', 'ms', 'ms', 'lower', pick('latency/kit', 'p50'), pick('latency/kit@variant', 'p50'));
  cmp(`${fmt1(PLAN.scale.n)} subscriptions: all confirmed`, 'ms', 'ms', 'lower', pick('scale/broker/kit', 'readyMs'), pick('scale/broker/kit@variant', 'readyMs'));
  cmp(`ceiling: ${fmt1(PLAN.scale.n)} subscriptions confirmed`, 'ms', 'ms', 'lower', pick('scale/fake/kit', 'readyMs'), pick('scale/fake/kit@variant', 'readyMs'));
  cmp('JS heap per subscription', 'KB', 'KB', 'lower', pick('scale/broker/kit', 'heapPerSubscription').map((b) => b / 1024), pick('scale/broker/kit@variant', 'heapPerSubscription').map((b) => b / 1024));
  results.compare = { dir: resolve(opts.compare), rows: compareRows };
}

// Goals: reported, never asserted.
const goals = results.goals;
const med = (values) => stats(values).median;
const goal = (text, measured, met) => goals.push({ goal: text, measured, met });
{
  const ratios = [];
  for (const kind of PLAN.delivery.destinations) {
    for (const size of PLAN.delivery.sizes) {
      const k = `delivery/${kind}/${size}`;
      const r = med(pick(`${k}/kit-event`, 'rate')) / med(pick(`${k}/raw`, 'rate'));
      if (Number.isFinite(r)) ratios.push([`/${kind} ${sizeName(size)}`, r]);
    }
  }
  goal('event delivery ≥ 0.97 × raw throughput against the broker',
    ratios.length ? ratios.map(([w, r]) => `${w} ${fmt(r)}`).join(', ') : 'not run',
    ratios.length ? ratios.every(([, r]) => r >= 0.97) : undefined);
  const p50 = med(pick('latency/kit', 'p50')) - med(pick('latency/raw', 'p50'));
  goal('p50 latency overhead ≤ 0.1 ms', Number.isFinite(p50) ? `${fmt(med(pick('latency/kit', 'p50')), 'ms')} vs ${fmt(med(pick('latency/raw', 'p50')), 'ms')}: ${p50 >= 0 ? '+' : ''}${fmt(p50, 'ms')}` : 'not run', Number.isFinite(p50) ? p50 <= 0.1 : undefined);
  const cpu = PLAN.ceiling.sizes.map((size) => [sizeName(size), med(net(`ceiling/${size}/kit-event`, size)) / med(net(`ceiling/${size}/raw`, size))]).filter(([, r]) => Number.isFinite(r));
  goal('ceiling: stomp-message costs ≤ 1.15 × the raw callback’s CPU per message', cpu.length ? cpu.map(([s, r]) => `${s} ${fmt(r)}×`).join(', ') : 'not run', cpu.length ? cpu.every(([, r]) => r <= 1.15) : undefined);
  const tpl = PLAN.ceiling.sizes.map((size) => {
    const rs = runs[`ceiling/${size}/kit-template`] ?? [];
    return [sizeName(size), med(rs.map((r) => r.rate)), Math.max(0, ...rs.map((r) => r.longTasks.maxMs)), stats(rs.map((r) => r.n / r.batches)).median];
  }).filter(([, r]) => Number.isFinite(r));
  goal('ceiling: template rendering ≥ 20,000 msgs/s, batched, no long task > 50 ms',
    tpl.length ? tpl.map(([s, r, lt, b]) => `${s} ${fmt1(r)} msg/s, ~${fmt1(b)} per frame, longest task ${lt ? `${fmt1(lt)} ms` : 'none > 50 ms'}`).join('; ') : 'not run',
    tpl.length ? tpl.every(([, r, lt]) => r >= 20000 && lt <= 50) : undefined);
  const ready = med(pick('scale/broker/kit', 'readyMs'));
  const after = (runs['scale/broker/kit'] ?? []).map((r) => r.consumersAfterRemoval);
  goal(`${fmt1(PLAN.scale.n)} subscriptions ready in < 1 s`, Number.isFinite(ready) ? `${fmt(ready, 'ms')} (consumers after removal: ${after.join(', ')})` : 'not run', Number.isFinite(ready) ? ready < 1000 && after.every((c) => c === 0) : undefined);
  goal('drop-in bundle ≤ 15 KB gzip (scripts/size.mjs)', results.size ? `${results.size.gzipKB} KB (${results.size.gzipBytes} bytes)` : 'not run', results.size ? results.size.within : undefined);
}

// Long tasks, which have no ratio when one side has none: stated as counts.
const notes = [];
for (const source of ['fake', 'broker']) {
  const lt = (receiver) => {
    const rs = runs[`health/${source}/${receiver}`] ?? [];
    return rs.length ? `${rs.map((r) => r.longTasks.count).join(', ')} (longest ${fmt1(Math.max(0, ...rs.map((r) => r.longTasks.maxMs)))} ms)` : undefined;
  };
  const [hand, kit] = [lt('raw-dom'), lt('kit-template')];
  if (hand && kit) {
    notes.push(`Page health, ${source === 'fake' ? 'fake socket' : 'broker'} at ${fmt1(PLAN.health.rate)} msg/s: long tasks (> 50 ms) per run: DOM by hand ${hand}; template ${kit}.`);
  }
}
for (const size of PLAN.ceiling.sizes) {
  const floor = PLAN.floor.perFrame
    .map((perFrame) => [perFrame, runs[`floor/${size}/${perFrame}`] ?? []])
    .filter(([, rs]) => rs.length)
    .map(([perFrame, rs]) => `${perFrame} per frame ${fmt1(med(rs.map((r) => r.rate)))} items/s at ${fmt1(med(rs.map((r) => r.fps)))} frames/s (longest task ${fmt1(Math.max(0, ...rs.map((r) => r.longTasks.maxMs)))} ms)`);
  if (floor.length) {
    notes.push(`The page alone, with no messaging at all (${sizeName(size)} items added to the same ${fmt1(PLAN.ceiling.maxItems)}-item list each animation frame, the oldest removed): ${floor.join('; ')}.`);
  }
}
{
  const feeds = PLAN.ceiling.sizes.map((size) => [size, feedCost(size)]).filter(([, us]) => Number.isFinite(us));
  if (feeds.length) {
    notes.push(`Ceiling CPU per message is net of what the fake socket costs by itself (subtracted): ${feeds.map(([size, us]) => `${sizeName(size)} ${fmt1(us, 1)} µs`).join(', ')}.`);
  }
}
results.notes = notes;

const when = results.date.slice(0, 10);
const sizesLine = [
  `Sizes: delivery ${PLAN.delivery.sizes.map((s) => `${fmt1(PLAN.delivery.n[s])} × ${sizeName(s)}`).join(' and ')} per run`,
  `latency ${fmt1(PLAN.latency.n)} round trips`,
  `publishing ${fmt1(PLAN.publish.n)} × ${PLAN.publish.size} B`,
  `scale ${fmt1(PLAN.scale.n)} subscriptions`,
  `page health ${PLAN.health.seconds} s at ${fmt1(PLAN.health.rate)} msg/s`,
  `ceiling ${fmt1(PLAN.ceiling.n)} messages per run (template and DOM by hand: ${PLAN.ceiling.sizes.map((s) => `${fmt1(PLAN.ceiling.domN[s])} × ${sizeName(s)}`).join(', ')}) × ${PLAN.ceiling.reps} runs`,
  `${results.plan.reps} runs per case otherwise; kit and raw alternate`,
].join('; ');
results.sizes = sizesLine;
const machineLine = `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB; ${machine.browser ?? 'Chromium'} headless; Node ${machine.node}; load average ${machine.loadAtStart.join(' ')} at start, ${machine.loadAtEnd.join(' ')} at end`;
const took = loaded ? loaded.seconds : Math.round((performance.now() - t0) / 1000);
results.seconds = took;

console.log(`\nstomp-elements vs raw @stomp/stompjs — ${results.date} — ${label}`);
console.log(machineLine);
console.log(`${sizesLine}\n`);
console.log(report.textTable(results.rows));
if (compareRows.length) console.log(`\nThe patched copy (${resolve(opts.compare)}) beside the kit from ${opts.src ? srcDir : 'src/'}:\n${report.textTable(compareRows, { a: 'src', b: 'patched' })}`);
console.log(`\nGoals (reported, not asserted):\n${report.goalsText(goals)}`);
if (notes.length) console.log(`\n${notes.join('\n')}`);
if (results.profile) {
  for (const [receiver, s] of Object.entries(results.profile)) {
    const unit = receiver.startsWith('scale') ? 'subscription' : receiver.startsWith('publish') ? 'publish' : 'msg';
    const units = { msg: 'messages', publish: 'publishes', subscription: 'subscriptions' }[unit];
    console.log(`\nProfile, ${receiver} (${fmt1(s.totalMs)} ms busy for ${fmt1(s.n)} ${units}):`);
    for (const p of s.parts) console.log(`  ${p.name.padEnd(34)} ${String(p.pct).padStart(5)} %  ${fmt1(p.usPerMsg, 2).padStart(7)} µs/${unit}`);
    console.log('  top functions (self time):');
    for (const f of s.functions.slice(0, 12)) console.log(`    ${String(f.pct).padStart(5)} %  ${fmt1(f.usPerMsg, 3).padStart(7)} µs/${unit}  ${f.name}`);
  }
}

if (!loaded) {
  mkdirSync(RESULTS, { recursive: true });
  const stamp = results.date.replace(/[:.]/g, '-');
  writeFileSync(join(RESULTS, `bench-${stamp}-${label}.json`), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(RESULTS, `latest-${label}.json`), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nJSON: bench/results/bench-${stamp}-${label}.json (and latest-${label}.json); took ${Math.floor(took / 60)} min ${took % 60} s`);
}

if ((loaded ? loaded.full : full) && !opts['no-readme']) {
  const svg = report.svgChart(results.rows, {
    title: 'stomp-elements beside raw @stomp/stompjs (raw = 1)',
    subtitle: `${when} · ${machine.cpu}, ${machine.cores} cores · headless Chromium · RabbitMQ Web-STOMP · median of runs, whiskers min–max`,
  });
  writeFileSync(join(ROOT, 'docs', 'bench.svg'), svg);
  const summary = [
    `Measured on ${when}: ${machineLine}. \`npm run bench\` took ${Math.floor(took / 60)} min ${took % 60} s.`,
    '',
    report.markdownTable(results.rows),
    '',
    report.goalsMarkdown(goals),
    ...(notes.length ? ['', ...notes.map((n) => `- ${n}`)] : []),
  ].join('\n');
  const readme = join(ROOT, 'README.md');
  writeFileSync(readme, report.withSummary(readFileSync(readme, 'utf8'), summary));
  console.log('docs/bench.svg and the README summary written');
}
