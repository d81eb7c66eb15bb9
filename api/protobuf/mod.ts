/**
 * Kubernetes' protobuf wire format (`application/vnd.kubernetes.protobuf`) for the object model:
 * the `k8s\0` + `runtime.Unknown` envelope and schema-driven message decoding and encoding over
 * the field numbers kept in the schemas. Pure: no I/O.
 *
 * @module
 */
export * from "./decode.ts";
export * from "./encode.ts";
export * from "./envelope.ts";
export * from "./object.ts";
