import assert from "node:assert/strict";
import { demultiplex, type ExecSession } from "./docker_client.ts";
import { withDockerTestEnv } from "./docker_test_util.ts";
import { ExecRequestError, parseExecParams } from "./exec.ts";

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
