// What React 19 does with props on a custom element, measured in the browser by
// test/frameworks/react.test.ts (the README's React section says what it found). Not part of the app.
import { createElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';

/** The spellings of a handler for the event `stomp-message` people try. */
const SPELLINGS = ['onstomp-message', 'onStompMessage', 'on-stomp-message', 'onStomp-message'] as const;
export type Spelling = (typeof SPELLINGS)[number];

const counts = () => Object.fromEntries(SPELLINGS.map((s) => [s, 0])) as Record<Spelling, number>;

function probeElement(seen: Record<Spelling, number>, committed?: () => void) {
  const props: Record<string, unknown> = { className: 'probe', ref: committed };
  for (const s of SPELLINGS) props[s] = () => seen[s]++;
  return createElement('x-react-probe', props);
}

const fire = (el: Element) => el.querySelector('.probe')!.dispatchEvent(new CustomEvent('stomp-message', { bubbles: true }));

/** Which handler spellings see one `stomp-message` event, after a client render and after hydrating server markup. */
export async function eventSpellings(el: Element): Promise<{ rendered: Record<Spelling, number>; hydrated: Record<Spelling, number> }> {
  const rendered = counts();
  const root = createRoot(el);
  flushSync(() => root.render(probeElement(rendered)));
  fire(el);
  root.unmount();

  const hydrated = counts();
  el.innerHTML = renderToString(probeElement(counts()));
  let errors = 0;
  let hydratedRoot!: ReturnType<typeof hydrateRoot>;
  // Hydration is scheduled: the ref is attached when it commits.
  await new Promise<void>((committed) => {
    hydratedRoot = hydrateRoot(el, probeElement(hydrated, committed), { onRecoverableError: () => errors++ });
  });
  if (errors) throw new Error('hydration mismatch in the probe');
  fire(el);
  hydratedRoot.unmount();
  return { rendered, hydrated };
}

/** What an object prop becomes on a tag defined after (`early`) and before (`late`) React renders it. */
export function objectProp(el: Element, tag: string): { property: boolean; attribute: string | null } {
  const root = createRoot(el);
  flushSync(() => root.render(createElement(tag, { connectHeaders: { login: 'x' } })));
  const node = el.firstElementChild as Element & { connectHeaders?: unknown };
  const result = { property: typeof node.connectHeaders === 'object', attribute: node.getAttribute('connectheaders') };
  root.unmount();
  return result;
}
