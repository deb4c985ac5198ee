// Heap snapshots (CDP HeapProfiler) of the benchmark page, summed by what V8 names each object
// (its constructor, a closure's function, "(string)", …): what n subscriptions keep alive, by kind.

/** A snapshot of the page through `cdp` (a forced full GC comes first), parsed. */
export async function takeSnapshot(cdp) {
  const chunks = [];
  const onChunk = ({ chunk }) => chunks.push(chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  return JSON.parse(chunks.join(''));
}

/** Self size and count per kind: "closure handler", "object Subscription", "string", … */
export function byKind(snapshot) {
  const { node_fields: fields, node_types: [types] } = snapshot.snapshot.meta;
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const { nodes, strings } = snapshot;
  const kinds = new Map();
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt]];
    // Strings by type only (their name is their text); objects and closures by name.
    const kind = /string/.test(type) ? 'string' : `${type} ${strings[nodes[i + nameAt]]}`;
    const k = kinds.get(kind) ?? { count: 0, bytes: 0 };
    k.count++;
    k.bytes += nodes[i + sizeAt];
    kinds.set(kind, k);
  }
  return kinds;
}

/** What `after` holds more than `before`, per kind, largest first, per one of `n` things. */
export function grown(before, after, n) {
  const rows = [];
  for (const [kind, a] of after) {
    const b = before.get(kind) ?? { count: 0, bytes: 0 };
    const bytes = a.bytes - b.bytes;
    if (bytes > 0) rows.push({ kind, bytesEach: bytes / n, countEach: (a.count - b.count) / n });
  }
  const total = rows.reduce((sum, r) => sum + r.bytesEach, 0);
  return { bytesEach: total, kinds: rows.sort((x, y) => y.bytesEach - x.bytesEach) };
}
