// Registering tags without clashing with another copy of the kit on the same page.

/**
 * Defines each tag unless it is taken. Returns false when another class (a second copy of the
 * kit) holds one; one warning names them all then.
 */
export function defineElements(tags: Record<string, CustomElementConstructor>, registry = customElements): boolean {
  const taken = Object.keys(tags).filter((tag) => {
    const existing = registry.get(tag);
    if (!existing) registry.define(tag, tags[tag]);
    return existing && existing !== tags[tag];
  });
  if (taken.length) {
    console.warn(`stomp-elements: ${taken.map((tag) => `<${tag}>`).join(', ')} already defined by another copy of the kit; keeping that one.`);
  }
  return !taken.length;
}
