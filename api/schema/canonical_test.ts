import assert from "node:assert/strict";
import { podSchema } from "../types/core_v1_pod.ts";
import { eventSchema } from "../types/core_v1_event.ts";
import { secretSchema } from "../types/core_v1_config.ts";
import { canonicalize, canonicalTime } from "./canonical.ts";

Deno.test("canonical: unknown fields and null optional fields are dropped", () => {
  const pod = canonicalize({
    metadata: { name: "p", creationTimestamp: null, bogus: 1 },
    spec: { containers: [{ name: "c", imagee: "x", image: "nginx" }], nodeName: null },
    extra: { a: 1 },
  }, podSchema);
  assert.deepEqual(pod, {
    metadata: { name: "p" },
    spec: { containers: [{ name: "c", image: "nginx" }] },
  });
});

Deno.test("canonical: quantities print canonically; resource lists round up to milli", () => {
  const pod = canonicalize({
    spec: {
      containers: [{
        name: "c",
        resources: {
          limits: { cpu: 0.5, memory: "1024Mi", "example.com/gpu": "1" },
          requests: { cpu: "0.0001", memory: " 1e3 " },
        },
      }],
      volumes: [{ name: "v", emptyDir: { sizeLimit: "1000Mi" } }],
    },
  }, podSchema);
  assert.deepEqual(pod.spec.containers[0]?.resources, {
    limits: { cpu: "500m", memory: "1Gi", "example.com/gpu": "1" },
    requests: { cpu: "1m", memory: "1e3" },
  });
  assert.deepEqual(pod.spec.volumes[0]?.emptyDir, { sizeLimit: "1000Mi" });
});

Deno.test("canonical: timestamps in UTC, whole seconds for Time, micros for MicroTime", () => {
  assert.equal(canonicalTime("2024-01-01T10:00:00.123+02:00"), "2024-01-01T08:00:00Z");
  assert.equal(canonicalTime("2024-01-01T00:30:00-01:00"), "2024-01-01T01:30:00Z");
  assert.equal(canonicalTime("2024-01-01T00:00:00.123456Z", true), "2024-01-01T00:00:00.123456Z");
  assert.equal(canonicalTime("not a time"), "not a time");
  const ev = canonicalize({
    firstTimestamp: "2024-03-01T00:00:00+00:00",
    eventTime: "2024-03-01T01:00:00.000001+01:00",
  }, eventSchema);
  assert.deepEqual(ev, {
    firstTimestamp: "2024-03-01T00:00:00Z",
    eventTime: "2024-03-01T00:00:00.000001Z",
  });
});

Deno.test("canonical: base64 loses line breaks", () => {
  assert.deepEqual(canonicalize({ data: { a: "aGVs\nbG8=" } }, secretSchema), {
    data: { a: "aGVsbG8=" },
  });
});
