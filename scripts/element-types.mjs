// What the framework type generators (vue-types.mjs, react-types.mjs) share: the tags, their
// settable fields and events read from custom-elements.json, the doc comments, and writing a
// dist/*.d.ts only when it changes. Only Node built-ins.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

export const camel = (name) => name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
export const doc = (text, indent) => (text ? `${indent}/** ${text.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ').trim()} */\n` : '');

/** What an attribute may hold beside the property's own type (a string parsed by the element). */
export function attributeText(typeText) {
  if (/\bnumber\b/.test(typeText)) return ' | `${number}`';
  if (/^(Record|\{|object)/.test(typeText)) return ' | string'; // JSON text, parsed by the element
  return '';
}

/** The custom elements of the manifest, by tag name. */
export function elementsOf(manifest) {
  return manifest.modules
    .flatMap((mod) => mod.declarations ?? [])
    .filter((d) => d.customElement && d.tagName)
    .sort((a, b) => a.tagName.localeCompare(b.tagName));
}

/**
 * What a template may set on `el`: public fields that have an attribute or are declared public
 * (object properties such as connectHeaders); not read-only getters, not counters like
 * messageCount. Each as `{ field, attr }`, `attr` the manifest's attribute entry if there is one.
 */
export function settableFields(el) {
  const byField = new Map((el.attributes ?? []).filter((a) => a.fieldName).map((a) => [a.fieldName, a]));
  return (el.members ?? [])
    .filter((m) => m.kind === 'field' && !m.static && !m.readonly && !m.name.startsWith('#') && (byField.has(m.name) || m.privacy === 'public'))
    .map((field) => ({ field, attr: byField.get(field.name) }));
}

/** Drops the blank line that separates a doc comment from what precedes it inside a block. */
export const tidy = (lines) => lines.join('\n').replace(/\n\n(\s+\/\*\*)/g, '\n$1');

/** Writes dist/`name` from `render(manifest)`; rewritten only when it changes, so builds that depend on it are not redone for nothing. */
export function writeTypes(name, render) {
  const out = join(root, 'dist', name);
  const text = render(JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8')));
  if (!existsSync(out) || readFileSync(out, 'utf8') !== text) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
    console.log(`wrote ${out}`);
  }
}
