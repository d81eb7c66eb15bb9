/**
 * The schema language of the object model and the operations driven by it: shape validation,
 * defaulting, canonical form, OpenAPI v3, strategic-merge patch metadata and protobuf field
 * numbers. Pure: no I/O.
 *
 * @module
 */
export * from "./dsl.ts";
export * from "./shape.ts";
export * from "./defaults.ts";
export * from "./openapi.ts";
export * from "./patch_meta.ts";
export * from "./proto.ts";
export * from "./go_names.ts";
export * from "./go_time.ts";
export * from "./canonical.ts";
