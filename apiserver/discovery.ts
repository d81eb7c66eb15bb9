/**
 * API discovery as kubectl reads it: `/api` (APIVersions), `/apis` (APIGroupList),
 * `/apis/<group>` (APIGroup) and `/api/v1`, `/apis/<group>/<version>` (APIResourceList), all
 * derived from the kinds registry. Plain (non-aggregated) discovery: kubectl falls back to it
 * when the aggregated v2 form is not offered.
 *
 * @module
 */
import { type KindInfo, KINDS } from "../api/types/registry.ts";

/** Subresources kubeno serves (others in the registry are not listed until they are). */
export const SERVED_SUBRESOURCES: ReadonlySet<string> = new Set([
  "status",
  "scale",
  "binding",
  "log",
  "exec",
  "finalize",
]);

/** The groups and versions served, core first. */
function groupVersions(kinds: readonly KindInfo[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const kind of kinds) {
    const versions = groups.get(kind.group) ?? [];
    if (!versions.includes(kind.version)) versions.push(kind.version);
    groups.set(kind.group, versions);
  }
  return groups;
}

function groupVersionString(group: string, version: string): string {
  return group === "" ? version : `${group}/${version}`;
}

/** `GET /api`. */
export function apiVersions(serverAddress: string): unknown {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
  };
}

function apiGroup(name: string, versions: readonly string[]): unknown {
  const list = versions.map((version) => ({
    groupVersion: groupVersionString(name, version),
    version,
  }));
  return { name, versions: list, preferredVersion: list[0] };
}

/** `GET /apis`. */
export function apiGroupList(kinds: readonly KindInfo[] = KINDS): unknown {
  const groups = [...groupVersions(kinds)].filter(([group]) => group !== "");
  return {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: groups.map(([name, versions]) => apiGroup(name, versions)),
  };
}

/** `GET /apis/<group>`, or undefined when the group is not served. */
export function apiGroupDocument(
  group: string,
  kinds: readonly KindInfo[] = KINDS,
): unknown | undefined {
  const versions = groupVersions(kinds).get(group);
  if (group === "" || versions === undefined) return undefined;
  return { kind: "APIGroup", apiVersion: "v1", ...(apiGroup(group, versions) as object) };
}

/** `GET /api/v1` or `/apis/<group>/<version>`, or undefined when not served. */
export function apiResourceList(
  group: string,
  version: string,
  kinds: readonly KindInfo[] = KINDS,
): unknown | undefined {
  const served = kinds.filter((kind) => kind.group === group && kind.version === version);
  if (served.length === 0) return undefined;
  const resources = served.flatMap((kind) => [
    {
      name: kind.resource,
      singularName: kind.singular,
      namespaced: kind.namespaced,
      kind: kind.kind,
      verbs: kind.verbs,
      ...(kind.shortNames.length > 0 ? { shortNames: kind.shortNames } : {}),
      ...(kind.categories.length > 0 ? { categories: kind.categories } : {}),
    },
    ...kind.subresources.filter((sub) => SERVED_SUBRESOURCES.has(sub.name)).map((sub) => ({
      name: `${kind.resource}/${sub.name}`,
      singularName: "",
      namespaced: kind.namespaced,
      ...(sub.gvk.group === group && sub.gvk.version === version ? {} : {
        group: sub.gvk.group,
        version: sub.gvk.version,
      }),
      kind: sub.gvk.kind,
      verbs: sub.verbs,
    })),
  ]);
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: groupVersionString(group, version),
    resources,
  };
}
