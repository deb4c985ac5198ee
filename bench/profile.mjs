// Reads a V8 CPU profile (CDP Profiler.stop) of the benchmark page and says where the time went:
// by part (the kit's modules, @stomp/stompjs, Lit, the page's own harness, the browser) and by
// function. Native calls (dispatchEvent, importNode…) count for the JavaScript part that made them.

/** The part a bundled module belongs to. */
export function partOf(module) {
  if (!module) return 'browser';
  if (module.startsWith('variant:')) return `${partOf(module.slice(8))} (patched)`;
  if (/@stomp\/stompjs/.test(module)) return '@stomp/stompjs';
  if (/@lit\/|node_modules\/lit/.test(module)) return 'lit';
  if (/(^|\/)bench\//.test(module)) return 'bench harness';
  if (/(^|\/)src\//.test(module)) return 'stomp-elements';
  return module;
}

/** The bundled module holding a 0-based line of page.js. */
function moduleAt(ranges, line) {
  let found;
  for (const r of ranges) {
    if (r.start > line) break;
    found = r.module;
  }
  return found;
}

/**
 * Self time per function and per part, in ms. `ranges` from build.mjs buildPage; `n`: messages
 * in the profiled run, for µs per message.
 */
export function summarize(profile, ranges, n) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfMs = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const dt = (timeDeltas[i + 1] ?? timeDeltas[i]) / 1000;
    selfMs.set(samples[i], (selfMs.get(samples[i]) ?? 0) + dt);
  }
  const where = (node) => {
    const { url, lineNumber } = node.callFrame;
    const file = url.slice(url.lastIndexOf('/') + 1);
    if (ranges[file]) return `${file === 'kit-variant.js' ? 'variant:' : ''}${moduleAt(ranges[file], lineNumber)}`;
    return file === 'publisher.js' ? 'bench/publisher.ts' : undefined;
  };
  const functions = new Map();
  const parts = new Map();
  let total = 0;
  for (const [id, ms] of selfMs) {
    const node = byId.get(id);
    const { functionName } = node.callFrame;
    if (functionName === '(idle)') continue;
    total += ms;
    let module = where(node);
    let part;
    if (module) part = partOf(module);
    else if (functionName.startsWith('(')) part = functionName === '(garbage collector)' ? 'garbage collection' : 'browser (rendering, tasks)';
    else {
      // A native function: count it for the JavaScript frame that called it.
      let up = parent.get(id);
      while (up !== undefined && !where(byId.get(up))) up = parent.get(up);
      module = up === undefined ? undefined : where(byId.get(up));
      part = `${module ? partOf(module) : 'browser'} → native`;
    }
    const fn = functionName || `(anonymous, bundle line ${node.callFrame.lineNumber + 1})`;
    const name = `${fn} ${module ? module.replace(/^(variant:)?.*?(src|esm6|bench)\//, '$1$2/') : '(native)'}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
    parts.set(part, (parts.get(part) ?? 0) + ms);
  }
  const rows = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .map(([name, ms]) => ({ name, ms: round(ms), pct: round((ms / total) * 100, 1), usPerMsg: n ? round((ms * 1000) / n, 3) : undefined }));
  return { totalMs: round(total), n, parts: rows(parts), functions: rows(functions).slice(0, 25) };
}

const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
