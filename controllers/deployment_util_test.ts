import assert from "node:assert/strict";
import {
  CONDITION,
  type DeploymentView,
  equalIgnoreHash,
  findActiveOrLatest,
  historyToDelete,
  isSaturated,
  MAX_REPLICAS_ANNOTATION,
  maxSurgeOf,
  maxUnavailableOf,
  newCondition,
  newRsAnnotations,
  newRsReplicas,
  oldRsScaleDown,
  podTemplateHash,
  proportionalSizes,
  replicaFailureOf,
  resolveFenceposts,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  rolloutComplete,
  rolloutProgressed,
  rolloutTimedOut,
  type RsView,
  scaledValue,
  setCondition,
} from "./deployment_util.ts";

function rs(
  name: string,
  replicas: number,
  availableReplicas = replicas,
  annotations: Record<string, string> = {},
  created = `2024-01-01T00:00:0${name.at(-1)}Z`,
): RsView {
  return { name, created, replicas, availableReplicas, annotations };
}

function rolling(replicas: number, maxSurge: number | string, maxUnavailable: number | string) {
  return { replicas, strategy: "RollingUpdate", maxSurge, maxUnavailable } as DeploymentView;
}

Deno.test("percentages round up for surge and down for unavailability", () => {
  assert.equal(scaledValue("25%", 10, true), 3);
  assert.equal(scaledValue("25%", 10, false), 2);
  assert.equal(scaledValue("30%", 3, true), 1);
  assert.equal(scaledValue("30%", 3, false), 0);
  assert.equal(scaledValue(4, 10, false), 4);
  assert.throws(() => scaledValue("25", 10, true), /string is not a percentage/);
  assert.throws(() => scaledValue("abc%", 10, true), /string is not a percentage/);
});

Deno.test("fenceposts: 0 and 0 allow one unavailable pod so a rollout can move", () => {
  assert.deepEqual(resolveFenceposts(0, 0, 10), { surge: 0, unavailable: 1 });
  assert.deepEqual(resolveFenceposts("25%", "25%", 3), { surge: 1, unavailable: 0 });
  assert.deepEqual(resolveFenceposts("25%", "25%", 4), { surge: 1, unavailable: 1 });
  assert.deepEqual(resolveFenceposts("0%", "0%", 4), { surge: 0, unavailable: 1 });
});

Deno.test("maxUnavailable never exceeds replicas and is 0 for Recreate or no replicas", () => {
  assert.equal(maxUnavailableOf(rolling(3, 0, 5)), 3);
  assert.equal(maxUnavailableOf(rolling(0, 0, 5)), 0);
  assert.equal(maxUnavailableOf({ replicas: 3, strategy: "Recreate" }), 0);
  assert.equal(maxSurgeOf({ replicas: 3, strategy: "Recreate" }), 0);
  assert.equal(maxSurgeOf(rolling(10, "25%", "25%")), 3);
});

Deno.test("the new ReplicaSet grows only within replicas + maxSurge", () => {
  const d = rolling(10, "25%", "25%");
  assert.equal(newRsReplicas(d, [rs("old1", 10), rs("new2", 0)], rs("new2", 0)), 3);
  assert.equal(newRsReplicas(d, [rs("old1", 10), rs("new2", 3)], rs("new2", 3)), 3);
  assert.equal(newRsReplicas(d, [rs("old1", 8), rs("new2", 3)], rs("new2", 3)), 5);
  // Never above replicas, even with room to surge.
  assert.equal(newRsReplicas(d, [rs("old1", 0), rs("new2", 9)], rs("new2", 9)), 10);
  assert.equal(
    newRsReplicas({ replicas: 4, strategy: "Recreate" }, [rs("new2", 0)], rs("new2", 0)),
    4,
  );
});

Deno.test("old ReplicaSets shrink only while replicas - maxUnavailable stay available", () => {
  const d = rolling(10, "25%", "25%"); // surge 3, unavailable 2: at least 8 available
  // New pods not yet available: 13 - 8 - 3 = 2 old pods may go.
  assert.deepEqual(
    [...oldRsScaleDown(d, [rs("old1", 10)], rs("new2", 3, 0))],
    [["old1", 8]],
  );
  // All 13 available: 5 may go, but only down to the floor of 8 available.
  assert.deepEqual(
    [...oldRsScaleDown(d, [rs("old1", 10)], rs("new2", 3, 3))],
    [["old1", 5]],
  );
  // Nothing may go when availability is at the floor.
  assert.deepEqual([...oldRsScaleDown(d, [rs("old1", 8)], rs("new2", 5, 0))], []);
});

Deno.test("a stale status of a ReplicaSet being scaled down never lowers availability", () => {
  const d = rolling(4, 1, 1); // at least 3 available
  // old1 was just scaled 4 -> 3 but still reports 4 available; new2's 2 pods are available.
  // Truly available: 3 + 2 = 5, so old1 may lose 2 (to 1), not 3 (which would leave 2).
  assert.deepEqual([...oldRsScaleDown(d, [rs("old1", 3, 4)], rs("new2", 2, 2))], [["old1", 1]]);
});

Deno.test("unhealthy old replicas are removed first, oldest ReplicaSet first", () => {
  const d = rolling(10, 0, 2); // at least 8 available
  const sizes = oldRsScaleDown(d, [rs("old2", 5, 5), rs("old1", 5, 2)], rs("new3", 0, 0));
  // 10 - 8 - 0 = 2 may go: both from old1's 3 unavailable pods; then 7 available < 8: stop.
  assert.deepEqual([...sizes], [["old1", 3]]);
});

Deno.test("a resize mid-rollout scales ReplicaSets in proportion (Kubernetes' cases)", () => {
  const annotated = (name: string, replicas: number) =>
    rs(name, replicas, replicas, { [MAX_REPLICAS_ANNOTATION]: "5" });
  // 5 -> 10 with maxSurge 0: 3 + 2 become 6 + 4.
  const up = proportionalSizes(rolling(10, 0, 0), [annotated("v1", 3), annotated("v2", 2)], 5);
  assert.equal(up.operation, "up");
  assert.deepEqual(Object.fromEntries(up.sizes), { v1: 6, v2: 4 });
  // 5 -> 3: 3 + 2 become 2 + 1.
  const down = proportionalSizes(rolling(3, 0, 0), [annotated("v1", 3), annotated("v2", 2)], 5);
  assert.equal(down.operation, "down");
  assert.deepEqual(Object.fromEntries(down.sizes), { v1: 2, v2: 1 });
  // To zero: everything goes.
  const zero = proportionalSizes(rolling(0, 0, 0), [annotated("v1", 3), annotated("v2", 2)], 5);
  assert.deepEqual(Object.fromEntries(zero.sizes), { v1: 0, v2: 0 });
  // The leftover of rounding goes to the largest ReplicaSet (newest on ties scaling up).
  const odd = proportionalSizes(
    rolling(4, 0, 0),
    [
      rs("v1", 1, 1, { [MAX_REPLICAS_ANNOTATION]: "3" }),
      rs("v2", 2, 2, {
        [MAX_REPLICAS_ANNOTATION]: "3",
      }),
    ],
    3,
  );
  assert.equal([...odd.sizes.values()].reduce((a, b) => a + b), 4);
  // Without annotations the Deployment's current status.replicas is the base.
  const bare = proportionalSizes(rolling(20, 0, 0), [rs("v1", 6), rs("v2", 4)], 10);
  assert.deepEqual(Object.fromEntries(bare.sizes), { v1: 12, v2: 8 });
});

Deno.test("the one active ReplicaSet, or the newest, takes a resize whole", () => {
  assert.equal(findActiveOrLatest(rs("new3", 2), [rs("old1", 0), rs("old2", 0)])?.name, "new3");
  assert.equal(findActiveOrLatest(rs("new3", 0), [rs("old1", 0), rs("old2", 4)])?.name, "old2");
  assert.equal(findActiveOrLatest(rs("new3", 0), [rs("old1", 0)])?.name, "new3");
  assert.equal(findActiveOrLatest(undefined, [rs("old1", 0), rs("old2", 0)])?.name, "old2");
  assert.equal(findActiveOrLatest(rs("new3", 1), [rs("old1", 1)]), undefined);
  const saturated = rs("new3", 3, 3, { "deployment.kubernetes.io/desired-replicas": "3" });
  assert.equal(isSaturated(rolling(3, 1, 0), saturated), true);
  assert.equal(isSaturated(rolling(4, 1, 0), saturated), false);
});

Deno.test("revision annotations: copied, bumped, and history kept on rollback", () => {
  const created = newRsAnnotations(
    {
      "kubernetes.io/change-cause": "kubectl set image",
      [REVISION_ANNOTATION]: "7",
      "kubectl.kubernetes.io/last-applied-configuration": "{}",
    },
    {},
    2,
    { replicas: 3, maxReplicas: 4 },
  );
  assert.deepEqual(created.annotations, {
    "kubernetes.io/change-cause": "kubectl set image",
    [REVISION_ANNOTATION]: "2",
    "deployment.kubernetes.io/desired-replicas": "3",
    "deployment.kubernetes.io/max-replicas": "4",
  });
  // Rolling back to a ReplicaSet at revision 1 when the newest is 2: it becomes 3.
  const rolledBack = newRsAnnotations({}, { [REVISION_ANNOTATION]: "1" }, 3, undefined);
  assert.equal(rolledBack.changed, true);
  assert.equal(rolledBack.annotations[REVISION_ANNOTATION], "3");
  assert.equal(rolledBack.annotations[REVISION_HISTORY_ANNOTATION], "1");
  const again = newRsAnnotations({}, rolledBack.annotations, 5, undefined);
  assert.equal(again.annotations[REVISION_HISTORY_ANNOTATION], "1,3");
  // Already at the newest revision: nothing to do.
  assert.equal(newRsAnnotations({}, { [REVISION_ANNOTATION]: "3" }, 3, undefined).changed, false);
});

Deno.test("history cleanup removes the lowest revisions beyond the limit, only when empty", () => {
  const old = (name: string, revision: number, deletable: boolean) => ({
    ...rs(name, 0, 0, { [REVISION_ANNOTATION]: String(revision) }),
    deletable,
  });
  const rss = [old("a1", 3, true), old("b2", 1, true), old("c3", 2, false), old("d4", 4, true)];
  assert.deepEqual(historyToDelete(rss, 1).map((r) => r.name), ["b2", "a1"]);
  assert.deepEqual(historyToDelete(rss, 4), []);
  assert.deepEqual(historyToDelete(rss, 0).map((r) => r.name), ["b2", "a1", "d4"]);
});

Deno.test("the pod-template hash is stable, safe, and moves with the collision count", () => {
  const template = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "a" }] } };
  const hash = podTemplateHash(template);
  assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]+$/);
  assert.equal(podTemplateHash(structuredClone(template)), hash);
  assert.notEqual(podTemplateHash(template, 1), hash);
  assert.notEqual(podTemplateHash({ ...template, spec: { containers: [{ name: "b" }] } }), hash);
  const withHash = structuredClone(template) as typeof template & {
    metadata: { labels: Record<string, string> };
  };
  withHash.metadata.labels["pod-template-hash"] = hash;
  assert.equal(equalIgnoreHash(withHash, template), true);
  assert.equal(equalIgnoreHash(withHash, { ...template, spec: {} }), false);
  // kubectl's rollback sends creationTimestamp: null; Go sees no difference, nor do we.
  const rolledBack = { ...template, metadata: { ...template.metadata, creationTimestamp: null } };
  assert.equal(equalIgnoreHash(withHash, rolledBack), true);
  assert.equal(podTemplateHash(rolledBack), hash);
});

Deno.test("conditions: same status keeps lastTransitionTime; deadlines and completion", () => {
  const first = newCondition("Progressing", "True", CONDITION.newRsCreated, "m", "T1");
  const same = setCondition([first], newCondition("Progressing", "True", first.reason, "x", "T2"));
  assert.deepEqual(same, [first]);
  const next = setCondition(
    [first],
    newCondition("Progressing", "True", "ReplicaSetUpdated", "m", "T2"),
  );
  assert.equal(next[0]!.lastTransitionTime, "T1");
  assert.equal(next[0]!.lastUpdateTime, "T2");
  const stale = newCondition(
    "Progressing",
    "True",
    "ReplicaSetUpdated",
    "m",
    "2024-01-01T00:00:00Z",
  );
  const t0 = Date.parse("2024-01-01T00:00:00Z");
  assert.equal(rolloutTimedOut(stale, 10, t0 + 9_000), false);
  assert.equal(rolloutTimedOut(stale, 10, t0 + 11_000), true);
  assert.equal(
    rolloutTimedOut({ ...stale, reason: CONDITION.newRsAvailable }, 10, t0 + 99_000),
    false,
  );
  const counts = {
    replicas: 3,
    updatedReplicas: 3,
    readyReplicas: 3,
    availableReplicas: 3,
    observedGeneration: 2,
  };
  assert.equal(rolloutComplete(3, 2, counts), true);
  assert.equal(rolloutComplete(3, 3, counts), false);
  assert.equal(rolloutProgressed(counts, { ...counts, availableReplicas: 2 }), false);
  assert.equal(rolloutProgressed({ ...counts, updatedReplicas: 2 }, counts), true);
});

Deno.test("a ReplicaSet's ReplicaFailure carries over, the new ReplicaSet's first", () => {
  const failure = (reason: string, time: string) => ({
    type: "ReplicaFailure",
    status: "True",
    reason,
    message: `pods "x" is forbidden: ${reason}`,
    lastTransitionTime: time,
  });
  const ready = { type: "Ready", status: "True" };
  const oldFailure = failure("FailedDelete", "T1");
  const newFailure = failure("FailedCreate", "T2");
  // None: no condition (the Deployment's goes).
  assert.equal(replicaFailureOf([ready], [[ready], undefined]), undefined);
  assert.equal(replicaFailureOf(undefined, []), undefined);
  // An old ReplicaSet's when the new one has none, with its time as both times.
  assert.deepEqual(replicaFailureOf([], [[oldFailure], []]), {
    type: "ReplicaFailure",
    status: "True",
    reason: "FailedDelete",
    message: 'pods "x" is forbidden: FailedDelete',
    lastUpdateTime: "T1",
    lastTransitionTime: "T1",
  });
  // The new ReplicaSet's over any old one's, wherever it is in the list.
  assert.equal(
    replicaFailureOf([ready, newFailure], [[oldFailure], [newFailure]])?.reason,
    "FailedCreate",
  );
  // Moved into the Deployment's conditions it stays put while status and reason stay.
  const carried = replicaFailureOf([newFailure], [])!;
  const conditions = setCondition([], carried);
  assert.equal(setCondition(conditions, { ...carried, message: "other" }), conditions);
});
