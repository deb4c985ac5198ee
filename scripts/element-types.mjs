// What the framework type generators (scripts/vue-types.mjs, scripts/svelte-types.mjs) share: the
// tags in custom-elements.json, what a template may set on each, and writing the file. Each
// generator only decides how its framework spells attributes, properties and event handlers.
// Only Node built-ins.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/** The manifest's custom elements, by tag name. */
export function elementsOf(manifest) {
  return manifest.modules
    .flatMap((mod) => mod.declarations ?? [])
    .filter((d) => d.customElement && d.tagName)
    .sort((a, b) => a.tagName.localeCompare(b.tagName));
}

/**
 * What a template may set on `el`: public fields that have an attribute (`attr`) or are declared
 * public (object properties such as connectHeaders, no `attr`); not read-only getters, not counters
 * like messageCount. `extra` is what an attribute may hold beside the property's own type.
 */
export function settableFields(el) {
  const byField = new Map((el.attributes ?? []).filter((a) => a.fieldName).map((a) => [a.fieldName, a]));
  return (el.members ?? [])
    .filter((m) => m.kind === 'field' && !m.static && !m.readonly && !m.name.startsWith('#') && (byField.has(m.name) || m.privacy === 'public'))
    .map((field) => {
      const attr = byField.get(field.name);
      return { field, attr, extra: attr ? attributeText(attr.type?.text ?? field.type?.text ?? '') : '', description: attr?.description ?? field.description };
    });
}

/** What an attribute may hold beside the property's own type (frameworks set static values as attributes). */
function attributeText(typeText) {
  if (/\bnumber\b/.test(typeText)) return ' | `${number}`';
  if (/^(Record|\{|object)/.test(typeText)) return ' | string'; // JSON text, parsed by the element
  return '';
}

/** A one-line JSDoc comment, or nothing. */
export const doc = (text, indent) => (text ? `${indent}/** ${text.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ').trim()} */\n` : '');

/** Blank lines before doc comments inside a declaration removed. */
export const tidy = (lines) => lines.join('\n').replace(/\n\n(\s+\/\*\*)/g, '\n$1');

/** Writes `render(manifest)` to `file` (below the repository) when it changes, so builds that depend on it are not redone for nothing. */
export function writeTypes(file, render) {
  const out = join(root, file);
  const text = render(JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8')));
  if (existsSync(out) && readFileSync(out, 'utf8') === text) return;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  console.log(`wrote ${out}`);
}
