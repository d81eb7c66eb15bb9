/**
 * Shape validation: does a decoded JSON value fit a schema? Reports JSON type errors (as
 * Go's decoder would meet them when unmarshalling into Kubernetes' Go types) and unknown fields
 * (for `fieldValidation=Strict|Warn`), with Kubernetes-style paths. Semantic validation (names,
 * ranges, required values) is not done here. Pure: no I/O.
 *
 * @module
 */

import { Quantity, QuantityParseError } from "../quantity.ts";
import { FieldError, goQuote } from "../validation.ts";
import { jsonFields, resolve, type Schema } from "./dsl.ts";
import { goDefinitionName, goStructName, goTypeName } from "./go_names.ts";
import { goTimeParseError, RFC3339_LAYOUT, RFC3339_MICRO_LAYOUT } from "./go_time.ts";

/** The outcome of {@link validateShape}. */
export interface ShapeResult {
  /** Type errors, each a `FieldValueTypeInvalid` (or `FieldValueInvalid`) at its field path. */
  readonly errors: FieldError[];
  /**
   * Unknown fields, as the strict decoder names them (`spec.containers[0].imagee`). The
   * message Kubernetes reports for each is {@link unknownFieldMessage}.
   */
  readonly unknown: string[];
  /**
   * What Go's JSON decoder would have said about the first type error (`json: cannot unmarshal
   * number into Go struct field Container.spec.containers.image of type string`); the API server
   * reports it as `<Kind> in version "<v>" cannot be handled as a <Kind>: <decodeError>`.
   */
  readonly decodeError?: string;
}

/** Kubernetes' message for one unknown field: `unknown field "spec.containers[0].imagee"`. */
export function unknownFieldMessage(path: string): string {
  return `unknown field ${goQuote(path)}`;
}

/**
 * The message of a strict-decoding failure listing unknown fields, as the API server returns it
 * with `fieldValidation=Strict`: `strict decoding error: unknown field "a", unknown field "b"`.
 */
export function strictDecodingMessage(unknown: readonly string[]): string {
  return "strict decoding error: " + unknown.map(unknownFieldMessage).join(", ");
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_LIMIT = 2 ** 63;

/** Whether `s` is a timestamp Go's `time.Parse` accepts for Time (or MicroTime when `micro`). */
export function isRFC3339(s: string, micro = false): boolean {
  return goTimeParseError(s, micro) === undefined;
}

const BASE64_CHAR = /[A-Za-z0-9+/]/;

/**
 * The offset of the first byte Go's `base64.StdEncoding` rejects in `s` (newlines are skipped),
 * or -1 when `s` decodes.
 */
export function base64ErrorOffset(s: string): number {
  let n = 0; // significant characters seen
  let pad = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? "";
    if (c === "\r" || c === "\n") continue;
    if (c === "=") {
      // Padding may only complete the last quantum (2 or 3 characters in).
      const inQuantum = (n + pad) % 4;
      if (pad === 0 && inQuantum < 2) return i;
      pad++;
      if ((n + pad) % 4 === 0) {
        // The quantum is complete; nothing may follow but newlines.
        for (let j = i + 1; j < s.length; j++) {
          if (s[j] !== "\r" && s[j] !== "\n") return j;
        }
        return -1;
      }
      continue;
    }
    if (pad > 0 || !BASE64_CHAR.test(c)) return i;
    n++;
  }
  if ((n + pad) % 4 !== 0) return s.length - (pad > 0 ? pad : 0) - ((n + pad) % 4 === 1 ? 1 : 0);
  return -1;
}

type JsonKind = "string" | "number" | "bool" | "array" | "object" | "null";

function jsonKind(v: unknown): JsonKind {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return "array";
  switch (typeof v) {
    case "string":
      return "string";
    case "number":
    case "bigint":
      return "number";
    case "boolean":
      return "bool";
    default:
      return "object";
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

interface Ctx {
  readonly errors: FieldError[];
  readonly unknown: string[];
  decodeError: string | undefined;
}

/**
 * Where in the value the walk is. Paths are built only when asked for (on an error or an
 * unknown field), not at every step: most values are fine.
 */
class Where {
  readonly #parent: Where | undefined;
  /** The step from the parent: a struct field, a list index or a map key. */
  readonly #step: { kind: "field" | "key"; name: string } | { kind: "index"; i: number };
  /** The innermost Go struct being decoded, if any. */
  readonly struct: string | undefined;
  #path: string | undefined;
  #strict: string | undefined;

  constructor(
    parent: Where | undefined,
    step: { kind: "field" | "key"; name: string } | { kind: "index"; i: number },
    struct: string | undefined,
  ) {
    this.#parent = parent;
    this.#step = step;
    this.struct = struct;
  }

  /** The root, at `path` (a dotted prefix such as `spec`, or ""). */
  static root(path: string): Where {
    const root = new Where(undefined, { kind: "field", name: path }, undefined);
    root.#path = path;
    root.#strict = path;
    return root;
  }

  /** Kubernetes field path (`spec.containers[0].env[FOO]`). */
  get path(): string {
    if (this.#path === undefined) {
      const up = this.#parent!.path;
      const step = this.#step;
      this.#path = step.kind === "field"
        ? (up === "" ? step.name : `${up}.${step.name}`)
        : `${up}[${step.kind === "index" ? step.i : step.name}]`;
    }
    return this.#path;
  }

  /** Strict-decoder path (`spec.containers[0].env.FOO`). */
  get strict(): string {
    if (this.#strict === undefined) {
      const up = this.#parent!.strict;
      const step = this.#step;
      this.#strict = step.kind === "index"
        ? `${up}[${step.i}]`
        : (up === "" ? step.name : `${up}.${step.name}`);
    }
    return this.#strict;
  }

  /** JSON field names of struct fields from the root (Go's decode error context). */
  get fieldStack(): string[] {
    if (this.#parent === undefined) return this.#path === "" ? [] : this.#path!.split(".");
    const names = this.#parent.fieldStack;
    if (this.#step.kind === "field") names.push(this.#step.name);
    return names;
  }

  field(name: string, struct: string | undefined): Where {
    return new Where(this, { kind: "field", name }, struct);
  }

  index(i: number): Where {
    return new Where(this, { kind: "index", i }, this.struct);
  }

  key(k: string): Where {
    return new Where(this, { kind: "key", name: k }, this.struct);
  }
}

/** `json: cannot unmarshal <what> into Go struct field S.a.b of type T` (or `Go value`). */
function goUnmarshalMessage(what: string, w: Where | undefined, goType: string): string {
  const stack = w?.struct === undefined ? [] : w.fieldStack;
  const into = w?.struct !== undefined && stack.length > 0
    ? `Go struct field ${w.struct}.${stack.join(".")}`
    : "Go value";
  return `json: cannot unmarshal ${what} into ${into} of type ${goType}`;
}

function fail(
  ctx: Ctx,
  w: Where,
  value: unknown,
  detail: string,
  decodeMessage: string,
  type: "FieldValueTypeInvalid" | "FieldValueInvalid" = "FieldValueTypeInvalid",
): void {
  ctx.errors.push(new FieldError(type, w.path === "" ? "<nil>" : w.path, value, detail));
  ctx.decodeError ??= decodeMessage;
}

function typeError(ctx: Ctx, w: Where, value: unknown, expected: string, schema: Schema): void {
  fail(
    ctx,
    w,
    value,
    `must be of type ${expected}`,
    goUnmarshalMessage(jsonKind(value), w, goTypeName(schema)),
  );
}

function checkInteger(
  ctx: Ctx,
  w: Where,
  value: number,
  format: "int32" | "int64",
  goValue: boolean,
): void {
  const ok = Number.isInteger(value) &&
    (format === "int32" ? value >= INT32_MIN && value <= INT32_MAX : Math.abs(value) < INT64_LIMIT);
  if (ok) return;
  const where = goValue ? undefined : w;
  fail(
    ctx,
    w,
    value,
    Number.isInteger(value) ? `must fit in ${format}` : "must be of type integer",
    goUnmarshalMessage(`number ${String(value)}`, where, format),
  );
}

function walk(value: unknown, schema: Schema, w: Where, ctx: Ctx): void {
  // JSON null leaves Go's zero value (or nil) in place everywhere.
  if (value === null || value === undefined) return;
  const s = resolve(schema);
  switch (s.kind) {
    case "string":
      if (typeof value !== "string") typeError(ctx, w, value, "string", s);
      return;
    case "integer":
      if (typeof value !== "number") typeError(ctx, w, value, "integer", s);
      else checkInteger(ctx, w, value, s.format, false);
      return;
    case "number":
      if (typeof value !== "number") typeError(ctx, w, value, "number", s);
      return;
    case "boolean":
      if (typeof value !== "boolean") typeError(ctx, w, value, "boolean", s);
      return;
    case "time": {
      // metav1.Time decodes a JSON string, then parses it.
      if (typeof value !== "string") {
        fail(
          ctx,
          w,
          value,
          "must be of type string",
          goUnmarshalMessage(jsonKind(value), undefined, "string"),
        );
      } else {
        const err = goTimeParseError(value, s.micro);
        if (err !== undefined) {
          const layout = s.micro ? RFC3339_MICRO_LAYOUT : RFC3339_LAYOUT;
          fail(
            ctx,
            w,
            value,
            `must be an RFC 3339 date-time (${layout})`,
            err,
            "FieldValueInvalid",
          );
        }
      }
      return;
    }
    case "bytes": {
      if (typeof value !== "string") {
        typeError(ctx, w, value, "string", s);
        return;
      }
      const at = base64ErrorOffset(value);
      if (at >= 0) {
        const msg = `illegal base64 data at input byte ${at}`;
        fail(ctx, w, value, `must be base64-encoded: ${msg}`, msg, "FieldValueInvalid");
      }
      return;
    }
    case "quantity": {
      // Quantity.UnmarshalJSON parses the (unquoted, trimmed) literal of any JSON value.
      try {
        Quantity.fromJSON(
          typeof value === "string" || typeof value === "number" ? value : JSON.stringify(value),
        );
      } catch (e) {
        if (!(e instanceof QuantityParseError)) throw e;
        fail(ctx, w, value, e.message, e.message, "FieldValueInvalid");
      }
      return;
    }
    case "intOrString": {
      if (typeof value === "string") return;
      if (typeof value === "number") {
        checkInteger(ctx, w, value, "int32", true);
        return;
      }
      fail(
        ctx,
        w,
        value,
        "must be of type integer or string",
        goUnmarshalMessage(jsonKind(value), undefined, "int32"),
      );
      return;
    }
    case "any":
      return;
    case "array": {
      if (!Array.isArray(value)) {
        typeError(ctx, w, value, "array", s);
        return;
      }
      for (let i = 0; i < value.length; i++) walk(value[i], s.items, w.index(i), ctx);
      return;
    }
    case "map": {
      if (!isPlainObject(value)) {
        typeError(ctx, w, value, "object", s);
        return;
      }
      for (const k in value) walk(value[k], s.values, w.key(k), ctx);
      return;
    }
    case "object": {
      if (!isPlainObject(value)) {
        fail(
          ctx,
          w,
          value,
          "must be of type object",
          goUnmarshalMessage(jsonKind(value), w, goDefinitionName(s.name)),
        );
        return;
      }
      const fields = jsonFields(s);
      const struct = goStructName(s.name);
      for (const k in value) {
        const f = fields.get(k);
        const cw = w.field(k, struct);
        if (f === undefined) {
          ctx.unknown.push(cw.strict);
          continue;
        }
        walk(value[k], f.field.schema, cw, ctx);
      }
      return;
    }
  }
}

/**
 * Checks that `value` (decoded JSON) has the shape of `schema`: every value of the JSON type
 * its field needs, integers in range, quantities, timestamps and base64 well-formed, and no
 * fields the schema does not know. `path` prefixes every reported path (`spec` when checking a
 * PodSpec alone). `null` is accepted anywhere (Go leaves the zero value).
 */
export function validateShape(value: unknown, schema: Schema, path = ""): ShapeResult {
  const ctx: Ctx = { errors: [], unknown: [], decodeError: undefined };
  walk(value, schema, Where.root(path), ctx);
  return ctx.decodeError === undefined
    ? { errors: ctx.errors, unknown: ctx.unknown }
    : { errors: ctx.errors, unknown: ctx.unknown, decodeError: ctx.decodeError };
}
