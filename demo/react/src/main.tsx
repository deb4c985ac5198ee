// The app's entry. As a page (index.html) it mounts itself into #app; a host page (the kit's
// tests) imports it and calls mount() or, over server-rendered markup (src/server.tsx),
// hydrate() instead. The element definitions load separately, after the first render, so the app
// must cope with <stomp-*> tags that upgrade late.
import { StrictMode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { App, type AppProps } from './App';

export type { AppProps };

/** Renders the app into `el` (synchronously: the markup is there on return); `destroy()` unmounts it and so closes its subscriptions. */
export function mount(el: Element, props: AppProps): { destroy(): void } {
  const root = createRoot(el);
  // StrictMode at the top of the tree, as React's docs put it: nested inside a component, React
  // 19.3 does not run its extra unmount and mount of effects and refs on the first render.
  flushSync(() =>
    root.render(
      <StrictMode>
        <App {...props} />
      </StrictMode>,
    ),
  );
  return { destroy: () => root.unmount() };
}

/** Hydrates the markup src/server.tsx rendered with the same `props`; React reports a mismatch to `onRecoverableError`. */
export function hydrate(el: Element, props: AppProps, onRecoverableError?: (error: unknown) => void): { destroy(): void } {
  const app = (
    <StrictMode>
      <App {...props} />
    </StrictMode>
  );
  const root = hydrateRoot(el, app, onRecoverableError && { onRecoverableError });
  return { destroy: () => root.unmount() };
}

/** Registers <stomp-connection>, <stomp-subscribe> and <stomp-publish> (a lazily loaded chunk). */
export function defineElements(): Promise<unknown> {
  return import('stomp-elements/define');
}

const page = document.querySelector('#app');
if (page) {
  const query = new URLSearchParams(location.search);
  mount(page, {
    brokerUrl: query.get('broker') ?? `ws://${location.hostname || 'localhost'}:15674/ws`,
    vhost: query.get('vhost') ?? 'demo',
    login: query.get('login') ?? 'web',
    passcode: query.get('passcode') ?? 'web',
    queues: ['react-demo-a', 'react-demo-b'],
  });
  void defineElements();
}
