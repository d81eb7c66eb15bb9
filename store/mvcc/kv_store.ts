/**
 * The revisioned key/value state machine (etcd's mvcc `store` + the apply layer): range, put,
 * delete, txn, compaction and leases over a {@link KeyIndex}, with a change log feeding the
 * {@link WatchHub}. Applied identically on every member from committed log entries; no timers,
 * clocks or randomness inside (lease time is passed in and only affects member-local expiry).
 *
 * Invariants:
 * - `revision` starts at 1 (the empty store) and grows by exactly 1 per applied request that
 *   changes at least one key (a txn with many writes is one revision; sub-revisions order its
 *   events); reads, failed requests, no-op deletes and lease grants do not bump it;
 * - a request either fails before changing anything (typed error, state untouched) or is applied
 *   entirely: every check (shape, compares, revisions, leases, quota) runs first;
 * - `size` is the sum of {@link entrySize} over all history entries; it only grows by writes
 *   and only shrinks by compaction;
 * - reads at a revision in [compactRevision, revision] see exactly that revision's state.
 *
 * @module
 */

import { compareBytes, EMPTY_BYTES, type KeyRange, keyRange, toKeyString } from "./bytes.ts";
import { CompactedError, FutureRevisionError, LeaseNotFoundError } from "./errors.ts";
import { KeyNotFoundError, QuotaExceededError } from "./errors.ts";
import { EventLog } from "./event_log.ts";
import { ENTRY_OVERHEAD, entrySize, type KeyHistory, KeyIndex, tombstone } from "./key_index.ts";
import { Lessor } from "./lessor.ts";
import { decodeSnapshot, encodeSnapshot, type SnapshotEvent } from "./snapshot.ts";
import {
  compareHolds,
  DEFAULT_MAX_TXN_OPS,
  validateDeleteRange,
  validatePut,
  validateRange,
  validateTxn,
} from "./txn.ts";
import type {
  CompactionRequest,
  CompactionResponse,
  DeleteRangeRequest,
  DeleteRangeResponse,
  Event,
  KeyValue,
  LeaseCheckpointRequest,
  LeaseCheckpointResponse,
  LeaseGrantRequest,
  LeaseGrantResponse,
  LeaseRevokeRequest,
  LeaseRevokeResponse,
  PutRequest,
  PutResponse,
  RangeRequest,
  RangeResponse,
  RequestOp,
  ResponseOp,
  StoreRequest,
  StoreResponse,
  TxnRequest,
  TxnResponse,
  WatchRequest,
} from "./types.ts";
import { type Watcher, WatchHub, type WatchHubOptions, type WatchSource } from "./watch_hub.ts";

/** etcd's default backend quota: 2 GiB. */
export const DEFAULT_QUOTA_BYTES = 2 * 1024 * 1024 * 1024;

/** Options of a {@link KvStore}. */
export interface KvStoreOptions {
  /** Limit on stored bytes (keys + values + history); writes that would pass it fail. */
  readonly quotaBytes?: number;
  /** Bound on compares/operations per txn branch (etcd `--max-txn-ops`, default 128). */
  readonly maxTxnOps?: number;
  /** Smallest lease TTL in seconds (default 2). */
  readonly minLeaseTtl?: number;
  /** Watch buffer and batch bounds. */
  readonly watch?: WatchHubOptions;
}

/** A lease as `LeaseTimeToLive` reports it. */
export interface LeaseTimeToLive {
  /** The lease id. */
  readonly id: number;
  /** Remaining seconds (see {@link Lessor.remaining}). */
  readonly ttl: number;
  /** The granted TTL in seconds. */
  readonly grantedTtl: number;
  /** Attached keys, ascending. */
  readonly keys: readonly Uint8Array[];
}

/** The branch a txn takes, decided before anything executes (etcd `compareToPath`). */
interface TxnPlan {
  readonly succeeded: boolean;
  readonly ops: readonly RequestOp[];
  /** For each op that is a txn, its plan. */
  readonly nested: readonly (TxnPlan | undefined)[];
}

/** The changes of one write in progress; they all get revision `rev`. */
class Batch {
  readonly rev: number;
  readonly events: Event[] = [];
  readonly skeys: string[] = [];

  constructor(rev: number) {
    this.rev = rev;
  }

  push(ev: Event, skey: string): void {
    this.events.push(ev);
    this.skeys.push(skey);
  }
}

/** The revisioned key/value state machine (see the module doc). */
export class KvStore implements WatchSource {
  #index = new KeyIndex();
  #log = new EventLog();
  #rev = 1;
  #compactRev = 0;
  #size = 0;
  readonly #quota: number;
  readonly #maxTxnOps: number;
  /** The leases (grant/revoke/checkpoint go through {@link KvStore.apply}). */
  readonly lessor: Lessor;
  /** The watchers of this store. */
  readonly watchHub: WatchHub;

  /** Creates an empty store at revision 1. */
  constructor(options: KvStoreOptions = {}) {
    this.#quota = options.quotaBytes ?? DEFAULT_QUOTA_BYTES;
    this.#maxTxnOps = options.maxTxnOps ?? DEFAULT_MAX_TXN_OPS;
    this.lessor = new Lessor(
      options.minLeaseTtl === undefined ? {} : { minTtl: options.minLeaseTtl },
    );
    this.watchHub = new WatchHub(this, options.watch);
  }

  /** The current revision. */
  get revision(): number {
    return this.#rev;
  }

  /** The compaction revision: reads below it fail (0 before any compaction). */
  get compactRevision(): number {
    return this.#compactRev;
  }

  /** The change log (read-only use: watch catch-up). */
  get log(): EventLog {
    return this.#log;
  }

  /** Stored bytes: keys + values + per-entry overhead, over all history since compaction. */
  get size(): number {
    return this.#size;
  }

  /** The configured quota in bytes. */
  get quotaBytes(): number {
    return this.#quota;
  }

  /** Number of keys with history (live, or deleted and not yet compacted). */
  get keyCount(): number {
    return this.#index.size;
  }

  /**
   * Applies one committed request and returns its answer (the field named like the request's).
   * `now` (milliseconds, the member's clock) only sets member-local lease deadlines. Throws a
   * `StoreError` — deterministically, with the state unchanged — when the request fails.
   */
  apply(request: StoreRequest, now?: number): StoreResponse {
    if ("put" in request) return { put: this.put(request.put) };
    if ("txn" in request) return { txn: this.txn(request.txn) };
    if ("range" in request) return { range: this.range(request.range) };
    if ("deleteRange" in request) return { deleteRange: this.deleteRange(request.deleteRange) };
    if ("compaction" in request) return { compaction: this.compact(request.compaction) };
    if ("leaseGrant" in request) return { leaseGrant: this.leaseGrant(request.leaseGrant, now) };
    if ("leaseRevoke" in request) return { leaseRevoke: this.leaseRevoke(request.leaseRevoke) };
    if ("leaseCheckpoint" in request) {
      return { leaseCheckpoint: this.leaseCheckpoint(request.leaseCheckpoint) };
    }
    throw new TypeError("apply: unknown request");
  }

  // ---- reads ---------------------------------------------------------------------------------

  #checkReadRevision(rev: number): void {
    if (rev <= 0) return;
    if (rev > this.#rev) throw new FutureRevisionError(this.#rev);
    if (rev < this.#compactRev) throw new CompactedError(this.#compactRev);
  }

  /** Reads a key or range (at a past revision when asked). */
  range(req: RangeRequest): RangeResponse {
    validateRange(req);
    this.#checkReadRevision(req.revision ?? 0);
    return this.#range(req, this.#rev);
  }

  /** The range read itself; `readRev` is the revision of the read view (revision checked). */
  #range(req: RangeRequest, readRev: number): RangeResponse {
    const asked = req.revision ?? 0;
    const atRev = asked > 0 ? asked : readRev;
    const sortOrder = req.sortOrder ?? "NONE";
    const sortTarget = req.sortTarget ?? "KEY";
    const minMod = req.minModRevision ?? 0;
    const maxMod = req.maxModRevision ?? 0;
    const minCreate = req.minCreateRevision ?? 0;
    const maxCreate = req.maxCreateRevision ?? 0;
    const filtered = minMod !== 0 || maxMod !== 0 || minCreate !== 0 || maxCreate !== 0;
    const limit = req.limit ?? 0;
    // Like etcd: fetch one extra for `more`, or everything when filtering/sorting comes after.
    const fetch = sortOrder !== "NONE" || filtered ? 0 : limit > 0 ? limit + 1 : 0;
    const countOnly = req.countOnly ?? false;
    let count = 0;
    let kvs: KeyValue[] = [];
    this.#index.scan(keyRange(req.key, req.rangeEnd), (h) => {
      const kv = h.at(atRev);
      if (kv === undefined) return;
      count++;
      if (!countOnly && (fetch === 0 || kvs.length < fetch)) kvs.push(kv);
    });
    if (filtered) {
      kvs = kvs.filter((kv) =>
        (maxMod === 0 || kv.modRevision <= maxMod) && (minMod === 0 || kv.modRevision >= minMod) &&
        (maxCreate === 0 || kv.createRevision <= maxCreate) &&
        (minCreate === 0 || kv.createRevision >= minCreate)
      );
    }
    let order = sortOrder;
    if (sortTarget !== "KEY" && order === "NONE") order = "ASCEND";
    else if (sortTarget === "KEY" && order === "ASCEND") order = "NONE";
    if (order === "DESCEND" && sortTarget === "KEY") {
      kvs.reverse();
    } else if (order !== "NONE") {
      const sign = order === "DESCEND" ? -1 : 1;
      const field = sortField(sortTarget);
      // Stable: ties stay in ascending key order.
      kvs.sort((a, b) => sign * field(a, b));
    }
    let more = false;
    if (limit > 0 && kvs.length > limit) {
      kvs = kvs.slice(0, limit);
      more = true;
    }
    if (req.keysOnly) kvs = kvs.map((kv) => ({ ...kv, value: EMPTY_BYTES }));
    return { header: { revision: readRev }, kvs, more, count };
  }

  /** The live kvs of a key or range now. */
  #liveKvs(r: KeyRange): KeyValue[] {
    const out: KeyValue[] = [];
    this.#index.scan(r, (h) => {
      const kv = h.current();
      if (kv !== undefined) out.push(kv);
    });
    return out;
  }

  // ---- writes --------------------------------------------------------------------------------

  #checkQuota(cost: number): void {
    if (cost > 0 && this.#size + cost > this.#quota) {
      throw new QuotaExceededError(this.#quota, this.#size + cost);
    }
  }

  /** Checks a put against the current state; returns its stored-bytes cost. */
  #checkPut(req: PutRequest): number {
    const lease = req.lease ?? 0;
    let valueLength = req.value.length;
    if (req.ignoreValue || req.ignoreLease) {
      const cur = this.#index.get(toKeyString(req.key))?.current();
      if (cur === undefined) throw new KeyNotFoundError();
      if (req.ignoreValue) valueLength = cur.value.length;
    }
    if (lease !== 0 && this.lessor.lookup(lease) === undefined) throw new LeaseNotFoundError(lease);
    return req.key.length + valueLength + ENTRY_OVERHEAD;
  }

  #put(batch: Batch, req: PutRequest, skey: string): KeyValue | undefined {
    const h = this.#index.get(skey);
    const prev = h?.current();
    const value = req.ignoreValue ? prev!.value : req.value.slice();
    const lease = req.ignoreLease ? prev!.lease : (req.lease ?? 0);
    const kv: KeyValue = {
      key: h?.key ?? req.key.slice(),
      createRevision: prev === undefined ? batch.rev : prev.createRevision,
      modRevision: batch.rev,
      version: prev === undefined ? 1 : prev.version + 1,
      value,
      lease,
    };
    this.#index.appendTo(h, skey, kv);
    this.#size += entrySize(kv);
    if (prev !== undefined && prev.lease !== lease) this.lessor.detach(prev.lease, skey);
    this.lessor.attach(lease, skey);
    batch.push(prev === undefined ? { type: "PUT", kv } : { type: "PUT", kv, prevKv: prev }, skey);
    return prev;
  }

  #deleteOne(batch: Batch, h: KeyHistory, prev: KeyValue): void {
    const tomb = tombstone(h.key, batch.rev);
    this.#index.appendTo(h, h.skey, tomb);
    this.#size += entrySize(tomb);
    this.lessor.detach(prev.lease, h.skey);
    batch.push({ type: "DELETE", kv: tomb, prevKv: prev }, h.skey);
  }

  #deleteRange(batch: Batch, r: KeyRange): KeyValue[] {
    const victims: KeyHistory[] = [];
    const prevs: KeyValue[] = [];
    this.#index.scan(r, (h) => {
      const cur = h.current();
      if (cur !== undefined) {
        victims.push(h);
        prevs.push(cur);
      }
    });
    for (let i = 0; i < victims.length; i++) this.#deleteOne(batch, victims[i]!, prevs[i]!);
    return prevs;
  }

  /** Ends a write: the revision advances iff something changed; watchers get the events. */
  #commit(batch: Batch): void {
    if (batch.events.length === 0) return;
    this.#rev = batch.rev;
    this.#log.append(batch.rev, batch.events);
    this.watchHub.notify(batch.rev, batch.events, batch.skeys);
  }

  /** Writes one key (one new revision). */
  put(req: PutRequest): PutResponse {
    validatePut(req);
    this.#checkQuota(this.#checkPut(req));
    const batch = new Batch(this.#rev + 1);
    const prev = this.#put(batch, req, toKeyString(req.key));
    this.#commit(batch);
    const header = { revision: this.#rev };
    return req.prevKv && prev !== undefined ? { header, prevKv: prev } : { header };
  }

  /** Deletes a key or range (one new revision when anything was deleted). */
  deleteRange(req: DeleteRangeRequest): DeleteRangeResponse {
    validateDeleteRange(req);
    const batch = new Batch(this.#rev + 1);
    const prevs = this.#deleteRange(batch, keyRange(req.key, req.rangeEnd));
    this.#commit(batch);
    return {
      header: { revision: this.#rev },
      deleted: prevs.length,
      prevKvs: req.prevKv ? prevs : [],
    };
  }

  #plan(t: TxnRequest): TxnPlan {
    const succeeded = t.compare.every((c) =>
      compareHolds(c, this.#liveKvs(keyRange(c.key, c.rangeEnd)))
    );
    const ops = succeeded ? t.success : t.failure;
    const nested = ops.map((op) => ("requestTxn" in op ? this.#plan(op.requestTxn) : undefined));
    return { succeeded, ops, nested };
  }

  /** Checks every op on the plan's path against the state before the txn; returns the cost. */
  #checkPlan(plan: TxnPlan): number {
    let cost = 0;
    plan.ops.forEach((op, i) => {
      if ("requestRange" in op) this.#checkReadRevision(op.requestRange.revision ?? 0);
      else if ("requestPut" in op) cost += this.#checkPut(op.requestPut);
      else if ("requestTxn" in op) cost += this.#checkPlan(plan.nested[i]!);
    });
    return cost;
  }

  #execute(plan: TxnPlan, batch: Batch): TxnResponse {
    const seen = () => (batch.events.length > 0 ? batch.rev : this.#rev);
    const responses: ResponseOp[] = [];
    plan.ops.forEach((op, i) => {
      if ("requestRange" in op) {
        responses.push({ responseRange: this.#range(op.requestRange, seen()) });
      } else if ("requestPut" in op) {
        const req = op.requestPut;
        const prev = this.#put(batch, req, toKeyString(req.key));
        const header = { revision: batch.rev };
        responses.push({
          responsePut: req.prevKv && prev !== undefined ? { header, prevKv: prev } : { header },
        });
      } else if ("requestDeleteRange" in op) {
        const req = op.requestDeleteRange;
        const prevs = this.#deleteRange(batch, keyRange(req.key, req.rangeEnd));
        responses.push({
          responseDeleteRange: {
            header: { revision: seen() },
            deleted: prevs.length,
            prevKvs: req.prevKv ? prevs : [],
          },
        });
      } else if ("requestTxn" in op) {
        responses.push({ responseTxn: this.#execute(plan.nested[i]!, batch) });
      }
    });
    return { header: { revision: seen() }, succeeded: plan.succeeded, responses };
  }

  /**
   * Runs a txn atomically: compares (and nested txns' compares) are evaluated against the state
   * before it, then the chosen branch runs; all its writes share one new revision (none when it
   * writes nothing); reads in the branch see the branch's earlier writes.
   */
  txn(req: TxnRequest): TxnResponse {
    validateTxn(req, this.#maxTxnOps);
    const plan = this.#plan(req);
    this.#checkQuota(this.#checkPlan(plan));
    const batch = new Batch(this.#rev + 1);
    const resp = this.#execute(plan, batch);
    this.#commit(batch);
    return resp;
  }

  /**
   * Compacts at `revision`: reads and watches below it fail from now on; the latest version of
   * each key at `revision` is kept. Fails for a revision ≤ the compaction revision or above the
   * current one. Not a new revision.
   */
  compact(req: CompactionRequest): CompactionResponse {
    const rev = req.revision;
    if (rev <= this.#compactRev) throw new CompactedError(this.#compactRev);
    if (rev > this.#rev) throw new FutureRevisionError(this.#rev);
    this.#compactRev = rev;
    this.#size -= this.#index.compact(rev);
    this.#log.dropBelow(rev);
    this.watchHub.compacted(rev);
    return { header: { revision: this.#rev } };
  }

  // ---- leases --------------------------------------------------------------------------------

  /** Creates a lease (not a new revision); `now` sets its deadline if this member leads. */
  leaseGrant(req: LeaseGrantRequest, now?: number): LeaseGrantResponse {
    const lease = this.lessor.grant(req.id, req.ttl, now);
    return { header: { revision: this.#rev }, id: lease.id, ttl: lease.ttl };
  }

  /**
   * Revokes a lease (also how expiry happens: the leader proposes this): its keys are deleted in
   * ascending key order in one new revision (none when it has no keys).
   */
  leaseRevoke(req: LeaseRevokeRequest): LeaseRevokeResponse {
    const lease = this.lessor.lookup(req.id);
    if (lease === undefined) throw new LeaseNotFoundError(req.id);
    const skeys = [...lease.keys].sort();
    const batch = new Batch(this.#rev + 1);
    for (const skey of skeys) {
      const h = this.#index.get(skey);
      const cur = h?.current();
      if (h !== undefined && cur !== undefined) this.#deleteOne(batch, h, cur);
    }
    this.lessor.remove(req.id);
    this.#commit(batch);
    return { header: { revision: this.#rev } };
  }

  /** Records leases' remaining TTLs (not a new revision). */
  leaseCheckpoint(req: LeaseCheckpointRequest): LeaseCheckpointResponse {
    this.lessor.checkpoint(req.checkpoints);
    return { header: { revision: this.#rev } };
  }

  /** A lease's remaining TTL, granted TTL and keys (etcd `LeaseTimeToLive`); undefined if none. */
  leaseTimeToLive(id: number, now: number): LeaseTimeToLive | undefined {
    const lease = this.lessor.lookup(id);
    const ttl = this.lessor.remaining(id, now);
    if (lease === undefined || ttl === undefined) return undefined;
    const keys = [...lease.keys].sort().map((skey) => this.#index.get(skey)!.key);
    return { id, ttl, grantedTtl: lease.ttl, keys };
  }

  // ---- watch ---------------------------------------------------------------------------------

  /** Creates a watcher (see {@link WatchHub.watch}). */
  watch(req: WatchRequest): Watcher {
    return this.watchHub.watch(req);
  }

  // ---- snapshots -----------------------------------------------------------------------------

  /** Serializes the whole state machine (deterministic: equal states give equal bytes). */
  snapshot(): Uint8Array {
    const log = this.#log;
    const logStart = log.length > 0 ? log.first : this.#rev + 1;
    const first = log.get(logStart) ?? [];
    const base: [string, KeyValue][] = [];
    const changedAtStart = new Set<string>();
    for (const ev of first) {
      const skey = toKeyString(ev.kv.key);
      changedAtStart.add(skey);
      if (ev.prevKv !== undefined) base.push([skey, ev.prevKv]);
    }
    this.#index.forEach((h) => {
      if (changedAtStart.has(h.skey)) return;
      const kv = h.at(logStart);
      if (kv !== undefined) base.push([h.skey, kv]);
    });
    base.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const events: SnapshotEvent[][] = [];
    for (let r = logStart; r <= log.last && log.length > 0; r++) {
      events.push(log.get(r)!.map((ev) => ({ ...ev.kv, type: ev.type })));
    }
    const leases = this.lessor.ids().map((id) => {
      const l = this.lessor.lookup(id)!;
      return { id, ttl: l.ttl, remainingTtl: l.remainingTtl };
    });
    return encodeSnapshot({
      revision: this.#rev,
      compactRevision: this.#compactRev,
      leases,
      base: base.map(([, kv]) => kv),
      logStart,
      log: events,
    });
  }

  /**
   * Replaces the whole state with a {@link KvStore.snapshot}. Watchers continue from the
   * revision they need when the snapshot still has it (else they are canceled). Throws
   * `DecodeError` on a malformed snapshot, leaving the state unchanged.
   */
  restore(bytes: Uint8Array): void {
    const data = decodeSnapshot(bytes);
    const index = new KeyIndex();
    const log = new EventLog();
    let size = 0;
    for (const kv of data.base) {
      index.append(toKeyString(kv.key), kv);
      size += entrySize(kv);
    }
    data.log.forEach((snapEvents, i) => {
      const rev = data.logStart + i;
      const events: Event[] = [];
      for (const ev of snapEvents) {
        const skey = toKeyString(ev.key);
        const h = index.get(skey);
        const prev = h?.current();
        const key = h?.key ?? ev.key;
        let kv: KeyValue;
        if (ev.type === "DELETE") {
          if (prev === undefined) throw new RangeError("snapshot: deletion of a missing key");
          kv = tombstone(key, rev);
        } else {
          const { createRevision, version, value, lease } = ev;
          kv = { key, createRevision, modRevision: rev, version, value, lease };
        }
        index.append(skey, kv);
        size += entrySize(kv);
        events.push(
          prev === undefined ? { type: ev.type, kv } : { type: ev.type, kv, prevKv: prev },
        );
      }
      log.append(rev, events);
    });
    if (data.compactRevision > 0) size -= index.compact(data.compactRevision);
    const oldRevision = this.#rev;
    this.#index = index;
    this.#log = log;
    this.#size = size;
    this.#rev = data.revision;
    this.#compactRev = data.compactRevision;
    this.lessor.clear();
    for (const l of data.leases) this.lessor.restore(l.id, l.ttl, l.remainingTtl);
    index.forEach((h) => {
      const cur = h.current();
      if (cur !== undefined) this.lessor.attach(cur.lease, h.skey);
    });
    this.watchHub.restored(oldRevision);
  }

  /** A 32-bit FNV-1a hash of {@link KvStore.snapshot}: equal on members in the same state. */
  hash(): number {
    let h = 0x811c9dc5;
    for (const b of this.snapshot()) h = Math.imul(h ^ b, 0x01000193);
    return h >>> 0;
  }
}

function sortField(target: string): (a: KeyValue, b: KeyValue) => number {
  switch (target) {
    case "VERSION":
      return (a, b) => a.version - b.version;
    case "CREATE":
      return (a, b) => a.createRevision - b.createRevision;
    case "MOD":
      return (a, b) => a.modRevision - b.modRevision;
    case "VALUE":
      return (a, b) => compareBytes(a.value, b.value);
    default:
      return () => 0;
  }
}
