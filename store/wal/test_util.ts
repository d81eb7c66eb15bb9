/**
 * Test helpers shared by the WAL tests: a seeded PRNG, entry builders, and a way to run the
 * same test on the real disk and on `MemoryFs` with raw access to the files.
 *
 * @module
 */

import { DenoFs } from "./deno_fs.ts";
import { joinPath, type WalFs } from "./fs.ts";
import { MemoryFs } from "./memory_fs.ts";
import { type Entry, EntryType } from "../raft/types.ts";

/** mulberry32: a small seeded PRNG returning numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An entry whose data names its index and term (so overwrites are visible). */
export function entry(index: number, term: number, size = 8): Entry {
  const data = new Uint8Array(size);
  const text = new TextEncoder().encode(`${index}/${term}`);
  data.set(text.subarray(0, size));
  return { index, term, type: EntryType.Normal, data };
}

/** Entries `from..to` (inclusive) at `term`. */
export function entries(from: number, to: number, term: number, size = 8): Entry[] {
  const out: Entry[] = [];
  for (let i = from; i <= to; i++) out.push(entry(i, term, size));
  return out;
}

/** A filesystem under test with raw access to its files. */
export interface Backend {
  readonly name: string;
  readonly fs: WalFs;
  /** A fresh directory for the test. */
  readonly dir: string;
  /** Raw bytes of `dir/name`. */
  read(name: string): Promise<Uint8Array>;
  /** Replaces `dir/name` with `bytes` durably, behind any open handle's back. */
  write(name: string, bytes: Uint8Array): Promise<void>;
  /** File names in `dir`, sorted. */
  list(): Promise<string[]>;
}

/** Runs `fn` as one step per backend: the real disk (temp dir, removed after) and MemoryFs. */
export async function onBackends(
  t: Deno.TestContext,
  name: string,
  fn: (b: Backend) => Promise<void>,
): Promise<void> {
  await t.step(`${name} (DenoFs)`, async () => {
    const root = await Deno.makeTempDir({ prefix: "kubeno-wal-" });
    try {
      const dir = joinPath(root, "wal");
      await fn({
        name: "DenoFs",
        fs: new DenoFs(),
        dir,
        read: (n) => Deno.readFile(joinPath(dir, n)),
        write: (n, bytes) => Deno.writeFile(joinPath(dir, n), bytes),
        list: async () => {
          const names: string[] = [];
          for await (const e of Deno.readDir(dir)) names.push(e.name);
          return names.sort();
        },
      });
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  });
  await t.step(`${name} (MemoryFs)`, async () => {
    const fs = new MemoryFs({ random: seededRandom(1) });
    const dir = "/data/wal";
    await fn({
      name: "MemoryFs",
      fs,
      dir,
      read: (n) => Promise.resolve(fs.peek(joinPath(dir, n)) ?? new Uint8Array(0)),
      write: (n, bytes) => Promise.resolve(fs.poke(joinPath(dir, n), bytes)),
      list: () => fs.readDir(dir),
    });
  });
}
