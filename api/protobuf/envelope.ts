/**
 * The envelope of `application/vnd.kubernetes.protobuf` bodies: the 4-byte magic `k8s\0`, then
 * a `runtime.Unknown` message {typeMeta = 1 {apiVersion = 1, kind = 2}, raw = 2,
 * contentEncoding = 3, contentType = 4} whose `raw` is the object's own message. Pure: no I/O.
 *
 * @module
 */
import { BinaryReader, BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { ProtobufDecodeError } from "./decode.ts";

/** The media type of Kubernetes' protobuf encoding. */
export const PROTOBUF_MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

/** The bytes every Kubernetes protobuf body starts with: `k8s\0`. */
export const PROTOBUF_MAGIC: Uint8Array = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

/** A decoded `runtime.Unknown`. */
export interface Unknown {
  /** TypeMeta.apiVersion (`v1`, `apps/v1`). */
  readonly apiVersion: string;
  /** TypeMeta.kind (`Pod`). */
  readonly kind: string;
  /** The object's message. */
  readonly raw: Uint8Array;
  /** How `raw` is compressed; Kubernetes writes `""` (none). */
  readonly contentEncoding: string;
  /** The encoding of `raw`; `""` means protobuf. */
  readonly contentType: string;
}

/** Decodes magic and `runtime.Unknown`; throws {@link ProtobufDecodeError} on bad bytes. */
export function decodeEnvelope(bytes: Uint8Array): Unknown {
  if (bytes.length < 4 || PROTOBUF_MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new ProtobufDecodeError(
      'the protobuf body does not start with the Kubernetes magic "k8s\\x00"',
    );
  }
  const out: { -readonly [K in keyof Unknown]: Unknown[K] } = {
    apiVersion: "",
    kind: "",
    raw: new Uint8Array(),
    contentEncoding: "",
    contentType: "",
  };
  try {
    const reader = new BinaryReader(bytes.subarray(4));
    while (reader.pos < reader.len) {
      const [number, wire] = reader.tag();
      if (wire !== WireType.LengthDelimited || number < 1 || number > 4) {
        throw new ProtobufDecodeError(
          `runtime.Unknown: unexpected field number ${number} (wire type ${wire})`,
        );
      }
      if (number === 1) {
        const meta = new BinaryReader(reader.bytes());
        while (meta.pos < meta.len) {
          const [n, w] = meta.tag();
          if (w !== WireType.LengthDelimited || (n !== 1 && n !== 2)) {
            throw new ProtobufDecodeError(
              `runtime.Unknown.typeMeta: unexpected field number ${n} (wire type ${w})`,
            );
          }
          if (n === 1) out.apiVersion = meta.string();
          else out.kind = meta.string();
        }
      } else if (number === 2) out.raw = reader.bytes();
      else if (number === 3) out.contentEncoding = reader.string();
      else out.contentType = reader.string();
    }
  } catch (error) {
    if (error instanceof ProtobufDecodeError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ProtobufDecodeError(`runtime.Unknown: malformed protobuf: ${reason}`);
  }
  return out;
}

/** Encodes magic and `runtime.Unknown` around `raw` (the inverse of {@link decodeEnvelope}). */
export function encodeEnvelope(apiVersion: string, kind: string, raw: Uint8Array): Uint8Array {
  const w = new BinaryWriter();
  w.raw(PROTOBUF_MAGIC);
  w.tag(1, WireType.LengthDelimited).fork();
  w.tag(1, WireType.LengthDelimited).string(apiVersion);
  w.tag(2, WireType.LengthDelimited).string(kind);
  w.join();
  w.tag(2, WireType.LengthDelimited).bytes(raw);
  w.tag(3, WireType.LengthDelimited).string("");
  w.tag(4, WireType.LengthDelimited).string("");
  return w.finish();
}
