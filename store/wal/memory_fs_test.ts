import assert from "node:assert/strict";
import { MemoryFs, MemoryFsCrashedError, MemoryFsNotFoundError } from "./memory_fs.ts";
import { seededRandom } from "./test_util.ts";

const bytes = (...b: number[]) => new Uint8Array(b);

Deno.test("MemoryFs", async (t) => {
  await t.step("a crash keeps synced bytes and drops unsynced ones", async () => {
    const fs = new MemoryFs();
    await fs.mkdirAll("/d");
    const f = await fs.open("/d/a", "create");
    await fs.syncDir("/d");
    await f.append(bytes(1, 2, 3));
    await f.sync();
    await f.append(bytes(4, 5));
    assert.deepEqual(fs.peek("/d/a"), bytes(1, 2, 3, 4, 5));
    assert.deepEqual(fs.peekDurable("/d/a"), bytes(1, 2, 3));
    fs.crash();
    assert.deepEqual(await fs.readFile("/d/a"), bytes(1, 2, 3));
    // The old handle belongs to the crashed process.
    await assert.rejects(f.append(bytes(9)), MemoryFsCrashedError);
    await assert.rejects(f.sync(), MemoryFsCrashedError);
    assert.equal(fs.stats.crashes, 1);
  });

  await t.step("creates, renames and removes need a directory sync", async () => {
    const fs = new MemoryFs();
    await fs.mkdirAll("/d");
    const a = await fs.open("/d/a", "create");
    await a.append(bytes(1));
    await a.sync();
    fs.crash(); // the file's data was synced, but its name never was
    assert.deepEqual(await fs.readDir("/d"), []);

    const b = await fs.open("/d/b", "create");
    await b.append(bytes(2));
    await b.sync();
    await fs.syncDir("/d");
    await fs.rename("/d/b", "/d/c");
    fs.crash();
    assert.deepEqual(await fs.readDir("/d"), ["b"]);

    await fs.rename("/d/b", "/d/c");
    await fs.syncDir("/d");
    await fs.remove("/d/c");
    fs.crash();
    assert.deepEqual(await fs.readDir("/d"), ["c"]);
    assert.deepEqual(await fs.readFile("/d/c"), bytes(2));
  });

  await t.step("a truncate below the synced length reverts on crash", async () => {
    const fs = new MemoryFs();
    const f = await fs.open("a", "create");
    await fs.syncDir(".");
    await f.append(bytes(1, 2, 3, 4));
    await f.sync();
    await f.truncate(1);
    await f.append(bytes(7));
    assert.deepEqual(fs.peek("a"), bytes(1, 7));
    fs.crash();
    assert.deepEqual(await fs.readFile("a"), bytes(1, 2, 3, 4));
    const g = await fs.open("a", "append");
    await g.truncate(2);
    await g.sync();
    fs.crash();
    assert.deepEqual(await fs.readFile("a"), bytes(1, 2));
  });

  await t.step("torn crashes keep a seeded random prefix of the unsynced tail", async () => {
    const run = async (seed: number) => {
      const fs = new MemoryFs({ random: seededRandom(seed) });
      const kept: number[] = [];
      for (let i = 0; i < 20; i++) {
        const f = await fs.open("a", "create");
        await fs.syncDir(".");
        await f.append(bytes(1, 2));
        await f.sync();
        await f.append(new Uint8Array(100).fill(9));
        fs.crash({ torn: true });
        const got = await fs.readFile("a");
        assert.deepEqual(got.subarray(0, 2), bytes(1, 2));
        assert.ok(got.subarray(2).every((b) => b === 9));
        kept.push(got.length);
      }
      return kept;
    };
    const a = await run(5);
    assert.deepEqual(a, await run(5), "same seed, same crash");
    assert.ok(new Set(a).size > 5, `varied lengths: ${a}`);
    assert.throws(() => new MemoryFs().crash({ torn: true }), TypeError);
  });

  await t.step("missing paths, faults and sync hooks", async () => {
    const fs = new MemoryFs();
    await assert.rejects(fs.readFile("/nope"), MemoryFsNotFoundError);
    await assert.rejects(fs.readDir("/nope"), MemoryFsNotFoundError);
    await assert.rejects(fs.open("/nope/x", "create"), MemoryFsNotFoundError);
    await assert.rejects(fs.open("/x", "append"), MemoryFsNotFoundError);
    assert.equal(await fs.stat("/x"), undefined);
    await fs.mkdirAll("/a/b/c");
    assert.equal((await fs.stat("/a/b"))?.isDirectory, true);

    fs.faults = (op, path) => op === "append" && path === "/a/f" ? new Error("ENOSPC") : undefined;
    const f = await fs.open("/a/f", "create");
    await assert.rejects(f.append(bytes(1)), /ENOSPC/);
    assert.deepEqual(fs.peek("/a/f"), bytes());
    fs.faults = undefined;

    // A sync held by the simulator fails if the disk crashes meanwhile.
    let release = () => {};
    fs.onSync = () => new Promise<void>((r) => (release = r));
    await f.append(bytes(1));
    const pending = f.sync();
    fs.crash();
    release();
    await assert.rejects(pending, MemoryFsCrashedError);
    assert.equal(fs.stats.syncs, 0);
    await f.close();
    await assert.rejects(f.append(bytes(1)), TypeError);
  });
});
