import assert from "node:assert/strict";
import { SnapshotCorruptionError, SnapshotNotFoundError } from "./errors.ts";
import { MemoryFs } from "./memory_fs.ts";
import {
  decodeSnapshotFile,
  encodeSnapshotFile,
  parseSnapshotName,
  snapshotName,
  SnapshotStore,
} from "./snapshot_store.ts";
import { onBackends } from "./test_util.ts";
import type { Snapshot } from "../raft/types.ts";

function snapshot(index: number, term: number, size = 100): Snapshot {
  return {
    metadata: { index, term, confState: { voters: [1, 2, 3], learners: [4] } },
    data: new Uint8Array(size).map((_, i) => (i * 7 + index) & 0xff),
  };
}

Deno.test("SnapshotStore", async (t) => {
  await t.step("names and the file codec", () => {
    assert.equal(snapshotName(2, 31), "0000000000000002-000000000000001f.snap");
    assert.deepEqual(parseSnapshotName(snapshotName(2, 31)), {
      name: snapshotName(2, 31),
      term: 2,
      index: 31,
    });
    assert.equal(parseSnapshotName("x.snap"), undefined);
    const s = snapshot(9, 3);
    assert.deepEqual(decodeSnapshotFile("f", encodeSnapshotFile(s)), s);
    const bad = encodeSnapshotFile(s);
    bad[40]! ^= 1;
    assert.throws(() => decodeSnapshotFile("f", bad), /crc mismatch/);
    assert.throws(() => decodeSnapshotFile("f", bad.subarray(0, 50)), SnapshotCorruptionError);
  });

  await onBackends(t, "saves, lists and loads", async (b) => {
    const store = new SnapshotStore(b.fs, b.dir);
    assert.deepEqual(await store.list(), []);
    assert.equal((await store.loadNewest()).snapshot, undefined);
    await store.save(snapshot(10, 1));
    await store.save(snapshot(20, 2, 5000));
    await store.save(snapshot(15, 2));
    assert.deepEqual((await store.list()).map((r) => r.index), [20, 15, 10]);
    assert.deepEqual(await store.load(1, 10), snapshot(10, 1));
    await assert.rejects(store.load(1, 11), SnapshotNotFoundError);
    const newest = await store.loadNewest();
    assert.deepEqual(newest.snapshot, snapshot(20, 2, 5000));
    assert.deepEqual(newest.skipped, []);
    // Only snapshots with a WAL marker count.
    const marked = await store.loadNewest([{ term: 2, index: 15 }, { term: 1, index: 10 }]);
    assert.deepEqual(marked.snapshot, snapshot(15, 2));
    // No temp files are left behind.
    assert.deepEqual(await b.list(), [
      snapshotName(1, 10),
      snapshotName(2, 15),
      snapshotName(2, 20),
    ]);
  });

  await onBackends(t, "skips damaged snapshots with a warning", async (b) => {
    const store = new SnapshotStore(b.fs, b.dir);
    await store.save(snapshot(10, 1));
    await store.save(snapshot(20, 2));
    await store.save(snapshot(30, 2));
    const n30 = snapshotName(2, 30);
    const bytes = await b.read(n30);
    bytes[bytes.length - 1]! ^= 0xff;
    await b.write(n30, bytes);
    // A file whose name does not match its content is damaged too.
    await b.write(snapshotName(2, 20), encodeSnapshotFile(snapshot(21, 2)));
    await assert.rejects(store.load(2, 30), SnapshotCorruptionError);
    const r = await store.loadNewest();
    assert.deepEqual(r.snapshot, snapshot(10, 1));
    assert.deepEqual(r.skipped.map((s) => s.file), [n30, snapshotName(2, 20)]);
    assert.match(r.skipped[0]!.reason, /crc mismatch/);
    assert.match(r.skipped[1]!.reason, /holds index 21/);
  });

  await onBackends(t, "purge keeps the newest N and removes temp files", async (b) => {
    const store = new SnapshotStore(b.fs, b.dir);
    assert.deepEqual(await store.purge(2), []);
    for (const i of [1, 2, 3, 4, 5]) await store.save(snapshot(i * 10, 1));
    await b.write(`${snapshotName(1, 60)}.tmp`, new Uint8Array(3));
    const removed = await store.purge(2);
    assert.deepEqual(removed.sort(), [
      snapshotName(1, 10),
      snapshotName(1, 20),
      snapshotName(1, 30),
      `${snapshotName(1, 60)}.tmp`,
    ]);
    assert.deepEqual(await b.list(), [snapshotName(1, 40), snapshotName(1, 50)]);
    await assert.rejects(store.purge(0), RangeError);
  });

  await t.step("a crash during save leaves the old state or the new one", async () => {
    const fs = new MemoryFs();
    const store = new SnapshotStore(fs, "/s");
    await store.save(snapshot(10, 1));
    let syncs = 0;
    fs.faults = (op) => (op === "syncDir" && ++syncs === 1 ? new Error("power cut") : undefined);
    await assert.rejects(store.save(snapshot(20, 1)), /power cut/);
    fs.faults = undefined;
    fs.crash();
    assert.deepEqual((await store.list()).map((r) => r.index), [10]);
    await store.save(snapshot(20, 1));
    fs.crash();
    assert.deepEqual((await store.loadNewest()).snapshot, snapshot(20, 1));
  });
});
