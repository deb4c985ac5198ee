// Credentials never reach the console: frame dumps are redacted before they are logged. A chunk
// of its own in the drop-in bundle, loaded by connections with `debug` only.

const SECRET_HEADER = /^(passcode|authorization|token|access[-_]?token|password)[ \t]*:.*$/gim;

/** `text` with the values of credential headers replaced by `[redacted]`. */
export function redact(text: string): string {
  return text.replace(SECRET_HEADER, (line) => `${line.slice(0, line.indexOf(':'))}:[redacted]`);
}

/** stompjs's debug output, redacted, on the console. */
export const debugLog = (message: string): void => console.debug('[stomp-elements]', redact(message));
