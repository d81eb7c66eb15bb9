/**
 * authentication.k8s.io/v1 TokenRequest: the body of the `serviceaccounts/token` subresource
 * (`kubectl create token`), with its spec defaults.
 *
 * Field names, protobuf numbers, descriptions and defaults follow Kubernetes' Go types
 * (`types.go`, `generated.proto`, `defaults.go`); the TypeScript types are inferred from the
 * schemas. Pure: no I/O.
 *
 * @module
 */

import { arr, field, int64, obj, str, time, type TypeOf } from "../schema/dsl.ts";
import { objectMetaSchema } from "./meta_v1.ts";

/** BoundObjectReference is a reference to an object that a token is bound to. */
export const boundObjectReferenceSchema = obj(
  "io.k8s.api.authentication.v1.BoundObjectReference",
  {
    kind: field(str(), {
      proto: 1,
      doc: "Kind of the referent. Valid kinds are 'Pod' and 'Secret'.",
    }),
    apiVersion: field(str(), { proto: 2, doc: "API version of the referent." }),
    name: field(str(), { proto: 3, doc: "Name of the referent." }),
    uid: field(str(), { proto: 4, doc: "UID of the referent." }),
  },
  { doc: "BoundObjectReference is a reference to an object that a token is bound to." },
);

/** TokenRequestSpec contains client provided parameters of a token request. */
export const tokenRequestSpecSchema = obj("io.k8s.api.authentication.v1.TokenRequestSpec", {
  audiences: field(arr(str(), { listType: "atomic" }), {
    proto: 1,
    doc:
      "Audiences are the intendend audiences of the token. A recipient of a token must identify themself with an identifier in the list of audiences of the token, and otherwise should reject the token.",
    required: true,
  }),
  expirationSeconds: field(int64(), {
    proto: 4,
    doc:
      "ExpirationSeconds is the requested duration of validity of the request. The token issuer may return a token with a different validity duration so a client needs to check the 'expiration' field in a response.",
    default: 3600,
  }),
  boundObjectRef: field(boundObjectReferenceSchema, {
    proto: 3,
    doc:
      "BoundObjectRef is a reference to an object that the token will be bound to. The token will only be valid for as long as the bound object exists.",
  }),
}, { doc: "TokenRequestSpec contains client provided parameters of a token request." });

/** TokenRequestStatus is the result of a token request. */
export const tokenRequestStatusSchema = obj("io.k8s.api.authentication.v1.TokenRequestStatus", {
  token: field(str(), { proto: 1, doc: "Token is the opaque bearer token.", required: true }),
  expirationTimestamp: field(time(), {
    proto: 2,
    doc: "ExpirationTimestamp is the time of expiration of the returned token.",
    required: true,
  }),
}, { doc: "TokenRequestStatus is the result of a token request." });

/** TokenRequest requests a token for a given service account. */
export const tokenRequestSchema = obj("io.k8s.api.authentication.v1.TokenRequest", {
  apiVersion: field(str(), {
    doc:
      "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
  }),
  kind: field(str(), {
    doc:
      "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
  }),
  metadata: field(objectMetaSchema, {
    proto: 1,
    doc:
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    default: {},
  }),
  spec: field(tokenRequestSpecSchema, {
    proto: 2,
    doc: "Spec holds information about the request being evaluated",
    required: true,
    default: {},
  }),
  status: field(tokenRequestStatusSchema, {
    proto: 3,
    doc: "Status is filled in by the server and indicates whether the token can be authenticated.",
  }),
}, {
  doc: "TokenRequest requests a token for a given service account.",
  gvk: [{ group: "authentication.k8s.io", version: "v1", kind: "TokenRequest" }],
});
/** TokenRequest requests a token for a given service account. */
export type TokenRequest = TypeOf<typeof tokenRequestSchema>;
