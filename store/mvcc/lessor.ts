/**
 * Leases (etcd `lease.lessor`): ids with a TTL, the keys attached to each, and — on the primary
 * (the leader's member) only — an expiry deadline on the caller's clock.
 *
 * Replicated state (identical on every member, in snapshots): each lease's id, granted TTL,
 * checkpointed remaining TTL and attached keys. Member-local state (never in snapshots, never
 * affecting an applied result): whether this lessor is primary and each lease's expiry. The
 * lessor never expires anything itself: {@link Lessor.expired} reports what is due and the
 * leader proposes a revoke through the log; only applying it removes the lease.
 *
 * Time: `now` is a number of milliseconds on a monotonic clock the caller owns; TTLs are
 * seconds. No timers, no `Date.now`.
 *
 * @module
 */

import {
  InvalidRequest,
  InvalidRequestError,
  LeaseExistsError,
  LeaseNotFoundError,
} from "./errors.ts";
import { LeaseTtlTooLargeError, NotPrimaryError } from "./errors.ts";
import type { LeaseCheckpoint } from "./types.ts";

/** The largest TTL a lease may have, in seconds (etcd `MaxLeaseTTL`). */
export const MAX_LEASE_TTL = 9_000_000_000;

/** A read-only view of one lease. */
export interface LeaseView {
  /** The lease id. */
  readonly id: number;
  /** Granted TTL in seconds. */
  readonly ttl: number;
  /** Checkpointed remaining TTL in seconds (0: none, the full TTL applies on promotion). */
  readonly remainingTtl: number;
  /** Expiry in the caller's milliseconds; `Infinity` when this lessor is not primary. */
  readonly expiry: number;
  /** Key strings of the attached keys (see `toKeyString`). */
  readonly keys: ReadonlySet<string>;
}

class Lease implements LeaseView {
  readonly id: number;
  ttl: number;
  remainingTtl = 0;
  expiry = Infinity;
  readonly keys = new Set<string>();

  constructor(id: number, ttl: number) {
    this.id = id;
    this.ttl = ttl;
  }

  /** The TTL a fresh deadline counts from: the checkpointed remainder if any, else the TTL. */
  get effectiveTtl(): number {
    return this.remainingTtl > 0 ? this.remainingTtl : this.ttl;
  }
}

/** Options of a {@link Lessor}. */
export interface LessorOptions {
  /** Smallest TTL granted, in seconds; shorter requests are raised to it. Default 2 (etcd's). */
  readonly minTtl?: number;
}

/** Answer of {@link Lessor.renew}. */
export interface RenewResult {
  /** The lease's TTL in seconds. */
  readonly ttl: number;
  /**
   * Present when the lease carried a checkpointed remaining TTL: propose this checkpoint
   * (remainingTtl 0) so a later leader does not count from the stale remainder.
   */
  readonly clearCheckpoint?: LeaseCheckpoint;
}

/** The leases and their attached keys (see the module doc for what is replicated). */
export class Lessor {
  #leases = new Map<number, Lease>();
  #primary = false;
  #lastNow = 0;
  readonly #minTtl: number;

  /** Creates an empty, non-primary lessor. */
  constructor(options: LessorOptions = {}) {
    this.#minTtl = options.minTtl ?? 2;
  }

  /** Whether this lessor tracks expiry (its member leads). */
  get primary(): boolean {
    return this.#primary;
  }

  /** Number of leases. */
  get size(): number {
    return this.#leases.size;
  }

  #see(now: number | undefined): number {
    if (now !== undefined && now > this.#lastNow) this.#lastNow = now;
    return now ?? this.#lastNow;
  }

  /** The lease `id`, if it exists. */
  lookup(id: number): LeaseView | undefined {
    return this.#leases.get(id);
  }

  /** All lease ids, ascending. */
  ids(): number[] {
    return [...this.#leases.keys()].sort((a, b) => a - b);
  }

  /** Throws unless a grant of (`id`, `ttl`) would succeed. */
  checkGrant(id: number, ttl: number): void {
    if (id === 0) throw new LeaseNotFoundError(id);
    if (!Number.isSafeInteger(id) || !Number.isSafeInteger(ttl)) {
      throw new InvalidRequestError(InvalidRequest.emptyRequest);
    }
    if (ttl > MAX_LEASE_TTL) throw new LeaseTtlTooLargeError();
    if (this.#leases.has(id)) throw new LeaseExistsError(id);
  }

  /**
   * Creates lease `id` (applied from the log). The TTL is raised to the minimum. On the primary
   * the deadline is `now + ttl` (`now` defaults to the latest time this lessor was given).
   */
  grant(id: number, ttl: number, now?: number): LeaseView {
    this.checkGrant(id, ttl);
    const lease = new Lease(id, Math.max(ttl, this.#minTtl));
    const t = this.#see(now);
    if (this.#primary) lease.expiry = t + lease.ttl * 1000;
    this.#leases.set(id, lease);
    return lease;
  }

  /** Removes lease `id` (the caller deletes its keys); returns it. */
  remove(id: number): LeaseView {
    const lease = this.#leases.get(id);
    if (lease === undefined) throw new LeaseNotFoundError(id);
    this.#leases.delete(id);
    return lease;
  }

  /** Attaches key string `skey` to lease `id` (no-op for id 0 or an unknown lease). */
  attach(id: number, skey: string): void {
    if (id !== 0) this.#leases.get(id)?.keys.add(skey);
  }

  /** Detaches key string `skey` from lease `id` (no-op for id 0 or an unknown lease). */
  detach(id: number, skey: string): void {
    if (id !== 0) this.#leases.get(id)?.keys.delete(skey);
  }

  /**
   * Records checkpointed remaining TTLs (applied from the log); unknown ids are ignored, as in
   * etcd. The deadline is not moved: promotion uses the remainder.
   */
  checkpoint(checkpoints: readonly LeaseCheckpoint[]): void {
    for (const cp of checkpoints) {
      const lease = this.#leases.get(cp.id);
      if (lease !== undefined) lease.remainingTtl = Math.max(0, cp.remainingTtl);
    }
  }

  /**
   * Keepalive (member-local on the leader, not through the log, as in etcd): moves the deadline
   * to `now + ttl`. Throws {@link NotPrimaryError} off the leader and {@link LeaseNotFoundError}
   * for an unknown lease or one already past its deadline (its revoke is on its way).
   */
  renew(id: number, now: number): RenewResult {
    const t = this.#see(now);
    if (!this.#primary) throw new NotPrimaryError();
    const lease = this.#leases.get(id);
    if (lease === undefined || lease.expiry <= t) throw new LeaseNotFoundError(id);
    lease.expiry = t + lease.ttl * 1000;
    if (lease.remainingTtl > 0) {
      return { ttl: lease.ttl, clearCheckpoint: { id, remainingTtl: 0 } };
    }
    return { ttl: lease.ttl };
  }

  /**
   * Remaining whole seconds of lease `id` at `now` (etcd `TimeToLive`): from the deadline on the
   * primary, else the checkpointed remainder or the TTL. Undefined for an unknown lease.
   */
  remaining(id: number, now: number): number | undefined {
    const lease = this.#leases.get(id);
    if (lease === undefined) return undefined;
    if (lease.expiry === Infinity) return lease.effectiveTtl;
    return Math.max(0, Math.floor((lease.expiry - this.#see(now)) / 1000));
  }

  /**
   * The leases past their deadline at `now`, earliest deadline first (ties by id), at most
   * `limit`. Always empty off the primary. Propose a revoke for each.
   */
  expired(now: number, limit = Infinity): number[] {
    const t = this.#see(now);
    if (!this.#primary) return [];
    const due: Lease[] = [];
    for (const lease of this.#leases.values()) if (lease.expiry <= t) due.push(lease);
    due.sort((a, b) => a.expiry - b.expiry || a.id - b.id);
    return due.slice(0, limit).map((l) => l.id);
  }

  /**
   * Checkpoints to propose (primary only): each lease's remaining whole seconds at `now`
   * (rounded up, at least 1), ascending by id. etcd proposes these periodically so that a new
   * leader continues from the remainder rather than the full TTL.
   */
  checkpoints(now: number): LeaseCheckpoint[] {
    const t = this.#see(now);
    if (!this.#primary) return [];
    const out: LeaseCheckpoint[] = [];
    for (const id of this.ids()) {
      const lease = this.#leases.get(id)!;
      const left = Math.max(1, Math.ceil((lease.expiry - t) / 1000));
      if (left < lease.ttl) out.push({ id, remainingTtl: left });
    }
    return out;
  }

  /**
   * Makes this lessor primary (its member became leader): every deadline becomes
   * `now + extend + remaining TTL`, so no lease expires early because of the failover.
   */
  promote(now: number, extendMs: number): void {
    const t = this.#see(now);
    this.#primary = true;
    for (const lease of this.#leases.values()) {
      lease.expiry = t + extendMs + lease.effectiveTtl * 1000;
    }
  }

  /** Stops tracking deadlines (its member lost leadership): every deadline becomes infinite. */
  demote(): void {
    this.#primary = false;
    for (const lease of this.#leases.values()) lease.expiry = Infinity;
  }

  /** Removes every lease (before a restore); keeps the primary flag. */
  clear(): void {
    this.#leases.clear();
  }

  /**
   * Re-creates a lease from a snapshot: no minimum applied, no keys (re-attached from the kv
   * state). On the primary its deadline starts now from the remainder.
   */
  restore(id: number, ttl: number, remainingTtl: number): void {
    const lease = new Lease(id, ttl);
    lease.remainingTtl = remainingTtl;
    if (this.#primary) lease.expiry = this.#lastNow + lease.effectiveTtl * 1000;
    this.#leases.set(id, lease);
  }
}
