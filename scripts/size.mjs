// `npm run size`: minified and gzip bytes of the drop-in bundle, what each part costs, and a
// budget check (exit 1 when over). Run after `npm run build`.
// Parts are attributed through the bundle's source map: each minified byte counts for the
// source file it came from; gzip bytes are shared out in the same proportions.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { decode } from '@jridgewell/sourcemap-codec';

const BUDGET_GZIP = 16 * 1024; // the drop-in bundle, what a page loads without tab sharing
const BUDGET_SHARING_GZIP = 18 * 1024; // with tab sharing
const root = new URL('..', import.meta.url).pathname;
const file = `${root}dist/stomp-elements.min.js`;
const code = readFileSync(file, 'utf8');
const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
const gzip = gzipSync(code, { level: 9 }).length;

const partOf = (source) =>
  /@stomp\/stompjs/.test(source) ? '@stomp/stompjs'
  : /@lit\/context/.test(source) ? '@lit/context'
  : /node_modules/.test(source) ? 'lit'
  : 'stomp-elements (own code)';

const bytes = {};
const lines = code.split('\n');
decode(map.mappings).forEach((segments, line) => {
  const text = lines[line] ?? '';
  segments.forEach((seg, i) => {
    const end = i + 1 < segments.length ? segments[i + 1][0] : text.length;
    const part = seg.length > 1 ? partOf(map.sources[seg[1]]) : 'unmapped';
    bytes[part] = (bytes[part] ?? 0) + (end - seg[0]);
  });
});

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const rows = Object.entries(bytes)
  .sort((a, b) => b[1] - a[1])
  .map(([part, n]) => [part, kb(n), `~${kb((n / code.length) * gzip)}`]);
rows.push(['total: dist/stomp-elements.min.js', kb(code.length), kb(gzip)]);
console.log('| part | minified | gzip |\n| --- | --: | --: |');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);

// Chunks beside the bundle, which it loads the first time an element needs one (rollup.config.mjs).
const chunks = readdirSync(`${root}dist`).filter((f) => /^stomp-elements-.+\.min\.js$/.test(f)).sort();
const chunkGzip = Object.fromEntries(chunks.map((f) => [f, gzipSync(readFileSync(`${root}dist/${f}`), { level: 9 }).length]));
let sharingOver = false;
if (chunks.length) {
  console.log('\n| loaded on demand | gzip | when |\n| --- | --: | --- |');
  const when = {
    'stomp-elements-render.min.js': 'an element has a <template> child',
    'stomp-elements-delivery.min.js': '<stomp-subscribe offset> or dedupe',
    'stomp-elements-shared.min.js': '<stomp-connection share="tabs">',
    'stomp-elements-requests.min.js': 'the first request()',
    'stomp-elements-form.min.js': 'a <stomp-publish> holds a <form>',
    'stomp-elements-redact.min.js': '<stomp-connection debug>',
    'stomp-elements-reply.min.js': 'a message\'s reply()',
  };
  for (const f of chunks) console.log(`| ${f} | ${kb(chunkGzip[f])} (${chunkGzip[f]} B) | ${when[f] ?? ''} |`);
  const sharing = chunkGzip['stomp-elements-shared.min.js'] ?? 0;
  const report = (what, bytes, budget) => {
    console.log(`${what} loads ${kb(bytes)} gzip (${bytes} bytes)${bytes > budget ? `: over the ${kb(budget)} budget by ${bytes - budget} bytes` : `, within ${kb(budget)}`}`);
    return bytes > budget;
  };
  const all = gzip + Object.values(chunkGzip).reduce((a, b) => a + b, 0);
  console.log('');
  sharingOver = report('the bundle with sharing (share="tabs", events only)', gzip + sharing, BUDGET_SHARING_GZIP);
  report('a page that uses every feature but tab sharing', all - sharing, BUDGET_GZIP);
  report('a page that uses every feature', all, BUDGET_SHARING_GZIP);
}
console.log(`\nbudget: ${kb(BUDGET_GZIP)} gzip for the bundle every page loads — ${gzip <= BUDGET_GZIP ? 'within' : 'OVER'} (${gzip} bytes)`);
console.log(`budget: ${kb(BUDGET_SHARING_GZIP)} gzip for the bundle and the sharing chunk — ${sharingOver ? 'OVER' : 'within'}`);
process.exit(gzip <= BUDGET_GZIP && !sharingOver ? 0 : 1);
