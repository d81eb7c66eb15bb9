/**
 * Segment files: their names and the verification of one segment's bytes.
 *
 * A segment is named `<seq>-<baseIndex>.wal`, both 16 lowercase hex digits. `seq` numbers the
 * segments 0, 1, 2, ... without gaps; `baseIndex` is the log's last index (or the snapshot
 * index, when higher) at the moment the segment was created. Invariant used by `releaseTo`:
 * every record needed to recover at a snapshot `s >= baseIndex` (entries after `s`, the latest
 * hard state and snapshot marker) is in this segment or a later one, because a new segment
 * begins by repeating the latest snapshot marker and hard state, and an entry written earlier
 * at an index above `baseIndex` was truncated away (the log was at `baseIndex` after it).
 *
 * @module
 */

import { CodecError, decodeSegmentHeader, type SegmentHeader } from "./codec.ts";
import { WalCorruptionError } from "./errors.ts";
import { type DecodedFrame, findValidFrameAfter, readFrame, RecordType } from "./record.ts";

/** File name suffix of segments. */
export const SEGMENT_SUFFIX = ".wal";
/** Suffix of a segment being created (renamed into place once durable). */
export const SEGMENT_TMP_SUFFIX = ".wal.tmp";

const NAME_RE = /^([0-9a-f]{16})-([0-9a-f]{16})\.wal$/;

function hex16(n: number): string {
  return n.toString(16).padStart(16, "0");
}

/** The file name of segment `seq` starting after `baseIndex`. */
export function segmentName(seq: number, baseIndex: number): string {
  return `${hex16(seq)}-${hex16(baseIndex)}${SEGMENT_SUFFIX}`;
}

/** A segment's identity parsed from its name. */
export interface SegmentId {
  readonly name: string;
  readonly seq: number;
  readonly baseIndex: number;
}

/** Parses a segment file name; undefined for any other file. */
export function parseSegmentName(name: string): SegmentId | undefined {
  const m = NAME_RE.exec(name);
  if (m === null) return undefined;
  const seq = parseInt(m[1]!, 16);
  const baseIndex = parseInt(m[2]!, 16);
  if (!Number.isSafeInteger(seq) || !Number.isSafeInteger(baseIndex)) return undefined;
  return { name, seq, baseIndex };
}

/** One verified record of a segment (after its header). */
export interface SegmentRecord {
  readonly type: RecordType;
  /** A view into the segment bytes. */
  readonly payload: Uint8Array;
  /** Offset of the frame in the segment. */
  readonly offset: number;
}

/** The verified content of one segment. */
export interface SegmentScan {
  readonly header: SegmentHeader;
  /** The `prevCrc` of the header record: the last crc of the previous segment. */
  readonly prevCrc: number;
  /** Records after the header, in order. */
  readonly records: SegmentRecord[];
  /** Offset just after the last valid record: the length to keep. */
  readonly end: number;
  /** The crc of the last valid record (the chain's tail). */
  readonly lastCrc: number;
  /** Set when the last segment ends in a torn record that `end` excludes. */
  readonly torn: { readonly offset: number; readonly reason: string } | undefined;
}

/** How to judge a segment. */
export interface ScanOptions {
  /** The newest segment: damage with nothing valid after it is a torn tail, not corruption. */
  readonly isLast: boolean;
  /** The previous segment's last crc, when that segment was read; checked against the chain. */
  readonly expectedPrevCrc: number | undefined;
}

/**
 * Verifies a segment's frames and chain.
 *
 * @throws WalCorruptionError for a bad header, a broken chain, damage in a non-final segment,
 *   or damage followed by a valid record
 */
export function scanSegment(id: SegmentId, bytes: Uint8Array, options: ScanOptions): SegmentScan {
  const first = readFrame(bytes, 0);
  if (!first.ok) throw new WalCorruptionError(id.name, 0, `bad segment header: ${first.reason}`);
  if (first.type !== RecordType.Header) {
    throw new WalCorruptionError(id.name, 0, `first record has type ${first.type}, not header`);
  }
  let header: SegmentHeader;
  try {
    header = decodeSegmentHeader(first.payload);
  } catch (e) {
    if (e instanceof CodecError) throw new WalCorruptionError(id.name, 0, e.message);
    throw e;
  }
  if (header.seq !== id.seq || header.baseIndex !== id.baseIndex) {
    throw new WalCorruptionError(
      id.name,
      0,
      `header says seq ${header.seq} base ${header.baseIndex}, unlike the file name`,
    );
  }
  if (options.expectedPrevCrc !== undefined && first.prevCrc !== options.expectedPrevCrc) {
    throw new WalCorruptionError(id.name, 0, "crc chain broken between segments");
  }

  const records: SegmentRecord[] = [];
  let at = first.end;
  let crc = first.crc;
  let torn: SegmentScan["torn"] = undefined;
  for (;;) {
    const f = readFrame(bytes, at);
    if (!f.ok && f.kind === "eof") break;
    const problem = frameProblem(f, crc);
    if (problem === undefined) {
      const frame = f as DecodedFrame;
      records.push({ type: frame.type, payload: frame.payload, offset: at });
      crc = frame.crc;
      at = frame.end;
      continue;
    }
    if (!options.isLast) throw new WalCorruptionError(id.name, at, problem);
    if (f.ok) {
      // A frame that verifies on its own but breaks the chain is not a torn write.
      throw new WalCorruptionError(id.name, at, problem);
    }
    const next = findValidFrameAfter(bytes, at);
    if (next !== undefined) {
      throw new WalCorruptionError(id.name, at, `${problem}; a valid record follows at ${next}`);
    }
    torn = { offset: at, reason: problem };
    break;
  }
  return { header, prevCrc: first.prevCrc, records, end: at, lastCrc: crc, torn };
}

function frameProblem(
  f: ReturnType<typeof readFrame>,
  expectedPrev: number,
): string | undefined {
  if (!f.ok) return f.reason;
  if (f.prevCrc !== expectedPrev) return "crc chain mismatch";
  if (f.type === RecordType.Header) return "unexpected segment header record";
  return undefined;
}
