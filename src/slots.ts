/**
 * The elements render no template of their own: a shadow root with a default slot shows their
 * children; `names` adds named slots before it.
 */
export function slotted(root: HTMLElement | DocumentFragment, ...names: string[]): HTMLElement | DocumentFragment {
  for (const name of [...names, '']) root.appendChild(Object.assign(document.createElement('slot'), { name }));
  return root;
}
