// The app's entry. As a page (index.html) it bootstraps into <app-root>; a host page (the kit's
// tests) imports it and calls mount() instead. The element definitions load separately, after
// the first render, so the app must cope with <stomp-*> tags that upgrade late.
import { provideBrowserGlobalErrorListeners } from '@angular/core';
import { createApplication } from '@angular/platform-browser';
import { App } from './app/app';
import { STOMP_SETTINGS, type StompSettings } from './app/settings';

export type { StompSettings };

/** Bootstraps the app into `el`; `destroy()` destroys it (and so closes its subscriptions). */
export async function mount(el: Element, settings: StompSettings): Promise<{ destroy(): void }> {
  const appRef = await createApplication({
    providers: [provideBrowserGlobalErrorListeners(), { provide: STOMP_SETTINGS, useValue: settings }],
  });
  const host = el.tagName === 'APP-ROOT' ? el : el.appendChild(document.createElement('app-root'));
  appRef.bootstrap(App, host);
  return { destroy: () => appRef.destroy() };
}

/** Registers <stomp-connection>, <stomp-subscribe> and <stomp-publish> (a lazily loaded chunk). */
export function defineElements(): Promise<unknown> {
  return import('stomp-elements/define');
}

const page = document.querySelector('app-root');
if (page) {
  const query = new URLSearchParams(location.search);
  mount(page, {
    brokerUrl: query.get('broker') ?? `ws://${location.hostname || 'localhost'}:15674/ws`,
    vhost: query.get('vhost') ?? 'demo',
    login: query.get('login') ?? 'web',
    passcode: query.get('passcode') ?? 'web',
    queues: ['angular-demo-a', 'angular-demo-b'],
  }).catch((err) => console.error(err));
  void defineElements();
}
