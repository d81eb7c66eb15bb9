import assert from "node:assert/strict";
import fc from "fast-check";
import { BlockSortedMap, MAX_BLOCK } from "./ordered_index.ts";
import { compareBytes, fromKeyString, prefixEnd, toKeyString } from "./bytes.ts";

type Op = { op: "set"; k: string; v: number } | { op: "del"; k: string } | {
  op: "scan";
  lo: string;
  hi: string | undefined;
  stopAfter: number;
};

const key = fc.string({ unit: fc.constantFrom("a", "b", "c", "\x00", "\xff"), maxLength: 4 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant("set" as const), k: key, v: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("del" as const), k: key }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("scan" as const),
      lo: key,
      hi: fc.option(key, { nil: undefined }),
      stopAfter: fc.integer({ min: 1, max: 50 }),
    }),
  },
);

Deno.test("BlockSortedMap agrees with a sorted model (property)", () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
      const m = new BlockSortedMap<number>();
      const model = new Map<string, number>();
      for (const o of ops) {
        if (o.op === "set") {
          m.set(o.k, o.v);
          model.set(o.k, o.v);
        } else if (o.op === "del") {
          assert.equal(m.delete(o.k), model.delete(o.k));
        } else {
          const got: [string, number][] = [];
          m.scan(o.lo, o.hi, (k, v) => {
            got.push([k, v]);
            return got.length < o.stopAfter;
          });
          const want = [...model.entries()]
            .filter(([k]) => k >= o.lo && (o.hi === undefined || k < o.hi))
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .slice(0, o.stopAfter);
          assert.deepEqual(got, want);
        }
        assert.equal(m.size, model.size);
      }
      for (const [k, v] of model) assert.equal(m.get(k), v);
    }),
    { numRuns: 300 },
  );
});

Deno.test("BlockSortedMap splits and merges blocks across many keys", () => {
  const m = new BlockSortedMap<number>();
  const n = MAX_BLOCK * 9 + 7;
  // Insert in a scrambled order.
  for (let i = 0; i < n; i++) {
    const j = (i * 7919) % n;
    m.set(String(j).padStart(6, "0"), j);
  }
  assert.equal(m.size, n);
  const seen = [...m.entries()].map(([, v]) => v);
  assert.deepEqual(seen, Array.from({ length: n }, (_, i) => i));
  for (let i = 0; i < n; i += 2) assert.ok(m.delete(String(i).padStart(6, "0")));
  const rest: number[] = [];
  m.scan("001000", "002000", (_k, v) => {
    rest.push(v);
  });
  assert.deepEqual(rest, Array.from({ length: 500 }, (_, i) => 1001 + 2 * i));
  for (let i = 1; i < n; i += 2) assert.ok(m.delete(String(i).padStart(6, "0")));
  assert.equal(m.size, 0);
  assert.deepEqual([...m.entries()], []);
});

Deno.test("key strings order like bytes; prefixEnd", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 6 }), fc.uint8Array({ maxLength: 6 }), (x, y) => {
      const sx = toKeyString(x);
      const sy = toKeyString(y);
      assert.equal(Math.sign(compareBytes(x, y)), sx < sy ? -1 : sx > sy ? 1 : 0);
      assert.deepEqual(fromKeyString(sx), x);
    }),
  );
  assert.deepEqual(prefixEnd(Uint8Array.of(1, 2)), Uint8Array.of(1, 3));
  assert.deepEqual(prefixEnd(Uint8Array.of(1, 0xff)), Uint8Array.of(2));
  assert.deepEqual(prefixEnd(Uint8Array.of(0xff, 0xff)), Uint8Array.of(0));
  const big = new Uint8Array(10_000).fill(200);
  assert.deepEqual(fromKeyString(toKeyString(big)), big);
});
