/**
 * `labelSelector` and `fieldSelector` of list and watch requests, as filters over objects.
 * Bad selectors are 400s with the parser's message.
 *
 * @module
 */
import { checkFieldSelector, DEFAULT_FIELD_LABELS, FieldSelector } from "../../api/fields.ts";
import { Selector } from "../../api/labels.ts";
import { badRequest } from "../errors.ts";
import type { LabelHint } from "../storage/label_index.ts";
import type { ApiObject } from "./metadata.ts";

/** Field labels a kind supports beyond metadata.name/namespace, read from an object. */
export type FieldLabels = (object: ApiObject) => Record<string, string>;

const FIELD_LABELS: Readonly<Record<string, readonly string[]>> = {
  pods: [
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.schedulerName",
    "spec.serviceAccountName",
    "status.phase",
    "status.podIP",
    "status.nominatedNodeName",
  ],
  events: [
    "involvedObject.kind",
    "involvedObject.namespace",
    "involvedObject.name",
    "involvedObject.uid",
    "involvedObject.apiVersion",
    "involvedObject.resourceVersion",
    "involvedObject.fieldPath",
    "reason",
    "reportingComponent",
    "source",
    "type",
  ],
  secrets: ["type"],
  namespaces: ["status.phase"],
  nodes: ["spec.unschedulable"],
  replicationcontrollers: ["status.replicas"],
};

function path(object: unknown, dotted: string): string {
  let node: unknown = object;
  for (const part of dotted.split(".")) {
    if (node === null || typeof node !== "object") return "";
    node = (node as Record<string, unknown>)[part];
  }
  if (node === undefined || node === null) return "";
  return typeof node === "object" ? JSON.stringify(node) : String(node);
}

/** A selector filter; `labelHint`, when set, is a requirement every match meets. */
export type ObjectFilter = ((object: ApiObject) => boolean) & { readonly labelHint?: LabelHint };

/** A filter for a list/watch request's selectors of `resource` objects. */
export function selectorFilter(resource: string, params: URLSearchParams): ObjectFilter {
  let labels: Selector | undefined;
  let fields: FieldSelector | undefined;
  const labelText = params.get("labelSelector");
  const fieldText = params.get("fieldSelector");
  try {
    if (labelText) labels = Selector.parse(labelText);
  } catch (error) {
    throw badRequest(`unable to parse requirement: ${messageOf(error)}`.replace(
      "unable to parse requirement: unable to parse requirement: ",
      "unable to parse requirement: ",
    ));
  }
  try {
    if (fieldText) {
      fields = checkFieldSelector(
        FieldSelector.parse(fieldText),
        [...DEFAULT_FIELD_LABELS, ...(FIELD_LABELS[resource] ?? [])],
        resource === "pods" ? { "spec.host": "spec.nodeName" } : {},
      );
    }
  } catch (error) {
    throw badRequest(messageOf(error));
  }
  if (labels === undefined && fields === undefined) return () => true;
  const filter = (object: ApiObject) =>
    (labels === undefined || labels.matches(object.metadata.labels ?? {})) &&
    (fields === undefined || fields.matches((field) => path(object, field)));
  const hint = labels?.requirements().find((r) => ["=", "==", "in"].includes(r.operator));
  return hint === undefined
    ? filter
    : Object.assign(filter, { labelHint: { name: hint.key, values: hint.values } });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
