// The same user-level checks for each framework example (demo/vue, demo/angular), run against its
// production build (scripts/examples.mjs builds it; `npm test` runs that first). Both apps render
// the same controls: the connection state, a queue picker, a "Listening" checkbox that adds and
// removes the subscription component, a message box with a Send button, and the received messages.
import { expect } from '@open-wc/testing';
import { broker, consumers, unique, waitFor } from '../helpers.js';

/** What the apps' entry modules export. */
export interface ExampleApp {
  mount(el: Element, settings: Settings): { destroy(): void } | Promise<{ destroy(): void }>;
  /** Imports the app's own (bundled) `stomp-elements/define`. */
  defineElements(): Promise<unknown>;
}

export interface Settings {
  brokerUrl: string;
  vhost: string;
  login: string;
  passcode: string;
  queues: string[];
}

const TAGS = ['stomp-connection', 'stomp-subscribe', 'stomp-publish'];

/** Loads a built example; fails with the command to run when it is not built. */
export async function loadExample(entry: string): Promise<ExampleApp> {
  try {
    return (await import(/* @vite-ignore */ new URL(entry, import.meta.url).href)) as ExampleApp;
  } catch (e) {
    throw new Error(`${entry} could not be loaded (${(e as Error).message}): run node scripts/examples.mjs`);
  }
}

/** What a user sees and does in an example app rendered into `container()`. */
export function appDriver(container: () => HTMLElement) {
  const $ = <E extends Element = HTMLElement>(selector: string) => container().querySelector<E>(selector);
  const stateShown = () => $('output.state')?.textContent?.trim();
  const messagesShown = () => [...container().querySelectorAll('ol.messages li')].map((li) => li.textContent!.trim());

  async function connectedAndListening(queue: string) {
    await waitFor(() => stateShown() === 'connected', 'the app to show "connected"');
    await waitFor(() => $('stomp-subscribe')?.hasAttribute('subscribed'), 'the subscription to be confirmed');
    expect(await consumers(queue)).to.equal(1);
  }

  /** Types into the message box and clicks Send, as a user would. */
  async function send(text: string) {
    const input = $<HTMLInputElement>('input.draft')!;
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const publish = $('stomp-publish') as HTMLElement & { body: string };
    await waitFor(() => publish.body === text, 'the framework to bind the typed text to <stomp-publish body>');
    $('button.send')!.click();
  }

  return { $, stateShown, messagesShown, connectedAndListening, send };
}

export function describeExample(framework: string, entry: string): void {
  describe(`the ${framework} example app`, () => {
    let app: ExampleApp;
    let container: HTMLElement;
    let mounted: { destroy(): void } | undefined;
    let queues: string[];

    before(async () => {
      app = await loadExample(entry);
    });

    beforeEach(() => {
      queues = [unique(`${framework}-a`), unique(`${framework}-b`)];
      container = document.createElement('div');
      document.body.append(container);
    });

    afterEach(() => {
      mounted?.destroy();
      mounted = undefined;
      container.remove();
    });

    /** Mounts the app; with `define` (the default), after the elements are defined. */
    async function mount({ define = true } = {}) {
      if (define) await app.defineElements();
      mounted = await app.mount(container, {
        brokerUrl: broker.wsUrl,
        vhost: broker.vhost,
        login: broker.user,
        passcode: broker.pass,
        queues,
      });
    }

    const { $, stateShown, messagesShown, connectedAndListening, send } = appDriver(() => container);

    it('renders before the elements are defined, and connects once they are (properties set early are kept)', async () => {
      expect(TAGS.map((t) => customElements.get(t)), 'no tag may be defined before this test').to.deep.equal([undefined, undefined, undefined]);
      await mount({ define: false });
      const conn = $('stomp-connection')!;
      expect(conn, 'rendered <stomp-connection>').to.exist;
      expect(conn.matches(':defined')).to.equal(false);
      // The framework set the credentials as a property of the plain, not yet upgraded element.
      expect(Object.hasOwn(conn, 'connectHeaders')).to.equal(true);
      expect(conn.hasAttribute('connectheaders') || conn.hasAttribute('connect-headers')).to.equal(false);
      expect(stateShown()).to.equal('disconnected');

      await app.defineElements();
      expect(TAGS.every((t) => customElements.get(t))).to.equal(true);
      expect(conn.matches(':defined')).to.equal(true);
      // Logged in with the credentials set before the upgrade: the broker refuses a connection without them.
      await connectedAndListening(queues[0]);
      await send('hello after a late upgrade');
      await waitFor(() => messagesShown().includes('hello after a late upgrade'), 'the message in the rendered list');
    });

    it('round-trips a message typed into the app, with the elements already defined', async () => {
      await mount();
      expect($('stomp-connection')!.matches(':defined')).to.equal(true);
      await connectedAndListening(queues[0]);
      await send('first');
      await send('second');
      await waitFor(() => messagesShown().length === 2, 'two messages in the rendered list');
      expect(messagesShown()).to.deep.equal(['first', 'second']);
    });

    it('re-subscribes when the app switches the destination', async () => {
      await mount();
      await connectedAndListening(queues[0]);
      $<HTMLInputElement>(`input[type="radio"][value="${queues[1]}"]`)!.click();
      await waitFor(async () => (await consumers(queues[1])) === 1, 'a consumer on the second queue');
      await waitFor(async () => (await consumers(queues[0])) === 0, 'the first queue to lose its consumer');
      await waitFor(() => $('stomp-subscribe')?.hasAttribute('subscribed'), 'the new subscription to be confirmed');
      expect(($('stomp-subscribe') as HTMLElement & { destination: string }).destination).to.equal(`/queue/${queues[1]}`);
      await send('to the second queue');
      await waitFor(() => messagesShown().includes('to the second queue'), 'the message from the second queue');
    });

    it('removes and restores the subscription with the component that holds it', async () => {
      await mount();
      await connectedAndListening(queues[0]);
      $<HTMLInputElement>('input.listening')!.click();
      await waitFor(() => !$('stomp-subscribe'), 'the subscription component to be removed');
      await waitFor(async () => (await consumers(queues[0])) === 0, 'the broker to drop the consumer');
      expect(stateShown()).to.equal('connected');
      $<HTMLInputElement>('input.listening')!.click();
      await waitFor(() => $('stomp-subscribe')?.hasAttribute('subscribed'), 'the subscription to be back');
      expect(await consumers(queues[0])).to.equal(1);
      await send('welcome back');
      await waitFor(() => messagesShown().includes('welcome back'), 'a message on the restored subscription');
    });

    it('closes its subscription on the broker when the app is destroyed', async () => {
      await mount();
      await connectedAndListening(queues[0]);
      mounted!.destroy();
      mounted = undefined;
      await waitFor(async () => (await consumers(queues[0])) === 0, 'the broker to drop the consumer');
      expect(container.querySelector(TAGS.join(', ')), 'kit elements left in the page').to.equal(null);
    });
  });
}
