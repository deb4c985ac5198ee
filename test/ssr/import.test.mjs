// Server-side rendering starts with importing the kit where there is no DOM: plain Node, no
// window, no document, no HTMLElement. Every module the package exports must load there (Lit's
// Node build stands in for HTMLElement and customElements), and ./define must register the tags.
// `node --test test/ssr/`, run by `npm test` after the build.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

test('this is Node without a DOM', () => {
  for (const name of ['window', 'document', 'HTMLElement', 'customElements']) assert.equal(typeof globalThis[name], 'undefined', name);
});

for (const path of ['dist/index.js', 'dist/define.js']) {
  test(`import ${path}`, async () => {
    await import(new URL(`../../${path}`, import.meta.url).href);
  });
}

for (const [subpath, target] of Object.entries(pkg.exports)) {
  const specifier = subpath === '.' ? pkg.name : `${pkg.name}${subpath.slice(1)}`;
  const typesOnly = typeof target === 'object' && Object.keys(target).every((condition) => condition === 'types');
  test(`import('${specifier}')`, { skip: typesOnly && 'types only: nothing to import at run time' }, async () => {
    const module = await import(specifier, specifier.endsWith('.json') ? { with: { type: 'json' } } : undefined);
    assert.ok(module);
  });
}

test('stomp-elements/define registers the three tags (in Lit\'s stand-in registry)', async () => {
  await import('stomp-elements/define');
  const { StompConnection, StompPublish, StompSubscribe } = await import('stomp-elements');
  assert.equal(globalThis.customElements.get('stomp-connection'), StompConnection);
  assert.equal(globalThis.customElements.get('stomp-subscribe'), StompSubscribe);
  assert.equal(globalThis.customElements.get('stomp-publish'), StompPublish);
});
