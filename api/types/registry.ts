/**
 * The kinds kubeno serves: for each, its group/version/kind, REST resource names, scope, short
 * names, categories, verbs, subresources and schemas. The API server's routing, discovery and
 * OpenAPI iterate {@link KINDS}. Pure: no I/O.
 *
 * @module
 */

import type { GroupVersionKind, ObjectSchema } from "../schema/dsl.ts";
import {
  deploymentListSchema,
  deploymentSchema,
  replicaSetListSchema,
  replicaSetSchema,
} from "./apps_v1.ts";
import { tokenRequestSchema } from "./authentication_v1.ts";
import { scaleSchema } from "./autoscaling_v1.ts";
import { jobListSchema, jobSchema } from "./batch_v1.ts";
import { leaseListSchema, leaseSchema } from "./coordination_v1.ts";
import { bindingSchema } from "./core_v1_binding.ts";
import {
  configMapListSchema,
  configMapSchema,
  secretListSchema,
  secretSchema,
} from "./core_v1_config.ts";
import { endpointsListSchema, endpointsSchema } from "./core_v1_endpoints.ts";
import { eventListSchema, eventSchema } from "./core_v1_event.ts";
import { namespaceListSchema, namespaceSchema } from "./core_v1_namespace.ts";
import { nodeListSchema, nodeSchema } from "./core_v1_node.ts";
import { podListSchema, podSchema } from "./core_v1_pod.ts";
import {
  replicationControllerListSchema,
  replicationControllerSchema,
} from "./core_v1_replication_controller.ts";
import { serviceListSchema, serviceSchema } from "./core_v1_service.ts";
import { serviceAccountListSchema, serviceAccountSchema } from "./core_v1_service_account.ts";
import { endpointSliceListSchema, endpointSliceSchema } from "./discovery_v1.ts";
import {
  apiResourceListSchema,
  deleteOptionsSchema,
  patchSchema,
  statusSchema,
  watchEventSchema,
} from "./meta_v1.ts";

/** A REST verb as discovery lists it. */
export type Verb =
  | "create"
  | "delete"
  | "deletecollection"
  | "get"
  | "list"
  | "patch"
  | "update"
  | "watch";

/** A subresource (`pods/status`, `replicationcontrollers/scale`, ...). */
export interface SubresourceInfo {
  /** The subresource name (`status`, `scale`, `log`, ...). */
  readonly name: string;
  /** The kind its requests and responses carry, as discovery reports it. */
  readonly gvk: GroupVersionKind;
  /** The verbs it supports. */
  readonly verbs: readonly Verb[];
}

/** A kind served as a REST resource. */
export interface KindInfo {
  /** The API group (`""` for core). */
  readonly group: string;
  /** The version. */
  readonly version: string;
  /** The kind (`Pod`). */
  readonly kind: string;
  /** The kind of lists (`PodList`); absent for create-only resources. */
  readonly listKind?: string;
  /** The plural resource name (`pods`). */
  readonly resource: string;
  /** The singular name (`pod`). */
  readonly singular: string;
  /** Whether objects live in namespaces. */
  readonly namespaced: boolean;
  /** kubectl short names (`po`). */
  readonly shortNames: readonly string[];
  /** Categories (`all` for what `kubectl get all` shows). */
  readonly categories: readonly string[];
  /** The verbs of the main resource. */
  readonly verbs: readonly Verb[];
  /** The subresources served. */
  readonly subresources: readonly SubresourceInfo[];
  /** The object schema. */
  readonly schema: ObjectSchema;
  /** The list schema; absent for create-only resources. */
  readonly listSchema?: ObjectSchema;
}

const ALL_VERBS: readonly Verb[] = [
  "create",
  "delete",
  "deletecollection",
  "get",
  "list",
  "patch",
  "update",
  "watch",
];
const STATUS_VERBS: readonly Verb[] = ["get", "patch", "update"];

function gvk(group: string, version: string, kind: string): GroupVersionKind {
  return { group, version, kind };
}

const SCALE = gvk("autoscaling", "v1", "Scale");

function status(group: string, kind: string): SubresourceInfo {
  return { name: "status", gvk: gvk(group, "v1", kind), verbs: STATUS_VERBS };
}

function scale(): SubresourceInfo {
  return { name: "scale", gvk: SCALE, verbs: STATUS_VERBS };
}

interface Spec {
  readonly group: string;
  readonly kind: string;
  readonly resource: string;
  readonly namespaced: boolean;
  readonly schema: ObjectSchema;
  readonly listSchema?: ObjectSchema;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  readonly verbs?: readonly Verb[];
  readonly subresources?: readonly SubresourceInfo[];
}

function kind(spec: Spec): KindInfo {
  const info: { -readonly [K in keyof KindInfo]: KindInfo[K] } = {
    group: spec.group,
    version: "v1",
    kind: spec.kind,
    resource: spec.resource,
    singular: spec.kind.toLowerCase(),
    namespaced: spec.namespaced,
    shortNames: spec.shortNames ?? [],
    categories: spec.categories ?? [],
    verbs: spec.verbs ?? ALL_VERBS,
    subresources: spec.subresources ?? [],
    schema: spec.schema,
  };
  if (spec.listSchema !== undefined) {
    info.listSchema = spec.listSchema;
    info.listKind = spec.kind + "List";
  }
  return Object.freeze(info);
}

/** Every kind kubeno serves, core group first, then by group. */
export const KINDS: readonly KindInfo[] = Object.freeze([
  kind({
    group: "",
    kind: "Namespace",
    resource: "namespaces",
    namespaced: false,
    schema: namespaceSchema,
    listSchema: namespaceListSchema,
    shortNames: ["ns"],
    verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
    subresources: [
      { name: "finalize", gvk: gvk("", "v1", "Namespace"), verbs: ["update"] },
      status("", "Namespace"),
    ],
  }),
  kind({
    group: "",
    kind: "Pod",
    resource: "pods",
    namespaced: true,
    schema: podSchema,
    listSchema: podListSchema,
    shortNames: ["po"],
    categories: ["all"],
    subresources: [
      { name: "attach", gvk: gvk("", "v1", "PodAttachOptions"), verbs: ["create", "get"] },
      { name: "binding", gvk: gvk("", "v1", "Binding"), verbs: ["create"] },
      { name: "exec", gvk: gvk("", "v1", "PodExecOptions"), verbs: ["create", "get"] },
      { name: "log", gvk: gvk("", "v1", "Pod"), verbs: ["get"] },
      {
        name: "portforward",
        gvk: gvk("", "v1", "PodPortForwardOptions"),
        verbs: ["create", "get"],
      },
      status("", "Pod"),
    ],
  }),
  kind({
    group: "",
    kind: "Binding",
    resource: "bindings",
    namespaced: true,
    schema: bindingSchema,
    verbs: ["create"],
  }),
  kind({
    group: "",
    kind: "Service",
    resource: "services",
    namespaced: true,
    schema: serviceSchema,
    listSchema: serviceListSchema,
    shortNames: ["svc"],
    categories: ["all"],
    subresources: [status("", "Service")],
  }),
  kind({
    group: "",
    kind: "Endpoints",
    resource: "endpoints",
    namespaced: true,
    schema: endpointsSchema,
    listSchema: endpointsListSchema,
    shortNames: ["ep"],
  }),
  kind({
    group: "",
    kind: "ReplicationController",
    resource: "replicationcontrollers",
    namespaced: true,
    schema: replicationControllerSchema,
    listSchema: replicationControllerListSchema,
    shortNames: ["rc"],
    categories: ["all"],
    subresources: [scale(), status("", "ReplicationController")],
  }),
  kind({
    group: "",
    kind: "Node",
    resource: "nodes",
    namespaced: false,
    schema: nodeSchema,
    listSchema: nodeListSchema,
    shortNames: ["no"],
    subresources: [status("", "Node")],
  }),
  kind({
    group: "",
    kind: "Event",
    resource: "events",
    namespaced: true,
    schema: eventSchema,
    listSchema: eventListSchema,
    shortNames: ["ev"],
  }),
  kind({
    group: "",
    kind: "ConfigMap",
    resource: "configmaps",
    namespaced: true,
    schema: configMapSchema,
    listSchema: configMapListSchema,
    shortNames: ["cm"],
  }),
  kind({
    group: "",
    kind: "Secret",
    resource: "secrets",
    namespaced: true,
    schema: secretSchema,
    listSchema: secretListSchema,
  }),
  kind({
    group: "",
    kind: "ServiceAccount",
    resource: "serviceaccounts",
    namespaced: true,
    schema: serviceAccountSchema,
    listSchema: serviceAccountListSchema,
    shortNames: ["sa"],
    subresources: [
      { name: "token", gvk: gvk("authentication.k8s.io", "v1", "TokenRequest"), verbs: ["create"] },
    ],
  }),
  kind({
    group: "apps",
    kind: "Deployment",
    resource: "deployments",
    namespaced: true,
    schema: deploymentSchema,
    listSchema: deploymentListSchema,
    shortNames: ["deploy"],
    categories: ["all"],
    subresources: [scale(), status("apps", "Deployment")],
  }),
  kind({
    group: "apps",
    kind: "ReplicaSet",
    resource: "replicasets",
    namespaced: true,
    schema: replicaSetSchema,
    listSchema: replicaSetListSchema,
    shortNames: ["rs"],
    categories: ["all"],
    subresources: [scale(), status("apps", "ReplicaSet")],
  }),
  kind({
    group: "batch",
    kind: "Job",
    resource: "jobs",
    namespaced: true,
    schema: jobSchema,
    listSchema: jobListSchema,
    categories: ["all"],
    subresources: [status("batch", "Job")],
  }),
  kind({
    group: "coordination.k8s.io",
    kind: "Lease",
    resource: "leases",
    namespaced: true,
    schema: leaseSchema,
    listSchema: leaseListSchema,
  }),
  kind({
    group: "discovery.k8s.io",
    kind: "EndpointSlice",
    resource: "endpointslices",
    namespaced: true,
    schema: endpointSliceSchema,
    listSchema: endpointSliceListSchema,
  }),
]);

/**
 * Schemas that travel on subresources rather than as resources of their own (Scale,
 * TokenRequest).
 */
export const SUBRESOURCE_SCHEMAS: readonly ObjectSchema[] = Object.freeze([
  scaleSchema,
  tokenRequestSchema,
]);

/** `apiVersion` for a group and version: `v1` for the core group, else `group/version`. */
export function apiVersionOf(group: string, version: string): string {
  return group === "" ? version : `${group}/${version}`;
}

/** Splits an `apiVersion` into group and version (`apps/v1` → `apps`, `v1`; `v1` → ``, `v1`). */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf("/");
  return slash < 0
    ? { group: "", version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The kind served as `resource` (plural) in `group`/`version`, if any. */
export function kindForResource(
  group: string,
  version: string,
  resource: string,
): KindInfo | undefined {
  return KINDS.find((k) => k.group === group && k.version === version && k.resource === resource);
}

/** The kind named `kind` in `group`/`version`, if served. */
export function kindForKind(group: string, version: string, kind: string): KindInfo | undefined {
  return KINDS.find((k) => k.group === group && k.version === version && k.kind === kind);
}

/**
 * Resolves what a user typed (`po`, `pod`, `pods`, `Pod`, `deploy`) to a kind, as kubectl's
 * RESTMapper does over discovery: plural, singular, short name or kind, case-insensitively.
 */
export function lookupKind(name: string): KindInfo | undefined {
  const n = name.toLowerCase();
  return KINDS.find((k) =>
    k.resource === n || k.singular === n || k.kind.toLowerCase() === n || k.shortNames.includes(n)
  );
}

/** Each served group with its versions, core group first. */
export function servedGroupVersions(): { group: string; version: string }[] {
  const out: { group: string; version: string }[] = [];
  for (const k of KINDS) {
    if (!out.some((g) => g.group === k.group && g.version === k.version)) {
      out.push({ group: k.group, version: k.version });
    }
  }
  return out;
}

/**
 * The definitions an OpenAPI v3 document for one group-version starts from (pass them to
 * `toOpenApiV3`): its kinds and lists, the bodies of their subresources (autoscaling/v1 Scale),
 * and the meta/v1 types its operations use (DeleteOptions, Status, WatchEvent, Patch,
 * APIResourceList).
 */
export function openApiRoots(group: string, version: string): ObjectSchema[] {
  const out: ObjectSchema[] = [];
  for (const k of KINDS) {
    if (k.group !== group || k.version !== version) continue;
    out.push(k.schema);
    if (k.listSchema !== undefined) out.push(k.listSchema);
    if (k.subresources.some((s) => s.gvk.kind === "Scale")) {
      if (!out.includes(scaleSchema)) out.push(scaleSchema);
    }
    if (k.subresources.some((s) => s.gvk.kind === "TokenRequest")) out.push(tokenRequestSchema);
  }
  out.push(deleteOptionsSchema, statusSchema, watchEventSchema, patchSchema, apiResourceListSchema);
  return out;
}
