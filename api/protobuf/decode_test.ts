import assert from "node:assert/strict";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import {
  decodeEnvelope,
  decodeProtobufObject,
  encodeEnvelope,
  encodeProtobufObject,
  PROTOBUF_MAGIC,
  ProtobufDecodeError,
} from "./mod.ts";

const fixture = (name: string) =>
  Deno.readFileSync(new URL(`./testdata/kubectl_1.33_${name}.bin`, import.meta.url));

// The testdata bodies are what the real kubectl 1.33 sent for `kubectl create <generator>`.
Deno.test("kubectl 1.33's protobuf bodies decode to the objects its JSON would carry", () => {
  assert.deepEqual(decodeProtobufObject(fixture("namespace")), {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: "ns1", creationTimestamp: null },
    spec: {},
    status: {},
  });
  assert.deepEqual(decodeProtobufObject(fixture("configmap")), {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "cm1", creationTimestamp: null },
    data: { a: "b", c: "d" },
  });
  // Secret data is `map<string, bytes>`: base64 in JSON ("v" is "dg==").
  assert.deepEqual(decodeProtobufObject(fixture("secret")), {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "s1", creationTimestamp: null },
    data: { k: "dg==" },
  });
  // `--replicas=0`: a pointer field's explicit zero survives; value fields' zeros do not.
  assert.deepEqual(decodeProtobufObject(fixture("deployment")), {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "d1", creationTimestamp: null, labels: { app: "d1" } },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: "d1" } },
      template: {
        metadata: { creationTimestamp: null, labels: { app: "d1" } },
        spec: {
          containers: [{
            name: "busybox",
            image: "kubeno/busybox",
            command: ["sleep", "10"],
            ports: [{ containerPort: 80 }],
            resources: {},
          }],
        },
      },
      strategy: {},
    },
    status: {},
  });
  // targetPort is an IntOrString message.
  assert.deepEqual(decodeProtobufObject(fixture("service")), {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "svc1", creationTimestamp: null, labels: { app: "svc1" } },
    spec: {
      ports: [{ name: "80-8080", protocol: "TCP", port: 80, targetPort: 8080 }],
      selector: { app: "svc1" },
      type: "NodePort",
    },
    status: { loadBalancer: {} },
  });
  assert.deepEqual(decodeProtobufObject(fixture("serviceaccount")), {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: "sa1", creationTimestamp: null },
  });
  assert.deepEqual(decodeProtobufObject(fixture("job")), {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "j1", creationTimestamp: null },
    spec: {
      template: {
        metadata: { creationTimestamp: null },
        spec: {
          containers: [{
            name: "j1",
            image: "busybox",
            command: ["echo", "hi"],
            resources: {},
          }],
          restartPolicy: "Never",
        },
      },
    },
    status: {},
  });
  assert.deepEqual(decodeProtobufObject(fixture("token")), {
    apiVersion: "authentication.k8s.io/v1",
    kind: "TokenRequest",
    metadata: { creationTimestamp: null },
    spec: {},
    // `token` has no omitempty: Go's JSON writes "" too, and null for the zero time.
    status: { token: "", expirationTimestamp: null },
  });
});

Deno.test("encode then decode gives back maps, bytes, quantities, times and inline structs", () => {
  const pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: "web",
      namespace: "default",
      labels: { app: "web", tier: "front" },
      annotations: { note: "a=b" },
      creationTimestamp: "2024-05-06T07:08:09Z",
      generation: 3,
      ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: "u1" }],
    },
    spec: {
      volumes: [
        {
          name: "cfg",
          configMap: { name: "cm", defaultMode: 420, items: [{ key: "k", path: "p" }] },
        },
        { name: "scratch", emptyDir: { sizeLimit: "1Gi" } },
      ],
      containers: [{
        name: "web",
        image: "kubeno/busybox",
        args: ["-p", "8080"],
        env: [{ name: "A", value: "1" }],
        ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
        resources: { limits: { cpu: "100m", memory: "64Mi" }, requests: { cpu: "50m" } },
        livenessProbe: { httpGet: { path: "/", port: "http" }, periodSeconds: 5 },
        readinessProbe: { tcpSocket: { port: 8080 } },
        stdin: true,
      }],
      terminationGracePeriodSeconds: 0,
      nodeSelector: { disk: "ssd" },
    },
    status: {
      phase: "Running",
      conditions: [{
        type: "Ready",
        status: "True",
        lastTransitionTime: "2024-05-06T07:08:10Z",
      }],
      podIP: "10.244.0.5",
    },
  };
  assert.deepEqual(decodeProtobufObject(encodeProtobufObject(pod)), pod);

  const secret = {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "bin" },
    data: { raw: "/wABAg==", empty: "" },
    type: "Opaque",
  };
  assert.deepEqual(decodeProtobufObject(encodeProtobufObject(secret)), secret);

  const lease = {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: { name: "l" },
    spec: {
      holderIdentity: "me",
      leaseDurationSeconds: 15,
      renewTime: "2024-05-06T07:08:09.123456Z",
    },
  };
  assert.deepEqual(decodeProtobufObject(encodeProtobufObject(lease)), lease);
});

/** A protobuf body for a Job whose raw message `build` writes. */
function jobBody(build: (w: BinaryWriter) => void): Uint8Array {
  const w = new BinaryWriter();
  build(w);
  return encodeEnvelope("batch/v1", "Job", w.finish());
}

Deno.test("repeated scalars decode packed and unpacked", () => {
  // Job.spec(2).podFailurePolicy(11).rules(1){action = 1, onExitCodes(2){operator = 2, values = 3}}
  const body = (packed: boolean) =>
    jobBody((w) => {
      w.tag(2, WireType.LengthDelimited).fork();
      w.tag(11, WireType.LengthDelimited).fork();
      w.tag(1, WireType.LengthDelimited).fork();
      w.tag(1, WireType.LengthDelimited).string("FailJob");
      w.tag(2, WireType.LengthDelimited).fork();
      w.tag(2, WireType.LengthDelimited).string("In");
      if (packed) {
        w.tag(3, WireType.LengthDelimited).fork().int32(1).int32(42).int32(-3).join();
      } else {
        for (const v of [1, 42, -3]) w.tag(3, WireType.Varint).int32(v);
      }
      w.join().join().join().join();
    });
  const expected = {
    apiVersion: "batch/v1",
    kind: "Job",
    spec: {
      podFailurePolicy: {
        rules: [{ action: "FailJob", onExitCodes: { operator: "In", values: [1, 42, -3] } }],
      },
    },
  };
  assert.deepEqual(decodeProtobufObject(body(true)), expected);
  assert.deepEqual(decodeProtobufObject(body(false)), expected);
});

Deno.test("zero scalars follow Go's omitempty; the zero time is null", () => {
  // Job.metadata{name = "z", generation = 0, creationTimestamp = {}},
  // Job.spec{parallelism = 0 (pointer, no default: dropped), backoffLimit... }.
  const decoded = decodeProtobufObject(jobBody((w) => {
    w.tag(1, WireType.LengthDelimited).fork();
    w.tag(1, WireType.LengthDelimited).string("z");
    w.tag(2, WireType.LengthDelimited).string("");
    w.tag(7, WireType.Varint).int64(0);
    w.tag(8, WireType.LengthDelimited).fork().join();
    w.join();
    w.tag(2, WireType.LengthDelimited).fork();
    w.tag(10, WireType.Varint).bool(false); // suspend: a defaulted pointer, false kept
    w.join();
  }));
  assert.deepEqual(decoded, {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "z", creationTimestamp: null },
    spec: { suspend: false },
  });
});

Deno.test("malformed bodies are a ProtobufDecodeError with a readable message", () => {
  const envelope = (raw: Uint8Array, kind = "Job", apiVersion = "batch/v1") =>
    encodeEnvelope(apiVersion, kind, raw);
  const cases: [string, Uint8Array, RegExp][] = [
    [
      "no magic",
      new TextEncoder().encode('{"kind":"Pod"}'),
      /does not start with the Kubernetes magic/,
    ],
    ["magic only, short", Uint8Array.of(0x6b, 0x38), /does not start with the Kubernetes magic/],
    [
      "truncated envelope",
      fixture("namespace").subarray(0, 20),
      /runtime\.Unknown: malformed protobuf/,
    ],
    ["no kind", Uint8Array.of(...PROTOBUF_MAGIC), /names no apiVersion and kind/],
    [
      "unknown kind",
      envelope(new Uint8Array(), "Widget", "v1"),
      /no kind "Widget" is registered for version "v1"/,
    ],
    [
      "unknown field",
      envelope(new BinaryWriter().tag(99, WireType.Varint).int32(1).finish()),
      /<root>: unknown field number 99 in Job/,
    ],
    [
      "wrong wire type",
      envelope(new BinaryWriter().tag(1, WireType.Varint).int32(1).finish()),
      /metadata: expected a length-delimited field, got wire type varint/,
    ],
    [
      "truncated nested message",
      envelope(Uint8Array.of(0x0a, 0x05, 0x0a, 0x01)),
      /metadata: malformed protobuf/,
    ],
    [
      "bad varint",
      envelope(Uint8Array.of(0x12, 0x0b, 0x08, ...new Array(10).fill(0xff))),
      /spec(\.parallelism)?: malformed protobuf/,
    ],
    [
      "IntOrString type 7",
      encodeEnvelope(
        "v1",
        "Service",
        new BinaryWriter().tag(2, WireType.LengthDelimited).fork() // spec
          .tag(1, WireType.LengthDelimited).fork() // ports
          .tag(4, WireType.LengthDelimited).fork().tag(1, WireType.Varint).int64(7).join()
          .join().join().finish(),
      ),
      /spec\.ports\[0\]\.targetPort: IntOrString type 7 is neither 0 nor 1/,
    ],
    [
      "int64 beyond 2^53",
      envelope(
        new BinaryWriter().tag(1, WireType.LengthDelimited).fork()
          .tag(7, WireType.Varint).int64(2n ** 62n).join().finish(),
      ),
      /metadata\.generation: 4611686018427387904 does not fit in a JSON number/,
    ],
  ];
  for (const [what, bytes, message] of cases) {
    assert.throws(() => decodeProtobufObject(bytes), (error: unknown) => {
      assert.ok(error instanceof ProtobufDecodeError, `${what}: ${error}`);
      assert.match(error.message, message, what);
      return true;
    }, what);
  }
  // gzip or JSON payloads inside the envelope are refused, not misread.
  const w = new BinaryWriter();
  w.raw(PROTOBUF_MAGIC);
  w.tag(1, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string("v1")
    .tag(2, WireType.LengthDelimited).string("Pod").join();
  w.tag(3, WireType.LengthDelimited).string("gzip");
  assert.throws(() => decodeProtobufObject(w.finish()), /content encoding "gzip" is not supported/);
});

Deno.test("the envelope round-trips", () => {
  const raw = Uint8Array.of(1, 2, 3);
  assert.deepEqual(decodeEnvelope(encodeEnvelope("apps/v1", "Deployment", raw)), {
    apiVersion: "apps/v1",
    kind: "Deployment",
    raw,
    contentEncoding: "",
    contentType: "",
  });
});
