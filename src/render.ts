// Renders data through the page's own <template>. Values go in as text (textContent and
// setAttribute), never as HTML or code: an untrusted body like `<img onerror=…>` shows as those
// characters, and pages with a strict Content-Security-Policy (no 'unsafe-eval') work.

/** `{{ json.user.name }}`: a dotted path into the data. */
const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;
/** Attributes that load or navigate: bound values must be http(s), mailto, tel or relative URLs. */
const URL_ATTRIBUTES = /^(href|src|action|formaction|xlink:href|poster|cite|background|ping|data)$/i;
const SAFE_URL = /^(?:(?:https?|mailto|tel):|[^a-z]|[a-z+.-]+(?:[^a-z+.:-]|$))/i;

/** A literal piece of text, or a path to look up. */
type Part = string | string[];

interface Binding {
  /** Child indexes from the template's content down to the node. */
  path: number[];
  /** Set for attribute bindings. */
  attr?: string;
  parts: Part[];
}

interface Compiled {
  content: DocumentFragment;
  bindings: Binding[];
}

/** Reads `path` (['json', 'user', 'name']) from `data`; undefined when any step is missing. */
export function lookup(data: unknown, path: readonly string[]): unknown {
  let value = data;
  for (const key of path) {
    if (value == null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** How a looked-up value reads on the page. */
export function asText(value: unknown): string {
  return value == null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function split(text: string): Part[] | undefined {
  const parts: Part[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    parts.push(text.slice(last, m.index), m[1].split('.'));
    last = m.index! + m[0].length;
  }
  if (!last) return undefined;
  parts.push(text.slice(last));
  return parts;
}

function pathTo(node: Node, root: Node): number[] {
  const path: number[] = [];
  for (let n = node; n !== root; n = n.parentNode!) path.unshift([...n.parentNode!.childNodes].indexOf(n as ChildNode));
  return path;
}

const compiled = new WeakMap<HTMLTemplateElement, Compiled>();

/** Finds the placeholders of a template once; the result is cached per template element. */
export function compile(template: HTMLTemplateElement): Compiled {
  let result = compiled.get(template);
  if (result) return result;
  const content = template.content.cloneNode(true) as DocumentFragment;
  const bindings: Binding[] = [];
  const walker = document.createTreeWalker(content, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE) {
      const parts = split(node.nodeValue!);
      if (parts) bindings.push({ path: pathTo(node, content), parts });
      continue;
    }
    for (const attr of [...(node as Element).attributes]) {
      const parts = split(attr.value);
      if (!parts) continue;
      if (/^on|^srcdoc$/i.test(attr.name)) {
        // Message data must never become code or markup.
        console.warn(`stomp-elements: placeholders in the ${attr.name} attribute of a <template> are ignored: data would become code.`, template);
        (node as Element).removeAttribute(attr.name);
        continue;
      }
      bindings.push({ path: pathTo(node, content), attr: attr.name, parts });
    }
  }
  result = { content, bindings };
  compiled.set(template, result);
  return result;
}

/** A copy of the template with `data` filled in, as text. */
export function instantiate(template: HTMLTemplateElement, data: unknown): DocumentFragment {
  const { content, bindings } = compile(template);
  const fragment = document.importNode(content, true);
  // Find every node before changing any, so the recorded paths still hold.
  const nodes = bindings.map((b) => b.path.reduce<Node>((n, i) => n.childNodes[i], fragment));
  bindings.forEach((b, i) => {
    const value = b.parts.map((p) => (typeof p === 'string' ? p : asText(lookup(data, p)))).join('');
    if (!b.attr) nodes[i].nodeValue = value;
    else (nodes[i] as Element).setAttribute(b.attr, URL_ATTRIBUTES.test(b.attr) && !SAFE_URL.test(value.trim()) ? 'about:invalid' : value);
  });
  return fragment;
}

export type RenderMode = 'append' | 'prepend' | 'replace';

/** What a renderer reads from its element on every flush. */
export interface RenderOptions {
  /** Where the output goes. */
  target: Element;
  template: HTMLTemplateElement | null;
  mode: RenderMode;
  /** With a key, a later item with the same key replaces the earlier one in place (upsert). */
  key?: string;
  maxItems: number;
}

interface Item {
  key?: string;
  nodes: ChildNode[];
}

/**
 * Renders items through a template, batched per animation frame so a burst of messages costs one
 * layout. Keeps track of what it rendered, so it can trim, replace and upsert. A frame renders
 * only what survives it: with `replace` the last item, with a `key` the last item per key, and no
 * more new items than `maxItems` keeps.
 */
export class Renderer {
  /** Rendered items, oldest first. */
  #items: Item[] = [];
  #byKey = new Map<string, Item>();
  #queue: unknown[] = [];
  #frame = 0;
  /** Waiting before asking for a frame, after a slow one. */
  #timer = 0;
  /** When the last rendering began, and how long it took with the browser's style, layout and paint. */
  #renderedAt = 0;
  #cost = 0;
  readonly #options: () => RenderOptions;

  constructor(options: () => RenderOptions) {
    this.#options = options;
  }

  /**
   * Queues `data` for the next animation frame. After a rendering that took longer than a frame
   * (17 ms; a long list's layout grows with it), the next begins no sooner than twice as long after
   * it began (100 ms at most): rendering then takes about half the main thread, receiving the rest,
   * and each frame carries more of what arrived.
   */
  push(data: unknown): void {
    this.#queue.push(data);
    if (this.#frame || this.#timer) return;
    const wait = this.#cost > 17 ? this.#renderedAt + Math.min(this.#cost * 2, 100) - performance.now() : 0;
    if (wait > 0) this.#timer = window.setTimeout(() => this.#request(), wait);
    else this.#request();
  }

  #request(): void {
    this.#timer = 0;
    this.#frame = requestAnimationFrame(() => this.flush());
  }

  /** Renders what is queued now. */
  flush(): void {
    this.cancel(false);
    const queue = this.#queue;
    this.#queue = [];
    const options = this.#options();
    const { template, mode, key, maxItems, target } = options;
    if (!template || !queue.length) return;
    // The rendering's cost: until a task posted now runs, after this frame's style, layout and paint.
    const start = (this.#renderedAt = performance.now());
    const after = new MessageChannel();
    after.port1.onmessage = () => {
      this.#cost = performance.now() - start;
      after.port1.close();
    };
    after.port2.postMessage(0);
    const max = maxItems > 0 ? maxItems : Infinity;
    // The page may have removed rendered nodes itself (replaceChildren…): forget those items.
    const newest = this.#items[this.#items.length - 1];
    if (newest && newest.nodes[newest.nodes.length - 1].parentNode !== target) {
      for (const item of [...this.#items]) if (item.nodes.every((n) => n.parentNode !== target)) this.#remove(item);
    }
    if (mode === 'replace') this.clear();
    // The last data per key (a keyless item is a key of its own), in the order keys first came.
    const path = key?.split('.');
    const latest = new Map<unknown, unknown>();
    for (const data of mode === 'replace' ? queue.slice(-1) : queue) {
      const k = path && lookup(data, path);
      latest.set(k == null ? {} : asText(k), data);
    }
    const updates: [Item, unknown][] = [];
    let added: [string | undefined, unknown][] = [];
    for (const [k, data] of latest) {
      const item = typeof k === 'string' ? this.#byKey.get(k) : undefined;
      if (item?.nodes[0].parentNode === target) {
        updates.push([item, data]);
        continue;
      }
      if (item) this.#remove(item); // the page took it away: render it anew
      added.push([typeof k === 'string' ? k : undefined, data]);
    }
    // New items beyond what `max-items` keeps would be trimmed at once, and with as many new
    // items as it keeps, every item rendered before goes: render neither.
    if (added.length >= max) {
      this.clear();
      added = added.slice(-max);
    } else {
      for (const [item, data] of updates) this.#update(item, template, data);
    }
    this.#add(target, mode, template, added);
    while (this.#items.length > max) this.#remove(this.#items[0]);
  }

  /** Removes everything rendered. */
  clear(): void {
    for (const item of this.#items) for (const n of item.nodes) n.remove();
    this.#items = [];
    this.#byKey.clear();
  }

  /** Stops a pending frame (the element left the page); `drop`: and forgets what waits for it. */
  cancel(drop = true): void {
    cancelAnimationFrame(this.#frame);
    clearTimeout(this.#timer);
    this.#frame = this.#timer = 0;
    if (drop) this.#queue = [];
  }

  /** Renders `item` again with `data`, in place (upsert). */
  #update(item: Item, template: HTMLTemplateElement, data: unknown): void {
    const fragment = instantiate(template, data);
    const nodes = [...fragment.childNodes];
    if (!nodes.length) return; // an empty template renders nothing
    item.nodes[0].before(fragment);
    for (const n of item.nodes) n.remove();
    item.nodes = nodes;
  }

  /** Renders new items, newest last (`prepend`: newest first), inserted into the page at once. */
  #add(target: Element, mode: RenderMode, template: HTMLTemplateElement, added: [string | undefined, unknown][]): void {
    const batch = document.createDocumentFragment();
    const last = this.#items[this.#items.length - 1];
    for (const [key, data] of added) {
      const fragment = instantiate(template, data);
      const nodes = [...fragment.childNodes];
      if (!nodes.length) continue; // an empty template renders nothing
      if (mode === 'prepend') batch.prepend(fragment);
      else batch.append(fragment);
      const item: Item = { key, nodes };
      this.#items.push(item);
      if (key !== undefined) this.#byKey.set(key, item);
    }
    if (mode === 'prepend') {
      if (last) last.nodes[0].before(batch);
      else target.prepend(batch);
    } else if (last) last.nodes[last.nodes.length - 1].after(batch);
    else target.append(batch);
  }

  #remove(item: Item): void {
    for (const n of item.nodes) n.remove();
    this.#items.splice(this.#items.indexOf(item), 1);
    if (item.key !== undefined) this.#byKey.delete(item.key);
  }
}
