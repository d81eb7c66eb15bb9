import assert from "node:assert/strict";
import {
  demultiplex,
  DockerApiError,
  DockerClient,
  DockerUnavailableError,
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
