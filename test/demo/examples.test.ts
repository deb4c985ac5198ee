// RabbitMQ's three Web-STOMP examples as ported in demo/examples/, end to end, as `npm start`
// serves them: two iframes are two tabs of a page, and what one does, the other shows.
import { expect } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import type { StompConnection } from '../../src/stomp-connection.js';
import type { StompSubscribe } from '../../src/stomp-subscribe.js';
import { consumers, waitFor } from '../helpers.js';

/** One tab: the frame's document. */
type Tab = Document;

const $ = <E extends Element = HTMLElement>(tab: Tab, selector: string) => tab.querySelector<E>(selector)!;
const lines = (tab: Tab, selector: string) => [...tab.querySelectorAll(selector)].map((el) => el.textContent!.trim());
const random = () => Math.random().toString(36).slice(2, 8);

/**
 * Opens demo/examples/`page` in a full-viewport iframe (the front one gets the mouse) and waits
 * for its connection, its subscriptions and its `sources` code views.
 */
async function openTab(page: string, front: boolean, sources: number): Promise<Tab> {
  const frame = document.createElement('iframe');
  frame.className = 'example-tab';
  frame.style.cssText = `position: fixed; inset: 0; width: 100vw; height: 100vh; border: 0; z-index: ${front ? 2 : 1}; background: white`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = `/demo/examples/${page}`;
  document.body.append(frame);
  await loaded;
  const tab = frame.contentDocument!;
  await waitFor(() => $<StompConnection>(tab, '#demo').state === 'connected', `${page} to connect`);
  await waitFor(() => [...tab.querySelectorAll<StompSubscribe>('stomp-subscribe')].every((s) => s.subscribed), `${page}'s subscriptions`);
  await waitFor(() => tab.querySelectorAll('.source').length === sources, `${page}'s code views`);
  return tab;
}

/** Tab A in front, tab B behind it, of the same page; closed again after the block. */
function twoTabs(page: string, sources: number): { a: Tab; b: Tab } {
  const tabs = {} as { a: Tab; b: Tab };
  before(async () => {
    await setViewport({ width: 1280, height: 800 });
    [tabs.a, tabs.b] = await Promise.all([openTab(page, true, sources), openTab(page, false, sources)]);
  });
  after(() => document.querySelectorAll('iframe.example-tab').forEach((f) => f.remove()));
  return tabs;
}

describe('RabbitMQ\'s examples, ported', function () {
  this.timeout(60_000);

  it('are linked from the demo page, and connect through its /ws', async () => {
    const demo = await fetch('/demo/index.html').then((r) => r.text());
    for (const page of ['echo', 'bunny', 'temp-queue']) {
      expect(demo).to.contain(`href="examples/${page}.html"`);
      const html = await fetch(`/demo/examples/${page}.html?view=source`).then((r) => r.text());
      expect(html).to.contain('<stomp-connection id="demo" broker-url="/ws" vhost="demo"');
    }
  });

  describe('echo', () => {
    const tabs = twoTabs('echo.html', 1);

    it('is markup only, and shows its own source', () => {
      const { a } = tabs;
      expect([...a.querySelectorAll('.top .toc a')].map((l) => l.getAttribute('href'))).to.deep.equal(['echo.html', 'bunny.html', 'temp-queue.html']);
      expect(a.querySelector('.toc [aria-current="page"]')!.textContent).to.equal('Echo');
      expect(a.querySelector('.top .state')!.matches('#demo:state(connected) .state')).to.equal(true);
      expect(a.querySelectorAll('script:not([src])').length).to.equal(0);
      const code = a.querySelector('#echo .source code')!.textContent!;
      expect(code).to.contain('<stomp-subscribe destination="/topic/test"').and.contain('{{json.text}}');
      expect(a.querySelector('#echo .source .where')!.textContent).to.match(/^demo\/examples\/echo\.html, lines \d+–\d+$/);
    });

    it('appends what one tab sends in the other (and in itself)', async () => {
      const { a, b } = tabs;
      const line = `echo ${random()}`;
      $<HTMLInputElement>(a, '[name="text"]').focus();
      await sendKeys({ type: line });
      await sendKeys({ press: 'Enter' });
      await waitFor(() => lines(b, '#echo .line').includes(line), 'the line in tab B');
      await waitFor(() => lines(a, '#echo .line').includes(line), 'the line in tab A');
      expect($<HTMLInputElement>(a, '[name="text"]').value).to.equal('');
    });
  });

  describe('bunny', () => {
    const tabs = twoTabs('bunny.html', 1);
    /** A canvas pixel as [r, g, b, a], in the canvas's own units. */
    const pixel = (tab: Tab, x: number, y: number) => [...$<HTMLCanvasElement>(tab, '#board').getContext('2d')!.getImageData(x, y, 1, 1).data];
    const orange = ([r, g, b]: number[]) => r > 230 && g > 150 && g < 190 && b < 40;

    it('draws a mouse stroke in one tab in the other, sent as JSON {x1, y1, x2, y2}', async () => {
      const { a, b } = tabs;
      const received: unknown[] = [];
      $(b, '#drawn').addEventListener('stomp-message', (e) => received.push((e as CustomEvent).detail.json));
      const board = $<HTMLCanvasElement>(a, '#board');
      board.scrollIntoView({ block: 'center' });
      const r = board.getBoundingClientRect();
      // From (100, 300) to (300, 300) in canvas units: left of the bunny, below the words.
      const client = (x: number, y: number): [number, number] => [
        Math.round(r.left + (x * r.width) / board.width),
        Math.round(r.top + (y * r.height) / board.height),
      ];
      expect(orange(pixel(b, 200, 300))).to.equal(false);
      await sendMouse({ type: 'move', position: client(100, 300) });
      await sendMouse({ type: 'down' });
      for (let x = 120; x <= 300; x += 20) await sendMouse({ type: 'move', position: client(x, 300) });
      await sendMouse({ type: 'up' });
      await resetMouse();

      await waitFor(() => received.length >= 3, 'the strokes in tab B');
      for (const s of received) {
        expect(Object.keys(s as object)).to.deep.equal(['x1', 'y1', 'x2', 'y2']);
        expect(Object.values(s as object).every(Number.isInteger)).to.equal(true);
        expect(Math.abs((s as { y1: number }).y1 - 300)).to.be.lessThan(3);
      }
      expect(orange(pixel(b, 200, 300)), 'tab B\'s canvas has the stroke').to.equal(true);
      expect(orange(pixel(a, 200, 300)), 'tab A\'s too').to.equal(true);
      expect(orange(pixel(b, 200, 400))).to.equal(false); // where nobody drew
    });

    it('shows its own source, messaging by the kit\'s elements', () => {
      const code = tabs.a.querySelector('#bunny .source code')!.textContent!;
      expect(code).to.contain('<stomp-publish id="strokes" destination="/topic/bunny">');
      expect(code).to.contain('strokes.publish(stroke)').and.contain('e.detail.json');
    });
  });

  describe('temp-queue', () => {
    const tabs = twoTabs('temp-queue.html', 2);

    it('shows the reversed text, answered by the responder in the other tab', async () => {
      const { a, b } = tabs;
      // Only tab B answers: tab A's responder goes (its subscription with it).
      $(a, '#responder').remove();
      await waitFor(async () => (await consumers('test')) === 1, 'one consumer on /queue/test');
      const text = `ask ${random()}`;
      $<HTMLInputElement>(a, '#ask [name="text"]').focus();
      await sendKeys({ type: text });
      await sendKeys({ press: 'Enter' });
      const reversed = [...text].reverse().join('');
      await waitFor(() => lines(a, '#reply .received b').includes(reversed), 'the reply in tab A');
      const answered = b.querySelector('#responder .line')!;
      expect(answered.textContent).to.contain(text);
      expect(answered.querySelector('small')!.textContent).to.match(/^for \/reply-queue\/amq\.gen-/);
      expect(lines(b, '#reply .received')).to.deep.equal([]); // B answered, it did not ask
    });

    it('shows the source of both halves, with the responder the only script', () => {
      const { b } = tabs;
      expect(b.querySelectorAll('script:not([src])').length).to.equal(1);
      expect(b.querySelector('#ask .source code')!.textContent).to.contain('expect-reply').and.contain('{{body}}');
      expect(b.querySelector('#answer .source code')!.textContent).to.contain('e.detail.reply(');
    });
  });
});
