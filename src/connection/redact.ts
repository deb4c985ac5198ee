// Credentials never reach the console: frame dumps are redacted before they are logged.

const SECRET_HEADER = /^(passcode|authorization|token|access[-_]?token|password)[ \t]*:.*$/gim;

/** Hides credentials in a frame dump. */
export function redact(text: string): string {
  return text.replace(SECRET_HEADER, (line) => `${line.slice(0, line.indexOf(':'))}:[redacted]`);
}

/** A debug function: frames to the console with credentials redacted, or nothing. */
export function debugLog(on: boolean): (message: string) => void {
  return on ? (message) => console.debug('[stomp-elements]', redact(message)) : () => {};
}
