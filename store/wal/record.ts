/**
 * The record frame of a WAL segment.
 *
 * ```
 * offset  size  field
 * 0       4     crc      CRC-32C of bytes [4, frame end): everything below, padding included
 * 4       4     prevCrc  the crc of the record before it (the chain; see below)
 * 8       4     length   payload length in bytes
 * 12      1     type     a RecordType
 * 13      3     reserved zero
 * 16      n     payload
 * 16+n    0..7  zero padding to a multiple of 8
 * ```
 * all little-endian.
 *
 * Invariants:
 * - every frame starts at a multiple of 8 (frames are padded), so a scan for records after a
 *   damaged one only needs to look at aligned offsets;
 * - a frame verifies on its own (crc over its own bytes), so valid data after a damaged record
 *   can be recognised; and the frames form a chain: each `prevCrc` equals the `crc` of the
 *   frame before it, across segments too (a segment's header record carries the last crc of the
 *   previous segment), so a lost, reordered or stale record breaks the chain.
 *
 * @module
 */

import { crc32c } from "./crc32.ts";

/** What a record holds. */
export enum RecordType {
  /** First record of every segment: a `SegmentHeader`. */
  Header = 1,
  /** One Raft log entry. */
  Entry = 2,
  /** A Raft hard state. */
  State = 3,
  /** A snapshot marker: `SnapshotMetadata` of a snapshot saved by the snapshot store. */
  Snapshot = 4,
}

/** Bytes before the payload. */
export const FRAME_HEADER_SIZE = 16;
/** Frames start at multiples of this. */
export const FRAME_ALIGN = 8;
/** Largest payload accepted (a guard against absurd lengths in damaged headers). */
export const MAX_PAYLOAD = 512 * 1024 * 1024;

function isRecordType(t: number): t is RecordType {
  return t >= RecordType.Header && t <= RecordType.Snapshot;
}

/** The on-disk size of a frame holding `payloadLength` bytes. */
export function frameSize(payloadLength: number): number {
  const raw = FRAME_HEADER_SIZE + payloadLength;
  return raw + ((FRAME_ALIGN - (raw % FRAME_ALIGN)) % FRAME_ALIGN);
}

/**
 * Writes a frame into `out` at `at` (which must have `frameSize(payload.length)` zeroed bytes
 * there) and returns its crc, the next frame's `prevCrc`.
 */
export function encodeRecordInto(
  out: Uint8Array,
  at: number,
  type: RecordType,
  payload: Uint8Array,
  prevCrc: number,
): number {
  if (payload.length > MAX_PAYLOAD) {
    throw new RangeError(`wal: record payload of ${payload.length} bytes exceeds ${MAX_PAYLOAD}`);
  }
  const size = frameSize(payload.length);
  const view = new DataView(out.buffer, out.byteOffset + at, size);
  view.setUint32(4, prevCrc, true);
  view.setUint32(8, payload.length, true);
  view.setUint8(12, type);
  out.set(payload, at + FRAME_HEADER_SIZE);
  const crc = crc32c(0, out, at + 4, at + size);
  view.setUint32(0, crc, true);
  return crc;
}

/** A logical record waiting to be framed: the framing (and its crc chain) happens at write. */
export interface PendingRecord {
  readonly type: RecordType;
  readonly payload: Uint8Array;
}

/**
 * Frames consecutive records into one buffer, chaining from `prevCrc`.
 *
 * @returns the bytes and the crc of the last frame (`prevCrc` when `records` is empty)
 */
export function encodeRecords(
  records: readonly PendingRecord[],
  prevCrc: number,
): { bytes: Uint8Array; crc: number } {
  let total = 0;
  for (const r of records) total += frameSize(r.payload.length);
  const bytes = new Uint8Array(total);
  let at = 0;
  let crc = prevCrc;
  for (const r of records) {
    crc = encodeRecordInto(bytes, at, r.type, r.payload, crc);
    at += frameSize(r.payload.length);
  }
  return { bytes, crc };
}

/** A frame that verified on its own. */
export interface DecodedFrame {
  readonly ok: true;
  readonly type: RecordType;
  /** A view into the segment bytes (copy before keeping). */
  readonly payload: Uint8Array;
  readonly crc: number;
  readonly prevCrc: number;
  /** Offset just after the frame (its padding included). */
  readonly end: number;
}

/** Why no frame could be read at an offset. */
export interface FrameFailure {
  readonly ok: false;
  /** "eof": no bytes left; "truncated": the frame runs past the end; "invalid": bad bytes. */
  readonly kind: "eof" | "truncated" | "invalid";
  readonly reason: string;
}

/**
 * Reads and verifies the frame at `at` (its own crc, type, reserved bytes, padding); does not
 * check the chain.
 */
export function readFrame(bytes: Uint8Array, at: number): DecodedFrame | FrameFailure {
  const left = bytes.length - at;
  if (left <= 0) return { ok: false, kind: "eof", reason: "end of file" };
  if (left < FRAME_HEADER_SIZE) {
    return { ok: false, kind: "truncated", reason: `truncated record header (${left} bytes)` };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, FRAME_HEADER_SIZE);
  const crc = view.getUint32(0, true);
  const prevCrc = view.getUint32(4, true);
  const length = view.getUint32(8, true);
  const type = view.getUint8(12);
  if (view.getUint8(13) !== 0 || view.getUint16(14, true) !== 0 || !isRecordType(type)) {
    return { ok: false, kind: "invalid", reason: `invalid record header (type ${type})` };
  }
  if (length > MAX_PAYLOAD) {
    return { ok: false, kind: "invalid", reason: `invalid record length ${length}` };
  }
  const size = frameSize(length);
  if (size > left) {
    return {
      ok: false,
      kind: "truncated",
      reason: `truncated record (${left} of ${size} bytes)`,
    };
  }
  if (crc32c(0, bytes, at + 4, at + size) !== crc) {
    return { ok: false, kind: "invalid", reason: "crc mismatch" };
  }
  for (let i = at + FRAME_HEADER_SIZE + length; i < at + size; i++) {
    // Unreachable with a matching crc unless written so; kept as a format check.
    if (bytes[i] !== 0) return { ok: false, kind: "invalid", reason: "nonzero padding" };
  }
  return {
    ok: true,
    type,
    payload: bytes.subarray(at + FRAME_HEADER_SIZE, at + FRAME_HEADER_SIZE + length),
    crc,
    prevCrc,
    end: at + size,
  };
}

/**
 * The first offset after `from` (exclusive, aligned) where a self-verifying frame starts, or
 * undefined. Used to tell a torn tail (nothing valid follows) from corruption in the middle.
 */
export function findValidFrameAfter(bytes: Uint8Array, from: number): number | undefined {
  let at = from + FRAME_ALIGN - (from % FRAME_ALIGN);
  for (; at + FRAME_HEADER_SIZE <= bytes.length; at += FRAME_ALIGN) {
    // Cheap header checks first so random data rarely costs a crc.
    const type = bytes[at + 12]!;
    if (!isRecordType(type) || bytes[at + 13] !== 0 || bytes[at + 14] !== 0 || bytes[at + 15]) {
      continue;
    }
    if (readFrame(bytes, at).ok) return at;
  }
  return undefined;
}
