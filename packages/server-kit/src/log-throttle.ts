/**
 * Lets one log line per key through every `intervalMs` and says how many were held back since the
 * last one: during a dependency outage every request fails the same way, and a line (with a stack)
 * per request would flood the logs while telling nothing new.
 */
export class LogThrottle {
  readonly #intervalMs: number;
  readonly #now: () => number;
  readonly #keys = new Map<string, { at: number; held: number }>();

  constructor(intervalMs: number, now: () => number = Date.now) {
    this.#intervalMs = intervalMs;
    this.#now = now;
  }

  /** Whether to log this occurrence, and how many occurrences of the key were held back before it. */
  admit(key: string): { log: boolean; held: number } {
    const now = this.#now();
    const last = this.#keys.get(key);
    if (last && now - last.at < this.#intervalMs) {
      last.held++;
      return { log: false, held: 0 };
    }
    // Keys are the fixed messages of 5xx answers; the cap only guards against a dynamic one.
    if (!last && this.#keys.size >= 1_000) this.#keys.clear();
    this.#keys.set(key, { at: now, held: 0 });
    return { log: true, held: last?.held ?? 0 };
  }
}
