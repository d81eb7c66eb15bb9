/**
 * Deletion propagation (after kube-apiserver's generic registry): which garbage-collection
 * finalizers a delete puts on the object. `propagationPolicy=Orphan` (or the deprecated
 * `orphanDependents=true`) adds `orphan`: the garbage collector strips the owner's
 * ownerReferences from its dependents, then the finalizer. `Foreground` adds
 * `foregroundDeletion`: the collector deletes the dependents first. `Background` (kubectl's
 * default) adds neither and removes both; with no policy, finalizers already on the object
 * decide, and otherwise the default is background (every kind served here defaults to deleting
 * its dependents, as apps/v1 and core/v1 do in Kubernetes).
 *
 * @module
 */
import { invalid as invalidField, notSupported } from "../../api/validation.ts";
import { invalid } from "./invalid.ts";

/** The finalizer that makes the garbage collector orphan an owner's dependents. */
export const ORPHAN_FINALIZER = "orphan";
/** The finalizer that makes the garbage collector delete an owner's dependents first. */
export const FOREGROUND_FINALIZER = "foregroundDeletion";

/** A DeleteOptions' propagation choice. */
export type PropagationPolicy = "Orphan" | "Background" | "Foreground";

/** The propagation fields of a DeleteOptions. */
export interface PropagationOptions {
  readonly propagationPolicy?: PropagationPolicy;
  /** Deprecated: `true` is Orphan, `false` Background. */
  readonly orphanDependents?: boolean;
}

const POLICIES: readonly string[] = ["Foreground", "Background", "Orphan"];

/**
 * Checks the propagation fields of a decoded DeleteOptions (ValidateDeleteOptions' rules);
 * throws 422 Invalid on a bad value.
 */
export function parsePropagation(
  propagationPolicy: unknown,
  orphanDependents: unknown,
): PropagationOptions {
  const errors = [];
  if (propagationPolicy !== undefined && propagationPolicy !== null) {
    if (orphanDependents !== undefined && orphanDependents !== null) {
      errors.push(
        invalidField(
          "propagationPolicy",
          propagationPolicy,
          "orphanDependents and deletionPropagation cannot be both set",
        ),
      );
    }
    if (typeof propagationPolicy !== "string" || !POLICIES.includes(propagationPolicy)) {
      errors.push(notSupported("propagationPolicy", propagationPolicy, [...POLICIES, "nil"]));
    }
  }
  if (
    orphanDependents !== undefined && orphanDependents !== null &&
    typeof orphanDependents !== "boolean"
  ) {
    errors.push(invalidField("orphanDependents", orphanDependents, "must be a boolean"));
  }
  if (errors.length > 0) throw invalid("DeleteOptions", "meta.k8s.io", "", errors);
  return {
    ...(typeof propagationPolicy === "string"
      ? { propagationPolicy: propagationPolicy as PropagationPolicy }
      : {}),
    ...(typeof orphanDependents === "boolean" ? { orphanDependents } : {}),
  };
}

/** Whether the delete orphans the dependents (shouldOrphanDependents). */
function orphans(current: readonly string[], options: PropagationOptions): boolean {
  if (options.orphanDependents !== undefined) return options.orphanDependents;
  if (options.propagationPolicy !== undefined) return options.propagationPolicy === "Orphan";
  for (const f of current) {
    if (f === ORPHAN_FINALIZER) return true;
    if (f === FOREGROUND_FINALIZER) return false;
  }
  return false;
}

/** Whether the delete deletes the dependents first (shouldDeleteDependents). */
function foreground(current: readonly string[], options: PropagationOptions): boolean {
  if (options.orphanDependents === true) return false;
  if (options.propagationPolicy !== undefined) return options.propagationPolicy === "Foreground";
  for (const f of current) {
    if (f === FOREGROUND_FINALIZER) return true;
    if (f === ORPHAN_FINALIZER) return false;
  }
  return false;
}

/**
 * The finalizers an object should carry after a delete with `options`, or `undefined` when
 * they stay as they are (deletionFinalizersForGarbageCollection).
 */
export function deletionFinalizers(
  current: readonly string[],
  options: PropagationOptions,
): string[] | undefined {
  const next = current.filter((f) => f !== ORPHAN_FINALIZER && f !== FOREGROUND_FINALIZER);
  if (orphans(current, options)) next.push(ORPHAN_FINALIZER);
  if (foreground(current, options)) next.push(FOREGROUND_FINALIZER);
  const same = next.length === current.length && next.every((f) => current.includes(f));
  return same ? undefined : next;
}
