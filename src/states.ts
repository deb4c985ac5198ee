// Custom states (`:state(connected)`) beside the reflected attributes.

/**
 * Custom states for CSS (`stomp-connection:state(connected)`), through ElementInternals.
 * Returns a setter; browsers without CustomStateSet keep the reflected attributes only.
 */
export function customStates(el: HTMLElement): (name: string, on: boolean) => void {
  let states: Set<string> | undefined;
  try {
    states = el.attachInternals().states as unknown as Set<string>;
  } catch {
    // no ElementInternals states here
  }
  return (name, on) => void (on ? states?.add(name) : states?.delete(name));
}
