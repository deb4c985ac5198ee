// A form's fields as a message: JSON values for the body, `header:NAME` fields as STOMP headers.
import type { StompHeaders } from './connection/connection.js';

/** Form fields named `header:NAME` become the STOMP header NAME. */
const HEADER_FIELD = /^header:(.+)$/;

/** A form's fields as JSON values (numbers, booleans, arrays for multiple selects) and STOMP headers. */
export function readForm(form: HTMLFormElement): { fields: Record<string, unknown>; headers: StompHeaders } {
  const fields: Record<string, unknown> = {};
  const headers: StompHeaders = {};
  for (const el of form.elements as unknown as Iterable<HTMLInputElement & HTMLSelectElement>) {
    const { name } = el;
    const type: string = el.type;
    if (!name || el.disabled || /^(submit|button|reset|file|image|fieldset|output)$/.test(type)) continue;
    if (type === 'radio' && !el.checked) continue;
    const value =
      type === 'checkbox' ? el.checked
      : type === 'number' || type === 'range' ? (el.value === '' ? null : el.valueAsNumber)
      : type === 'select-multiple' ? [...el.selectedOptions].map((o) => o.value)
      : el.value;
    const header = HEADER_FIELD.exec(name);
    if (header) headers[header[1]] = String(value);
    else fields[name] = value;
  }
  return { fields, headers };
}
