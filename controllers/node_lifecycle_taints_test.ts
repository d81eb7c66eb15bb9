import assert from "node:assert/strict";
import {
  evictionDelayMs,
  TAINT_NOT_READY,
  TAINT_UNREACHABLE,
  withLifecycleTaints,
} from "./node_lifecycle_taints.ts";

const T = "2025-01-01T00:00:00Z";

Deno.test("Unknown gets the unreachable taints, False the not-ready ones, True none", () => {
  const custom = { key: "dedicated", value: "gpu", effect: "NoSchedule" };
  const unknown = withLifecycleTaints([custom], "Unknown", T)!;
  assert.deepEqual(unknown, [
    custom,
    { key: TAINT_UNREACHABLE, effect: "NoSchedule" },
    { key: TAINT_UNREACHABLE, effect: "NoExecute", timeAdded: T },
  ]);
  assert.equal(withLifecycleTaints(unknown, "Unknown", "later"), undefined, "unchanged");
  assert.equal(withLifecycleTaints(unknown, undefined, "later"), undefined, "never reported");
  const notReady = withLifecycleTaints(unknown, "False", "later")!;
  assert.deepEqual(notReady.map((t) => `${t.key}:${t.effect}`), [
    "dedicated:NoSchedule",
    `${TAINT_NOT_READY}:NoSchedule`,
    `${TAINT_NOT_READY}:NoExecute`,
  ]);
  assert.deepEqual(withLifecycleTaints(notReady, "True", "later"), [custom]);
  assert.equal(withLifecycleTaints([custom], "True", T), undefined);
});

Deno.test("eviction waits the pod's tolerationSeconds, the default, or forever", () => {
  const taint = { key: TAINT_UNREACHABLE, effect: "NoExecute", timeAdded: T };
  const pod = (tolerations: unknown[]) => ({ metadata: {}, spec: { tolerations } });
  assert.equal(evictionDelayMs(pod([]), taint, 30_000), 30_000);
  assert.equal(
    evictionDelayMs(
      pod([{
        key: TAINT_UNREACHABLE,
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 5,
      }]),
      taint,
      30_000,
    ),
    5000,
  );
  assert.equal(evictionDelayMs(pod([{ operator: "Exists" }]), taint, 30_000), undefined);
  assert.equal(
    evictionDelayMs(pod([{ key: TAINT_NOT_READY, operator: "Exists" }]), taint, 30_000),
    30_000,
    "a toleration of another taint does not count",
  );
  assert.equal(
    evictionDelayMs(
      pod([{ key: TAINT_UNREACHABLE, operator: "Exists", effect: "NoSchedule" }]),
      taint,
      30_000,
    ),
    30_000,
    "a NoSchedule toleration does not tolerate NoExecute",
  );
});
