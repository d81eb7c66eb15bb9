import assert from "node:assert/strict";
import { podQosClass } from "./pods.ts";

Deno.test("pod QoS class as Kubernetes derives it", () => {
  assert.equal(podQosClass({ containers: [{}] }), "BestEffort");
  assert.equal(
    podQosClass({ containers: [{ resources: { requests: { cpu: "100m" } } }] }),
    "Burstable",
  );
  const full = { cpu: "500m", memory: "128Mi" };
  assert.equal(podQosClass({ containers: [{ resources: { limits: full } }] }), "Guaranteed");
  assert.equal(
    podQosClass({
      containers: [{ resources: { requests: { cpu: "0.5", memory: "128Mi" }, limits: full } }],
    }),
    "Guaranteed",
    "equal quantities in other spellings",
  );
  assert.equal(
    podQosClass({
      containers: [{ resources: { limits: full } }],
      initContainers: [{ resources: { requests: { cpu: "100m" } } }],
    }),
    "Burstable",
    "init containers count",
  );
  assert.equal(
    podQosClass({ containers: [{ resources: { limits: { cpu: "1" } } }] }),
    "Burstable",
    "a memory limit is missing",
  );
});
