// The reliability figures: the tests store each scenario's numbers with the `record-result` server
// command (test/server/reliability.mjs) in test-results/reliability.json (git-ignored), one entry
// per scenario, the latest run's; `npm run results` writes them as a Markdown table into README.md
// between <!-- results:start --> and <!-- results:end -->.
//
// CLI: node scripts/results-table.mjs [--print]   (--print: write the table to stdout, leave README.md alone)
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMain } from './shared.mjs';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const RESULTS_FILE = process.env.STOMP_RESULTS_FILE || join(REPO_ROOT, 'test-results', 'reliability.json');
export const README = join(REPO_ROOT, 'README.md');
const START = '<!-- results:start -->';
const END = '<!-- results:end -->';

/** A result's fields and their types; `kit` says what the kit did in that scenario. */
const FIELDS = { scenario: 'string', kit: 'string', published: 'number', received: 'number', lost: 'number', duplicates: 'number' };

/** Checks a result's shape; returns it with only the known fields. */
export function validResult(payload) {
  const result = {};
  for (const [key, type] of Object.entries(FIELDS)) {
    const value = payload?.[key];
    const ok = type === 'string' ? typeof value === 'string' && value.trim() !== '' : Number.isInteger(value) && value >= 0;
    if (!ok) throw new Error(`result: "${key}" must be ${type === 'string' ? 'a non-empty string' : 'an integer >= 0'}, got ${JSON.stringify(value)}`);
    result[key] = value;
  }
  return result;
}

/** The recorded results, { [scenario]: result }; empty when none were recorded. */
export function readResults(file = RESULTS_FILE) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    if (err.code === 'ENOENT') return {};
    throw new Error(`${file}: ${err.message}`);
  }
}

/** Stores one scenario's figures, replacing that scenario's earlier ones and keeping the others. */
export function recordResult(payload, file = RESULTS_FILE) {
  const result = { ...validResult(payload), recordedAt: new Date().toISOString() };
  const all = readResults(file);
  all[result.scenario] = result;
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(all, null, 2)}\n`);
  renameSync(tmp, file); // a concurrent reader never sees half a file
  return result;
}

const cell = (text) => String(text).replaceAll('|', '\\|').replace(/\s+/g, ' ');

/** The Markdown table of the results, in the order the scenarios were first recorded. */
export function resultsTable(results) {
  const rows = Object.values(results).map(validResult);
  if (!rows.length) return '_No results recorded yet: run `npm test`, then `npm run results`._';
  return [
    '| scenario | what the kit did | published | received | lost | duplicates |',
    '| --- | --- | --: | --: | --: | --: |',
    ...rows.map((r) => `| ${cell(r.scenario)} | ${cell(r.kit)} | ${r.published} | ${r.received} | ${r.lost} | ${r.duplicates} |`),
  ].join('\n');
}

/** Replaces what is between the markers in `markdown` with `table`. */
export function withTable(markdown, table) {
  const start = markdown.indexOf(START);
  const end = markdown.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} markers`);
  return `${markdown.slice(0, start + START.length)}\n${table}\n${markdown.slice(end)}`;
}

if (isMain(import.meta.url)) {
  try {
    const results = readResults();
    if (!Object.keys(results).length) throw new Error(`No results in ${RESULTS_FILE}: run npm test first.`);
    const table = resultsTable(results);
    if (process.argv.includes('--print')) {
      console.log(table);
    } else {
      writeFileSync(README, withTable(readFileSync(README, 'utf8'), table));
      console.error(`README.md: ${Object.keys(results).length} scenarios from ${RESULTS_FILE}`);
    }
  } catch (err) {
    console.error(err.message);
    process.exitCode = 1;
  }
}
