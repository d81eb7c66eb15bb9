/**
 * The README's first command: `kubeno up` prepares Docker and the images, starts the store and
 * the API server, writes a kubeconfig that the real kubectl uses, and stops cleanly on Ctrl-C.
 */
import assert from "node:assert/strict";
import { KUBECTL_DIR } from "./support/apiserver_process.ts";
import { freePort } from "./support/store_cluster.ts";
import { eventually, removeNodeContainers } from "./support/wait.ts";

Deno.test("kubeno up serves kubectl, runs a pod on its node, and stops on SIGINT", async () => {
  const dir = await Deno.makeTempDir({ prefix: "kubeno-up-" });
  const port = freePort();
  const node = `up-${crypto.randomUUID().slice(0, 6)}`;
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      "--quiet",
      new URL("../main.ts", import.meta.url).pathname,
      "up",
      "--data-dir",
      dir,
      "--listen",
      `127.0.0.1:${port}`,
      "--listen-client",
      `127.0.0.1:${freePort()}`,
      "--listen-peer",
      `127.0.0.1:${freePort()}`,
      "--node-name",
      node,
      "--kubelet-listen",
      `127.0.0.1:${freePort()}`,
    ],
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
    const kubectl = async (...args: string[]) => {
      const out = await new Deno.Command(`${KUBECTL_DIR}/kubectl.1.33`, {
        args: ["--kubeconfig", `${dir}/kubeconfig`, "--cache-dir", `${dir}/cache`, ...args],
        env: { HOME: dir },
      }).output();
      return new TextDecoder().decode(out.stdout);
    };
    assert.equal(await kubectl("get", "ns", "default", "-o", "name"), "namespace/default\n");
    // The scheduler and the node that up starts run a pod nobody bound.
    await kubectl(
      "run",
      "hello",
      "--image=kubeno/busybox",
      "--image-pull-policy=IfNotPresent",
      "--overrides",
      '{"spec":{"terminationGracePeriodSeconds":1}}',
      "--",
      "sleep",
      "600",
    );
    const status = await eventually(async () => {
      const out = await kubectl(
        "get",
        "pod",
        "hello",
        "-o",
        "jsonpath={.status.phase} {.spec.nodeName}",
      );
      return out === `Running ${node}` ? out : undefined;
    }, "the pod to run on up's node");
    assert.equal(status, `Running ${node}`);
    await kubectl("delete", "pod", "hello");
  } finally {
    child.kill("SIGINT");
    const { code, stdout } = await child.output();
    const printed = new TextDecoder().decode(stdout);
    await removeNodeContainers(node);
    await Deno.remove(dir, { recursive: true });
    assert.equal(code, 0, "a clean exit on SIGINT");
    assert.match(
      printed,
      /kubeno up: use it with: kubectl --kubeconfig \S+\/kubeconfig get namespaces/,
    );
  }
});
