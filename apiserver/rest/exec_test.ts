import assert from "node:assert/strict";
import { ApiError } from "../errors.ts";
import { execContainer, kubeletExecQuery, podExec } from "./exec.ts";
import type { ApiObject } from "./metadata.ts";

const pod = (containers: string[], init: string[] = []): ApiObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", namespace: "default" },
  spec: {
    containers: containers.map((name) => ({ name })),
    initContainers: init.map((name) => ({ name })),
  },
});

function rejects(fn: () => unknown, message: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 400);
    assert.equal(error.message, message);
    return true;
  });
}

Deno.test("execContainer defaults to the only container and checks names", () => {
  assert.equal(execContainer(pod(["app"]), ""), "app");
  assert.equal(execContainer(pod(["a", "b"]), "b"), "b");
  assert.equal(execContainer(pod(["a"], ["setup"]), "setup"), "setup");
  rejects(
    () => execContainer(pod(["a", "b"]), ""),
    "a container name must be specified for pod web, choose one of: [a b]",
  );
  rejects(() => execContainer(pod(["a"]), "zz"), "container zz is not valid for pod web");
});

Deno.test("kubeletExecQuery renames the streams to the kubelet's and validates", () => {
  const query = kubeletExecQuery(
    new URLSearchParams("command=sh&command=-c&command=echo+hi&stdin=true&stdout=true&tty=true"),
  );
  assert.equal(query.toString(), "command=sh&command=-c&command=echo+hi&input=1&output=1&tty=1");
  assert.equal(
    kubeletExecQuery(new URLSearchParams("command=ls&stdout=1&stderr=1&stdin=false")).toString(),
    "command=ls&output=1&error=1",
  );
  rejects(
    () => kubeletExecQuery(new URLSearchParams("stdout=true")),
    "you must specify at least one command",
  );
  rejects(
    () => kubeletExecQuery(new URLSearchParams("command=ls")),
    "you must specify at least 1 of stdin, stdout, stderr",
  );
  rejects(
    () => kubeletExecQuery(new URLSearchParams("command=ls&stdout=true&stderr=true&tty=true")),
    "stdout and stderr cannot both be requested with a tty",
  );
});

Deno.test("podExec answers a malformed WebSocket handshake with its HTTP error", async () => {
  // A served sub-protocol but no Sec-WebSocket-Key: the failure cannot go over a WebSocket.
  const request = new Request("http://127.0.0.1/api/v1/namespaces/default/pods/web/exec", {
    headers: { upgrade: "websocket", "sec-websocket-protocol": "v5.channel.k8s.io" },
  });
  const bound: ApiObject = {
    ...pod(["app"]),
    spec: { nodeName: "n1", containers: [{ name: "app" }] },
  };
  await assert.rejects(
    podExec(
      request,
      () => Promise.resolve(bound),
      new URLSearchParams("command=ls&stdout=1"),
      undefined,
    ),
    (error: unknown) => error instanceof ApiError && error.code === 503,
  );
});
