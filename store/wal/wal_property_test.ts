/**
 * Model-based property test: random saves, snapshot markers, releases, clean reopens and
 * crashes (torn or not, with saves in flight) on MemoryFs. After every reopen the recovered
 * state must be exactly the model's state after all acknowledged records plus some prefix of
 * the unacknowledged ones: nothing acknowledged is lost, nothing is invented, order holds.
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import { MemoryFs } from "./memory_fs.ts";
import { Wal, type WalOpenResult } from "./wal.ts";
import { seededRandom } from "./test_util.ts";
import type { Entry, HardState, SnapshotMetadata } from "../raft/types.ts";

/** The model: the log as Raft storage sees it. */
interface ModelState {
  readonly log: ReadonlyMap<number, Entry>;
  readonly lastIndex: number;
  readonly snapshot: SnapshotMetadata | undefined;
  readonly hardState: HardState | undefined;
}

type ModelRecord =
  | { kind: "entry"; entry: Entry }
  | { kind: "state"; hs: HardState }
  | { kind: "snapshot"; meta: SnapshotMetadata };

function apply(s: ModelState, r: ModelRecord): ModelState {
  switch (r.kind) {
    case "entry": {
      const log = new Map(s.log);
      for (const i of log.keys()) if (i >= r.entry.index) log.delete(i);
      log.set(r.entry.index, r.entry);
      return { ...s, log, lastIndex: r.entry.index };
    }
    case "state":
      return { ...s, hardState: r.hs };
    case "snapshot": {
      // A snapshot that disagrees with the log at its index replaces the log (Raft discards a
      // conflicting tail when it installs a leader's snapshot).
      const at = s.log.get(r.meta.index);
      if (at !== undefined && at.term !== r.meta.term) {
        return { ...s, snapshot: r.meta, log: new Map(), lastIndex: r.meta.index };
      }
      return { ...s, snapshot: r.meta };
    }
  }
}

function snapIndex(s: ModelState): number {
  return s.snapshot?.index ?? 0;
}

/** The canonical form of what `Wal.open` should return for a model state. */
function expected(s: ModelState): string {
  const from = snapIndex(s);
  const ents: string[] = [];
  for (let i = from + 1; i <= s.lastIndex; i++) {
    const e = s.log.get(i);
    assert.ok(e, `model has no entry ${i}`);
    ents.push(`${e.index}/${e.term}/${e.data.length}`);
  }
  const hs = s.hardState ?? { term: 0, vote: 0, commit: 0 };
  const snap = s.snapshot === undefined ? "-" : `${s.snapshot.index}/${s.snapshot.term}`;
  return `hs=${hs.term},${hs.vote},${hs.commit} snap=${snap} ents=${ents.join(" ")}`;
}

function recovered(r: WalOpenResult): string {
  const ents = r.entries.map((e) => `${e.index}/${e.term}/${e.data.length}`);
  const hs = r.hardState;
  const snap = r.snapshot === undefined ? "-" : `${r.snapshot.index}/${r.snapshot.term}`;
  return `hs=${hs.term},${hs.vote},${hs.commit} snap=${snap} ents=${ents.join(" ")}`;
}

/** One generated save: how far back it overwrites, how many entries, whether hs changes. */
interface SaveSpec {
  readonly back: number;
  readonly count: number;
  readonly size: number;
  readonly hs: boolean;
  readonly vote: number;
}

type Command =
  | { kind: "save"; spec: SaveSpec }
  | { kind: "snapshot"; ahead: number; pick: number }
  | { kind: "release" }
  | { kind: "reopen" }
  | { kind: "crash"; torn: boolean }
  | { kind: "burst"; specs: SaveSpec[]; ticks: number; torn: boolean };

const saveSpec: fc.Arbitrary<SaveSpec> = fc.record({
  back: fc.nat(4),
  count: fc.nat(4),
  size: fc.nat(60),
  hs: fc.nat(5).map((n) => n === 0),
  vote: fc.nat(3),
});

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 8, arbitrary: saveSpec.map((spec) => ({ kind: "save" as const, spec })) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("snapshot" as const),
      ahead: fc.nat(3),
      pick: fc.nat(100),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "release" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "reopen" as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("crash" as const), torn: fc.boolean() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("burst" as const),
      specs: fc.array(saveSpec, { minLength: 1, maxLength: 5 }),
      ticks: fc.nat(8),
      torn: fc.boolean(),
    }),
  },
);

/** Turns a save spec into the call arguments and the records the WAL writes, given the state. */
function planSave(
  s: ModelState,
  spec: SaveSpec,
  term: { value: number },
): { hs: HardState | undefined; ents: Entry[]; records: ModelRecord[] } {
  const next = Math.max(s.lastIndex, snapIndex(s)) + 1;
  const first = Math.max(snapIndex(s) + 1, next - spec.back);
  if (first < next) term.value++; // an overwrite comes from a newer leader
  const ents: Entry[] = [];
  for (let i = 0; i < spec.count; i++) {
    const data = new Uint8Array(spec.size).fill((first + i) & 0xff);
    ents.push({ index: first + i, term: term.value, type: 0, data });
  }
  const hs = spec.hs ? { term: term.value, vote: spec.vote, commit: s.lastIndex } : undefined;
  const records: ModelRecord[] = ents.map((entry) => ({ kind: "entry", entry }));
  if (hs !== undefined) records.push({ kind: "state", hs });
  return { hs, ents, records };
}

const stats = { runs: 0, commands: 0, crashes: 0, entries: 0 };

async function runScenario(seed: number, commands: Command[], segmentSize: number): Promise<void> {
  const fs = new MemoryFs({ random: seededRandom(seed) });
  const dir = "/n1/wal";
  let wal = await Wal.create(fs, dir, { segmentSize });
  let state: ModelState = {
    log: new Map(),
    lastIndex: 0,
    snapshot: undefined,
    hardState: undefined,
  };
  const term = { value: 1 };

  const reopen = async (candidates: ModelState[]) => {
    const r = await Wal.open(fs, dir, { segmentSize });
    wal = r.wal;
    const got = recovered(r);
    const match = candidates.find((c) => expected(c) === got);
    assert.ok(
      match,
      `recovered state\n  ${got}\nis none of\n  ${candidates.map(expected).join("\n  ")}`,
    );
    state = match;
  };

  try {
    for (const c of commands) {
      switch (c.kind) {
        case "save": {
          const p = planSave(state, c.spec, term);
          await wal.save(p.hs, p.ents);
          for (const r of p.records) state = apply(state, r);
          break;
        }
        case "snapshot": {
          const snap = snapIndex(state);
          let index: number;
          if (c.ahead > 0 || state.lastIndex <= snap) {
            index = Math.max(state.lastIndex, snap) + c.ahead; // installing a leader's snapshot
          } else {
            index = snap + (c.pick % (state.lastIndex - snap + 1)); // compacting our own log
          }
          // Our own snapshot carries the term of the entry at its index. (A leader's snapshot
          // inside a conflicting tail is covered by store/raft/sim/wal_stale_tail_test.ts.)
          const own = c.ahead === 0 ? state.log.get(index)?.term : undefined;
          const meta = {
            index,
            term: own ?? term.value,
            confState: { voters: [1, 2, 3], learners: [] },
          };
          await wal.saveSnapshot(meta);
          state = apply(state, { kind: "snapshot", meta });
          break;
        }
        case "release":
          await wal.releaseTo(snapIndex(state));
          break;
        case "reopen":
          await wal.close();
          await reopen([state]);
          break;
        case "crash":
          fs.crash({ torn: c.torn });
          await wal.close();
          await reopen([state]);
          break;
        case "burst": {
          // Saves issued back to back, a crash after `ticks` microtasks.
          const records: ModelRecord[][] = [];
          const promises: Promise<void>[] = [];
          let planned = state;
          for (const spec of c.specs) {
            const p = planSave(planned, spec, term);
            records.push(p.records);
            for (const r of p.records) planned = apply(planned, r);
            promises.push(wal.save(p.hs, p.ents));
          }
          let acked = -1;
          let crashed = false;
          promises.forEach((p, i) =>
            p.then(() => {
              if (!crashed) acked = Math.max(acked, i);
            }, () => {})
          );
          for (let i = 0; i < c.ticks; i++) await Promise.resolve();
          crashed = true;
          fs.crash({ torn: c.torn });
          await Promise.allSettled(promises);
          await wal.close();
          // Candidates: after every acknowledged record, plus any prefix of the rest.
          let s = state;
          const candidates: ModelState[] = [];
          records.forEach((rs, i) => {
            for (const r of rs) {
              if (i > acked) candidates.push(s);
              s = apply(s, r);
            }
          });
          candidates.push(s);
          await reopen(candidates);
          break;
        }
      }
    }
    await wal.close();
    await reopen([state]);
    stats.runs++;
    stats.commands += commands.length;
    stats.crashes += fs.stats.crashes;
    stats.entries += state.lastIndex;
  } finally {
    await wal.close();
  }
}

Deno.test("wal property: crashes never lose acknowledged data nor invent any", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.nat(),
      fc.array(command, { minLength: 5, maxLength: 80, size: "large" }),
      fc.constantFrom(256, 700, 4096),
      (seed, commands, segmentSize) => runScenario(seed, commands, segmentSize),
    ),
    { numRuns: Number(Deno.env.get("KUBENO_WAL_PROPERTY_RUNS") ?? "300") },
  );
  // The generator does reach the interesting states.
  assert.ok(stats.crashes > 100 && stats.entries > 1000, JSON.stringify(stats));
});
