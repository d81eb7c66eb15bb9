/**
 * The object model: core/v1, apps/v1, coordination, discovery types; schemas (validation,
 * defaulting, OpenAPI, patch merge keys); label and field selectors; names; quantities.
 * Pure: no I/O.
 *
 * @module
 */
export * from "./fields.ts";
export * from "./labels.ts";
export * from "./quantity.ts";
export * from "./validation.ts";
export * from "./types/mod.ts";
export * as schema from "./schema/mod.ts";
