// The table's rows (kit beside raw), the patched copy beside the kit (--compare), the goals (met /
// not met, never asserted) and the notes, from a run's `results.runs` and its plan.
import { fmt, fmt1, sizeName, stats } from './report.mjs';

/** What the rows are made of: the values of one field over a case's runs, and CPU net of the fake socket's own. */
function measured(results) {
  const { runs } = results;
  const pick = (key, field) => (runs[key] ?? []).map((r) => r[field]);
  /** CPU per message net of what the fake socket costs by itself (its feed-only runs' median). */
  const feedCost = (size) => stats(pick(`ceiling/${size}/feed-only`, 'mainUsPerMsg')).median;
  const net = (key, size) => pick(key, 'mainUsPerMsg').map((us) => us - feedCost(size));
  /** The floors group's CPU per message, net of its own feed-only runs. */
  const floorFeed = () => stats(pick('floors/event/feed-only', 'mainUsPerMsg')).median;
  const floorNet = (receiver) => pick(`floors/event/${receiver}`, 'mainUsPerMsg').map((us) => us - floorFeed());
  /** How busy the main thread was, in % of each run's time. */
  const busy = (key) => (runs[key] ?? []).map((r) => (r.mainThreadMs / r.ms) * 100);
  /** The kit's 1,000 subscriptions confirmed (fake socket), each run net of the median time to make as many empty custom elements. */
  const scaleNet = () => {
    const empty = stats(pick('floors/scale/empty', 'readyMs')).median;
    return pick('floors/scale/kit', 'readyMs').map((ms) => ms - empty);
  };
  /** Memory per subscription by measureUserAgentSpecificMemory(), KB, of the runs that measured it (none: []). */
  const uaKB = (key) => pick(key, 'uaMemoryPerSubscription').filter(Number.isFinite).map((b) => b / 1024);
  /** The same, of one type of its breakdown (`DOM`, `JavaScript`, `Shared`). */
  const uaTypeKB = (key, type) => (runs[key] ?? []).map((r) => r.uaMemoryByType?.[type]).filter(Number.isFinite).map((b) => b / 1024);
  /** JS heap per subscription (performance.memory), KB. */
  const heapKB = (key) => pick(key, 'heapPerSubscription').map((b) => b / 1024);
  return { runs, pick, feedCost, net, busy, floorFeed, floorNet, scaleNet, uaKB, uaTypeKB, heapKB };
}

/** The memory rows' metric: the page's JS and DOM memory, against the JS heap alone. */
const UA_MEMORY = 'memory per subscription, JS + DOM (measureUserAgentSpecificMemory)';
const JS_HEAP = 'JS heap per subscription (performance.memory, not the DOM)';

/** The coalescing cases: name in `runs` (coalesce/NAME) and title. */
const coalesceCases = ({ coalesce }) => [
  ['upsert', `upsert ticker, ${coalesce.keys} keys (key="json.id")`],
  ['append', `append list, max-items="${coalesce.appendMax}"`],
  ['unbounded', 'unbounded list'],
];

/** The page alone's best rate (median items/s) over its items-per-frame settings, for `size`: the runs of that setting. */
function bestFloor(runs, PLAN, size) {
  const sets = PLAN.floor.perFrame.map((perFrame) => [perFrame, (runs[`floor/${size}/${perFrame}`] ?? []).map((r) => r.rate)]).filter(([, v]) => v.length);
  if (!sets.length) return undefined;
  return sets.reduce((best, set) => (stats(set[1]).median > stats(best[1]).median ? set : best));
}

/** The stream case: its key in `runs` and its rows' title. */
const streamCase = ({ stream }) => ({ key: `stream/${stream.size}`, title: `stream ${sizeName(stream.size)} from first, acked: stomp-message event` });

/**
 * What the bfcache group measures after pageshow: the field of its runs, and the rows' words for it
 * (a new message: the first published after pageshow, once subscribed again).
 */
const BFCACHE_MILESTONES = [
  ['connectedMs', 'connected'],
  ['subscribedMs', 'subscribed (RECEIPT)'],
  ['receivedMs', 'first new message received'],
];

/** kit / raw per case, as `results.rows`. */
export function tableRows(results, PLAN) {
  const { pick, net, busy, uaKB } = measured(results);
  const row = (group, title, metric, unit, better, rawValues, kitValues, note) => {
    if (!rawValues.length || !kitValues.length) return;
    results.rows.push({ group, title, metric, unit, better, raw: stats(rawValues), kit: stats(kitValues), note });
  };
  for (const kind of PLAN.delivery.destinations) {
    for (const size of PLAN.delivery.sizes) {
      const k = `delivery/${kind}/${size}`;
      row('delivery', `/${kind} ${sizeName(size)}: stomp-message event`, 'msgs/s', 'msg/s', 'higher', pick(`${k}/raw`, 'rate'), pick(`${k}/kit-event`, 'rate'));
      row('delivery', `/${kind} ${sizeName(size)}: template render vs raw callback`, 'msgs/s', 'msg/s', 'higher', pick(`${k}/raw`, 'rate'), pick(`${k}/kit-template`, 'rate'));
      row('delivery', `/${kind} ${sizeName(size)}: stomp-message event`, 'main thread CPU µs/msg', 'µs', 'lower', pick(`${k}/raw`, 'mainUsPerMsg'), pick(`${k}/kit-event`, 'mainUsPerMsg'));
      row('delivery', `/${kind} ${sizeName(size)}: stomp-message event`, 'browser CPU µs/msg', 'µs', 'lower', pick(`${k}/raw`, 'browserUsPerMsg'), pick(`${k}/kit-event`, 'browserUsPerMsg'));
    }
  }
  const { key: streamKey, title: streamTitle } = streamCase(PLAN);
  row('stream', streamTitle, 'msgs/s', 'msg/s', 'higher', pick(`${streamKey}/raw`, 'rate'), pick(`${streamKey}/kit-event`, 'rate'));
  row('stream', streamTitle, 'main thread CPU µs/msg', 'µs', 'lower', pick(`${streamKey}/raw`, 'mainUsPerMsg'), pick(`${streamKey}/kit-event`, 'mainUsPerMsg'));
  row('latency', 'round trip p50', 'ms', 'ms', 'lower', pick('latency/raw', 'p50'), pick('latency/kit', 'p50'));
  row('latency', 'round trip p95', 'ms', 'ms', 'lower', pick('latency/raw', 'p95'), pick('latency/kit', 'p95'));
  row('latency', 'round trip p99', 'ms', 'ms', 'lower', pick('latency/raw', 'p99'), pick('latency/kit', 'p99'));
  for (const p of ['p50', 'p95']) row('request', `request → reply ${p}`, 'ms', 'ms', 'lower', pick('request/raw', p), pick('request/kit', p));
  for (const [field, what] of BFCACHE_MILESTONES) row('bfcache', `bfcache restore: pageshow → ${what}`, 'ms', 'ms', 'lower', pick('bfcache/raw', field), pick('bfcache/kit', field));
  row('publish', 'publish() awaited: calls', 'msgs/s', 'msg/s', 'higher', pick('publish/broker/raw', 'callsRate'), pick('publish/broker/kit-await', 'callsRate'));
  row('publish', 'publish() awaited: confirmed by broker', 'msgs/s', 'msg/s', 'higher', pick('publish/broker/raw', 'confirmedRate'), pick('publish/broker/kit-await', 'confirmedRate'));
  row('publish', 'publish() not awaited: confirmed by broker', 'msgs/s', 'msg/s', 'higher', pick('publish/broker/raw', 'confirmedRate'), pick('publish/broker/kit-nowait', 'confirmedRate'));
  row('publish', 'ceiling: publish() awaited', 'calls/s', 'msg/s', 'higher', pick('publish/fake/raw', 'callsRate'), pick('publish/fake/kit-await', 'callsRate'));
  row('publish', 'ceiling: publish() not awaited', 'calls/s', 'msg/s', 'higher', pick('publish/fake/raw', 'callsRate'), pick('publish/fake/kit-nowait', 'callsRate'));
  row('scale', `${fmt1(PLAN.scale.n)} subscriptions: all confirmed`, 'ms', 'ms', 'lower', pick('scale/broker/raw', 'readyMs'), pick('scale/broker/kit', 'readyMs'));
  row('scale', `ceiling: ${fmt1(PLAN.scale.n)} subscriptions confirmed`, 'ms', 'ms', 'lower', pick('scale/fake/raw', 'readyMs'), pick('scale/fake/kit', 'readyMs'));
  row('scale', 'JS heap per subscription', 'KB', 'KB', 'lower', pick('scale/broker/raw', 'heapPerSubscription').map((b) => b / 1024), pick('scale/broker/kit', 'heapPerSubscription').map((b) => b / 1024));
  row('scale', UA_MEMORY, 'KB', 'KB', 'lower', uaKB('scale/broker/raw'), uaKB('scale/broker/kit'));
  row('health', `fake socket, ${fmt1(PLAN.health.rate)} msg/s: stomp-message event`, 'main thread CPU %', '%', 'lower', busy('health/fake/raw'), busy('health/fake/kit-event'));
  row('health', `fake socket, ${fmt1(PLAN.health.rate)} msg/s: stomp-message event`, 'browser CPU µs/msg', 'µs', 'lower', pick('health/fake/raw', 'browserUsPerMsg'), pick('health/fake/kit-event', 'browserUsPerMsg'));
  for (const source of ['fake', 'broker']) {
    const k = `health/${source}`;
    row('health', `${source === 'fake' ? 'fake socket' : 'broker'}, ${fmt1(PLAN.health.rate)} msg/s: template vs DOM by hand`, 'main thread CPU %', '%', 'lower', busy(`${k}/raw-dom`), busy(`${k}/kit-template`));
  }
  for (const size of PLAN.ceiling.sizes) {
    const k = `ceiling/${size}`;
    row('ceiling', `ceiling ${sizeName(size)}: stomp-message event`, 'CPU µs/msg', 'µs', 'lower', net(`${k}/raw`, size), net(`${k}/kit-event`, size));
    row('ceiling', `ceiling ${sizeName(size)}: stomp-message event`, 'max msgs/s', 'msg/s', 'higher', pick(`${k}/raw`, 'rate'), pick(`${k}/kit-event`, 'rate'));
    row('ceiling', `ceiling ${sizeName(size)}: template vs DOM by hand`, 'CPU µs/msg', 'µs', 'lower', net(`${k}/raw-dom`, size), net(`${k}/kit-template`, size));
    row('ceiling', `ceiling ${sizeName(size)}: template vs DOM by hand`, 'max msgs/s', 'msg/s', 'higher', pick(`${k}/raw-dom`, 'rate'), pick(`${k}/kit-template`, 'rate'));
  }
  const { floorNet, scaleNet } = measured(results);
  const fs = sizeName(PLAN.floors.size);
  row('floors', `floors ${fs}, heard on an ancestor and the document: stomp-message vs raw callback`, 'CPU µs/msg', 'µs', 'lower', floorNet('raw'), floorNet('kit-event'));
  row('floors', `floors ${fs}: stomp-message vs raw callback + a bare CustomEvent (no kit code)`, 'CPU µs/msg', 'µs', 'lower', floorNet('raw-event'), floorNet('kit-event'));
  row('floors', `floors: ${fmt1(PLAN.scale.n)} subscriptions confirmed, kit net of making ${fmt1(PLAN.scale.n)} empty elements`, 'ms', 'ms', 'lower', pick('floors/scale/raw', 'readyMs'), scaleNet());
  const rate = fmt1(PLAN.coalesce.rate);
  for (const [name, title] of coalesceCases(PLAN)) {
    row('coalesce', `fake socket, ${rate} msg/s: ${title} vs raw callback`, 'main thread CPU %', '%', 'lower', busy('coalesce/raw'), busy(`coalesce/${name}`));
    row('coalesce', `fake socket, ${rate} msg/s: ${title} vs raw callback`, 'msgs/s rendered', 'msg/s', 'higher', pick('coalesce/raw', 'rate'), pick(`coalesce/${name}`, 'rate'));
  }
}

/**
 * The browser alone, no kit code, beside the kit, as `results.floors` (its own table: the floor is
 * the counterpart, not raw stompjs): an empty custom element per subscription, the page alone
 * filling the list that template rendering fills.
 */
export function floorRows(results, PLAN) {
  const { runs, pick, uaKB, uaTypeKB, heapKB } = measured(results);
  const rows = [];
  const row = (title, metric, unit, better, a, b) => a.length && b.length && rows.push({ group: 'floors-browser', title, metric, unit, better, raw: stats(a), kit: stats(b) });
  // The fair floor first: an empty element's node is in Blink's heap, which performance.memory does not see.
  row(`${UA_MEMORY}: <stomp-subscribe> vs an empty custom element`, 'KB', 'KB', 'lower', uaKB('floors/scale/empty'), uaKB('floors/scale/kit'));
  row('DOM (Blink) part of it: <stomp-subscribe> vs an empty custom element', 'KB', 'KB', 'lower', uaTypeKB('floors/scale/empty', 'DOM'), uaTypeKB('floors/scale/kit', 'DOM'));
  row(`${JS_HEAP}: <stomp-subscribe> vs an empty custom element`, 'KB', 'KB', 'lower', heapKB('floors/scale/empty'), heapKB('floors/scale/kit'));
  // Lit's and shadow DOM's share of it: an element made as the kit's are, doing nothing.
  row(`${UA_MEMORY}: <stomp-subscribe> vs an empty Lit element (shadow root, two slots)`, 'KB', 'KB', 'lower', uaKB('floors/scale/lit'), uaKB('floors/scale/kit'));
  row(`floors: ${fmt1(PLAN.scale.n)} <stomp-subscribe> confirmed vs ${fmt1(PLAN.scale.n)} empty Lit elements made`, 'ms', 'ms', 'lower', pick('floors/scale/lit', 'readyMs'), pick('floors/scale/kit', 'readyMs'));
  for (const size of PLAN.ceiling.sizes) {
    const best = bestFloor(runs, PLAN, size);
    if (best) row(`ceiling ${sizeName(size)}, ${fmt1(PLAN.ceiling.maxItems)}-item list: template vs the page alone (${best[0]} items a frame)`, 'max msgs/s', 'msg/s', 'higher', best[1], pick(`ceiling/${size}/kit-template`, 'rate'));
  }
  row(`${fmt1(PLAN.coalesce.rate)} msg/s, unbounded list: template vs the page alone (${Math.ceil(PLAN.coalesce.rate / 60)} items a frame)`, 'msgs/s rendered', 'msg/s', 'higher', pick('coalesce/page-alone', 'rate'), pick('coalesce/unbounded', 'rate'));
  results.floors = rows;
}

/** The floors table's side names. */
export const FLOOR_SIDES = { a: 'the browser alone, no kit code', b: 'stomp-elements', ratio: 'kit / browser alone' };

/**
 * share="tabs" (its own tables, not kit / raw), as `results.share`: `tab`, the follower tab beside
 * the tab holding the connection; `tabs`, share beside a connection per tab, for each tab count.
 */
export function shareRows(results, PLAN) {
  const { pick } = measured(results);
  const tab = [];
  const tabs = [];
  const row = (rows, title, metric, unit, a, b) => a.length && b.length && rows.push({ group: 'share', title, metric, unit, better: 'lower', raw: stats(a), kit: stats(b) });
  for (const p of ['p50', 'p95']) row(tab, `round trip ${p}, ${PLAN.share.size} B`, 'ms', 'ms', pick('share/latency/holder', p), pick('share/latency/follower', p));
  for (const count of PLAN.share.tabs) {
    const k = `share/tabs/${count}`;
    const name = `${count} tab${count > 1 ? 's' : ''}`;
    row(tabs, name, 'broker connections', '', pick(`${k}/own`, 'connections'), pick(`${k}/share`, 'connections'));
    row(tabs, name, 'JS heap of the tabs MB', 'MB', pick(`${k}/own`, 'heapMB'), pick(`${k}/share`, 'heapMB'));
    row(tabs, name, 'browser RSS, all processes MB', 'MB', pick(`${k}/own`, 'rssMB'), pick(`${k}/share`, 'rssMB'));
    row(tabs, name, 'browser RSS added by the tabs MB', 'MB', pick(`${k}/own`, 'rssAddedMB'), pick(`${k}/share`, 'rssAddedMB'));
  }
  results.share = { tab, tabs };
}

/** The two share tables' side names. */
export const SHARE_SIDES = { tab: { a: 'holder tab', b: 'follower tab' }, tabs: { a: 'own connection per tab', b: 'share="tabs"' } };

/** --compare: the patched copy beside the kit from src/, as `results.compare`. Returns its rows. */
export function compareRows(results, PLAN, dir) {
  const { pick, net, busy, uaKB } = measured(results);
  const compared = [];
  const cmp = (title, metric, unit, better, a, b) => a.length && b.length && compared.push({ title, metric, unit, better, raw: stats(a), kit: stats(b) });
  for (const kind of PLAN.delivery.destinations) {
    for (const size of PLAN.delivery.sizes) {
      const k = `delivery/${kind}/${size}`;
      cmp(`/${kind} ${sizeName(size)}: stomp-message event`, 'msgs/s', 'msg/s', 'higher', pick(`${k}/kit-event`, 'rate'), pick(`${k}/kit-event@variant`, 'rate'));
      cmp(`/${kind} ${sizeName(size)}: stomp-message event`, 'main thread CPU µs/msg', 'µs', 'lower', pick(`${k}/kit-event`, 'mainUsPerMsg'), pick(`${k}/kit-event@variant`, 'mainUsPerMsg'));
      cmp(`/${kind} ${sizeName(size)}: stomp-message event`, 'browser CPU µs/msg', 'µs', 'lower', pick(`${k}/kit-event`, 'browserUsPerMsg'), pick(`${k}/kit-event@variant`, 'browserUsPerMsg'));
      cmp(`/${kind} ${sizeName(size)}: template render`, 'msgs/s', 'msg/s', 'higher', pick(`${k}/kit-template`, 'rate'), pick(`${k}/kit-template@variant`, 'rate'));
      cmp(`/${kind} ${sizeName(size)}: template render`, 'CPU µs/msg', 'µs', 'lower', pick(`${k}/kit-template`, 'mainUsPerMsg'), pick(`${k}/kit-template@variant`, 'mainUsPerMsg'));
      cmp(`/${kind} ${sizeName(size)}: template render`, 'long tasks per run', '', 'lower', pick(`${k}/kit-template`, 'longTasks').map((l) => l.count), pick(`${k}/kit-template@variant`, 'longTasks').map((l) => l.count));
    }
  }
  const { key: streamKey, title: streamTitle } = streamCase(PLAN);
  cmp(streamTitle, 'msgs/s', 'msg/s', 'higher', pick(`${streamKey}/kit-event`, 'rate'), pick(`${streamKey}/kit-event@variant`, 'rate'));
  cmp(streamTitle, 'main thread CPU µs/msg', 'µs', 'lower', pick(`${streamKey}/kit-event`, 'mainUsPerMsg'), pick(`${streamKey}/kit-event@variant`, 'mainUsPerMsg'));
  cmp(`health, fake socket: ${fmt1(PLAN.health.rate)} msg/s, stomp-message event`, 'main thread CPU %', '%', 'lower', busy('health/fake/kit-event'), busy('health/fake/kit-event@variant'));
  cmp(`health, fake socket: ${fmt1(PLAN.health.rate)} msg/s, stomp-message event`, 'browser CPU µs/msg', 'µs', 'lower', pick('health/fake/kit-event', 'browserUsPerMsg'), pick('health/fake/kit-event@variant', 'browserUsPerMsg'));
  for (const source of ['fake', 'broker']) {
    cmp(`health, ${source === 'fake' ? 'fake socket' : 'broker'}: ${fmt1(PLAN.health.rate)} msg/s, template`, 'main thread CPU %', '%', 'lower', busy(`health/${source}/kit-template`), busy(`health/${source}/kit-template@variant`));
    cmp(`health, ${source === 'fake' ? 'fake socket' : 'broker'}: ${fmt1(PLAN.health.rate)} msg/s, template`, 'long tasks per run', '', 'lower', pick(`health/${source}/kit-template`, 'longTasks').map((l) => l.count), pick(`health/${source}/kit-template@variant`, 'longTasks').map((l) => l.count));
  }
  for (const size of PLAN.ceiling.sizes) {
    const k = `ceiling/${size}`;
    cmp(`ceiling ${sizeName(size)}: stomp-message event`, 'CPU µs/msg', 'µs', 'lower', net(`${k}/kit-event`, size), net(`${k}/kit-event@variant`, size));
    cmp(`ceiling ${sizeName(size)}: stomp-message event`, 'max msgs/s', 'msg/s', 'higher', pick(`${k}/kit-event`, 'rate'), pick(`${k}/kit-event@variant`, 'rate'));
    cmp(`ceiling ${sizeName(size)}: template`, 'CPU µs/msg', 'µs', 'lower', net(`${k}/kit-template`, size), net(`${k}/kit-template@variant`, size));
    cmp(`ceiling ${sizeName(size)}: template`, 'max msgs/s', 'msg/s', 'higher', pick(`${k}/kit-template`, 'rate'), pick(`${k}/kit-template@variant`, 'rate'));
    cmp(`ceiling ${sizeName(size)}: template`, 'longest task ms', 'ms', 'lower', pick(`${k}/kit-template`, 'longTasks').map((l) => l.maxMs), pick(`${k}/kit-template@variant`, 'longTasks').map((l) => l.maxMs));
  }
  for (const source of ['broker', 'fake']) {
    for (const mode of ['await', 'nowait']) {
      cmp(`${source === 'fake' ? 'ceiling: ' : ''}publish() ${mode === 'await' ? 'awaited' : 'not awaited'}`, 'calls/s', 'msg/s', 'higher', pick(`publish/${source}/kit-${mode}`, 'callsRate'), pick(`publish/${source}/kit-${mode}@variant`, 'callsRate'));
    }
  }
  cmp('round trip p50', 'ms', 'ms', 'lower', pick('latency/kit', 'p50'), pick('latency/kit@variant', 'p50'));
  for (const p of ['p50', 'p95']) cmp(`request → reply ${p}`, 'ms', 'ms', 'lower', pick('request/kit', p), pick('request/kit@variant', p));
  for (const [field, what] of BFCACHE_MILESTONES) cmp(`bfcache restore: pageshow → ${what}`, 'ms', 'ms', 'lower', pick('bfcache/kit', field), pick('bfcache/kit@variant', field));
  cmp(`${fmt1(PLAN.scale.n)} subscriptions: all confirmed`, 'ms', 'ms', 'lower', pick('scale/broker/kit', 'readyMs'), pick('scale/broker/kit@variant', 'readyMs'));
  cmp(`ceiling: ${fmt1(PLAN.scale.n)} subscriptions confirmed`, 'ms', 'ms', 'lower', pick('scale/fake/kit', 'readyMs'), pick('scale/fake/kit@variant', 'readyMs'));
  cmp('JS heap per subscription', 'KB', 'KB', 'lower', pick('scale/broker/kit', 'heapPerSubscription').map((b) => b / 1024), pick('scale/broker/kit@variant', 'heapPerSubscription').map((b) => b / 1024));
  cmp(UA_MEMORY, 'KB', 'KB', 'lower', uaKB('scale/broker/kit'), uaKB('scale/broker/kit@variant'));
  results.compare = { dir, rows: compared };
  return compared;
}

/** The goals, as `results.goals`. */
export function goals(results, PLAN) {
  const { runs, pick, net } = measured(results);
  const med = (values) => stats(values).median;
  const goal = (text, measured, met) => results.goals.push({ goal: text, measured, met });
  const ratios = [];
  for (const kind of PLAN.delivery.destinations) {
    for (const size of PLAN.delivery.sizes) {
      const k = `delivery/${kind}/${size}`;
      const r = med(pick(`${k}/kit-event`, 'rate')) / med(pick(`${k}/raw`, 'rate'));
      if (Number.isFinite(r)) ratios.push([`/${kind} ${sizeName(size)}`, r]);
    }
  }
  goal('event delivery ≥ 0.97 × raw throughput against the broker',
    ratios.length ? ratios.map(([w, r]) => `${w} ${fmt(r)}`).join(', ') : 'not run',
    ratios.length ? ratios.every(([, r]) => r >= 0.97) : undefined);
  const p50 = med(pick('latency/kit', 'p50')) - med(pick('latency/raw', 'p50'));
  goal('p50 latency overhead ≤ 0.1 ms', Number.isFinite(p50) ? `${fmt(med(pick('latency/kit', 'p50')), 'ms')} vs ${fmt(med(pick('latency/raw', 'p50')), 'ms')}: ${p50 >= 0 ? '+' : ''}${fmt(p50, 'ms')}` : 'not run', Number.isFinite(p50) ? p50 <= 0.1 : undefined);
  const cpu = PLAN.ceiling.sizes.map((size) => [sizeName(size), med(net(`ceiling/${size}/kit-event`, size)) / med(net(`ceiling/${size}/raw`, size))]).filter(([, r]) => Number.isFinite(r));
  goal('ceiling: stomp-message costs ≤ 1.15 × the raw callback’s CPU per message', cpu.length ? cpu.map(([s, r]) => `${s} ${fmt(r)}×`).join(', ') : 'not run', cpu.length ? cpu.every(([, r]) => r <= 1.15) : undefined);
  const tpl = PLAN.ceiling.sizes.map((size) => {
    const rs = runs[`ceiling/${size}/kit-template`] ?? [];
    return [sizeName(size), med(rs.map((r) => r.rate)), Math.max(0, ...rs.map((r) => r.longTasks.maxMs)), stats(rs.map((r) => r.n / r.batches)).median];
  }).filter(([, r]) => Number.isFinite(r));
  goal('ceiling: template rendering ≥ 20,000 msgs/s, batched, no long task > 50 ms',
    tpl.length ? tpl.map(([s, r, lt, b]) => `${s} ${fmt1(r)} msg/s, ~${fmt1(b)} per frame, longest task ${lt ? `${fmt1(lt)} ms` : 'none > 50 ms'}`).join('; ') : 'not run',
    tpl.length ? tpl.every(([, r, lt]) => r >= 20000 && lt <= 50) : undefined);
  const ready = med(pick('scale/broker/kit', 'readyMs'));
  const after = (runs['scale/broker/kit'] ?? []).map((r) => r.consumersAfterRemoval);
  goal(`${fmt1(PLAN.scale.n)} subscriptions ready in < 1 s`, Number.isFinite(ready) ? `${fmt(ready, 'ms')} (consumers after removal: ${after.join(', ')})` : 'not run', Number.isFinite(ready) ? ready < 1000 && after.every((c) => c === 0) : undefined);
  goal('drop-in bundle ≤ 16 KB gzip (scripts/size.mjs)', results.size ? `${results.size.gzipKB} KB (${results.size.gzipBytes} bytes)` : 'not run', results.size ? results.size.within : undefined);
  issue19Goals(results, PLAN);
}

/** The goals of issue 19 ("Performance, round two"), as `results.goals` entries with `issue: 19`. */
function issue19Goals(results, PLAN) {
  const { runs, pick, floorNet, scaleNet, busy } = measured(results);
  const med = (values) => stats(values).median;
  const goal = (text, measured, met) => results.goals.push({ issue: 19, goal: text, measured, met });
  const ok = Number.isFinite;
  const us = (x) => fmt(x, 'µs');

  // The kit's own cost per delivered message: kit − raw callback − bare CustomEvent (= kit − raw-event).
  const [kit, raw, withEvent] = ['kit-event', 'raw', 'raw-event'].map((r) => med(floorNet(r)));
  const own = kit - raw - (withEvent - raw);
  goal(`the kit’s own cost per delivered message ≤ 0.5 µs (fake socket, ${sizeName(PLAN.floors.size)}: stomp-message − raw callback − a bare CustomEvent)`,
    ok(own) ? `${us(kit)} − ${us(raw)} − ${us(withEvent - raw)} = ${us(own)} (medians, net of the fake socket’s own ${us(stats(pick('floors/event/feed-only', 'mainUsPerMsg')).median)})` : 'not run',
    ok(own) ? own <= 0.5 : undefined);

  memoryGoal(results, measured(results));

  const empty = med(pick('floors/scale/empty', 'readyMs'));
  const ready = med(scaleNet()) / med(pick('floors/scale/raw', 'readyMs'));
  goal(`${fmt1(PLAN.scale.n)} subscriptions confirmed ≤ 1.5 × raw (fake socket), net of making as many empty custom elements`,
    ok(ready) ? `${fmt(med(pick('floors/scale/kit', 'readyMs')), 'ms')} − ${fmt(empty, 'ms')} vs ${fmt(med(pick('floors/scale/raw', 'readyMs')), 'ms')}: ${fmt(ready)}×` : 'not run',
    ok(ready) ? ready <= 1.5 : undefined);

  const calls = [['ceiling awaited', 'fake', 'kit-await'], ['ceiling not awaited', 'fake', 'kit-nowait'], ['broker awaited', 'broker', 'kit-await']]
    .map(([what, source, receiver]) => [what, med(pick(`publish/${source}/${receiver}`, 'callsRate')) / med(pick(`publish/${source}/raw`, 'callsRate'))])
    .filter(([, r]) => ok(r));
  goal('publish() calls/s ≥ 0.85 × Client.publish', calls.length ? calls.map(([w, r]) => `${w} ${fmt(r)}×`).join(', ') : 'not run', calls.length ? calls.every(([, r]) => r >= 0.85) : undefined);

  const rate = fmt1(PLAN.coalesce.rate);
  for (const [name, title] of coalesceCases(PLAN).slice(0, 2)) {
    const rs = runs[`coalesce/${name}`] ?? [];
    const longest = Math.max(0, ...rs.map((r) => r.longTasks.maxMs));
    const share = med(busy(`coalesce/${name}`));
    goal(`${rate} msg/s into the fake socket, ${title}: no long task > 50 ms, main thread ≤ 50 % busy`,
      rs.length ? `longest task ${longest ? `${fmt1(longest)} ms` : 'none > 50 ms'} (${rs.map((r) => r.longTasks.count).join(', ')} per run), main thread ${fmt(share)} % (the raw callback rendering nothing: ${fmt(med(busy('coalesce/raw')))} %), ${fmt1(med(rs.map((r) => r.rate)))} msg/s rendered` : 'not run',
      rs.length ? longest <= 50 && share <= 50 : undefined);
  }
  const unbounded = med(pick('coalesce/unbounded', 'rate')) / med(pick('coalesce/page-alone', 'rate'));
  goal(`${rate} msg/s into the fake socket, unbounded list: template ≥ 0.95 × the page alone filling the same list`,
    ok(unbounded) ? `${fmt1(med(pick('coalesce/unbounded', 'rate')))} msg/s vs ${fmt1(med(pick('coalesce/page-alone', 'rate')))} items/s: ${fmt(unbounded)}×` : 'not run',
    ok(unbounded) ? unbounded >= 0.95 : undefined);

  const big = PLAN.delivery.sizes.filter((size) => size >= 4096);
  const tpl = PLAN.delivery.destinations.flatMap((kind) => big.map((size) => {
    const k = `delivery/${kind}/${size}`;
    return [`/${kind} ${sizeName(size)}`, med(pick(`${k}/kit-template`, 'rate')) / med(pick(`${k}/raw`, 'rate'))];
  })).filter(([, r]) => ok(r));
  goal('4 KB bodies: template render ≥ 0.8 × the raw callback’s throughput against the broker', tpl.length ? tpl.map(([w, r]) => `${w} ${fmt(r)}×`).join(', ') : 'not run', tpl.length ? tpl.every(([, r]) => r >= 0.8) : undefined);
}

/**
 * Issue 19's memory goal, as a `results.goals` entry: the page's JS + DOM memory per
 * <stomp-subscribe> against an empty custom element's (measureUserAgentSpecificMemory(), the fair
 * floor); the JS heap alone (performance.memory) where that was not measured, labelled as such.
 */
function memoryGoal(results, { uaKB, uaTypeKB, heapKB }) {
  const med = (values) => stats(values).median;
  const kb = (x) => fmt(x, 'KB');
  const [kit, empty, raw] = ['kit', 'empty', 'raw'].map((r) => `floors/scale/${r}`);
  const heap = `JS heap alone (performance.memory): ${kb(med(heapKB(kit)))} vs ${kb(med(heapKB(empty)))}, a raw subscription ${kb(med(heapKB(raw)))}`;
  const fair = uaKB(kit).length && uaKB(empty).length;
  const ratio = fair ? med(uaKB(kit)) / med(uaKB(empty)) : med(heapKB(kit)) / med(heapKB(empty));
  const measuredText = fair
    ? `${kb(med(uaKB(kit)))} vs ${kb(med(uaKB(empty)))}: ${fmt(ratio)}× (DOM ${kb(med(uaTypeKB(kit, 'DOM')))} vs ${kb(med(uaTypeKB(empty, 'DOM')))}; a raw subscription: ${kb(med(uaKB(raw)))}; ${heap})`
    : `${kb(med(heapKB(kit)))} vs ${kb(med(heapKB(empty)))}: ${fmt(ratio)}× (a raw subscription: ${kb(med(heapKB(raw)))}; measureUserAgentSpecificMemory() unavailable, so an empty element's DOM is not counted)`;
  results.goals.push({
    issue: 19,
    goal: fair
      ? 'memory per <stomp-subscribe> ≤ 1.5 × an empty custom element’s (JS + DOM, measureUserAgentSpecificMemory(); fake socket)'
      : 'JS heap per <stomp-subscribe> ≤ 1.5 × an empty custom element’s (performance.memory only, not a fair floor; fake socket)',
    measured: Number.isFinite(ratio) ? measuredText : 'not run',
    met: Number.isFinite(ratio) ? ratio <= 1.5 : undefined,
  });
}

/** What has no ratio (long tasks, the page alone, the fake socket's own cost), as `results.notes`. */
export function notes(results, PLAN) {
  const { runs, feedCost } = measured(results);
  const med = (values) => stats(values).median;
  // Long tasks, which have no ratio when one side has none: stated as counts.
  const lines = [];
  for (const source of ['fake', 'broker']) {
    const lt = (receiver) => {
      const rs = runs[`health/${source}/${receiver}`] ?? [];
      return rs.length ? `${rs.map((r) => r.longTasks.count).join(', ')} (longest ${fmt1(Math.max(0, ...rs.map((r) => r.longTasks.maxMs)))} ms)` : undefined;
    };
    const [hand, kit] = [lt('raw-dom'), lt('kit-template')];
    if (hand && kit) {
      lines.push(`Page health, ${source === 'fake' ? 'fake socket' : 'broker'} at ${fmt1(PLAN.health.rate)} msg/s: long tasks (> 50 ms) per run: DOM by hand ${hand}; template ${kit}.`);
    }
  }
  for (const size of PLAN.ceiling.sizes) {
    const floor = PLAN.floor.perFrame
      .map((perFrame) => [perFrame, runs[`floor/${size}/${perFrame}`] ?? []])
      .filter(([, rs]) => rs.length)
      .map(([perFrame, rs]) => `${perFrame} per frame ${fmt1(med(rs.map((r) => r.rate)))} items/s at ${fmt1(med(rs.map((r) => r.fps)))} frames/s (longest task ${fmt1(Math.max(0, ...rs.map((r) => r.longTasks.maxMs)))} ms)`);
    if (floor.length) {
      lines.push(`The page alone, with no messaging at all (${sizeName(size)} items added to the same ${fmt1(PLAN.ceiling.maxItems)}-item list each animation frame, the oldest removed): ${floor.join('; ')}.`);
    }
  }
  const coalesced = coalesceCases(PLAN).map(([name, title]) => [title, runs[`coalesce/${name}`] ?? []]).filter(([, rs]) => rs.length);
  if (coalesced.length) {
    lines.push(`Coalescing, ${fmt1(PLAN.coalesce.rate)} msg/s into the fake socket for ${PLAN.coalesce.seconds} s: long tasks (> 50 ms) per run and the longest: ${coalesced.map(([title, rs]) => `${title} ${rs.map((r) => r.longTasks.count).join(', ')} (${fmt1(Math.max(0, ...rs.map((r) => r.longTasks.maxMs)))} ms), ${fmt1(med(rs.map((r) => r.batches ?? NaN)))} DOM updates a run`).join('; ')}.`);
  }
  const restores = Object.entries(runs).filter(([key]) => key.startsWith('bfcache/'));
  if (restores.length) {
    const restoreMs = stats(restores.flatMap(([, rs]) => rs.map((r) => r.restoreMs)));
    lines.push(`Back/forward cache: every measured round trip (${restores.map(([key, rs]) => `${key.slice('bfcache/'.length)} ${rs.length}`).join(', ')}; ${fmt1(PLAN.bfcache.awayMs)} ms on another page of the origin) was restored from the cache: the same document, pageshow with persisted (a round trip that is not fails the run, with Chromium's reasons). The times start when pageshow is dispatched; the browser's own restore before it (from the back navigation's start, pageshow's timeStamp) took ${fmt(restoreMs.median, 'ms')} (${fmt(restoreMs.min)}–${fmt(restoreMs.max)}), on both sides alike, and is not in them.`);
  }
  const feeds = PLAN.ceiling.sizes.map((size) => [size, feedCost(size)]).filter(([, us]) => Number.isFinite(us));
  if (feeds.length) {
    lines.push(`Ceiling CPU per message is net of what the fake socket costs by itself (subtracted): ${feeds.map(([size, us]) => `${sizeName(size)} ${fmt1(us, 1)} µs`).join(', ')}.`);
  }
  results.notes = lines;
}
