/**
 * The API server under load, beside the Kubernetes SLOs and the goals: a `kubeno
 * apiserver` (embedded store member, on disk) filled with 30,000 pods, then
 * - create / get / list latency p50 and p99 under an open-loop mix at 20 and 200 requests/s,
 * - a list of all 30,000 pods (median of 3),
 * - 1,000 concurrent watchers and the delay from a write to its delivery to every watcher.
 *
 * Usage: deno run -A bench/api_bench.ts [--pods 30000] [--seconds 10] [--watchers 1000]
 *        [--watch-writes 100]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { ApiClient, watchStream } from "../client/mod.ts";
import { ApiServerProcess } from "../tests/support/apiserver_process.ts";

/** Percentile `p` (0..1) of `values` (sorted copy; nearest rank). */
function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

function pod(name: string, index: number): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, labels: { app: `web-${index % 1000}`, tier: "bench" } },
    spec: {
      containers: [{
        name: "app",
        image: "kubeno/busybox:latest",
        command: ["sleep", "3600"],
        resources: { requests: { cpu: "10m", memory: "16Mi" } },
      }],
    },
  };
}

/** Runs `count` tasks with at most `width` in flight. */
async function pool(count: number, width: number, task: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < count) await task(next++);
  }));
}

async function fill(api: ApiClient, pods: number): Promise<number> {
  await api.json("POST", "/api/v1/namespaces", {
    body: { apiVersion: "v1", kind: "Namespace", metadata: { name: "bench" } },
  });
  const started = performance.now();
  await pool(pods, 64, async (i) => {
    await api.fetch("POST", "/api/v1/namespaces/bench/pods", { body: pod(`fill-${i}`, i) });
  });
  return pods / ((performance.now() - started) / 1000);
}

type Verb = "create" | "get" | "list";

/** An open-loop mix at `rate` requests/s for `seconds`: 40% create, 40% get, 20% list. */
async function mixed(api: ApiClient, rate: number, seconds: number, pods: number) {
  const latencies: Record<Verb, number[]> = { create: [], get: [], list: [] };
  let errors = 0;
  const inFlight: Promise<void>[] = [];
  const total = rate * seconds;
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const verb: Verb = i % 5 < 2 ? "create" : i % 5 < 4 ? "get" : "list";
    inFlight.push((async () => {
      const t0 = performance.now();
      try {
        const response = verb === "create"
          ? await api.fetch("POST", "/api/v1/namespaces/bench/pods", {
            body: pod(`mix-${rate}-${i}`, i),
          })
          : verb === "get"
          ? await api.fetch("GET", `/api/v1/namespaces/bench/pods/fill-${(i * 7919) % pods}`)
          : await api.fetch("GET", "/api/v1/namespaces/bench/pods", {
            query: { labelSelector: `app=web-${i % 1000}` },
          });
        await response.arrayBuffer();
        latencies[verb].push(performance.now() - t0);
      } catch {
        errors++;
      }
    })());
  }
  await Promise.all(inFlight);
  return { latencies, errors };
}

/**
 * Lists every pod three times: the time until the whole response has arrived (what the API
 * call SLO measures) and until the client has also parsed it.
 */
async function listAll(
  api: ApiClient,
): Promise<{ receivedMs: number; parsedMs: number; items: number }[]> {
  const runs: { receivedMs: number; parsedMs: number; items: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const response = await api.fetch("GET", "/api/v1/pods");
    const text = await response.text();
    const receivedMs = performance.now() - t0;
    const list = JSON.parse(text) as { items: unknown[] };
    runs.push({ receivedMs, parsedMs: performance.now() - t0, items: list.items.length });
  }
  return runs;
}

/** `watchers` watches on one namespace; `writes` updates at 20/s; write->delivery delays. */
async function watchFanOut(api: ApiClient, watchers: number, writes: number) {
  await api.json("POST", "/api/v1/namespaces", {
    body: { apiVersion: "v1", kind: "Namespace", metadata: { name: "watch-bench" } },
  });
  const path = "/api/v1/namespaces/watch-bench/configmaps";
  const created = await api.json<{ metadata: { resourceVersion: string } }>("POST", path, {
    body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "probe" }, data: {} },
  });
  const abort = new AbortController();
  const delays: number[] = [];
  let ready = 0;
  const streams = Array.from({ length: watchers }, async () => {
    const events = watchStream<{ metadata: { annotations?: Record<string, string> } }>(
      api,
      path,
      { watch: "true", resourceVersion: created.metadata.resourceVersion },
      abort.signal,
    );
    ready++;
    try {
      for await (const event of events) {
        const sent = Number(event.object.metadata.annotations?.["bench/sent"]);
        if (Number.isFinite(sent)) delays.push(Date.now() - sent);
      }
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    }
  });
  while (ready < watchers) await new Promise((resolve) => setTimeout(resolve, 50));
  await new Promise((resolve) => setTimeout(resolve, 1000)); // let every stream open
  for (let i = 0; i < writes; i++) {
    await api.fetch("PATCH", `${path}/probe`, {
      contentType: "application/merge-patch+json",
      body: {
        metadata: { annotations: { "bench/sent": String(Date.now()) } },
        data: { i: `${i}` },
      },
    }).then((r) => r.arrayBuffer());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const expected = watchers * writes;
  const deadline = Date.now() + 30_000;
  while (delays.length < expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  abort.abort();
  await Promise.allSettled(streams);
  return { delays, expected };
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      pods: { type: "string", default: "30000" },
      seconds: { type: "string", default: "10" },
      watchers: { type: "string", default: "1000" },
      "watch-writes": { type: "string", default: "100" },
    },
  });
  const pods = Number(values.pods);
  const seconds = Number(values.seconds);
  const server = await ApiServerProcess.start();
  const api = new ApiClient([server.url]);
  const rows: [string, number, string, string][] = [];
  const ms = (n: number) => Number.isNaN(n) ? "-" : n >= 100 ? n.toFixed(0) : n.toFixed(1);
  try {
    console.error(`bench: creating ${pods} pods`);
    const fillRate = await fill(api, pods);
    rows.push(["fill: pod creates/s (64 clients)", fillRate, "-", "-"]);
    for (const rate of [20, 200]) {
      console.error(`bench: mixed load at ${rate} requests/s`);
      const { latencies, errors } = await mixed(api, rate, seconds, pods);
      const goals: Record<Verb, string> = { create: "50", get: "20", list: "-" };
      const slo: Record<Verb, string> = { create: "1000", get: "1000", list: "5000" };
      for (const verb of ["create", "get", "list"] as const) {
        rows.push([`${verb} p50 @${rate}/s (ms)`, percentile(latencies[verb], 0.5), "-", "-"]);
        rows.push([
          `${verb} p99 @${rate}/s (ms)`,
          percentile(latencies[verb], 0.99),
          goals[verb],
          slo[verb],
        ]);
      }
      if (errors > 0) console.log(`errors at ${rate}/s: ${errors}`);
    }
    console.error("bench: listing every pod");
    const lists = await listAll(api);
    rows.push([
      `list all ${lists[0]?.items} pods, received, median of 3 (ms)`,
      percentile(lists.map((l) => l.receivedMs), 0.5),
      "1000",
      "30000",
    ]);
    rows.push([
      `list all ${lists[0]?.items} pods, received + parsed (ms)`,
      percentile(lists.map((l) => l.parsedMs), 0.5),
      "1000",
      "-",
    ]);
    const watchers = Number(values.watchers);
    console.error(`bench: ${watchers} watchers`);
    const { delays, expected } = await watchFanOut(api, watchers, Number(values["watch-writes"]));
    rows.push([`watch delivery p50, ${watchers} watchers (ms)`, percentile(delays, 0.5), "-", "-"]);
    rows.push([
      `watch delivery p99, ${watchers} watchers (ms)`,
      percentile(delays, 0.99),
      "50",
      "-",
    ]);
    if (delays.length < expected) console.log(`watch: ${delays.length}/${expected} delivered`);
  } catch (error) {
    // What the server said last explains most failures under load.
    console.error((await server.log()).split("\n").slice(-40).join("\n"));
    throw error;
  } finally {
    await server.stop();
  }
  console.log(
    `${"metric".padEnd(52)}${"kubeno".padStart(10)}${"goal".padStart(8)}${"k8s SLO".padStart(9)}${
      "kubeno/goal".padStart(13)
    }`,
  );
  for (const [label, value, goal, slo] of rows) {
    const ratio = goal === "-" ? "-" : (value / Number(goal)).toFixed(2);
    console.log(
      `${label.padEnd(52)}${ms(value).padStart(10)}${goal.padStart(8)}${slo.padStart(9)}${
        ratio.padStart(13)
      }`,
    );
  }
}
