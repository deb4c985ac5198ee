import { expect, html } from '@open-wc/testing';
import '../src/define.js';
import { collect, connected, onQueue, settled, unique, waitFor } from './helpers.js';

const XSS = '<img src=x onerror="window.__xss = true">';

/** A connection with one rendering subscription and a publisher on a fresh queue. */
async function page(subscribe: (queue: string) => ReturnType<typeof html>) {
  const { conn, sub, pub, queue } = await onQueue('render', (q) => html`
    ${subscribe(q)}
    <stomp-publish destination="/queue/${q}"></stomp-publish>
  `);
  /** Publishes `bodies` and resolves once they arrived, before they render. */
  const arrive = async (...bodies: (string | object)[]) => {
    const seen = collect(sub, 'stomp-message');
    for (const b of bodies) await pub.publish(b);
    await waitFor(() => seen.length === bodies.length, `${bodies.length} messages`);
  };
  const send = async (...bodies: (string | object)[]) => {
    await arrive(...bodies);
    // Rendering is batched per frame; after a rendering slower than a frame the next waits up to 100 ms.
    await new Promise((resolve) => setTimeout(resolve, 110));
    await new Promise(requestAnimationFrame);
    await new Promise(requestAnimationFrame);
  };
  return { conn, sub, pub, send, arrive, queue };
}

const texts = (root: ParentNode, selector: string) => [...root.querySelectorAll(selector)].map((el) => el.textContent!.trim());

describe('rendering messages through a <template>', () => {
  it('appends each message, filling body, nested JSON, headers and destination as text and attributes', async () => {
    const { sub, send, queue } = await page(
      (q) => html`<stomp-subscribe destination="/queue/${q}">
        <template><p class="msg" title="{{json.user.name}}" data-dest="{{destination}}">{{json.user.name}}: {{json.text}} ({{headers.content-type}})</p></template>
      </stomp-subscribe>`,
    );
    await send({ user: { name: 'ana' }, text: 'hello' }, { user: { name: 'bo' }, text: 'hi' });
    expect(texts(sub, 'p.msg')).to.deep.equal(['ana: hello (application/json)', 'bo: hi (application/json)']);
    const first = sub.querySelector('p.msg')!;
    expect(first.getAttribute('title')).to.equal('ana');
    expect(first.getAttribute('data-dest')).to.equal(`/queue/${queue}`);
  });

  it('shows markup in bodies, JSON values and headers as text, never as HTML', async () => {
    (window as { __xss?: boolean }).__xss = false;
    const { sub, pub, send } = await page(
      (q) => html`<stomp-subscribe destination="/queue/${q}">
        <template><div class="row"><span class="body">{{body}}</span><b class="json">{{json.name}}</b><i class="header">{{headers.x-note}}</i><a href="{{json.link}}">link</a></div></template>
      </stomp-subscribe>`,
    );
    await send(XSS);
    pub.headers = { 'x-note': XSS };
    await pub.updateComplete;
    await send({ name: XSS, link: 'javascript:window.__xss=true' });
    const rows = sub.querySelectorAll('.row');
    expect(rows[0].querySelector('.body')!.textContent).to.equal(XSS);
    expect(rows[1].querySelector('.json')!.textContent).to.equal(XSS);
    expect(rows[1].querySelector('.header')!.textContent).to.equal(XSS);
    expect(rows[1].querySelector('a')!.getAttribute('href')).to.equal('about:invalid');
    expect(sub.querySelectorAll('img').length).to.equal(0);
    await new Promise((r) => setTimeout(r, 50));
    expect((window as { __xss?: boolean }).__xss).to.equal(false);
  });

  it('drops event-handler attributes with placeholders, with a warning', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(String(args[0]));
    try {
      const { sub, send } = await page(
        (q) => html`<stomp-subscribe destination="/queue/${q}"><template><button class="b" onclick="{{body}}">x</button></template></stomp-subscribe>`,
      );
      await send('window.__xss = true');
      expect(sub.querySelector('button.b')!.hasAttribute('onclick')).to.equal(false);
      expect(warnings.some((w) => w.includes('onclick'))).to.equal(true);
    } finally {
      console.warn = warn;
    }
  });

  it('prepends with mode="prepend" and trims the oldest with max-items', async () => {
    const { sub, send } = await page(
      (q) => html`<stomp-subscribe destination="/queue/${q}" mode="prepend" max-items="3"><template><li>{{body}}</li></template></stomp-subscribe>`,
    );
    await send('1', '2', '3');
    expect(texts(sub, 'li')).to.deep.equal(['3', '2', '1']);
    await send('4', '5');
    expect(texts(sub, 'li')).to.deep.equal(['5', '4', '3']);
  });

  it('keeps only the last message with mode="replace"', async () => {
    const { sub, send } = await page(
      (q) => html`<stomp-subscribe destination="/queue/${q}" mode="replace"><template><output>{{json.price}}</output></template></stomp-subscribe>`,
    );
    await send({ price: 1 }, { price: 2 });
    await send({ price: 3 });
    expect(texts(sub, 'output')).to.deep.equal(['3']);
  });

  it('upserts rows by key, updating them in place', async () => {
    const { send } = await page(
      (q) => html`<stomp-subscribe destination="/queue/${q}" key="json.id" target="rows"><template><tr data-id="{{json.id}}"><td>{{json.id}}</td><td>{{json.price}}</td></tr></template></stomp-subscribe>
        <table><tbody id="rows"></tbody></table>`,
    );
    await send({ id: 'a', price: 1 }, { id: 'b', price: 2 }, { id: 'a', price: 3 });
    const rows = [...document.querySelectorAll('#rows tr')].map((tr) => texts(tr, 'td'));
    expect(rows).to.deep.equal([
      ['a', '3'],
      ['b', '2'],
    ]);
  });

  it('keeps rendering after the page removed rendered nodes itself', async () => {
    const { send } = await page(
      (q) => html`<stomp-subscribe destination="/queue/${q}" target="log" key="json.id"><template><li>{{json.id}}:{{json.v}}</li></template></stomp-subscribe>
        <ul id="log"></ul>`,
    );
    await send({ id: 'a', v: 1 }, { id: 'b', v: 1 });
    const log = document.getElementById('log')!;
    expect(texts(log, 'li')).to.deep.equal(['a:1', 'b:1']);
    log.replaceChildren(); // a "Clear" button of the page's own
    await send({ id: 'a', v: 2 }, { id: 'c', v: 1 });
    expect(texts(log, 'li')).to.deep.equal(['a:2', 'c:1']);
  });

  it('shows the empty slot until the first message', async () => {
    const { sub, send } = await page(
      (q) => html`<stomp-subscribe destination="/queue/${q}"><p slot="empty" id="none">No messages yet</p><template><p class="m">{{body}}</p></template></stomp-subscribe>`,
    );
    const none = sub.querySelector('#none') as HTMLElement;
    expect(none.getClientRects().length).to.be.greaterThan(0);
    await send('first');
    expect(none.getClientRects().length).to.equal(0);
    expect(texts(sub, 'p.m')).to.deep.equal(['first']);
    sub.clear();
    expect(sub.querySelectorAll('p.m').length).to.equal(0);
    expect(none.getClientRects().length).to.be.greaterThan(0);
  });

  it('renders only while it has a <template>: events without one, rendering from when one is added', async () => {
    const { sub, send } = await page((q) => html`<stomp-subscribe destination="/queue/${q}"><p class="note">static</p></stomp-subscribe>`);
    await send('before');
    expect(sub.lastMessage?.body).to.equal('before');
    expect(sub.children.length, 'nothing rendered without a template').to.equal(1);
    const template = document.createElement('template');
    template.innerHTML = '<p class="msg">{{body}}</p>';
    sub.append(template);
    await new Promise(requestAnimationFrame); // slotchange is delivered
    await send('after');
    expect(texts(sub, 'p.msg')).to.deep.equal(['after']);
    template.remove();
    await new Promise(requestAnimationFrame);
    await send('gone');
    expect(texts(sub, 'p.msg')).to.deep.equal(['after']);
  });

  it('renders a burst in one frame and stays responsive', async () => {
    const { sub, send } = await page(
      (q) => html`<stomp-subscribe destination="/queue/${q}" max-items="50"><template><i>{{body}}</i></template></stomp-subscribe>`,
    );
    await send(...Array.from({ length: 200 }, (_, i) => `m${i}`));
    const shown = texts(sub, 'i');
    expect(shown.length).to.equal(50);
    expect(shown[49]).to.equal('m199');
  });
});

describe('a frame renders only what survives it', () => {
  /**
   * Holds animation frames while `burst` runs (every message of it then arrives within one frame,
   * however the broker spaces them), then lets them run; resolves with the elements added to `target`.
   */
  async function inOneFrame(target: Node, burst: () => Promise<void>): Promise<Element[]> {
    await new Promise((resolve) => setTimeout(resolve, 110)); // no wait left after an earlier slow rendering
    const held: FrameRequestCallback[] = [];
    const real = window.requestAnimationFrame;
    window.requestAnimationFrame = (cb) => held.push(cb);
    const added: Element[] = [];
    const observer = new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) if (n instanceof Element) added.push(n);
    });
    observer.observe(target, { childList: true, subtree: true });
    try {
      await burst();
    } finally {
      window.requestAnimationFrame = real;
    }
    for (const cb of held.splice(0)) cb(performance.now());
    await new Promise(requestAnimationFrame);
    observer.disconnect();
    return added;
  }

  it('max-items="100": 500 messages in one frame insert the last 100 rows, not 500', async () => {
    const { sub, send, arrive } = await page(
      (q) => html`<stomp-subscribe destination="/queue/${q}" max-items="100"><template><i>{{body}}</i></template></stomp-subscribe>`,
    );
    await send('before');
    const added = await inOneFrame(sub, () => arrive(...Array.from({ length: 500 }, (_, i) => `m${i}`)));
    expect(texts(sub, 'i')).to.deep.equal(Array.from({ length: 100 }, (_, i) => `m${400 + i}`));
    expect(added.length, 'rows inserted').to.equal(100);
  });

  it('key="json.id": 200 updates of 10 keys in one frame insert 10 rows with the last values', async () => {
    const { send, arrive } = await page(
      (q) => html`<stomp-subscribe destination="/queue/${q}" key="json.id" target="ticker"><template><tr><td>{{json.id}}</td><td>{{json.v}}</td></tr></template></stomp-subscribe>
        <table><tbody id="ticker"></tbody></table>`,
    );
    const ticker = document.getElementById('ticker')!;
    await send({ id: 'k0', v: -1 }); // rendered before: updated in place
    const updates = Array.from({ length: 200 }, (_, i) => ({ id: `k${i % 10}`, v: i }));
    const added = await inOneFrame(ticker, () => arrive(...updates));
    const rows = [...ticker.querySelectorAll('tr')].map((tr) => texts(tr, 'td'));
    expect(rows).to.deep.equal(Array.from({ length: 10 }, (_, k) => [`k${k}`, String(190 + k)]));
    expect(added.filter((el) => el.localName === 'tr').length, 'rows inserted: one per key').to.equal(10);
  });

  it('mode="prepend" with max-items: a burst shows its newest first, and keeps only what fits', async () => {
    const { sub, send, arrive } = await page(
      (q) => html`<stomp-subscribe destination="/queue/${q}" mode="prepend" max-items="5"><template><i>{{body}}</i></template></stomp-subscribe>`,
    );
    await send('a', 'b');
    const added = await inOneFrame(sub, () => arrive('c', 'd', 'e'));
    expect(texts(sub, 'i')).to.deep.equal(['e', 'd', 'c', 'b', 'a']);
    expect(added.length).to.equal(3);
    await inOneFrame(sub, () => arrive('f', 'g', 'h', 'i', 'j', 'k', 'l'));
    expect(texts(sub, 'i')).to.deep.equal(['l', 'k', 'j', 'i', 'h']);
  });

  it('after a rendering slower than a frame, the next waits: twice its time after it began', async () => {
    const { sub, pub, send } = await page(
      (q) => html`<stomp-subscribe destination="/queue/${q}"><template><i>{{body}}</i></template></stomp-subscribe>`,
    );
    await send('warm-up');
    // Every rendering costs 45 ms, as a long list's layout would; without the wait, a message every
    // 20 ms would render in the next frame after each slow one, about 50 ms apart.
    const renders: number[] = [];
    const slow = new MutationObserver(() => {
      renders.push(performance.now());
      for (const until = performance.now() + 45; performance.now() < until; );
    });
    slow.observe(sub, { childList: true });
    try {
      for (let i = 0; i < 20; i++) {
        await pub.publish(`s${i}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await waitFor(() => texts(sub, 'i').includes('s19'), 'the last message rendered');
    } finally {
      slow.disconnect();
    }
    expect(texts(sub, 'i').slice(1)).to.deep.equal(Array.from({ length: 20 }, (_, i) => `s${i}`));
    const gaps = renders.slice(1).map((t, i) => Math.round(t - renders[i]));
    expect(gaps.length, 'more than one rendering').to.be.above(1);
    expect(Math.min(...gaps), `ms between renderings (${gaps.join(', ')})`).to.be.at.least(80);
  });
});

describe('styling state', () => {
  it('exposes :state(connected), :state(subscribed) and :state(offline) for CSS', async () => {
    const queue = unique('state');
    const conn = await connected(html`
      <stomp-subscribe destination="/queue/${queue}"></stomp-subscribe>
      <stomp-publish destination="/queue/${queue}"><button>Send</button></stomp-publish>
    `);
    await settled(conn);
    const sub = conn.querySelector('stomp-subscribe')!;
    const pub = conn.querySelector('stomp-publish')!;
    await waitFor(() => sub.subscribed, 'subscribed');
    expect(conn.matches(':state(connected)')).to.equal(true);
    expect(sub.matches(':state(subscribed)')).to.equal(true);
    expect(pub.matches(':state(offline)')).to.equal(false);
    await conn.disconnect();
    expect(conn.matches(':state(connected)')).to.equal(false);
    expect(conn.matches(':state(disconnected)')).to.equal(true);
    expect(sub.matches(':state(subscribed)')).to.equal(false);
    expect(pub.matches(':state(offline)')).to.equal(true);
    pub.publish('queued').catch(() => {});
    await pub.updateComplete;
    expect(pub.matches(':state(pending)')).to.equal(true);
    conn.connect();
    await waitFor(() => !pub.matches(':state(pending)') && !pub.matches(':state(offline)'), 'back online');
  });
});
