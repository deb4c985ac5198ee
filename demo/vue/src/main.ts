// The app's entry. As a page (index.html) it mounts itself into #app; a host page (the kit's
// tests) imports it and calls mount() instead. The element definitions load separately, after
// the first render, so the app must cope with <stomp-*> tags that upgrade late.
import { createApp } from 'vue';
import App, { type AppProps } from './App.vue';

export type { AppProps };

/** Renders the app into `el`; `destroy()` unmounts it (and so closes its subscriptions). */
export function mount(el: Element, props: AppProps): { destroy(): void } {
  const app = createApp(App, { ...props });
  app.mount(el);
  return { destroy: () => app.unmount() };
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
    queues: ['vue-demo-a', 'vue-demo-b'],
  });
  void defineElements();
}
