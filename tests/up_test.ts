/**
 * The README's first command: `kubeno up` prepares Docker and the images, starts the store, the
 * API server, the scheduler, the controllers, a node and the proxy with cluster DNS in one
 * process, writes a kubeconfig that the real kubectl uses, and stops cleanly on Ctrl-C: the
 * service route and the node's containers go.
 *
 * The proxy takes a service range of its own (10.112.0.0/16, DNS on 10.112.0.10) because test
 * files run in parallel and tests/proxy_e2e_test.ts holds 10.96.0.0/12.
 */
import assert from "node:assert/strict";
import { KUBECTL_DIR } from "./support/apiserver_process.ts";
import { upCommandArgs } from "./support/kubeno_process.ts";
import { freePort } from "./support/store_cluster.ts";
import { eventually, removeNodeContainers } from "./support/wait.ts";

const SERVICE_CIDR = "10.112.0.0/16";
const DNS = "10.112.0.10";

async function run(command: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(command, { args, stdin: "null" }).output();
  return new TextDecoder().decode(out.stdout);
}

const SERVICE = `apiVersion: v1
kind: Service
metadata: {name: hello}
spec:
  selector: {run: hello}
  ports:
  - port: 80
`;

Deno.test("kubeno up serves kubectl, runs a pod and DNS, and stops cleanly on SIGINT", async () => {
  const dir = await Deno.makeTempDir({ prefix: "kubeno-up-" });
  const port = freePort();
  const node = `up-${crypto.randomUUID().slice(0, 6)}`;
  const child = new Deno.Command(Deno.execPath(), {
    args: upCommandArgs({
      dir,
      port,
      nodeName: node,
      podCidr: "10.244.221.0/24",
      serviceCidr: SERVICE_CIDR,
    }),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/readyz`);
        await response.body?.cancel();
        if (response.ok) break;
      } catch {
        // not up yet
      }
      assert.ok(Date.now() < deadline, "kubeno up did not serve within 30 s");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const kubectl = async (args: string[], stdin?: string) => {
      const child = new Deno.Command(`${KUBECTL_DIR}/kubectl.1.33`, {
        args: ["--kubeconfig", `${dir}/kubeconfig`, "--cache-dir", `${dir}/cache`, ...args],
        env: { HOME: dir },
        stdin: stdin === undefined ? "null" : "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      if (stdin !== undefined) {
        const writer = child.stdin.getWriter();
        await writer.write(new TextEncoder().encode(stdin));
        await writer.close();
      }
      return new TextDecoder().decode((await child.output()).stdout);
    };
    assert.equal(await kubectl(["get", "ns", "default", "-o", "name"]), "namespace/default\n");
    // The scheduler and the node that up starts run a pod nobody bound.
    await kubectl([
      "run",
      "hello",
      "--image=kubeno/busybox",
      "--image-pull-policy=IfNotPresent",
      "--overrides",
      '{"spec":{"terminationGracePeriodSeconds":1}}',
      "--",
      "sleep",
      "600",
    ]);
    const status = await eventually(async () => {
      const out = await kubectl([
        "get",
        "pod",
        "hello",
        "-o",
        "jsonpath={.status.phase} {.spec.nodeName}",
      ]);
      return out === `Running ${node}` ? out : undefined;
    }, "the pod to run on up's node");
    assert.equal(status, `Running ${node}`);
    // The proxy made the range local and its cluster DNS answers for a service.
    assert.match(
      await run("ip", ["route", "show", "table", "local", SERVICE_CIDR]),
      /local 10\.112\.0\.0\/16 dev lo/,
    );
    await kubectl(["apply", "-f", "-"], SERVICE);
    const ip = await kubectl(["get", "svc", "hello", "-o", "jsonpath={.spec.clusterIP}"]);
    assert.match(ip, /^\d+\.\d+\.\d+\.\d+$/);
    const answer = await eventually(
      async () => {
        const out = (await run("dig", [
          "+short",
          "+time=1",
          "+tries=1",
          `@${DNS}`,
          "hello.default.svc.cluster.local",
        ])).trim();
        return out === "" ? undefined : out;
      },
      "cluster DNS to answer",
      20_000,
    );
    assert.equal(answer, ip);
  } finally {
    child.kill("SIGINT");
    const { code, stdout } = await child.output();
    const printed = new TextDecoder().decode(stdout);
    const routeAfter = (await run("ip", ["route", "show", "table", "local", SERVICE_CIDR])).trim();
    const left = (await run("docker", ["ps", "-aq", "--filter", `label=io.kubeno.node=${node}`]))
      .trim();
    // Never leave anything behind, even when up failed to (asserted below).
    if (routeAfter !== "") await run("ip", ["route", "del", "local", SERVICE_CIDR, "dev", "lo"]);
    await removeNodeContainers(node);
    await Deno.remove(dir, { recursive: true });
    assert.equal(code, 0, `a clean exit on SIGINT; printed: ${printed}`);
    assert.match(printed, /kubeno up: use it with: kubectl --kubeconfig \S+\/kubeconfig get nodes/);
    assert.equal(routeAfter, "", "up removed the service route");
    assert.equal(left, "", "up removed the node's containers (no --keep-containers)");
  }
});

Deno.test("a proxy refuses a service range that is routed elsewhere and leaves it alone", async () => {
  const cidr = "10.118.0.0/16";
  await run("ip", ["route", "add", "unreachable", cidr, "table", "local"]);
  try {
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-all",
        "--quiet",
        new URL("../main.ts", import.meta.url).pathname,
        "proxy",
        "--server",
        `http://127.0.0.1:${freePort()}`,
        "--service-cidr",
        cidr,
        "--dns-address",
        "off",
        "--metrics-listen",
        `127.0.0.1:${freePort()}`,
      ],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.equal(code, 1);
    assert.match(
      new TextDecoder().decode(stderr),
      /^kubeno proxy: a route for 10\.118\.0\.0\/16 exists and is not "local 10\.118\.0\.0\/16 dev lo" .*; not replacing it\n$/,
    );
    assert.match(
      await run("ip", ["route", "show", "table", "local", cidr]),
      /^unreachable 10\.118\.0\.0\/16/,
      "the other route is untouched",
    );
  } finally {
    await run("ip", ["route", "del", "unreachable", cidr, "table", "local"]);
  }
});
