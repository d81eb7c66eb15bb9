/**
 * `kubeno hollow-nodes` against a real API server, controllers and scheduler: the simulated
 * nodes register with capacity and Leases, the node IPAM controller gives each a distinct /24
 * (kept across a controller restart), and pods scheduled onto them turn Running and Ready
 * with addresses from their node's podCIDR; graceful deletions are confirmed.
 */
import assert from "node:assert/strict";
import { ApiServerProcess, stopComponent } from "./support/apiserver_process.ts";
import { eventually } from "./support/wait.ts";

interface NodeView {
  name: string;
  podCIDR: string;
  ready: string;
  cpu: string;
}

async function hollowNodes(server: ApiServerProcess, prefix: string): Promise<NodeView[]> {
  const out = await server.kubectl("1.33", [
    "get",
    "nodes",
    "-l",
    "node.kubeno.io/hollow=true",
    "-o",
    'jsonpath={range .items[*]}{.metadata.name} {.spec.podCIDR} {.status.conditions[?(@.type=="Ready")].status} {.status.capacity.cpu}{"\\n"}{end}',
  ]);
  assert.equal(out.code, 0, out.stderr);
  return out.stdout.trim().split("\n").filter((l) => l.startsWith(prefix)).map((line) => {
    const [name, podCIDR, ready, cpu] = line.split(" ");
    return { name: name!, podCIDR: podCIDR ?? "", ready: ready ?? "", cpu: cpu ?? "" };
  });
}

function rcManifest(name: string, replicas: number): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "ReplicationController",
    metadata: { name },
    spec: {
      replicas,
      selector: { app: name },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{
            name: "web",
            image: "kubeno/busybox",
            resources: { requests: { cpu: "100m", memory: "64Mi" } },
          }],
        },
      },
    },
  });
}

function inCidr(ip: string, cidr: string): boolean {
  return ip.split(".").slice(0, 3).join(".") === cidr.split(".").slice(0, 3).join(".") &&
    cidr.endsWith(".0/24");
}

Deno.test("hollow nodes register, get distinct podCIDRs across an IPAM restart, and run pods", async () => {
  const server = await ApiServerProcess.start();
  const prefix = `hn-${crypto.randomUUID().slice(0, 6)}-`;
  const children: Deno.ChildProcess[] = [];
  let controllers = server.component("controllers", ["controllers"]);
  try {
    children.push(server.component("scheduler", ["scheduler"]));
    const fleet = server.component("hollow-a", [
      "hollow-nodes",
      "--count",
      "3",
      "--name-prefix",
      `${prefix}a`,
      "--cpu",
      "2",
      "--memory",
      "8Gi",
    ]);
    children.push(fleet);
    const nodes = await eventually(async () => {
      const list = await hollowNodes(server, prefix);
      return list.length === 3 && list.every((n) => n.ready === "True" && n.podCIDR !== "")
        ? list
        : undefined;
    }, "3 hollow nodes Ready with podCIDRs");
    assert.deepEqual(nodes.map((n) => n.name).sort(), [0, 1, 2].map((i) => `${prefix}a${i}`));
    assert.ok(nodes.every((n) => n.cpu === "2"), JSON.stringify(nodes));
    assert.equal(new Set(nodes.map((n) => n.podCIDR)).size, 3, JSON.stringify(nodes));
    assert.ok(nodes.every((n) => /^10\.244\.\d+\.0\/24$/.test(n.podCIDR)), JSON.stringify(nodes));

    const leases = await server.kubectl("1.33", [
      "get",
      "leases",
      "-n",
      "kube-node-lease",
      "-o",
      "jsonpath={range .items[*]}{.metadata.name}={.spec.holderIdentity} {end}",
    ]);
    for (const n of nodes) assert.match(leases.stdout, new RegExp(`${n.name}=${n.name} `));

    const applied = await server.kubectl("1.33", ["apply", "-f", "-"], rcManifest("hollow-web", 6));
    assert.equal(applied.code, 0, applied.stderr);
    const pods = await eventually(async () => {
      const out = await server.kubectl("1.33", [
        "get",
        "pods",
        "-l",
        "app=hollow-web",
        "-o",
        'jsonpath={range .items[*]}{.metadata.name} {.spec.nodeName} {.status.phase} {.status.podIP} {.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}',
      ]);
      const rows = out.stdout.trim().split("\n").filter((l) => l !== "").map((l) => l.split(" "));
      return rows.length === 6 && rows.every((r) => r[2] === "Running" && r[4] === "True")
        ? rows
        : undefined;
    }, "6 pods Running and Ready on hollow nodes");
    const cidrOf = new Map(nodes.map((n) => [n.name, n.podCIDR]));
    for (const [name, node, , ip] of pods) {
      assert.ok(inCidr(ip!, cidrOf.get(node!)!), `${name} on ${node} has ${ip}`);
    }
    assert.equal(new Set(pods.map((p) => p[3])).size, 6, "distinct pod IPs");

    // A graceful delete is confirmed by the hollow node (kubectl waits for the pod to go).
    const deleted = await server.kubectl("1.33", ["delete", "pod", pods[0]![0]!, "--timeout=30s"]);
    assert.equal(deleted.code, 0, deleted.stderr);

    // IPAM rebuilds its allocations after a restart: the new nodes get other blocks.
    await stopComponent(controllers);
    children.push(
      server.component("hollow-b", ["hollow-nodes", "--count", "2", "--name-prefix", `${prefix}b`]),
    );
    controllers = server.component("controllers", ["controllers"]);
    const all = await eventually(async () => {
      const list = await hollowNodes(server, prefix);
      return list.length === 5 && list.every((n) => n.podCIDR !== "") ? list : undefined;
    }, "5 hollow nodes with podCIDRs");
    assert.equal(new Set(all.map((n) => n.podCIDR)).size, 5, JSON.stringify(all));
    for (const n of nodes) {
      assert.equal(all.find((m) => m.name === n.name)?.podCIDR, n.podCIDR, "kept its block");
    }
    await server.kubectl("1.33", ["delete", "rc", "hollow-web", "--cascade=orphan"]);
  } finally {
    for (const child of children) await stopComponent(child);
    await stopComponent(controllers);
    await server.stop();
  }
});

Deno.test("hollow-nodes refuses bad flags in one line", async () => {
  const main = new URL("../main.ts", import.meta.url).pathname;
  for (
    const [args, pattern] of [
      [["--count", "x"], /--count must be a whole number/],
      [["--memory", "lots"], /--memory must be a positive quantity/],
      [["--name-prefix", "Bad_"], /--name-prefix must start a DNS subdomain/],
    ] as const
  ) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--quiet", main, "hollow-nodes", ...args],
      stdin: "null",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 2, stderr);
    assert.match(stderr, pattern);
    assert.equal(stderr.trim().split("\n").length, 1, stderr);
  }
});
