// When to try again after a connection ends or fails: exponential backoff with jitter, a limit
// on attempts, and failover (each retry moves on to the next broker URL).
import type { ConnectionSettings } from './connection.js';
import { later } from './timers.js';

type Policy = Pick<ConnectionSettings, 'reconnectDelay' | 'maxReconnectDelay' | 'backoff' | 'maxReconnectAttempts'>;

/** The retry timer, the failed attempts since the last success, and the URL to try. */
export class Retry {
  /** The URL of the next attempt. */
  _url?: string;
  /** Set while a retry is scheduled: cancels it. */
  _timer?: () => void;
  #urls: string[] = [];
  #index = 0;
  #failures = 0;

  /** Starts over with these URLs, from the first. */
  _reset(urls: string[]): void {
    this._cancel();
    this.#urls = urls;
    this.#index = this.#failures = 0;
    this._url = urls[0];
  }

  /** The connection succeeded: the next failure waits the shortest time again. */
  _succeeded(): void {
    this.#failures = 0;
  }

  /**
   * After a failure: schedules `attempt` on the next URL and returns the wait in ms, or returns
   * undefined when the policy says not to try again (reconnecting off, or too many failures).
   * `hurry`: at once (the page just woke up from a freeze).
   */
  _schedule(policy: Policy, attempt: () => void, hurry = false): number | undefined {
    const { reconnectDelay: delay, maxReconnectDelay: max, maxReconnectAttempts: attempts } = policy;
    const failures = ++this.#failures;
    if (delay <= 0 || (attempts > 0 && failures > attempts)) return undefined;
    const base = policy.backoff === 'linear' ? delay : Math.max(delay, Math.min(max, delay * 2 ** (failures - 1)));
    // ±20 % jitter, so the pages of a whole audience do not reconnect in step after a broker restart.
    const wait = hurry ? 0 : Math.round(base * (0.8 + Math.random() * 0.4));
    this._url = this.#urls[(this.#index = (this.#index + 1) % this.#urls.length)];
    this._timer = later(attempt, wait);
    return wait;
  }

  _cancel(): void {
    this._timer?.();
    this._timer = undefined;
  }
}
