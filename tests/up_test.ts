/**
 * The README's first command: `kubeno up` prepares Docker and the images, starts the store and
 * the API server, writes a kubeconfig that the real kubectl uses, and stops cleanly on Ctrl-C.
 */
import assert from "node:assert/strict";
import { KUBECTL_DIR } from "./support/apiserver_process.ts";
import { freePort } from "./support/store_cluster.ts";

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
    const kubectl = await new Deno.Command(`${KUBECTL_DIR}/kubectl.1.33`, {
      args: [
        "--kubeconfig",
        `${dir}/kubeconfig`,
        "--cache-dir",
        `${dir}/cache`,
        "get",
        "ns",
        "default",
        "-o",
        "name",
      ],
      env: { HOME: dir },
    }).output();
    assert.equal(new TextDecoder().decode(kubectl.stdout), "namespace/default\n");
  } finally {
    child.kill("SIGINT");
    const { code, stdout } = await child.output();
    const printed = new TextDecoder().decode(stdout);
    const left = await new Deno.Command("docker", {
      args: ["ps", "-aq", "--filter", `label=io.kubeno.node=${node}`],
    }).output();
    const ids = new TextDecoder().decode(left.stdout).trim().split("\n").filter((id) => id !== "");
    if (ids.length > 0) await new Deno.Command("docker", { args: ["rm", "-f", ...ids] }).output();
    await Deno.remove(dir, { recursive: true });
    assert.equal(code, 0, "a clean exit on SIGINT");
    assert.match(
      printed,
      /kubeno up: use it with: kubectl --kubeconfig \S+\/kubeconfig get namespaces/,
    );
  }
});
