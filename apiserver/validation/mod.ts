/**
 * Per-kind semantic validation, run after shape validation and defaulting: metadata for every
 * kind, and the workload rules for pods and controllers.
 *
 * @module
 */
import type { FieldError } from "../../api/validation.ts";
import type { ApiObject } from "../rest/metadata.ts";
import { validateObjectMeta } from "./object_meta.ts";
import { validateController, validatePod } from "./workloads.ts";

/** Field errors of `object` of `kind`; `old` on update. */
export function validateObject(kind: string, object: ApiObject, old?: ApiObject): FieldError[] {
  const errors = validateObjectMeta(kind, object, old);
  switch (kind) {
    case "Pod":
      errors.push(...validatePod(object, old));
      break;
    case "ReplicationController":
    case "ReplicaSet":
    case "Deployment":
      errors.push(...validateController(kind, object, old));
      break;
  }
  return errors;
}
