import assert from "node:assert/strict";
import { objectMetaSchema, statusSchema } from "../types/meta_v1.ts";
import { containerStatusSchema, podSpecSchema, podStatusSchema } from "../types/core_v1_pod.ts";
import { containerSchema, probeSchema } from "../types/core_v1_container.ts";
import { volumeSchema } from "../types/core_v1_volume.ts";
import { servicePortSchema, serviceSpecSchema } from "../types/core_v1_service.ts";
import { configMapSchema, secretSchema } from "../types/core_v1_config.ts";
import { eventSchema } from "../types/core_v1_event.ts";
import { deploymentSpecSchema } from "../types/apps_v1.ts";
import { endpointSliceSchema } from "../types/discovery_v1.ts";
import { leaseSpecSchema } from "../types/coordination_v1.ts";
import { KINDS } from "../types/registry.ts";
import { reachableDefinitions } from "./dsl.ts";
import type { ObjectSchema } from "./dsl.ts";
import { protoFields, protoNumber } from "./proto.ts";

function numbers(def: ObjectSchema): Record<string, number> {
  return Object.fromEntries(protoFields(def).map((f) => [f.name, f.number]));
}

function assertSubset(def: ObjectSchema, expected: Record<string, number>): void {
  const got = numbers(def);
  for (const [name, n] of Object.entries(expected)) {
    assert.equal(got[name], n, `${def.name}.${name}`);
  }
}

// Expected numbers copied from generated.proto (k8s.io/api, k8s.io/apimachinery).

Deno.test("proto: ObjectMeta field numbers", () => {
  assert.deepEqual(numbers(objectMetaSchema), {
    name: 1,
    generateName: 2,
    namespace: 3,
    selfLink: 4,
    uid: 5,
    resourceVersion: 6,
    generation: 7,
    creationTimestamp: 8,
    deletionTimestamp: 9,
    deletionGracePeriodSeconds: 10,
    labels: 11,
    annotations: 12,
    ownerReferences: 13,
    finalizers: 14,
    managedFields: 17,
  });
  assertSubset(statusSchema, {
    metadata: 1,
    status: 2,
    message: 3,
    reason: 4,
    details: 5,
    code: 6,
  });
});

Deno.test("proto: PodSpec, Container and friends", () => {
  assertSubset(podSpecSchema, {
    volumes: 1,
    containers: 2,
    restartPolicy: 3,
    terminationGracePeriodSeconds: 4,
    activeDeadlineSeconds: 5,
    dnsPolicy: 6,
    nodeSelector: 7,
    serviceAccountName: 8,
    serviceAccount: 9,
    nodeName: 10,
    hostNetwork: 11,
    hostPID: 12,
    hostIPC: 13,
    securityContext: 14,
    imagePullSecrets: 15,
    hostname: 16,
    subdomain: 17,
    affinity: 18,
    schedulerName: 19,
    initContainers: 20,
    automountServiceAccountToken: 21,
    tolerations: 22,
    hostAliases: 23,
    priorityClassName: 24,
    priority: 25,
    dnsConfig: 26,
    readinessGates: 28,
    enableServiceLinks: 30,
    topologySpreadConstraints: 33,
  });
  assertSubset(containerSchema, {
    name: 1,
    image: 2,
    command: 3,
    args: 4,
    workingDir: 5,
    ports: 6,
    env: 7,
    resources: 8,
    volumeMounts: 9,
    livenessProbe: 10,
    readinessProbe: 11,
    lifecycle: 12,
    terminationMessagePath: 13,
    imagePullPolicy: 14,
    securityContext: 15,
    stdin: 16,
    stdinOnce: 17,
    tty: 18,
    envFrom: 19,
    terminationMessagePolicy: 20,
    startupProbe: 22,
  });
  assertSubset(podStatusSchema, {
    phase: 1,
    conditions: 2,
    message: 3,
    reason: 4,
    hostIP: 5,
    podIP: 6,
    startTime: 7,
    containerStatuses: 8,
    qosClass: 9,
    initContainerStatuses: 10,
    nominatedNodeName: 11,
    podIPs: 12,
    hostIPs: 16,
  });
  assertSubset(containerStatusSchema, {
    name: 1,
    state: 2,
    lastState: 3,
    ready: 4,
    restartCount: 5,
    image: 6,
    imageID: 7,
    containerID: 8,
    started: 9,
  });
});

Deno.test("proto: inline structs are nested messages", () => {
  const volume = protoFields(volumeSchema);
  assert.deepEqual(volume.map((f) => [f.name, f.number, f.inline, f.message]), [
    ["name", 1, false, undefined],
    ["volumeSource", 2, true, "io.k8s.api.core.v1.VolumeSource"],
  ]);
  assert.equal(protoNumber(volumeSchema, "hostPath"), 1);
  assert.equal(protoNumber(volumeSchema, "configMap"), 19);
  assert.equal(protoNumber(volumeSchema, "projected"), 26);
  assertSubset(probeSchema, { handler: 1, initialDelaySeconds: 2, timeoutSeconds: 3 });
  assert.equal(protoNumber(probeSchema, "httpGet"), 2);
});

Deno.test("proto: services, config, events, apps, discovery, coordination", () => {
  assertSubset(serviceSpecSchema, {
    ports: 1,
    selector: 2,
    clusterIP: 3,
    type: 4,
    externalIPs: 5,
    sessionAffinity: 7,
    loadBalancerIP: 8,
    externalTrafficPolicy: 11,
    publishNotReadyAddresses: 13,
    sessionAffinityConfig: 14,
    ipFamilyPolicy: 17,
    clusterIPs: 18,
    ipFamilies: 19,
    allocateLoadBalancerNodePorts: 20,
    internalTrafficPolicy: 22,
  });
  assert.deepEqual(numbers(servicePortSchema), {
    name: 1,
    protocol: 2,
    port: 3,
    targetPort: 4,
    nodePort: 5,
    appProtocol: 6,
  });
  assert.deepEqual(numbers(secretSchema), {
    metadata: 1,
    data: 2,
    type: 3,
    stringData: 4,
    immutable: 5,
  });
  assert.deepEqual(numbers(configMapSchema), { metadata: 1, data: 2, binaryData: 3, immutable: 4 });
  assertSubset(eventSchema, {
    involvedObject: 2,
    reason: 3,
    message: 4,
    source: 5,
    firstTimestamp: 6,
    lastTimestamp: 7,
    count: 8,
    type: 9,
    eventTime: 10,
    series: 11,
    action: 12,
    related: 13,
    reportingComponent: 14,
    reportingInstance: 15,
  });
  assertSubset(deploymentSpecSchema, {
    replicas: 1,
    selector: 2,
    template: 3,
    strategy: 4,
    minReadySeconds: 5,
    revisionHistoryLimit: 6,
    paused: 7,
    progressDeadlineSeconds: 9,
  });
  assert.deepEqual(numbers(endpointSliceSchema), {
    metadata: 1,
    endpoints: 2,
    ports: 3,
    addressType: 4,
  });
  assertSubset(leaseSpecSchema, {
    holderIdentity: 1,
    leaseDurationSeconds: 2,
    acquireTime: 3,
    renewTime: 4,
    leaseTransitions: 5,
  });
});

Deno.test("proto: wire shapes of maps, lists and wrappers", () => {
  const meta = Object.fromEntries(protoFields(objectMetaSchema).map((f) => [f.name, f]));
  assert.equal(meta.labels?.map, true);
  assert.equal(meta.labels?.type, "string");
  assert.equal(meta.finalizers?.repeated, true);
  assert.equal(meta.creationTimestamp?.message, "io.k8s.apimachinery.pkg.apis.meta.v1.Time");
  assert.equal(meta.generation?.type, "int64");
  const secret = Object.fromEntries(protoFields(secretSchema).map((f) => [f.name, f]));
  assert.equal(secret.data?.type, "bytes");
});

Deno.test("proto: every field of every served definition has a unique number", () => {
  const defs = reachableDefinitions(KINDS.flatMap((k) => [k.schema, k.listSchema ?? k.schema]));
  for (const d of defs) {
    if (d.name.includes(".meta.v1.Table")) continue; // Table is JSON-only in Kubernetes too
    for (const [name, f] of Object.entries(d.fields)) {
      if (name === "apiVersion" || name === "kind") continue;
      assert.ok(f.proto !== undefined, `${d.name}.${name} has no protobuf number`);
    }
    protoFields(d); // throws on duplicates
  }
});
