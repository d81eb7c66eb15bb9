/**
 * `kubectl exec` end to end: the real kubectl (1.33 and 1.31) against a `kubeno apiserver`
 * process, which relays pods/exec over WebSocket to a `kubeno kubelet` process, which runs the
 * command through the real Docker engine. Also the channel protocol straight from a WebSocket
 * client (v4.base64 with a TTY and a resize), and the errors for pods and containers that are
 * not there.
 */
import assert from "node:assert/strict";
import { ApiServerProcess, stopComponent } from "./support/apiserver_process.ts";
import { freePort } from "./support/store_cluster.ts";
import { eventually, removeNodeContainers } from "./support/wait.ts";

const VERSIONS = ["1.33", "1.31"] as const;

Deno.test("kubectl exec runs commands in a pod's containers through the kubelet", async (t) => {
  const server = await ApiServerProcess.start();
  const node = `exec-${crypto.randomUUID().slice(0, 6)}`;
  const kubelet = server.kubelet(node, "10.244.202.0/24");
  try {
    const pods = `apiVersion: v1
kind: Pod
metadata: {name: solo}
spec:
  nodeName: ${node}
  terminationGracePeriodSeconds: 0
  containers:
  - name: main
    image: kubeno/busybox
    imagePullPolicy: IfNotPresent
    command: ["sleep", "3600"]
---
apiVersion: v1
kind: Pod
metadata: {name: duo}
spec:
  nodeName: ${node}
  terminationGracePeriodSeconds: 0
  containers:
  - name: first
    image: kubeno/busybox
    imagePullPolicy: IfNotPresent
    command: ["sleep", "3600"]
    env: [{name: WHO, value: first}]
  - name: second
    image: kubeno/busybox
    imagePullPolicy: IfNotPresent
    command: ["sleep", "3600"]
    env: [{name: WHO, value: second}]
---
apiVersion: v1
kind: Pod
metadata: {name: ticker}
spec:
  nodeName: ${node}
  terminationGracePeriodSeconds: 0
  containers:
  - name: tick
    image: kubeno/busybox
    imagePullPolicy: IfNotPresent
    command: ["sh", "-c", "while true; do echo tick; sleep 1; done"]
---
apiVersion: v1
kind: Pod
metadata: {name: homeless}
spec:
  containers:
  - name: main
    image: kubeno/busybox
`;
    const applied = await server.kubectl("1.33", ["apply", "-f", "-"], pods);
    assert.equal(applied.code, 0, applied.stderr);
    // A node whose kubelet does not answer, with a pod bound to it.
    const ghost = `${node}-ghost`;
    const deadPort = freePort();
    const stranded = await server.kubectl(
      "1.33",
      ["apply", "-f", "-"],
      `apiVersion: v1
kind: Node
metadata: {name: ${ghost}}
---
apiVersion: v1
kind: Pod
metadata: {name: stranded}
spec:
  nodeName: ${ghost}
  containers: [{name: main, image: kubeno/busybox}]
`,
    );
    assert.equal(stranded.code, 0, stranded.stderr);
    const patched = await server.kubectl("1.33", [
      "patch",
      "node",
      ghost,
      "--subresource=status",
      "--type=merge",
      "-p",
      JSON.stringify({
        status: {
          addresses: [{ type: "InternalIP", address: "127.0.0.1" }],
          daemonEndpoints: { kubeletEndpoint: { Port: deadPort } },
        },
      }),
    ]);
    assert.equal(patched.code, 0, patched.stderr);
    for (const pod of ["solo", "duo", "ticker"]) {
      await eventually(
        async () => {
          const out = await server.kubectl("1.33", [
            "get",
            "pod",
            pod,
            "-o",
            "jsonpath={.status.phase}",
          ]);
          return out.stdout === "Running" ? true : undefined;
        },
        `pod ${pod} to run`,
        240_000,
      );
    }

    for (const version of VERSIONS) {
      await t.step(`kubectl ${version}: output, exit codes, stdin, -c`, async () => {
        const hi = await server.kubectl(version, ["exec", "solo", "--", "echo", "hi"]);
        assert.deepEqual(hi, { code: 0, stdout: "hi\n", stderr: "" });

        const failing = await server.kubectl(version, [
          "exec",
          "solo",
          "--",
          "sh",
          "-c",
          "echo out; echo err >&2; exit 3",
        ]);
        assert.equal(failing.code, 3, failing.stderr);
        assert.equal(failing.stdout, "out\n");
        assert.match(failing.stderr, /^err\n/);
        assert.match(failing.stderr, /command terminated with exit code 3/);

        const input = "line one\nline two\n".repeat(200);
        const cat = await server.kubectl(version, ["exec", "-i", "solo", "--", "cat"], input);
        assert.equal(cat.code, 0, cat.stderr);
        assert.equal(cat.stdout, input, "stdin reaches the command and its EOF ends it");

        const counted = await server.kubectl(version, ["exec", "-i", "solo", "--", "wc", "-l"], "");
        assert.equal(counted.stdout.trim(), "0", "an empty stdin closes at once");

        for (const container of ["first", "second"]) {
          const who = await server.kubectl(version, [
            "exec",
            "duo",
            "-c",
            container,
            "--",
            "sh",
            "-c",
            "echo $WHO",
          ]);
          assert.equal(who.code, 0, who.stderr);
          assert.equal(who.stdout, `${container}\n`);
        }
      });

      await t.step(`kubectl ${version}: readable errors`, async () => {
        const missingPod = await server.kubectl(version, ["exec", "nope", "--", "true"]);
        assert.notEqual(missingPod.code, 0);
        assert.match(missingPod.stderr, /pods "nope" not found/);

        const missingContainer = await server.kubectl(version, [
          "exec",
          "duo",
          "-c",
          "nope",
          "--",
          "true",
        ]);
        assert.notEqual(missingContainer.code, 0);
        assert.equal(missingContainer.stderr, "error: container nope is not valid for pod duo\n");

        const noCommand = await server.kubectl(version, ["exec", "solo", "--", "no-such-cmd"]);
        // The engine reports a failed start on the command's stdout, as with the docker CLI.
        assert.equal(noCommand.code, 126, noCommand.stderr);
        assert.match(noCommand.stdout, /"no-such-cmd": executable file not found/);
        assert.match(noCommand.stderr, /command terminated with exit code 126/);

        const homeless = await server.kubectl(version, ["exec", "homeless", "--", "true"]);
        assert.notEqual(homeless.code, 0);
        assert.equal(homeless.stderr, "error: pod homeless does not have a host assigned\n");

        const unreachable = await server.kubectl(version, ["exec", "stranded", "--", "true"]);
        assert.equal(unreachable.code, 1);
        assert.match(
          unreachable.stderr,
          new RegExp(`^error: error dialing backend: dial 127\\.0\\.0\\.1:${deadPort}: .+\n$`),
        );
      });
    }

    for (const version of VERSIONS) {
      await t.step(`kubectl ${version} attach streams the running process's output`, async () => {
        const child = (await server.kubectlCommand(version, ["attach", "ticker"])).spawn();
        try {
          let seen = "";
          const decoder = new TextDecoder();
          for await (const chunk of child.stdout) {
            seen += decoder.decode(chunk, { stream: true });
            if (seen.includes("tick\ntick\n")) break;
          }
          assert.match(seen, /tick\ntick\n/);
        } finally {
          child.kill("SIGTERM");
          await child.status;
          await child.stderr.cancel();
        }
      });
    }

    await t.step("the API answers Status errors before any upgrade", async () => {
      const base = `${server.url}/api/v1/namespaces/default/pods`;
      const cases: [string, number, RegExp][] = [
        [`${base}/nope/exec?command=true&stdout=true`, 404, /pods "nope" not found/],
        [
          `${base}/duo/exec?command=true&stdout=true`,
          400,
          /a container name must be specified for pod duo, choose one of: \[first second\]/,
        ],
        [
          `${base}/duo/exec?container=zz&command=true&stdout=true`,
          400,
          /container zz is not valid for pod duo/,
        ],
        [`${base}/solo/exec?stdout=true`, 400, /at least one command/],
        [`${base}/solo/exec?command=true`, 400, /at least 1 of stdin, stdout, stderr/],
        [`${base}/solo/exec?command=true&stdout=true`, 400, /Upgrade request required/],
      ];
      for (const [url, code, message] of cases) {
        const response = await fetch(url);
        const status = await response.json();
        assert.equal(response.status, code, url);
        assert.equal(status.kind, "Status");
        assert.equal(status.code, code);
        assert.match(status.message, message);
      }
    });

    await t.step("v4.base64 over a plain WebSocket: TTY, resize, exit code", async () => {
      const url = new URL(
        `${server.url}/api/v1/namespaces/default/pods/solo/exec?command=sh&stdin=true&stdout=true&tty=true`,
      );
      url.protocol = "ws:";
      const socket = new WebSocket(url, ["v4.base64.channel.k8s.io"]);
      const received: string[] = [];
      const closed = new Promise<number>((resolve) => {
        socket.onclose = (event) => resolve(event.code);
      });
      socket.onmessage = (event) => received.push(event.data as string);
      await new Promise((resolve, reject) => {
        socket.onopen = resolve;
        socket.onerror = reject;
      });
      assert.equal(socket.protocol, "v4.base64.channel.k8s.io");
      socket.send(`4${btoa(JSON.stringify({ Width: 123, Height: 45 }))}`);
      socket.send(`0${btoa("stty size; exit 7\n")}`);
      assert.equal(await closed, 1000);
      const channel = (n: number) =>
        received.filter((m) => m.startsWith(String(n))).map((m) => atob(m.slice(1))).join("");
      assert.match(channel(1), /45 123/, "the resize reached the TTY before the command ran");
      const status = JSON.parse(channel(3));
      assert.equal(status.reason, "NonZeroExitCode");
      assert.deepEqual(status.details.causes, [{ reason: "ExitCode", message: "7" }]);
    });
  } finally {
    await stopComponent(kubelet);
    await removeNodeContainers(node);
    await server.stop();
  }
});
