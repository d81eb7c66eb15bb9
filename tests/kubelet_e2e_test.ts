/**
 * A pod from kubectl to a running container: `kubeno apiserver` and `kubeno kubelet` processes
 * and the real Docker engine. The pod is bound to the node by name (the scheduler is not built
 * yet); the kubelet registers the node, runs the pod, reports its IP and status, and confirms
 * its graceful deletion.
 */
import assert from "node:assert/strict";
import { ApiServerProcess } from "./support/apiserver_process.ts";
import { freePort } from "./support/store_cluster.ts";
import { eventually, removeNodeContainers } from "./support/wait.ts";

Deno.test("kubectl apply of a pod bound to a node runs it on Docker; delete stops it", async () => {
  const server = await ApiServerProcess.start();
  const node = `e2e-${crypto.randomUUID().slice(0, 6)}`;
  const kubeletPort = freePort();
  const kubelet = server.kubelet(node, "10.244.201.0/24", { port: kubeletPort });
  try {
    const ready = await eventually(async () => {
      const out = await server.kubectl("1.33", [
        "get",
        "node",
        node,
        "-o",
        'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
      ]);
      return out.stdout === "True" ? out.stdout : undefined;
    }, "the node to be Ready");
    assert.equal(ready, "True");
    const capacity = JSON.parse(
      (await server.kubectl("1.33", ["get", "node", node, "-o", "jsonpath={.status.capacity}"]))
        .stdout,
    );
    assert.match(capacity["ephemeral-storage"], /^[1-9]\d*Ki$/, "the data filesystem's size");
    assert.match(capacity.memory, /^[1-9]\d*Ki$/);

    const pod = `apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  nodeName: ${node}
  terminationGracePeriodSeconds: 1
  containers:
  - name: web
    image: kubeno/busybox
    imagePullPolicy: IfNotPresent
    command: ["httpd", "-f", "-p", "8080"]
`;
    const applied = await server.kubectl("1.33", ["apply", "-f", "-"], pod);
    assert.equal(applied.code, 0, applied.stderr);
    const ip = await eventually(async () => {
      const out = await server.kubectl("1.33", [
        "get",
        "pod",
        "web",
        "-o",
        "jsonpath={.status.phase} {.status.podIP}",
      ]);
      const [phase, address] = out.stdout.split(" ");
      return phase === "Running" && address ? address : undefined;
    }, "the pod to run");
    assert.match(ip, /^10\.244\.201\.\d+$/);

    // The kubelet's /metrics counts the running pod and the runtime's Started event.
    const metrics = await eventually(async () => {
      const text = await (await fetch(`http://127.0.0.1:${kubeletPort}/metrics`)).text();
      return /^kubelet_running_pods 1$/m.test(text) ? text : undefined;
    }, "the kubelet's metrics to count the pod");
    assert.match(metrics, new RegExp(`^kubelet_node_name\\{node="${node}"\\} 1$`, "m"));
    assert.match(metrics, /^kubelet_running_containers\{container_state="running"\} 1$/m);
    assert.match(
      metrics,
      /^kubeno_kubelet_runtime_events_total\{type="Normal",reason="Started"\} [1-9]\d*$/m,
    );
    const response = await eventually(
      async () => {
        const r = await fetch(`http://${ip}:8080/`, { signal: AbortSignal.timeout(2000) });
        await r.body?.cancel();
        return r.status;
      },
      "the pod's httpd to answer",
      20_000,
    );
    assert.equal(response, 404, "busybox httpd answers (no index page)");
    const wide = await server.kubectl("1.33", ["get", "pod", "web", "-o", "wide"]);
    assert.match(
      wide.stdout,
      new RegExp(
        `^web\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+${ip.replace(/\./g, "\\.")}\\s+${node}\\s`,
        "m",
      ),
    );

    // kubectl logs goes through the API server's pods/log to this node's kubelet.
    const talker = `apiVersion: v1
kind: Pod
metadata: {name: talker}
spec:
  nodeName: ${node}
  terminationGracePeriodSeconds: 1
  containers:
  - name: talk
    image: kubeno/busybox
    imagePullPolicy: IfNotPresent
    command: ["sh", "-c", "echo hello; echo world; sleep 3600"]
`;
    assert.equal((await server.kubectl("1.33", ["apply", "-f", "-"], talker)).code, 0);
    const logs = await eventually(async () => {
      const out = await server.kubectl("1.33", ["logs", "talker"]);
      return out.code === 0 && out.stdout === "hello\nworld\n" ? out.stdout : undefined;
    }, "the talker's logs");
    assert.equal(logs, "hello\nworld\n");
    assert.equal((await server.kubectl("1.33", ["logs", "talker", "--tail=1"])).stdout, "world\n");
    const wrong = await server.kubectl("1.33", ["logs", "talker", "-c", "nope"]);
    assert.match(wrong.stderr, /container nope is not valid for pod talker/);
    await server.kubectl("1.33", ["delete", "pod", "talker"]);

    const deleted = await server.kubectl("1.33", ["delete", "pod", "web"]);
    assert.equal(deleted.code, 0, deleted.stderr);
    const containers = await new Deno.Command("docker", {
      args: [
        "ps",
        "-aq",
        "--filter",
        "label=io.kubernetes.pod.name=web",
        "--filter",
        "label=io.kubernetes.pod.namespace=default",
      ],
    }).output();
    assert.equal(
      new TextDecoder().decode(containers.stdout).trim(),
      "",
      "the pod's containers are gone",
    );
  } finally {
    try {
      kubelet.kill("SIGTERM");
    } catch {
      // gone
    }
    await kubelet.status;
    // Remove anything this node left behind (a failed test must not leak containers).
    await removeNodeContainers(node);
    await server.stop();
  }
});
