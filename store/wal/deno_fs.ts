/**
 * `WalFs` on the real disk through `Deno.FsFile`. Needs `--allow-read` and `--allow-write` on
 * the data directory.
 *
 * @module
 */

import { dirname, resolve } from "node:path";
import type { OpenMode, WalFile, WalFs, WalFsStat } from "./fs.ts";

/** A real file opened in append mode (O_APPEND: every write lands at the end). */
class DenoWalFile implements WalFile {
  #file: Deno.FsFile | undefined;

  constructor(readonly path: string, file: Deno.FsFile) {
    this.#file = file;
  }

  #handle(): Deno.FsFile {
    if (this.#file === undefined) throw new TypeError(`fs: ${this.path} is closed`);
    return this.#file;
  }

  async append(data: Uint8Array): Promise<void> {
    const f = this.#handle();
    let done = 0;
    // write() may be partial; loop until every byte is handed to the kernel.
    while (done < data.length) {
      done += await f.write(data.subarray(done));
    }
  }

  async sync(): Promise<void> {
    // fdatasync: flushes the data and the size (what an append-only log needs), not the mtime.
    await this.#handle().syncData();
  }

  async truncate(size: number): Promise<void> {
    await this.#handle().truncate(size);
  }

  close(): Promise<void> {
    const f = this.#file;
    this.#file = undefined;
    f?.close();
    return Promise.resolve();
  }
}

/** The real filesystem. Stateless; one instance can serve any number of directories. */
export class DenoFs implements WalFs {
  /** Creates a directory and its parents, and fsyncs the parent of each one created. */
  async mkdirAll(path: string): Promise<void> {
    const missing: string[] = [];
    for (let p = resolve(path); (await this.stat(p)) === undefined; p = dirname(p)) {
      missing.push(p);
      if (dirname(p) === p) break;
    }
    await Deno.mkdir(path, { recursive: true });
    // Outermost first: each new entry is durable before anything is created inside it.
    for (const p of missing.reverse()) await this.syncDir(dirname(p));
  }

  /** File names directly inside `dir`. */
  async readDir(dir: string): Promise<string[]> {
    const names: string[] = [];
    for await (const e of Deno.readDir(dir)) {
      if (e.isFile) names.push(e.name);
    }
    return names;
  }

  /** Whole contents of a file. */
  readFile(path: string): Promise<Uint8Array> {
    return Deno.readFile(path);
  }

  /** Kind and size of a path, undefined when missing. */
  async stat(path: string): Promise<WalFsStat | undefined> {
    try {
      const s = await Deno.stat(path);
      return { isFile: s.isFile, isDirectory: s.isDirectory, size: s.size };
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return undefined;
      throw e;
    }
  }

  /** Opens a file in append mode. */
  async open(path: string, mode: OpenMode): Promise<WalFile> {
    if (mode === "create") {
      // O_APPEND cannot be combined with O_TRUNC here: empty the file first, then open it.
      await Deno.writeFile(path, new Uint8Array(0));
    }
    return new DenoWalFile(path, await Deno.open(path, { read: true, append: true }));
  }

  /** rename(2). */
  async rename(from: string, to: string): Promise<void> {
    await Deno.rename(from, to);
  }

  /** unlink(2). */
  async remove(path: string): Promise<void> {
    await Deno.remove(path);
  }

  /** fsync of the directory itself, which makes creates, renames and removes durable. */
  async syncDir(dir: string): Promise<void> {
    const d = await Deno.open(dir, { read: true });
    try {
      await d.sync();
    } finally {
      d.close();
    }
  }
}
