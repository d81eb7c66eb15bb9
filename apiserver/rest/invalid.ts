/**
 * 422 Invalid errors from field errors, worded exactly as kube-apiserver words them (kubectl
 * prints `The Pod "x" is invalid:` and one `* field: message` line per cause).
 *
 * @module
 */
import type { FieldError } from "../../api/validation.ts";
import { ApiError } from "../errors.ts";

/** 422 Invalid for `kind` `name` with `errors` (at least one). */
export function invalid(
  kind: string,
  group: string,
  name: string,
  errors: readonly FieldError[],
): ApiError {
  const messages = errors.map((error) => `${error.field}: ${error.body}`);
  const summary = messages.length === 1 ? messages[0]! : `[${messages.join(", ")}]`;
  return new ApiError("Invalid", 422, `${kind} "${name}" is invalid: ${summary}`, {
    name,
    ...(group === "" ? {} : { group }),
    kind,
    causes: errors.map((error) => ({
      reason: error.type,
      message: error.body,
      field: error.field,
    })),
  });
}
