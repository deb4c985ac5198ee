// What the benchmark prints and writes: min / median / max per side, the kit / raw table, the
// goals (met / not met, never asserted), the SVG chart (hand-written, no chart library) and the
// README summary between <!-- bench:start --> and <!-- bench:end -->.

export function stats(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return { min: NaN, median: NaN, max: NaN, runs: values };
  const mid = v.length >> 1;
  return { min: v[0], median: v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2, max: v[v.length - 1], runs: values };
}

/** A number the way the table shows it: three significant digits, thousands separated. */
export function fmt(x, unit = '') {
  if (x === undefined || Number.isNaN(x)) return '–';
  const abs = Math.abs(x);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  const text = x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return unit ? `${text} ${unit}` : text;
}

/** A number with `d` decimals, thousands separated (the progress lines and the notes). */
export const fmt1 = (x, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : '–');

export const sizeName = (size) => (size >= 1024 ? `${size / 1024} KB` : `${size} B`);

/** kit / raw of the medians. */
export const ratioOf = (row) => row.kit.median / row.raw.median;

/** The two sides' min–max ranges overlap: the difference is within the run-to-run spread. */
export const overlaps = (row) => row.kit.min <= row.raw.max && row.raw.min <= row.kit.max;

/** better / worse (which way depends on the metric), or within the spread of the runs. */
export function verdict(row) {
  const r = ratioOf(row);
  if (!Number.isFinite(r)) return '';
  const better = row.better === 'higher' ? r >= 1 : r <= 1;
  if (Math.abs(r - 1) < 0.005) return 'same';
  return `${better ? 'better' : 'worse'}${overlaps(row) ? ', within spread' : ''}`;
}

/** Titles of the row groups, for headings in the chart. */
const GROUP_TITLES = {
  delivery: 'Delivery through the broker',
  stream: 'A RabbitMQ stream read from first',
  latency: 'Latency (publish → receive)',
  request: 'Request → reply',
  bfcache: 'Back/forward cache: a restored page live again',
  publish: 'Publishing',
  scale: 'Scale',
  health: 'Page health',
  ceiling: 'Client-side ceiling (fake socket, no broker)',
  floors: 'Floors: the browser’s own costs beside raw (fake socket)',
  coalesce: 'Coalescing: rendering at 20,000 msg/s (fake socket)',
  'floors-browser': 'The browser alone, no kit code (grey: the browser alone = 1)',
  'share-tab': 'share="tabs": follower tab (blue) beside the holder tab (grey = 1)',
  'share-tabs': 'share="tabs" (blue) beside a connection per tab (grey = 1)',
};

/** A Markdown table cell: pipes escaped, and `<` (a tag name such as <stomp-subscribe> would be read as HTML). */
const cell = (s) => String(s).replaceAll('|', '\\|').replaceAll('<', '&lt;');
const range = (s, unit) => `${fmt(s.median, unit)} <sub>(${fmt(s.min)}–${fmt(s.max)})</sub>`;

/** The Markdown table: one row per case; `a` and `b` name the two sides. */
export function markdownTable(rows, { a = 'raw @stomp/stompjs', b = 'stomp-elements', ratio = 'kit / raw' } = {}) {
  const lines = [
    `| case | metric | ${a}: median (min–max) | ${b}: median (min–max) | ${ratio} |`,
    '| --- | --- | --: | --: | --: |',
  ];
  for (const row of rows) {
    const arrow = row.better === 'higher' ? '↑' : '↓';
    const v = verdict(row);
    lines.push(
      `| ${cell(row.title)} | ${cell(row.metric)} ${arrow} | ${range(row.raw, row.unit)} | ${range(row.kit, row.unit)} | **${fmt(ratioOf(row))}**${v ? ` <sub>${v}</sub>` : ''} |`,
    );
  }
  return lines.join('\n');
}

/** The same table for a terminal; `a` and `b` name the two sides. */
export function textTable(rows, { a = 'raw', b = 'kit' } = {}) {
  const header = ['case', 'metric', `${a} median (min–max)`, `${b} median (min–max)`, `${b}/${a}`, ''];
  const body = rows.map((row) => [
    row.title,
    `${row.metric} ${row.better === 'higher' ? '↑' : '↓'}`,
    `${fmt(row.raw.median, row.unit)} (${fmt(row.raw.min)}–${fmt(row.raw.max)})`,
    `${fmt(row.kit.median, row.unit)} (${fmt(row.kit.min)}–${fmt(row.kit.max)})`,
    fmt(ratioOf(row)),
    verdict(row),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function goalsText(goals) {
  return goals.map((g) => `${g.met === undefined ? '[ n/a  ]' : g.met ? '[  met ]' : '[ NOT met ]'} ${g.goal}: ${g.measured}`).join('\n');
}

export function goalsMarkdown(goals) {
  return [
    '| goal | measured | |',
    '| --- | --- | --- |',
    ...goals.map((g) => `| ${cell(g.goal)} | ${cell(g.measured)} | ${g.met === undefined ? 'not measured' : g.met ? 'met' : '**not met**'} |`),
  ].join('\n');
}

const esc = (s) => String(s).replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);

/**
 * Kit beside raw per case, normalised to raw's median (= 1): two bars per case, min–max whiskers,
 * the ratio written at the end, and which way is better. Hand-written SVG.
 */
export function svgChart(rows, { title, subtitle }) {
  const labelW = 400;
  const plotW = 400;
  const rowH = 34;
  const headH = 26;
  const top = 92;
  const max = Math.min(3, Math.max(1.25, ...rows.flatMap((r) => [r.kit.max / r.raw.median, r.raw.max / r.raw.median]).filter(Number.isFinite)));
  const x = (v) => labelW + (Math.min(v, max) / max) * plotW;
  // Rows, with a heading wherever the group changes.
  const layout = [];
  let y = top;
  rows.forEach((row, i) => {
    if (row.group !== rows[i - 1]?.group) {
      layout.push({ heading: GROUP_TITLES[row.group] ?? row.group, y });
      y += headH;
    }
    layout.push({ row, y });
    y += rowH;
  });
  const bottom = y;
  const height = bottom + 40;
  const width = labelW + plotW + 110;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    '<style>.raw{fill:#9aa5b1}.kit{fill:#2b6cb0}.w{stroke:#1a202c;stroke-width:1}.t{fill:#1a202c}.m{fill:#4a5568}.h{fill:#1a202c;font-weight:600}.g{stroke:#e2e8f0}.one{stroke:#718096;stroke-dasharray:3 3}.bad{fill:#c53030}.good{fill:#2f855a}.even{fill:#718096}@media (prefers-color-scheme: dark){.t,.h{fill:#e2e8f0}.m{fill:#a0aec0}.g{stroke:#2d3748}.w{stroke:#e2e8f0}.bg{fill:#1a202c}}</style>',
    `<rect class="bg" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text class="t" x="12" y="22" font-size="15" font-weight="600">${esc(title)}</text>`,
    `<text class="m" x="12" y="40">${esc(subtitle)}</text>`,
    `<rect class="raw" x="12" y="52" width="12" height="10"/><text class="m" x="28" y="61">raw @stomp/stompjs (= 1)</text>`,
    `<rect class="kit" x="200" y="52" width="12" height="10"/><text class="m" x="216" y="61">stomp-elements</text>`,
    `<text class="m" x="12" y="78">whiskers: min–max of the runs · ratio: red worse, green better, grey within the runs' spread</text>`,
  ];
  for (let t = 0; t <= max + 1e-9; t += max > 2 ? 0.5 : 0.25) {
    out.push(`<line class="${t === 1 ? 'one' : 'g'}" x1="${x(t)}" x2="${x(t)}" y1="${top - 4}" y2="${bottom}"/>`);
    out.push(`<text class="m" x="${x(t)}" y="${bottom + 14}" text-anchor="middle">${t.toFixed(2).replace(/0$/, '')}</text>`);
  }
  for (const item of layout) {
    if (item.heading) {
      out.push(`<text class="h" x="12" y="${item.y + 17}">${esc(item.heading)}</text>`);
      continue;
    }
    const { row } = item;
    const yy = item.y;
    const norm = (v) => v / row.raw.median;
    const r = ratioOf(row);
    const v = verdict(row);
    out.push(`<text class="t" x="${labelW - 8}" y="${yy + 13}" text-anchor="end">${esc(row.title)}</text>`);
    out.push(`<text class="m" x="${labelW - 8}" y="${yy + 26}" text-anchor="end">${esc(row.metric)} (${row.better === 'higher' ? 'higher' : 'lower'} is better)</text>`);
    for (const [side, st, dy] of [['raw', row.raw, 3], ['kit', row.kit, 16]]) {
      const w = Math.max(1, x(norm(st.median)) - labelW);
      out.push(`<rect class="${side}" x="${labelW}" y="${yy + dy}" width="${w.toFixed(1)}" height="11"><title>${side}: ${esc(fmt(st.median, row.unit))} (${esc(fmt(st.min))}–${esc(fmt(st.max))})</title></rect>`);
      out.push(`<line class="w" x1="${x(norm(st.min)).toFixed(1)}" x2="${x(norm(st.max)).toFixed(1)}" y1="${yy + dy + 5.5}" y2="${yy + dy + 5.5}"/>`);
      if (norm(st.median) > max) out.push(`<text class="t" x="${labelW + plotW + 2}" y="${yy + dy + 10}">›</text>`);
    }
    const cls = v.includes('within') || v === 'same' ? 'even' : v.startsWith('worse') ? 'bad' : 'good';
    out.push(`<text class="${cls}" x="${labelW + plotW + 14}" y="${yy + 25}" font-weight="600">${fmt(r)}×</text>`);
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

export const README_START = '<!-- bench:start -->';
export const README_END = '<!-- bench:end -->';

/** Replaces what is between the markers. */
export function withSummary(markdown, summary) {
  const start = markdown.indexOf(README_START);
  const end = markdown.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${README_START} … ${README_END} markers`);
  return `${markdown.slice(0, start + README_START.length)}\n${summary}\n${markdown.slice(end)}`;
}
