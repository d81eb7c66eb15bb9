import assert from "node:assert/strict";
import { ApiError } from "../errors.ts";
import { deletionFinalizers, parsePropagation } from "./delete_policy.ts";

Deno.test("deletionFinalizers follows the policy, then existing finalizers", () => {
  assert.deepEqual(deletionFinalizers([], { propagationPolicy: "Orphan" }), ["orphan"]);
  assert.deepEqual(deletionFinalizers(["x"], { propagationPolicy: "Foreground" }), [
    "x",
    "foregroundDeletion",
  ]);
  assert.equal(deletionFinalizers([], { propagationPolicy: "Background" }), undefined);
  assert.equal(deletionFinalizers([], {}), undefined);
  // Background removes both; an explicit policy replaces the other one.
  assert.deepEqual(deletionFinalizers(["orphan", "x"], { propagationPolicy: "Background" }), [
    "x",
  ]);
  assert.deepEqual(deletionFinalizers(["orphan"], { propagationPolicy: "Foreground" }), [
    "foregroundDeletion",
  ]);
  // Without a policy the finalizers already there stand.
  assert.equal(deletionFinalizers(["orphan"], {}), undefined);
  assert.deepEqual(deletionFinalizers([], { orphanDependents: true }), ["orphan"]);
  // orphanDependents=false only says "do not orphan": a foreground finalizer stays.
  assert.equal(deletionFinalizers(["foregroundDeletion"], { orphanDependents: false }), undefined);
  assert.deepEqual(deletionFinalizers(["orphan"], { orphanDependents: false }), []);
});

Deno.test("parsePropagation refuses unknown and conflicting values", () => {
  assert.deepEqual(parsePropagation("Foreground", undefined), { propagationPolicy: "Foreground" });
  assert.deepEqual(parsePropagation(undefined, true), { orphanDependents: true });
  assert.throws(
    () => parsePropagation("Sideways", undefined),
    (e: unknown) =>
      e instanceof ApiError && e.code === 422 &&
      e.message.includes('propagationPolicy: Unsupported value: "Sideways"'),
  );
  assert.throws(
    () => parsePropagation("Orphan", false),
    (e: unknown) => e instanceof ApiError && e.message.includes("cannot be both set"),
  );
});
