import assert from "node:assert/strict";
import { MemoryFs } from "./memory_fs.ts";
import { crc32c } from "./crc32.ts";
import { encodeEntry } from "./codec.ts";
import { encodeRecords, frameSize, RecordType } from "./record.ts";
import { segmentName } from "./segment.ts";
import {
  WalClosedError,
  WalCorruptionError,
  WalExistsError,
  WalFailedError,
  WalNotFoundError,
  WalSnapshotNotFoundError,
} from "./errors.ts";
import { Wal } from "./wal.ts";
import { entries, entry, onBackends, seededRandom } from "./test_util.ts";
import type { Entry, HardState, SnapshotMetadata } from "../raft/types.ts";

const CONF = { voters: [1, 2, 3], learners: [] };
const HEADER_FRAME = frameSize(25); // segment header with empty metadata
const ENTRY_FRAME = frameSize(17 + 8); // entry with 8 data bytes

function snap(index: number, term: number): SnapshotMetadata {
  return { index, term, confState: CONF };
}

function indexes(ents: readonly Entry[]): string {
  return ents.map((e) => `${e.index}/${e.term}`).join(",");
}

Deno.test("wal", async (t) => {
  await onBackends(t, "round-trips entries and hard state across reopen", async (b) => {
    const wal = await Wal.create(b.fs, b.dir, { metadata: new Uint8Array([7, 8]) });
    const hs: HardState = { term: 2, vote: 3, commit: 4 };
    await wal.save({ term: 1, vote: 1, commit: 0 }, entries(1, 3, 1));
    await wal.save(hs, entries(4, 6, 2, 1000));
    await wal.save(undefined, []);
    await wal.close();
    const r = await Wal.open(b.fs, b.dir);
    try {
      assert.deepEqual(r.hardState, hs);
      assert.equal(r.snapshot, undefined);
      assert.equal(r.repaired, undefined);
      assert.deepEqual(r.metadata, new Uint8Array([7, 8]));
      assert.deepEqual(r.entries, [...entries(1, 3, 1), ...entries(4, 6, 2, 1000)]);
      // The reopened log appends after what it recovered.
      await r.wal.save(undefined, [entry(7, 2)]);
    } finally {
      await r.wal.close();
    }
    const r2 = await Wal.open(b.fs, b.dir);
    await r2.wal.close();
    assert.equal(indexes(r2.entries), "1/1,2/1,3/1,4/2,5/2,6/2,7/2");
    assert.deepEqual(r2.hardState, hs);
  });

  await onBackends(t, "create refuses an existing log; open refuses a missing one", async (b) => {
    await assert.rejects(Wal.open(b.fs, b.dir), WalNotFoundError);
    assert.equal(await Wal.exists(b.fs, b.dir), false);
    const wal = await Wal.create(b.fs, b.dir);
    await wal.close();
    assert.equal(await Wal.exists(b.fs, b.dir), true);
    await assert.rejects(Wal.create(b.fs, b.dir), WalExistsError);
    await assert.rejects(wal.save(undefined, [entry(1, 1)]), WalClosedError);
  });

  await onBackends(t, "an overwritten tail survives reopen", async (b) => {
    const wal = await Wal.create(b.fs, b.dir);
    await wal.save({ term: 1, vote: 1, commit: 2 }, entries(1, 5, 1));
    // A new leader overwrites the uncommitted 3..5 with 3..4 at term 2, then appends.
    await wal.save({ term: 2, vote: 2, commit: 2 }, entries(3, 4, 2));
    await wal.save(undefined, [entry(5, 3)]);
    await wal.save(undefined, [entry(5, 4), entry(6, 4)]);
    assert.equal(wal.lastIndex, 6);
    await wal.close();
    const r = await Wal.open(b.fs, b.dir);
    await r.wal.close();
    assert.equal(indexes(r.entries), "1/1,2/1,3/2,4/2,5/4,6/4");
    assert.deepEqual(r.hardState, { term: 2, vote: 2, commit: 2 });
  });

  await onBackends(t, "rejects entries that break the log rules", async (b) => {
    const wal = await Wal.create(b.fs, b.dir);
    try {
      await assert.rejects(wal.save(undefined, [entry(2, 1)]), RangeError); // gap
      await wal.save(undefined, entries(1, 3, 1));
      await assert.rejects(wal.save(undefined, [entry(4, 1), entry(6, 1)]), RangeError);
      await assert.rejects(wal.save(undefined, [entry(5, 1)]), RangeError);
      await assert.rejects(wal.save(undefined, [entry(0, 1)]), RangeError);
      await wal.saveSnapshot(snap(2, 1));
      await assert.rejects(wal.save(undefined, [entry(2, 2)]), RangeError); // below snapshot
      await assert.rejects(wal.saveSnapshot(snap(1, 1)), RangeError); // marker going back
      await wal.save(undefined, [entry(3, 2)]); // overwrite above the snapshot is fine
    } finally {
      await wal.close();
    }
  });

  await onBackends(t, "rotates segments and reopens across them", async (b) => {
    const segmentSize = 1024;
    let wal = await Wal.create(b.fs, b.dir, { segmentSize });
    let hs: HardState = { term: 1, vote: 1, commit: 0 };
    for (let i = 1; i <= 60; i++) {
      hs = { term: 1 + Math.floor(i / 20), vote: 1, commit: i - 1 };
      await wal.save(hs, [entry(i, hs.term, 40)]);
      if (i === 30) {
        await wal.close();
        const r = await Wal.open(b.fs, b.dir, { segmentSize });
        assert.equal(r.entries.length, 30);
        wal = r.wal;
      }
    }
    const segments = wal.segments;
    assert.ok(segments.length >= 4, `expected several segments, got ${segments}`);
    assert.deepEqual(await b.list(), segments);
    const stats = wal.stats();
    assert.ok(stats.segmentsCreated >= 2);
    await wal.close();
    const r = await Wal.open(b.fs, b.dir, { segmentSize });
    await r.wal.close();
    assert.equal(r.entries.length, 60);
    assert.deepEqual(r.entries.map((e) => e.index), Array.from({ length: 60 }, (_, i) => i + 1));
    assert.deepEqual(r.entries[59], entry(60, 4, 40));
    assert.deepEqual(r.hardState, hs);
  });

  await onBackends(t, "releaseTo deletes segments before the snapshot", async (b) => {
    const segmentSize = 512;
    const wal = await Wal.create(b.fs, b.dir, { segmentSize });
    const hs: HardState = { term: 3, vote: 2, commit: 40 };
    await wal.save(hs, []);
    for (let i = 1; i <= 50; i++) await wal.save(undefined, [entry(i, 3, 40)]);
    const before = wal.segments;
    assert.ok(before.length > 5);
    // Without a snapshot marker nothing can go.
    assert.deepEqual(await wal.releaseTo(40), []);
    await wal.saveSnapshot(snap(40, 3));
    const released = await wal.releaseTo(40);
    assert.ok(released.length > 0);
    assert.deepEqual(released, before.slice(0, released.length));
    assert.deepEqual(await b.list(), wal.segments);
    assert.equal(wal.stats().segmentsReleased, released.length);
    // Releasing beyond the snapshot is clamped to it: nothing more goes.
    assert.deepEqual(await wal.releaseTo(1000), []);
    await wal.save(undefined, [entry(51, 3)]);
    await wal.close();
    const r = await Wal.open(b.fs, b.dir, { segmentSize });
    await r.wal.close();
    assert.deepEqual(r.snapshot, snap(40, 3));
    assert.deepEqual(r.hardState, hs);
    assert.deepEqual(r.entries.map((e) => e.index), Array.from({ length: 11 }, (_, i) => i + 41));
  });

  await onBackends(t, "opens at the latest or a chosen snapshot marker", async (b) => {
    const wal = await Wal.create(b.fs, b.dir);
    await wal.save(undefined, entries(1, 10, 1));
    await wal.saveSnapshot(snap(5, 1));
    await wal.saveSnapshot(snap(8, 1));
    // A follower installs a snapshot far ahead of its log: the log jumps.
    await wal.saveSnapshot(snap(100, 2));
    await wal.save({ term: 2, vote: 0, commit: 101 }, entries(101, 102, 2));
    await wal.close();

    assert.deepEqual(
      (await Wal.snapshots(b.fs, b.dir)).map((m) => m.index),
      [5, 8, 100],
    );
    const latest = await Wal.open(b.fs, b.dir);
    await latest.wal.close();
    assert.deepEqual(latest.snapshot, snap(100, 2));
    assert.equal(indexes(latest.entries), "101/2,102/2");

    await assert.rejects(
      Wal.open(b.fs, b.dir, { snapshot: { index: 7, term: 1 } }),
      WalSnapshotNotFoundError,
    );
    // The older snapshot's entries were replaced by the jump: they cannot be recovered.
    await assert.rejects(Wal.open(b.fs, b.dir, { snapshot: { index: 8, term: 1 } }), /not in/);
  });

  await onBackends(t, "repairs a torn tail (truncated mid-record)", async (b) => {
    const wal = await Wal.create(b.fs, b.dir);
    await wal.save({ term: 1, vote: 1, commit: 1 }, entries(1, 4, 1));
    await wal.save(undefined, entries(5, 6, 1));
    await wal.close();
    const name = segmentName(0, 0);
    const full = await b.read(name);
    // Cut inside the frame of entry 6 (the last record).
    await b.write(name, full.subarray(0, full.length - ENTRY_FRAME + 20));
    const r = await Wal.open(b.fs, b.dir);
    try {
      assert.equal(indexes(r.entries), "1/1,2/1,3/1,4/1,5/1");
      assert.deepEqual(r.hardState, { term: 1, vote: 1, commit: 1 });
      assert.ok(r.repaired);
      assert.equal(r.repaired.file, name);
      assert.equal(r.repaired.offset, full.length - ENTRY_FRAME);
      assert.equal(r.repaired.droppedBytes, 20);
      assert.match(r.repaired.reason, /truncated/);
      assert.equal((await b.read(name)).length, full.length - ENTRY_FRAME);
      // The repaired log keeps working.
      await r.wal.save(undefined, [entry(6, 2)]);
    } finally {
      await r.wal.close();
    }
    const r2 = await Wal.open(b.fs, b.dir);
    await r2.wal.close();
    assert.equal(r2.repaired, undefined);
    assert.equal(indexes(r2.entries), "1/1,2/1,3/1,4/1,5/1,6/2");
  });

  await onBackends(t, "repairs garbage appended after the last record", async (b) => {
    const wal = await Wal.create(b.fs, b.dir, { segmentSize: 300 });
    for (let i = 1; i <= 8; i++) await wal.save(undefined, [entry(i, 1)]);
    const last = wal.segments.at(-1)!;
    assert.ok(wal.segments.length > 1);
    await wal.close();
    const full = await b.read(last);
    const random = seededRandom(42);
    for (
      const garbage of [
        new Uint8Array(100),
        Uint8Array.from({ length: 77 }, () => random() * 256),
      ]
    ) {
      const bytes = new Uint8Array(full.length + garbage.length);
      bytes.set(full);
      bytes.set(garbage, full.length);
      await b.write(last, bytes);
      const r = await Wal.open(b.fs, b.dir);
      await r.wal.close();
      assert.equal(r.entries.length, 8);
      assert.equal(r.repaired?.offset, full.length);
      assert.equal(r.repaired?.droppedBytes, garbage.length);
      assert.deepEqual(await b.read(last), full);
    }
  });

  await onBackends(t, "refuses a flipped byte in the middle with file and offset", async (b) => {
    const wal = await Wal.create(b.fs, b.dir);
    await wal.save({ term: 1, vote: 1, commit: 0 }, entries(1, 10, 1));
    await wal.close();
    const name = segmentName(0, 0);
    const good = await b.read(name);
    const offset = HEADER_FRAME + 3 * ENTRY_FRAME; // entry 4
    // A byte of the payload, of the crc, of the length field.
    for (const at of [offset + 20, offset + 2, offset + 9]) {
      const bad = good.slice();
      bad[at]! ^= 0x10;
      await b.write(name, bad);
      await assert.rejects(Wal.open(b.fs, b.dir), (e: unknown) => {
        assert.ok(e instanceof WalCorruptionError, String(e));
        assert.equal(e.file, name);
        assert.equal(e.offset, offset);
        assert.match(e.message, new RegExp(`^wal: corrupted record at ${name} offset ${offset}: `));
        return true;
      });
      // The failed open changed nothing on disk.
      assert.deepEqual(await b.read(name), bad);
    }
  });

  await onBackends(t, "refuses damage in a segment that is not the last", async (b) => {
    const wal = await Wal.create(b.fs, b.dir, { segmentSize: 300 });
    for (let i = 1; i <= 12; i++) await wal.save(undefined, [entry(i, 1)]);
    const [first, second] = wal.segments;
    await wal.close();
    assert.ok(first && second);
    // Torn-looking damage (the end of the segment cut away) is still corruption here.
    const bytes = await b.read(first);
    await b.write(first, bytes.subarray(0, bytes.length - 10));
    await assert.rejects(Wal.open(b.fs, b.dir), (e: unknown) => {
      assert.ok(e instanceof WalCorruptionError);
      assert.equal(e.file, first);
      assert.equal(e.offset, bytes.length - ENTRY_FRAME);
      return true;
    });
    await b.write(first, bytes);
    // A segment removed from the middle breaks the sequence.
    const third = wal.segments[2];
    if (third !== undefined) {
      const saved = await b.read(second);
      await b.fs.remove(`${b.dir}/${second}`);
      await assert.rejects(Wal.open(b.fs, b.dir), /segment 1 is missing/);
      await b.write(second, saved);
    }
    // A stale copy of a segment (chain broken) is refused.
    const secondBytes = await b.read(second);
    const forged = secondBytes.slice();
    forged[4]! ^= 1; // prevCrc of the header record; fix the record's own crc
    new DataView(forged.buffer).setUint32(0, crc32c(0, forged, 4, HEADER_FRAME), true);
    await b.write(second, forged);
    await assert.rejects(Wal.open(b.fs, b.dir), /crc chain broken/);
  });

  await onBackends(t, "group commit: concurrent saves share fsyncs", async (b) => {
    const wal = await Wal.create(b.fs, b.dir);
    try {
      const base = wal.stats();
      const n = 200;
      await Promise.all(
        Array.from(
          { length: n },
          (_, i) => wal.save({ term: 1, vote: 1, commit: i }, [entry(i + 1, 1)]),
        ),
      );
      const s = wal.stats();
      const fsyncs = s.fsyncs - base.fsyncs;
      assert.equal(s.entriesWritten, n);
      assert.equal(s.saves, n);
      assert.ok(fsyncs < n / 10, `${fsyncs} fsyncs for ${n} saves`);
      assert.equal(s.batches, fsyncs);
    } finally {
      await wal.close();
    }
    const r = await Wal.open(b.fs, b.dir);
    await r.wal.close();
    assert.equal(r.entries.length, 200);
    assert.equal(r.hardState.commit, 199);
  });

  await onBackends(t, "open removes temp files; close waits for queued saves", async (b) => {
    const wal = await Wal.create(b.fs, b.dir);
    const pending = [wal.save(undefined, entries(1, 3, 1)), wal.saveSnapshot(snap(2, 1))];
    await wal.close();
    await Promise.all(pending); // already settled by close
    await b.write(`${segmentName(1, 3)}.tmp`, new Uint8Array(10));
    const r = await Wal.open(b.fs, b.dir);
    await r.wal.close();
    assert.deepEqual(await b.list(), [segmentName(0, 0)]);
    assert.equal(indexes(r.entries), "3/1");
    assert.deepEqual(r.snapshot, snap(2, 1));
  });

  await onBackends(t, "refuses well-framed records that break the log rules", async (b) => {
    const wal = await Wal.create(b.fs, b.dir);
    await wal.save(undefined, entries(1, 2, 1));
    await wal.close();
    const name = segmentName(0, 0);
    const good = await b.read(name);
    // Append a correctly checksummed and chained entry 5 after 2: a gap.
    const lastCrc = new DataView(good.buffer).getUint32(good.length - ENTRY_FRAME, true);
    const extra = encodeRecords(
      [{ type: RecordType.Entry, payload: encodeEntry(entry(5, 1)) }],
      lastCrc,
    );
    assert.equal(crc32c(0, extra.bytes, 4), extra.crc);
    const bytes = new Uint8Array(good.length + extra.bytes.length);
    bytes.set(good);
    bytes.set(extra.bytes, good.length);
    await b.write(name, bytes);
    await assert.rejects(Wal.open(b.fs, b.dir), (e: unknown) => {
      assert.ok(e instanceof WalCorruptionError);
      assert.equal(e.offset, good.length);
      assert.match(e.message, /entry index 5 leaves a gap after 2/);
      return true;
    });
  });

  await t.step("an I/O error fails the log; reopening recovers what is durable", async () => {
    const fs = new MemoryFs();
    const wal = await Wal.create(fs, "w");
    await wal.save(undefined, entries(1, 2, 1));
    fs.faults = (op) => (op === "sync" ? new Error("EIO") : undefined);
    await assert.rejects(wal.save(undefined, [entry(3, 1)]), WalFailedError);
    await assert.rejects(wal.save(undefined, [entry(3, 1)]), WalFailedError);
    fs.faults = undefined;
    await wal.close();
    fs.crash();
    const r = await Wal.open(fs, "w");
    await r.wal.close();
    assert.equal(indexes(r.entries), "1/1,2/1");
  });

  await t.step("a crash loses only what was not acknowledged", async () => {
    const fs = new MemoryFs({ random: seededRandom(7) });
    const wal = await Wal.create(fs, "w", { segmentSize: 400 });
    for (let i = 1; i <= 20; i++) await wal.save({ term: 1, vote: 1, commit: i }, [entry(i, 1)]);
    const inflight = [21, 22, 23].map((i) => wal.save(undefined, [entry(i, 1)]));
    fs.crash({ torn: true });
    const settled = await Promise.allSettled(inflight);
    assert.ok(settled.every((s) => s.status === "rejected"));
    await wal.close();
    const r = await Wal.open(fs, "w", { segmentSize: 400 });
    await r.wal.close();
    assert.ok(r.entries.length >= 20 && r.entries.length <= 23);
    assert.deepEqual(r.entries.slice(0, 20), entries(1, 20, 1));
    assert.equal(r.hardState.commit, 20);
  });
});
