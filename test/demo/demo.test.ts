// The demo page end to end, as `npm start` serves it: the same dev-server plugin (/ws forwarded to
// the broker), the same feeder, the same page. Two iframes are two tabs of the page; the first
// fills the viewport for the screenshots (test-results/demo/).
import { expect } from '@open-wc/testing';
import { emulateMedia, executeServerCommand, sendKeys, setViewport } from '@web/test-runner-commands';
import type { StompConnection } from '../../src/stomp-connection.js';
import { broker, waitFor } from '../helpers.js';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

interface Tab {
  window: Window;
  doc: Document;
  $<E extends Element = HTMLElement>(selector: string): E | null;
  $$(selector: string): Element[];
  text(selector: string): string;
}

/** Loads /demo/ in an iframe and waits for its connection, its quotes and its code views. */
async function openTab(name: string, front: boolean): Promise<Tab> {
  const frame = document.createElement('iframe');
  frame.className = 'demo-tab';
  frame.title = `demo tab ${name}`;
  // Both stay in the viewport (offscreen frames may not get animation frames, which render messages).
  frame.style.cssText = `position: fixed; inset: 0; width: 100vw; height: 100vh; border: 0; z-index: ${front ? 2 : 1}; background: white`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = '/demo/';
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow!;
  const doc = frame.contentDocument!;
  const tab: Tab = {
    window: win,
    doc,
    $: (selector) => doc.querySelector(selector),
    $$: (selector) => [...doc.querySelectorAll(selector)],
    text: (selector) => doc.querySelector(selector)?.textContent?.trim() ?? '',
  };
  await waitFor(() => (doc.getElementById('demo') as StompConnection | null)?.state === 'connected', `tab ${name} to connect`);
  await waitFor(() => tab.$$('.source').length === 5, `tab ${name}'s code views`);
  return tab;
}

const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

/** The row of job `id` in a tab, found by its button's accessible name. */
const jobRow = (tab: Tab, id: string) => tab.$(`#job-list li:has(button[aria-label="Ack job ${id}"])`);

/**
 * chai-a11y-axe runs the axe it finds on `window`, and axe only audits documents of its own
 * window: load axe into the tab and hand that copy to chai-a11y-axe.
 */
async function useAxeOf(tab: Tab): Promise<void> {
  const own = tab.window as Window & { axe?: unknown };
  if (!own.axe) {
    const script = tab.doc.createElement('script');
    script.src = '/node_modules/axe-core/axe.min.js';
    await new Promise((resolve, reject) => {
      script.onload = resolve;
      script.onerror = () => reject(new Error(`${script.src} did not load`));
      tab.doc.head.append(script);
    });
  }
  (window as Window & { axe?: unknown }).axe = own.axe;
}

describe('the demo page', function () {
  this.timeout(120_000);
  let a: Tab;
  let b: Tab;

  before(async () => {
    await executeServerCommand('demo-feeder-start');
    await setViewport(DESKTOP);
    [a, b] = await Promise.all([openTab('A', true), openTab('B', false)]);
  });

  after(async () => {
    document.querySelectorAll('iframe.demo-tab').forEach((f) => f.remove());
    await executeServerCommand('demo-feeder-stop');
  });

  it('connects through the dev server\'s /ws to the broker, and says so', async () => {
    const demo = a.$<StompConnection>('#demo')!;
    expect(demo.getAttribute('broker-url')).to.equal('/ws');
    expect(demo.matches(':state(connected)')).to.equal(true);
    expect(a.text('#status-text')).to.equal('connected');
    await waitFor(() => /^RabbitMQ\//.test(a.text('#conn-server')), 'the server name from CONNECTED');
  });

  it('shows live quotes, one row per symbol, that keep changing', async () => {
    await waitFor(() => a.$$('#quotes tr').length === 6, 'six quote rows');
    const prices = () => a.$$('#quotes tr').map((tr) => tr.textContent!.replace(/\s+/g, ' ').trim()).join('|');
    const first = prices();
    await waitFor(() => prices() !== first, 'a price to change', 10_000);
    expect(a.$$('#quotes tr').length).to.equal(6); // updated in place, not appended
    expect(a.$$('#quotes tr th').map((th) => th.textContent)).to.include('ACME');
  });

  it('shows each section\'s own HTML beside it, as text', async () => {
    const code = a.text('#prices .source code');
    expect(code).to.contain('<stomp-subscribe destination="/topic/prices.*" key="json.symbol"');
    expect(code).to.contain('{{json.price}}');
    expect(a.text('#jobs .source code')).to.contain('job.ack()');
    expect(a.$$('.source code *').every((el) => el.localName === 'span')).to.equal(true);
  });

  it('carries a chat line typed in one tab to the other', async () => {
    const line = `hello from A ${Math.random().toString(36).slice(2, 8)}`;
    const form = a.$<HTMLFormElement>('#chat form')!;
    const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
    field('user').select();
    await sendKeys({ type: 'ana' }); // real key presses, into the focused field of tab A
    field('text').focus();
    await sendKeys({ type: line });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => b.$$('#chat .line').some((p) => p.textContent!.includes(line)), 'the line in tab B');
    const shown = b.$$('#chat .line').find((p) => p.textContent!.includes(line))!;
    expect(shown.querySelector('b')!.textContent).to.equal('ana');
    await waitFor(() => a.$$('#chat .line').some((p) => p.textContent!.includes(line)), 'the line in tab A too');
    expect(field('text').value).to.equal(''); // reset for the next line
    expect(field('user').value).to.equal('ana'); // the name stays
  });

  it('hands out jobs: Nack brings one back redelivered, Ack finishes it', async () => {
    const pending = (tab: Tab) => tab.$$('#job-list li:not([data-outcome])');
    await waitFor(() => pending(a).length > 0, 'a job in tab A');
    const nack = pending(a)[0].querySelector<HTMLButtonElement>('[data-action="nack"]')!;
    const id = /\d+$/.exec(nack.getAttribute('aria-label')!)![0];
    nack.click();

    // Back in the queue, then delivered again (to either tab: they share the queue), marked redelivered.
    let tab!: Tab;
    await waitFor(() => {
      tab = [a, b].find((t) => jobRow(t, id)?.matches('[data-redelivered="true"]:not([data-outcome])'))!;
      return tab;
    }, `job ${id} to be redelivered`);
    expect(jobRow(tab, id)!.querySelector('.badge')!.getClientRects().length).to.be.greaterThan(0);

    jobRow(tab, id)!.querySelector<HTMLButtonElement>('[data-action="ack"]')!.click();
    expect(jobRow(tab, id)!.dataset.outcome).to.equal('ack');
    expect(jobRow(tab, id)!.querySelector('.job-outcome')!.textContent).to.contain('Done');
    // Acknowledged: it does not come back (a tab that nacked it still shows it as handed back).
    await new Promise((r) => setTimeout(r, 1500));
    expect(jobRow(tab, id)!.dataset.outcome).to.equal('ack');
    expect([a, b].filter((t) => jobRow(t, id) && !jobRow(t, id)!.dataset.outcome)).to.deep.equal([]);
  });

  it('publishes the order form as typed JSON and shows the broker\'s receipt', async () => {
    const form = a.$<HTMLFormElement>('#order form')!;
    const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
    form.querySelector('button')!.click(); // empty: the browser's validation stops it
    await frames();
    expect(a.$('#order-outcome .ok')).to.equal(null);
    field('item').value = 'ceramic-mug';
    field('qty').value = '3';
    field('email').value = 'ana@example.com';
    field('header:x-delivery').value = 'express';
    field('gift').checked = true;
    form.querySelector('button')!.click();
    await waitFor(() => a.$('#order-outcome .ok'), 'the receipt');
    expect(a.text('#order-outcome .ok')).to.match(/confirmed the order \(receipt-\d+\)/);
    await waitFor(() => a.$('#order .received'), 'the order at the consumer');
    expect(JSON.parse(a.text('#order .received code'))).to.deep.equal({ item: 'ceramic-mug', qty: 3, email: 'ana@example.com', gift: true });
    expect(a.text('#order .received figcaption')).to.contain('x-delivery: express');
  });

  it('shows the broker\'s own error for a wrong passcode', async () => {
    a.$<HTMLButtonElement>('#wrong')!.click();
    await waitFor(() => a.text('#intruder-result').includes('Bad CONNECT'), 'the ERROR frame');
    expect(a.text('#intruder-result')).to.equal(`Bad CONNECT: Access refused for user '${broker.user}'`);
    expect(a.$('#connection stomp-connection')).to.equal(null); // the wrong one is gone again
    expect(a.$<StompConnection>('#demo')!.state).to.equal('connected'); // the page's own one is untouched
  });

  it('keeps a chat line in the outbox while disconnected and sends it after Connect', async () => {
    const demo = a.$<StompConnection>('#demo')!;
    const reconnects = Number(a.text('#conn-reconnects'));
    a.$<HTMLButtonElement>('#disconnect')!.click();
    await waitFor(() => demo.state === 'disconnected' && a.text('#status-text') === 'disconnected', 'the page to be disconnected');
    const line = `queued ${Math.random().toString(36).slice(2, 8)}`;
    const form = a.$<HTMLFormElement>('#chat form')!;
    (form.elements.namedItem('text') as HTMLInputElement).value = line;
    form.requestSubmit();
    const publisher = a.$('#chat stomp-publish')!;
    await waitFor(() => publisher.getAttribute('pending') === '1', 'the line to wait in the outbox');
    expect(publisher.matches(':state(offline)')).to.equal(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(b.$$('#chat .line').some((p) => p.textContent!.includes(line))).to.equal(false);

    a.$<HTMLButtonElement>('#connect')!.click();
    await waitFor(() => b.$$('#chat .line').some((p) => p.textContent!.includes(line)), 'the queued line in tab B');
    expect(publisher.getAttribute('pending')).to.equal('0');
    expect(a.text('#conn-reconnects')).to.equal(String(reconnects + 1));
  });

  it('reconnects by itself after a dropped socket, and counts it', async () => {
    const reconnects = Number(a.text('#conn-reconnects'));
    a.$<HTMLButtonElement>('#drop')!.click();
    await waitFor(() => a.text('#conn-reconnects') === String(reconnects + 1), 'a reconnect', 20_000);
    expect(a.$<StompConnection>('#demo')!.state).to.equal('connected');
    const rows = a.$$('#quotes tr').length;
    const before = a.$$('#quotes tr').map((tr) => tr.textContent).join();
    await waitFor(() => a.$$('#quotes tr').map((tr) => tr.textContent).join() !== before, 'quotes again after the reconnect');
    expect(a.$$('#quotes tr').length).to.equal(rows);
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no accessibility violations (axe), ${scheme}`, async () => {
      await useAxeOf(a);
      await setViewport(DESKTOP);
      // Reduced motion: no row half-way through its fade-in when axe measures contrast.
      await emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await frames();
      await expect(a.doc.documentElement).to.be.accessible();
    });
  }

  it('looks right at desktop and phone size (screenshots in test-results/demo/)', async () => {
    for (const [size, viewport] of Object.entries({ desktop: DESKTOP, phone: PHONE })) {
      await setViewport(viewport);
      for (const scheme of ['light', 'dark'] as const) {
        await emulateMedia({ colorScheme: scheme });
        a.window.scrollTo(0, 0);
        await frames();
        expect(a.doc.documentElement.scrollWidth, `no sideways scrolling at ${viewport.width}px`).to.equal(viewport.width);
        await executeServerCommand('demo-screenshot', { name: `${size}-${scheme}` });
      }
    }
    await emulateMedia({ colorScheme: 'light' });
    for (const section of ['chat', 'jobs', 'connection']) {
      await setViewport(DESKTOP);
      a.$(`#${section}`)!.scrollIntoView();
      await frames();
      await executeServerCommand('demo-screenshot', { name: `desktop-light-${section}` });
    }
  });
});
