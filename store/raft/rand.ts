/**
 * A deterministic pseudo-random source for the randomized election timeout (Raft paper §5.2).
 * The core never calls Math.random: the driver (or simulator) injects a {@link Rand}, or a seed
 * from which one is built, so a run can be reproduced exactly from its seeds.
 *
 * @module
 */

/** A source of uniformly distributed integers. */
export interface Rand {
  /** Returns an integer in [0, n); n is a positive safe integer. */
  intn(n: number): number;
}

/**
 * Returns a {@link Rand} from a 32-bit seed using the SplitMix32 mixer: small, fast, and with
 * good enough statistical quality for timeouts. The same seed always yields the same sequence.
 */
export function newRand(seed: number): Rand {
  let state = seed >>> 0;
  const next32 = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  return {
    intn(n: number): number {
      if (!Number.isSafeInteger(n) || n <= 0) {
        throw new RangeError(`intn: n must be a positive safe integer, got ${n}`);
      }
      // 53 random bits scaled to [0, n): bias is negligible for the small n used here.
      const hi = next32() >>> 11; // 21 bits
      const lo = next32(); // 32 bits
      return Math.floor(((hi * 0x100000000 + lo) / 2 ** 53) * n);
    },
  };
}
