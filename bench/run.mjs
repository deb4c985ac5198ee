// One benchmark run, step by step: the plan, set-up (setup.mjs), each group chosen (groups.mjs),
// clean-up, then the rows and goals (rows.mjs) and the output (output.mjs). With --report, a
// finished run's JSON is reported again without measuring. scripts/bench.mjs is its command line.
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as groups from './groups.mjs';
import { printResults, sizesLine, writeJson, writeReadme } from './output.mjs';
import { GROUPS, benchPlan } from './plan.mjs';
import { compareRows, floorRows, goals, notes, shareRows, tableRows } from './rows.mjs';
import { setUp } from './setup.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'bench', 'results');

const loadAverage = () => loadavg().map((l) => Math.round(l * 100) / 100);

/** `opts`: the options of scripts/bench.mjs, parsed. */
export async function runBench(opts) {
  const t0 = performance.now();
  const elapsed = () => {
    const s = Math.round((performance.now() - t0) / 1000);
    return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  };
  const log = (msg) => console.error(`[${elapsed()}] ${msg}`);
  const { only, full, needsBroker, variants, reps, q, plan: PLAN } = benchPlan(opts);
  const label = opts.label ?? (opts.src ? 'variant' : 'src');
  const srcDir = opts.src ? resolve(opts.src) : join(ROOT, 'src');
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    loadAtStart: loadAverage(),
  };
  log(`stomp-elements benchmark (${full ? 'full run' : `partial: ${only.join(', ')}${opts.quick ? ', --quick' : ''}`}; sources: ${srcDir})`);
  log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, Node ${machine.node}; load average ${machine.loadAtStart.join(' ')} (others' tests may be running: ratios are measured in the same run)`);

  const cleanups = [];
  const cleanup = async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn().catch((e) => log(`clean-up: ${e.message}`));
  };
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
  const results = { date: new Date().toISOString(), label, sources: srcDir, full, plan: { ...PLAN, reps }, machine, rows: [], runs: {}, goals: [] };
  if (loaded) Object.assign(results, loaded, { rows: [], goals: [] });

  if (!loaded) {
    const run = { opts, only, needsBroker, plan: PLAN, srcDir, buildDir: join(RESULTS, 'build', label), sizeDir: join(RESULTS, 'size', label), results, machine, log, cleanups };
    try {
      const page = await setUp(run);
      const ctx = { ...page, plan: PLAN, reps, q, variants, log, label, results, resultsDir: RESULTS };
      // In their order, whatever the order of --only; 'size' is measured during set-up.
      for (const group of GROUPS.filter((g) => g !== 'size' && only.includes(g))) await groups[group](ctx);
      await page.page.evaluate(() => window.bench.closePublisher());
    } finally {
      machine.loadAtEnd = loadAverage();
      await cleanup();
    }
  }

  tableRows(results, PLAN);
  shareRows(results, PLAN);
  floorRows(results, PLAN);
  const compared = opts.compare ? compareRows(results, PLAN, resolve(opts.compare)) : [];
  goals(results, PLAN);
  notes(results, PLAN);
  results.sizes = sizesLine(PLAN, results.plan.reps);
  results.seconds = loaded ? loaded.seconds : Math.round((performance.now() - t0) / 1000);

  printResults(results, { label, machine, compared: { rows: compared, a: opts.src ? srcDir : 'src/', b: opts.compare && resolve(opts.compare) } });
  if (!loaded) writeJson(results, RESULTS);
  if ((loaded ? loaded.full : full) && !opts['no-readme']) writeReadme(results, { machine, root: ROOT });
}
