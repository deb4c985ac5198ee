// `npm run screenshots`: the demo page in Debian's Chromium at desktop (1280×800) and phone
// (390×844) size, light and dark, into test-results/screenshots/ (viewport and full page), and
// the README's image, docs/demo.png (desktop, light, what a newcomer sees first).
//
// Uses the demo that `npm start` is running on DEMO_PORT, or starts one (broker, feeder, dev
// server) and stops it afterwards.
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_PATH, chromiumArgs, isMain } from './shared.mjs';
import { demoRunning, startDemo } from './start.mjs';

const root = new URL('..', import.meta.url).pathname;
const OUT = join(root, 'test-results', 'screenshots');
const README_IMAGE = join(root, 'docs', 'demo.png');

export const SIZES = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};

/** Waits until the page shows live data: every quote, some jobs, the connection up. */
async function waitForLiveData(page) {
  await page.waitForFunction(
    () =>
      document.getElementById('demo')?.getAttribute('state') === 'connected' &&
      document.querySelectorAll('#quotes tr').length >= 6 &&
      document.querySelectorAll('#job-list li').length >= 1 &&
      document.querySelectorAll('.source').length >= 5,
    { timeout: 30_000, polling: 100 },
  );
}

/** A chat line, an order and an acked job, so the sections below the fold have something to show. */
async function populate(page) {
  await page.evaluate(async () => {
    const chat = document.querySelector('#chat form');
    chat.elements.namedItem('user').value = 'ana';
    chat.elements.namedItem('text').value = 'Is the ACME feed live?';
    chat.requestSubmit();
    const order = document.querySelector('#order form');
    order.elements.namedItem('item').value = 'espresso-beans';
    order.elements.namedItem('qty').value = '2';
    order.elements.namedItem('email').value = 'ana@example.com';
    order.elements.namedItem('header:x-delivery').value = 'express';
    order.elements.namedItem('gift').checked = true;
    order.requestSubmit();
    document.querySelector('#job-list button[data-action="ack"]')?.click();
  });
  await page.waitForFunction(() => document.querySelector('#order-outcome .ok') && document.querySelector('#chat .line'), { timeout: 10_000 });
}

export async function takeScreenshots(url, { log = console.error } = {}) {
  await mkdir(OUT, { recursive: true });
  await mkdir(join(root, 'docs'), { recursive: true });
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: chromiumArgs('--hide-scrollbars', '--force-color-profile=srgb'),
  });
  const files = [];
  try {
    for (const [size, viewport] of Object.entries(SIZES)) {
      const page = await browser.newPage();
      await page.setViewport(viewport);
      await page.goto(url, { waitUntil: 'load' });
      await waitForLiveData(page);
      await populate(page);
      for (const scheme of ['light', 'dark']) {
        await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
        await page.evaluate(() => window.scrollTo(0, 0));
        await new Promise((r) => setTimeout(r, 400)); // let a frame of quotes land
        const shot = join(OUT, `${size}-${scheme}.png`);
        await page.screenshot({ path: shot });
        await page.screenshot({ path: join(OUT, `${size}-${scheme}-full.png`), fullPage: true });
        files.push(shot);
        if (size === 'desktop' && scheme === 'light') {
          await page.screenshot({ path: README_IMAGE });
          files.push(README_IMAGE);
        }
      }
      await page.close();
    }
  } finally {
    await browser.close();
  }
  for (const file of files) log(`${file.replace(root, '')}  ${Math.round((await stat(file)).size / 1024)} KB`);
  return files;
}

async function main() {
  const port = Number(process.env.DEMO_PORT ?? 8000);
  const running = await demoRunning(port);
  const demo = running ? { url: `http://localhost:${port}/demo/`, stop: async () => {} } : await startDemo({ port });
  if (running) console.error(`Using the demo running at ${demo.url}`);
  try {
    await takeScreenshots(demo.url);
  } finally {
    await demo.stop();
  }
}

if (isMain(import.meta.url)) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err.message);
      process.exit(1);
    },
  );
}
