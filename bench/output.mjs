// What a run leaves: the table, goals, notes and profiles on the console; the run's JSON in
// bench/results/ (git-ignored); on a full run also docs/bench.svg and the README summary.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as report from './report.mjs';
import { fmt1, sizeName } from './report.mjs';
import { FLOOR_SIDES, SHARE_SIDES } from './rows.mjs';

/** The workloads in one line, as the output states them. */
export function sizesLine(PLAN, reps) {
  return [
    `Sizes: delivery ${PLAN.delivery.sizes.map((s) => `${fmt1(PLAN.delivery.n[s])} × ${sizeName(s)}`).join(' and ')} per run`,
    `stream ${fmt1(PLAN.stream.n)} × ${sizeName(PLAN.stream.size)} read from first`,
    `latency ${fmt1(PLAN.latency.n)} round trips`,
    `request ${fmt1(PLAN.request.n)} requests`,
    `bfcache one round trip per run, ${fmt1(PLAN.bfcache.awayMs)} ms on another page`,
    `publishing ${fmt1(PLAN.publish.n)} × ${PLAN.publish.size} B`,
    `scale ${fmt1(PLAN.scale.n)} subscriptions`,
    `share ${fmt1(PLAN.share.n)} round trips per tab, ${PLAN.share.tabs.join(', ')} tabs`,
    `page health ${PLAN.health.seconds} s at ${fmt1(PLAN.health.rate)} msg/s`,
    `ceiling ${fmt1(PLAN.ceiling.n)} messages per run (template and DOM by hand: ${PLAN.ceiling.sizes.map((s) => `${fmt1(PLAN.ceiling.domN[s])} × ${sizeName(s)}`).join(', ')}) × ${PLAN.ceiling.reps} runs`,
    `${reps} runs per case otherwise; kit and raw alternate`,
  ].join('; ');
}

export const machineLine = (machine) =>
  `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB; ${machine.browser ?? 'Chromium'} headless; Node ${machine.node}; load average ${machine.loadAtStart.join(' ')} at start, ${machine.loadAtEnd.join(' ')} at end`;

/** Prints the run: `compared` is the --compare table (rows) and what it compared with (`a`: the kit's sources, `b`: the patched copy). */
export function printResults(results, { label, machine, compared }) {
  console.log(`\nstomp-elements vs raw @stomp/stompjs — ${results.date} — ${label}`);
  console.log(machineLine(machine));
  console.log(`${results.sizes}\n`);
  console.log(report.textTable(results.rows));
  for (const [name, rows] of Object.entries(results.share ?? {})) {
    if (rows.length) console.log(`\nshare="tabs", ${SHARE_SIDES[name].b} beside ${SHARE_SIDES[name].a} (same run):\n${report.textTable(rows, SHARE_SIDES[name])}`);
  }
  if (results.floors?.length) console.log(`\nThe browser alone, no kit code, beside the kit (same run):\n${report.textTable(results.floors, { a: 'browser alone', b: 'kit' })}`);
  if (compared?.rows.length) console.log(`\nThe patched copy (${compared.b}) beside the kit from ${compared.a}:\n${report.textTable(compared.rows, { a: 'src', b: 'patched' })}`);
  console.log(`\nGoals (reported, not asserted):\n${report.goalsText(results.goals.filter((g) => !g.issue))}`);
  console.log(`\nGoals (issue 19):\n${report.goalsText(results.goals.filter((g) => g.issue === 19))}`);
  if (results.notes.length) console.log(`\n${results.notes.join('\n')}`);
  for (const [receiver, s] of Object.entries(results.profile ?? {})) {
    const unit = receiver.startsWith('scale') ? 'subscription' : receiver.startsWith('publish') ? 'publish' : 'msg';
    const units = { msg: 'messages', publish: 'publishes', subscription: 'subscriptions' }[unit];
    console.log(`\nProfile, ${receiver} (${fmt1(s.totalMs)} ms busy for ${fmt1(s.n)} ${units}):`);
    for (const p of s.parts) console.log(`  ${p.name.padEnd(34)} ${String(p.pct).padStart(5)} %  ${fmt1(p.usPerMsg, 2).padStart(7)} µs/${unit}`);
    console.log('  top functions (self time):');
    for (const f of s.functions.slice(0, 12)) console.log(`    ${String(f.pct).padStart(5)} %  ${fmt1(f.usPerMsg, 3).padStart(7)} µs/${unit}  ${f.name}`);
  }
  for (const [receiver, h] of Object.entries(results.heap ?? {})) {
    console.log(`\nHeap, ${receiver}: ${fmt1(h.bytesEach)} B more per subscription (snapshots before and with them; V8's self sizes, Blink's objects included):`);
    for (const k of h.kinds.slice(0, 15)) console.log(`  ${fmt1(k.bytesEach).padStart(7)} B  ${fmt1(k.countEach, 1).padStart(5)} each  ${k.kind}`);
  }
}

const took = (seconds) => `${Math.floor(seconds / 60)} min ${seconds % 60} s`;

/** The run's JSON, as bench/results/bench-<date>-<label>.json and latest-<label>.json. */
export function writeJson(results, resultsDir) {
  mkdirSync(resultsDir, { recursive: true });
  const stamp = results.date.replace(/[:.]/g, '-');
  const json = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(join(resultsDir, `bench-${stamp}-${results.label}.json`), json);
  writeFileSync(join(resultsDir, `latest-${results.label}.json`), json);
  console.log(`\nJSON: bench/results/bench-${stamp}-${results.label}.json (and latest-${results.label}.json); took ${took(results.seconds)}`);
}

/**
 * Every row of the run for the chart, in one place: kit beside raw, then the browser alone beside
 * the kit, then share="tabs" (the follower beside the holder, share beside a connection per tab;
 * the whole browser's RSS, which includes the bench's own page, left out of the chart but not the table).
 */
export function chartRows(results) {
  const share = results.share ?? {};
  return [
    ...results.rows,
    ...(results.floors ?? []),
    ...(share.tab ?? []).map((row) => ({ ...row, group: 'share-tab' })),
    ...(share.tabs ?? []).filter((row) => row.metric !== 'browser RSS, all processes MB').map((row) => ({ ...row, group: 'share-tabs' })),
  ];
}

/** docs/bench.svg and the README summary between <!-- bench:start --> and <!-- bench:end -->. */
export function writeReadme(results, { machine, root }) {
  const when = results.date.slice(0, 10);
  const svg = report.svgChart(chartRows(results), {
    title: 'stomp-elements beside raw @stomp/stompjs (raw = 1)',
    subtitle: `${when} · ${machine.cpu}, ${machine.cores} cores · headless Chromium · RabbitMQ Web-STOMP · median of runs, whiskers min–max`,
  });
  writeFileSync(join(root, 'docs', 'bench.svg'), svg);
  const summary = [
    `Measured on ${when}: ${machineLine(machine)}. \`npm run bench\` took ${took(results.seconds)}.`,
    '',
    report.markdownTable(results.rows),
    '',
    ...Object.entries(results.share ?? {}).filter(([, rows]) => rows.length).flatMap(([name, rows]) => [report.markdownTable(rows, { ...SHARE_SIDES[name], ratio: `${SHARE_SIDES[name].b} / ${SHARE_SIDES[name].a}` }), '']),
    ...(results.floors?.length ? [report.markdownTable(results.floors, FLOOR_SIDES), ''] : []),
    report.goalsMarkdown(results.goals.filter((g) => !g.issue)),
    '',
    '**Goals (issue 19)**',
    '',
    report.goalsMarkdown(results.goals.filter((g) => g.issue === 19)),
    ...(results.notes.length ? ['', ...results.notes.map((n) => `- ${n}`)] : []),
  ].join('\n');
  const readme = join(root, 'README.md');
  writeFileSync(readme, report.withSummary(readFileSync(readme, 'utf8'), summary));
  console.log('docs/bench.svg and the README summary written');
}
