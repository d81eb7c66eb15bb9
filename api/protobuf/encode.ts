/**
 * Schema-driven protobuf encoding, the inverse of {@link decodeMessage}: a JSON-shaped object
 * to a message of Kubernetes' protobuf schema, with `@bufbuild/protobuf`'s
 * {@link BinaryWriter}. Writes the fields present in the object (in field-number order, as Go
 * does); repeated scalars unpacked, as Kubernetes' proto2 messages are. Pure: no I/O.
 *
 * @module
 */
import { base64Decode, BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { type ObjectSchema, resolve, type ResolvedSchema } from "../schema/dsl.ts";
import { protoFields } from "../schema/proto.ts";

type Json = Record<string, unknown>;

/** Encodes `value` as a message of `definition`. Throws TypeError on values of a wrong type. */
export function encodeMessage(value: Json, definition: ObjectSchema): Uint8Array {
  const w = new BinaryWriter();
  writeFields(w, value, definition);
  return w.finish();
}

function writeFields(w: BinaryWriter, value: Json, definition: ObjectSchema): void {
  for (const f of protoFields(definition)) {
    if (f.inline) {
      const inner = resolve(f.schema);
      if (inner.kind !== "object") throw new TypeError(`${f.name}: an inline field is an object`);
      w.tag(f.number, WireType.LengthDelimited).fork();
      writeFields(w, value, inner);
      w.join();
      continue;
    }
    const v = value[f.name];
    if (v === undefined || v === null) continue;
    const s = f.schema;
    if (s.kind === "map") {
      const values = resolve(s.values);
      for (const [key, item] of Object.entries(v as Json)) {
        w.tag(f.number, WireType.LengthDelimited).fork();
        w.tag(1, WireType.LengthDelimited).string(key);
        writeValue(w, 2, item, values);
        w.join();
      }
    } else if (s.kind === "array") {
      const items = resolve(s.items);
      for (const item of v as unknown[]) writeValue(w, f.number, item, items);
    } else {
      writeValue(w, f.number, v, s);
    }
  }
}

function writeValue(w: BinaryWriter, number: number, v: unknown, s: ResolvedSchema): void {
  switch (s.kind) {
    case "string":
      w.tag(number, WireType.LengthDelimited).string(String(v));
      return;
    case "bytes":
      w.tag(number, WireType.LengthDelimited).bytes(base64Decode(String(v)));
      return;
    case "integer":
      if (s.format === "int32") w.tag(number, WireType.Varint).int32(Number(v));
      else w.tag(number, WireType.Varint).int64(Number(v));
      return;
    case "boolean":
      w.tag(number, WireType.Varint).bool(Boolean(v));
      return;
    case "number":
      w.tag(number, WireType.Bit64).double(Number(v));
      return;
    default:
      w.tag(number, WireType.LengthDelimited).fork();
      writeNested(w, v, s);
      w.join();
  }
}

function writeNested(w: BinaryWriter, v: unknown, s: ResolvedSchema): void {
  switch (s.kind) {
    case "object":
      writeFields(w, v as Json, s);
      return;
    case "time": {
      const ms = Date.parse(String(v));
      if (Number.isNaN(ms)) throw new TypeError(`not an RFC 3339 time: ${String(v)}`);
      const seconds = Math.floor(ms / 1000);
      const fraction = /\.(\d+)/.exec(String(v))?.[1] ?? "";
      const nanos = Number(fraction.padEnd(9, "0").slice(0, 9));
      w.tag(1, WireType.Varint).int64(seconds);
      if (nanos !== 0) w.tag(2, WireType.Varint).int32(nanos);
      return;
    }
    case "quantity":
      w.tag(1, WireType.LengthDelimited).string(String(v));
      return;
    case "intOrString":
      if (typeof v === "number") {
        w.tag(1, WireType.Varint).int64(0).tag(2, WireType.Varint).int32(v);
      } else {
        w.tag(1, WireType.Varint).int64(1).tag(3, WireType.LengthDelimited).string(String(v));
      }
      return;
    case "any": {
      const raw = new TextEncoder().encode(JSON.stringify(v));
      if (s.name === undefined) w.raw(raw);
      else w.tag(1, WireType.LengthDelimited).bytes(raw);
      return;
    }
    default:
      throw new TypeError(`${s.kind} is not a nested message`);
  }
}
