/**
 * CPU profiles of kubeno components through the V8 inspector, to find where a benchmark's time
 * goes. Start the benchmark with KUBENO_INSPECT naming the components to profile (each under
 * `--inspect` on its own loopback port), then record and read:
 *
 *   KUBENO_INSPECT=apiserver:9230,scheduler:9231 deno run -A bench/scheduler_bench.ts &
 *   deno run -A bench/cpu_profile.ts record --port 9230 --seconds 25 --out api.cpuprofile
 *   deno run -A bench/cpu_profile.ts top api.cpuprofile            # self and total time
 *   deno run -A bench/cpu_profile.ts tree api.cpuprofile '#patch'   # what a function calls
 *
 * A `.cpuprofile` also opens in Chrome's DevTools (Performance panel).
 *
 * @module
 */
import { parseArgs } from "node:util";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

/** The V8 profiler's format (Profiler.stop's `profile`). */
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

/** Records `seconds` of CPU profile from the inspector on `port` (loopback). */
async function record(port: number, seconds: number, intervalUs: number): Promise<Profile> {
  const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json() as {
    webSocketDebuggerUrl: string;
  }[];
  if (targets[0] === undefined) throw new Error(`no inspector target on port ${port}`);
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  let lastId = 0;
  const pending = new Map<number, (result: unknown) => void>();
  socket.onmessage = (message) => {
    const answer = JSON.parse(message.data) as { id?: number; result?: unknown };
    if (answer.id !== undefined) pending.get(answer.id)?.(answer.result);
  };
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve) => {
      const id = ++lastId;
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  try {
    await call("Profiler.enable");
    await call("Profiler.setSamplingInterval", { interval: intervalUs });
    await call("Profiler.start");
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    return ((await call("Profiler.stop")) as { profile: Profile }).profile;
  } finally {
    socket.close();
  }
}

/** A profile's call tree with sample counts, self and inclusive. */
class CallTree {
  readonly byId: Map<number, ProfileNode>;
  readonly self = new Map<number, number>();
  readonly total = new Map<number, number>();
  readonly samples: number;
  readonly root: ProfileNode;

  constructor(profile: Profile) {
    this.byId = new Map(profile.nodes.map((n) => [n.id, n]));
    for (const id of profile.samples) this.self.set(id, (this.self.get(id) ?? 0) + 1);
    this.samples = profile.samples.length;
    this.root = profile.nodes[0]!;
    // Iterative post-order: call trees can be deeper than the JS stack allows recursion.
    const order: ProfileNode[] = [];
    const stack = [this.root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      order.push(node);
      for (const child of node.children ?? []) stack.push(this.byId.get(child)!);
    }
    for (const node of order.reverse()) {
      let sum = this.self.get(node.id) ?? 0;
      for (const child of node.children ?? []) sum += this.total.get(child)!;
      this.total.set(node.id, sum);
    }
  }

  name(node: ProfileNode): string {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url.replace(
      /^file:\/\/.*?\/(?=(api|apiserver|client|controllers|kubelet|proxy|scheduler|store|cli|cluster)\/)/,
      "",
    );
    return `${functionName || "(anonymous)"} ${where}:${lineNumber + 1}`;
  }

  percent(count: number): string {
    return `${(100 * count / this.samples).toFixed(1).padStart(5)}%`;
  }
}

/** Functions by self time and by total time (a function counted once per stack). */
function top(tree: CallTree, limit: number): string[] {
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const walk = (node: ProfileNode, onStack: Set<string>) => {
    const name = tree.name(node);
    self.set(name, (self.get(name) ?? 0) + (tree.self.get(node.id) ?? 0));
    const outermost = !onStack.has(name);
    if (outermost) total.set(name, (total.get(name) ?? 0) + tree.total.get(node.id)!);
    if (outermost) onStack.add(name);
    for (const child of node.children ?? []) walk(tree.byId.get(child)!, onStack);
    if (outermost) onStack.delete(name);
  };
  walk(tree.root, new Set());
  const rows = (m: Map<string, number>) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([n, c]) => `${tree.percent(c)} ${n}`);
  return [`${tree.samples} samples`, "== self", ...rows(self), "== total", ...rows(total)];
}

/** What the functions matching `target` call, merged over every call site, `depth` levels. */
function subtree(tree: CallTree, target: string, depth: number, minPercent: number): string[] {
  interface Merged {
    count: number;
    children: Map<string, Merged>;
  }
  const merged: Merged = { count: 0, children: new Map() };
  const add = (node: ProfileNode, into: Merged, level: number) => {
    into.count += tree.total.get(node.id)!;
    if (level >= depth) return;
    for (const id of node.children ?? []) {
      const child = tree.byId.get(id)!;
      const name = tree.name(child);
      let slot = into.children.get(name);
      if (slot === undefined) into.children.set(name, slot = { count: 0, children: new Map() });
      add(child, slot, level + 1);
    }
  };
  const find = (node: ProfileNode) => {
    if (tree.name(node).includes(target)) return add(node, merged, 0);
    for (const child of node.children ?? []) find(tree.byId.get(child)!);
  };
  find(tree.root);
  const lines = [`${tree.percent(merged.count)} ${target}`];
  const print = (m: Merged, indent: string) => {
    for (const [name, child] of [...m.children].sort((a, b) => b[1].count - a[1].count)) {
      if (100 * child.count / tree.samples < minPercent) continue;
      lines.push(`${indent}${tree.percent(child.count)} ${name}`);
      print(child, indent + "  ");
    }
  };
  print(merged, "  ");
  return lines;
}

if (import.meta.main) {
  const { positionals, values } = parseArgs({
    args: Deno.args,
    allowPositionals: true,
    options: {
      port: { type: "string", default: "9230" },
      seconds: { type: "string", default: "20" },
      interval: { type: "string", default: "500" },
      out: { type: "string", default: "kubeno.cpuprofile" },
      limit: { type: "string", default: "40" },
      depth: { type: "string", default: "3" },
      "min-percent": { type: "string", default: "0.3" },
    },
  });
  const [command, file, target] = positionals;
  const load = async () => new CallTree(JSON.parse(await Deno.readTextFile(file!)) as Profile);
  if (command === "record") {
    const profile = await record(
      Number(values.port),
      Number(values.seconds),
      Number(values.interval),
    );
    await Deno.writeTextFile(values.out, JSON.stringify(profile));
    console.log(`cpu_profile: ${profile.samples.length} samples written to ${values.out}`);
  } else if (command === "top" && file !== undefined) {
    console.log(top(await load(), Number(values.limit)).join("\n"));
  } else if (command === "tree" && file !== undefined && target !== undefined) {
    console.log(
      subtree(await load(), target, Number(values.depth), Number(values["min-percent"])).join(
        "\n",
      ),
    );
  } else {
    console.error(
      "usage: cpu_profile.ts record [--port N] [--seconds S] [--out F] | top F | tree F <function>",
    );
    Deno.exit(2);
  }
}
