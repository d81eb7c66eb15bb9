import assert from "node:assert/strict";
import {
  demultiplex,
  demultiplexStream,
  DockerApiError,
  DockerClient,
  DockerUnavailableError,
  ImagePullError,
} from "./docker_client.ts";

/** Builds one frame of Docker's multiplexed log stream. */
function frame(stream: 1 | 2, text: string): Uint8Array {
  const payload = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + payload.length);
  out[0] = stream;
  new DataView(out.buffer).setUint32(4, payload.length);
  out.set(payload, 8);
  return out;
}

Deno.test("demultiplex splits stdout and stderr frames in order", () => {
  const bytes = new Uint8Array([
    ...frame(1, "a\n"),
    ...frame(2, "oops\n"),
    ...frame(1, "b\n"),
  ]);
  assert.deepEqual(demultiplex(bytes), { stdout: "a\nb\n", stderr: "oops\n" });
});

Deno.test("demultiplex keeps a multi-byte character split across frames", () => {
  const euro = new TextEncoder().encode("€");
  const first = new Uint8Array([1, 0, 0, 0, 0, 0, 0, 1, euro[0]!]);
  const second = new Uint8Array([1, 0, 0, 0, 0, 0, 0, 2, euro[1]!, euro[2]!]);
  assert.deepEqual(demultiplex(new Uint8Array([...first, ...second])), {
    stdout: "€",
    stderr: "",
  });
});

Deno.test("a missing engine is a clear DockerUnavailableError", async () => {
  const client = new DockerClient({ socketPath: "/nonexistent/kubeno-docker.sock" });
  await assert.rejects(client.ping(), (error: unknown) => {
    assert.ok(error instanceof DockerUnavailableError);
    assert.match(
      error.message,
      /^cannot reach the Docker engine at unix:\/\/\/nonexistent\/kubeno-docker\.sock \(.*ENOENT.*\); start one with scripts\/ensure_docker\.sh$/,
    );
    assert.ok(!error.message.includes("\n"), "one line");
    return true;
  });
});

Deno.test("runs a kubeno/busybox container through docker-modem and reads its output", async () => {
  const docker = new DockerClient();
  await docker.ping();
  assert.ok(await docker.imageExists("kubeno/busybox:latest"), "run scripts/build_images.sh");
  assert.equal(await docker.imageExists("kubeno/no-such-image:latest"), false);

  const name = `kubeno-test-${crypto.randomUUID().slice(0, 8)}`;
  const id = await docker.createContainer(name, {
    Image: "kubeno/busybox:latest",
    Cmd: ["sh", "-c", 'echo "hello from $GREETING"; hostname; echo "to stderr" >&2; exit 3'],
    Env: ["GREETING=kubeno"],
    Hostname: "pod-a",
    Labels: { "io.kubeno.test": "docker_client_test" },
  });
  try {
    await docker.startContainer(id);
    assert.equal(await docker.waitContainer(id), 3);
    const output = await docker.containerOutput(id);
    assert.equal(output.stdout, "hello from kubeno\npod-a\n");
    assert.equal(output.stderr, "to stderr\n");
  } finally {
    await docker.removeContainer(id, { force: true });
  }
  await assert.rejects(docker.startContainer(id), (error: unknown) => {
    assert.ok(error instanceof DockerApiError);
    assert.equal(error.status, 404);
    return true;
  });
});

Deno.test("the engine reports a version for nodeInfo", async () => {
  const version = await new DockerClient().version();
  assert.match(version.Version, /^\d+\.\d+/);
  assert.equal(version.Os, "linux");
});

Deno.test("demultiplexStream reassembles frames split across chunks", async () => {
  const bytes = new Uint8Array([
    ...frame(1, "hello "),
    ...frame(2, "err\n"),
    ...frame(1, "world\n"),
  ]);
  // Feed the bytes in awkward pieces: inside headers and payloads.
  const pieces = [bytes.slice(0, 3), bytes.slice(3, 11), bytes.slice(11, 20), bytes.slice(20)];
  const seen: string[] = [];
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  }).pipeThrough(
    demultiplexStream((which, payload) =>
      seen.push(`${which}:${new TextDecoder().decode(payload)}`)
    ),
  );
  assert.equal(await new Response(stream).text(), "hello err\nworld\n");
  assert.deepEqual(seen, ["stdout:hello ", "stderr:err\n", "stdout:world\n"]);
});

Deno.test("networks, labelled lists, stop, exec, streamed logs and volumes through the engine", async () => {
  const docker = new DockerClient();
  const runId = crypto.randomUUID().slice(0, 8);
  const label = `io.kubeno.test=${runId}`;
  try {
    // Networks: create, inspect, list by label, remove (missing ones are fine).
    const name = `kubeno-test-net-${runId}`;
    const id = await docker.createNetwork({
      Name: name,
      Driver: "bridge",
      CheckDuplicate: true,
      Labels: { "io.kubeno.test": runId },
    });
    assert.equal((await docker.inspectNetwork(name))?.Id, id);
    assert.deepEqual((await docker.listNetworks([label])).map((n) => n.Name), [name]);
    await assert.rejects(
      docker.createNetwork({ Name: name, CheckDuplicate: true }),
      (e: unknown) => e instanceof DockerApiError && e.status === 409,
    );
    await docker.removeNetwork(id);
    assert.equal(await docker.inspectNetwork(name), undefined);
    await docker.removeNetwork(id);

    // Containers: list by label, inspect, exec, streamed logs, stop.
    const container = await docker.createContainer(`kubeno-test-${runId}`, {
      Image: "kubeno/busybox:latest",
      Cmd: ["sh", "-c", "trap 'exit 0' TERM; echo ready; while :; do sleep 0.1; done"],
      Labels: { "io.kubeno.test": runId },
    });
    await docker.startContainer(container);
    assert.deepEqual((await docker.listContainers([label])).map((c) => c.Id), [container]);
    const info = await docker.inspectContainer(container);
    assert.equal(info?.State.Running, true);
    assert.equal(await docker.inspectContainer("kubeno-no-such-container"), undefined);

    const exec = await docker.createExec(container, {
      Cmd: ["sh", "-c", "echo out; echo err >&2; exit 4"],
      AttachStdout: true,
      AttachStderr: true,
    });
    const output = await new Response(await docker.startExec(exec)).arrayBuffer();
    assert.deepEqual(demultiplex(new Uint8Array(output)), { stdout: "out\n", stderr: "err\n" });
    assert.deepEqual(await docker.inspectExec(exec), {
      ...await docker.inspectExec(exec),
      Running: false,
      ExitCode: 4,
    });

    const logs = await docker.containerLogs(container, { follow: true });
    const reader = logs.pipeThrough(demultiplexStream()).pipeThrough(new TextDecoderStream())
      .getReader();
    let text = "";
    while (!text.includes("ready")) text += (await reader.read()).value ?? "";
    await reader.cancel();
    assert.equal(text, "ready\n");

    await docker.stopContainer(container, 10);
    assert.equal((await docker.inspectContainer(container))?.State.ExitCode, 0);
    await docker.stopContainer(container, 10); // already stopped: fine
    await docker.killContainer(container); // not running: fine

    // Volumes.
    await docker.createVolume({
      Name: `kubeno-test-${runId}`,
      Labels: { "io.kubeno.test": runId },
    });
    assert.deepEqual((await docker.listVolumes([label])).map((v) => v.Name), [
      `kubeno-test-${runId}`,
    ]);
    await docker.removeVolume(`kubeno-test-${runId}`);
    await docker.removeVolume(`kubeno-test-${runId}`);

    // Images: inspect, and a pull from a registry that is not there (loopback, port 1).
    assert.match((await docker.inspectImage("kubeno/busybox:latest"))!.Id, /^sha256:/);
    assert.equal(await docker.inspectImage("kubeno/no-such-image:v0"), undefined);
    await assert.rejects(docker.pullImage("127.0.0.1:1/kubeno/missing", "v1"), (e: unknown) => {
      assert.ok(e instanceof DockerApiError);
      assert.match(e.reason, /127\.0\.0\.1:1/);
      assert.ok(!e.reason.startsWith("docker:"), e.reason);
      return true;
    });
  } finally {
    for (const c of await docker.listContainers([label])) {
      await docker.removeContainer(c.Id, { force: true });
    }
    for (const n of await docker.listNetworks([label])) await docker.removeNetwork(n.Id);
    for (const v of await docker.listVolumes([label])) {
      await docker.removeVolume(v.Name, { force: true });
    }
  }
});

Deno.test("ImagePullError is a DockerApiError", () => {
  const error = new ImagePullError(200, "manifest unknown");
  assert.ok(error instanceof DockerApiError);
  assert.equal(error.reason, "manifest unknown");
});
