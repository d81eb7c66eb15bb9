/**
 * A small schema language for the Kubernetes object model: builder functions for scalars,
 * lists, maps and named object definitions, with the metadata every other operation needs
 * (protobuf field numbers, documentation, defaults, list types, patch strategies and merge
 * keys). The schemas are the one source of truth: TypeScript types are inferred from them
 * ({@link TypeOf}), and shape validation, defaulting, OpenAPI and strategic-merge metadata are
 * computed from them. Pure: no I/O.
 *
 * ```ts
 * const portSchema = obj("io.k8s.api.core.v1.ContainerPort", {
 *   containerPort: field(int32(), { proto: 3, doc: "...", required: true, default: 0 }),
 *   protocol: field(enumOf(["TCP", "UDP", "SCTP"]), { proto: 4, doc: "...", default: "TCP" }),
 * }, { doc: "ContainerPort represents a network port in a single container." });
 * type ContainerPort = TypeOf<typeof portSchema>;
 * ```
 *
 * @module
 */

/** How a list merges (`x-kubernetes-list-type`): replaced whole, a set of scalars, or keyed. */
export type ListType = "atomic" | "set" | "map";

/** How a map or struct merges (`x-kubernetes-map-type`). */
export type MapType = "atomic" | "granular";

/** A strategic-merge-patch strategy (`x-kubernetes-patch-strategy`). */
export type PatchStrategy = "merge" | "replace" | "retainKeys" | "merge,retainKeys";

/** A group/version/kind triple, as `x-kubernetes-group-version-kind` carries it. */
export interface GroupVersionKind {
  /** The API group; `""` for the core group. */
  readonly group: string;
  /** The version, e.g. `v1`. */
  readonly version: string;
  /** The kind, e.g. `Pod`. */
  readonly kind: string;
}

declare const TYPE: unique symbol;

/** A string. `T` narrows it to an enum's values ({@link enumOf}). */
export interface StringSchema<T extends string = string> {
  /** Discriminator. */
  readonly kind: "string";
  /** The allowed values, when the Go type is an enum (published as OpenAPI `enum`). */
  readonly enum?: readonly T[];
  /** The Go type name for decode messages (`v1.Protocol`); `string` when absent. */
  readonly goType?: string;
  /** Type-level only: the TypeScript type of values. */
  readonly [TYPE]?: T;
}

/** An integer of 32 or 64 bits (a JSON number without a fraction). */
export interface IntegerSchema {
  /** Discriminator. */
  readonly kind: "integer";
  /** `int32` or `int64`. */
  readonly format: "int32" | "int64";
}

/** A floating-point number (Go `float64`). */
export interface NumberSchema {
  /** Discriminator. */
  readonly kind: "number";
}

/** A boolean. */
export interface BooleanSchema {
  /** Discriminator. */
  readonly kind: "boolean";
}

/** A timestamp as an RFC 3339 string (`metav1.Time`, or `metav1.MicroTime` when `micro`). */
export interface TimeSchema {
  /** Discriminator. */
  readonly kind: "time";
  /** True for `MicroTime` (microsecond precision, `2006-01-02T15:04:05.000000Z07:00`). */
  readonly micro: boolean;
}

/** Bytes, base64-encoded in JSON (Go `[]byte`). */
export interface BytesSchema {
  /** Discriminator. */
  readonly kind: "bytes";
}

/** A `resource.Quantity`: a string such as `100m` or `1Gi` (a JSON number is accepted too). */
export interface QuantitySchema {
  /** Discriminator. */
  readonly kind: "quantity";
}

/** An `intstr.IntOrString`: a JSON integer or string (`8080`, `"http"`, `"25%"`). */
export interface IntOrStringSchema {
  /** Discriminator. */
  readonly kind: "intOrString";
}

/**
 * Free-form JSON: `runtime.RawExtension` (an embedded object), `FieldsV1`, `interface{}`. When
 * `object` is true the value must be a JSON object.
 */
export interface AnySchema<O extends boolean = boolean> {
  /** Discriminator. */
  readonly kind: "any";
  /** Whether the value must be a JSON object (typed `Record<string, unknown>`). */
  readonly object: O;
  /** The OpenAPI definition this stands for (`io.k8s.apimachinery.pkg.runtime.RawExtension`). */
  readonly name?: string;
  /** The definition's description, when named. */
  readonly doc?: string;
}

/** A list. Patch metadata lives here: list type, map keys, patch strategy and merge key. */
export interface ArraySchema<I extends Schema = Schema> {
  /** Discriminator. */
  readonly kind: "array";
  /** The element schema. */
  readonly items: I;
  /** `x-kubernetes-list-type`. */
  readonly listType?: ListType;
  /** `x-kubernetes-list-map-keys` (for `listType: "map"`). */
  readonly listMapKeys?: readonly string[];
  /** `x-kubernetes-patch-strategy`. */
  readonly patchStrategy?: PatchStrategy;
  /** `x-kubernetes-patch-merge-key`. */
  readonly patchMergeKey?: string;
}

/** A map from string keys to values of one schema. */
export interface MapSchema<V extends Schema = Schema> {
  /** Discriminator. */
  readonly kind: "map";
  /** The value schema. */
  readonly values: V;
  /** `x-kubernetes-map-type`. */
  readonly mapType?: MapType;
}

/** A schema whose definition is looked up on first use (for recursive or forward references). */
export interface LazySchema<S extends Schema = Schema> {
  /** Discriminator. */
  readonly kind: "lazy";
  /** Returns the schema. */
  readonly get: () => S;
}

/** Options of {@link field}. */
export interface FieldOptions<R extends boolean = boolean> {
  /** The protobuf field number (from `generated.proto`); absent only for `apiVersion`/`kind`. */
  readonly proto?: number;
  /** The description (published in OpenAPI, shown by `kubectl explain`). */
  readonly doc: string;
  /** Required in OpenAPI and in the inferred type (a Go field without `omitempty`). */
  readonly required?: R;
  /** The value the API server fills in when the field is unset (and OpenAPI `default`). */
  readonly default?: unknown;
  /**
   * The Go field is a value, not a pointer: its zero value (`""`, `0`, `false`) counts as unset
   * for defaulting, as Go cannot tell them apart.
   */
  readonly zeroIsUnset?: boolean;
  /** A patch strategy on a struct field (`retainKeys`), published as for lists. */
  readonly patchStrategy?: PatchStrategy;
}

/** One property of an object definition. */
export interface Field<S extends Schema = Schema, R extends boolean = boolean> {
  /** Discriminator: a plain field. */
  readonly inline: false;
  /** The value schema. */
  readonly schema: S;
  /** Whether the property is required. */
  readonly required: R;
  /** The protobuf field number. */
  readonly proto?: number;
  /** The description. */
  readonly doc: string;
  /** The default value (see {@link FieldOptions.default}). */
  readonly default?: unknown;
  /** See {@link FieldOptions.zeroIsUnset}. */
  readonly zeroIsUnset?: boolean;
  /** See {@link FieldOptions.patchStrategy}. */
  readonly patchStrategy?: PatchStrategy;
}

/**
 * An embedded Go struct (`json:",inline"`): its fields appear flattened in JSON and OpenAPI,
 * but protobuf nests them in one message field (e.g. `Volume.volumeSource = 2`).
 */
export interface InlineField<S extends ObjectSchema = ObjectSchema> {
  /** Discriminator: an embedded struct. */
  readonly inline: true;
  /** The embedded definition. */
  readonly schema: S | LazySchema<S>;
  /** The protobuf field number of the nested message. */
  readonly proto?: number;
}

/** The properties of an object definition, keyed by JSON name (inline fields by proto name). */
export type Fields = { readonly [name: string]: Field | InlineField };

/** Options of {@link obj}. */
export interface ObjectOptions<T> {
  /** The definition's description. */
  readonly doc?: string;
  /** The kinds this definition is served as (`x-kubernetes-group-version-kind`). */
  readonly gvk?: readonly GroupVersionKind[];
  /** `x-kubernetes-map-type` of the definition (`+structType=atomic`). */
  readonly mapType?: MapType;
  /**
   * Computed defaults that static field defaults cannot express (`SetDefaults_X` in
   * Kubernetes). Runs after the static defaults of this object, before its children's.
   */
  readonly defaulter?: (value: T) => void;
}

/** A named object definition (`io.k8s.api.core.v1.Pod`). Fields may be given lazily. */
export interface ObjectSchema<F extends Fields = Fields> {
  /** Discriminator. */
  readonly kind: "object";
  /** The OpenAPI definition name. */
  readonly name: string;
  /** The description. */
  readonly doc: string;
  /** The properties (evaluated on first access when given as a function). */
  readonly fields: F;
  /** See {@link ObjectOptions.gvk}. */
  readonly gvk?: readonly GroupVersionKind[];
  /** See {@link ObjectOptions.mapType}. */
  readonly mapType?: MapType;
  /** See {@link ObjectOptions.defaulter}. */
  readonly defaulter?: (value: Record<string, unknown>) => void;
}

/** Any schema. */
export type Schema =
  | StringSchema<string>
  | IntegerSchema
  | NumberSchema
  | BooleanSchema
  | TimeSchema
  | BytesSchema
  | QuantitySchema
  | IntOrStringSchema
  | AnySchema
  | ArraySchema<Schema>
  | MapSchema<Schema>
  | ObjectSchema<Fields>
  | LazySchema<Schema>;

/** A schema other than {@link LazySchema} (what {@link resolve} returns). */
export type ResolvedSchema = Exclude<Schema, LazySchema<Schema>>;

// ---------------------------------------------------------------------------------------------
// Type inference
// ---------------------------------------------------------------------------------------------

type Simplify<T> = { [K in keyof T]: T[K] } & unknown;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends
  (x: infer I) => void ? I : never;

type RequiredKeys<F extends Fields> = {
  [K in keyof F]: F[K] extends InlineField ? never : F[K] extends Field<Schema, true> ? K : never;
}[keyof F];

type OptionalKeys<F extends Fields> = {
  [K in keyof F]: F[K] extends InlineField ? never : F[K] extends Field<Schema, true> ? never : K;
}[keyof F];

type FieldType<X> = X extends Field<infer S, boolean> ? TypeOf<S> : never;

type InlineUnion<F extends Fields> = {
  [K in keyof F]: F[K] extends InlineField<infer S> ? TypeOf<S> : never;
}[keyof F];

type InlineTypes<F extends Fields> = [InlineUnion<F>] extends [never] ? unknown
  : UnionToIntersection<InlineUnion<F>>;

/** The TypeScript type of an object definition's fields. */
export type ObjectType<F extends Fields> = Simplify<
  & { -readonly [K in RequiredKeys<F>]: FieldType<F[K]> }
  & { -readonly [K in OptionalKeys<F>]?: FieldType<F[K]> }
  & InlineTypes<F>
>;

/** The TypeScript type of the values a schema describes. */
export type TypeOf<S> = S extends StringSchema<infer T> ? T
  : S extends IntegerSchema | NumberSchema ? number
  : S extends BooleanSchema ? boolean
  : S extends TimeSchema | BytesSchema | QuantitySchema ? string
  : S extends IntOrStringSchema ? number | string
  : S extends AnySchema<infer O> ? (O extends true ? Record<string, unknown> : unknown)
  : S extends ArraySchema<infer I> ? TypeOf<I>[]
  : S extends MapSchema<infer V> ? Record<string, TypeOf<V>>
  : S extends ObjectSchema<infer F> ? ObjectType<F>
  : S extends LazySchema<infer L> ? TypeOf<L>
  : never;

// ---------------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------------

const STRING: StringSchema = Object.freeze({ kind: "string" });
const INT32: IntegerSchema = Object.freeze({ kind: "integer", format: "int32" });
const INT64: IntegerSchema = Object.freeze({ kind: "integer", format: "int64" });
const NUMBER: NumberSchema = Object.freeze({ kind: "number" });
const BOOLEAN: BooleanSchema = Object.freeze({ kind: "boolean" });
const TIME: TimeSchema = Object.freeze({ kind: "time", micro: false });
const MICRO_TIME: TimeSchema = Object.freeze({ kind: "time", micro: true });
const BYTES: BytesSchema = Object.freeze({ kind: "bytes" });
const QUANTITY: QuantitySchema = Object.freeze({ kind: "quantity" });
const INT_OR_STRING: IntOrStringSchema = Object.freeze({ kind: "intOrString" });

/** A string. */
export function str(): StringSchema {
  return STRING;
}

/**
 * A string enum (a Go `+enum` type). `goType` names the Go type for decode messages
 * (`v1.RestartPolicy`).
 */
export function enumOf<const T extends string>(
  values: readonly T[],
  goType?: string,
): StringSchema<T> {
  return Object.freeze(
    goType === undefined
      ? { kind: "string", enum: values }
      : { kind: "string", enum: values, goType },
  );
}

/** A 32-bit integer. */
export function int32(): IntegerSchema {
  return INT32;
}

/** A 64-bit integer (a JSON number; exact up to 2^53). */
export function int64(): IntegerSchema {
  return INT64;
}

/** A floating-point number. */
export function num(): NumberSchema {
  return NUMBER;
}

/** A boolean. */
export function bool(): BooleanSchema {
  return BOOLEAN;
}

/** A `metav1.Time`: an RFC 3339 string with second precision. */
export function time(): TimeSchema {
  return TIME;
}

/** A `metav1.MicroTime`: an RFC 3339 string with microsecond precision. */
export function microTime(): TimeSchema {
  return MICRO_TIME;
}

/** Bytes, base64 in JSON. */
export function bytes(): BytesSchema {
  return BYTES;
}

/** A `resource.Quantity`. */
export function quantity(): QuantitySchema {
  return QUANTITY;
}

/** An `intstr.IntOrString`. */
export function intOrString(): IntOrStringSchema {
  return INT_OR_STRING;
}

/** Options of {@link any}. */
export interface AnyOptions<O extends boolean> {
  /** Whether the value must be a JSON object. */
  readonly object?: O;
  /** The OpenAPI definition name it stands for. */
  readonly name?: string;
  /** The definition's description. */
  readonly doc?: string;
}

/** Free-form JSON (RawExtension, FieldsV1, `interface{}`). */
export function any<O extends boolean = false>(options: AnyOptions<O> = {}): AnySchema<O> {
  const s: { -readonly [K in keyof AnySchema<O>]: AnySchema<O>[K] } = {
    kind: "any",
    object: (options.object ?? false) as O,
  };
  if (options.name !== undefined) s.name = options.name;
  if (options.doc !== undefined) s.doc = options.doc;
  return Object.freeze(s);
}

/** Options of {@link arr}. */
export interface ArrayOptions {
  /** `x-kubernetes-list-type`. */
  readonly listType?: ListType;
  /** `x-kubernetes-list-map-keys`. */
  readonly listMapKeys?: readonly string[];
  /** `x-kubernetes-patch-strategy`. */
  readonly patchStrategy?: PatchStrategy;
  /** `x-kubernetes-patch-merge-key`. */
  readonly patchMergeKey?: string;
}

/** A list of `items`. */
export function arr<I extends Schema>(items: I, options: ArrayOptions = {}): ArraySchema<I> {
  if (options.listType !== "map" && options.listMapKeys !== undefined) {
    throw new TypeError('arr: listMapKeys needs listType "map"');
  }
  if (options.patchMergeKey !== undefined && options.patchStrategy === undefined) {
    throw new TypeError("arr: patchMergeKey needs a patchStrategy");
  }
  return Object.freeze({ kind: "array", items, ...options });
}

/** Options of {@link map}. */
export interface MapOptions {
  /** `x-kubernetes-map-type`. */
  readonly mapType?: MapType;
}

/** A map from strings to `values`. */
export function map<V extends Schema>(values: V, options: MapOptions = {}): MapSchema<V> {
  return Object.freeze({ kind: "map", values, ...options });
}

/** A schema evaluated on first use: for forward or recursive references. */
export function lazy<S extends Schema>(get: () => S): LazySchema<S> {
  let cached: S | undefined;
  return Object.freeze({
    kind: "lazy",
    get: () => (cached ??= get()),
  });
}

/** A required property of an object definition (required in the inferred type too). */
export function field<S extends Schema>(
  schema: S,
  options: FieldOptions<true> & { readonly required: true },
): Field<S, true>;
/** An optional property of an object definition. */
export function field<S extends Schema>(schema: S, options: FieldOptions<false>): Field<S, false>;
/** A property of an object definition. */
export function field<S extends Schema>(
  schema: S,
  options: FieldOptions<boolean>,
): Field<S, boolean> {
  const f: { -readonly [K in keyof Field<S, boolean>]: Field<S, boolean>[K] } = {
    inline: false,
    schema,
    required: options.required ?? false,
    doc: options.doc,
  };
  if (options.proto !== undefined) {
    if (!Number.isInteger(options.proto) || options.proto < 1) {
      throw new RangeError(`field: bad protobuf field number ${options.proto}`);
    }
    f.proto = options.proto;
  }
  if ("default" in options) f.default = options.default;
  if (options.zeroIsUnset) f.zeroIsUnset = true;
  if (options.patchStrategy !== undefined) f.patchStrategy = options.patchStrategy;
  return Object.freeze(f);
}

/** An embedded struct: flattened in JSON, nested as message `proto` in protobuf. */
export function inline<S extends ObjectSchema>(
  schema: S | LazySchema<S>,
  options: { readonly proto?: number } = {},
): InlineField<S> {
  return Object.freeze(
    options.proto === undefined
      ? { inline: true, schema }
      : { inline: true, schema, proto: options.proto },
  );
}

/**
 * A named object definition. `fields` may be a function, evaluated on first access, so
 * definitions can refer to ones declared later.
 */
export function obj<F extends Fields>(
  name: string,
  fields: F | (() => F),
  options: ObjectOptions<ObjectType<F>> = {},
): ObjectSchema<F> {
  let cached: F | undefined = typeof fields === "function" ? undefined : fields;
  const s: { -readonly [K in keyof ObjectSchema<F>]: ObjectSchema<F>[K] } = {
    kind: "object",
    name,
    doc: options.doc ?? "",
    get fields(): F {
      if (cached === undefined) cached = (fields as () => F)();
      return cached;
    },
  };
  if (options.gvk !== undefined) s.gvk = options.gvk;
  if (options.mapType !== undefined) s.mapType = options.mapType;
  if (options.defaulter !== undefined) {
    s.defaulter = options.defaulter as unknown as (value: Record<string, unknown>) => void;
  }
  return Object.freeze(s);
}

// ---------------------------------------------------------------------------------------------
// Accessors
// ---------------------------------------------------------------------------------------------

/** Unwraps a {@link LazySchema}. */
export function resolve(schema: Schema): ResolvedSchema {
  let s = schema;
  while (s.kind === "lazy") s = s.get();
  return s;
}

/** Unwraps a schema that must be an object definition; throws TypeError otherwise. */
export function resolveObject(schema: Schema | ObjectSchema): ObjectSchema {
  const s = resolve(schema);
  if (s.kind !== "object") throw new TypeError(`expected an object schema, got ${s.kind}`);
  return s;
}

/** One JSON property of an object, after flattening inline structs. */
export interface JsonField {
  /** The JSON name. */
  readonly name: string;
  /** The field. */
  readonly field: Field;
  /** The definition that declares it (an inline struct's, for flattened fields). */
  readonly owner: ObjectSchema;
  /** Protobuf numbers from the object to the field (`[2, 1]` for `Volume.hostPath`). */
  readonly protoPath: readonly number[];
}

const jsonFieldCache = new WeakMap<ObjectSchema, ReadonlyMap<string, JsonField>>();

/**
 * The JSON properties of an object definition in declaration order, with inline structs
 * flattened. Throws TypeError when two properties share a name.
 */
export function jsonFields(schema: ObjectSchema): ReadonlyMap<string, JsonField> {
  const hit = jsonFieldCache.get(schema);
  if (hit !== undefined) return hit;
  const out = new Map<string, JsonField>();
  const walk = (s: ObjectSchema, prefix: readonly number[]): void => {
    for (const [name, f] of Object.entries(s.fields)) {
      const path = f.proto === undefined ? prefix : [...prefix, f.proto];
      if (f.inline) {
        walk(resolveObject(f.schema), path);
        continue;
      }
      if (out.has(name)) throw new TypeError(`${schema.name}: duplicate JSON field ${name}`);
      out.set(name, { name, field: f, owner: s, protoPath: path });
    }
  };
  walk(schema, []);
  jsonFieldCache.set(schema, out);
  return out;
}

/** The zero value Go gives a scalar schema (`""`, `0`, `false`), or undefined for others. */
export function zeroValue(schema: Schema): string | number | boolean | undefined {
  const s = resolve(schema);
  switch (s.kind) {
    case "string":
      return "";
    case "integer":
    case "number":
      return 0;
    case "boolean":
      return false;
    default:
      return undefined;
  }
}

/**
 * Every object definition reachable from `roots` (the roots included), each once, in
 * depth-first order.
 */
export function reachableDefinitions(roots: Iterable<Schema>): ObjectSchema[] {
  const seen = new Set<ObjectSchema>();
  const out: ObjectSchema[] = [];
  const visit = (schema: Schema): void => {
    const s = resolve(schema);
    switch (s.kind) {
      case "array":
        visit(s.items);
        return;
      case "map":
        visit(s.values);
        return;
      case "object":
        if (seen.has(s)) return;
        seen.add(s);
        out.push(s);
        for (const f of Object.values(s.fields)) visit(f.schema);
        return;
      default:
        return;
    }
  };
  for (const r of roots) visit(r);
  return out;
}
