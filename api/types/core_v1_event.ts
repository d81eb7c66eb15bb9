/**
 * core/v1 Event: involvedObject, source, timestamps, series, reporting controller, EventList.
 *
 * Field names, protobuf numbers, descriptions, list types, patch strategies and defaults
 * follow Kubernetes' Go types (`types.go`, `generated.proto`, `defaults.go`); the
 * TypeScript types are inferred from the schemas. Pure: no I/O.
 *
 * @module
 */

import { arr, field, int32, microTime, obj, str, time, type TypeOf } from "../schema/dsl.ts";
import { objectReferenceSchema } from "./core_v1_common.ts";
import { listMetaSchema, objectMetaSchema } from "./meta_v1.ts";

/** EventSource contains information for an event. */
export const eventSourceSchema = obj("io.k8s.api.core.v1.EventSource", {
  component: field(str(), { proto: 1, doc: "Component from which the event is generated." }),
  host: field(str(), { proto: 2, doc: "Node name on which the event is generated." }),
}, { doc: "EventSource contains information for an event." });
/** EventSource contains information for an event. */
export type EventSource = TypeOf<typeof eventSourceSchema>;

/** EventSeries contain information on series of events, i.e. thing that was/is happening continuously for some time. */
export const eventSeriesSchema = obj("io.k8s.api.core.v1.EventSeries", {
  count: field(int32(), {
    proto: 1,
    doc: "Number of occurrences in this series up to the last heartbeat time",
  }),
  lastObservedTime: field(microTime(), { proto: 2, doc: "Time of the last occurrence observed" }),
}, {
  doc:
    "EventSeries contain information on series of events, i.e. thing that was/is happening continuously for some time.",
});
/** EventSeries contain information on series of events, i.e. thing that was/is happening continuously for some time. */
export type EventSeries = TypeOf<typeof eventSeriesSchema>;

/** Event is a report of an event somewhere in the cluster.  Events have a limited retention time and triggers and messages may evolve with time.  Event consumers should not rely on the timing of an event with a given Reason reflecting a consistent underlying trigger, or the continued existence of events with that Reason.  Events should be treated as informative, best-effort, supplemental data. */
export const eventSchema = obj("io.k8s.api.core.v1.Event", {
  apiVersion: field(str(), {
    doc:
      "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
  }),
  kind: field(str(), {
    doc:
      "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
  }),
  metadata: field(objectMetaSchema, {
    proto: 1,
    doc:
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    required: true,
    default: {},
  }),
  involvedObject: field(objectReferenceSchema, {
    proto: 2,
    doc: "The object that this event is about.",
    required: true,
    default: {},
  }),
  reason: field(str(), {
    proto: 3,
    doc:
      "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
  }),
  message: field(str(), {
    proto: 4,
    doc: "A human-readable description of the status of this operation.",
  }),
  source: field(eventSourceSchema, {
    proto: 5,
    doc: "The component reporting this event. Should be a short machine understandable string.",
    default: {},
  }),
  firstTimestamp: field(time(), {
    proto: 6,
    doc: "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)",
  }),
  lastTimestamp: field(time(), {
    proto: 7,
    doc: "The time at which the most recent occurrence of this event was recorded.",
  }),
  count: field(int32(), { proto: 8, doc: "The number of times this event has occurred." }),
  type: field(str(), {
    proto: 9,
    doc: "Type of this event (Normal, Warning), new types could be added in the future",
  }),
  eventTime: field(microTime(), { proto: 10, doc: "Time when this Event was first observed." }),
  series: field(eventSeriesSchema, {
    proto: 11,
    doc: "Data about the Event series this event represents or nil if it's a singleton Event.",
  }),
  action: field(str(), {
    proto: 12,
    doc: "What action was taken/failed regarding to the Regarding object.",
  }),
  related: field(objectReferenceSchema, {
    proto: 13,
    doc: "Optional secondary object for more complex actions.",
  }),
  reportingComponent: field(str(), {
    proto: 14,
    doc: "Name of the controller that emitted this Event, e.g. `kubernetes.io/kubelet`.",
  }),
  reportingInstance: field(str(), {
    proto: 15,
    doc: "ID of the controller instance, e.g. `kubelet-xyzf`.",
  }),
}, {
  doc:
    "Event is a report of an event somewhere in the cluster.  Events have a limited retention time and triggers and messages may evolve with time.  Event consumers should not rely on the timing of an event with a given Reason reflecting a consistent underlying trigger, or the continued existence of events with that Reason.  Events should be treated as informative, best-effort, supplemental data.",
  gvk: [{ group: "", version: "v1", kind: "Event" }],
});
/** Event is a report of an event somewhere in the cluster.  Events have a limited retention time and triggers and messages may evolve with time.  Event consumers should not rely on the timing of an event with a given Reason reflecting a consistent underlying trigger, or the continued existence of events with that Reason.  Events should be treated as informative, best-effort, supplemental data. */
export type Event = TypeOf<typeof eventSchema>;

/** EventList is a list of events. */
export const eventListSchema = obj("io.k8s.api.core.v1.EventList", {
  apiVersion: field(str(), {
    doc:
      "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
  }),
  kind: field(str(), {
    doc:
      "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
  }),
  metadata: field(listMetaSchema, {
    proto: 1,
    doc:
      "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
    default: {},
  }),
  items: field(arr(eventSchema), { proto: 2, doc: "List of events", required: true }),
}, {
  doc: "EventList is a list of events.",
  gvk: [{ group: "", version: "v1", kind: "EventList" }],
});
/** EventList is a list of events. */
export type EventList = TypeOf<typeof eventListSchema>;
