import assert from "node:assert/strict";
import { createLogger } from "../cli/log.ts";
import {
  ComponentEventRecorder,
  MAX_EVENT_WRITES_IN_FLIGHT,
  MAX_PENDING_EVENTS,
} from "./event_recorder.ts";
import type { KubeObject, ResourceClient } from "./resources.ts";

/** An events client whose creates finish when the test says so (logic test only). */
function gatedEvents() {
  const started: KubeObject[] = [];
  const gates: (() => void)[] = [];
  const client = {
    create(event: KubeObject): Promise<KubeObject> {
      started.push(event);
      return new Promise((resolve) => gates.push(() => resolve(event)));
    },
  } as unknown as ResourceClient<KubeObject>;
  const releaseAll = async () => {
    while (gates.length > 0) {
      for (const open of gates.splice(0)) open();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  };
  return { client, started, releaseAll };
}

const POD = { apiVersion: "v1", kind: "Pod" };
const pod = (name: string): KubeObject => ({ metadata: { name, namespace: "ns", uid: name } });

Deno.test("events are written a bounded number at a time, and a burst beyond the queue is dropped", async () => {
  const { client, started, releaseAll } = gatedEvents();
  const recorder = new ComponentEventRecorder(
    client,
    "default-scheduler",
    createLogger("t", 0, () => {}),
  );
  const burst = MAX_PENDING_EVENTS + MAX_EVENT_WRITES_IN_FLIGHT + 50;
  for (let i = 0; i < burst; i++) recorder.record(POD, pod(`p${i}`), "Normal", "Scheduled", "m");
  assert.equal(started.length, MAX_EVENT_WRITES_IN_FLIGHT, "only the in-flight bound starts");
  const flushed = recorder.flush();
  await releaseAll();
  await flushed;
  assert.equal(started.length, MAX_PENDING_EVENTS + MAX_EVENT_WRITES_IN_FLIGHT);
  const first = started[0]!;
  assert.equal((first.involvedObject as { name: string }).name, "p0");
  assert.equal((first.source as { component: string }).component, "default-scheduler");
  assert.equal(first.metadata.namespace, "ns");
  // After the burst drained, recording works again.
  recorder.record(POD, pod("late"), "Warning", "FailedScheduling", "m");
  await releaseAll();
  await recorder.flush();
  assert.equal((started.at(-1)!.involvedObject as { name: string }).name, "late");
});
