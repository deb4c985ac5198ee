// The reliability figures: the tests store each scenario's numbers with the `record-result` server
// command (test/server/reliability.mjs) in test-results/reliability.json (git-ignored), one entry
// per scenario, the latest run's; `npm run results` writes them as a Markdown table into README.md
// between <!-- results:start --> and <!-- results:end -->.
//
// CLI: node scripts/results-table.mjs [--print]   (--print: write the table to stdout, leave README.md alone)
import { dirname, join } from 'node:path';
import { cell, readRecords, tableCli, writeRecords, README } from './readme-table.mjs';
import { isMain } from './shared.mjs';

export const RESULTS_FILE = process.env.STOMP_RESULTS_FILE || join(dirname(README), 'test-results', 'reliability.json');

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
export const readResults = (file = RESULTS_FILE) => readRecords(file);

/** Stores one scenario's figures, replacing that scenario's earlier ones and keeping the others. */
export function recordResult(payload, file = RESULTS_FILE) {
  const result = { ...validResult(payload), recordedAt: new Date().toISOString() };
  const all = readResults(file);
  all[result.scenario] = result;
  writeRecords(file, all);
  return result;
}

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

if (isMain(import.meta.url)) {
  tableCli({ name: 'results', records: readResults(), table: resultsTable, file: RESULTS_FILE, rows: 'scenarios' });
}
