/**
 * Schema-driven protobuf decoding: turns a message of Kubernetes' protobuf schema into the
 * JSON-shaped object the JSON path produces for the same Go struct, using the field numbers
 * kept in the object schemas ({@link protoFields}). The wire format itself (varints, tags,
 * length-delimited fields) is read with `@bufbuild/protobuf`'s {@link BinaryReader}. Pure: no
 * I/O.
 *
 * How Go's structs make the JSON shape, and so what the decoder reproduces:
 * - Kubernetes' generated marshallers always write value (non-pointer) fields, zero or not, and
 *   nested value structs as (possibly empty) messages. A present message therefore becomes an
 *   object, even an empty one (Go's JSON writes `"spec": {}` too); an absent one is omitted.
 * - A zero scalar (`""`, `0`, `false`) is omitted, as Go's `omitempty` omits it, except when the
 *   field is required (no `omitempty`: Go writes the zero) or is a defaulted pointer (a field
 *   with a `default` that is not {@link Field.zeroIsUnset}: an explicit `replicas: 0` must not
 *   become "unset, default 1"). Pointer fields without a default lose an explicit zero; the
 *   schemas carry no pointer flag for them.
 * - A zero `metav1.Time` is `null`, as Go's JSON writes it (only value `Time` fields are written
 *   when zero; a nil `*Time` is absent).
 * - `bytes` become base64 strings; map fields are repeated key/value entry messages; repeated
 *   scalars are accepted packed or unpacked.
 *
 * @module
 */
import { base64Encode, BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { type Field, type ObjectSchema, resolve, type ResolvedSchema } from "../schema/dsl.ts";
import { type ProtoField, protoFields } from "../schema/proto.ts";

/** A malformed or unexpected protobuf message; `message` says where and what. */
export class ProtobufDecodeError extends Error {
  override readonly name = "ProtobufDecodeError";
}

type Json = Record<string, unknown>;

/** The element schema of a field (the items of a list, the values of a map). */
function elementOf(f: ProtoField): ResolvedSchema {
  const s = f.schema;
  if (s.kind === "array") return resolve(s.items);
  if (s.kind === "map") return resolve(s.values);
  return s;
}

const WIRE_NAMES: Record<number, string> = {
  [WireType.Varint]: "varint",
  [WireType.Bit64]: "fixed64",
  [WireType.LengthDelimited]: "length-delimited",
  [WireType.StartGroup]: "start-group",
  [WireType.EndGroup]: "end-group",
  [WireType.Bit32]: "fixed32",
};

/** The wire type a value of `s` travels as (unpacked). */
function expectedWire(s: ResolvedSchema): WireType {
  switch (s.kind) {
    case "integer":
    case "boolean":
      return WireType.Varint;
    case "number":
      return WireType.Bit64;
    default:
      return WireType.LengthDelimited;
  }
}

/** Runs `read`, turning the wire library's errors (truncation, bad varints) into ours. */
function guarded<T>(path: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ProtobufDecodeError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ProtobufDecodeError(`${path || "<root>"}: malformed protobuf: ${reason}`);
  }
}

/** Decodes a message of `definition` into its JSON shape. `path` names it in errors. */
export function decodeMessage(bytes: Uint8Array, definition: ObjectSchema, path = ""): Json {
  const byNumber = new Map(protoFields(definition).map((f) => [f.number, f]));
  const reader = new BinaryReader(bytes);
  const out: Json = {};
  while (reader.pos < reader.len) {
    const [number, wire] = guarded(path, () => reader.tag());
    const f = byNumber.get(number);
    if (f === undefined) {
      throw new ProtobufDecodeError(
        `${path || "<root>"}: unknown field number ${number} in ${shortName(definition)}`,
      );
    }
    const at = path === "" ? f.name : `${path}.${f.name}`;
    const element = elementOf(f);
    if (f.map) {
      expectWire(at, wire, WireType.LengthDelimited);
      const entry = guarded(at, () => reader.bytes());
      const [key, value] = decodeMapEntry(entry, element, at);
      ((out[f.name] ??= {}) as Json)[key] = value;
    } else if (f.repeated) {
      const list = (out[f.name] ??= []) as unknown[];
      const scalarWire = expectedWire(element);
      if (wire === WireType.LengthDelimited && scalarWire !== WireType.LengthDelimited) {
        // A packed run of varints or fixed64s.
        const packed = new BinaryReader(guarded(at, () => reader.bytes()));
        while (packed.pos < packed.len) {
          list.push(readValue(packed, scalarWire, element, `${at}[${list.length}]`));
        }
      } else {
        list.push(readValue(reader, wire, element, `${at}[${list.length}]`));
      }
    } else if (f.inline) {
      expectWire(at, wire, WireType.LengthDelimited);
      const inner = guarded(at, () => reader.bytes());
      if (element.kind !== "object") throw new TypeError(`${at}: an inline field is an object`);
      Object.assign(out, decodeMessage(inner, element, path));
    } else {
      const value = readValue(reader, wire, element, at);
      if (value === undefined) delete out[f.name];
      else out[f.name] = value;
    }
  }
  omitZeros(out, definition);
  return out;
}

function shortName(definition: ObjectSchema): string {
  return definition.name.slice(definition.name.lastIndexOf(".") + 1);
}

function expectWire(path: string, got: WireType, want: WireType): void {
  if (got !== want) {
    throw new ProtobufDecodeError(
      `${path}: expected a ${WIRE_NAMES[want]} field, got wire type ${WIRE_NAMES[got] ?? got}`,
    );
  }
}

/** Drops the zero scalars Go's `omitempty` would not write (see the module doc). */
function omitZeros(out: Json, definition: ObjectSchema): void {
  for (const [name, f] of Object.entries(definition.fields)) {
    if (f.inline || !(name in out)) continue;
    const field = f as Field;
    const value = out[name];
    const zero = value === "" || value === 0 || value === false;
    if (!zero || field.required) continue;
    const defaultedPointer = "default" in field && !field.zeroIsUnset;
    if (typeof value !== "string" && defaultedPointer) continue;
    delete out[name];
  }
}

/** Reads one value of schema `s` (one list element, or a singular field). */
function readValue(
  reader: BinaryReader,
  wire: WireType,
  s: ResolvedSchema,
  path: string,
): unknown {
  expectWire(path, wire, expectedWire(s));
  return guarded(path, () => {
    switch (s.kind) {
      case "string":
        return reader.string();
      case "bytes":
        return base64Encode(reader.bytes());
      case "integer":
        return s.format === "int32" ? reader.int32() : toNumber(reader.int64(), path);
      case "boolean":
        return reader.bool();
      case "number":
        return reader.double();
      default:
        return decodeNested(reader.bytes(), s, path);
    }
  });
}

function toNumber(value: bigint | string, path: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new ProtobufDecodeError(`${path}: ${value} does not fit in a JSON number`);
  }
  return n;
}

/** A nested message: an object, or one of apimachinery's wrappers (Time, Quantity, ...). */
function decodeNested(bytes: Uint8Array, s: ResolvedSchema, path: string): unknown {
  switch (s.kind) {
    case "object":
      return decodeMessage(bytes, s, path);
    case "time":
      return decodeTime(bytes, s.micro, path);
    case "quantity":
      // resource.Quantity {string = 1}.
      return (readWrapper(bytes, path, { 1: "string" })[1] as string | undefined) ?? "0";
    case "intOrString": {
      // intstr.IntOrString {type = 1 (0 int, 1 string), intVal = 2, strVal = 3}.
      const w = readWrapper(bytes, path, { 1: "varint", 2: "varint", 3: "string" });
      const type = (w[1] as number | undefined) ?? 0;
      if (type === 0) return (w[2] as number | undefined) ?? 0;
      if (type === 1) return (w[3] as string | undefined) ?? "";
      throw new ProtobufDecodeError(`${path}: IntOrString type ${type} is neither 0 nor 1`);
    }
    case "any": {
      // runtime.RawExtension {raw = 1}, FieldsV1 {Raw = 1}: JSON bytes; bare `bytes` too.
      const raw = s.name === undefined
        ? bytes
        : (readWrapper(bytes, path, { 1: "bytes" })[1] as Uint8Array | undefined);
      if (raw === undefined || raw.length === 0) return undefined;
      try {
        return JSON.parse(new TextDecoder().decode(raw));
      } catch {
        throw new ProtobufDecodeError(`${path}: embedded raw bytes are not JSON`);
      }
    }
    default:
      throw new TypeError(`${path}: ${s.kind} is not a nested message`);
  }
}

/** Reads a small wrapper message whose fields are all known scalars. */
function readWrapper(
  bytes: Uint8Array,
  path: string,
  shape: Readonly<Record<number, "varint" | "string" | "bytes">>,
): Record<number, unknown> {
  const reader = new BinaryReader(bytes);
  const out: Record<number, unknown> = {};
  while (reader.pos < reader.len) {
    const [number, wire] = guarded(path, () => reader.tag());
    const kind = shape[number];
    if (kind === undefined) {
      throw new ProtobufDecodeError(`${path}: unknown field number ${number}`);
    }
    expectWire(path, wire, kind === "varint" ? WireType.Varint : WireType.LengthDelimited);
    out[number] = guarded(
      path,
      () =>
        kind === "varint"
          ? toNumber(reader.int64(), path)
          : kind === "string"
          ? reader.string()
          : reader.bytes(),
    );
  }
  return out;
}

/** metav1.Time / MicroTime {seconds = 1, nanos = 2} as RFC 3339; the zero time is null. */
function decodeTime(bytes: Uint8Array, micro: boolean, path: string): string | null {
  const w = readWrapper(bytes, path, { 1: "varint", 2: "varint" });
  const seconds = (w[1] as number | undefined) ?? 0;
  const nanos = (w[2] as number | undefined) ?? 0;
  // Only value (non-pointer) Time fields are written when zero, and Go's JSON writes those null.
  if (seconds === 0 && nanos === 0) return null;
  if (nanos < 0 || nanos > 999_999_999) {
    throw new ProtobufDecodeError(`${path}: nanos ${nanos} out of range`);
  }
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) {
    throw new ProtobufDecodeError(`${path}: seconds ${seconds} out of range`);
  }
  const base = date.toISOString().slice(0, 19);
  return micro ? `${base}.${String(Math.floor(nanos / 1000)).padStart(6, "0")}Z` : `${base}Z`;
}

/** A map entry message {key = 1, value = 2}; a missing value is the zero value. */
function decodeMapEntry(
  bytes: Uint8Array,
  valueSchema: ResolvedSchema,
  path: string,
): [string, unknown] {
  const reader = new BinaryReader(bytes);
  let key = "";
  let value: unknown;
  while (reader.pos < reader.len) {
    const [number, wire] = guarded(path, () => reader.tag());
    if (number === 1) {
      expectWire(path, wire, WireType.LengthDelimited);
      key = guarded(path, () => reader.string());
    } else if (number === 2) {
      value = readValue(reader, wire, valueSchema, `${path}[${JSON.stringify(key)}]`);
    } else {
      throw new ProtobufDecodeError(`${path}: unknown field number ${number} in a map entry`);
    }
  }
  return [key, value ?? zeroOf(valueSchema)];
}

function zeroOf(s: ResolvedSchema): unknown {
  switch (s.kind) {
    case "string":
    case "bytes":
      return "";
    case "integer":
    case "number":
      return 0;
    case "boolean":
      return false;
    case "quantity":
      return "0";
    case "object":
      return {};
    default:
      return null;
  }
}
