/**
 * Request bodies: read with a size limit (kube-apiserver refuses bodies over 3 MiB with 413)
 * and decoded from JSON, YAML or Kubernetes protobuf by content type, every failure a 400 with a
 * readable message. A protobuf body decodes to the same object its JSON form would.
 *
 * @module
 */
import { parse as parseYaml } from "yaml";
import { decodeProtobufObject } from "../api/protobuf/object.ts";
import { ProtobufDecodeError } from "../api/protobuf/decode.ts";
import { PROTOBUF_MEDIA_TYPE } from "../api/protobuf/envelope.ts";
import { ApiError, badRequest } from "./errors.ts";

/** kube-apiserver's limit on request bodies. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Reads a body, refusing more than `limit` bytes with 413 RequestEntityTooLarge. */
export async function readBody(request: Request, limit = MAX_BODY_BYTES): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) {
    await request.body?.cancel();
    throw tooLarge(limit);
  }
  if (request.body === null) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}

function tooLarge(limit: number): ApiError {
  return new ApiError(
    "RequestEntityTooLarge",
    413,
    `Request entity too large: limit is ${limit}`,
  );
}

/** The media type of a request, without parameters ("application/json"). */
export function mediaType(request: Request): string {
  return (request.headers.get("content-type") ?? "application/json").split(";")[0]!.trim()
    .toLowerCase();
}

/**
 * Decodes a JSON or YAML document (by media type; YAML also accepts JSON). An empty body,
 * malformed text or a document that is not an object is a 400.
 */
export function decodeDocument(bytes: Uint8Array, media: string): unknown {
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === "") throw badRequest("the request body is empty");
  const yaml = media === "application/yaml" || media === "application/apply-patch+yaml" ||
    media === "text/yaml";
  let value: unknown;
  try {
    value = yaml ? parseYaml(text, { maxAliasCount: 100 }) : JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw badRequest(
      yaml ? `error converting YAML to JSON: ${reason}` : `the body is not valid JSON: ${reason}`,
    );
  }
  return value;
}

/**
 * Decodes a body that must be one object (a Kubernetes resource): JSON, YAML, or
 * `application/vnd.kubernetes.protobuf` (whose envelope names the kind to decode).
 */
export function decodeObjectBody(bytes: Uint8Array, media: string): Record<string, unknown> {
  if (media === PROTOBUF_MEDIA_TYPE) {
    if (bytes.length === 0) throw badRequest("the request body is empty");
    try {
      return decodeProtobufObject(bytes);
    } catch (error) {
      if (error instanceof ProtobufDecodeError) {
        throw badRequest(`the protobuf request body could not be decoded: ${error.message}`);
      }
      throw error;
    }
  }
  const value = decodeDocument(bytes, media);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw badRequest("the request body must be a JSON or YAML object");
  }
  return value as Record<string, unknown>;
}
