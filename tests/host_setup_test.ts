/**
 * The setup scripts that the test command and `kubeno up` share: Docker engine and test images.
 * They run for real against this machine's engine.
 */
import assert from "node:assert/strict";

const scripts = new URL("../scripts/", import.meta.url).pathname;

async function bash(
  script: string,
  options: { env?: Record<string, string>; asUser?: string } = {},
): Promise<{ code: number; stderr: string }> {
  const path = `${scripts}${script}`;
  const command = options.asUser === undefined
    ? new Deno.Command("bash", { args: [path], env: options.env ?? {}, stdin: "null" })
    : new Deno.Command("runuser", {
      args: ["-u", options.asUser, "--", "env", "-i", ...envPairs(options.env), "bash", path],
      stdin: "null",
    });
  const { code, stderr } = await command.output();
  return { code, stderr: new TextDecoder().decode(stderr) };
}

function envPairs(env: Record<string, string> = {}): string[] {
  return Object.entries(env).map(([key, value]) => `${key}=${value}`);
}

Deno.test("ensure_docker.sh is a quiet no-op when the engine answers", async () => {
  const { code, stderr } = await bash("ensure_docker.sh");
  assert.equal(code, 0, stderr);
  assert.equal(stderr, "");
});

Deno.test("ensure_docker.sh names an unreachable DOCKER_HOST in one line", async () => {
  const { code, stderr } = await bash("ensure_docker.sh", {
    env: { DOCKER_HOST: "unix:///nonexistent/kubeno.sock" },
  });
  assert.equal(code, 1);
  assert.equal(
    stderr,
    "ensure-docker: error: DOCKER_HOST=unix:///nonexistent/kubeno.sock does not answer: " +
      "start that engine, or unset DOCKER_HOST to use a local one\n",
  );
});

Deno.test("ensure_docker.sh tells a non-root user without an engine what to do", async () => {
  // `nobody` cannot open the root-owned socket and has no dockerd on its PATH: it meets the
  // engine as missing and must be told the exact commands, in one line.
  const { code, stderr } = await bash("ensure_docker.sh", {
    asUser: "nobody",
    env: { PATH: "/usr/bin:/bin" },
  });
  assert.equal(code, 1);
  assert.equal(
    stderr,
    "ensure-docker: error: no Docker engine and not root: run 'sudo apt-get install -y docker.io " +
      "&& sudo dockerd &' (or start your engine), then retry\n",
  );
});

Deno.test("build_images.sh is idempotent and leaves both images runnable", async () => {
  const first = await bash("build_images.sh");
  assert.equal(first.code, 0, first.stderr);
  const again = await bash("build_images.sh");
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stderr, "", "a second run rebuilds nothing");

  const run = await new Deno.Command("docker", {
    args: [
      "run",
      "--rm",
      "kubeno/busybox",
      "sh",
      "-c",
      "for a in httpd nc sleep hostname env; do which $a; done",
    ],
    stdin: "null",
  }).output();
  assert.equal(run.code, 0);
  assert.equal(
    new TextDecoder().decode(run.stdout),
    ["httpd", "nc", "sleep", "hostname", "env"].map((a) => `/bin/${a}\n`).join(""),
  );
});
