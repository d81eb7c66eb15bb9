import assert from "node:assert/strict";
import { podSchema } from "../types/core_v1_pod.ts";
import { secretSchema } from "../types/core_v1_config.ts";
import { deploymentSchema } from "../types/apps_v1.ts";
import { eventSchema } from "../types/core_v1_event.ts";
import {
  base64ErrorOffset,
  isRFC3339,
  strictDecodingMessage,
  unknownFieldMessage,
  validateShape,
} from "./shape.ts";
import { goTimeParseError } from "./go_time.ts";
import type { Schema } from "./dsl.ts";

const messages = (v: unknown, s: Schema = podSchema) =>
  validateShape(v, s).errors.map((e) => e.message);

Deno.test("shape: a well-formed pod has no errors and no unknown fields", () => {
  const r = validateShape({
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: "web",
      labels: { app: "web" },
      creationTimestamp: null,
      ownerReferences: [{ apiVersion: "v1", kind: "ReplicationController", name: "rc", uid: "u" }],
    },
    spec: {
      containers: [{
        name: "web",
        image: "nginx",
        ports: [{ containerPort: 80, protocol: "TCP" }],
        env: [{ name: "A", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
        resources: { limits: { cpu: "500m", memory: 128974848 } },
        livenessProbe: { httpGet: { path: "/", port: "http" }, periodSeconds: 5 },
      }],
      volumes: [{ name: "data", emptyDir: { sizeLimit: "1Gi" } }],
      tolerations: [{ key: "k", operator: "Exists", effect: "NoSchedule" }],
    },
    status: { phase: "Running", startTime: "2024-05-01T10:00:00Z" },
  }, podSchema);
  assert.deepEqual(r, { errors: [], unknown: [] });
});

Deno.test("shape: unknown fields carry the strict decoder's paths and message", () => {
  const r = validateShape({
    spec: {
      containers: [{ name: "a", image: "x" }, { name: "b", imagee: "x", ports: [{ port: 1 }] }],
      volumes: [{ name: "v", hostPath: { path: "/", typo: 1 } }],
    },
    extra: true,
  }, podSchema);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.unknown, [
    "spec.containers[1].imagee",
    "spec.containers[1].ports[0].port",
    "spec.volumes[0].hostPath.typo",
    "extra",
  ]);
  assert.equal(
    unknownFieldMessage("spec.containers[1].imagee"),
    'unknown field "spec.containers[1].imagee"',
  );
  assert.equal(
    strictDecodingMessage(["a", "b.c"]),
    'strict decoding error: unknown field "a", unknown field "b.c"',
  );
});

Deno.test("shape: wrong JSON types are field errors at Kubernetes paths", () => {
  assert.deepEqual(
    messages({
      metadata: { labels: { a: 1 } },
      spec: {
        containers: [{ name: "c", image: 5, ports: [{ containerPort: "80" }] }],
        terminationGracePeriodSeconds: 1.5,
        hostNetwork: "true",
        nodeSelector: [],
      },
    }),
    [
      "metadata.labels[a]: Invalid value: 1: must be of type string",
      "spec.containers[0].image: Invalid value: 5: must be of type string",
      'spec.containers[0].ports[0].containerPort: Invalid value: "80": must be of type integer',
      "spec.terminationGracePeriodSeconds: Invalid value: 1.5: must be of type integer",
      'spec.hostNetwork: Invalid value: "true": must be of type boolean',
      "spec.nodeSelector: Invalid value: []: must be of type object",
    ],
  );
  const r = validateShape({ spec: { containers: "x" } }, podSchema);
  assert.equal(r.errors[0]?.type, "FieldValueTypeInvalid");
  assert.equal(r.errors[0]?.field, "spec.containers");
});

Deno.test("shape: decodeError is Go's message for the first type error", () => {
  const decode = (v: unknown, s: Schema = podSchema) => validateShape(v, s).decodeError;
  assert.equal(
    decode({ spec: { containers: [{ name: "c", image: 5 }] } }),
    "json: cannot unmarshal number into Go struct field Container.spec.containers.image of type string",
  );
  assert.equal(
    decode({ spec: { containers: "x" } }),
    "json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container",
  );
  assert.equal(
    decode({ spec: "x" }),
    "json: cannot unmarshal string into Go struct field Pod.spec of type v1.PodSpec",
  );
  assert.equal(decode([]), "json: cannot unmarshal array into Go value of type v1.Pod");
  assert.equal(
    decode({ spec: { restartPolicy: 1 } }),
    "json: cannot unmarshal number into Go struct field PodSpec.spec.restartPolicy of type v1.RestartPolicy",
  );
  assert.equal(
    decode({ spec: { replicas: 2.5 } }, deploymentSchema),
    "json: cannot unmarshal number 2.5 into Go struct field DeploymentSpec.spec.replicas of type int32",
  );
  assert.equal(
    decode({ spec: { strategy: { rollingUpdate: { maxSurge: true } } } }, deploymentSchema),
    "json: cannot unmarshal bool into Go value of type int32",
  );
  assert.equal(decode({ spec: { containers: [] } }), undefined);
});

Deno.test("shape: quantities, int-or-strings, timestamps and base64 are checked", () => {
  assert.deepEqual(
    messages({
      spec: {
        containers: [{ name: "c", resources: { requests: { cpu: "1x", memory: " 1Gi " } } }],
      },
    }),
    [
      `spec.containers[0].resources.requests[cpu]: Invalid value: "1x": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    ],
  );
  assert.deepEqual(
    messages({
      spec: { strategy: { rollingUpdate: { maxSurge: "25%", maxUnavailable: 3.5 } } },
    }, deploymentSchema),
    ["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 3.5: must be of type integer"],
  );
  assert.deepEqual(messages({ status: { startTime: "yesterday" } }), [
    'status.startTime: Invalid value: "yesterday": must be an RFC 3339 date-time (2006-01-02T15:04:05Z07:00)',
  ]);
  assert.equal(
    validateShape({ status: { startTime: "yesterday" } }, podSchema).decodeError,
    'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
  );
  assert.deepEqual(messages({ data: { a: "aGVsbG8=", b: "!!", c: 1 } }, secretSchema), [
    'data[b]: Invalid value: "!!": must be base64-encoded: illegal base64 data at input byte 0',
    "data[c]: Invalid value: 1: must be of type string",
  ]);
  // MicroTime wants exactly six fractional digits.
  assert.deepEqual(messages({ eventTime: "2024-01-01T00:00:00.000000Z" }, eventSchema), []);
  assert.equal(messages({ eventTime: "2024-01-01T00:00:00.000Z" }, eventSchema).length, 1);
});

Deno.test("shape: null is accepted anywhere, as Go leaves the zero value", () => {
  assert.deepEqual(
    validateShape({ metadata: { creationTimestamp: null, labels: null }, spec: null }, podSchema),
    { errors: [], unknown: [] },
  );
});

Deno.test("shape: a path prefix applies to every reported path", () => {
  const r = validateShape(
    { containers: [{ name: 1, bad: 2 }] },
    podSchema.fields.spec.schema,
    "spec",
  );
  assert.deepEqual(r.errors.map((e) => e.field), ["spec.containers[0].name"]);
  assert.deepEqual(r.unknown, ["spec.containers[0].bad"]);
});

Deno.test("shape: Go's RFC 3339 parsing and messages", () => {
  assert.ok(isRFC3339("2024-02-29T23:59:59Z"));
  assert.ok(isRFC3339("2024-02-29T23:59:59.123+01:00"));
  assert.ok(!isRFC3339("2023-02-29T00:00:00Z"));
  assert.equal(
    goTimeParseError("2024-13-01T00:00:00Z"),
    'parsing time "2024-13-01T00:00:00Z": month out of range',
  );
  assert.equal(
    goTimeParseError("2023-02-29T00:00:00Z"),
    'parsing time "2023-02-29T00:00:00Z": day out of range',
  );
  assert.equal(
    goTimeParseError("2024-01-01 00:00:00Z"),
    'parsing time "2024-01-01 00:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse " 00:00:00Z" as "T"',
  );
  assert.equal(
    goTimeParseError("2024-01-01T00:00:00Zjunk"),
    'parsing time "2024-01-01T00:00:00Zjunk": extra text: "junk"',
  );
  assert.equal(
    goTimeParseError("2024-01-01T00:00:00Z", true),
    'parsing time "2024-01-01T00:00:00Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000"',
  );
});

Deno.test("shape: base64 error offsets follow Go's StdEncoding", () => {
  assert.equal(base64ErrorOffset(""), -1);
  assert.equal(base64ErrorOffset("aGVsbG8="), -1);
  assert.equal(base64ErrorOffset("aGVs\nbG8="), -1);
  assert.equal(base64ErrorOffset("aGV*"), 3);
  assert.equal(base64ErrorOffset("aGVsbG8=x"), 8);
});
