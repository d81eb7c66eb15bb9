import assert from "node:assert/strict";
import fc from "fast-check";
import {
  applyToConfState,
  ConfChangeType,
  decodeConfChange,
  encodeConfChange,
  validateConfChange,
} from "./conf_change.ts";
import type { ConfState } from "./types.ts";

Deno.test("conf change", async (t) => {
  await t.step("codec round-trips (fast-check)", () => {
    fc.assert(fc.property(
      fc.constantFrom(ConfChangeType.AddNode, ConfChangeType.AddLearner, ConfChangeType.RemoveNode),
      fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      (type, nodeId) => {
        assert.deepEqual(decodeConfChange(encodeConfChange({ type, nodeId })), { type, nodeId });
      },
    ));
  });

  await t.step("codec round-trips a context (fast-check)", () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      fc.uint8Array({ minLength: 1, maxLength: 300 }),
      (nodeId, context) => {
        const cc = { type: ConfChangeType.AddNode, nodeId, context };
        assert.deepEqual(decodeConfChange(encodeConfChange(cc)), cc);
      },
    ));
  });

  await t.step("version 1 data (no context) still decodes", () => {
    assert.deepEqual(decodeConfChange(new Uint8Array([1, 2, 5])), {
      type: ConfChangeType.RemoveNode,
      nodeId: 5,
    });
  });

  await t.step("codec rejects malformed data", () => {
    assert.throws(() => decodeConfChange(new Uint8Array()), RangeError);
    assert.throws(() => decodeConfChange(new Uint8Array([3, 0, 1])), RangeError); // version
    assert.throws(() => decodeConfChange(new Uint8Array([2, 0, 1, 5])), RangeError); // context
    assert.throws(() => decodeConfChange(new Uint8Array([1, 7, 1])), RangeError); // type
    assert.throws(() => decodeConfChange(new Uint8Array([1, 0, 0])), RangeError); // node 0
    assert.throws(() => decodeConfChange(new Uint8Array([1, 0, 1, 0])), RangeError); // trailing
    assert.throws(() => encodeConfChange({ type: ConfChangeType.AddNode, nodeId: 0 }), RangeError);
  });

  await t.step("apply: add, promote, remove; ids stay sorted", () => {
    let cs: ConfState = { voters: [1], learners: [] };
    cs = applyToConfState(cs, { type: ConfChangeType.AddNode, nodeId: 3 });
    cs = applyToConfState(cs, { type: ConfChangeType.AddLearner, nodeId: 2 });
    assert.deepEqual(cs, { voters: [1, 3], learners: [2] });
    cs = applyToConfState(cs, { type: ConfChangeType.AddNode, nodeId: 2 });
    assert.deepEqual(cs, { voters: [1, 2, 3], learners: [] });
    cs = applyToConfState(cs, { type: ConfChangeType.RemoveNode, nodeId: 1 });
    assert.deepEqual(cs, { voters: [2, 3], learners: [] });
    // Re-adding an existing voter is a no-op.
    assert.deepEqual(applyToConfState(cs, { type: ConfChangeType.AddNode, nodeId: 2 }), cs);
  });

  await t.step("invalid changes are refused and leave the membership unchanged", () => {
    const cs = { voters: [1, 2], learners: [] };
    const demote = { type: ConfChangeType.AddLearner, nodeId: 1 };
    assert.ok(validateConfChange(cs, demote));
    assert.equal(applyToConfState(cs, demote), cs);
    const lone = { voters: [1], learners: [] };
    const removeLast = { type: ConfChangeType.RemoveNode, nodeId: 1 };
    assert.ok(validateConfChange(lone, removeLast));
    assert.equal(applyToConfState(lone, removeLast), lone);
  });
});
