/**
 * Response media negotiation for protobuf clients: kubeno reads protobuf request bodies but
 * answers in JSON. Clients such as kubectl list JSON after protobuf in `Accept` and take the
 * JSON answer; a client that accepts protobuf only gets 406, as kube-apiserver answers a type
 * it cannot produce.
 *
 * @module
 */
import { PROTOBUF_MEDIA_TYPE } from "../../api/protobuf/envelope.ts";
import { ApiError } from "../errors.ts";

/** True when every media range in `accept` is Kubernetes protobuf (so JSON is unacceptable). */
export function acceptsOnlyProtobuf(accept: string | null): boolean {
  if (accept === null || accept.trim() === "") return false;
  return accept.split(",").every((range) =>
    range.split(";")[0]!.trim().toLowerCase() === PROTOBUF_MEDIA_TYPE
  );
}

/** Throws 406 NotAcceptable when the request accepts protobuf responses only. */
export function requireJsonAcceptable(request: Request): void {
  if (acceptsOnlyProtobuf(request.headers.get("accept"))) {
    throw new ApiError(
      "NotAcceptable",
      406,
      "only the following media types are accepted: application/json, application/yaml",
    );
  }
}
