// The compatibility matrix (issue #18): test/compat/stomp.test.ts runs once per broker (RabbitMQ under
// web-test-runner.config.mjs, ActiveMQ Classic under web-test-runner.activemq.config.mjs) and stores,
// per feature and broker, whether its test passed and what that broker did differently, with the
// `compat-record` server command (test/server/compat.mjs), in test-results/compat.json (git-ignored):
// `{ [feature]: { [broker]: { outcome, note, recordedAt } } }`, the latest run's. `npm run compat`
// writes it as a "feature × broker" Markdown table into README.md between <!-- compat:start -->
// and <!-- compat:end -->.
//
// CLI: node scripts/compat-table.mjs [--print]   (--print: write the table to stdout, leave README.md alone)
import { dirname, join } from 'node:path';
import { cell as plainCell, readRecords, tableCli, writeRecords, README } from './readme-table.mjs';
import { isMain } from './shared.mjs';

export const COMPAT_FILE = process.env.STOMP_COMPAT_FILE || join(dirname(README), 'test-results', 'compat.json');

/** The brokers, in the table's column order, with their column headings. */
export const BROKERS = { rabbitmq: 'RabbitMQ 3 (Web-STOMP)', activemq: 'ActiveMQ Classic 5.17 (websockify)' };
const OUTCOMES = ['pass', 'fail'];

/** Checks a record's shape; returns it with only the known fields. */
export function validRecord(payload) {
  const { feature, broker, outcome, note = '' } = payload ?? {};
  if (typeof feature !== 'string' || !feature.trim()) throw new Error(`compat: "feature" must be a non-empty string, got ${JSON.stringify(feature)}`);
  if (!(broker in BROKERS)) throw new Error(`compat: "broker" must be one of ${Object.keys(BROKERS).join(', ')}, got ${JSON.stringify(broker)}`);
  if (!OUTCOMES.includes(outcome)) throw new Error(`compat: "outcome" must be one of ${OUTCOMES.join(', ')}, got ${JSON.stringify(outcome)}`);
  if (typeof note !== 'string') throw new Error(`compat: "note" must be a string, got ${JSON.stringify(note)}`);
  return { feature, broker, outcome, note };
}

/** The recorded matrix; empty when nothing was recorded. */
export const readCompat = (file = COMPAT_FILE) => readRecords(file);

/** Stores one feature's outcome on one broker, replacing that cell's earlier one. */
export function recordCompat(payload, file = COMPAT_FILE) {
  const { feature, broker, outcome, note } = validRecord(payload);
  const all = readCompat(file);
  all[feature] = { ...all[feature], [broker]: { outcome, note, recordedAt: new Date().toISOString() } };
  writeRecords(file, all);
  return all[feature][broker];
}

const cell = (text) => plainCell(String(text).replaceAll('<', '&lt;'));

/** The Markdown table, features in the order first recorded, a column per broker. */
export function compatTable(matrix) {
  const features = Object.keys(matrix);
  if (!features.length) return '_Nothing recorded yet: run `npm test`, then `npm run compat`._';
  const brokers = Object.keys(BROKERS);
  const show = (entry) => (entry ? `${entry.outcome === 'pass' ? '✅ pass' : '❌ fail'}${entry.note ? `: ${cell(entry.note)}` : ''}` : 'not run');
  return [
    `| feature | ${brokers.map((b) => BROKERS[b]).join(' | ')} |`,
    `| --- | ${brokers.map(() => '---').join(' | ')} |`,
    ...features.map((f) => `| ${cell(f)} | ${brokers.map((b) => show(matrix[f][b])).join(' | ')} |`),
  ].join('\n');
}

if (isMain(import.meta.url)) {
  tableCli({ name: 'compat', records: readCompat(), table: compatTable, file: COMPAT_FILE, rows: 'features' });
}
