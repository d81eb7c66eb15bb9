/**
 * Compact little-endian binary encodings of the values the WAL persists. Integers that Raft
 * keeps as JS numbers (terms, indexes, node ids) are stored as u64 and must be safe integers.
 * Decoders are strict: a wrong length or an unsafe number is a `CodecError`, which the reader
 * reports as corruption (the record's checksum was right, so a crash cannot explain it).
 *
 * @module
 */

import type { ConfState, Entry, EntryType, HardState, SnapshotMetadata } from "../raft/types.ts";

/** A payload that does not decode. */
export class CodecError extends Error {
  /** @param message what is wrong */
  constructor(message: string) {
    super(message);
    this.name = "CodecError";
  }
}

const TWO_32 = 2 ** 32;

/** A growable little-endian writer. */
class Writer {
  #buf: Uint8Array;
  #view: DataView;
  #len = 0;

  constructor(capacity: number) {
    this.#buf = new Uint8Array(capacity);
    this.#view = new DataView(this.#buf.buffer);
  }

  #reserve(n: number): number {
    const at = this.#len;
    if (at + n > this.#buf.length) {
      const grown = new Uint8Array(Math.max(at + n, this.#buf.length * 2));
      grown.set(this.#buf.subarray(0, at));
      this.#buf = grown;
      this.#view = new DataView(grown.buffer);
    }
    this.#len = at + n;
    return at;
  }

  u8(v: number): void {
    this.#view.setUint8(this.#reserve(1), v);
  }

  u32(v: number): void {
    this.#view.setUint32(this.#reserve(4), v, true);
  }

  /** A non-negative safe integer as u64. */
  u64(v: number, what: string): void {
    if (!Number.isSafeInteger(v) || v < 0) {
      throw new RangeError(`codec: ${what} must be a non-negative safe integer, got ${v}`);
    }
    const at = this.#reserve(8);
    this.#view.setUint32(at, v % TWO_32, true);
    this.#view.setUint32(at + 4, Math.floor(v / TWO_32), true);
  }

  bytes(b: Uint8Array): void {
    this.#buf.set(b, this.#reserve(b.length));
  }

  /** A u32 length then the bytes. */
  lenBytes(b: Uint8Array): void {
    this.u32(b.length);
    this.bytes(b);
  }

  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}

/** A bounds-checked little-endian reader over one payload. */
class Reader {
  #view: DataView;
  #at = 0;

  constructor(readonly buf: Uint8Array, readonly what: string) {
    this.#view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  #take(n: number): number {
    const at = this.#at;
    if (at + n > this.buf.length) {
      throw new CodecError(`${this.what}: truncated payload (${this.buf.length} bytes)`);
    }
    this.#at = at + n;
    return at;
  }

  u8(): number {
    return this.#view.getUint8(this.#take(1));
  }

  u32(): number {
    return this.#view.getUint32(this.#take(4), true);
  }

  u64(): number {
    const at = this.#take(8);
    const lo = this.#view.getUint32(at, true);
    const hi = this.#view.getUint32(at + 4, true);
    if (hi >= 2 ** 21) throw new CodecError(`${this.what}: integer beyond 2^53`);
    return hi * TWO_32 + lo;
  }

  bytes(n: number): Uint8Array {
    const at = this.#take(n);
    return this.buf.slice(at, at + n);
  }

  lenBytes(): Uint8Array {
    return this.bytes(this.u32());
  }

  rest(): Uint8Array {
    return this.bytes(this.buf.length - this.#at);
  }

  end(): void {
    if (this.#at !== this.buf.length) {
      throw new CodecError(`${this.what}: ${this.buf.length - this.#at} trailing bytes`);
    }
  }
}

/** Entry: term u64, index u64, type u8, data (the rest of the payload). */
export function encodeEntry(e: Entry): Uint8Array {
  const w = new Writer(17 + e.data.length);
  w.u64(e.term, "entry term");
  w.u64(e.index, "entry index");
  if (!Number.isInteger(e.type) || e.type < 0 || e.type > 255) {
    throw new RangeError(`codec: entry type must be a byte, got ${e.type}`);
  }
  w.u8(e.type);
  w.bytes(e.data);
  return w.finish();
}

/** Inverse of `encodeEntry`; the data is a fresh copy. */
export function decodeEntry(payload: Uint8Array): Entry {
  const r = new Reader(payload, "entry");
  const term = r.u64();
  const index = r.u64();
  const type = r.u8() as EntryType;
  return { term, index, type, data: r.rest() };
}

/** HardState: term u64, vote u64, commit u64. */
export function encodeHardState(hs: HardState): Uint8Array {
  const w = new Writer(24);
  w.u64(hs.term, "hard state term");
  w.u64(hs.vote, "hard state vote");
  w.u64(hs.commit, "hard state commit");
  return w.finish();
}

/** Inverse of `encodeHardState`. */
export function decodeHardState(payload: Uint8Array): HardState {
  const r = new Reader(payload, "hard state");
  const hs = { term: r.u64(), vote: r.u64(), commit: r.u64() };
  r.end();
  return hs;
}

function writeIds(w: Writer, ids: readonly number[], what: string): void {
  w.u32(ids.length);
  for (const id of ids) w.u64(id, what);
}

function readIds(r: Reader): number[] {
  const n = r.u32();
  if (n * 8 > r.buf.length) throw new CodecError(`${r.what}: id count ${n} exceeds payload`);
  const ids: number[] = [];
  for (let i = 0; i < n; i++) ids.push(r.u64());
  return ids;
}

/** Writes a ConfState: voters (u32 count, u64 each), learners (same). */
function writeConfState(w: Writer, cs: ConfState): void {
  writeIds(w, cs.voters, "voter id");
  writeIds(w, cs.learners, "learner id");
}

function readConfState(r: Reader): ConfState {
  const voters = readIds(r);
  const learners = readIds(r);
  return { voters, learners };
}

/** SnapshotMetadata: index u64, term u64, then the ConfState. */
export function encodeSnapshotMetadata(m: SnapshotMetadata): Uint8Array {
  const w = new Writer(24 + 8 * (m.confState.voters.length + m.confState.learners.length));
  w.u64(m.index, "snapshot index");
  w.u64(m.term, "snapshot term");
  writeConfState(w, m.confState);
  return w.finish();
}

/** Inverse of `encodeSnapshotMetadata`. */
export function decodeSnapshotMetadata(payload: Uint8Array): SnapshotMetadata {
  const r = new Reader(payload, "snapshot metadata");
  const index = r.u64();
  const term = r.u64();
  const confState = readConfState(r);
  r.end();
  return { index, term, confState };
}

/** "KWAL" as a little-endian u32: the first payload bytes of every segment. */
export const SEGMENT_MAGIC = 0x4c41574b;
/** Version of the segment format written by this code. */
export const SEGMENT_VERSION = 1;

/** What the first record of every segment says about it. */
export interface SegmentHeader {
  /** Position of the segment in the sequence (its file name's first field). */
  readonly seq: number;
  /** The log index the segment starts after (its file name's second field). */
  readonly baseIndex: number;
  /** The opaque metadata given to `Wal.create`, repeated in every segment. */
  readonly metadata: Uint8Array;
}

/** Segment header: magic u32, version u8, seq u64, baseIndex u64, metadata (u32 len + bytes). */
export function encodeSegmentHeader(h: SegmentHeader): Uint8Array {
  const w = new Writer(25 + h.metadata.length);
  w.u32(SEGMENT_MAGIC);
  w.u8(SEGMENT_VERSION);
  w.u64(h.seq, "segment seq");
  w.u64(h.baseIndex, "segment base index");
  w.lenBytes(h.metadata);
  return w.finish();
}

/** Inverse of `encodeSegmentHeader`; checks the magic and version. */
export function decodeSegmentHeader(payload: Uint8Array): SegmentHeader {
  const r = new Reader(payload, "segment header");
  if (r.u32() !== SEGMENT_MAGIC) throw new CodecError("segment header: bad magic");
  const version = r.u8();
  if (version !== SEGMENT_VERSION) {
    throw new CodecError(`segment header: unsupported version ${version}`);
  }
  const seq = r.u64();
  const baseIndex = r.u64();
  const metadata = r.lenBytes();
  r.end();
  return { seq, baseIndex, metadata };
}

/** "KSNP" as a little-endian u32: the first bytes of every snapshot file. */
export const SNAPSHOT_MAGIC = 0x504e534b;
/** Version of the snapshot file format written by this code. */
export const SNAPSHOT_VERSION = 1;

/** Snapshot body (checksummed by the snapshot store): metadata (u32 len + bytes), data (rest). */
export function encodeSnapshotBody(metadata: SnapshotMetadata, data: Uint8Array): Uint8Array {
  const meta = encodeSnapshotMetadata(metadata);
  const w = new Writer(4 + meta.length + data.length);
  w.lenBytes(meta);
  w.bytes(data);
  return w.finish();
}

/** Inverse of `encodeSnapshotBody`. */
export function decodeSnapshotBody(
  body: Uint8Array,
): { metadata: SnapshotMetadata; data: Uint8Array } {
  const r = new Reader(body, "snapshot");
  const metadata = decodeSnapshotMetadata(r.lenBytes());
  return { metadata, data: r.rest() };
}
