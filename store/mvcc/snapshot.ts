/**
 * The snapshot format of the key/value state machine: everything needed to continue exactly
 * where the source left off (same answers, same watch history, same stored-bytes count).
 *
 * Content: the revision and compaction revision; the leases (id, TTL, checkpointed remainder),
 * ascending by id; the *base* — every live kv at revision `logStart − 1`, ascending by key;
 * and the change log from `logStart` to the revision, each event as written (the previous kv of
 * each event is the key's state before it, so it is not repeated). `logStart` is the compaction
 * revision (at least 2; revision 1 is the empty store); restoring replays the log over the base
 * and then compacts at the compaction revision again.
 *
 * Layout: the magic bytes "KVMV", a format version byte, then the fields in the order above
 * (see {@link ByteWriter}). Invariant: equal states give identical bytes.
 *
 * @module
 */

import { ByteReader, ByteWriter, DecodeError } from "./binary.ts";
import type { EventType, KeyValue } from "./types.ts";

const MAGIC = [0x4b, 0x56, 0x4d, 0x56]; // "KVMV"
/** The snapshot format version. */
export const SNAPSHOT_VERSION = 1;

/** One lease in a snapshot (its keys follow from the kvs' `lease` fields). */
export interface SnapshotLease {
  readonly id: number;
  readonly ttl: number;
  readonly remainingTtl: number;
}

/** One change in a snapshot's log; `modRevision` is its revision. DELETE uses only `key`. */
export interface SnapshotEvent {
  readonly type: EventType;
  readonly key: Uint8Array;
  readonly createRevision: number;
  readonly version: number;
  readonly value: Uint8Array;
  readonly lease: number;
}

/** The decoded content of a snapshot (see the module doc). */
export interface SnapshotData {
  readonly revision: number;
  readonly compactRevision: number;
  readonly leases: readonly SnapshotLease[];
  /** Live kvs at `logStart − 1`, ascending by key. */
  readonly base: readonly KeyValue[];
  /** Revision of `log[0]`. */
  readonly logStart: number;
  /** Events of each revision from `logStart` on, in order. */
  readonly log: readonly (readonly SnapshotEvent[])[];
}

const PUT = 0;
const DELETE = 1;

/** Encodes `data` (deterministically). */
export function encodeSnapshot(data: SnapshotData): Uint8Array {
  const w = new ByteWriter(1 << 16);
  for (const b of MAGIC) w.byte(b);
  w.byte(SNAPSHOT_VERSION);
  w.uint(data.revision);
  w.uint(data.compactRevision);
  w.uint(data.leases.length);
  for (const l of data.leases) {
    w.int(l.id);
    w.uint(l.ttl);
    w.uint(l.remainingTtl);
  }
  w.uint(data.base.length);
  for (const kv of data.base) {
    w.bytes(kv.key);
    w.uint(kv.createRevision);
    w.uint(kv.modRevision);
    w.uint(kv.version);
    w.bytes(kv.value);
    w.int(kv.lease);
  }
  w.uint(data.logStart);
  w.uint(data.log.length);
  for (const events of data.log) {
    w.uint(events.length);
    for (const ev of events) {
      w.byte(ev.type === "PUT" ? PUT : DELETE);
      w.bytes(ev.key);
      if (ev.type === "PUT") {
        w.uint(ev.createRevision);
        w.uint(ev.version);
        w.bytes(ev.value);
        w.int(ev.lease);
      }
    }
  }
  return w.finish();
}

const EMPTY = new Uint8Array(0);

/**
 * Decodes a snapshot made by {@link encodeSnapshot}; byte strings are copied out of `bytes`.
 * Throws {@link DecodeError} on malformed input.
 */
export function decodeSnapshot(bytes: Uint8Array): SnapshotData {
  const r = new ByteReader(bytes);
  for (const b of MAGIC) if (r.byte() !== b) throw new DecodeError("snapshot: bad magic");
  const version = r.byte();
  if (version !== SNAPSHOT_VERSION) throw new DecodeError(`snapshot: unknown version ${version}`);
  const revision = r.uint();
  const compactRevision = r.uint();
  const leases: SnapshotLease[] = [];
  for (let n = r.uint(); n > 0; n--) {
    const id = r.int();
    const ttl = r.uint();
    leases.push({ id, ttl, remainingTtl: r.uint() });
  }
  const base: KeyValue[] = [];
  for (let n = r.uint(); n > 0; n--) {
    const key = r.bytes().slice();
    const createRevision = r.uint();
    const modRevision = r.uint();
    const version = r.uint();
    const value = r.bytes().slice();
    base.push({ key, createRevision, modRevision, version, value, lease: r.int() });
  }
  const logStart = r.uint();
  const log: SnapshotEvent[][] = [];
  for (let n = r.uint(); n > 0; n--) {
    const events: SnapshotEvent[] = [];
    for (let m = r.uint(); m > 0; m--) {
      const type = r.byte();
      const key = r.bytes().slice();
      if (type === DELETE) {
        events.push({ type: "DELETE", key, createRevision: 0, version: 0, value: EMPTY, lease: 0 });
      } else if (type === PUT) {
        const createRevision = r.uint();
        const version = r.uint();
        const value = r.bytes().slice();
        events.push({ type: "PUT", key, createRevision, version, value, lease: r.int() });
      } else {
        throw new DecodeError(`snapshot: bad event type ${type}`);
      }
    }
    log.push(events);
  }
  r.end();
  if (compactRevision > revision || (log.length > 0 && logStart + log.length - 1 !== revision)) {
    throw new DecodeError("snapshot: inconsistent revisions");
  }
  return { revision, compactRevision, leases, base, logStart, log };
}
