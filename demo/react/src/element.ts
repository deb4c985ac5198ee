// Properties and event listeners on a custom element, through a ref. React 19 does both itself
// for `<stomp-connection connectHeaders={…} onstomp-state-change={…}>`, but not in two cases this
// app has: a tag that is not defined yet gets an object as the attribute "[object Object]"
// (React sets a property only when the element already has it), and while hydrating
// server-rendered markup React sets no property and adds no listener at all (react/react#35446).
// A ref callback runs in both, and its cleanup runs on unmount (and StrictMode's test unmount).
import { useCallback, useLayoutEffect, useRef } from 'react';
import type { StompEventMap } from 'stomp-elements';

type Handlers = { [K in keyof StompEventMap]?: (event: StompEventMap[K]) => void };

/** A ref for `<stomp-*>` that sets `props` as properties and calls `on[event]` for each event. */
export function useElement<E extends HTMLElement>(props: Partial<E>, on: Handlers = {}): (el: E | null) => () => void {
  const latest = useRef({ props, on });
  const element = useRef<E | null>(null);
  useLayoutEffect(() => {
    latest.current = { props, on };
    if (element.current) assign(element.current, props); // after a re-render with new values
  });
  // Stable: attached once per element; the handlers it calls are always the latest.
  return useCallback((el: E | null) => {
    if (!el) return () => {};
    element.current = el;
    assign(el, latest.current.props);
    const listener = (event: Event) => {
      const handler = latest.current.on[event.type as keyof StompEventMap] as ((e: Event) => void) | undefined;
      handler?.(event);
    };
    const names = Object.keys(latest.current.on);
    for (const name of names) el.addEventListener(name, listener);
    return () => {
      for (const name of names) el.removeEventListener(name, listener);
      if (element.current === el) element.current = null;
    };
  }, []);
}

/** Sets what changed only: an equal value would be ignored by the element anyway, but this keeps it cheap. */
function assign<E extends HTMLElement>(el: E, props: Partial<E>): void {
  for (const [key, value] of Object.entries(props) as [keyof E, E[keyof E]][]) if (el[key] !== value) el[key] = value;
}
