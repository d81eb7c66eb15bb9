import assert from "node:assert/strict";
import { deploymentSchema, replicaSetSchema } from "../types/apps_v1.ts";
import { secretSchema } from "../types/core_v1_config.ts";
import { namespaceSchema } from "../types/core_v1_namespace.ts";
import { nodeSchema } from "../types/core_v1_node.ts";
import { podSchema } from "../types/core_v1_pod.ts";
import { replicationControllerSchema } from "../types/core_v1_replication_controller.ts";
import { serviceSchema } from "../types/core_v1_service.ts";
import { endpointSliceSchema } from "../types/discovery_v1.ts";
import { applyDefaults } from "./defaults.ts";
import type { Pod } from "../types/core_v1_pod.ts";
import type { ReplicaSet } from "../types/apps_v1.ts";
import type { Node } from "../types/core_v1_node.ts";

// The expected objects are what a Kubernetes API server returns for these manifests, minus what
// other stages add (server-set metadata, status from the registry strategy, admission plugins).

const CONTAINER_DEFAULTS = {
  resources: {},
  terminationMessagePath: "/dev/termination-log",
  terminationMessagePolicy: "File",
};

const POD_SPEC_DEFAULTS = {
  dnsPolicy: "ClusterFirst",
  restartPolicy: "Always",
  schedulerName: "default-scheduler",
  securityContext: {},
  terminationGracePeriodSeconds: 30,
};

Deno.test("defaults: a minimal pod", () => {
  const pod = applyDefaults({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "nginx" },
    spec: { containers: [{ name: "nginx", image: "nginx", ports: [{ containerPort: 80 }] }] },
  }, podSchema);
  assert.deepEqual(pod, {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "nginx" },
    spec: {
      containers: [{
        name: "nginx",
        image: "nginx",
        imagePullPolicy: "Always",
        ports: [{ containerPort: 80, protocol: "TCP" }],
        ...CONTAINER_DEFAULTS,
      }],
      enableServiceLinks: true,
      ...POD_SPEC_DEFAULTS,
    },
    status: {},
  });
});

Deno.test("defaults: pod volumes, probes, env, requests and host-network ports", () => {
  const pod = applyDefaults<Pod>({
    spec: {
      hostNetwork: true,
      containers: [{
        name: "c",
        image: "registry:5000/app:v1",
        ports: [{ containerPort: 8080 }],
        resources: { limits: { cpu: "1", memory: "1Gi" }, requests: { cpu: "500m" } },
        readinessProbe: { httpGet: { port: 8080 } },
        env: [{ name: "N", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
      }],
      volumes: [
        { name: "empty" },
        { name: "cm", configMap: { name: "cfg" } },
        { name: "sec", secret: { secretName: "s" } },
        { name: "host", hostPath: { path: "/var/log" } },
        { name: "dapi", downwardAPI: { items: [{ path: "n", fieldRef: { fieldPath: "x" } }] } },
      ],
    },
  }, podSchema);
  const c = pod.spec?.containers[0];
  assert.equal(c?.imagePullPolicy, "IfNotPresent");
  assert.deepEqual(c?.ports, [{ containerPort: 8080, hostPort: 8080, protocol: "TCP" }]);
  assert.deepEqual(c?.resources, {
    limits: { cpu: "1", memory: "1Gi" },
    requests: { cpu: "500m", memory: "1Gi" },
  });
  assert.deepEqual(c?.readinessProbe, {
    httpGet: { port: 8080, path: "/", scheme: "HTTP" },
    timeoutSeconds: 1,
    periodSeconds: 10,
    successThreshold: 1,
    failureThreshold: 3,
  });
  assert.deepEqual(c?.env, [{
    name: "N",
    valueFrom: { fieldRef: { fieldPath: "metadata.name", apiVersion: "v1" } },
  }]);
  assert.deepEqual(pod.spec?.volumes, [
    { name: "empty", emptyDir: {} },
    { name: "cm", configMap: { name: "cfg", defaultMode: 420 } },
    { name: "sec", secret: { secretName: "s", defaultMode: 420 } },
    { name: "host", hostPath: { path: "/var/log", type: "" } },
    {
      name: "dapi",
      downwardAPI: {
        items: [{ path: "n", fieldRef: { fieldPath: "x", apiVersion: "v1" } }],
        defaultMode: 420,
      },
    },
  ]);
});

Deno.test("defaults: explicit values win, Go zero values of value fields do not", () => {
  const pod = applyDefaults({
    spec: {
      restartPolicy: "",
      terminationGracePeriodSeconds: 0,
      enableServiceLinks: false,
      containers: [{
        name: "c",
        image: "busybox@sha256:" + "a".repeat(64),
        imagePullPolicy: "",
        livenessProbe: { exec: { command: ["true"] }, periodSeconds: 0, timeoutSeconds: 5 },
      }],
    },
  }, podSchema);
  assert.equal(pod.spec.restartPolicy, "Always");
  assert.equal(pod.spec.terminationGracePeriodSeconds, 0);
  assert.equal(pod.spec.enableServiceLinks, false);
  assert.equal(pod.spec.containers[0]?.imagePullPolicy, "IfNotPresent");
  assert.equal(pod.spec.containers[0]?.livenessProbe?.periodSeconds, 10);
  assert.equal(pod.spec.containers[0]?.livenessProbe?.timeoutSeconds, 5);
});

Deno.test("defaults: a minimal service", () => {
  const svc = applyDefaults({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web" },
    spec: { selector: { app: "web" }, ports: [{ port: 80 }, { port: 443, targetPort: "https" }] },
  }, serviceSchema);
  assert.deepEqual(svc, {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web" },
    spec: {
      selector: { app: "web" },
      ports: [
        { port: 80, protocol: "TCP", targetPort: 80 },
        { port: 443, protocol: "TCP", targetPort: "https" },
      ],
      sessionAffinity: "None",
      type: "ClusterIP",
      internalTrafficPolicy: "Cluster",
    },
    status: { loadBalancer: {} },
  });
});

Deno.test("defaults: service types and session affinity", () => {
  const lb = applyDefaults({
    spec: {
      type: "LoadBalancer",
      sessionAffinity: "ClientIP",
      ports: [{ port: 80, protocol: "UDP" }],
    },
    status: { loadBalancer: { ingress: [{ ip: "192.0.2.1" }, { hostname: "lb" }] } },
  }, serviceSchema);
  assert.deepEqual(lb.spec, {
    type: "LoadBalancer",
    sessionAffinity: "ClientIP",
    sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
    ports: [{ port: 80, protocol: "UDP", targetPort: 80 }],
    externalTrafficPolicy: "Cluster",
    internalTrafficPolicy: "Cluster",
    allocateLoadBalancerNodePorts: true,
  });
  assert.deepEqual(lb.status?.loadBalancer?.ingress, [
    { ip: "192.0.2.1", ipMode: "VIP" },
    { hostname: "lb" },
  ]);
  const ext = applyDefaults({
    spec: {
      type: "ExternalName",
      externalName: "example.com",
      sessionAffinityConfig: { clientIP: {} },
    },
  }, serviceSchema);
  assert.deepEqual(ext.spec, {
    type: "ExternalName",
    externalName: "example.com",
    sessionAffinity: "None",
  });
});

Deno.test("defaults: a replication controller takes selector and labels from its template", () => {
  const rc = applyDefaults({
    apiVersion: "v1",
    kind: "ReplicationController",
    metadata: { name: "web" },
    spec: {
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "web", image: "nginx:1.25" }] },
      },
    },
  }, replicationControllerSchema);
  assert.deepEqual(rc, {
    apiVersion: "v1",
    kind: "ReplicationController",
    metadata: { name: "web", labels: { app: "web" } },
    spec: {
      replicas: 1,
      selector: { app: "web" },
      template: {
        metadata: { labels: { app: "web" } },
        spec: {
          containers: [{
            name: "web",
            image: "nginx:1.25",
            imagePullPolicy: "IfNotPresent",
            ...CONTAINER_DEFAULTS,
          }],
          ...POD_SPEC_DEFAULTS,
        },
      },
    },
    status: { replicas: 0 },
  });
  const zero = applyDefaults({ spec: { replicas: 0 } }, replicationControllerSchema);
  assert.equal(zero.spec?.replicas, 0);
});

Deno.test("defaults: a minimal deployment and replica set", () => {
  const d = applyDefaults({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", labels: { app: "web" } },
    spec: {
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "web", image: "nginx:latest" }] },
      },
    },
  }, deploymentSchema);
  assert.deepEqual(d, {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", labels: { app: "web" } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: {
          containers: [{
            name: "web",
            image: "nginx:latest",
            imagePullPolicy: "Always",
            ...CONTAINER_DEFAULTS,
          }],
          ...POD_SPEC_DEFAULTS,
        },
      },
      strategy: {
        type: "RollingUpdate",
        rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" },
      },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {},
  });
  const recreate = applyDefaults({ spec: { strategy: { type: "Recreate" } } }, deploymentSchema);
  assert.deepEqual(recreate.spec?.strategy, { type: "Recreate" });
  const rs = applyDefaults<ReplicaSet>({ spec: { selector: {} } }, replicaSetSchema);
  assert.equal(rs.spec?.replicas, 1);
});

Deno.test("defaults: namespace, secret, node and endpoint slice", () => {
  assert.deepEqual(applyDefaults({ metadata: { name: "team" } }, namespaceSchema), {
    metadata: { name: "team", labels: { "kubernetes.io/metadata.name": "team" } },
    spec: {},
    status: { phase: "Active" },
  });
  assert.deepEqual(applyDefaults({ metadata: { name: "s" } }, secretSchema), {
    metadata: { name: "s" },
    type: "Opaque",
  });
  const node = applyDefaults<Node>({ status: { capacity: { cpu: "2", pods: "110" } } }, nodeSchema);
  assert.deepEqual(node.status?.allocatable, { cpu: "2", pods: "110" });
  const slice = applyDefaults({
    addressType: "IPv4",
    endpoints: [{ addresses: ["10.0.0.1"] }],
    ports: [{ port: 80 }],
  }, endpointSliceSchema);
  assert.deepEqual(slice.ports, [{ port: 80, name: "", protocol: "TCP" }]);
});

Deno.test("defaults: defaults are copies, and wrong shapes are left alone", () => {
  const a = applyDefaults<Pod>({ spec: { containers: [{ name: "a" }, { name: "b" }] } }, podSchema);
  assert.notEqual(a.spec?.containers[0]?.resources, a.spec?.containers[1]?.resources);
  const weird = { metadata: [], data: "nope" };
  assert.deepEqual(applyDefaults(weird, secretSchema), {
    metadata: [],
    data: "nope",
    type: "Opaque",
  });
});
