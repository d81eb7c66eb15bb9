/**
 * OpenAPI v3 from the schemas, in the form Kubernetes publishes under `/openapi/v3`
 * (`components.schemas` keyed `io.k8s.api.core.v1.Pod`, `$ref` wrapped in `allOf` for
 * properties, `x-kubernetes-*` extensions for kinds, list and map types, patch strategies and
 * merge keys), so `kubectl explain` and kubectl's client-side validation work. Pure: no I/O.
 *
 * @module
 */

import type { Json } from "../json.ts";
import { type Field, jsonFields, type ObjectSchema, resolve, type Schema } from "./dsl.ts";

/** A JSON value. */
export type { Json };

/** One OpenAPI schema object. */
export type OpenApiSchema = { [key: string]: Json };

const REF_PREFIX = "#/components/schemas/";

/** Definition names of the built-in scalar wrappers. */
export const TIME_DEFINITION = "io.k8s.apimachinery.pkg.apis.meta.v1.Time";
/** See {@link TIME_DEFINITION}. */
export const MICRO_TIME_DEFINITION = "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime";
/** See {@link TIME_DEFINITION}. */
export const QUANTITY_DEFINITION = "io.k8s.apimachinery.pkg.api.resource.Quantity";
/** See {@link TIME_DEFINITION}. */
export const INT_OR_STRING_DEFINITION = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";

const SCALAR_DEFINITIONS: Readonly<Record<string, OpenApiSchema>> = {
  [TIME_DEFINITION]: {
    description:
      "Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.  Wrappers are provided for many of the factory methods that the time package offers.",
    format: "date-time",
    type: "string",
  },
  [MICRO_TIME_DEFINITION]: {
    description: "MicroTime is version of Time with microsecond level precision.",
    format: "date-time",
    type: "string",
  },
  [QUANTITY_DEFINITION]: {
    description:
      'Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.\n\nThe serialization format is:\n\n``` <quantity>        ::= <signedNumber><suffix>\n\n\t(Note that <suffix> may be empty, from the "" case in <decimalSI>.)\n\n<digit>           ::= 0 | 1 | ... | 9 <digits>          ::= <digit> | <digit><digits> <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits> <sign>            ::= "+" | "-" <signedNumber>    ::= <number> | <sign><number> <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI> <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei\n\n\t(International System of units; See: http://physics.nist.gov/cuu/Units/binary.html)\n\n<decimalSI>       ::= m | "" | k | M | G | T | P | E\n\n\t(Note that 1024 = 1Ki but 1000 = 1k; I didn\'t choose the capitalization.)\n\n<decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber> ```\n\nNo matter which of the three exponent forms is used, no quantity may represent a number greater than 2^63-1 in magnitude, nor may it have more than 3 decimal places. Numbers larger or more precise will be capped or rounded up. (E.g.: 0.1m will rounded up to 1m.) This may be extended in the future if we require larger or smaller quantities.\n\nWhen a Quantity is parsed from a string, it will remember the type of suffix it had, and will use the same type again when it is serialized.\n\nBefore serializing, Quantity will be put in "canonical form". This means that Exponent/suffix will be adjusted up or down (with a corresponding increase or decrease in Mantissa) such that:\n\n- No precision is lost - No fractional digits will be emitted - The exponent (or suffix) is as large as possible.\n\nThe sign will be omitted unless the number is negative.\n\nExamples:\n\n- 1.5 will be serialized as "1500m" - 1.5Gi will be serialized as "1536Mi"\n\nNote that the quantity will NEVER be internally represented by a floating point number. That is the whole point of this exercise.\n\nNon-canonical values will still parse as long as they are well formed, but will be re-emitted in their canonical form. (So always use canonical form, or don\'t diff.)\n\nThis format is intended to make it difficult to use these numbers without writing some sort of special handling code in the hopes that that will cause implementors to also use a fixed point implementation.',
    oneOf: [{ type: "string" }, { type: "number" }],
  },
  [INT_OR_STRING_DEFINITION]: {
    description:
      "IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.",
    format: "int-or-string",
    oneOf: [{ type: "integer" }, { type: "string" }],
  },
};

function ref(name: string): OpenApiSchema {
  return { $ref: REF_PREFIX + name };
}

/** The definition a schema refers to by name, if any (objects, named scalars). */
function definitionName(schema: Schema): string | undefined {
  const s = resolve(schema);
  switch (s.kind) {
    case "object":
      return s.name;
    case "time":
      return s.micro ? MICRO_TIME_DEFINITION : TIME_DEFINITION;
    case "quantity":
      return QUANTITY_DEFINITION;
    case "intOrString":
      return INT_OR_STRING_DEFINITION;
    case "any":
      return s.name;
    default:
      return undefined;
  }
}

/** The schema of a list element or map value (Kubernetes gives value types a zero default). */
function valueSchema(schema: Schema, collect: (s: Schema) => void): OpenApiSchema {
  const s = resolve(schema);
  const name = definitionName(s);
  if (name !== undefined) {
    collect(s);
    if (s.kind === "object") return { allOf: [ref(name)], default: {} };
    return ref(name);
  }
  const out = inlineSchema(s, collect);
  switch (s.kind) {
    case "string":
      out.default = "";
      break;
    case "integer":
    case "number":
      out.default = 0;
      break;
    case "boolean":
      out.default = false;
      break;
  }
  return out;
}

/** The schema of an unnamed type (scalars, lists, maps). */
function inlineSchema(schema: Schema, collect: (s: Schema) => void): OpenApiSchema {
  const s = resolve(schema);
  switch (s.kind) {
    case "string":
      return s.enum === undefined ? { type: "string" } : { type: "string", enum: [...s.enum] };
    case "integer":
      return { type: "integer", format: s.format };
    case "number":
      return { type: "number", format: "double" };
    case "boolean":
      return { type: "boolean" };
    case "bytes":
      return { type: "string", format: "byte" };
    case "any":
      return { type: "object" };
    case "array": {
      const out: OpenApiSchema = { type: "array", items: valueSchema(s.items, collect) };
      if (s.listType !== undefined) out["x-kubernetes-list-type"] = s.listType;
      if (s.listMapKeys !== undefined) out["x-kubernetes-list-map-keys"] = [...s.listMapKeys];
      if (s.patchStrategy !== undefined) out["x-kubernetes-patch-strategy"] = s.patchStrategy;
      if (s.patchMergeKey !== undefined) out["x-kubernetes-patch-merge-key"] = s.patchMergeKey;
      return out;
    }
    case "map": {
      const out: OpenApiSchema = {
        type: "object",
        additionalProperties: valueSchema(s.values, collect),
      };
      if (s.mapType !== undefined) out["x-kubernetes-map-type"] = s.mapType;
      return out;
    }
    default: {
      // Named types are referenced, never inlined.
      const name = definitionName(s);
      if (name === undefined) throw new TypeError(`openapi: unnamed ${s.kind}`);
      collect(s);
      return ref(name);
    }
  }
}

function propertySchema(f: Field, collect: (s: Schema) => void): OpenApiSchema {
  const name = definitionName(f.schema);
  let out: OpenApiSchema;
  if (name !== undefined) {
    collect(f.schema);
    out = { allOf: [ref(name)] };
  } else {
    out = inlineSchema(f.schema, collect);
  }
  if (f.doc !== "") out.description = f.doc;
  if ("default" in f) out.default = f.default as Json;
  if (f.patchStrategy !== undefined) out["x-kubernetes-patch-strategy"] = f.patchStrategy;
  return out;
}

function definitionSchema(def: ObjectSchema, collect: (s: Schema) => void): OpenApiSchema {
  const properties: { [key: string]: Json } = {};
  const required: string[] = [];
  for (const [name, { field }] of jsonFields(def)) {
    properties[name] = propertySchema(field, collect);
    if (field.required) required.push(name);
  }
  const out: OpenApiSchema = {};
  if (def.doc !== "") out.description = def.doc;
  if (Object.keys(properties).length > 0) out.properties = properties;
  if (required.length > 0) out.required = required;
  out.type = "object";
  if (def.gvk !== undefined) {
    out["x-kubernetes-group-version-kind"] = def.gvk.map((g) => ({
      group: g.group,
      kind: g.kind,
      version: g.version,
    }));
  }
  if (def.mapType !== undefined) out["x-kubernetes-map-type"] = def.mapType;
  return out;
}

function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== "object") return v;
  // Objects get sorted keys, as Go prints maps; arrays (`required`, map keys) keep their order.
  const out: { [key: string]: Json } = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k] as Json);
  return out;
}

/**
 * `components.schemas` for `roots` and every definition they reach, in Kubernetes' published
 * form: one entry per named definition (objects, and the Time, MicroTime, Quantity, IntOrString,
 * RawExtension and FieldsV1 wrappers), with object keys sorted as Go prints them. Inline-only
 * structs (`Volume`'s `VolumeSource`) are flattened into their parents, not listed.
 */
export function toOpenApiV3(roots: Iterable<Schema>): Record<string, OpenApiSchema> {
  const out: Record<string, OpenApiSchema> = {};
  const pending: Schema[] = [];
  const seen = new Set<string>();
  const collect = (schema: Schema): void => {
    const name = definitionName(schema);
    if (name === undefined || seen.has(name)) return;
    seen.add(name);
    pending.push(schema);
  };
  for (const r of roots) collect(r);
  while (pending.length > 0) {
    const s = resolve(pending.shift() as Schema);
    const name = definitionName(s) as string;
    if (s.kind === "object") out[name] = definitionSchema(s, collect);
    else if (s.kind === "any") {
      const def: OpenApiSchema = {};
      if (s.doc !== undefined) def.description = s.doc;
      def.type = "object";
      out[name] = def;
    } else {
      const scalar = SCALAR_DEFINITIONS[name];
      if (scalar === undefined) throw new TypeError(`openapi: no definition for ${name}`);
      out[name] = scalar;
    }
  }
  const sorted: Record<string, OpenApiSchema> = {};
  for (const k of Object.keys(out).sort()) sorted[k] = sortKeys(out[k] as Json) as OpenApiSchema;
  return sorted;
}
