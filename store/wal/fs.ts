/**
 * The small filesystem surface the WAL and the snapshot store need, so the same code runs on a
 * real disk (`DenoFs`) and on the simulator's in-memory disk (`MemoryFs`).
 *
 * Durability contract (what both implementations model):
 * - bytes appended to a file are durable only after `WalFile.sync()` on it;
 * - creating, renaming or removing a file is durable only after `syncDir()` of its directory;
 * - `rename` atomically replaces the target name.
 *
 * Paths are plain strings joined with "/" (see `joinPath`).
 *
 * @module
 */

/** An open file, written only at its end. */
export interface WalFile {
  /** The path the file was opened with. */
  readonly path: string;
  /** Appends all of `data` at the end of the file (not durable until `sync`). */
  append(data: Uint8Array): Promise<void>;
  /** Makes every byte appended so far (and the file's size) durable: fsync/fdatasync. */
  sync(): Promise<void>;
  /** Cuts the file to `size` bytes (not durable until `sync`). */
  truncate(size: number): Promise<void>;
  /** Releases the handle; idempotent. Does not sync. */
  close(): Promise<void>;
}

/** Information about a path. */
export interface WalFsStat {
  /** A regular file. */
  readonly isFile: boolean;
  /** A directory. */
  readonly isDirectory: boolean;
  /** Size in bytes (files). */
  readonly size: number;
}

/** How `WalFs.open` opens a file. */
export type OpenMode =
  /** Open an existing file to append to it; fails when it does not exist. */
  | "append"
  /** Create the file, or empty it when it exists, and append to it. */
  | "create";

/** The filesystem operations the WAL uses. Every method rejects on an I/O error. */
export interface WalFs {
  /** Creates a directory and its missing parents, durably; succeeds when it exists. */
  mkdirAll(path: string): Promise<void>;
  /** Names (not paths) of the regular files directly inside `dir`, in any order. */
  readDir(dir: string): Promise<string[]>;
  /** Whole contents of a file. */
  readFile(path: string): Promise<Uint8Array>;
  /** Size and kind of a path, or undefined when nothing is there. */
  stat(path: string): Promise<WalFsStat | undefined>;
  /** Opens a file for appending (see `OpenMode`). */
  open(path: string, mode: OpenMode): Promise<WalFile>;
  /** Atomically renames `from` to `to`, replacing `to` (durable after `syncDir`). */
  rename(from: string, to: string): Promise<void>;
  /** Removes a file (durable after `syncDir`). */
  remove(path: string): Promise<void>;
  /** Makes the directory's entries (creates, renames, removes) durable. */
  syncDir(dir: string): Promise<void>;
}

/** Joins a directory and a file name with exactly one "/". */
export function joinPath(dir: string, name: string): string {
  if (dir === "") return name;
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}

/**
 * Writes a whole file atomically and durably: `name.tmp` is written and fsynced, renamed over
 * `name`, and the directory is fsynced. After a crash either the old or the new content is
 * under `name` (a stale `name.tmp` may remain; callers remove those on start).
 *
 * @param fs the filesystem
 * @param dir the directory
 * @param name the final file name
 * @param data the content
 */
export async function writeFileAtomic(
  fs: WalFs,
  dir: string,
  name: string,
  data: Uint8Array,
): Promise<void> {
  const tmp = joinPath(dir, `${name}.tmp`);
  const file = await fs.open(tmp, "create");
  try {
    await file.append(data);
    await file.sync();
  } finally {
    await file.close();
  }
  await fs.rename(tmp, joinPath(dir, name));
  await fs.syncDir(dir);
}
