import assert from "node:assert/strict";
import {
  fallbackPodCidr,
  hollowHostIP,
  podLooksRunning,
  refreshedConditions,
  runningPodStatus,
} from "./hollow_objects.ts";
import { SpreadSchedule } from "./hollow_spread.ts";

Deno.test("duties are spread evenly over the period, each member once per round", () => {
  const s = new SpreadSchedule(4, 1000, 0);
  assert.deepEqual(s.due(0), []);
  assert.deepEqual(s.due(250), [0]);
  assert.deepEqual(s.due(999), [1, 2]);
  assert.deepEqual(s.due(1000), [3]);
  assert.deepEqual(s.due(1500), [0, 1]);
  // Far behind: each member once, not every missed round.
  assert.deepEqual(s.due(10_000).sort(), [0, 1, 2, 3]);
});

Deno.test("a hollow pod is reported Running and Ready with its address", () => {
  const pod = {
    metadata: { name: "p", namespace: "default", uid: "u1" },
    spec: { containers: [{ name: "a", image: "img" }, { name: "b", image: "img" }] },
  };
  const status = runningPodStatus(pod, "10.244.3.2", "198.18.0.1", new Date(0));
  assert.equal(status.phase, "Running");
  assert.equal(status.podIP, "10.244.3.2");
  assert.deepEqual(status.containerStatuses.map((c) => [c.name, c.ready]), [
    ["a", true],
    ["b", true],
  ]);
  assert.ok(status.containerStatuses.every((c) => c.state?.running !== undefined));
  assert.ok(status.conditions.some((c) => c.type === "Ready" && c.status === "True"));
  assert.equal(podLooksRunning({ ...pod, status }), true);
  assert.equal(podLooksRunning(pod), false);
});

Deno.test("fake addresses are unique per node and refreshes keep transition times", () => {
  assert.equal(hollowHostIP(0), "198.18.0.1");
  assert.equal(hollowHostIP(300), "198.18.1.45");
  assert.equal(fallbackPodCidr(1), "100.64.1.0/24");
  assert.throws(() => hollowHostIP(-1), RangeError);
  const wanted = [{ type: "Ready", status: "True" }];
  const kept = refreshedConditions(
    wanted,
    [{ type: "Ready", status: "True", lastTransitionTime: "then" }],
    new Date(0),
  );
  assert.equal(kept[0]!.lastTransitionTime, "then");
  const changed = refreshedConditions(
    wanted,
    [{ type: "Ready", status: "Unknown", lastTransitionTime: "then" }],
    new Date(0),
  );
  assert.equal(changed[0]!.lastTransitionTime, "1970-01-01T00:00:00Z");
});
