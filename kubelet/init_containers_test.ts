import assert from "node:assert/strict";
import { nextInitAction } from "./init_containers.ts";
import type { ObservedContainer } from "./pod_status.ts";

function instance(name: string, state: "running" | "exited", exitCode = 0): ObservedContainer {
  return {
    id: `${name}-${state}-${exitCode}`,
    name,
    restartCount: 0,
    hash: "h",
    sandboxId: "s1",
    image: "i",
    imageId: "sha256:i",
    state,
    running: state === "running",
    exitCode,
    oomKilled: false,
    error: "",
    createdAt: "2024-01-01T00:00:00Z",
    terminationMessagePolicy: "File",
  };
}

Deno.test("init containers run one at a time, in order, each to completion", () => {
  const spec = { initContainers: [{ name: "a" }, { name: "b" }], containers: [{ name: "app" }] };
  assert.deepEqual(nextInitAction(spec, [], "s1"), { kind: "run", container: { name: "a" } });
  assert.equal(nextInitAction(spec, [instance("a", "running")], "s1").kind, "run");
  assert.deepEqual(nextInitAction(spec, [instance("a", "exited")], "s1"), {
    kind: "run",
    container: { name: "b" },
  });
  assert.deepEqual(
    nextInitAction(spec, [instance("a", "exited"), instance("b", "exited")], "s1"),
    { kind: "done" },
  );
  // A failure is retried, except under restartPolicy Never.
  assert.deepEqual(nextInitAction(spec, [instance("a", "exited", 2)], "s1"), {
    kind: "run",
    container: { name: "a" },
  });
  assert.deepEqual(
    nextInitAction({ ...spec, restartPolicy: "Never" }, [instance("a", "exited", 2)], "s1"),
    { kind: "failed", container: { name: "a" } },
  );
  // Instances of another sandbox do not count; app containers that ran mean initialized.
  assert.equal(nextInitAction(spec, [instance("a", "exited")], "s2").kind, "run");
  assert.deepEqual(nextInitAction(spec, [instance("app", "running")], "s1"), { kind: "done" });
  assert.deepEqual(nextInitAction({ containers: [{ name: "app" }] }, [], "s1"), { kind: "done" });
});
