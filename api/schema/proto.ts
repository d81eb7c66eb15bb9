/**
 * Protobuf metadata of the schemas: each definition's message fields with their numbers (from
 * Kubernetes' `generated.proto`) and wire shapes, for the `application/vnd.kubernetes.protobuf`
 * codec. Pure: no I/O.
 *
 * @module
 */

import { type Field, type ObjectSchema, resolve, type ResolvedSchema, type Schema } from "./dsl.ts";
import {
  INT_OR_STRING_DEFINITION,
  MICRO_TIME_DEFINITION,
  QUANTITY_DEFINITION,
  TIME_DEFINITION,
} from "./openapi.ts";

/** How a value travels in protobuf. */
export type ProtoType =
  | "string"
  | "bytes"
  | "int32"
  | "int64"
  | "bool"
  | "double"
  | "message";

/** One field of a protobuf message. */
export interface ProtoField {
  /** The protobuf field name (the JSON name; the embedded struct's name for inline fields). */
  readonly name: string;
  /** The field number. */
  readonly number: number;
  /** `repeated` for lists (and for maps, which are repeated key/value entries). */
  readonly repeated: boolean;
  /** For maps: the value's wire type (keys are strings); otherwise the element's. */
  readonly type: ProtoType;
  /** True for `map<string, V>` fields. */
  readonly map: boolean;
  /** The message schema for `type: "message"` (objects, and the apimachinery wrappers). */
  readonly message?: string;
  /** The field's schema. */
  readonly schema: ResolvedSchema;
  /** True when the field is an embedded struct flattened in JSON. */
  readonly inline: boolean;
}

/** Wire type and message name of a scalar or object schema. */
function wire(s: ResolvedSchema): { type: ProtoType; message?: string } {
  switch (s.kind) {
    case "string":
      return { type: "string" };
    case "bytes":
      return { type: "bytes" };
    case "integer":
      return { type: s.format };
    case "boolean":
      return { type: "bool" };
    case "number":
      return { type: "double" };
    case "time":
      return { type: "message", message: s.micro ? MICRO_TIME_DEFINITION : TIME_DEFINITION };
    case "quantity":
      return { type: "message", message: QUANTITY_DEFINITION };
    case "intOrString":
      return { type: "message", message: INT_OR_STRING_DEFINITION };
    case "any":
      // RawExtension {raw = 1}, FieldsV1 {Raw = 1}; bare interface{} is not protobuf-encodable.
      return s.name === undefined ? { type: "bytes" } : { type: "message", message: s.name };
    case "object":
      return { type: "message", message: s.name };
    case "array":
    case "map":
      throw new TypeError(`proto: a ${s.kind} has no wire type of its own`);
  }
}

function describe(name: string, number: number, schema: Schema, inline: boolean): ProtoField {
  const s = resolve(schema);
  let repeated = false;
  let map = false;
  let element: ResolvedSchema = s;
  if (s.kind === "array") {
    repeated = true;
    element = resolve(s.items);
  } else if (s.kind === "map") {
    repeated = true;
    map = true;
    element = resolve(s.values);
  }
  // Kubernetes wraps lists of lists in helper messages; none of our types has one.
  if (element.kind === "array" || element.kind === "map") {
    throw new TypeError(`proto: ${name}: nested ${element.kind} is not supported`);
  }
  const w = wire(element);
  const out: { -readonly [K in keyof ProtoField]: ProtoField[K] } = {
    name,
    number,
    repeated,
    type: w.type,
    map,
    schema: s,
    inline,
  };
  if (w.message !== undefined) out.message = w.message;
  return out;
}

const cache = new WeakMap<ObjectSchema, readonly ProtoField[]>();

/**
 * The protobuf fields of a definition's message, ordered by number. Inline (embedded) structs
 * are one nested message field, as in `generated.proto`; `apiVersion`/`kind` (TypeMeta) have
 * no number and are left out (the protobuf envelope carries them).
 */
export function protoFields(definition: ObjectSchema): readonly ProtoField[] {
  const hit = cache.get(definition);
  if (hit !== undefined) return hit;
  const out: ProtoField[] = [];
  for (const [name, f] of Object.entries(definition.fields)) {
    if (f.proto === undefined) continue;
    out.push(describe(name, f.proto, f.schema, f.inline));
  }
  out.sort((a, b) => a.number - b.number);
  for (let i = 1; i < out.length; i++) {
    if (out[i]?.number === out[i - 1]?.number) {
      throw new TypeError(`${definition.name}: duplicate protobuf field number ${out[i]?.number}`);
    }
  }
  cache.set(definition, out);
  return out;
}

/** The protobuf number of JSON field `name` of `definition` (looking into inline structs). */
export function protoNumber(definition: ObjectSchema, name: string): number | undefined {
  const direct = definition.fields[name];
  if (direct !== undefined && !direct.inline) return (direct as Field).proto;
  for (const f of Object.values(definition.fields)) {
    if (!f.inline) continue;
    const inner = resolve(f.schema);
    if (inner.kind === "object") {
      const n = protoNumber(inner, name);
      if (n !== undefined) return n;
    }
  }
  return undefined;
}
