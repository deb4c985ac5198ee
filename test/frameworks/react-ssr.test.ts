// demo/react rendered on the server (test/server/ssr.mjs calls demo/react/dist/server/server.js,
// react-dom/server's renderToString, in Node) and hydrated in Chromium with hydrateRoot, before
// the tags are defined, as a server-rendered page would be: it connects and receives, with the
// server's nodes kept and no hydration error. A file of its own: no tag may be defined before.
import { executeServerCommand } from '@web/test-runner-commands';
import { expect } from '@open-wc/testing';
import { broker, consumers, unique, waitFor } from '../helpers.js';
import { appDriver, loadExample, type Settings } from './app-suite.js';

interface HydratingApp {
  hydrate(el: Element, settings: Settings, onRecoverableError: (error: unknown) => void): { destroy(): void };
  defineElements(): Promise<unknown>;
}

describe('the react example, rendered on the server and hydrated', () => {
  it('connects, receives and unsubscribes, with no hydration mismatch', async () => {
    const app = (await loadExample('../../demo/react/dist/assets/main.js')) as unknown as HydratingApp;
    const queue = unique('react-ssr');
    const settings = { brokerUrl: broker.wsUrl, vhost: broker.vhost, login: broker.user, passcode: broker.pass, queues: [queue, `${queue}-b`] };
    const html = await executeServerCommand<string, Settings>('react-ssr-render', settings);
    expect(html).to.match(/^<stomp-connection broker-url="[^"]+" vhost="[^"]+"/);

    const container = document.createElement('div');
    container.innerHTML = html!;
    document.body.append(container);
    const serverNodes = [...container.querySelectorAll('*')];
    expect(customElements.get('stomp-connection'), 'not defined before hydration').to.equal(undefined);

    const errors: unknown[] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => {
      errors.push(args);
      consoleError(...args);
    };
    const onError = (e: ErrorEvent) => errors.push(e.error);
    addEventListener('error', onError);
    try {
      const mounted = app.hydrate(container, settings, (error) => errors.push(error));
      const conn = container.querySelector('stomp-connection')!;
      // Hydrated when the app's ref has set the credentials on the (not yet defined) element.
      await waitFor(() => Object.hasOwn(conn, 'connectHeaders'), 'hydration to set connectHeaders');
      await app.defineElements();
      const { connectedAndListening, send, messagesShown } = appDriver(() => container);
      await connectedAndListening(queue);
      await send('hello after hydration');
      await waitFor(() => messagesShown().includes('hello after hydration'), 'the message in the hydrated list');
      expect(errors, 'hydration errors').to.deep.equal([]);
      // Hydration kept the server's nodes (a mismatch would have rendered new ones).
      expect(serverNodes.every((node) => node.isConnected), 'server nodes kept').to.equal(true);
      mounted.destroy();
      await waitFor(async () => (await consumers(queue)) === 0, 'the broker to drop the consumer');
    } finally {
      console.error = consoleError;
      removeEventListener('error', onError);
      container.remove();
    }
  });
});
