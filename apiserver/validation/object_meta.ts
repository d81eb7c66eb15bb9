/**
 * Validation of ObjectMeta common to every kind (after apimachinery's ValidateObjectMeta):
 * the name's format per kind, labels, annotations, and what an update may not change.
 *
 * @module
 */
import {
  type FieldError,
  invalid,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  validateAnnotations,
  validateLabels,
} from "../../api/validation.ts";
import type { ApiObject } from "../rest/metadata.ts";

/** Kinds whose names must be DNS-1123 labels (not subdomains). */
const LABEL_NAMED = new Set(["Namespace", "Service"]);

/** Field errors of `object`'s metadata; `old` on update. */
export function validateObjectMeta(kind: string, object: ApiObject, old?: ApiObject): FieldError[] {
  const meta = object.metadata;
  const errors: FieldError[] = [];
  const name = meta.name ?? "";
  if (name !== "") {
    const check = LABEL_NAMED.has(kind) ? nameIsDNSLabel : nameIsDNSSubdomain;
    for (const message of check(name, false)) errors.push(invalid("metadata.name", name, message));
  }
  errors.push(...validateLabels(meta.labels, "metadata.labels"));
  errors.push(...validateAnnotations(meta.annotations, "metadata.annotations"));
  if (old !== undefined) {
    if (meta.namespace !== old.metadata.namespace) {
      errors.push(invalid("metadata.namespace", meta.namespace ?? "", "field is immutable"));
    }
  }
  return errors;
}
