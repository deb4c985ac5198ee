// Where an element renders: the element named by its `target` attribute, or itself.

/** The element with this id in `el`'s document or shadow root, or `el` itself (with a warning) when there is none. */
export function targetOf(el: Element, id: string | undefined): Element {
  if (!id) return el;
  const found = (el.getRootNode() as Document | ShadowRoot).getElementById?.(id);
  if (!found) console.warn(`<${el.localName} target>: no element with id "${id}"; rendering inside the element instead.`, el);
  return found ?? el;
}
