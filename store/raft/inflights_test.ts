import assert from "node:assert/strict";
import fc from "fast-check";
import { Inflights } from "./inflights.ts";

Deno.test("Inflights", async (t) => {
  await t.step("bounded by count: full at capacity, add when full throws", () => {
    const in_ = new Inflights(3);
    in_.add(1, 10);
    in_.add(2, 10);
    assert.equal(in_.full(), false);
    in_.add(5, 10);
    assert.equal(in_.full(), true);
    assert.equal(in_.count(), 3);
    assert.throws(() => in_.add(6, 1), RangeError);
  });

  await t.step("bounded by bytes", () => {
    const in_ = new Inflights(10, 100);
    in_.add(1, 60);
    assert.equal(in_.full(), false);
    in_.add(2, 40);
    assert.equal(in_.full(), true);
    in_.freeLE(1);
    assert.equal(in_.full(), false);
    assert.equal(in_.bytes(), 40);
  });

  await t.step("indexes must increase", () => {
    const in_ = new Inflights(4);
    in_.add(5, 0);
    assert.throws(() => in_.add(5, 0), RangeError);
    assert.throws(() => in_.add(4, 0), RangeError);
  });

  await t.step("freeLE frees a prefix, wraps around the ring", () => {
    const in_ = new Inflights(4);
    for (let i = 1; i <= 4; i++) in_.add(i, 1);
    in_.freeLE(2);
    assert.equal(in_.count(), 2);
    in_.add(5, 1);
    in_.add(6, 1);
    assert.equal(in_.full(), true);
    in_.freeLE(4);
    assert.equal(in_.count(), 2);
    in_.freeLE(0); // stale ack: nothing freed
    assert.equal(in_.count(), 2);
    in_.freeLE(100);
    assert.equal(in_.count(), 0);
    assert.equal(in_.bytes(), 0);
  });

  await t.step("reset and clone", () => {
    const in_ = new Inflights(2);
    in_.add(1, 3);
    const c = in_.clone();
    in_.reset();
    assert.equal(in_.count(), 0);
    assert.equal(c.count(), 1);
    assert.equal(c.bytes(), 3);
  });

  await t.step("model check against an array (fast-check)", () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 8 }),
      fc.array(fc.oneof(fc.constant("add" as const), fc.nat(40)), { maxLength: 60 }),
      (cap, ops) => {
        const in_ = new Inflights(cap);
        const model: number[] = [];
        let next = 1;
        for (const op of ops) {
          if (op === "add") {
            if (model.length === cap) continue;
            in_.add(next, 1);
            model.push(next);
            next += 1 + (next % 3);
          } else {
            in_.freeLE(op);
            while (model.length && model[0]! <= op) model.shift();
          }
          assert.equal(in_.count(), model.length);
          assert.equal(in_.full(), model.length === cap);
        }
      },
    ));
  });
});
