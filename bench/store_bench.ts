/**
 * The store beside etcd: a 3-member kubeno store and a 3-member etcd (Debian's etcd-server) on
 * loopback, driven in the same run by the same load tool over the JSON gateway, 256-byte
 * values. Prints both columns and kubeno/etcd ratios.
 *
 * Usage: deno run -A bench/store_bench.ts [--seconds 5] [--failover-repeats 3]
 *
 * @module
 */
import { parseArgs } from "node:util";
import {
  type ClusterUnderTest,
  EtcdCluster,
  KubenoCluster,
} from "../tests/support/store_cluster.ts";
import { measure, type StoreFigures } from "./store/load.ts";

const ROWS: readonly [keyof StoreFigures, string, "higher" | "lower"][] = [
  ["putP50OneClient", "put latency p50, 1 client (ms)", "lower"],
  ["putP99OneClient", "put latency p99, 1 client (ms)", "lower"],
  ["putRate1", "puts/s, 1 client", "higher"],
  ["putRate16", "puts/s, 16 clients", "higher"],
  ["putP99At16", "put latency p99, 16 clients (ms)", "lower"],
  ["putRate64", "puts/s, 64 clients", "higher"],
  ["putP99At64", "put latency p99, 64 clients (ms)", "lower"],
  ["rangeRate64", "linearizable gets/s, 64 clients", "higher"],
  ["watchP50", "watch delivery p50 (ms)", "lower"],
  ["watchP99", "watch delivery p99 (ms)", "lower"],
  ["failoverMedian", "kill -9 leader → first put (ms, median)", "lower"],
];

async function run(
  start: () => Promise<ClusterUnderTest>,
  options: { seconds: number; failoverRepeats: number },
): Promise<{ label: string; figures?: StoreFigures; error?: string }> {
  let cluster: ClusterUnderTest | undefined;
  try {
    cluster = await start();
    console.error(`bench: measuring ${cluster.label}`);
    return { label: cluster.label, figures: await measure(cluster, options) };
  } catch (error) {
    return { label: "?", error: error instanceof Error ? error.message : String(error) };
  } finally {
    await cluster?.stop();
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      seconds: { type: "string", default: "5" },
      "failover-repeats": { type: "string", default: "3" },
    },
  });
  const options = {
    seconds: Number(values.seconds),
    failoverRepeats: Number(values["failover-repeats"]),
  };
  const etcd = await run(() => EtcdCluster.start(), options);
  const kubeno = await run(() => KubenoCluster.start(), options);
  const fmt = (n: number | undefined) =>
    n === undefined || Number.isNaN(n) ? "-" : n >= 100 ? n.toFixed(0) : n.toFixed(1);
  console.log(
    `${"metric".padEnd(42)}${(etcd.figures ? etcd.label : "etcd").padStart(14)}${
      "kubeno".padStart(10)
    }${"kubeno/etcd".padStart(13)}`,
  );
  for (const [key, label] of ROWS) {
    const e = etcd.figures?.[key];
    const k = kubeno.figures?.[key];
    const ratio = e !== undefined && k !== undefined ? (k / e).toFixed(2) : "-";
    console.log(
      `${label.padEnd(42)}${fmt(e).padStart(14)}${fmt(k).padStart(10)}${ratio.padStart(13)}`,
    );
  }
  if (etcd.error !== undefined) console.log(`etcd: not measured: ${etcd.error}`);
  if (kubeno.error !== undefined) console.log(`kubeno: not measured: ${kubeno.error}`);
}
