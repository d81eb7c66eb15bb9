/**
 * Every namespace gets a `default` ServiceAccount from the controllers (created with the
 * namespace and again when deleted), so `kubectl create token default` works as in Kubernetes.
 */
import assert from "node:assert/strict";
import { ApiServerProcess, stopComponent } from "./support/apiserver_process.ts";
import { eventually } from "./support/wait.ts";

Deno.test("namespaces get a default service account that comes back when deleted", async () => {
  const server = await ApiServerProcess.start();
  const controllers = server.component("controllers", ["controllers"]);
  const kubectl = (args: string[]) => server.kubectlOk(args);
  const uidOf = (namespace: string) =>
    eventually(async () => {
      const out = await server.kubectl("1.33", [
        "get",
        "serviceaccount",
        "default",
        "-n",
        namespace,
        "-o",
        "jsonpath={.metadata.uid}",
      ]);
      return out.code === 0 && out.stdout !== "" ? out.stdout : undefined;
    }, `the default service account of ${namespace}`);
  try {
    await uidOf("default");
    await kubectl(["create", "namespace", "team-sa"]);
    const first = await uidOf("team-sa");
    const token = await kubectl(["create", "token", "default", "-n", "team-sa"]);
    assert.match(token.trim(), /^\S{20,}$/);

    await kubectl(["delete", "serviceaccount", "default", "-n", "team-sa"]);
    const again = await eventually(async () => {
      const uid = await uidOf("team-sa");
      return uid !== first ? uid : undefined;
    }, "the default service account to be created again");
    assert.notEqual(again, first);
  } finally {
    await stopComponent(controllers);
    await server.stop();
  }
});
