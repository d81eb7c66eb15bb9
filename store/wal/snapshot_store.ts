/**
 * Snapshot files: one per snapshot, named `<term>-<index>.snap` (16 hex digits each), written
 * atomically (temp file, fsync, rename, directory fsync) and checksummed.
 *
 * File layout (little-endian):
 * ```
 * 0   4  magic "KSNP"
 * 4   1  version
 * 5   3  reserved zero
 * 8   4  CRC-32C of the body
 * 12  4  body length
 * 16  .. body: snapshot metadata (u32 length + bytes), then the data
 * ```
 *
 * Order of operations for the caller: save the snapshot file, then `Wal.saveSnapshot` its
 * metadata, then `Wal.releaseTo` and `purge`. On restart, load the newest valid snapshot whose
 * marker is in the WAL (`Wal.snapshots`), so a file without a marker is never used.
 *
 * @module
 */

import { crc32c } from "./crc32.ts";
import {
  CodecError,
  decodeSnapshotBody,
  encodeSnapshotBody,
  SNAPSHOT_MAGIC,
  SNAPSHOT_VERSION,
} from "./codec.ts";
import { SnapshotCorruptionError, SnapshotNotFoundError } from "./errors.ts";
import { joinPath, type WalFs, writeFileAtomic } from "./fs.ts";
import type { Snapshot } from "../raft/types.ts";

const NAME_RE = /^([0-9a-f]{16})-([0-9a-f]{16})\.snap$/;
const HEADER = 16;
/** File name suffix of snapshot files. */
export const SNAPSHOT_SUFFIX = ".snap";

/** A snapshot file's identity, from its name. */
export interface SnapshotFileRef {
  /** The file name (no directory). */
  readonly name: string;
  /** Term of the last entry the snapshot covers. */
  readonly term: number;
  /** Index of the last entry the snapshot covers. */
  readonly index: number;
}

/** A snapshot file skipped by `loadNewest` and why. */
export interface SkippedSnapshot {
  /** The file name. */
  readonly file: string;
  /** Why it was skipped, e.g. "crc mismatch". */
  readonly reason: string;
}

/** The result of `loadNewest`: the snapshot (if any valid one) and warnings. */
export interface SnapshotLoadResult {
  /** The newest valid snapshot, or undefined when none is. */
  readonly snapshot: Snapshot | undefined;
  /** Newer files that were damaged and skipped (warnings for the log). */
  readonly skipped: SkippedSnapshot[];
}

/** The file name of a snapshot at `term`/`index`. */
export function snapshotName(term: number, index: number): string {
  const h = (n: number) => n.toString(16).padStart(16, "0");
  return `${h(term)}-${h(index)}${SNAPSHOT_SUFFIX}`;
}

/** Parses a snapshot file name; undefined for other files. */
export function parseSnapshotName(name: string): SnapshotFileRef | undefined {
  const m = NAME_RE.exec(name);
  if (m === null) return undefined;
  const term = parseInt(m[1]!, 16);
  const index = parseInt(m[2]!, 16);
  if (!Number.isSafeInteger(term) || !Number.isSafeInteger(index)) return undefined;
  return { name, term, index };
}

/** Encodes a snapshot as file bytes. */
export function encodeSnapshotFile(snapshot: Snapshot): Uint8Array {
  const body = encodeSnapshotBody(snapshot.metadata, snapshot.data);
  if (body.length >= 2 ** 32) throw new RangeError("snap: snapshot larger than 4 GiB");
  const out = new Uint8Array(HEADER + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, SNAPSHOT_MAGIC, true);
  view.setUint8(4, SNAPSHOT_VERSION);
  view.setUint32(8, crc32c(0, body), true);
  view.setUint32(12, body.length, true);
  out.set(body, HEADER);
  return out;
}

/**
 * Decodes snapshot file bytes.
 *
 * @throws SnapshotCorruptionError for a bad magic, version, length, checksum or body
 */
export function decodeSnapshotFile(file: string, bytes: Uint8Array): Snapshot {
  if (bytes.length < HEADER) throw new SnapshotCorruptionError(file, "truncated header");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== SNAPSHOT_MAGIC) {
    throw new SnapshotCorruptionError(file, "bad magic");
  }
  const version = view.getUint8(4);
  if (version !== SNAPSHOT_VERSION) {
    throw new SnapshotCorruptionError(file, `unsupported version ${version}`);
  }
  const length = view.getUint32(12, true);
  if (HEADER + length !== bytes.length) {
    throw new SnapshotCorruptionError(
      file,
      `length ${bytes.length - HEADER} but header says ${length}`,
    );
  }
  if (crc32c(0, bytes, HEADER) !== view.getUint32(8, true)) {
    throw new SnapshotCorruptionError(file, "crc mismatch");
  }
  try {
    return decodeSnapshotBody(bytes.subarray(HEADER));
  } catch (e) {
    if (e instanceof CodecError) throw new SnapshotCorruptionError(file, e.message);
    throw e;
  }
}

/** The snapshot files of one directory. */
export class SnapshotStore {
  /** The filesystem. */
  readonly fs: WalFs;
  /** The directory of the snapshot files. */
  readonly dir: string;

  /**
   * A store over `dir` (created by `save` when missing).
   *
   * @param fs the filesystem
   * @param dir the directory of the snapshot files
   */
  constructor(fs: WalFs, dir: string) {
    this.fs = fs;
    this.dir = dir;
  }

  /**
   * Writes a snapshot durably (atomic replace of a file with the same name).
   *
   * @returns the file name
   */
  async save(snapshot: Snapshot): Promise<string> {
    const { term, index } = snapshot.metadata;
    const name = snapshotName(term, index);
    const bytes = encodeSnapshotFile(snapshot);
    await this.fs.mkdirAll(this.dir);
    await writeFileAtomic(this.fs, this.dir, name, bytes);
    return name;
  }

  /** The snapshot files present, newest (highest index, then term) first. */
  async list(): Promise<SnapshotFileRef[]> {
    const st = await this.fs.stat(this.dir);
    if (st === undefined || !st.isDirectory) return [];
    const refs: SnapshotFileRef[] = [];
    for (const n of await this.fs.readDir(this.dir)) {
      const ref = parseSnapshotName(n);
      if (ref !== undefined) refs.push(ref);
    }
    return refs.sort((a, b) => b.index - a.index || b.term - a.term);
  }

  /**
   * Loads the snapshot at `term`/`index`.
   *
   * @throws SnapshotNotFoundError when there is no such file
   * @throws SnapshotCorruptionError when it is damaged or its content does not match its name
   */
  async load(term: number, index: number): Promise<Snapshot> {
    const name = snapshotName(term, index);
    const path = joinPath(this.dir, name);
    if ((await this.fs.stat(path)) === undefined) {
      throw new SnapshotNotFoundError(`index ${index} term ${term}`);
    }
    const snap = decodeSnapshotFile(name, await this.fs.readFile(path));
    if (snap.metadata.term !== term || snap.metadata.index !== index) {
      throw new SnapshotCorruptionError(
        name,
        `holds index ${snap.metadata.index} term ${snap.metadata.term}`,
      );
    }
    return snap;
  }

  /**
   * Loads the newest valid snapshot, skipping (and reporting) damaged ones. With `available`,
   * only snapshots whose term/index appear there count (e.g. the markers from `Wal.snapshots`).
   */
  async loadNewest(
    available?: readonly { readonly term: number; readonly index: number }[],
  ): Promise<SnapshotLoadResult> {
    const skipped: SkippedSnapshot[] = [];
    for (const ref of await this.list()) {
      if (
        available !== undefined &&
        !available.some((a) => a.term === ref.term && a.index === ref.index)
      ) {
        continue;
      }
      try {
        return { snapshot: await this.load(ref.term, ref.index), skipped };
      } catch (e) {
        if (!(e instanceof SnapshotCorruptionError)) throw e;
        skipped.push({ file: ref.name, reason: e.reason });
      }
    }
    return { snapshot: undefined, skipped };
  }

  /**
   * Deletes all but the newest `keep` snapshot files, and leftover temp files.
   *
   * @returns the deleted file names
   */
  async purge(keep: number): Promise<string[]> {
    if (!Number.isSafeInteger(keep) || keep < 1) {
      throw new RangeError(`snap: purge must keep at least 1 snapshot, got ${keep}`);
    }
    const st = await this.fs.stat(this.dir);
    if (st === undefined || !st.isDirectory) return [];
    const victims = (await this.list()).slice(keep).map((r) => r.name);
    for (const n of await this.fs.readDir(this.dir)) {
      if (n.endsWith(`${SNAPSHOT_SUFFIX}.tmp`)) victims.push(n);
    }
    for (const n of victims) await this.fs.remove(joinPath(this.dir, n));
    if (victims.length > 0) await this.fs.syncDir(this.dir);
    return victims;
  }
}
