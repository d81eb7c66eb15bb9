import assert from "node:assert/strict";
import {
  containerStatus,
  dockerTimeMs,
  kubeTime,
  type ObservedContainer,
  podConditions,
  podPhase,
  shouldRestart,
} from "./pod_status.ts";
import type { ContainerStatus, PodLike } from "./pod_types.ts";

function instance(overrides: Partial<ObservedContainer>): ObservedContainer {
  return {
    id: "c".repeat(64),
    name: "app",
    restartCount: 0,
    hash: "h",
    sandboxId: "s",
    image: "img:1",
    imageId: "sha256:abc",
    state: "running",
    running: true,
    exitCode: 0,
    oomKilled: false,
    error: "",
    createdAt: "2024-01-01T00:00:00Z",
    startedAt: "2024-01-01T00:00:01Z",
    terminationMessagePolicy: "File",
    ...overrides,
  };
}
const exited = (overrides: Partial<ObservedContainer> = {}) =>
  instance({ state: "exited", running: false, finishedAt: "2024-01-01T00:00:05Z", ...overrides });

Deno.test("Docker times become Kubernetes times", () => {
  assert.equal(kubeTime("2024-05-01T10:00:00.123456789Z"), "2024-05-01T10:00:00Z");
  assert.equal(kubeTime("0001-01-01T00:00:00Z"), undefined);
  assert.equal(dockerTimeMs("2024-05-01T10:00:00.123456789Z"), Date.UTC(2024, 4, 1, 10, 0, 0, 123));
  assert.equal(dockerTimeMs("0001-01-01T00:00:00Z"), undefined);
});

Deno.test("container states: waiting, running, terminated, waiting with lastState", () => {
  const spec = { name: "app", image: "img:1" };
  assert.deepEqual(containerStatus(spec, { instances: [] }), {
    name: "app",
    state: { waiting: { reason: "ContainerCreating" } },
    lastState: {},
    ready: false,
    restartCount: 0,
    image: "img:1",
    imageID: "",
    started: false,
  });
  assert.deepEqual(
    containerStatus(spec, { instances: [], waiting: { reason: "ErrImagePull", message: "m" } })
      .state,
    { waiting: { reason: "ErrImagePull", message: "m" } },
  );
  const running = containerStatus(spec, {
    instances: [
      instance({ restartCount: 2 }),
      exited({ restartCount: 1, exitCode: 137, oomKilled: true }),
    ],
  });
  assert.deepEqual(running.state, { running: { startedAt: "2024-01-01T00:00:01Z" } });
  assert.equal(running.ready, true);
  assert.equal(running.restartCount, 2);
  assert.equal(running.lastState?.terminated?.reason, "OOMKilled");
  assert.equal(running.imageID, "docker://sha256:abc");
  assert.equal(running.containerID, `docker://${"c".repeat(64)}`);

  const done = containerStatus(spec, {
    instances: [exited({ exitCode: 2 })],
    messages: new Map([["c".repeat(64), "why"]]),
  });
  assert.deepEqual(done.state, {
    terminated: {
      exitCode: 2,
      reason: "Error",
      message: "why",
      containerID: `docker://${"c".repeat(64)}`,
      startedAt: "2024-01-01T00:00:01Z",
      finishedAt: "2024-01-01T00:00:05Z",
    },
  });
  const crashing = containerStatus(spec, {
    instances: [exited({ restartCount: 4, exitCode: 1 })],
    waiting: {
      reason: "CrashLoopBackOff",
      message: "back-off 1m20s restarting failed container=app pod=p",
    },
  });
  assert.equal(crashing.state?.waiting?.reason, "CrashLoopBackOff");
  assert.equal(crashing.lastState?.terminated?.exitCode, 1);
  assert.equal(crashing.restartCount, 4);
  const startError = containerStatus(spec, {
    instances: [
      instance({
        state: "created",
        running: false,
        exitCode: 127,
        error: 'exec: "nope": not found',
      }),
    ],
  });
  assert.equal(startError.state?.terminated?.reason, "StartError");
  assert.equal(startError.state?.terminated?.message, 'exec: "nope": not found');
});

Deno.test("podPhase like the kubelet's getPhase", () => {
  const pod = (restartPolicy: string, names = ["a", "b"]): PodLike => ({
    spec: { restartPolicy, containers: names.map((name) => ({ name })) },
  });
  const st = (
    name: string,
    state: ContainerStatus["state"],
    last?: ContainerStatus["lastState"],
  ): ContainerStatus => ({
    name,
    state: state!,
    ...(last === undefined ? {} : { lastState: last }),
    ready: false,
    restartCount: 0,
    image: "",
    imageID: "",
  });
  const running = { running: {} };
  const ok = { terminated: { exitCode: 0 } };
  const bad = { terminated: { exitCode: 1 } };
  const wait = { waiting: { reason: "ContainerCreating" } };
  assert.equal(podPhase(pod("Always"), [st("a", running), st("b", wait)]), "Pending");
  assert.equal(podPhase(pod("Always"), [st("a", running), st("b", running)]), "Running");
  assert.equal(podPhase(pod("Always"), [st("a", running)]), "Pending", "unknown container");
  assert.equal(podPhase(pod("Always"), [st("a", ok), st("b", bad)]), "Running");
  assert.equal(podPhase(pod("OnFailure"), [st("a", ok), st("b", ok)]), "Succeeded");
  assert.equal(podPhase(pod("OnFailure"), [st("a", ok), st("b", bad)]), "Running");
  assert.equal(podPhase(pod("Never"), [st("a", ok), st("b", bad)]), "Failed");
  assert.equal(podPhase(pod("Never"), [st("a", running), st("b", bad)]), "Running");
  assert.equal(
    podPhase(pod("Always"), [
      st("a", { waiting: { reason: "CrashLoopBackOff" } }, bad),
      st("b", running),
    ]),
    "Running",
    "a restarting container counts as stopped, not waiting",
  );
  assert.equal(shouldRestart(undefined, 0), true);
  assert.equal(shouldRestart("OnFailure", 0), false);
  assert.equal(shouldRestart("OnFailure", 1), true);
  assert.equal(shouldRestart("Never", 1), false);
});

Deno.test("conditions", () => {
  const ready = { name: "a", ready: true, restartCount: 0, image: "", imageID: "" };
  const unready = { ...ready, name: "b", ready: false };
  assert.deepEqual(podConditions(true, [ready], "Running"), [
    { type: "PodReadyToStartContainers", status: "True" },
    { type: "Initialized", status: "True" },
    { type: "Ready", status: "True" },
    { type: "ContainersReady", status: "True" },
  ]);
  assert.deepEqual(podConditions(true, [ready, unready], "Running")[2], {
    type: "Ready",
    status: "False",
    reason: "ContainersNotReady",
    message: "containers with unready status: [b]",
  });
});
