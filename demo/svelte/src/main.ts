// The app's entry. As a page (index.html) it mounts itself into #app; a host page (the kit's
// tests) imports it and calls mount() instead. The element definitions load separately, after
// the first render, so the app must cope with <stomp-*> tags that upgrade late.
import { mount as mountComponent, unmount } from 'svelte';
import App, { type AppProps } from './App.svelte';

export type { AppProps };

/** Renders the app into `el`; `destroy()` unmounts it (and so closes its subscriptions). */
export function mount(el: Element, props: AppProps): { destroy(): void } {
  const app = mountComponent(App, { target: el, props: { ...props } });
  return { destroy: () => void unmount(app) };
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
    queues: ['svelte-demo-a', 'svelte-demo-b'],
  });
  void defineElements();
}
