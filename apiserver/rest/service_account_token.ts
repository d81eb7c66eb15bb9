/**
 * `POST .../serviceaccounts/<name>/token` (`kubectl create token`): a TokenRequest in, the same
 * TokenRequest out with `status.token` and `status.expirationTimestamp`.
 *
 * kubeno has no authentication yet, so the token is a random opaque string that nothing checks
 * (kube-apiserver signs a JWT for the service account); the request is validated as
 * kube-apiserver validates it, so clients see the same errors.
 *
 * @module
 */
import { applyDefaults } from "../../api/schema/defaults.ts";
import { strictDecodingMessage, validateShape } from "../../api/schema/shape.ts";
import { tokenRequestSchema } from "../../api/types/authentication_v1.ts";
import { type FieldError, invalid as invalidField } from "../../api/validation.ts";
import { decodeObjectBody, mediaType, readBody } from "../body.ts";
import { badRequest } from "../errors.ts";
import { jsonResponse } from "../status.ts";
import { invalid } from "./invalid.ts";
import { type ApiObject, defaultTypeAndNamespace, nowTimestamp } from "./metadata.ts";

/** The audience tokens get when the request names none (kube-apiserver's default). */
export const DEFAULT_AUDIENCES: readonly string[] = [
  "https://kubernetes.default.svc.cluster.local",
];

/** kube-apiserver refuses tokens valid for less than ten minutes... */
const MIN_EXPIRATION_SECONDS = 600;
/** ...or for more than 2^32 seconds. */
const MAX_EXPIRATION_SECONDS = 2 ** 32;

interface TokenRequestBody extends ApiObject {
  spec: { audiences?: string[]; expirationSeconds?: number; boundObjectRef?: unknown };
  status?: unknown;
}

/**
 * Answers a token request for service account `name` in `namespace`. `serviceAccount` throws
 * 404 when the account does not exist.
 */
export async function createServiceAccountToken(
  request: Request,
  namespace: string,
  name: string,
  serviceAccount: () => Promise<ApiObject>,
  now: Date = new Date(),
): Promise<Response> {
  const body = decodeObjectBody(await readBody(request), mediaType(request)) as TokenRequestBody;
  defaultTypeAndNamespace(body, "authentication.k8s.io/v1", "TokenRequest", namespace);
  const shape = validateShape(body, tokenRequestSchema);
  if (shape.decodeError !== undefined) {
    throw badRequest(`TokenRequest cannot be handled as a TokenRequest: ${shape.decodeError}`);
  }
  if (shape.errors.length > 0) {
    throw invalid("TokenRequest", "authentication.k8s.io", name, shape.errors);
  }
  if (shape.unknown.length > 0) throw badRequest(strictDecodingMessage(shape.unknown));
  applyDefaults(body, tokenRequestSchema);
  await serviceAccount();

  const errors: FieldError[] = [];
  const seconds = body.spec.expirationSeconds ?? 3600;
  if (seconds < MIN_EXPIRATION_SECONDS) {
    errors.push(
      invalidField(
        "spec.expirationSeconds",
        seconds,
        "may not specify a duration less than 10 minutes",
      ),
    );
  } else if (seconds > MAX_EXPIRATION_SECONDS) {
    errors.push(
      invalidField(
        "spec.expirationSeconds",
        seconds,
        "may not specify a duration larger than 2^32 seconds",
      ),
    );
  }
  if (errors.length > 0) throw invalid("TokenRequest", "authentication.k8s.io", name, errors);

  if (!body.spec.audiences || body.spec.audiences.length === 0) {
    body.spec.audiences = [...DEFAULT_AUDIENCES];
  }
  const secret = crypto.getRandomValues(new Uint8Array(32));
  const token = btoa(String.fromCharCode(...secret)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
  body.metadata = { name, namespace };
  body.status = {
    token: `kubeno.${token}`,
    expirationTimestamp: nowTimestamp(new Date(now.getTime() + seconds * 1000)),
  };
  return jsonResponse(body, 201);
}
