// The benchmark groups, one function each (delivery, stream, latency, request, bfcache, publish, scale,
// share, health, ceiling, floors, coalesce, profile). Each measures raw @stomp/stompjs and the kit (and,
// with --compare, the patched copy: receivers ending in @variant) on the page that setup.mjs prepared,
// and stores every run under `results.runs[key]`, from which rows.mjs makes the table.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fmt1, sizeName } from './report.mjs';
import { byKind, grown, takeSnapshot } from './heap.mjs';
import { summarize } from './profile.mjs';

/** Rotates the order of the sides each repetition, so drift in the machine's load hits all sides. */
const rotated = (list, rep) => list.map((_, i) => list[(i + rep) % list.length]);

const push = (ctx, key, value) => (ctx.results.runs[key] ??= []).push(value);

/** Receivers `names`, and the patched copy's (`kit…@variant`) beside the kit's. */
const receivers = (ctx, names) => [...names, ...ctx.variants.flatMap((v) => names.filter((name) => name.startsWith('kit')).map((name) => `${name}${v}`))];

/** The longest animation frame of a run, by part, for its progress line. */
const worstFrameNote = (f) =>
  f ? `; longest frame ${fmt1(f.ms)} ms: scripts ${fmt1(f.scriptMs)} ms (${f.scripts.map((x) => `${x.invoker} ${fmt1(x.ms)}`).join(', ')}), rendering ${fmt1(f.renderMs)} ms, style and layout ${fmt1(f.layoutMs)} ms` : '';
const longTaskNote = (r) => (r.longTasks.count ? `, ${r.longTasks.count} long tasks (max ${fmt1(r.longTasks.maxMs)} ms)${worstFrameNote(r.longTasks.worstFrame)}` : '');

/** A scale run's memory per subscription by measureUserAgentSpecificMemory(), in all and by type, for its progress line ('' when not measured). */
const uaNote = (r) => {
  if (!Number.isFinite(r.uaMemoryPerSubscription)) return '';
  const types = Object.entries(r.uaMemoryByType ?? {}).map(([type, bytes]) => `${type} ${fmt1(bytes)}`).join(', ');
  return `; ${fmt1(r.uaMemoryPerSubscription)} B each by measureUserAgentSpecificMemory()${types ? ` (${types})` : ''}`;
};

/** Delivery through the broker, published by a raw stompjs client in a worker. */
export async function delivery(ctx) {
  const { plan, reps, log } = ctx;
  const { sizes, destinations, maxItems } = plan.delivery;
  log(`delivery: ${sizes.map((size) => `${fmt1(plan.delivery.n[size])} × ${sizeName(size)}`).join(', ')} per run through the broker, published by a raw stompjs client in a worker; ${reps} runs per receiver, receivers rotated`);
  for (const kind of destinations) {
    for (const size of sizes) {
      const n = plan.delivery.n[size] ?? 20000 * ctx.q;
      for (let rep = 0; rep < reps; rep++) {
        for (const receiver of rotated(receivers(ctx, ['raw', 'kit-event', 'kit-template']), rep)) {
          const spec = { receiver, source: 'broker', destination: ctx.dest(kind, 'delivery'), size, n, rate: 0, maxItems };
          const r = await ctx.delivery(spec);
          push(ctx, `delivery/${kind}/${size}/${receiver}`, r);
          log(`delivery /${kind} ${sizeName(size)} ${receiver.padEnd(20)} run ${rep + 1}/${reps}: ${fmt1(r.rate)} msg/s, main thread ${fmt1(r.mainUsPerMsg, 1)} µs/msg, browser ${fmt1(r.browserUsPerMsg, 1)} µs/msg${longTaskNote(r)}`);
        }
      }
    }
  }
}

/**
 * A RabbitMQ stream, written once by the worker, then read from `first` by every run: a raw
 * Client.subscribe with the kit's headers (client acks, prefetch, x-stream-offset) acking each
 * message itself, beside <stomp-subscribe offset="first">, which acks after `stomp-message`.
 */
export async function stream(ctx) {
  const { plan, reps, log, page } = ctx;
  const { n, size, prefetch } = plan.stream;
  const queue = ctx.dest('queue', 'stream').slice('/queue/'.length);
  const filled = await page.evaluate((s) => window.bench.fillStream(s), { queue, n, size });
  log(`stream: ${fmt1(n)} × ${sizeName(size)} written to the stream ${queue} (${fmt1((n / filled.ms) * 1000)} msg/s), read from first by every run, client acks, prefetch ${prefetch}; ${reps} runs per receiver, receivers rotated`);
  const names = receivers(ctx, ['raw', 'kit-event']);
  const spec = (receiver, count) => ({ receiver, source: 'stream', destination: `/amq/queue/${queue}`, size, n: count, rate: 0, prefetch, maxItems: 0 });
  // One short unmeasured run per receiver first: the kit loads its delivery module (src/delivery.ts)
  // for the first element with `offset`, and no side is measured while the JIT warms up.
  for (const receiver of names) await ctx.delivery(spec(receiver, Math.min(2000, n)));
  for (let rep = 0; rep < reps; rep++) {
    for (const receiver of rotated(names, rep)) {
      const r = await ctx.delivery(spec(receiver, n));
      push(ctx, `stream/${size}/${receiver}`, r);
      log(`stream ${sizeName(size)} ${receiver.padEnd(20)} run ${rep + 1}/${reps}: ${fmt1(r.rate)} msg/s, main thread ${fmt1(r.mainUsPerMsg, 1)} µs/msg, browser ${fmt1(r.browserUsPerMsg, 1)} µs/msg${longTaskNote(r)}`);
    }
  }
}

/** Round trips of `group` (`latency`, `request`): page function `fn`, raw and kit rotated, `reps` runs each. */
async function roundTrips(ctx, group, fn) {
  const { plan, reps, log, page } = ctx;
  const { n, warmup, size } = plan[group];
  for (let rep = 0; rep < reps; rep++) {
    for (const receiver of rotated(receivers(ctx, ['raw', 'kit']), rep)) {
      const r = await page.evaluate((f, s) => window.bench[f](s), fn, { receiver, destination: ctx.dest('queue', group), n, warmup, size });
      push(ctx, `${group}/${receiver}`, r);
      log(`${group} ${receiver.padEnd(11)} run ${rep + 1}/${reps}: p50 ${fmt1(r.p50, 3)} ms, p95 ${fmt1(r.p95, 3)} ms, p99 ${fmt1(r.p99, 3)} ms`);
    }
  }
}

/** Publish → receive round trips, one message at a time, on one connection. */
export async function latency(ctx) {
  const { n, warmup, size } = ctx.plan.latency;
  ctx.log(`latency: ${n} single ${size} B messages publish → receive on one connection (after ${warmup} warm-up), ${ctx.reps} runs each`);
  await roundTrips(ctx, 'latency', 'latency');
}

/**
 * Request → reply round trips, one request at a time, to a raw stompjs responder in the page:
 * a raw Client matching replies by correlation-id by hand, against <stomp-publish>.request().
 */
export async function request(ctx) {
  const { n, warmup, size } = ctx.plan.request;
  ctx.log(`request: ${n} requests of ${size} B one after another to /queue/NAME, answered by a raw stompjs responder in the page through reply-to (after ${warmup} warm-up, which loads the kit's request chunk), ${ctx.reps} runs each`);
  await roundTrips(ctx, 'request', 'requests');
}

/** Chromium's reasons for not restoring from the back/forward cache (CDP Page.backForwardCacheNotUsed), in one line. */
const notRestoredWhy = (events) =>
  events.length ? events.flatMap((e) => e.notRestoredExplanations.map((x) => `${x.reason} (${x.type})`)).join(', ') : 'no Page.backForwardCacheNotUsed event';

/**
 * A round trip of `tab` through the back/forward cache, as a function of the side's name: to
 * away.html (same origin), `awayMs` there, back. It throws, with Chromium's reasons, unless the
 * page came back from the cache: the same document (a mark set before leaving is still there),
 * not loaded again.
 */
async function backAndForth(tab, awayMs) {
  const cdp = await tab.createCDPSession();
  const notUsed = [];
  cdp.on('Page.backForwardCacheNotUsed', (e) => notUsed.push(e));
  await cdp.send('Page.enable');
  const awayUrl = new URL('away.html', tab.url()).href;
  let trip = 0;
  return async (side) => {
    notUsed.length = 0;
    const mark = ++trip;
    await tab.evaluate((m) => (window.benchTrip = m), mark);
    await tab.goto(awayUrl);
    await sleep(awayMs);
    await tab.goBack();
    if ((await tab.evaluate(() => window.benchTrip)) !== mark) throw new Error(`bfcache ${side}: the page was loaded again, not restored from the back/forward cache: ${notRestoredWhy(notUsed)}`);
  };
}

/**
 * The back/forward cache: a tab of the bench page, connected and subscribed to a topic, goes to
 * another page of the origin and back. Kit: <stomp-connection> with <stomp-subscribe>, which close
 * on pagehide and come back on pageshow by themselves; raw: a Client closed on pagehide, activated
 * and subscribed again on pageshow by the page. From pageshow to connected, to the subscription's
 * RECEIPT, and to the first message published after it (from the tab's own connection) received.
 * A run not restored from the cache fails, with Chromium's reasons.
 */
export async function bfcache(ctx) {
  const { plan, reps, log } = ctx;
  const { awayMs } = plan.bfcache;
  log(`bfcache: a tab connected and subscribed to a topic goes to another page of the origin for ${awayMs} ms and back, restored from the back/forward cache (checked); from pageshow to connected, to the subscription confirmed (RECEIPT) and to the first message published after it (from the tab's own connection) received; one unmeasured round trip per side first, then ${reps} runs each, sides rotated`);
  const { tab } = await ctx.newTab();
  const roundTrip = await backAndForth(tab, awayMs);
  const run = async (receiver) => {
    await tab.evaluate((s) => window.bench.bfcacheOpen(s), { receiver, destination: ctx.dest('topic', 'bfcache') });
    await roundTrip(receiver);
    const r = await tab.evaluate(() => window.bench.bfcacheRestored());
    if (!r.restored) throw new Error(`bfcache ${receiver}: not restored from the back/forward cache: ${r.why}`);
    await tab.evaluate(() => window.bench.bfcacheClose());
    return r;
  };
  const names = receivers(ctx, ['raw', 'kit']);
  // The first round trip of each side unmeasured: away.html loaded once, and no side measured while the JIT warms up.
  for (const receiver of names) await run(receiver);
  for (let rep = 0; rep < reps; rep++) {
    for (const receiver of rotated(names, rep)) {
      const r = await run(receiver);
      push(ctx, `bfcache/${receiver}`, r);
      log(`bfcache ${receiver.padEnd(11)} run ${rep + 1}/${reps}: pageshow → connected ${fmt1(r.connectedMs, 1)} ms, subscribed ${fmt1(r.subscribedMs, 1)} ms, first message ${fmt1(r.receivedMs, 1)} ms (the browser's restore before pageshow: ${fmt1(r.restoreMs, 1)} ms)`);
    }
  }
  await tab.close();
}

/** Publishing from the page, through the broker and into the fake socket (client-side ceiling). */
export async function publish(ctx) {
  const { plan, reps, log, page } = ctx;
  const { n, size } = plan.publish;
  log(`publishing: ${fmt1(n)} × ${size} B from the page to a topic nobody subscribes to, then one publish with a receipt; through the broker and into the fake socket (client-side ceiling); ${reps} runs each`);
  for (const source of ['broker', 'fake']) {
    for (let rep = 0; rep < reps; rep++) {
      for (const receiver of rotated(receivers(ctx, ['raw', 'kit-await', 'kit-nowait']), rep)) {
        const r = await page.evaluate((s) => window.bench.publishing(s), { receiver, source, destination: ctx.dest('topic', 'publish'), n, size });
        push(ctx, `publish/${source}/${receiver}`, r);
        log(`publish ${source.padEnd(6)} ${receiver.padEnd(18)} run ${rep + 1}/${reps}: calls ${fmt1(r.callsRate)} msg/s${source === 'broker' ? `, confirmed by the broker ${fmt1(r.confirmedRate)} msg/s` : ''}`);
      }
    }
  }
}

/** Many subscriptions on one connection, against the broker and into the fake socket. */
export async function scale(ctx) {
  const { plan, reps, log, page } = ctx;
  const { n } = plan.scale;
  log(`scale: ${fmt1(n)} subscriptions on one connection (one queue), ${reps} runs each; consumers counted by rabbitmqctl; also into the fake socket (client-side cost)`);
  for (const source of ['broker', 'fake']) {
    for (let rep = 0; rep < reps; rep++) {
      for (const receiver of rotated(receivers(ctx, ['raw', 'kit']), rep)) {
        const r = await page.evaluate((s) => window.bench.scale(s), { receiver, source, destination: ctx.dest('queue', 'scale'), n });
        push(ctx, `scale/${source}/${receiver}`, r);
        log(`scale ${source.padEnd(6)} ${receiver.padEnd(11)} run ${rep + 1}/${reps}: all subscribed in ${fmt1(r.readyMs)} ms, ${fmt1(r.heapPerSubscription / 1024, 2)} KB JS heap each${uaNote(r)}${source === 'broker' ? `, consumers ${r.consumers} → ${r.consumersAfterRemoval} after removal` : ''}`);
      }
    }
  }
}

/**
 * The broker's STOMP connections once three counts in a row agree (a loaded broker leaves busy
 * channels out of a listing now and then, and takes seconds to drop a closed tab's connection):
 * with `expected`, polls until the counts agree on it (60 s at most). Resolves with the last count.
 */
async function settledConnections(ctx, expected) {
  const counts = [];
  for (const t0 = Date.now(); Date.now() - t0 < 60000; await new Promise((r) => setTimeout(r, 250))) {
    counts.push(await ctx.connections());
    const last = counts.slice(-3);
    if (last.length === 3 && last.every((c) => c === last[0]) && (expected === undefined || last[0] === expected)) return last[0];
  }
  ctx.log(`share: the broker's connection counts did not settle${expected === undefined ? '' : ` on ${expected}`}: ${counts.slice(-5).join(', ')}`);
  return counts.at(-1);
}

/**
 * Opens `n` tabs one after the other, each with its connection (share="tabs" when `share`) and, given,
 * a subscription to `destination`; resolves with [{ tab, role: { holder, visibility } }].
 */
async function openTabs(ctx, n, spec) {
  const tabs = [];
  for (let i = 0; i < n; i++) {
    const { tab } = await ctx.newTab();
    tabs.push({ tab, role: await tab.evaluate((s) => window.bench.openTab(s), spec) });
  }
  return tabs;
}

/** Closes the tabs, the first opened (the holder, with share) last, so no tab takes over meanwhile; waits for the broker to show 0 connections. */
async function closeTabs(ctx, tabs) {
  for (const { tab } of tabs.reverse()) await tab.close();
  await settledConnections(ctx, 0);
}

/**
 * share="tabs": round trips in a tab that does not hold the connection against the tab that does,
 * in one run; then broker connections and memory for 1, 4 and 10 tabs, with and without share.
 */
export async function share(ctx) {
  const { plan, reps, log, page } = ctx;
  const { n, warmup, size, tabs: tabCounts } = plan.share;
  log(`share: ${n} single ${size} B messages publish → receive (after ${warmup} warm-up) in the tab holding a share="tabs" connection and in a second tab that does not hold it, ${reps} runs each; then ${tabCounts.join(', ')} tabs with and without share, each with one <stomp-subscribe> to a topic: broker connections, JS heap of the tabs, browser RSS`);
  await page.evaluate(() => window.bench.closePublisher()); // its connection would count
  await settledConnections(ctx, 0);
  const pair = await openTabs(ctx, 2, { share: true });
  const roles = pair.map((t) => t.role);
  if (!roles[0].holder || roles[1].holder) throw new Error(`share: expected the first tab to hold the connection and the second not: ${JSON.stringify(roles)}`);
  log(`share: tab 1 holds the connection, tab 2 follows (visibility ${roles.map((r) => r.visibility).join(', ')}); broker connections: ${await settledConnections(ctx)}`);
  const sides = { holder: pair[0].tab, follower: pair[1].tab };
  for (let rep = 0; rep < reps; rep++) {
    for (const side of rotated(['holder', 'follower'], rep)) {
      const r = await sides[side].evaluate((s) => window.bench.latency(s), { receiver: 'kit', tab: true, destination: ctx.dest('queue', 'share'), n, warmup, size });
      push(ctx, `share/latency/${side}`, r);
      log(`share latency ${side.padEnd(8)} tab run ${rep + 1}/${reps}: p50 ${fmt1(r.p50, 3)} ms, p95 ${fmt1(r.p95, 3)} ms, p99 ${fmt1(r.p99, 3)} ms`);
    }
  }
  await closeTabs(ctx, pair);

  const mb = (bytes) => bytes / 2 ** 20;
  for (let rep = 0; rep < reps; rep++) {
    for (const count of tabCounts) {
      for (const shared of rotated([false, true], rep)) {
        const rssBefore = await ctx.browserRss();
        const lingering = await settledConnections(ctx); // 0, unless the broker has not yet dropped the last case's
        const tabs = await openTabs(ctx, count, { share: shared, destination: ctx.dest('topic', 'share') });
        const connections = (await settledConnections(ctx)) - lingering;
        let heap = 0;
        for (const { tab } of tabs) {
          await tab.evaluate(() => window.bench.collect());
          heap += (await tab.metrics()).JSHeapUsedSize;
        }
        const rss = await ctx.browserRss();
        const r = { tabs: count, connections, lingering, holders: tabs.filter((t) => t.role.holder).length, heapMB: mb(heap), rssMB: mb(rss), rssAddedMB: mb(rss - rssBefore) };
        push(ctx, `share/tabs/${count}/${shared ? 'share' : 'own'}`, r);
        log(`share ${String(count).padStart(2)} tabs ${shared ? 'share="tabs"' : 'own       '} run ${rep + 1}/${reps}: ${connections} broker connections (${r.holders} tabs hold one${lingering ? `; ${lingering} of a closed case not counted` : ''}), JS heap of the tabs ${fmt1(r.heapMB, 1)} MB, browser RSS ${fmt1(r.rssMB)} MB (the tabs added ${fmt1(r.rssAddedMB)} MB)`);
        await closeTabs(ctx, tabs);
      }
    }
  }
}

/** Page health: a steady stream rendered, long tasks observed. */
export async function health(ctx) {
  const { plan, reps, log } = ctx;
  const { rate, seconds, size, maxItems } = plan.health;
  const n = rate * seconds;
  log(`page health: rendering ${fmt1(rate)} msg/s for ${seconds} s (${fmt1(n)} messages of ${size} B), long tasks observed; in-page fake socket at that rate, and the broker (a worker publishing at that rate to a topic)`);
  for (const source of ['fake', 'broker']) {
    // Through the fake socket also the event receivers: what a steady stream costs the page.
    const names = source === 'fake' ? ['raw', 'kit-event', 'raw-dom', 'kit-template'] : ['raw-dom', 'kit-template'];
    for (let rep = 0; rep < reps; rep++) {
      for (const receiver of rotated(receivers(ctx, names), rep)) {
        const spec = { receiver, source, destination: ctx.dest('topic', 'health'), size, n, rate, maxItems, recorded: ctx.recorded[size] ?? ctx.recorded[100] };
        const r = await ctx.delivery(spec);
        push(ctx, `health/${source}/${receiver}`, r);
        log(`health ${source.padEnd(6)} ${receiver.padEnd(20)} run ${rep + 1}/${reps}: ${fmt1(r.rate)} msg/s rendered, ${r.longTasks.count} long tasks (max ${fmt1(r.longTasks.maxMs)} ms), main thread ${fmt1((r.mainThreadMs / r.ms) * 100)} % busy`);
      }
    }
  }
}

/** The client-side ceiling: recorded frames replayed by the fake socket as fast as the page takes them. */
export async function ceiling(ctx) {
  const { plan, reps: floorReps, log, page } = ctx;
  const { sizes, maxItems, reps } = plan.ceiling;
  log(`client-side ceiling (microbenchmark, fake socket, no broker): recorded MESSAGE frames replayed as fast as the page takes them, ${fmt1(plan.ceiling.n)} per run (DOM receivers: ${sizes.map((s) => `${fmt1(plan.ceiling.domN[s])} × ${sizeName(s)}`).join(', ')}); ${reps} runs per receiver`);
  const names = receivers(ctx, ['feed-only', 'raw', 'kit-event', 'raw-dom', 'kit-template']);
  for (const size of sizes) {
    // One short unmeasured run per receiver first, so no side is measured while the JIT warms up.
    for (const receiver of names) {
      await ctx.delivery({ receiver, source: 'fake', destination: '/queue/fake', size, n: Math.min(2000, plan.ceiling.domN[size] ?? 2000), rate: 0, maxItems, recorded: ctx.recorded[size] });
    }
    for (let rep = 0; rep < reps; rep++) {
      for (const receiver of rotated(names, rep)) {
        const n = /dom|template/.test(receiver) ? (plan.ceiling.domN[size] ?? 4000 * ctx.q) : plan.ceiling.n;
        const spec = { receiver, source: 'fake', destination: '/queue/fake', size, n, rate: 0, maxItems, recorded: ctx.recorded[size] };
        const r = await ctx.delivery(spec);
        push(ctx, `ceiling/${size}/${receiver}`, r);
        if (receiver === 'feed-only') {
          log(`ceiling ${sizeName(size).padEnd(5)} ${receiver.padEnd(12)} run ${rep + 1}/${reps}: the fake socket alone: ${fmt1(r.mainUsPerMsg, 2)} µs/msg main thread`);
          continue;
        }
        log(`ceiling ${sizeName(size).padEnd(5)} ${receiver.padEnd(20)} run ${rep + 1}/${reps}: ${fmt1(r.rate)} msg/s, ${fmt1(r.mainUsPerMsg, 2)} µs/msg main thread (${fmt1(r.handlerUsPerMsg, 2)} in the socket handler)${longTaskNote(r)}`);
      }
    }
    // The page alone, no messaging: how fast the browser renders that list at all, at about the
    // kit's batch per frame and at the batch 20,000 msg/s at 60 frames/s would need.
    for (const perFrame of plan.floor.perFrame) {
      for (let rep = 0; rep < floorReps; rep++) {
        const r = await page.evaluate((s) => window.bench.listFloor(s), { perFrame, size, maxItems, ms: plan.floor.ms });
        push(ctx, `floor/${size}/${perFrame}`, r);
        log(`page alone ${sizeName(size).padEnd(5)} ${String(perFrame).padStart(3)} items per frame, run ${rep + 1}/${floorReps}: ${fmt1(r.rate)} items/s, ${fmt1(r.fps)} frames/s${longTaskNote(r)}`);
      }
    }
  }
}

/**
 * The browser's floors, no kit code, beside the kit, into the fake socket: a bare CustomEvent
 * (bubbling, composed, the message as its detail) dispatched per message from a raw stompjs callback
 * (raw-event) beside stomp-message (kit-event), both heard on an ancestor and on the document; and
 * 1,000 empty custom elements (defined, one per subscription, added to the page) and 1,000 empty
 * Lit elements made as the kit's are (shadow root, two slots, ElementInternals) beside 1,000
 * <stomp-subscribe> and 1,000 raw subscriptions: the memory each costs, the JS heap and the DOM
 * (measureUserAgentSpecificMemory(): an element's node lives in Blink's heap, not the JS heap).
 */
export async function floors(ctx) {
  const { plan, log, page } = ctx;
  const { n, size, reps } = plan.floors;
  log(`floors (fake socket, no broker): ${fmt1(n)} × ${sizeName(size)} per run to a raw callback, a raw callback dispatching a bare CustomEvent, and stomp-message, listeners on an ancestor and the document; then ${fmt1(plan.scale.n)} raw subscriptions, <stomp-subscribe> elements, empty custom elements and empty Lit elements, memory by performance.memory (JS heap) and measureUserAgentSpecificMemory() (JS + DOM); ${reps} runs each`);
  const names = receivers(ctx, ['feed-only', 'raw', 'raw-event', 'kit-event']);
  const spec = (receiver, count) => ({ receiver, source: 'fake', destination: '/queue/fake', size, n: count, rate: 0, maxItems: 0, recorded: ctx.recorded[size] ?? ctx.recorded[100], listeners: 'ancestor' });
  for (const receiver of names) await ctx.delivery(spec(receiver, Math.min(2000, n)));
  for (let rep = 0; rep < reps; rep++) {
    for (const receiver of rotated(names, rep)) {
      const r = await ctx.delivery(spec(receiver, n));
      push(ctx, `floors/event/${receiver}`, r);
      log(`floors ${sizeName(size)} ${receiver.padEnd(20)} run ${rep + 1}/${reps}: ${fmt1(r.rate)} msg/s, ${fmt1(r.mainUsPerMsg, 2)} µs/msg main thread (${fmt1(r.handlerUsPerMsg, 2)} in the socket handler)`);
    }
  }
  for (let rep = 0; rep < reps; rep++) {
    for (const receiver of rotated(receivers(ctx, ['raw', 'kit', 'empty', 'lit']), rep)) {
      const r = await page.evaluate((s) => window.bench.scale(s), { receiver, source: 'fake', destination: ctx.dest('queue', 'floors'), n: plan.scale.n });
      push(ctx, `floors/scale/${receiver}`, r);
      const floor = { empty: 'empty elements', lit: 'empty Lit elements (shadow root, two slots)' }[receiver];
      log(`floors ${fmt1(plan.scale.n)} ${floor ?? `${receiver} subscriptions`} run ${rep + 1}/${reps}: ${floor ? 'in the page' : 'all subscribed'} in ${fmt1(r.readyMs, 1)} ms, ${fmt1(r.heapPerSubscription)} B JS heap each${uaNote(r)}`);
    }
  }
}

/**
 * Rendering at a steady 20,000 msg/s from the fake socket for a few seconds: an upsert ticker
 * (key="json.id", 100 ids), an append list (max-items 100), an unbounded list, and a raw callback
 * rendering nothing; then the page alone filling the same unbounded list with as many items, 334 a frame.
 */
export async function coalesce(ctx) {
  const { plan, reps, log, page } = ctx;
  const { rate, seconds, unboundedSeconds, size, keys, appendMax } = plan.coalesce;
  const n = rate * seconds;
  const unboundedN = rate * Math.min(seconds, unboundedSeconds ?? seconds);
  log(`coalescing (fake socket): ${fmt1(rate)} msg/s for ${seconds} s (${fmt1(n)} × ${sizeName(size)}): an upsert ticker over ${keys} keys, an append list of ${appendMax} items, the raw callback rendering nothing; an unbounded list (${fmt1(unboundedN)} messages) beside the page alone filling it with as many; ${reps} runs each`);
  const recorded = ctx.recorded[size] ?? ctx.recorded[100];
  const cases = {
    raw: { receiver: 'raw', maxItems: 0 },
    upsert: { receiver: 'kit-upsert', maxItems: 0, keys },
    append: { receiver: 'kit-template', maxItems: appendMax },
    unbounded: { receiver: 'kit-template', maxItems: 0 },
  };
  const names = [...Object.keys(cases), ...ctx.variants.flatMap((v) => ['upsert', 'append', 'unbounded'].map((c) => `${c}${v}`))];
  const spec = (name, count) => {
    const [c, variant] = name.split('@');
    const { receiver, ...rest } = cases[c];
    return { receiver: variant ? `${receiver}@${variant}` : receiver, source: 'fake', destination: '/queue/fake', size, n: count, rate, recorded, ...rest };
  };
  for (const name of names) await ctx.delivery(spec(name, Math.min(2000, n)));
  const perFrame = Math.ceil(rate / 60);
  for (let rep = 0; rep < reps; rep++) {
    for (const name of rotated([...names, 'page-alone'], rep)) {
      if (name === 'page-alone') {
        // As many items as the kit's unbounded list gets, from empty: the same list at every size.
        const r = await page.evaluate((s) => window.bench.listFloor(s), { perFrame, size, maxItems: 0, ms: 0, items: unboundedN });
        push(ctx, 'coalesce/page-alone', r);
        log(`coalesce page alone, unbounded list, ${perFrame} items per frame, run ${rep + 1}/${reps}: ${fmt1(r.rate)} items/s, ${fmt1(r.fps)} frames/s${longTaskNote(r)}`);
        continue;
      }
      const r = await ctx.delivery(spec(name, name.startsWith('unbounded') ? unboundedN : n));
      push(ctx, `coalesce/${name}`, r);
      log(`coalesce ${name.padEnd(18)} run ${rep + 1}/${reps}: ${fmt1(r.rate)} msg/s rendered, main thread ${fmt1((r.mainThreadMs / r.ms) * 100)} % busy, longest task ${fmt1(r.longTasks.maxMs)} ms (${r.longTasks.count} > 50 ms)${r.batches ? `, ${fmt1(r.batches)} DOM updates` : ''}`);
    }
  }
}

/** CPU profiles (CDP Profiler) of receiving, publishing and subscribing, into the fake socket. */
export async function profile(ctx) {
  const { plan, log, page, cdp, label, resultsDir, ranges, results } = ctx;
  const { n, size } = plan.profile;
  log(`profile: CPU profiles (CDP Profiler, 100 µs sampling) of one fake-socket run per receiver, ${fmt1(n)} × ${size} B`);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  results.profile = {};
  /** Profiles `measure()`; stores the summary as `name` and the profile in bench/results/. */
  const profiled = async (name, file, count, measure) => {
    await cdp.send('Profiler.start');
    const r = await measure();
    const { profile: cpuProfile } = await cdp.send('Profiler.stop');
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, `profile-${label}-${file.replace('@', '-')}.cpuprofile`), JSON.stringify(cpuProfile));
    const s = summarize(cpuProfile, ranges, count);
    results.profile[name] = s;
    return { r, parts: s.parts.slice(0, 6).map((p) => `${p.name} ${p.pct} %`).join(', '), s };
  };
  for (const receiver of receivers(ctx, ['raw', 'kit-event', 'raw-dom', 'kit-template'])) {
    const spec = { receiver, source: 'fake', destination: '/queue/fake', size, n, rate: 0, maxItems: plan.ceiling.maxItems, recorded: ctx.recorded[size] };
    await page.evaluate((s) => window.bench.prepare(s), spec);
    const { s, parts } = await profiled(receiver, receiver, n, () => page.evaluate(() => window.bench.go()));
    await page.evaluate(() => window.bench.teardown());
    log(`profile ${receiver}: ${fmt1(s.totalMs)} ms busy; ${parts}`);
  }
  // Publishing: the calls alone, into the fake socket (no broker).
  for (const receiver of receivers(ctx, ['raw', 'kit-await'])) {
    const spec = { receiver, source: 'fake', destination: '/topic/fake', n, size };
    const { r, parts } = await profiled(`publish ${receiver}`, `publish-${receiver}`, n, () => page.evaluate((s) => window.bench.publishing(s), spec));
    log(`profile publish ${receiver}: ${fmt1(r.callsRate)} calls/s; ${parts}`);
  }
  // Subscribing: 1,000 elements on one connection, into the fake socket.
  for (const receiver of receivers(ctx, ['raw', 'kit'])) {
    // No memory readings: their forced GCs would be most of the profile's garbage collection.
    const spec = { receiver, source: 'fake', destination: '/queue/fake', n: plan.scale.n, memory: false };
    const { r, parts } = await profiled(`scale ${receiver}`, `scale-${receiver}`, plan.scale.n, () => page.evaluate((s) => window.bench.scale(s), spec));
    log(`profile scale ${receiver}: ${fmt1(r.readyMs)} ms until all subscribed; ${parts}`);
  }
  await cdp.send('Profiler.disable');
  // What each subscription keeps alive: heap snapshots before and with them, by kind of object.
  await cdp.send('HeapProfiler.enable');
  for (const receiver of receivers(ctx, ['raw', 'kit', 'lit'])) {
    const before = byKind(await takeSnapshot(cdp));
    const spec = { receiver, source: 'fake', destination: '/queue/fake', n: plan.scale.n, memory: false, hold: true };
    const running = page.evaluate((s) => window.bench.scale(s), spec);
    await page.waitForFunction(() => window.bench.holding());
    const heap = grown(before, byKind(await takeSnapshot(cdp)), plan.scale.n);
    await page.evaluate(() => window.bench.release());
    await running;
    (results.heap ??= {})[receiver] = { bytesEach: heap.bytesEach, kinds: heap.kinds.slice(0, 25) };
    const top = heap.kinds.slice(0, 8).map((k) => `${k.kind} ${fmt1(k.bytesEach)} B (${fmt1(k.countEach, 1)})`).join(', ');
    log(`heap ${receiver}: ${fmt1(heap.bytesEach)} B more per subscription (heap snapshots, V8 self sizes; one connection's own objects included): ${top}`);
  }
  await cdp.send('HeapProfiler.disable');
}
