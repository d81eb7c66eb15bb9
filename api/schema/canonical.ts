/**
 * Canonical form: what a decode into Kubernetes' Go types and an encode back does to a JSON
 * value, so stored and returned objects look as a real API server's do. Unknown fields are
 * dropped, `null` optional fields removed, quantities printed canonically (resource lists
 * rounded up to milli-units, as `SetDefaults_ResourceList`), timestamps re-printed in UTC, and
 * base64 without line breaks. Pure: no I/O (it mutates the value it is given).
 *
 * Not done: dropping empty values of `omitempty` Go fields (`hostNetwork: false`, `args: []`),
 * which needs per-field pointer information the schemas do not carry.
 *
 * @module
 */

import { Quantity } from "../quantity.ts";
import { jsonFields, resolve, type Schema } from "./dsl.ts";
import { goTimeParseError } from "./go_time.ts";

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * Re-prints an RFC 3339 timestamp as Go's `metav1.Time` marshals it (UTC, whole seconds:
 * `2006-01-02T15:04:05Z`), or `MicroTime` (UTC, six fractional digits). Returns the input when
 * it does not parse.
 */
export function canonicalTime(value: string, micro = false): string {
  if (goTimeParseError(value, micro) !== undefined) return value;
  const m = TIME.exec(value);
  if (m === null) return value;
  const n = (i: number): number => Number(m[i]);
  let ms = Date.UTC(n(1), n(2) - 1, n(3), n(4), n(5), n(6));
  if (m[9] !== undefined) {
    const offset = (n(10) * 60 + n(11)) * 60_000;
    ms += m[9] === "+" ? -offset : offset;
  }
  const d = new Date(ms);
  const pad = (x: number, w = 2): string => String(x).padStart(w, "0");
  const year = d.getUTCFullYear();
  const base = `${pad(year, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${
    pad(d.getUTCHours())
  }:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (!micro) return base + "Z";
  const frac = ((m[7] ?? "") + "000000").slice(0, 6);
  return `${base}.${frac}Z`;
}

function canonicalQuantity(value: unknown, roundToMilli: boolean): unknown {
  try {
    const q = Quantity.fromJSON(value);
    return (roundToMilli ? q.roundUp(-3).quantity : q).toJSON();
  } catch {
    return value; // not a quantity: left for validation to report
  }
}

function walk(value: unknown, schema: Schema): unknown {
  const s = resolve(schema);
  switch (s.kind) {
    case "quantity":
      return value === null ? value : canonicalQuantity(value, false);
    case "time":
      return typeof value === "string" ? canonicalTime(value, s.micro) : value;
    case "bytes":
      return typeof value === "string" ? value.replace(/[\r\n]/g, "") : value;
    case "array":
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) value[i] = walk(value[i], s.items);
      }
      return value;
    case "map":
      if (isPlainObject(value)) {
        const values = resolve(s.values);
        for (const k of Object.keys(value)) {
          // A map of quantities is a ResourceList: SetDefaults_ResourceList rounds to milli.
          value[k] = values.kind === "quantity"
            ? (value[k] === null ? null : canonicalQuantity(value[k], true))
            : walk(value[k], values);
        }
      }
      return value;
    case "object":
      if (isPlainObject(value)) {
        const fields = jsonFields(s);
        for (const k of Object.keys(value)) {
          const f = fields.get(k);
          if (f === undefined || (value[k] === null && !f.field.required)) {
            delete value[k];
            continue;
          }
          value[k] = walk(value[k], f.field.schema);
        }
      }
      return value;
    default:
      return value;
  }
}

/**
 * Brings `value` to the canonical form described in the module documentation, in place, and
 * returns it. Call after `validateShape` (values of the wrong type are left alone).
 */
export function canonicalize<T>(value: T, schema: Schema): T {
  return walk(value, schema) as T;
}
