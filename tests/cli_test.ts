/**
 * The `kubeno` command as a user meets it: a real process per case, exit codes and the exact
 * one-line errors on stderr.
 */
import assert from "node:assert/strict";

const mainTs = new URL("../main.ts", import.meta.url).pathname;

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function kubeno(...args: string[]): Promise<Outcome> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "--quiet", mainTs, ...args],
    stdin: "null",
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code, stdout: decode(stdout), stderr: decode(stderr) };
}

/** Asserts a usage failure: exit 2, nothing on stdout, exactly `line` on stderr. */
function assertUsageError(outcome: Outcome, line: string): void {
  assert.equal(outcome.code, 2, outcome.stderr);
  assert.equal(outcome.stdout, "");
  assert.equal(outcome.stderr, `${line}\n`);
}

Deno.test("kubeno --help lists every command and exits 0", async () => {
  const outcome = await kubeno("--help");
  assert.equal(outcome.code, 0);
  for (
    const command of [
      "up",
      "server",
      "agent",
      "store",
      "apiserver",
      "scheduler",
      "controllers",
      "kubelet",
      "proxy",
      "hollow-nodes",
    ]
  ) {
    assert.match(outcome.stdout, new RegExp(`^  ${command} +\\S`, "m"), command);
  }
});

Deno.test("kubeno with no command prints help and exits 2", async () => {
  const outcome = await kubeno();
  assert.equal(outcome.code, 2);
  assert.match(outcome.stdout, /^Usage: kubeno <command> \[flags\]$/m);
});

Deno.test("an unknown command is one clear line and exit 2", async () => {
  assertUsageError(
    await kubeno("deploy"),
    `kubeno: unknown command "deploy" (see 'kubeno --help')`,
  );
});

Deno.test("bad flags are one clear line and exit 2", async (t) => {
  await t.step("unknown flag", async () => {
    assertUsageError(
      await kubeno("store", "--peer-urls", "x"),
      "kubeno store: unknown flag --peer-urls (see 'kubeno store --help')",
    );
  });
  await t.step("missing value", async () => {
    assertUsageError(
      await kubeno("apiserver", "--listen"),
      "kubeno apiserver: flag --listen needs a value (see 'kubeno apiserver --help')",
    );
  });
  await t.step("malformed address", async () => {
    assertUsageError(
      await kubeno("server", "--listen", "6443"),
      `kubeno server: --listen must be host:port, got "6443" (see 'kubeno server --help')`,
    );
  });
  await t.step("positional argument", async () => {
    assertUsageError(
      await kubeno("proxy", "now"),
      `kubeno proxy: unexpected argument "now" (every input is a --flag) (see 'kubeno proxy --help')`,
    );
  });
  await t.step("bad server URL", async () => {
    assertUsageError(
      await kubeno("scheduler", "--server", "127.0.0.1:6443"),
      `kubeno scheduler: --server: "127.0.0.1:6443" is not a URL (see 'kubeno scheduler --help')`,
    );
  });
  await t.step("member missing from its cluster", async () => {
    assertUsageError(
      await kubeno("store", "--name", "m3", "--initial-cluster", "m1=127.0.0.1:2380"),
      "kubeno store: --initial-cluster does not name this member (--name m3) (see 'kubeno store --help')",
    );
  });
  await t.step("bad count", async () => {
    assertUsageError(
      await kubeno("hollow-nodes", "--count", "many"),
      `kubeno hollow-nodes: --count must be a whole number, got "many" (see 'kubeno hollow-nodes --help')`,
    );
  });
});

Deno.test("every command has --help naming its contract flags", async () => {
  const contract: Record<string, string[]> = {
    store: ["--name", "--data-dir", "--listen-client", "--listen-peer", "--initial-cluster"],
    apiserver: ["--name", "--data-dir", "--initial-cluster", "--listen"],
    server: ["--name", "--data-dir", "--initial-cluster", "--listen"],
    scheduler: ["--server"],
    controllers: ["--server"],
    proxy: ["--server"],
    kubelet: ["--server", "--node-name", "--listen"],
    agent: ["--server", "--node-name", "--listen"],
    "hollow-nodes": ["--server", "--count"],
    up: ["--data-dir", "--listen"],
  };
  const outcomes = await Promise.all(Object.keys(contract).map((name) => kubeno(name, "--help")));
  for (const [i, [name, flags]] of Object.entries(contract).entries()) {
    const outcome = outcomes[i]!;
    assert.equal(outcome.code, 0, name);
    assert.match(outcome.stdout, new RegExp(`^kubeno ${name}: `), name);
    for (const flag of [...flags, "--help"]) {
      assert.match(outcome.stdout, new RegExp(`^ +(-\\w, )?${flag}\\b`, "m"), `${name} ${flag}`);
    }
  }
});
