/**
 * An in-memory `WalFs` for the deterministic simulator and for tests: it models what survives a
 * power loss. Every operation completes synchronously and resolves its promise without timers,
 * so a run is a pure function of the operations and the injected PRNG.
 *
 * Model:
 * - each file (inode) has its current bytes and a durable length: the prefix made durable by
 *   the last `sync()`. Appends are pending until synced.
 * - each directory has current entries and durable entries: creates, renames and removes are
 *   pending until `syncDir()` of that directory. Directories themselves are durable at once.
 * - `crash()` throws away everything pending: file contents revert to their durable prefix
 *   (optionally plus a random prefix of the unsynced tail: a torn write), the namespace reverts
 *   to the durable entries, and every open handle becomes stale (its operations reject).
 *
 * @module
 */

import type { OpenMode, WalFile, WalFs, WalFsStat } from "./fs.ts";

/** The operations a fault injector sees. */
export type MemoryFsOp =
  | "mkdir"
  | "readDir"
  | "readFile"
  | "stat"
  | "open"
  | "append"
  | "sync"
  | "truncate"
  | "rename"
  | "remove"
  | "syncDir";

/** Raised for a missing file or directory (like ENOENT). */
export class MemoryFsNotFoundError extends Error {
  /** The missing path. */
  readonly path: string;

  /**
   * A not-found error.
   *
   * @param path the missing path
   */
  constructor(path: string) {
    super(`memfs: no such file or directory: ${path}`);
    this.path = path;
    this.name = "MemoryFsNotFoundError";
  }
}

/** Raised by a handle opened before the last `crash()`: the process that held it is gone. */
export class MemoryFsCrashedError extends Error {
  /** The stale handle's path. */
  readonly path: string;

  /**
   * A stale-handle error.
   *
   * @param path the handle's path
   */
  constructor(path: string) {
    super(`memfs: stale handle for ${path} (the disk crashed)`);
    this.path = path;
    this.name = "MemoryFsCrashedError";
  }
}

/** Options of `MemoryFs`. */
export interface MemoryFsOptions {
  /**
   * A seeded PRNG returning numbers in [0, 1), used to pick torn-write lengths on
   * `crash({ torn: true })`. Never defaults to Math.random: torn crashes need it.
   */
  readonly random?: () => number;
}

/** Options of `MemoryFs.crash`. */
export interface CrashOptions {
  /**
   * Keep a random prefix (possibly empty, possibly all) of each file's unsynced tail, as a
   * disk that persisted part of an in-flight write would. Needs a PRNG.
   */
  readonly torn?: boolean;
  /** PRNG for this crash; defaults to the one given to the constructor. */
  readonly random?: () => number;
}

/** Operation counters of a `MemoryFs`. */
export interface MemoryFsStats {
  /** File syncs performed. */
  syncs: number;
  /** Directory syncs performed. */
  dirSyncs: number;
  /** Append calls. */
  appends: number;
  /** Bytes appended. */
  bytesAppended: number;
  /** Crashes simulated. */
  crashes: number;
}

/** One file's bytes and how much of them is durable. */
class Inode {
  buf: Uint8Array;
  len: number;
  /** Invariant: when `durableCopy` is undefined, buf[0, durableLen) is the durable content. */
  durableLen: number;
  /** The durable content, kept only after a truncate below `durableLen` (then buf diverged). */
  durableCopy: Uint8Array | undefined = undefined;

  constructor(content: Uint8Array = new Uint8Array(0), durable = false) {
    this.buf = new Uint8Array(Math.max(64, content.length));
    this.buf.set(content);
    this.len = content.length;
    this.durableLen = durable ? content.length : 0;
  }

  content(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }

  durableContent(): Uint8Array {
    return this.durableCopy ?? this.buf.subarray(0, this.durableLen);
  }

  append(data: Uint8Array): void {
    const need = this.len + data.length;
    if (need > this.buf.length) {
      const grown = new Uint8Array(Math.max(need, this.buf.length * 2));
      grown.set(this.buf.subarray(0, this.len));
      this.buf = grown;
    }
    this.buf.set(data, this.len);
    this.len = need;
  }

  truncate(size: number): void {
    if (size < this.durableLen && this.durableCopy === undefined) {
      this.durableCopy = this.buf.slice(0, this.durableLen);
    }
    if (size > this.len) {
      this.append(new Uint8Array(size - this.len));
    } else {
      this.buf.fill(0, size, this.len);
      this.len = size;
    }
  }

  sync(): void {
    this.durableLen = this.len;
    this.durableCopy = undefined;
  }

  /** The inode as found after a power loss (fully durable). */
  afterCrash(random: (() => number) | undefined): Inode {
    if (this.durableCopy !== undefined) return new Inode(this.durableCopy, true);
    let keep = this.durableLen;
    if (random !== undefined && this.len > this.durableLen) {
      keep += Math.floor(random() * (this.len - this.durableLen + 1));
      keep = Math.min(keep, this.len);
    }
    return new Inode(this.buf.subarray(0, keep), true);
  }
}

function normalize(path: string): string {
  let p = path.replace(/\/+/g, "/");
  if (p.length > 1 && p.endsWith("/")) p = p.slice(0, -1);
  return p === "" ? "." : p;
}

function parentOf(path: string): string {
  const i = path.lastIndexOf("/");
  if (i < 0) return ".";
  return i === 0 ? "/" : path.slice(0, i);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** A handle on a `MemoryFs` inode; stale after a crash. */
class MemoryWalFile implements WalFile {
  #closed = false;

  constructor(
    readonly path: string,
    private readonly fs: MemoryFs,
    private readonly inode: Inode,
    private readonly generation: number,
  ) {}

  #check(op: MemoryFsOp): void {
    if (this.#closed) throw new TypeError(`memfs: ${this.path} is closed`);
    if (this.fs.generation !== this.generation) throw new MemoryFsCrashedError(this.path);
    this.fs.fault(op, this.path);
  }

  append(data: Uint8Array): Promise<void> {
    try {
      this.#check("append");
      this.inode.append(data);
      this.fs.stats.appends++;
      this.fs.stats.bytesAppended += data.length;
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(e);
    }
  }

  async sync(): Promise<void> {
    this.#check("sync");
    if (this.fs.onSync !== undefined) {
      await this.fs.onSync(this.path);
      this.#check("sync");
    }
    this.inode.sync();
    this.fs.stats.syncs++;
  }

  truncate(size: number): Promise<void> {
    try {
      this.#check("truncate");
      this.inode.truncate(size);
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(e);
    }
  }

  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }
}

/**
 * The in-memory disk. Paths are normalized ("a//b/" is "a/b"); relative and absolute paths are
 * distinct namespaces, which is fine for a simulator that always uses the same form.
 */
export class MemoryFs implements WalFs {
  /** Bumped by every crash; handles from an older generation are stale. */
  generation = 0;
  /** Operation counters. */
  readonly stats: MemoryFsStats = {
    syncs: 0,
    dirSyncs: 0,
    appends: 0,
    bytesAppended: 0,
    crashes: 0,
  };
  /**
   * Fault injection: called before every operation; a returned error is thrown by that
   * operation (the operation then has no effect).
   */
  faults: ((op: MemoryFsOp, path: string) => Error | undefined) | undefined = undefined;
  /**
   * Awaited by every file sync before it takes effect, so a simulator can decide when an fsync
   * completes (a crash meanwhile makes the sync fail).
   */
  onSync: ((path: string) => Promise<void>) | undefined = undefined;

  readonly #random: (() => number) | undefined;
  #dirs = new Set<string>([".", "/"]);
  #files = new Map<string, Inode>();
  #durableFiles = new Map<string, Inode>();

  /**
   * An empty disk holding only the directories "." and "/".
   *
   * @param options PRNG for torn crashes
   */
  constructor(options: MemoryFsOptions = {}) {
    this.#random = options.random;
  }

  /** @internal Throws the injected fault for `op` on `path`, if any. */
  fault(op: MemoryFsOp, path: string): void {
    const err = this.faults?.(op, path);
    if (err !== undefined) throw err;
  }

  #run<T>(op: MemoryFsOp, path: string, body: (p: string) => T): Promise<T> {
    try {
      const p = normalize(path);
      this.fault(op, p);
      return Promise.resolve(body(p));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  #requireDir(dir: string, path: string): void {
    if (!this.#dirs.has(dir)) throw new MemoryFsNotFoundError(path);
  }

  /** Creates a directory and its parents (durable immediately). */
  mkdirAll(path: string): Promise<void> {
    return this.#run("mkdir", path, (p) => {
      for (let d = p; !this.#dirs.has(d); d = parentOf(d)) {
        if (this.#files.has(d)) throw new Error(`memfs: not a directory: ${d}`);
        this.#dirs.add(d);
      }
    });
  }

  /** File names directly inside `dir`, sorted. */
  readDir(dir: string): Promise<string[]> {
    return this.#run("readDir", dir, (d) => {
      this.#requireDir(d, d);
      const names: string[] = [];
      for (const path of this.#files.keys()) {
        if (parentOf(path) === d) names.push(baseName(path));
      }
      return names.sort();
    });
  }

  /** A copy of a file's current contents. */
  readFile(path: string): Promise<Uint8Array> {
    return this.#run("readFile", path, (p) => {
      const inode = this.#files.get(p);
      if (inode === undefined) throw new MemoryFsNotFoundError(p);
      return inode.content().slice();
    });
  }

  /** Kind and size of a path. */
  stat(path: string): Promise<WalFsStat | undefined> {
    return this.#run("stat", path, (p) => {
      if (this.#dirs.has(p)) return { isFile: false, isDirectory: true, size: 0 };
      const inode = this.#files.get(p);
      return inode === undefined
        ? undefined
        : { isFile: true, isDirectory: false, size: inode.len };
    });
  }

  /** Opens (or creates and empties) a file for appending. */
  open(path: string, mode: OpenMode): Promise<WalFile> {
    return this.#run("open", path, (p) => {
      let inode = this.#files.get(p);
      if (mode === "append") {
        if (inode === undefined) throw new MemoryFsNotFoundError(p);
      } else {
        this.#requireDir(parentOf(p), p);
        if (this.#dirs.has(p)) throw new Error(`memfs: is a directory: ${p}`);
        if (inode === undefined) {
          inode = new Inode();
          this.#files.set(p, inode);
        } else {
          inode.truncate(0);
        }
      }
      return new MemoryWalFile(p, this, inode, this.generation);
    });
  }

  /** Renames a file, replacing the target (pending until `syncDir`). */
  rename(from: string, to: string): Promise<void> {
    return this.#run("rename", from, (f) => {
      const t = normalize(to);
      const inode = this.#files.get(f);
      if (inode === undefined) throw new MemoryFsNotFoundError(f);
      this.#requireDir(parentOf(t), t);
      this.#files.delete(f);
      this.#files.set(t, inode);
    });
  }

  /** Removes a file (pending until `syncDir`). */
  remove(path: string): Promise<void> {
    return this.#run("remove", path, (p) => {
      if (!this.#files.delete(p)) throw new MemoryFsNotFoundError(p);
    });
  }

  /** Makes the entries of `dir` durable. */
  syncDir(dir: string): Promise<void> {
    return this.#run("syncDir", dir, (d) => {
      this.#requireDir(d, d);
      for (const path of [...this.#durableFiles.keys()]) {
        if (parentOf(path) === d) this.#durableFiles.delete(path);
      }
      for (const [path, inode] of this.#files) {
        if (parentOf(path) === d) this.#durableFiles.set(path, inode);
      }
      this.stats.dirSyncs++;
    });
  }

  /**
   * Simulates a power loss: keeps only what was made durable (see the module doc) and makes
   * every open handle stale. With `torn`, each file keeps a random prefix of its unsynced tail.
   */
  crash(options: CrashOptions = {}): void {
    const random = options.torn ? (options.random ?? this.#random) : undefined;
    if (options.torn && random === undefined) {
      throw new TypeError("memfs: a torn crash needs a PRNG (options.random)");
    }
    this.generation++;
    this.stats.crashes++;
    const survivors = new Map<Inode, Inode>();
    const files = new Map<string, Inode>();
    // Sorted so the PRNG is consumed in a stable order.
    for (const path of [...this.#durableFiles.keys()].sort()) {
      const inode = this.#durableFiles.get(path)!;
      let after = survivors.get(inode);
      if (after === undefined) {
        after = inode.afterCrash(random);
        survivors.set(inode, after);
      }
      files.set(path, after);
    }
    this.#files = files;
    this.#durableFiles = new Map(files);
  }

  /** Test helper: a copy of a file's current bytes, or undefined when it does not exist. */
  peek(path: string): Uint8Array | undefined {
    return this.#files.get(normalize(path))?.content().slice();
  }

  /** Test helper: a copy of the bytes of `path` that would survive a crash now. */
  peekDurable(path: string): Uint8Array | undefined {
    return this.#durableFiles.get(normalize(path))?.durableContent().slice();
  }

  /**
   * Test helper: replaces a file's bytes durably (name included), bypassing handles. Used to
   * corrupt or truncate files behind the WAL's back. Open handles on an existing file see it.
   */
  poke(path: string, data: Uint8Array): void {
    const p = normalize(path);
    this.#requireDir(parentOf(p), p);
    let inode = this.#files.get(p);
    if (inode === undefined) {
      inode = new Inode();
      this.#files.set(p, inode);
    }
    inode.truncate(0);
    inode.append(data);
    inode.sync();
    this.#durableFiles.set(p, inode);
  }
}
