// Set-up of a measuring run: the page and the drop-in bundle built while the broker boots, the
// page served from a loopback HTTP origin, headless Chromium on it, and what every group uses to
// measure (`delivery`, destinations, the frames the fake socket replays). Whatever it starts goes
// on `cleanups`, which the caller runs in reverse order.
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import pidtree from 'pidtree';
import pidusage from 'pidusage';
import puppeteer from 'puppeteer-core';
import sirv from 'sirv';
import { brokerConfig, consumerCount, ctl, startBroker, stopBroker } from '../scripts/broker.mjs';
import { CHROMIUM_PATH, chromiumArgs } from '../scripts/shared.mjs';
import { buildDropIn, buildPage } from './build.mjs';

/**
 * `run`: { opts, only, needsBroker, plan, label, srcDir, buildDir, sizeDir, results, machine, log,
 * cleanups }. Resolves with the context the groups measure with.
 */
export async function setUp(run) {
  const { opts, only, needsBroker, plan, srcDir, buildDir, results, machine, log, cleanups } = run;
  // The drop-in bundle is built while the broker boots.
  const sizing = only.includes('size')
    ? buildDropIn({ dir: run.sizeDir, srcDir }).then((s) => {
        log(`drop-in bundle (built from ${opts.src ? srcDir : 'src/'}, measured by scripts/size.mjs): ${s.minifiedKB} KB minified, ${s.gzipKB} KB gzip (budget ${s.budgetKB} KB)`);
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

  const pageUrl = await serve(buildDir, cleanups);
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    protocolTimeout: 10 * 60 * 1000, // a run may take minutes; the page has its own timeouts
    args: chromiumArgs(
      '--js-flags=--expose-gc', // gc() before heap readings
      '--enable-precise-memory-info', // performance.memory not rounded
      // measureUserAgentSpecificMemory() at once, not with the next scheduled GC (13–16 s a reading without it)
      '--enable-blink-features=ForceEagerMeasureMemory',
    ),
  });
  cleanups.push(() => browser.close());
  machine.browser = await browser.version();
  const cfg = broker && brokerConfig(broker);
  // STOMP heart-beats off on every connection, raw and kit alike: with them on, this RabbitMQ
  // (3.10, Web-STOMP) drops a connection that publishes fast ({unexpected_message,resume} in its
  // heart-beat monitor under flow control). BENCH_HEARTBEAT=4000 turns them on.
  const heartbeat = Number(process.env.BENCH_HEARTBEAT ?? 0);
  const login = cfg ? { wsUrl: cfg.wsUrl, vhost: cfg.vhost, user: cfg.user, pass: cfg.pass } : { wsUrl: '', vhost: 'demo', user: 'web', pass: 'web' };
  const settings = { ...login, heartbeat, variant: !!opts.compare };
  /**
   * One more tab of this browser (one profile: the tabs share Web Locks and BroadcastChannel) on the
   * bench page, set up; `before(tab)` runs before it loads. Resolves with { tab, info }.
   */
  async function newTab(before = async () => {}) {
    const tab = await browser.newPage();
    tab.on('pageerror', (e) => log(`page error: ${e.message}`));
    tab.on('console', (m) => m.type() === 'error' && log(`page console: ${m.text()}`));
    await before(tab);
    await tab.goto(pageUrl);
    await tab.waitForFunction(() => !!window.bench);
    return { tab, info: await tab.evaluate((b) => window.bench.setup(b), settings) };
  }
  const { tab: page, info } = await newTab((tab) => tab.exposeFunction('benchConsumers', (queue) => consumerCount(queue, cfg)));
  results.heartbeat = heartbeat;
  log(`browser: ${machine.browser}; page ${pageUrl}; gc() ${info.gc ? 'on' : 'OFF'}, performance.memory ${info.memoryApi ? 'on' : 'OFF'}, cross-origin isolated ${info.crossOriginIsolated ? 'yes' : 'NO'}, measureUserAgentSpecificMemory() ${info.uaMemoryApi ? 'on' : 'OFF'}`);
  if (opts.compare && !info.variant) throw new Error(`--compare: the patched copy (${opts.compare}) did not load in the page`);
  if (opts.compare) log(`comparing with the patched copy of the sources in ${resolve(opts.compare)} (receivers …@variant)`);
  const cdp = await page.target().createCDPSession();
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));

  const runId = Date.now().toString(36);
  let destSeq = 0;
  const dest = (kind, what) => `/${kind}/bench-${what}-${runId}-${++destSeq}`;

  /** `field` of pidusage summed over every process of this browser (renderer, GPU, network…); NaN when unreadable. */
  const browserPid = browser.process()?.pid;
  cleanups.push(async () => pidusage.clear()); // closes the /proc files it keeps open
  async function browserSum(field) {
    try {
      const usage = await pidusage(await pidtree(browserPid, { root: true }));
      return Object.values(usage).reduce((sum, u) => sum + (u?.[field] ?? 0), 0); // a process gone meanwhile counts 0
    } catch {
      return NaN;
    }
  }
  /** CPU seconds (utime + stime) of the browser's processes. */
  const browserCpu = async () => (await browserSum('ctime')) / 1000;
  /** Resident memory of the browser's processes, bytes. */
  const browserRss = () => browserSum('memory');

  /** STOMP connections on the broker: one channel per Web-STOMP connection (as web-test-runner.config.mjs counts them). */
  const connections = async () => (await ctl(['list_channels', 'vhost', '--quiet', '--no-table-headers'], cfg)).split('\n').filter((line) => line.trim() === cfg.vhost).length;

  /** One delivery run: prepare (not timed), go (timed, with the main thread's CPU time), teardown. */
  async function delivery(spec) {
    await page.evaluate((s) => window.bench.prepare(s), spec);
    const before = await metrics();
    const cpuBefore = await browserCpu();
    const r = await page.evaluate(() => window.bench.go());
    const cpuAfter = await browserCpu();
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

  // Frames recorded from the broker, replayed by the fake socket.
  const recorded = {};
  for (const size of new Set([plan.health.size, plan.profile.size, ...plan.ceiling.sizes])) {
    recorded[size] = broker
      ? await page.evaluate((s, d) => window.bench.record(s, d), size, dest('queue', 'record'))
      : { headers: [['subscription', 'sub-0'], ['destination', '/queue/x'], ['message-id', 'T_sub-0@@session-x@@1'], ['redelivered', 'false']], body: 'x'.repeat(size) };
  }
  results.recordedHeaders = recorded[100].headers.map(([k]) => k);

  return { page, cdp, ranges, dest, delivery, recorded, newTab, connections, browserRss };
}

/**
 * Serves the built page from a loopback HTTP origin (Chromium refuses ws://127.0.0.1 from
 * about:blank) on BENCH_PORT (default: any free one); resolves with the page's URL.
 */
async function serve(dir, cleanups) {
  const files = sirv(dir, {
    dev: true, // read from disk on every request
    setHeaders(res) {
      // Cross-origin isolated: performance.now() to 5 µs instead of 100 µs, and
      // performance.measureUserAgentSpecificMemory() (the DOM's memory beside the JS heap).
      // On every response, the publisher worker's script included.
      res.setHeader('cross-origin-opener-policy', 'same-origin');
      res.setHeader('cross-origin-embedder-policy', 'require-corp');
      // Revalidated on every load all the same; sirv's dev default, no-store, may keep a page out of
      // the back/forward cache (the bfcache group), depending on the Chromium.
      res.setHeader('cache-control', 'no-cache');
    },
    onNoMatch: (req, res) => res.writeHead(req.url === '/favicon.ico' ? 204 : 404).end(),
  });
  const server = createServer(files);
  await new Promise((r) => server.listen(Number(process.env.BENCH_PORT ?? 0), '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => server.close(r)));
  return `http://127.0.0.1:${server.address().port}/page.html`;
}
