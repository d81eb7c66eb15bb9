/**
 * bench/up: what `kubeno up` costs on this machine: the time from starting the command to a
 * Ready node, and the idle memory of the whole cluster (the sum of the resident set sizes of
 * the `kubeno up` process and every process under it, from /proc), beside k3s's published
 * figures for a server with an agent (k3s is not installed here, so its numbers are quoted, not
 * measured). Goals from the issue: <= 300 MB, <= 5 s.
 *
 * Usage: scripts/deno run -A bench/up_bench.ts [--runs N] [--idle-seconds S]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { freePort } from "../tests/support/store_cluster.ts";
import { upCommandArgs } from "../tests/support/kubeno_process.ts";

/** k3s's published figures (docs.k3s.io, resource profiling; the issue quotes them). */
const K3S = {
  memory: "1400-1600 MB (server + agent)",
  ready: "~50 s to all default pods Ready",
} as const;

const GOALS = { memoryMb: 300, readyS: 5 } as const;

/** The PID and every descendant PID of `root`, from /proc. */
async function processTree(root: number): Promise<number[]> {
  const parents = new Map<number, number>();
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    const stat = await Deno.readTextFile(`/proc/${entry.name}/stat`).catch(() => "");
    if (stat === "") continue;
    // Field 4 (ppid) follows the command name, which is in parentheses and may hold spaces.
    parents.set(Number(entry.name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  }
  return tree;
}

/** Resident set size of `pid` in bytes (0 when it is gone). */
async function rss(pid: number): Promise<number> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`).catch(() => "");
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  return kb === undefined ? 0 : Number(kb) * 1024;
}

/** Whether node `name` reports Ready=True through the API at `api`. */
async function nodeReady(api: string, name: string): Promise<boolean> {
  try {
    const response = await fetch(`${api}/api/v1/nodes/${name}`, {
      signal: AbortSignal.timeout(1000),
    });
    if (!response.ok) {
      await response.body?.cancel();
      return false;
    }
    const node = await response.json() as {
      status?: { conditions?: { type: string; status: string }[] };
    };
    return node.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ??
      false;
  } catch {
    return false;
  }
}

/** One run's figures. */
interface UpRun {
  /** From spawning `kubeno up` to its host setup (Docker, images) being done. */
  readonly hostSetupMs: number;
  /** From spawning `kubeno up` to a Ready node. */
  readonly readyMs: number;
  readonly idleRssBytes: number;
  readonly processes: number;
}

/** Starts `kubeno up`, measures, stops it (SIGINT) and cleans up. */
async function measure(idleSeconds: number): Promise<UpRun> {
  const dir = await Deno.makeTempDir({ prefix: "kubeno-up-bench-" });
  const port = freePort();
  const api = `http://127.0.0.1:${port}`;
  const node = `bench-up-${crypto.randomUUID().slice(0, 6)}`;
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: upCommandArgs({
      dir,
      port,
      nodeName: node,
      podCidr: "10.244.227.0/24",
      serviceCidr: "10.117.0.0/16",
    }),
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  let hostSetupMs = NaN;
  const lines = (async () => {
    const decoder = new TextDecoderStream();
    let text = "";
    for await (const chunk of child.stdout.pipeThrough(decoder)) {
      text += chunk;
      if (Number.isNaN(hostSetupMs) && text.includes("Docker ready")) {
        hostSetupMs = performance.now() - started;
      }
    }
  })();
  try {
    let exited = false;
    child.status.then(() => (exited = true));
    while (!(await nodeReady(api, node))) {
      if (exited) throw new Error("kubeno up exited before its node was Ready");
      if (performance.now() - started > 120_000) throw new Error("no Ready node within 120 s");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const readyMs = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
    const pids = await processTree(child.pid);
    const sizes = await Promise.all(pids.map(rss));
    return {
      hostSetupMs,
      readyMs,
      idleRssBytes: sizes.reduce((a, b) => a + b, 0),
      processes: sizes.filter((size) => size > 0).length,
    };
  } finally {
    child.kill("SIGINT");
    await child.status;
    await lines;
    await Deno.remove(dir, { recursive: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      runs: { type: "string", default: "1" },
      "idle-seconds": { type: "string", default: "10" },
    },
  });
  const runs = Number(values.runs);
  const idleSeconds = Number(values["idle-seconds"]);
  console.log(
    `bench/up: ${runs} run(s) of kubeno up, idle ${idleSeconds} s before measuring memory`,
  );
  const results: UpRun[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await measure(idleSeconds);
    results.push(run);
    console.log(
      `  run ${i + 1}: host setup ${(run.hostSetupMs / 1000).toFixed(1)} s, Ready node ${
        (run.readyMs / 1000).toFixed(1)
      } s, idle RSS ${(run.idleRssBytes / 2 ** 20).toFixed(0)} MB in ${run.processes} process(es)`,
    );
  }
  const memoryMb = median(results.map((r) => r.idleRssBytes)) / 2 ** 20;
  const readyS = median(results.map((r) => r.readyMs)) / 1000;
  const afterSetupS = median(results.map((r) => r.readyMs - r.hostSetupMs)) / 1000;
  const rows = [
    ["", "kubeno (measured)", "k3s (published)", "goal"],
    [
      "idle memory, server + agent",
      `${memoryMb.toFixed(0)} MB`,
      K3S.memory,
      `<= ${GOALS.memoryMb} MB`,
    ],
    [
      "start to a Ready node",
      `${readyS.toFixed(1)} s (${afterSetupS.toFixed(1)} s after host setup)`,
      K3S.ready,
      `<= ${GOALS.readyS} s`,
    ],
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  for (const row of rows) {
    console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join("  ").trimEnd());
  }
  // The machine is shared: the load says how much the times are worth.
  const load = (await Deno.readTextFile("/proc/loadavg").catch(() => "?")).split(" ")[0];
  console.log(`load average (1 min) at the end: ${load} on ${navigator.hardwareConcurrency} cores`);
}
