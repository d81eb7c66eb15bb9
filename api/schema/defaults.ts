/**
 * Defaulting: fills in what the API server fills in on create and update (Kubernetes'
 * `SetDefaults_*` and `+default` markers), driven by the schema: each field's declared default,
 * then the definition's computed {@link ObjectSchema.defaulter}, then the children. Pure: no I/O
 * (it mutates the value it is given).
 *
 * @module
 */

import { cloneJson } from "../json.ts";
import {
  type Field,
  jsonFields,
  type ObjectSchema,
  resolve,
  type Schema,
  zeroValue,
} from "./dsl.ts";

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Whether a field counts as unset for defaulting: absent, null, or Go's zero for value fields. */
function isUnset(current: unknown, f: Field): boolean {
  if (current === undefined || current === null) return true;
  return f.zeroIsUnset === true && current === zeroValue(f.schema);
}

/** What defaulting does at one object definition, worked out once per definition. */
interface DefaultPlan {
  /** Fields with a declared default. */
  readonly declared: readonly [string, Field][];
  /** Computed defaulters: inline structs' first, then the definition's own. */
  readonly defaulters: readonly ((value: Record<string, unknown>) => void)[];
  /** Fields whose values may hold something to default (objects, lists, maps), by JSON name. */
  readonly children: ReadonlyMap<string, Schema>;
}

const plans = new WeakMap<ObjectSchema, DefaultPlan>();

function planOf(schema: ObjectSchema): DefaultPlan {
  let plan = plans.get(schema);
  if (plan !== undefined) return plan;
  const declared: [string, Field][] = [];
  const children = new Map<string, Schema>();
  for (const [name, { field }] of jsonFields(schema)) {
    if ("default" in field) declared.push([name, field]);
    const kind = resolve(field.schema).kind;
    if (kind === "object" || kind === "array" || kind === "map") children.set(name, field.schema);
  }
  const defaulters: ((value: Record<string, unknown>) => void)[] = [];
  // Computed defaults of inline structs run as their own definitions' would.
  for (const f of Object.values(schema.fields)) {
    if (!f.inline) continue;
    const inner = resolve(f.schema);
    if (inner.kind === "object" && inner.defaulter !== undefined) defaulters.push(inner.defaulter);
  }
  if (schema.defaulter !== undefined) defaulters.push(schema.defaulter);
  plan = { declared, defaulters, children };
  plans.set(schema, plan);
  return plan;
}

function defaultObject(value: Record<string, unknown>, schema: ObjectSchema): void {
  const plan = planOf(schema);
  for (const [name, field] of plan.declared) {
    if (isUnset(value[name], field)) value[name] = cloneJson(field.default);
  }
  for (const defaulter of plan.defaulters) defaulter(value);
  // The value's own members (usually far fewer than the definition's fields); scalars need
  // nothing. A child's defaulting touches only that child, so the order does not matter.
  for (const name in value) {
    const child = plan.children.get(name);
    const v = value[name];
    if (child !== undefined && v !== undefined && v !== null) walk(v, child);
  }
}

function walk(value: unknown, schema: Schema): void {
  const s = resolve(schema);
  switch (s.kind) {
    case "object":
      if (isPlainObject(value)) defaultObject(value, s);
      return;
    case "array": {
      if (!Array.isArray(value)) return;
      const items = resolve(s.items);
      for (let i = 0; i < value.length; i++) {
        // A null element of a list of structs decodes to the zero struct.
        if (items.kind === "object" && (value[i] === null || value[i] === undefined)) value[i] = {};
        walk(value[i], items);
      }
      return;
    }
    case "map": {
      if (!isPlainObject(value)) return;
      const values = resolve(s.values);
      for (const k of Object.keys(value)) {
        if (values.kind === "object" && value[k] === null) value[k] = {};
        walk(value[k], values);
      }
      return;
    }
    default:
      return;
  }
}

/**
 * Applies the defaults `schema` declares to `value` in place and returns it. For each object:
 * unset fields (absent, `null`, or the Go zero value where the field is a Go value rather than a
 * pointer) take their declared default (a copy), then the definition's computed defaulter runs,
 * then its children are defaulted. The value should have passed {@link validateShape} (the
 * computed defaulters assume well-typed values); static defaulting leaves values of the wrong
 * shape alone.
 */
export function applyDefaults<T>(value: T, schema: Schema): T {
  walk(value, schema);
  return value;
}
