import assert from "node:assert/strict";
import { demultiplex, type DockerClient, type ExecSession } from "./docker_client.ts";
import { withDockerTestEnv } from "./docker_test_util.ts";
import { createLogger } from "../cli/log.ts";
import { ExecConnection, ExecRequestError, parseExecParams, runningContainerId } from "./exec.ts";
import { LABELS } from "./names.ts";
import type { PodLike } from "./pod_types.ts";

Deno.test("parseExecParams reads the API server's and kubectl's stream names", () => {
  assert.deepEqual(
    parseExecParams(new URLSearchParams("command=sh&command=-i&input=1&output=1&tty=1")),
    { command: ["sh", "-i"], stdin: true, stdout: true, stderr: false, tty: true },
  );
  assert.deepEqual(
    parseExecParams(new URLSearchParams("command=ls&stdout=true&stderr=true")),
    { command: ["ls"], stdin: false, stdout: true, stderr: true, tty: false },
  );
  for (
    const [query, message] of [
      ["output=1", /at least one command/],
      ["command=ls&input=0", /at least 1 of stdin, stdout, stderr/],
      ["command=ls&output=1&error=1&tty=1", /cannot both be requested with a tty/],
    ] as const
  ) {
    assert.throws(() => parseExecParams(new URLSearchParams(query)), (error: unknown) => {
      assert.ok(error instanceof ExecRequestError);
      assert.match(error.message, message);
      return true;
    });
  }
});

async function collect(session: ExecSession): Promise<Uint8Array> {
  return new Uint8Array(await new Response(session.output).arrayBuffer());
}

Deno.test("DockerClient.exec: stdin and its EOF, separate streams, exit codes, TTY resize", async () => {
  await withDockerTestEnv(async ({ docker, runId, labels }) => {
    const id = await docker.createContainer(`kubeno-exec-test-${runId}`, {
      Image: "kubeno/busybox:latest",
      Cmd: ["sleep", "600"],
      Labels: labels,
    });
    await docker.startContainer(id);

    const cat = await docker.exec(id, {
      cmd: ["sh", "-c", "cat; echo bye >&2; exit 3"],
      stdin: true,
    });
    const output = collect(cat);
    await cat.write(new TextEncoder().encode("hello\n"));
    cat.closeStdin();
    assert.deepEqual(demultiplex(await output), { stdout: "hello\n", stderr: "bye\n" });
    assert.equal(await cat.exitCode(), 3);

    const tty = await docker.exec(id, { cmd: ["sh"], stdin: true, tty: true, stderr: false });
    const raw = collect(tty);
    await tty.resize({ width: 101, height: 33 });
    await tty.write(new TextEncoder().encode("stty size; exit\n"));
    assert.match(new TextDecoder().decode(await raw), /33 101/, "raw TTY bytes, resized");
    assert.equal(await tty.exitCode(), 0);
  }, { network: false });
});

/** Docker's multiplexed frame: stream byte, 3 zero bytes, big-endian length, payload. */
function dockerFrame(stream: 1 | 2, payload: Uint8Array): Uint8Array {
  const frame = new Uint8Array(8 + payload.length);
  frame[0] = stream;
  new DataView(frame.buffer).setUint32(4, payload.length);
  frame.set(payload, 8);
  return frame;
}

/** A WebSocket stand-in whose send buffer stays as full as the test says. */
class FakeSocket extends EventTarget {
  readyState: number = WebSocket.OPEN;
  bufferedAmount = 0;
  sent: (Uint8Array | string)[] = [];
  closedWith: number | undefined;
  send(data: Uint8Array | string): void {
    this.sent.push(data);
  }
  close(code?: number): void {
    this.closedWith = code;
    this.readyState = WebSocket.CLOSED;
  }
}

Deno.test("ExecConnection: a slow client holds back the command's output (no unbounded queue)", async () => {
  const frames = 64;
  const chunk = new Uint8Array(64 * 1024).fill(120);
  let pulled = 0;
  let closed = false;
  const session: ExecSession = {
    id: "fake",
    // One multiplexed frame per pull, nothing buffered ahead: `pulled` is what the relay took.
    output: new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled === frames) return controller.close();
        pulled++;
        controller.enqueue(dockerFrame(pulled % 2 === 0 ? 2 : 1, chunk));
      },
    }, { highWaterMark: 0 }),
    write: () => Promise.resolve(),
    closeStdin: () => {},
    resize: () => Promise.resolve(),
    exitCode: () => Promise.resolve(0),
    close: () => {
      closed = true;
    },
  };
  const socket = new FakeSocket();
  socket.bufferedAmount = 4 << 20; // far above the high-water mark: the client reads nothing
  const logger = createLogger("exec-test");
  const connection = new ExecConnection(
    socket as unknown as WebSocket,
    "v5.channel.k8s.io",
    logger,
  );
  connection.run(() =>
    Promise.resolve({
      params: { command: ["cat"], stdin: false, stdout: true, stderr: true, tty: false },
      session,
      reportExit: true,
    })
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.ok(
    pulled <= 8,
    `the relay read ${pulled} of ${frames} frames while the client read none`,
  );
  socket.bufferedAmount = 0; // the client catches up
  const deadline = Date.now() + 10_000;
  while (socket.closedWith === undefined && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.equal(socket.closedWith, 1000);
  assert.equal(pulled, frames);
  const payloads = socket.sent.slice(0, -1) as Uint8Array[];
  assert.equal(payloads.length, frames);
  assert.deepEqual(
    payloads.map((p) => p[0]),
    [...Array(frames)].map((_, i) => i % 2 === 0 ? 1 : 2),
  );
  const status = JSON.parse(new TextDecoder().decode((socket.sent.at(-1) as Uint8Array).slice(1)));
  assert.equal(status.status, "Success");
  assert.equal(closed, false);
});

Deno.test("runningContainerId finds a running init container, as kubectl exec -c <init> expects", async () => {
  const pod: PodLike = {
    metadata: { name: "web", namespace: "default", uid: "u1" },
    spec: {
      nodeName: "n1",
      initContainers: [{ name: "setup", image: "kubeno/busybox" }],
      containers: [{ name: "app", image: "kubeno/busybox" }],
    },
  };
  const filters: string[][] = [];
  const docker = {
    listContainers: (labels: string[]) => {
      filters.push(labels);
      return Promise.resolve([{ Id: "c-setup", State: "running", Created: 1 }]);
    },
  } as unknown as DockerClient;
  assert.equal(await runningContainerId(docker, pod, "setup"), "c-setup");
  assert.ok(filters[0]!.includes(`${LABELS.containerName}=setup`));
  await assert.rejects(
    runningContainerId(docker, pod, "nope"),
    (error: unknown) =>
      error instanceof ExecRequestError &&
      error.message === "container nope is not valid for pod web",
  );
});
