import assert from "node:assert/strict";
import type { LabelSelector } from "../labels.ts";
import type { Deployment } from "./apps_v1.ts";
import type { Pod, PodSpec } from "./core_v1_pod.ts";
import type { Container } from "./core_v1_container.ts";
import type { Service } from "./core_v1_service.ts";
import type { Status, WatchEvent } from "./meta_v1.ts";
import type { Volume } from "./core_v1_volume.ts";
import type { EndpointSlice } from "./discovery_v1.ts";

// Compile-time checks that the inferred types are the Kubernetes shapes.

Deno.test("types: a pod literal type-checks against the inferred Pod", () => {
  const pod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", labels: { app: "web" }, ownerReferences: [] },
    spec: {
      containers: [{
        name: "web",
        image: "nginx",
        ports: [{ containerPort: 80, protocol: "TCP" }],
        env: [{ name: "A", value: "1" }],
        resources: { limits: { cpu: "1" } },
        readinessProbe: { httpGet: { port: "http", path: "/" }, periodSeconds: 5 },
      }],
      volumes: [{ name: "data", emptyDir: {} }, { name: "cfg", configMap: { name: "c" } }],
      restartPolicy: "Always",
      tolerations: [{ key: "k", operator: "Exists" }],
    },
    status: { phase: "Running", podIP: "10.244.0.5" },
  };
  const spec: PodSpec | undefined = pod.spec;
  const c: Container | undefined = spec?.containers[0];
  const v: Volume | undefined = spec?.volumes?.[0];
  assert.equal(c?.image, "nginx");
  assert.deepEqual(v?.emptyDir, {});
  // @ts-expect-error restartPolicy is an enum
  const bad: PodSpec = { containers: [], restartPolicy: "Sometimes" };
  // @ts-expect-error containers is required
  const missing: PodSpec = {};
  // @ts-expect-error a container needs a name
  const nameless: Container = { image: "x" };
  assert.ok(bad && missing && nameless);
});

Deno.test("types: selectors are compatible with labels.ts", () => {
  const d: Deployment = {
    spec: {
      selector: { matchLabels: { app: "web" }, matchExpressions: [{ key: "a", operator: "In" }] },
      template: {},
    },
  };
  const sel: LabelSelector | undefined = d.spec?.selector;
  const svc: Service = {
    spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] },
  };
  const slice: EndpointSlice = { addressType: "IPv4", endpoints: [{ addresses: ["10.0.0.1"] }] };
  const status: Status = { status: "Failure", code: 404, details: { causes: [{ field: "x" }] } };
  const ev: WatchEvent = { type: "ADDED", object: { kind: "Pod" } };
  assert.ok(sel && svc && slice && status && ev);
});
