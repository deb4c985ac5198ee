// Issue 14's proof, which web-test-runner cannot give (it keeps its pages visible): a page in a
// tab hidden behind another and throttled as Chrome throttles background tabs, a page frozen
// through the Page Lifecycle, and a round trip through the back/forward cache. Node's test runner
// drives Debian's Chromium with puppeteer-core; test/lifecycle/page.html (the drop-in bundle from
// dist/) subscribes to a topic that an amqplib publisher feeds, as a back-end service would.
//
//   node scripts/broker.mjs run -- node --test test/lifecycle/      (npm test runs it after the browser suite)
//   LIFECYCLE_SHOW_FAILURE=1 …   also runs the hidden tab with heartbeat-strategy="interval", to show it fail
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import amqp from 'amqplib';
import puppeteer from 'puppeteer-core';
import sirv from 'sirv';
import { brokerConfig } from '../../scripts/broker.mjs';
import { CHROMIUM_PATH, LOOPBACK, chromiumArgs, waitUntil } from '../../scripts/shared.mjs';
import { amqpUrl } from '../server/amqp.mjs';

const broker = brokerConfig();
const here = fileURLToPath(new URL('.', import.meta.url));
const dist = fileURLToPath(new URL('../../dist/', import.meta.url));

/** The seed's settings: heartbeats 4000/4000 and reconnect-delay 5000 are page.html's defaults. */
const HIDDEN_MS = 100_000;
const HIDDEN_MESSAGES = 20; // one every 5 s
const FROZEN_MS = 25_000;
const RESUMED_WITHIN_MS = 2_500;

/** page.html and other.html at /, the built package at /dist/. `Cache-Control: no-cache` (no-store would forbid the bfcache). */
async function startServer() {
  if (!existsSync(`${dist}stomp-elements.min.js`)) {
    throw new Error('dist/stomp-elements.min.js is missing: npx tsc -p tsconfig.json && npx rollup -c rollup.config.mjs --silent');
  }
  const pages = sirv(here, { dev: true, etag: true });
  const bundle = sirv(dist, { dev: true, etag: true });
  const server = http.createServer((req, res) => {
    const notFound = () => ((res.statusCode = 404), res.end());
    if (!req.url.startsWith('/dist/')) return pages(req, res, notFound);
    req.url = req.url.slice('/dist'.length);
    return bundle(req, res, notFound);
  });
  await new Promise((listening) => server.listen(0, LOOPBACK, listening));
  return { origin: `http://${LOOPBACK}:${server.address().port}`, close: () =>
      new Promise((closed) => {
        server.close(closed);
        server.closeAllConnections(); // the browser's keep-alive sockets would hold close() for a minute
      }),
  };
}

/** Chromium that throttles background tabs as a user's does, intensive throttling after 5 s hidden instead of 5 minutes. */
function launchChromium() {
  return puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    ignoreDefaultArgs: ['--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'],
    args: chromiumArgs('--enable-features=IntensiveWakeUpThrottling:grace_period_seconds/5'),
  });
}

/** An AMQP 0-9-1 publisher to `amq.topic`: what the page's `/topic/<topic>` receives. */
async function topicPublisher(topic) {
  const connection = await amqp.connect(amqpUrl);
  const channel = await connection.createConfirmChannel();
  return {
    topic,
    publish: (body) => {
      channel.publish('amq.topic', topic, Buffer.from(body), { contentType: 'text/plain' });
      return channel.waitForConfirms();
    },
    close: () => connection.close(),
  };
}

/**
 * One test's world: a server, a browser, a publisher on a topic of its own, all stopped at the
 * test's end; `open(settings)` loads page.html and waits until it is connected and subscribed.
 */
async function setUp(t) {
  const topic = `lifecycle.${randomUUID().slice(0, 8)}`;
  const stops = []; // run last to first, each even when another failed
  t.after(async () => {
    for (const stop of stops.reverse()) await stop().catch((e) => t.diagnostic(`clean-up: ${e.message}`));
  });
  const server = await startServer();
  stops.push(server.close);
  const browser = await launchChromium();
  stops.push(() => browser.close());
  const publisher = await topicPublisher(topic);
  stops.push(publisher.close);
  const pageUrl = (settings = {}) => {
    const params = { 'broker-url': broker.wsUrl, vhost: broker.vhost, login: broker.user, passcode: broker.pass, topic, ...settings };
    return `${server.origin}/page.html?${new URLSearchParams(params)}`;
  };
  const open = async (settings) => {
    const [page] = await browser.pages();
    await page.goto(pageUrl(settings));
    await waitUntil(() => live(page), 15_000, 'the page to connect and subscribe');
    return page;
  };
  return { browser, publisher, server, open };
}

/** Connected and subscribed. */
const live = (page) =>
  page.evaluate(() => document.querySelector('stomp-connection').state === 'connected' && document.querySelector('stomp-subscribe').subscribed);

const pageLog = (page) => page.evaluate(() => window.log);

/** Opens a second tab in front of `page`; asserts `page` is hidden now. */
async function hide(browser, page) {
  const front = await browser.newPage();
  await front.bringToFront();
  assert.equal(await page.evaluate(() => document.visibilityState), 'hidden', 'a tab behind another is hidden');
}

/** The log, relative to `t0`, one event a line: what a failing assertion shows. */
const timeline = (log, t0) =>
  log
    .map(({ type, time, ...detail }) => `  ${time < t0 ? '-' : '+'}${(Math.abs(time - t0) / 1000).toFixed(2)} s ${type} ${JSON.stringify(detail)}`)
    .join('\n');

/**
 * Hides the page for HIDDEN_MS, publishing HIDDEN_MESSAGES meanwhile; what the page saw: socket
 * closes, messages missed, and the longest wait between two ticks of its own chained 1 s timer.
 */
async function hiddenForAWhile(t, settings) {
  const { browser, publisher, open } = await setUp(t);
  const page = await open(settings);
  await hide(browser, page);
  const t0 = Date.now();
  const sent = [];
  for (let i = 1; i <= HIDDEN_MESSAGES; i++) {
    await sleep(Math.max(0, t0 + (i * HIDDEN_MS) / HIDDEN_MESSAGES - Date.now()));
    sent.push(`hidden-${i}`);
    await publisher.publish(sent.at(-1));
  }
  await waitUntil(async () => (await pageLog(page)).filter((e) => e.type === 'message').length >= sent.length, 5_000, 'the last messages').catch(() => {});
  const log = (await pageLog(page)).filter((e) => e.time >= t0);
  const received = new Set(log.filter((e) => e.type === 'message').map((e) => e.body));
  const ticks = (await page.evaluate(() => window.ticks)).filter((time) => time >= t0);
  const measured = {
    closes: log.filter((e) => e.type === 'close'),
    missed: sent.filter((body) => !received.has(body)),
    received: sent.filter((body) => received.has(body)).length,
    longestTickGapMs: Math.max(...ticks.slice(1).map((time, i) => time - ticks[i])),
    timeline: timeline(log, t0),
  };
  t.diagnostic(
    `hidden ${HIDDEN_MS / 1000} s with ${JSON.stringify(settings)}: ${measured.closes.length} socket closes, ` +
      `${measured.received} of ${sent.length} messages received (missed: ${measured.missed.join(', ') || 'none'}), ` +
      `longest wait between two ticks of a chained 1 s timer ${measured.longestTickGapMs} ms`,
  );
  for (const line of measured.timeline.split('\n')) t.diagnostic(line);
  // Without throttling the test proves nothing.
  assert.ok(measured.longestTickGapMs >= 30_000, `the hidden page is intensively throttled (a chained timer waited ${measured.longestTickGapMs} ms at most)`);
  return measured;
}

test(`a tab hidden and throttled for ${HIDDEN_MS / 1000} s keeps its connection and receives every topic message`, { timeout: HIDDEN_MS + 60_000 }, async (t) => {
  const { closes, missed, timeline: events } = await hiddenForAWhile(t, {});
  assert.deepEqual(closes, [], `no socket close while hidden:\n${events}`);
  assert.deepEqual(missed, [], `every message received:\n${events}`);
});

test(
  'with heartbeat-strategy="interval" the hidden, throttled tab loses its connection and messages (opt-in: LIFECYCLE_SHOW_FAILURE=1)',
  { timeout: HIDDEN_MS + 60_000, skip: !process.env.LIFECYCLE_SHOW_FAILURE && 'set LIFECYCLE_SHOW_FAILURE=1 to show the failure' },
  async (t) => {
    const { closes, missed, timeline: events } = await hiddenForAWhile(t, { 'heartbeat-strategy': 'interval' });
    assert.ok(closes.length > 0 || missed.length > 0, `plain setInterval heartbeats were expected to fail under throttling, and did not:\n${events}`);
  },
);

test(`a hidden tab frozen for ${FROZEN_MS / 1000} s is connected, subscribed and receiving within ${RESUMED_WITHIN_MS} ms of resuming`, { timeout: FROZEN_MS + 60_000 }, async (t) => {
  const { browser, publisher, open } = await setUp(t);
  const page = await open({});
  await hide(browser, page); // setWebLifecycleState does nothing to a visible page
  const cdp = await page.createCDPSession();
  const frozenAt = Date.now();
  await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
  await sleep(FROZEN_MS);
  await cdp.send('Page.setWebLifecycleState', { state: 'active' });
  const resumedAt = Date.now();
  // "Receiving again": the first of messages published every 250 ms from the resume on.
  let published = 0;
  let received;
  const deadline = resumedAt + 20_000;
  while (!received && Date.now() < deadline) {
    await publisher.publish(`resumed-${++published}`);
    await sleep(250);
    received = (await pageLog(page)).find((e) => e.type === 'message' && e.body.startsWith('resumed-'));
  }
  const log = (await pageLog(page)).filter((e) => e.time >= frozenAt);
  const events = timeline(log, resumedAt);
  const tookMs = received ? received.time - resumedAt : Infinity;
  t.diagnostic(`frozen ${FROZEN_MS / 1000} s; receiving again ${tookMs} ms after resuming (${published} published since); events relative to the resume:`);
  for (const line of events.split('\n')) t.diagnostic(line);
  assert.ok(log.some((e) => e.type === 'freeze') && log.some((e) => e.type === 'resume'), `the page saw freeze and resume:\n${events}`);
  assert.ok(tookMs < RESUMED_WITHIN_MS, `receiving again ${tookMs} ms after resuming, not within ${RESUMED_WITHIN_MS} ms:\n${events}`);
  assert.ok(await live(page), 'connected and subscribed');
});

test('a round trip through the back/forward cache restores the page (not a reload) and it is live again', { timeout: 60_000 }, async (t) => {
  const { publisher, server, open } = await setUp(t);
  const page = await open({});
  const cdp = await page.createCDPSession();
  const notUsed = [];
  cdp.on('Page.backForwardCacheNotUsed', (event) => notUsed.push(event));
  await cdp.send('Page.enable');
  const realm = randomUUID();
  await page.evaluate((value) => (window.realm = value), realm);
  const leftAt = Date.now();
  await page.goto(`${server.origin}/other.html`);
  await page.goBack();
  const why = () => (notUsed.length ? JSON.stringify(notUsed.map((e) => e.notRestoredExplanations), null, 1) : 'no Page.backForwardCacheNotUsed event');
  assert.equal(await page.evaluate(() => window.realm), realm, `restored from the bfcache, not reloaded: ${why()}`);
  const log = () => pageLog(page).then((entries) => entries.filter((e) => e.time >= leftAt));
  const shown = (await log()).find((e) => e.type === 'pageshow');
  assert.equal(shown?.persisted, true, `pageshow with persisted: ${why()}\n${timeline(await log(), leftAt)}`);

  await waitUntil(() => live(page), 10_000, 'the restored page to connect and subscribe').catch(async (e) => {
    throw new Error(`${e.message}:\n${timeline(await log(), shown.time)}`);
  });
  const liveAt = (await log()).find((e) => e.type === 'subscribed' && e.subscribed && e.time >= shown.time)?.time ?? Date.now();
  let received;
  for (let i = 1; !received && Date.now() < liveAt + 5_000; i++) {
    await publisher.publish(`restored-${i}`);
    await sleep(250);
    received = (await log()).find((e) => e.type === 'message' && e.body.startsWith('restored-'));
  }
  const events = timeline(await log(), shown.time);
  t.diagnostic(`restored from the bfcache; connected and subscribed within ${liveAt - shown.time} ms of pageshow, events relative to it:`);
  for (const line of events.split('\n')) t.diagnostic(line);
  assert.ok(received, `a message published after the restore arrives:\n${events}`);
});

/** Two tabs sharing a connection; resolves with the one that holds it and the one that follows. */
async function sharingTabs(browser, server, publisher) {
  const params = { 'broker-url': broker.wsUrl, vhost: broker.vhost, login: broker.user, passcode: broker.pass, share: 'tabs' };
  const pages = [];
  for (const tab of ['a', 'b']) {
    const page = pages.length ? await browser.newPage() : (await browser.pages())[0];
    await page.goto(`${server.origin}/page.html?${new URLSearchParams({ ...params, topic: publisher.topic })}`);
    await waitUntil(() => live(page), 15_000, `tab ${tab} to connect and subscribe`);
    pages.push(page);
  }
  const [holder, follower] = (await holds(pages[0])) ? pages : [pages[1], pages[0]];
  assert.equal(await holds(follower), false, 'one tab holds the connection');
  return { holder, follower };
}

const holds = (page) => page.evaluate(() => !!document.querySelector('stomp-connection').client?.connected);

/** After `since`, waits until `follower` holds the connection and receives; fails unless it took over within 2 s. */
async function assertTakesOver(t, follower, publisher, since, what) {
  await waitUntil(() => holds(follower), 10_000, 'the follower to take the connection over');
  const tookMs = Date.now() - since;
  let received;
  for (let i = 1; !received && Date.now() < since + 15_000; i++) {
    await publisher.publish(`taken-over-${i}`);
    await sleep(200);
    received = (await pageLog(follower)).find((e) => e.type === 'message' && e.body.startsWith('taken-over-'));
  }
  const events = timeline((await pageLog(follower)).filter((e) => e.time >= since), since);
  t.diagnostic(`the holder ${what}; the follower held the connection ${tookMs} ms later; its events relative to that:`);
  for (const line of events.split('\n')) t.diagnostic(line);
  assert.ok(tookMs < 2_000, `took over in ${tookMs} ms:\n${events}`);
  assert.ok(received, `the follower receives again:\n${events}`);
}

test('share="tabs": when the tab holding the connection is frozen, another tab takes over within 2 s', { timeout: 60_000 }, async (t) => {
  const { browser, publisher, server } = await setUp(t);
  const { holder, follower } = await sharingTabs(browser, server, publisher);
  await follower.bringToFront(); // the holder hidden: setWebLifecycleState only freezes a hidden page
  const cdp = await holder.createCDPSession();
  await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
  try {
    await assertTakesOver(t, follower, publisher, Date.now(), 'frozen');
  } finally {
    await cdp.send('Page.setWebLifecycleState', { state: 'active' }).catch(() => {});
  }
  // Unfrozen, the old holder steps down: still one connection, and it follows the new holder.
  await waitUntil(async () => (await live(holder)) && !(await holds(holder)), 10_000, 'the old holder to step down and follow');
});

test('share="tabs": when the tab holding the connection crashes, another tab takes over within 2 s', { timeout: 60_000 }, async (t) => {
  const { browser, publisher, server } = await setUp(t);
  const { holder, follower } = await sharingTabs(browser, server, publisher);
  const cdp = await holder.createCDPSession();
  // The renderer dies with no pagehide, no goodbye on the channel: the browser releases its locks.
  const crashed = new Promise((resolve) => holder.once('error', resolve));
  cdp.send('Page.crash').catch(() => {}); // answered by no one: the page is gone
  await crashed;
  await assertTakesOver(t, follower, publisher, Date.now(), 'crashed');
});
