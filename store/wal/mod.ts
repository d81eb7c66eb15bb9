/**
 * The durable storage of a Raft node: the write-ahead log (`Wal`) of entries, hard states and
 * snapshot markers, the snapshot files (`SnapshotStore`), and the filesystem they run on
 * (`DenoFs` for the real disk, `MemoryFs` for the deterministic simulator).
 *
 * ```ts
 * import { DenoFs, SnapshotStore, Wal } from "./mod.ts";
 *
 * const fs = new DenoFs();
 * const wal = await Wal.create(fs, "data/wal");
 * const data = new TextEncoder().encode("x=1");
 * // Resolves once durable; concurrent saves share one fsync.
 * await wal.save({ term: 1, vote: 1, commit: 0 }, [{ term: 1, index: 1, type: 0, data }]);
 * await wal.close();
 *
 * // Restart: the newest snapshot the log knows of, then the entries after it.
 * const snaps = new SnapshotStore(fs, "data/snap");
 * const { snapshot } = await snaps.loadNewest(await Wal.snapshots(fs, "data/wal"));
 * const opened = await Wal.open(fs, "data/wal", {
 *   snapshot: snapshot?.metadata ?? { index: 0, term: 0 },
 * });
 * console.log(opened.hardState, opened.entries.length, opened.repaired);
 * await opened.wal.close();
 * ```
 *
 * @module
 */

export {
  DEFAULT_SEGMENT_SIZE,
  type SnapshotRef,
  Wal,
  type WalCreateOptions,
  type WalOpenOptions,
  type WalOpenResult,
  type WalOptions,
  type WalRepair,
  type WalStats,
} from "./wal.ts";
export {
  type SkippedSnapshot,
  type SnapshotFileRef,
  type SnapshotLoadResult,
  snapshotName,
  SnapshotStore,
} from "./snapshot_store.ts";
export {
  SnapshotCorruptionError,
  SnapshotNotFoundError,
  WalClosedError,
  WalCorruptionError,
  WalError,
  WalExistsError,
  WalFailedError,
  WalNotFoundError,
  WalSnapshotNotFoundError,
} from "./errors.ts";
export { joinPath, type OpenMode, type WalFile, type WalFs, type WalFsStat } from "./fs.ts";
export { DenoFs } from "./deno_fs.ts";
export {
  type CrashOptions,
  MemoryFs,
  MemoryFsCrashedError,
  MemoryFsNotFoundError,
  type MemoryFsOp,
  type MemoryFsOptions,
  type MemoryFsStats,
} from "./memory_fs.ts";
export { segmentName } from "./segment.ts";
export { crc32c } from "./crc32.ts";
export type { ConfState, Entry, HardState, Snapshot, SnapshotMetadata } from "../raft/types.ts";
