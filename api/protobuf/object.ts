/**
 * Whole Kubernetes objects in `application/vnd.kubernetes.protobuf`: the envelope's
 * apiVersion/kind pick the schema among the served kinds and the subresource bodies, and the
 * object comes out with `apiVersion` and `kind` set, as a JSON body would carry them. Pure: no
 * I/O.
 *
 * @module
 */
import type { ObjectSchema } from "../schema/dsl.ts";
import { apiVersionOf, KINDS, parseApiVersion, SUBRESOURCE_SCHEMAS } from "../types/registry.ts";
import { decodeMessage, ProtobufDecodeError } from "./decode.ts";
import { decodeEnvelope, encodeEnvelope, PROTOBUF_MEDIA_TYPE } from "./envelope.ts";
import { encodeMessage } from "./encode.ts";

/** The schema of `kind` in `apiVersion` among the served kinds and subresource bodies. */
export function schemaForKind(apiVersion: string, kind: string): ObjectSchema | undefined {
  const { group, version } = parseApiVersion(apiVersion);
  const served = KINDS.find((k) =>
    k.kind === kind && apiVersionOf(k.group, k.version) === apiVersion
  );
  if (served !== undefined) return served.schema;
  return SUBRESOURCE_SCHEMAS.find((s) =>
    s.gvk?.some((g) => g.group === group && g.version === version && g.kind === kind)
  );
}

/**
 * Decodes a protobuf body into the object a JSON body would give. Throws
 * {@link ProtobufDecodeError} (with a readable message) for bad magic, malformed bytes, a
 * compressed or non-protobuf payload, an unknown kind or unknown fields.
 */
export function decodeProtobufObject(bytes: Uint8Array): Record<string, unknown> {
  const unknown = decodeEnvelope(bytes);
  if (unknown.contentEncoding !== "") {
    throw new ProtobufDecodeError(
      `runtime.Unknown: content encoding ${
        JSON.stringify(unknown.contentEncoding)
      } is not supported`,
    );
  }
  if (unknown.contentType !== "" && unknown.contentType !== PROTOBUF_MEDIA_TYPE) {
    throw new ProtobufDecodeError(
      `runtime.Unknown: content type ${JSON.stringify(unknown.contentType)} is not supported`,
    );
  }
  if (unknown.kind === "" || unknown.apiVersion === "") {
    throw new ProtobufDecodeError("runtime.Unknown: the body names no apiVersion and kind");
  }
  const schema = schemaForKind(unknown.apiVersion, unknown.kind);
  if (schema === undefined) {
    throw new ProtobufDecodeError(
      `no kind ${JSON.stringify(unknown.kind)} is registered for version ${
        JSON.stringify(unknown.apiVersion)
      }`,
    );
  }
  return {
    apiVersion: unknown.apiVersion,
    kind: unknown.kind,
    ...decodeMessage(unknown.raw, schema),
  };
}

/**
 * Encodes an object (with `apiVersion` and `kind`) as a protobuf body, the inverse of
 * {@link decodeProtobufObject}. Throws TypeError for a kind that is not served.
 */
export function encodeProtobufObject(object: Record<string, unknown>): Uint8Array {
  const apiVersion = String(object.apiVersion ?? "");
  const kind = String(object.kind ?? "");
  const schema = schemaForKind(apiVersion, kind);
  if (schema === undefined) throw new TypeError(`no schema for ${apiVersion} ${kind}`);
  return encodeEnvelope(apiVersion, kind, encodeMessage(object, schema));
}
