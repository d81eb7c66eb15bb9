import assert from "node:assert/strict";
import { createLogger } from "../cli/log.ts";
import { ApiStatusError, type KubeObject, type ResourceClient } from "../client/mod.ts";
import { EventRecorder } from "./event_recorder.ts";
import type { PodEvent } from "./pod_runtime.ts";

/** An events API in memory that can lose an event, as an expired or deleted one is lost. */
class FakeEvents {
  readonly objects = new Map<string, Record<string, unknown>>();
  creates = 0;
  create(object: KubeObject): Promise<KubeObject> {
    this.creates++;
    this.objects.set(object.metadata.name!, structuredClone(object) as Record<string, unknown>);
    return Promise.resolve(object);
  }
  patch(_namespace: string, name: string, patch: Record<string, unknown>): Promise<KubeObject> {
    const object = this.objects.get(name);
    if (object === undefined) {
      return Promise.reject(
        new ApiStatusError(404, { reason: "NotFound", message: `events "${name}" not found` }),
      );
    }
    Object.assign(object, patch);
    return Promise.resolve(object as unknown as KubeObject);
  }
}

const event: PodEvent = {
  pod: { namespace: "default", name: "web", uid: "u1" },
  container: "app",
  type: "Warning",
  reason: "BackOff",
  message: "Back-off restarting failed container app in pod web_default(u1)",
};

Deno.test("EventRecorder: repeats bump count; a repeat of an event gone from the API creates it again", async () => {
  const events = new FakeEvents();
  const recorder = new EventRecorder(
    events as unknown as ResourceClient<KubeObject>,
    "n1",
    createLogger("event-test"),
  );
  recorder.record(event);
  recorder.record(event);
  await recorder.flush();
  assert.equal(events.creates, 1);
  assert.equal([...events.objects.values()][0]!.count, 2);

  events.objects.clear(); // the event expired or was deleted
  recorder.record(event);
  recorder.record(event);
  await recorder.flush();
  assert.equal(events.creates, 2, "the lost event is recorded afresh");
  assert.equal(events.objects.size, 1);
  assert.equal([...events.objects.values()][0]!.count, 2);
});
