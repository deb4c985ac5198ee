// demo/react, built by Vite (scripts/examples.mjs), in Chromium against the test broker: the
// shared suite on the production build, StrictMode on the development build (only there does
// React mount twice), and what React 19 does with props on custom elements (src/probe.tsx).
import { expect } from '@open-wc/testing';
import { broker, brokerConnections, consumers, unique, waitFor } from '../helpers.js';
import { appDriver, describeExample, loadExample } from './app-suite.js';

describeExample('react', '../../demo/react/dist/assets/main.js');

describe('the react example under StrictMode (development build: effects and refs run twice)', () => {
  let container: HTMLElement;
  afterEach(() => container.remove());

  it('holds one connection and one consumer, and shows each message once', async () => {
    const app = await loadExample('../../demo/react/dist/dev/assets/main.js');
    await app.defineElements();
    // The suite's connections close after its apps are destroyed: start from none.
    await waitFor(async () => (await brokerConnections()) === 0, 'no connection left from earlier tests');
    container = document.createElement('div');
    document.body.append(container);
    const queue = unique('react-strict');
    const mounted = await app.mount(container, { brokerUrl: broker.wsUrl, vhost: broker.vhost, login: broker.user, passcode: broker.pass, queues: [queue, `${queue}-b`] });
    const { connectedAndListening, send, messagesShown } = appDriver(() => container);
    await connectedAndListening(queue);
    await send('once');
    await waitFor(() => messagesShown().length > 0, 'the message in the rendered list');
    await send('twice');
    await waitFor(() => messagesShown().length > 1, 'the second message in the rendered list');
    // A listener added twice would have shown each message twice; a second SUBSCRIBE or socket would be counted here.
    expect(messagesShown()).to.deep.equal(['once', 'twice']);
    expect(await brokerConnections()).to.equal(1);
    expect(await consumers(queue)).to.equal(1);
    mounted.destroy();
    await waitFor(async () => (await consumers(queue)) === 0, 'the broker to drop the consumer');
    await waitFor(async () => (await brokerConnections()) === 0, 'the broker to drop the connection');
  });
});

interface Probe {
  eventSpellings(el: Element): Promise<Record<'rendered' | 'hydrated', Record<string, number>>>;
  objectProp(el: Element, tag: string): { property: boolean; attribute: string | null };
}

describe('React 19 and props on a custom element (what the README says)', () => {
  let container: HTMLElement;
  let probe: Probe;
  before(async () => {
    probe = (await import(/* @vite-ignore */ new URL('../../demo/react/dist/assets/probe.js', import.meta.url).href)) as Probe;
  });
  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
  });
  afterEach(() => container.remove());

  it('listens to `stomp-message` for onstomp-message only, and not after hydrating server markup', async () => {
    const { rendered, hydrated } = await probe.eventSpellings(container);
    expect(rendered).to.deep.equal({ 'onstomp-message': 1, onStompMessage: 0, 'on-stomp-message': 0, 'onStomp-message': 0 });
    // react/react#35446: hydration adds no listener for custom elements.
    expect(hydrated).to.deep.equal({ 'onstomp-message': 0, onStompMessage: 0, 'on-stomp-message': 0, 'onStomp-message': 0 });
  });

  it('sets an object as a property on a defined tag, as the text "[object Object]" on a tag not defined yet', () => {
    customElements.define('x-react-defined', class extends HTMLElement { connectHeaders = {}; });
    expect(probe.objectProp(container, 'x-react-defined')).to.deep.equal({ property: true, attribute: null });
    expect(probe.objectProp(container, 'x-react-undefined')).to.deep.equal({ property: false, attribute: '[object Object]' });
  });
});
