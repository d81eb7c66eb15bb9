/**
 * Per-key exponential back-off like client-go's flowcontrol.Backoff (without jitter, as the
 * kubelet uses it): the first failure waits `initialMs`, each further one doubles the wait up to
 * `maxMs`; a key quiet for twice `maxMs` starts over. The clock is injected. Also Go's duration
 * format for messages ("10s", "1m20s", "5m0s", "200ms").
 *
 * @module
 */

/** Back-off periods. */
export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** The kubelet's container restart back-off: 10 s doubling to 5 min. */
export const CRASH_LOOP_BACKOFF: BackoffPolicy = { initialMs: 10_000, maxMs: 300_000 };
/** The kubelet's image pull back-off: 10 s doubling to 300 s. */
export const IMAGE_PULL_BACKOFF: BackoffPolicy = { initialMs: 10_000, maxMs: 300_000 };

interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

/** Back-off state per key. */
export class Backoff {
  readonly #policy: BackoffPolicy;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();

  constructor(policy: BackoffPolicy, now: () => number = Date.now) {
    if (!(policy.initialMs > 0) || !(policy.maxMs >= policy.initialMs)) {
      throw new RangeError(`invalid back-off policy ${JSON.stringify(policy)}`);
    }
    this.#policy = policy;
    this.#now = now;
  }

  /** The key's current wait in ms (0 when it has none). */
  get(key: string): number {
    return this.#entries.get(key)?.backoffMs ?? 0;
  }

  /** Records a failure at `eventTime`: starts or doubles the key's wait. */
  next(key: string, eventTime: number = this.#now()): void {
    const entry = this.#entries.get(key);
    if (entry === undefined || this.#expired(eventTime, entry)) {
      this.#entries.set(key, { backoffMs: this.#policy.initialMs, lastUpdate: this.#now() });
      return;
    }
    entry.backoffMs = Math.min(entry.backoffMs * 2, this.#policy.maxMs);
    entry.lastUpdate = this.#now();
  }

  /** True while less than the key's wait has passed since `eventTime` (IsInBackOffSince). */
  isInBackOffSince(key: string, eventTime: number): boolean {
    const entry = this.#entries.get(key);
    if (entry === undefined || this.#expired(eventTime, entry)) return false;
    return this.#now() - eventTime < entry.backoffMs;
  }

  /** True while less than the key's wait has passed since its last failure. */
  isInBackOffSinceUpdate(key: string): boolean {
    const entry = this.#entries.get(key);
    if (entry === undefined || this.#expired(this.#now(), entry)) return false;
    return this.#now() - entry.lastUpdate < entry.backoffMs;
  }

  /** Forgets a key. */
  reset(key: string): void {
    this.#entries.delete(key);
  }

  /** Forgets keys quiet for twice the maximum. */
  gc(): void {
    const now = this.#now();
    for (const [key, entry] of this.#entries) {
      if (now - entry.lastUpdate > 2 * this.#policy.maxMs) this.#entries.delete(key);
    }
  }

  #expired(eventTime: number, entry: Entry): boolean {
    return eventTime - entry.lastUpdate > 2 * this.#policy.maxMs;
  }
}

/** Go's time.Duration String() for a whole number of milliseconds. */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 1000) return `${ms}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  const secondsText = `${Number.isInteger(seconds) ? seconds : seconds.toString()}s`;
  if (hours > 0) return `${hours}h${minutes}m${secondsText}`;
  if (minutes > 0) return `${minutes}m${secondsText}`;
  return secondsText;
}
