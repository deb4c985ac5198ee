// What the scripts that keep a table in README.md from recorded results share (results-table.mjs,
// compat-table.mjs): a JSON file of records written atomically, and the table between two markers.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const README = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'README.md');

/** The records in `file`; empty when nothing was recorded yet. */
export function readRecords(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    if (err.code === 'ENOENT') return {};
    throw new Error(`${file}: ${err.message}`);
  }
}

/** Writes `records` to `file` in one step: a concurrent reader never sees half a file. */
export function writeRecords(file, records) {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(records, null, 2)}\n`);
  renameSync(tmp, file);
}

/** A Markdown table cell: pipes escaped, on one line. */
export const cell = (text) => String(text).replaceAll('|', '\\|').replace(/\s+/g, ' ').trim();

/** Replaces what is between `<!-- name:start -->` and `<!-- name:end -->` in `markdown` with `table`. */
export function withTable(markdown, table, name) {
  const [START, END] = [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`];
  const start = markdown.indexOf(START);
  const end = markdown.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} markers`);
  return `${markdown.slice(0, start + START.length)}\n${table}\n${markdown.slice(end)}`;
}

/**
 * The command line of a table script: `--print` writes the table to stdout; otherwise it goes into
 * README.md between the `name` markers. `count` says how many rows, `file` where they came from.
 */
export function tableCli({ name, records, table, file, rows }) {
  try {
    const count = Object.keys(records).length;
    if (!count) throw new Error(`Nothing in ${file}: run npm test first.`);
    if (process.argv.includes('--print')) return console.log(table(records));
    writeFileSync(README, withTable(readFileSync(README, 'utf8'), table(records), name));
    console.error(`README.md: ${count} ${rows} from ${file}`);
  } catch (err) {
    console.error(err.message);
    process.exitCode = 1;
  }
}
