/**
 * The write-ahead log: Raft entries, hard states and snapshot markers appended to segment
 * files, each save durable (fsynced) before its promise resolves.
 *
 * Write path: `save`/`saveSnapshot` validate and encode their records at call time and queue
 * them; one worker drains the queue. Every save queued while a write+fsync is in flight joins
 * the next batch, which is written with one append and made durable with one fsync (group
 * commit). After a batch, a segment that reached `segmentSize` is closed and a new one is
 * created (written to a temp file, fsynced, renamed, directory fsynced), beginning with its
 * header, the latest snapshot marker and the latest hard state.
 *
 * Read path: `Wal.open` verifies every segment (see `segment.ts`), truncates a torn tail of the
 * last one, refuses corruption with `WalCorruptionError`, and replays the records (see
 * `replay.ts`).
 *
 * Invariant: a save's promise resolves only after all of its records and all earlier ones are
 * durable; after any I/O error the WAL refuses every later save (`WalFailedError`).
 *
 * @module
 */

import {
  CodecError,
  decodeEntry,
  decodeHardState,
  decodeSnapshotMetadata,
  encodeEntry,
  encodeHardState,
  encodeSegmentHeader,
  encodeSnapshotMetadata,
} from "./codec.ts";
import {
  WalClosedError,
  WalCorruptionError,
  WalError,
  WalExistsError,
  WalFailedError,
  WalNotFoundError,
  WalSnapshotNotFoundError,
} from "./errors.ts";
import { joinPath, type WalFile, type WalFs } from "./fs.ts";
import { encodeRecords, MAX_PAYLOAD, type PendingRecord, RecordType } from "./record.ts";
import { LogReplay } from "./replay.ts";
import {
  parseSegmentName,
  scanSegment,
  SEGMENT_TMP_SUFFIX,
  type SegmentId,
  segmentName,
} from "./segment.ts";
import {
  EMPTY_HARD_STATE,
  type Entry,
  type HardState,
  isEmptyHardState,
  type SnapshotMetadata,
} from "../raft/types.ts";

/** Default segment rotation threshold: 64 MiB. */
export const DEFAULT_SEGMENT_SIZE = 64 * 1024 * 1024;

/** Options shared by `Wal.create` and `Wal.open`. */
export interface WalOptions {
  /** Start a new segment once the current one holds this many bytes (default 64 MiB). */
  readonly segmentSize?: number;
}

/** Options of `Wal.create`. */
export interface WalCreateOptions extends WalOptions {
  /** Opaque bytes stored in every segment header and returned by `Wal.open` (e.g. node id). */
  readonly metadata?: Uint8Array;
}

/** A snapshot position. */
export interface SnapshotRef {
  /** The last log index the snapshot covers. */
  readonly index: number;
  /** The term of that entry. */
  readonly term: number;
}

/** Options of `Wal.open`. */
export interface WalOpenOptions extends WalOptions {
  /**
   * Recover after this snapshot instead of the latest marker in the log (for example when the
   * newest snapshot file is damaged and an older one is used). It must have a marker in the
   * log, unless its index is 0 (no snapshot: the log must still start at index 1).
   */
  readonly snapshot?: SnapshotRef;
}

/** What `Wal.open` cut away from the end of the last segment. */
export interface WalRepair {
  /** The segment file name. */
  readonly file: string;
  /** Offset of the torn record: the new length of the file. */
  readonly offset: number;
  /** Bytes removed. */
  readonly droppedBytes: number;
  /** Why the record was judged torn. */
  readonly reason: string;
}

/** The recovered state returned by `Wal.open`. */
export interface WalOpenResult {
  /** The log, open for appending after the recovered records. */
  readonly wal: Wal;
  /** The bytes given to `Wal.create` as `metadata`. */
  readonly metadata: Uint8Array;
  /** The last hard state saved (the empty one when none was). */
  readonly hardState: HardState;
  /** The snapshot the entries follow (the latest marker, or `options.snapshot`), if any. */
  readonly snapshot: SnapshotMetadata | undefined;
  /** The entries after the snapshot, contiguous from `snapshot.index + 1` (or 1). */
  readonly entries: Entry[];
  /** Set when a torn tail was truncated. */
  readonly repaired: WalRepair | undefined;
}

/** Counters, for benchmarks and metrics. All only grow. */
export interface WalStats {
  /** `save` and `saveSnapshot` calls accepted. */
  saves: number;
  /** Records written (entries, hard states, snapshot markers, segment headers). */
  recordsWritten: number;
  /** Entry records written. */
  entriesWritten: number;
  /** Bytes appended to segments. */
  bytesWritten: number;
  /** Group-commit batches written (each one append and one fsync). */
  batches: number;
  /** File fsyncs (batches, new segments, tail repair). */
  fsyncs: number;
  /** Directory fsyncs. */
  dirSyncs: number;
  /** Segments created (the first included). */
  segmentsCreated: number;
  /** Segments deleted by `releaseTo`. */
  segmentsReleased: number;
}

/** Log position state, as of some point of the record stream. */
interface Position {
  /** Index of the last entry appended (0 when none). */
  lastIndex: number;
  /** Index of the latest snapshot marker (0 when none). */
  snapIndex: number;
  snapshot: SnapshotMetadata | undefined;
  hardState: HardState | undefined;
}

type Waiter = { resolve: () => void; reject: (e: unknown) => void };

type Task =
  | { kind: "records"; records: PendingRecord[]; entries: number; after: Position; waiter: Waiter }
  | {
    kind: "release";
    index: number;
    resolve: (names: string[]) => void;
    reject: (e: unknown) => void;
  };

function copyPosition(p: Position): Position {
  return { ...p };
}

function sameHardState(a: HardState | undefined, b: HardState): boolean {
  if (a === undefined) return isEmptyHardState(b);
  return a.term === b.term && a.vote === b.vote && a.commit === b.commit;
}

function checkSegmentSize(size: number | undefined): number {
  const s = size ?? DEFAULT_SEGMENT_SIZE;
  if (!Number.isSafeInteger(s) || s <= 0) {
    throw new RangeError(`wal: segmentSize must be a positive integer, got ${size}`);
  }
  return s;
}

function isSnapshotRef(m: SnapshotRef, r: SnapshotRef): boolean {
  return m.index === r.index && m.term === r.term;
}

/** Removes leftover temp segments from an interrupted rotation. */
async function removeTempFiles(fs: WalFs, dir: string, names: string[]): Promise<void> {
  let removed = false;
  for (const n of names) {
    if (n.endsWith(SEGMENT_TMP_SUFFIX)) {
      await fs.remove(joinPath(dir, n));
      removed = true;
    }
  }
  if (removed) await fs.syncDir(dir);
}

/** Lists the segments of `dir` sorted by seq. */
async function listSegments(fs: WalFs, dir: string): Promise<{ all: string[]; ids: SegmentId[] }> {
  const all = await fs.readDir(dir);
  const ids: SegmentId[] = [];
  for (const n of all) {
    const id = parseSegmentName(n);
    if (id !== undefined) ids.push(id);
  }
  ids.sort((a, b) => a.seq - b.seq);
  return { all, ids };
}

/**
 * Creates and durably writes a new segment whose first records are `records` (header first),
 * via a temp file renamed into place. Returns the open handle and the chain tail.
 */
async function writeNewSegment(
  fs: WalFs,
  dir: string,
  id: SegmentId,
  records: PendingRecord[],
  prevCrc: number,
): Promise<{ file: WalFile; crc: number; size: number }> {
  const { bytes, crc } = encodeRecords(records, prevCrc);
  const tmp = joinPath(dir, id.name + ".tmp");
  const file = await fs.open(tmp, "create");
  try {
    await file.append(bytes);
    await file.sync();
    await fs.rename(tmp, joinPath(dir, id.name));
    await fs.syncDir(dir);
  } catch (e) {
    await file.close();
    throw e;
  }
  return { file, crc, size: bytes.length };
}

/** The write-ahead log of one Raft node. Create with `Wal.create`, reopen with `Wal.open`. */
export class Wal {
  readonly #fs: WalFs;
  readonly #dir: string;
  readonly #segmentSize: number;
  readonly #metadata: Uint8Array;
  /** Retained segments, ascending; the last one is open as `#file`. */
  #segments: SegmentId[];
  #file: WalFile;
  /** Bytes in the current segment. */
  #size: number;
  /** crc of the last frame written: the next frame's prevCrc. */
  #crc: number;
  /** Position after every record written to disk. */
  #written: Position;
  /** Position after every record accepted (written or queued): used to validate calls. */
  #queued: Position;
  #queue: Task[] = [];
  /** True while `#work` runs; set and cleared synchronously around the queue checks. */
  #working = false;
  #worker: Promise<void> | undefined = undefined;
  #failed: WalFailedError | undefined = undefined;
  #closed = false;
  #stats: WalStats;

  private constructor(
    fs: WalFs,
    dir: string,
    segmentSize: number,
    metadata: Uint8Array,
    segments: SegmentId[],
    file: WalFile,
    size: number,
    crc: number,
    position: Position,
    stats: WalStats,
  ) {
    this.#fs = fs;
    this.#dir = dir;
    this.#segmentSize = segmentSize;
    this.#metadata = metadata;
    this.#segments = segments;
    this.#file = file;
    this.#size = size;
    this.#crc = crc;
    this.#written = copyPosition(position);
    this.#queued = copyPosition(position);
    this.#stats = stats;
  }

  /**
   * Creates an empty log in `dir` (made if missing) and opens it for appending.
   *
   * @throws WalExistsError when `dir` already holds segments
   */
  static async create(fs: WalFs, dir: string, options: WalCreateOptions = {}): Promise<Wal> {
    const segmentSize = checkSegmentSize(options.segmentSize);
    const metadata = (options.metadata ?? new Uint8Array(0)).slice();
    await fs.mkdirAll(dir);
    const { all, ids } = await listSegments(fs, dir);
    if (ids.length > 0) throw new WalExistsError(dir);
    await removeTempFiles(fs, dir, all);
    const id: SegmentId = { name: segmentName(0, 0), seq: 0, baseIndex: 0 };
    const header = encodeSegmentHeader({ seq: 0, baseIndex: 0, metadata });
    const seg = await writeNewSegment(fs, dir, id, [
      { type: RecordType.Header, payload: header },
    ], 0);
    const stats = emptyStats();
    stats.recordsWritten = 1;
    stats.bytesWritten = seg.size;
    stats.fsyncs = 1;
    stats.dirSyncs = 1;
    stats.segmentsCreated = 1;
    return new Wal(fs, dir, segmentSize, metadata, [id], seg.file, seg.size, seg.crc, {
      lastIndex: 0,
      snapIndex: 0,
      snapshot: undefined,
      hardState: undefined,
    }, stats);
  }

  /** True when `dir` holds at least one segment. */
  static async exists(fs: WalFs, dir: string): Promise<boolean> {
    const st = await fs.stat(dir);
    if (st === undefined || !st.isDirectory) return false;
    return (await listSegments(fs, dir)).ids.length > 0;
  }

  /**
   * Opens the log in `dir`: verifies every segment, truncates a torn tail of the last one
   * (reported in `repaired`), replays the records and returns the recovered state with the
   * log open for appending.
   *
   * @throws WalNotFoundError when `dir` holds no segment
   * @throws WalCorruptionError when a record is damaged in a way a crash cannot explain
   * @throws WalSnapshotNotFoundError when `options.snapshot` has no marker
   */
  static async open(fs: WalFs, dir: string, options: WalOpenOptions = {}): Promise<WalOpenResult> {
    const segmentSize = checkSegmentSize(options.segmentSize);
    const st = await fs.stat(dir);
    if (st === undefined || !st.isDirectory) throw new WalNotFoundError(dir);
    const { all, ids } = await listSegments(fs, dir);
    if (ids.length === 0) throw new WalNotFoundError(dir);
    await removeTempFiles(fs, dir, all);

    const replay = new LogReplay();
    let metadata: Uint8Array | undefined;
    let prevCrc: number | undefined;
    let tail: { id: SegmentId; end: number; length: number; crc: number } | undefined;
    let torn: { offset: number; reason: string } | undefined;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const prev = ids[i - 1];
      if (prev !== undefined && id.seq !== prev.seq + 1) {
        throw new WalCorruptionError(id.name, undefined, `segment ${prev.seq + 1} is missing`);
      }
      const bytes = await fs.readFile(joinPath(dir, id.name));
      const isLast = i === ids.length - 1;
      const scan = scanSegment(id, bytes, { isLast, expectedPrevCrc: prevCrc });
      if (metadata === undefined) {
        metadata = scan.header.metadata;
      } else if (!equalBytes(metadata, scan.header.metadata)) {
        throw new WalCorruptionError(id.name, 0, "metadata differs from the first segment's");
      }
      for (const r of scan.records) {
        const problem = replayRecord(replay, r.type, r.payload);
        if (problem !== undefined) throw new WalCorruptionError(id.name, r.offset, problem);
      }
      prevCrc = scan.lastCrc;
      if (isLast) {
        tail = { id, end: scan.end, length: bytes.length, crc: scan.lastCrc };
        torn = scan.torn;
      }
    }
    if (tail === undefined || metadata === undefined) throw new WalNotFoundError(dir);

    const { snapshot, entries } = pickSnapshot(replay, options.snapshot, ids[0]!.name);

    const stats = emptyStats();
    const file = await fs.open(joinPath(dir, tail.id.name), "append");
    let repaired: WalRepair | undefined;
    try {
      if (torn !== undefined || tail.end !== tail.length) {
        await file.truncate(tail.end);
        await file.sync();
        stats.fsyncs++;
        repaired = {
          file: tail.id.name,
          offset: tail.end,
          droppedBytes: tail.length - tail.end,
          reason: torn?.reason ?? "trailing bytes",
        };
      }
    } catch (e) {
      await file.close();
      throw e;
    }
    const wal = new Wal(fs, dir, segmentSize, metadata, ids, file, tail.end, tail.crc, {
      lastIndex: replay.lastIndex,
      snapIndex: replay.snapshotIndex,
      snapshot: replay.snapshots.at(-1),
      hardState: replay.hardState,
    }, stats);
    return {
      wal,
      metadata: metadata.slice(),
      hardState: replay.hardState ?? EMPTY_HARD_STATE,
      snapshot,
      entries,
      repaired,
    };
  }

  /**
   * Lists the snapshot markers in the retained segments (oldest first), so a caller can pick
   * the newest snapshot file that the log knows about.
   *
   * @throws WalNotFoundError, WalCorruptionError as `open` (but never repairs anything)
   */
  static async snapshots(fs: WalFs, dir: string): Promise<SnapshotMetadata[]> {
    const { ids } = await listSegments(fs, dir);
    if (ids.length === 0) throw new WalNotFoundError(dir);
    const found: SnapshotMetadata[] = [];
    let prevCrc: number | undefined;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const bytes = await fs.readFile(joinPath(dir, id.name));
      const scan = scanSegment(id, bytes, {
        isLast: i === ids.length - 1,
        expectedPrevCrc: prevCrc,
      });
      prevCrc = scan.lastCrc;
      for (const r of scan.records) {
        if (r.type !== RecordType.Snapshot) continue;
        try {
          const m = decodeSnapshotMetadata(r.payload);
          const last = found.at(-1);
          if (last === undefined || !isSnapshotRef(last, m)) found.push(m);
        } catch (e) {
          if (e instanceof CodecError) throw new WalCorruptionError(id.name, r.offset, e.message);
          throw e;
        }
      }
    }
    return found;
  }

  /** The directory of the log. */
  get dir(): string {
    return this.#dir;
  }

  /** The metadata given at creation. */
  get metadata(): Uint8Array {
    return this.#metadata.slice();
  }

  /** Index of the last entry accepted (0 when none). */
  get lastIndex(): number {
    return this.#queued.lastIndex;
  }

  /** Index of the latest snapshot marker accepted (0 when none). */
  get snapshotIndex(): number {
    return this.#queued.snapIndex;
  }

  /** Names of the retained segment files, oldest first. */
  get segments(): string[] {
    return this.#segments.map((s) => s.name);
  }

  /** A copy of the counters. */
  stats(): WalStats {
    return { ...this.#stats };
  }

  /**
   * Appends a hard state (skipped when equal to the last one) and entries; resolves once they
   * and every earlier save are durable. Entries must be contiguous; the first may be at or
   * below the last index (the log is truncated there: Raft overwrites a conflicting
   * uncommitted tail) but above the latest snapshot marker, or right after the last index.
   * Entries are written before the hard state.
   *
   * @throws RangeError (rejects) for entries that break those rules
   * @throws WalClosedError / WalFailedError (rejects) when the log cannot write
   */
  save(hardState: HardState | undefined, entries: readonly Entry[]): Promise<void> {
    try {
      this.#checkWritable();
      const after = copyPosition(this.#queued);
      const records: PendingRecord[] = [];
      const first = entries[0];
      if (first !== undefined) {
        const limit = Math.max(after.lastIndex, after.snapIndex) + 1;
        if (
          !Number.isSafeInteger(first.index) || first.index <= after.snapIndex ||
          first.index > limit
        ) {
          throw new RangeError(
            `wal: first entry index ${first.index} must be in (${after.snapIndex}, ${limit}]`,
          );
        }
        entries.forEach((e, i) => {
          if (e.index !== first.index + i) {
            throw new RangeError(
              `wal: entries not contiguous at ${first.index + i} (got ${e.index})`,
            );
          }
          records.push({ type: RecordType.Entry, payload: checkPayload(encodeEntry(e)) });
        });
        after.lastIndex = first.index + entries.length - 1;
      }
      if (hardState !== undefined && !sameHardState(after.hardState, hardState)) {
        records.push({ type: RecordType.State, payload: encodeHardState(hardState) });
        after.hardState = { term: hardState.term, vote: hardState.vote, commit: hardState.commit };
      }
      return this.#enqueueRecords(records, entries.length, after);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * Appends a snapshot marker: the snapshot (already durable in the snapshot store) covers the
   * log up to `metadata.index`. Resolves once durable. A marker above the last index means the
   * node installed a snapshot; the next entry must then be `metadata.index + 1`.
   *
   * @throws RangeError (rejects) when the index is below the latest marker's
   */
  saveSnapshot(metadata: SnapshotMetadata): Promise<void> {
    try {
      this.#checkWritable();
      const after = copyPosition(this.#queued);
      if (!Number.isSafeInteger(metadata.index) || metadata.index < after.snapIndex) {
        throw new RangeError(
          `wal: snapshot index ${metadata.index} below the latest marker ${after.snapIndex}`,
        );
      }
      const payload = encodeSnapshotMetadata(metadata);
      after.snapIndex = metadata.index;
      after.snapshot = decodeSnapshotMetadata(payload); // a frozen-in-time copy
      return this.#enqueueRecords([{ type: RecordType.Snapshot, payload }], 0, after);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * Deletes the segments no longer needed to recover at a snapshot at `index` (clamped to the
   * latest durable snapshot marker, so recovery always finds its marker and the entries after
   * it). The segment that may hold records after `index` and all later ones are kept.
   *
   * @returns the names of the deleted segment files
   */
  releaseTo(index: number): Promise<string[]> {
    try {
      this.#checkWritable();
      if (!Number.isSafeInteger(index) || index < 0) {
        throw new RangeError(`wal: releaseTo index must be a non-negative integer, got ${index}`);
      }
      return new Promise<string[]>((resolve, reject) => {
        this.#queue.push({ kind: "release", index, resolve, reject });
        this.#kick();
      });
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * Waits for queued saves to finish and closes the segment file. Later calls reject with
   * `WalClosedError`; closing again is a no-op.
   */
  async close(): Promise<void> {
    if (this.#closed) {
      await this.#worker;
      return;
    }
    this.#closed = true;
    await this.#worker;
    await this.#file.close();
  }

  #checkWritable(): void {
    if (this.#closed) throw new WalClosedError();
    if (this.#failed !== undefined) throw this.#failed;
  }

  #enqueueRecords(records: PendingRecord[], entries: number, after: Position): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ kind: "records", records, entries, after, waiter: { resolve, reject } });
      this.#queued = after;
      this.#stats.saves++;
      this.#kick();
    });
  }

  #kick(): void {
    if (this.#working) return;
    this.#working = true;
    this.#worker = this.#work();
  }

  /** The single I/O worker: drains the queue, coalescing consecutive saves into one batch. */
  async #work(): Promise<void> {
    while (this.#queue.length > 0) {
      const task = this.#queue[0]!;
      if (task.kind === "release") {
        this.#queue.shift();
        try {
          task.resolve(await this.#release(task.index));
        } catch (e) {
          task.reject(e);
        }
        continue;
      }
      // Take every queued save up to the next release: one group commit.
      const batch: Extract<Task, { kind: "records" }>[] = [];
      while (this.#queue[0]?.kind === "records") {
        batch.push(this.#queue.shift() as Extract<Task, { kind: "records" }>);
      }
      try {
        await this.#writeBatch(batch);
      } catch (e) {
        this.#fail(e, batch.map((t) => t.waiter));
        break;
      }
      for (const t of batch) t.waiter.resolve();
      if (this.#size >= this.#segmentSize) {
        try {
          await this.#cut();
        } catch (e) {
          this.#fail(e, []);
          break;
        }
      }
    }
    // Synchronously after the last queue check: a task queued later starts a new worker.
    this.#working = false;
  }

  async #writeBatch(batch: Extract<Task, { kind: "records" }>[]): Promise<void> {
    const records: PendingRecord[] = [];
    let entries = 0;
    for (const t of batch) {
      for (const r of t.records) records.push(r);
      entries += t.entries;
    }
    const last = batch.at(-1);
    if (records.length === 0 || last === undefined) return; // nothing to make durable
    const { bytes, crc } = encodeRecords(records, this.#crc);
    await this.#file.append(bytes);
    await this.#file.sync();
    this.#crc = crc;
    this.#size += bytes.length;
    this.#written = last.after;
    const s = this.#stats;
    s.batches++;
    s.fsyncs++;
    s.recordsWritten += records.length;
    s.entriesWritten += entries;
    s.bytesWritten += bytes.length;
  }

  /** Closes the current segment and starts the next one with the state needed to recover. */
  async #cut(): Promise<void> {
    const cur = this.#segments.at(-1)!;
    const seq = cur.seq + 1;
    const baseIndex = Math.max(this.#written.lastIndex, this.#written.snapIndex);
    const id: SegmentId = { name: segmentName(seq, baseIndex), seq, baseIndex };
    const records: PendingRecord[] = [{
      type: RecordType.Header,
      payload: encodeSegmentHeader({ seq, baseIndex, metadata: this.#metadata }),
    }];
    const w = this.#written;
    if (w.snapshot !== undefined) {
      records.push({ type: RecordType.Snapshot, payload: encodeSnapshotMetadata(w.snapshot) });
    }
    if (w.hardState !== undefined) {
      records.push({ type: RecordType.State, payload: encodeHardState(w.hardState) });
    }
    const seg = await writeNewSegment(this.#fs, this.#dir, id, records, this.#crc);
    const old = this.#file;
    this.#file = seg.file;
    this.#segments.push(id);
    this.#crc = seg.crc;
    this.#size = seg.size;
    await old.close();
    const s = this.#stats;
    s.segmentsCreated++;
    s.fsyncs++;
    s.dirSyncs++;
    s.recordsWritten += records.length;
    s.bytesWritten += seg.size;
  }

  async #release(index: number): Promise<string[]> {
    const upTo = Math.min(index, this.#written.snapIndex);
    // The newest segment whose base is at or below the snapshot: recovery starts there.
    let keep = 0;
    this.#segments.forEach((s, i) => {
      if (s.baseIndex <= upTo) keep = i;
    });
    const victims = this.#segments.slice(0, keep);
    if (victims.length === 0) return [];
    // Oldest first, so a crash midway leaves a gap-free suffix.
    for (const v of victims) {
      await this.#fs.remove(joinPath(this.#dir, v.name));
      this.#segments.shift();
      this.#stats.segmentsReleased++;
    }
    await this.#fs.syncDir(this.#dir);
    this.#stats.dirSyncs++;
    return victims.map((v) => v.name);
  }

  #fail(cause: unknown, waiters: Waiter[]): void {
    const err = cause instanceof WalFailedError ? cause : new WalFailedError(cause);
    this.#failed = err;
    for (const w of waiters) w.reject(err);
    for (const t of this.#queue.splice(0)) {
      if (t.kind === "records") t.waiter.reject(err);
      else t.reject(err);
    }
  }
}

function checkPayload(payload: Uint8Array): Uint8Array {
  if (payload.length > MAX_PAYLOAD) {
    throw new RangeError(`wal: record of ${payload.length} bytes exceeds ${MAX_PAYLOAD}`);
  }
  return payload;
}

function emptyStats(): WalStats {
  return {
    saves: 0,
    recordsWritten: 0,
    entriesWritten: 0,
    bytesWritten: 0,
    batches: 0,
    fsyncs: 0,
    dirSyncs: 0,
    segmentsCreated: 0,
    segmentsReleased: 0,
  };
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Decodes and applies one record; returns a problem description, or undefined. */
function replayRecord(
  replay: LogReplay,
  type: RecordType,
  payload: Uint8Array,
): string | undefined {
  try {
    switch (type) {
      case RecordType.Entry:
        return replay.entry(decodeEntry(payload));
      case RecordType.State:
        replay.state(decodeHardState(payload));
        return undefined;
      case RecordType.Snapshot:
        return replay.snapshot(decodeSnapshotMetadata(payload));
      case RecordType.Header:
        return "unexpected segment header record";
    }
  } catch (e) {
    if (e instanceof CodecError) return e.message;
    throw e;
  }
}

/** Chooses the snapshot to recover at and the entries after it. */
function pickSnapshot(
  replay: LogReplay,
  wanted: SnapshotRef | undefined,
  firstSegment: string,
): { snapshot: SnapshotMetadata | undefined; entries: Entry[] } {
  let snapshot: SnapshotMetadata | undefined;
  if (wanted === undefined) {
    snapshot = replay.snapshots.at(-1);
  } else if (wanted.index !== 0) {
    snapshot = replay.snapshots.findLast((m) => isSnapshotRef(m, wanted));
    if (snapshot === undefined) throw new WalSnapshotNotFoundError(wanted.index, wanted.term);
  }
  const from = snapshot?.index ?? 0;
  const entries = replay.entries.filter((e) => e.index > from);
  const first = entries[0];
  if (first !== undefined && first.index !== from + 1) {
    if (wanted !== undefined) {
      throw new WalError(
        `wal: entries ${from + 1}..${first.index - 1} after snapshot ${from} are not in the log`,
      );
    }
    throw new WalCorruptionError(
      firstSegment,
      undefined,
      `entries ${from + 1}..${first.index - 1} after snapshot ${from} are missing`,
    );
  }
  return { snapshot, entries };
}
