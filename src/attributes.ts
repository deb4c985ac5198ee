// Reading attributes safely: JSON headers and numbers that never throw, and say what is wrong.
import type { ComplexAttributeConverter, PropertyDeclaration, PropertyDeclarations } from '@lit/reactive-element';

/** What the `headers` converter returns for text that is not a JSON object. */
export class InvalidJson {
  constructor(
    readonly text: string,
    readonly reason: string,
  ) {}
}

/**
 * Attribute converter for JSON objects of STOMP headers. Invalid JSON never throws: it becomes an
 * InvalidJson the element reports (see `readHeaders`).
 */
export const headersConverter: ComplexAttributeConverter<Record<string, string>> = {
  fromAttribute(text) {
    if (text == null || text.trim() === '') return {};
    try {
      const value: unknown = JSON.parse(text);
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        throw new Error('expected a JSON object such as {"prefetch-count": 10}');
      }
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
    } catch (e) {
      return new InvalidJson(text, (e as Error).message) as unknown as Record<string, string>;
    }
  },
  toAttribute: (value) => JSON.stringify(value),
};

/**
 * Makes the numeric attributes of `properties` (`type: Number`, not reflected) check their text:
 * one that is not a number ≥ 0 gets a console warning naming the attribute, and the property keeps
 * its default, as when the attribute is removed. For an element class's `static properties`,
 * before the element is defined.
 */
export function numbersChecked(properties: PropertyDeclarations): void {
  for (const options of Object.values(properties) as { -readonly [K in keyof PropertyDeclaration]: PropertyDeclaration[K] }[]) {
    if (options.type !== Number || options.reflect) continue;
    options.useDefault = true;
    options.converter = (text: string | null) => {
      if (text === null) return undefined;
      if (+text >= 0) return +text;
      console.warn(`stomp-elements: ${options.attribute}="${text}" is not a number ≥ 0; the default applies.`);
    };
  }
}

/**
 * Returns the headers, or an error sentence naming the element and attribute (also logged as a
 * console warning) when the attribute held invalid JSON.
 */
export function readHeaders(
  el: Element,
  headers: Record<string, string> | undefined,
): { headers: Record<string, string> } | { error: string } {
  if (!(headers instanceof InvalidJson)) return { headers: headers ?? {} };
  const error = `<${el.localName} headers>: ${JSON.stringify(headers.text)} is not valid JSON (${headers.reason}).`;
  console.warn(error, el);
  return { error };
}

/** The sentence for a missing `destination`, naming the element. */
export const noDestination = (el: Element) =>
  `<${el.localName} destination>: the destination attribute is required, e.g. destination="/queue/test".`;
