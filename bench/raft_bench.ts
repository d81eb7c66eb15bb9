/**
 * Raft consensus throughput: entries committed per second through a 3-member in-process cluster
 * (real RawNodes and async driver loops, messages handed over in memory without delay), with
 * MemoryStorage-only persistence, with the real WAL on disk (every Ready's hard state and
 * entries fsynced before its messages are sent; temp directory removed afterwards), and with the
 * WAL skipping commit-index-only Readys (`mustSync` false, as etcd does not fsync those), for 1,
 * 16 and 64 concurrent proposers. Each proposer proposes
 * a 64-byte put at the leader and waits until the leader applied it before proposing the next.
 *
 * Prints, per configuration, the median over 3 short runs of: entries/s, p50 and p99 commit
 * latency (propose → applied on the leader), and WAL fsyncs per committed entry (all members).
 * There is no external anchor for these figures (etcd's own come from bench/store_bench.ts).
 *
 * Usage: deno run -A bench/raft_bench.ts [--seconds 1] [--runs 3]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { BenchCluster, type Persistence } from "./raft/cluster.ts";

/** The figures of one run. */
interface RunFigures {
  readonly entriesPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly fsyncsPerEntry: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** One run: `proposers` closed-loop proposers for `seconds`. */
async function runOnce(
  persistence: Persistence,
  proposers: number,
  seconds: number,
): Promise<RunFigures> {
  const cluster = await BenchCluster.start(persistence);
  try {
    const enc = new TextEncoder();
    const value = new Uint8Array(64).fill(120);
    const latencies: number[] = [];
    let nextId = 1;
    const t0 = performance.now();
    const end = t0 + seconds * 1000;
    const loops = Array.from({ length: proposers }, async (_, p) => {
      const key = enc.encode(`bench/${p}`);
      while (performance.now() < end) {
        const start = performance.now();
        await cluster.propose(nextId++, key, value);
        latencies.push(performance.now() - start);
      }
    });
    await Promise.all(loops);
    const elapsed = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      entriesPerSec: latencies.length / elapsed,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      fsyncsPerEntry: persistence === "memory" ? NaN : cluster.fsyncs() / latencies.length,
    };
  } finally {
    await cluster.stop();
  }
}

function fmt(n: number, digits: number): string {
  return Number.isFinite(n) ? n.toFixed(digits) : "-";
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      seconds: { type: "string", default: "1" },
      runs: { type: "string", default: "3" },
    },
  });
  const seconds = Number(values.seconds);
  const runs = Number(values.runs);
  console.log(
    `raft: 3 members in process, 64-byte puts, median of ${runs} runs of ${seconds} s each`,
  );
  console.log(
    "persistence  proposers   entries/s   p50 ms   p99 ms   fsyncs/entry",
  );
  for (const persistence of ["memory", "wal", "wal-lazy"] as const) {
    for (const proposers of [1, 16, 64]) {
      const figures: RunFigures[] = [];
      for (let i = 0; i < runs; i++) figures.push(await runOnce(persistence, proposers, seconds));
      const row = [
        persistence.padEnd(11),
        String(proposers).padStart(9),
        fmt(median(figures.map((f) => f.entriesPerSec)), 0).padStart(11),
        fmt(median(figures.map((f) => f.p50Ms)), 2).padStart(8),
        fmt(median(figures.map((f) => f.p99Ms)), 2).padStart(8),
        fmt(median(figures.map((f) => f.fsyncsPerEntry)), 3).padStart(14),
      ];
      console.log(row.join("  "));
    }
  }
}
