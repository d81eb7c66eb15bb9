import assert from "node:assert/strict";
import { humanAge, toTable } from "./table.ts";

const rc = {
  metadata: { name: "web", creationTimestamp: "2026-01-01T00:00:00Z" },
  spec: {
    replicas: 3,
    selector: { app: "web" },
    template: { spec: { containers: [{ name: "c", image: "i:1" }] } },
  },
  status: { replicas: 2, readyReplicas: 1 },
};

Deno.test("replication controllers and replica sets print kube-apiserver's columns", () => {
  const now = Date.parse("2026-01-01T00:05:00Z");
  for (const resource of ["replicationcontrollers", "replicasets"]) {
    const table = toTable(resource, [rc], { resourceVersion: "5" }, "None", now) as {
      columnDefinitions: { name: string; priority: number }[];
      rows: { cells: unknown[] }[];
    };
    assert.deepEqual(table.columnDefinitions.map((c) => c.name), [
      "Name",
      "Desired",
      "Current",
      "Ready",
      "Age",
      "Containers",
      "Images",
      "Selector",
    ]);
    assert.deepEqual(table.rows[0]!.cells, ["web", 3, 2, 1, "5m", "c", "i:1", "app=web"]);
  }
});

Deno.test("ages read like kubectl's", () => {
  const t0 = Date.parse("2026-01-01T00:00:00Z");
  const at = (seconds: number) => humanAge("2026-01-01T00:00:00Z", t0 + seconds * 1000);
  assert.deepEqual([
    at(5),
    at(150),
    at(600),
    at(3 * 3600 + 120),
    at(30 * 3600),
    at(3 * 86400 + 3600),
  ], [
    "5s",
    "2m30s",
    "10m",
    "3h2m",
    "30h",
    "3d1h",
  ]);
});

Deno.test("pod STATUS column follows kubectl's printer, init containers included", () => {
  const status = (pod: Record<string, unknown>) => {
    const table = toTable("pods", [{ metadata: { name: "p" }, ...pod }], {}, "None", 0) as {
      rows: { cells: unknown[] }[];
    };
    return table.rows[0]?.cells[2];
  };
  const spec = { initContainers: [{ name: "a" }, { name: "b" }], containers: [{ name: "c" }] };
  const done = { state: { terminated: { exitCode: 0, reason: "Completed" } } };
  assert.equal(
    status({
      spec,
      status: { phase: "Pending", initContainerStatuses: [{ state: { running: {} } }] },
    }),
    "Init:0/2",
  );
  assert.equal(
    status({
      spec,
      status: {
        phase: "Pending",
        initContainerStatuses: [done, { state: { terminated: { exitCode: 1, reason: "Error" } } }],
      },
    }),
    "Init:Error",
  );
  assert.equal(
    status({
      spec,
      status: {
        phase: "Pending",
        initContainerStatuses: [done, { state: { waiting: { reason: "CrashLoopBackOff" } } }],
      },
    }),
    "Init:CrashLoopBackOff",
  );
  assert.equal(
    status({
      spec,
      status: {
        phase: "Running",
        conditions: [{ type: "Initialized", status: "True" }],
        initContainerStatuses: [done, done],
        containerStatuses: [{ ready: true, state: { running: {} } }],
      },
    }),
    "Running",
  );
  assert.equal(
    status({
      spec: { containers: [{ name: "c" }] },
      status: {
        phase: "Running",
        containerStatuses: [{ state: { waiting: { reason: "CrashLoopBackOff" } } }],
      },
    }),
    "CrashLoopBackOff",
  );
  assert.equal(
    status({
      metadata: { name: "p", deletionTimestamp: "2026-01-01T00:00:00Z" },
      status: { phase: "Running" },
    }),
    "Terminating",
  );
  assert.equal(status({ status: { phase: "Succeeded" } }), "Succeeded");
});
