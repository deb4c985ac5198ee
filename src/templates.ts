// Rendering through the page's <template> children, loaded the first time an element has one:
// render.ts is a chunk of its own in the drop-in bundle, so a page that only listens to events
// never loads it. What arrives while it loads is rendered once it is there.
import type { Renderer, RenderOptions } from './render.js';

let loading: Promise<typeof import('./render.js')> | undefined;

export class Templates {
  #renderer?: Renderer;
  #waiting: unknown[] = [];
  readonly #options: () => RenderOptions;

  constructor(options: () => RenderOptions) {
    this.#options = options;
  }

  /** Loads the renderer now (a template appeared), so the first message does not wait for it. */
  load(): void {
    (loading ??= import('./render.js')).then(
      ({ Renderer }) => {
        this.#renderer ??= new Renderer(this.#options);
        for (const data of this.#waiting.splice(0)) this.#renderer.push(data);
      },
      (e) => console.warn(`stomp-elements: could not load its template renderer (${e}); nothing is rendered.`),
    );
  }

  /** Renders `data` in the next animation frame. */
  push(data: unknown): void {
    if (this.#renderer) return this.#renderer.push(data);
    this.#waiting.push(data);
    this.load();
  }

  flush(): void {
    this.#renderer?.flush();
  }

  clear(): void {
    this.#waiting = [];
    this.#renderer?.clear();
  }

  cancel(): void {
    this.#waiting = [];
    this.#renderer?.cancel();
  }
}
