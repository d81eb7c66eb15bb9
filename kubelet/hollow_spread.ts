/**
 * Spreading a periodic duty of many members over its period: member i of N is due at
 * `start + i·period/N + k·period`, so 10,000 node leases renewed every 10 s make a steady
 * 1,000 writes/s instead of 10,000 writes every 10 s. Pure: the caller supplies the clock.
 *
 * @module
 */

/** Which members are due, as time goes by. */
export class SpreadSchedule {
  readonly #count: number;
  readonly #periodMs: number;
  readonly #startMs: number;
  /** How many duties were handed out so far (member = issued mod count). */
  #issued = 0;

  constructor(count: number, periodMs: number, startMs: number) {
    if (!(count >= 0) || !(periodMs > 0)) {
      throw new RangeError(
        `SpreadSchedule needs count >= 0 and period > 0 (${count}, ${periodMs})`,
      );
    }
    this.#count = count;
    this.#periodMs = periodMs;
    this.#startMs = startMs;
  }

  /**
   * The members due by `nowMs` since the last call, in order. A caller that fell more than a
   * whole period behind gets each member once (not the missed rounds).
   */
  due(nowMs: number): number[] {
    if (this.#count === 0) return [];
    const target = Math.floor(((nowMs - this.#startMs) * this.#count) / this.#periodMs);
    if (target - this.#issued > this.#count) this.#issued = target - this.#count;
    const members: number[] = [];
    for (; this.#issued < target; this.#issued++) members.push(this.#issued % this.#count);
    return members;
  }
}
