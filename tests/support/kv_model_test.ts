import assert from "node:assert/strict";
import fc from "fast-check";
import {
  bruteForceLinearizable,
  checkLinearizability,
  type CheckResult,
  type History,
  type Model,
  type Operation,
  UNKNOWN_OUTPUT,
} from "./linearizability.ts";
import {
  applyKv,
  describeKvOperation,
  hashKvState,
  kvCas,
  kvDelete,
  kvGet,
  type KvInput,
  kvModel,
  type KvOutput,
  kvPut,
  type KvState,
  partitionByKey,
  type RegisterInput,
  registerModel,
  type RegisterOutput,
} from "./kv_model.ts";

type KvOp = Operation<KvInput, KvOutput>;

const kv = kvModel();

function op(
  client: number,
  input: KvInput,
  output: KvOutput,
  call: number,
  ret: number,
): KvOp {
  return { clientId: client, input, output, call, return: ret };
}

function pending(client: number, input: KvInput, call: number): KvOp {
  return { clientId: client, input, call };
}

const got = (value: string | null): KvOutput => ({ op: "get", value });
const put: KvOutput = { op: "put" };
const del: KvOutput = { op: "delete" };
const cas = (succeeded: boolean): KvOutput => ({ op: "cas", succeeded });

function verdict<S, I, O>(res: CheckResult<S, I, O>): string {
  return res.result;
}

// ---------------------------------------------------------------------------------------------
// Hand-written histories
// ---------------------------------------------------------------------------------------------

Deno.test("kv: get/put/delete sequential semantics", () => {
  const h = [
    op(1, kvGet("a"), got(null), 0, 1),
    op(1, kvPut("a", "1"), put, 2, 3),
    op(2, kvGet("a"), got("1"), 4, 5),
    op(2, kvDelete("a"), del, 6, 7),
    op(1, kvGet("a"), got(null), 8, 9),
  ];
  assert.equal(verdict(checkLinearizability(kv, h)), "ok");
  const resurrected = [...h, op(3, kvGet("a"), got("1"), 10, 11)];
  assert.equal(verdict(checkLinearizability(kv, resurrected)), "illegal");
});

Deno.test("kv: stale read after a completed put is rejected, with explanation", () => {
  const h = [
    op(1, kvPut("a", "1"), put, 0, 10),
    op(1, kvPut("b", "x"), put, 0, 10),
    op(2, kvGet("b"), got("x"), 11, 12),
    op(2, kvGet("a"), got(null), 20, 30),
  ];
  const res = checkLinearizability(kv, h);
  assert.equal(res.result, "illegal");
  if (res.result !== "illegal") return;
  assert.equal(res.failure.stuckOn?.index, 3);
  assert.match(res.explanation, /Could not linearize: #3 \[client 2\] get\("a"\) -> <absent>/);
  assert.match(res.explanation, /State after the prefix: \{"a": "1"\}/);
  assert.match(res.explanation, /#0 \[client 1\] put\("a", "1"\)/);
});

Deno.test("kv: keys are independent", () => {
  // Per key this is fine, even though "b" is read as absent after "a" was written.
  const h = [
    op(1, kvPut("a", "1"), put, 0, 1),
    op(2, kvGet("b"), got(null), 2, 3),
    op(2, kvGet("a"), got("1"), 4, 5),
  ];
  const res = checkLinearizability(kv, h);
  assert.equal(res.result, "ok");
  assert.equal(res.stats.partitions, 2);
  if (res.result === "ok") {
    // One witness per partition, in the order partitionByKey returned them ("a", then "b").
    assert.deepEqual(res.linearizations.map((l) => l.map((o) => o.index)), [[0, 2], [1]]);
  }
});

Deno.test("kv: compare-and-set semantics", () => {
  const ok = [
    op(1, kvCas("a", null, "1"), cas(true), 0, 1), // create if absent
    op(2, kvCas("a", null, "2"), cas(false), 2, 3), // already exists
    op(2, kvCas("a", "1", "3"), cas(true), 4, 5),
    op(1, kvGet("a"), got("3"), 6, 7),
    op(1, kvCas("a", "3", null), cas(true), 8, 9), // delete via cas
    op(2, kvGet("a"), got(null), 10, 11),
  ];
  assert.equal(verdict(checkLinearizability(kv, ok)), "ok");
  // Two concurrent creates cannot both succeed.
  const bothWin = [
    op(1, kvCas("a", null, "1"), cas(true), 0, 10),
    op(2, kvCas("a", null, "2"), cas(true), 0, 10),
  ];
  assert.equal(verdict(checkLinearizability(kv, bothWin)), "illegal");
  // A cas that failed although nothing could have changed the value.
  const spurious = [
    op(1, kvPut("a", "1"), put, 0, 1),
    op(2, kvCas("a", "1", "2"), cas(false), 2, 3),
  ];
  assert.equal(verdict(checkLinearizability(kv, spurious)), "illegal");
  // Concurrent cas losers and winners in either order.
  const race = [
    op(1, kvPut("a", "0"), put, 0, 1),
    op(2, kvCas("a", "0", "x"), cas(true), 2, 10),
    op(3, kvCas("a", "0", "y"), cas(false), 2, 10),
    op(4, kvGet("a"), got("x"), 11, 12),
  ];
  assert.equal(verdict(checkLinearizability(kv, race)), "ok");
});

Deno.test("kv: optional put prev / delete existed are checked when present", () => {
  const h = [
    op(1, kvPut("a", "1"), { op: "put", prev: null }, 0, 1),
    op(1, kvPut("a", "2"), { op: "put", prev: "1" }, 2, 3),
    op(1, kvDelete("a"), { op: "delete", existed: true }, 4, 5),
    op(1, kvDelete("a"), { op: "delete", existed: false }, 6, 7),
  ];
  assert.equal(verdict(checkLinearizability(kv, h)), "ok");
  const wrongPrev = [...h.slice(0, 1), op(1, kvPut("a", "2"), { op: "put", prev: null }, 2, 3)];
  assert.equal(verdict(checkLinearizability(kv, wrongPrev)), "illegal");
  const wrongExisted = [op(1, kvDelete("a"), { op: "delete", existed: true }, 0, 1)];
  assert.equal(verdict(checkLinearizability(kv, wrongExisted)), "illegal");
});

Deno.test("kv: initial contents", () => {
  const m = kvModel({ initial: { a: "seed" } });
  assert.equal(verdict(checkLinearizability(m, [op(1, kvGet("a"), got("seed"), 0, 1)])), "ok");
  assert.equal(
    verdict(checkLinearizability(kv, [op(1, kvGet("a"), got("seed"), 0, 1)])),
    "illegal",
  );
});

Deno.test("kv: keys that look like Object.prototype members are ordinary keys", () => {
  const h = [
    op(1, kvGet("constructor"), got(null), 0, 1),
    op(1, kvGet("__proto__"), got(null), 2, 3),
  ];
  assert.equal(verdict(checkLinearizability(kv, h)), "ok");
});

Deno.test("kv: unknown-outcome put may or may not have taken effect", () => {
  const crashed = pending(1, kvPut("a", "1"), 0);
  const tookEffect = [crashed, op(2, kvGet("a"), got("1"), 50, 51)];
  assert.equal(verdict(checkLinearizability(kv, tookEffect)), "ok");
  const didNot = [
    crashed,
    op(2, kvGet("a"), got(null), 50, 51),
    op(2, kvGet("a"), got(null), 90, 91),
  ];
  assert.equal(verdict(checkLinearizability(kv, didNot)), "ok");
  // Took effect late: after a later completed put by someone else.
  const late = [
    crashed,
    op(2, kvPut("a", "2"), put, 10, 11),
    op(3, kvGet("a"), got("2"), 12, 13),
    op(3, kvGet("a"), got("1"), 14, 15),
  ];
  assert.equal(verdict(checkLinearizability(kv, late)), "ok");
  // ... but not twice.
  const twice = [...late, op(3, kvPut("a", "3"), put, 16, 17), op(3, kvGet("a"), got("1"), 18, 19)];
  assert.equal(verdict(checkLinearizability(kv, twice)), "illegal");
});

Deno.test("kv: unknown-outcome cas applies only if its expectation held", () => {
  const h = [
    op(1, kvPut("a", "0"), put, 0, 1),
    pending(2, kvCas("a", "zzz", "1"), 2), // cannot succeed: "a" is never "zzz"
    op(3, kvGet("a"), got("1"), 10, 11),
  ];
  assert.equal(verdict(checkLinearizability(kv, h)), "illegal");
  const h2 = [
    op(1, kvPut("a", "0"), put, 0, 1),
    pending(2, kvCas("a", "0", "1"), 2),
    op(3, kvGet("a"), got("1"), 10, 11),
  ];
  assert.equal(verdict(checkLinearizability(kv, h2)), "ok");
});

Deno.test("kv: mismatched output kind is a programming error", () => {
  const h = [op(1, kvGet("a"), put, 0, 1)];
  assert.throws(() => checkLinearizability(kv, h), TypeError);
});

Deno.test("kv: describe helpers", () => {
  assert.equal(describeKvOperation(kvGet("a"), got("1")), 'get("a") -> "1"');
  assert.equal(describeKvOperation(kvGet("a"), UNKNOWN_OUTPUT), 'get("a") -> ?');
  assert.equal(describeKvOperation(kvPut("a", "1"), put), 'put("a", "1")');
  assert.equal(
    describeKvOperation(kvPut("a", "1"), { op: "put", prev: null }),
    'put("a", "1") (prev <absent>)',
  );
  assert.equal(describeKvOperation(kvDelete("a"), UNKNOWN_OUTPUT), 'delete("a") -> ?');
  assert.equal(
    describeKvOperation(kvCas("a", null, "1"), cas(true)),
    'cas("a", <absent> => "1") -> true',
  );
  assert.equal(
    hashKvState(new Map([["b", "2"], ["a", "1"]])),
    hashKvState(new Map([["a", "1"], ["b", "2"]])),
  );
  assert.notEqual(hashKvState(new Map([["a", "1"]])), hashKvState(new Map([["a", "2"]])));
});

Deno.test("register model: read/write and unknown writes", () => {
  const m = registerModel("init");
  type Op = Operation<RegisterInput<string>, RegisterOutput<string>>;
  const h: Op[] = [
    { clientId: 1, input: { op: "read" }, output: "init", call: 0, return: 1 },
    { clientId: 1, input: { op: "write", value: "x" }, output: undefined, call: 2, return: 3 },
    { clientId: 2, input: { op: "write", value: "y" }, call: 4 },
    { clientId: 1, input: { op: "read" }, output: "y", call: 5, return: 6 },
  ];
  assert.equal(verdict(checkLinearizability(m, h)), "ok");
  assert.equal(verdict(checkLinearizability(m, h.slice(0, 2).concat(h.slice(3)))), "illegal");
});

// ---------------------------------------------------------------------------------------------
// Generated histories
// ---------------------------------------------------------------------------------------------

/** What happens to an operation's response. */
type Fate = "returned" | "lost-applied" | "lost-not-applied";

/** One client operation before timing/outputs are fixed. */
interface OpSpec {
  readonly kind: "get" | "put" | "delete" | "cas";
  readonly key: number;
  /** Idle time before the call. */
  readonly gap: number;
  /** Time from call to linearization point. */
  readonly pre: number;
  /** Time from linearization point to return. */
  readonly post: number;
  /** For cas: whether to expect the current value (succeeds) or something else. */
  readonly casHit: boolean;
  readonly fate: Fate;
  /** For lost-applied operations: extra delay of the effect past the client's timeout. */
  readonly lateness: number;
}

interface GenParams {
  readonly clients: number;
  readonly opsPerClient: number;
  readonly keys: number;
  /** Relative weight of lost (unknown outcome) operations; 0 disables them. */
  readonly lostWeight: number;
}

function opSpecArb(p: GenParams): fc.Arbitrary<OpSpec> {
  return fc.record({
    kind: fc.constantFrom("get", "get", "put", "delete", "cas", "cas") as fc.Arbitrary<
      OpSpec["kind"]
    >,
    key: fc.nat(p.keys - 1),
    gap: fc.nat(5),
    pre: fc.nat(10),
    post: fc.nat(10),
    casHit: fc.boolean(),
    fate: p.lostWeight === 0 ? fc.constant<Fate>("returned") : fc.oneof(
      { arbitrary: fc.constant<Fate>("returned"), weight: 20 },
      { arbitrary: fc.constant<Fate>("lost-applied"), weight: p.lostWeight },
      { arbitrary: fc.constant<Fate>("lost-not-applied"), weight: p.lostWeight },
    ),
    lateness: fc.nat(40),
  });
}

function historyArb(p: GenParams): fc.Arbitrary<KvOp[]> {
  // size "max": lengths uniform over the whole range, not biased towards tiny histories.
  return fc.array(fc.array(opSpecArb(p), { maxLength: p.opsPerClient, size: "max" }), {
    minLength: 1,
    maxLength: p.clients,
    size: "max",
  }).map(buildHistory);
}

/**
 * Turns per-client op specs into a history by executing the operations on a real map in the
 * order of their linearization points. Each client runs its operations one after another; the
 * linearization point lies within [call, return], so the linearization-point order is a valid
 * linearization and the history must be accepted. Lost operations never return: some take
 * effect (possibly long after the client gave up), others never do.
 */
function buildHistory(clients: readonly (readonly OpSpec[])[]): KvOp[] {
  interface Planned {
    readonly spec: OpSpec;
    readonly client: number;
    readonly call: number;
    readonly ret: number;
    readonly point: number | undefined; // linearization point (undefined: never applied)
  }
  const planned: Planned[] = [];
  clients.forEach((specs, client) => {
    let now = 0;
    for (const spec of specs) {
      const call = now + spec.gap;
      const ret = call + spec.pre + spec.post;
      const point = spec.fate === "lost-not-applied"
        ? undefined
        : call + spec.pre + (spec.fate === "lost-applied" ? spec.lateness : 0);
      planned.push({ spec, client, call, ret, point });
      now = ret; // a client with a lost op gives up at `ret` and carries on
    }
  });
  const store = new Map<string, string>();
  const byPoint = planned.filter((x) => x.point !== undefined).sort((a, b) =>
    (a.point as number) - (b.point as number)
  );
  const results = new Map<Planned, { input: KvInput; output: KvOutput }>();
  let counter = 0;
  const inputFor = (x: Planned): KvInput => {
    const key = `k${x.spec.key}`;
    const value = `v${counter++}`; // every written value is unique
    switch (x.spec.kind) {
      case "get":
        return kvGet(key);
      case "put":
        return kvPut(key, value);
      case "delete":
        return kvDelete(key);
      case "cas": {
        const current = store.get(key) ?? null;
        const expected = x.spec.casHit ? current : current === null ? "nope" : null;
        return kvCas(key, expected, x.spec.key % 2 === 0 || counter % 3 !== 0 ? value : null);
      }
    }
  };
  for (const x of byPoint) {
    const input = inputFor(x);
    results.set(x, { input, output: applyKv(store, input) });
  }
  return planned.map((x): KvOp => {
    const done = results.get(x);
    const input = done?.input ?? inputFor(x);
    if (x.spec.fate !== "returned" || done === undefined) {
      return { clientId: x.client, input, call: x.call };
    }
    return { clientId: x.client, input, output: done.output, call: x.call, return: x.ret };
  });
}

const completedGets = (h: readonly KvOp[]) =>
  h.flatMap((o, i) => (o.input.op === "get" && o.return !== undefined ? [i] : []));

function withOutput(h: readonly KvOp[], index: number, output: KvOutput): KvOp[] {
  return h.map((o, i) => {
    if (i !== index || o.return === undefined) return o;
    return { ...o, output };
  });
}

Deno.test("property: histories from a sequential execution are linearizable", () => {
  fc.assert(
    fc.property(
      historyArb({ clients: 6, opsPerClient: 25, keys: 3, lostWeight: 0 }),
      (h) => assert.equal(verdict(checkLinearizability(kv, h)), "ok"),
    ),
    { numRuns: 150, seed: 1 },
  );
});

for (const strategy of ["portfolio", "plain", "pruned"] as const) {
  Deno.test(`property: histories with lost operations (both fates) are linearizable (${strategy})`, () => {
    fc.assert(
      fc.property(
        historyArb({ clients: 6, opsPerClient: 25, keys: 2, lostWeight: 2 }),
        (h) => assert.equal(verdict(checkLinearizability(kv, h, { strategy })), "ok"),
      ),
      { numRuns: 100, seed: 2 },
    );
  });

  Deno.test(`property: a read of a never-written value is rejected (${strategy})`, () => {
    fc.assert(
      fc.property(
        historyArb({ clients: 5, opsPerClient: 20, keys: 2, lostWeight: 1 }),
        fc.nat(),
        (h, pick) => {
          const gets = completedGets(h);
          fc.pre(gets.length > 0);
          const index = gets[pick % gets.length]!;
          const mutated = withOutput(h, index, got("never-written"));
          const res = checkLinearizability(kv, mutated, { strategy });
          assert.equal(res.result, "illegal");
          if (res.result === "illegal") assert.match(res.explanation, /never-written/);
        },
      ),
      { numRuns: 100, seed: 3 },
    );
  });
}

/**
 * Mutations that make a read impossible while keeping the value plausible:
 * - "future": return a value written only by an operation called after the read returned;
 * - "stale": return a value whose only write was followed by a completed put/delete of the same
 *   key, both before the read was called.
 */
function impossibleReads(h: readonly KvOp[]): { index: number; value: string }[] {
  const found: { index: number; value: string }[] = [];
  const writes = h.flatMap((o, i) => {
    const input = o.input;
    if (input.op === "put") return [{ i, key: input.key, value: input.value as string | null }];
    if (input.op === "cas") return [{ i, key: input.key, value: input.value }];
    return [];
  });
  for (const g of completedGets(h)) {
    const read = h[g]!;
    for (const wr of writes) {
      const write = h[wr.i]!;
      if (wr.key !== read.input.key || wr.value === null) continue;
      if (write.call > (read.return as number)) found.push({ index: g, value: wr.value });
      if (write.return === undefined || write.return >= read.call) continue;
      const overwritten = h.some((o) =>
        o.input.key === read.input.key && (o.input.op === "put" || o.input.op === "delete") &&
        o.return !== undefined && o.call > (write.return as number) && o.return < read.call
      );
      if (overwritten) found.push({ index: g, value: wr.value });
    }
  }
  return found;
}

Deno.test("property: a stale read or a read from the future is rejected", () => {
  let mutated = 0;
  fc.assert(
    fc.property(
      historyArb({ clients: 5, opsPerClient: 20, keys: 2, lostWeight: 1 }),
      fc.nat(),
      (h, pick) => {
        const candidates = impossibleReads(h);
        if (candidates.length === 0) return;
        mutated++;
        const { index, value } = candidates[pick % candidates.length]!;
        const impossible = withOutput(h, index, got(value));
        for (const strategy of ["plain", "pruned"] as const) {
          assert.equal(verdict(checkLinearizability(kv, impossible, { strategy })), "illegal");
        }
      },
    ),
    { numRuns: 200, seed: 4 },
  );
  assert.ok(mutated > 100, `only ${mutated} histories had an impossible read to inject`);
});

Deno.test("property: partitioning per key does not change the verdict", () => {
  const whole = kvModel({ partitionByKey: false });
  fc.assert(
    fc.property(
      historyArb({ clients: 3, opsPerClient: 4, keys: 3, lostWeight: 1 }),
      fc.nat(),
      fc.boolean(),
      (h, pick, corrupt) => {
        const gets = completedGets(h);
        const history = corrupt && gets.length > 0
          ? withOutput(h, gets[pick % gets.length]!, got(pick % 2 === 0 ? null : "v0"))
          : h;
        assert.equal(
          verdict(checkLinearizability(whole, history)),
          verdict(checkLinearizability(kv, history)),
        );
      },
    ),
    { numRuns: 200, seed: 5 },
  );
});

/** Small KV histories with arbitrary (mostly wrong) outputs, for the brute-force oracle. */
const smallKvHistory = fc.array(
  fc.record({
    client: fc.nat(3),
    kind: fc.constantFrom("get", "put", "delete", "cas"),
    key: fc.constantFrom("a", "b"),
    value: fc.constantFrom("1", "2"),
    expected: fc.constantFrom<string | null>(null, "1", "2"),
    observed: fc.constantFrom<string | null>(null, "1", "2"),
    succeeded: fc.boolean(),
    call: fc.nat(20),
    length: fc.nat(8),
    unknown: fc.nat(3),
  }),
  { maxLength: 7 },
).map((specs) =>
  specs.map((s): KvOp => {
    let input: KvInput;
    let output: KvOutput;
    switch (s.kind) {
      case "get":
        input = kvGet(s.key);
        output = got(s.observed);
        break;
      case "put":
        input = kvPut(s.key, s.value);
        output = put;
        break;
      case "delete":
        input = kvDelete(s.key);
        output = s.succeeded ? del : { op: "delete", existed: s.observed !== null };
        break;
      case "cas":
        input = kvCas(s.key, s.expected, s.observed);
        output = cas(s.succeeded);
        break;
    }
    if (s.unknown === 0) return pending(s.client, input, s.call);
    return op(s.client, input, output, s.call, s.call + s.length);
  })
);

for (const strategy of ["portfolio", "plain", "pruned"] as const) {
  Deno.test(`property: kv ${strategy} search agrees with brute force`, () => {
    let legal = 0;
    fc.assert(
      fc.property(smallKvHistory, (h) => {
        const expected = bruteForceLinearizable(kvModel({ partitionByKey: false }), h);
        if (expected) legal++;
        assert.equal(
          verdict(checkLinearizability(kv, h, { strategy })),
          expected ? "ok" : "illegal",
        );
      }),
      { numRuns: 1000, seed: 6 },
    );
    assert.ok(legal > 100, `only ${legal} legal histories`);
  });
}

Deno.test("partitionByKey keeps operation identity", () => {
  const h = [op(1, kvGet("a"), got(null), 0, 1), op(1, kvGet("b"), got(null), 0, 1)];
  const parts = partitionByKey(h);
  assert.equal(parts.length, 2);
  assert.equal(parts[0]![0], h[0]);
  assert.equal(parts[1]![0], h[1]);
});

// ---------------------------------------------------------------------------------------------
// An end-to-end style run: async clients against a correct and a buggy store
// ---------------------------------------------------------------------------------------------

import { HistoryRecorder } from "./linearizability.ts";

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs 5 async clients (60 operations each, 2 keys) against an in-memory store whose effect
 * happens after a random number of microtask yields. `staleReads` makes gets answer from a
 * lagging replica (a linearizability bug). With `lostRate`, that fraction of calls "time out":
 * the client records an unknown outcome and moves on, while the request is still applied later
 * or dropped, at random.
 */
async function runWorkload(seed: number, staleReads: boolean, lostRate = 0): Promise<KvOp[]> {
  const random = rng(seed);
  const leader = new Map<string, string>();
  const follower = new Map<string, string>();
  const log: KvInput[] = [];
  let applied = 0;
  const yieldSome = async (max: number) => {
    const n = Math.floor(random() * max);
    for (let i = 0; i < n; i++) await Promise.resolve();
  };
  const store = async (input: KvInput, drop: boolean): Promise<KvOutput | undefined> => {
    await yieldSome(20);
    if (drop) return undefined;
    let output: KvOutput;
    if (staleReads && input.op === "get") {
      output = applyKv(new Map(follower), input);
    } else {
      output = applyKv(leader, input);
      if (input.op !== "get") log.push(input);
    }
    if (random() < 0.3 && applied < log.length) applyKv(follower, log[applied++]!);
    await yieldSome(20);
    return output;
  };
  const rec = new HistoryRecorder<KvInput, KvOutput>();
  const background: Promise<unknown>[] = [];
  let counter = 0;
  const client = async (id: number) => {
    for (let i = 0; i < 60; i++) {
      const key = `k${Math.floor(random() * 2)}`;
      const roll = random();
      const input = roll < 0.5 ? kvGet(key) : roll < 0.8 ? kvPut(key, `v${counter++}`) : kvCas(
        key,
        leader.get(key) ?? null,
        `v${counter++}`,
      );
      const call = rec.invoke(id, input);
      if (random() < lostRate) {
        // Timed out: the outcome is unknown; the request may still land (much) later.
        call.unknown();
        background.push(yieldSome(200).then(() => store(input, random() < 0.5)));
        continue;
      }
      const output = await store(input, false);
      call.ok(output!);
    }
  };
  await Promise.all([0, 1, 2, 3, 4].map(client));
  await Promise.all(background);
  return rec.history();
}

Deno.test("recorded workload: a correct store passes, stale follower reads are caught", async () => {
  for (const seed of [1, 2, 3]) {
    const good = await runWorkload(seed, false);
    assert.equal(good.length, 300);
    assert.equal(verdict(checkLinearizability(kv, good)), "ok");
    const bad = await runWorkload(seed, true);
    assert.equal(verdict(checkLinearizability(kv, bad)), "illegal");
  }
});

Deno.test("recorded workload with timed-out requests (crash-style)", async () => {
  for (const seed of [4, 5, 6]) {
    const good = await runWorkload(seed, false, 0.03);
    assert.ok(good.some((o) => o.return === undefined), "expected some lost operations");
    assert.equal(verdict(checkLinearizability(kv, good, { timeoutMs: 10_000 })), "ok");
    const bad = await runWorkload(seed, true, 0.03);
    assert.equal(verdict(checkLinearizability(kv, bad, { timeoutMs: 10_000 })), "illegal");
  }
});

// ---------------------------------------------------------------------------------------------
// Performance
// ---------------------------------------------------------------------------------------------

/** A deterministic history of `n` operations by `clients` clients, built like `buildHistory`. */
function bigHistory(seed: number, n: number, clients: number, keys: number, lost: number): KvOp[] {
  const random = rng(seed);
  const int = (max: number) => Math.floor(random() * (max + 1));
  const kinds = ["get", "get", "put", "delete", "cas", "cas"] as const;
  const specs: OpSpec[][] = Array.from({ length: clients }, () => []);
  for (let i = 0; i < n; i++) {
    const roll = random();
    specs[i % clients]!.push({
      kind: kinds[int(5)]!,
      key: int(keys - 1),
      gap: int(5),
      pre: int(10),
      post: int(10),
      casHit: random() < 0.5,
      fate: roll < lost ? "lost-applied" : roll < 2 * lost ? "lost-not-applied" : "returned",
      lateness: int(40),
    });
  }
  return buildHistory(specs);
}

function timed<S, I, O>(
  model: Model<S, I, O>,
  h: History<I, O>,
): { res: CheckResult<S, I, O>; ms: number } {
  const start = performance.now();
  const res = checkLinearizability(model, h, { timeoutMs: 10_000 });
  return { res, ms: performance.now() - start };
}

Deno.test("large histories: 2,000 operations, 8 clients, one key", () => {
  const h = bigHistory(7, 2_000, 8, 1, 0);
  const { res, ms } = timed(kv, h);
  assert.equal(res.result, "ok", `took ${ms} ms, ${res.stats.steps} steps`);
  // Corrupt the last read: the search must explore and still answer (within its 10 s budget:
  // a search that runs out says "unknown", not "illegal").
  const gets = completedGets(h);
  const bad = withOutput(h, gets[gets.length - 1]!, got("never-written"));
  const t2 = timed(kv, bad);
  assert.equal(t2.res.result, "illegal", `after ${t2.ms.toFixed(0)} ms`);
});

Deno.test("large histories: 5,000 operations, 10 clients, 3 keys, some lost operations", () => {
  const h = bigHistory(8, 5_000, 10, 3, 0.01);
  const { res, ms } = timed(kv, h);
  assert.equal(res.result, "ok", `took ${ms} ms, ${res.stats.steps} steps`);
});

Deno.test("large histories: crash history, 2,000 operations, 8 clients, 4 keys, 2% lost", () => {
  for (const seed of [1, 2, 3]) {
    const h = bigHistory(seed, 2_000, 8, 4, 0.01);
    const { res, ms } = timed(kv, h);
    assert.equal(res.result, "ok", `seed ${seed}: ${res.result} after ${ms.toFixed(0)} ms`);
    const gets = completedGets(h);
    const bad = withOutput(h, gets[Math.floor(gets.length * 0.7)]!, got("never-written"));
    const t2 = timed(kv, bad);
    assert.equal(t2.res.result, "illegal", `seed ${seed}: ${t2.res.result} after ${t2.ms} ms`);
  }
});

Deno.test("large histories: 2,000-operation register history, 8 clients", () => {
  const random = rng(9);
  type RIn = RegisterInput<number>;
  type ROut = RegisterOutput<number>;
  const clients = Array.from({ length: 8 }, () => 0);
  const planned: { client: number; call: number; ret: number; point: number; write: boolean }[] =
    [];
  for (let i = 0; i < 2_000; i++) {
    const c = i % 8;
    const call = clients[c]! + Math.floor(random() * 5);
    const point = call + Math.floor(random() * 10);
    const ret = point + Math.floor(random() * 10);
    clients[c] = ret;
    planned.push({ client: c, call, ret, point, write: random() < 0.4 });
  }
  let value = 0;
  let next = 1;
  const outputs = new Map<number, { input: RIn; output: ROut }>();
  [...planned.keys()].sort((a, b) => planned[a]!.point - planned[b]!.point).forEach((i) => {
    if (planned[i]!.write) {
      value = next++;
      outputs.set(i, { input: { op: "write", value }, output: undefined });
    } else {
      outputs.set(i, { input: { op: "read" }, output: value });
    }
  });
  const h: Operation<RIn, ROut>[] = planned.map((p, i) => ({
    clientId: p.client,
    call: p.call,
    return: p.ret,
    ...outputs.get(i)!,
  }));
  const m = registerModel(0);
  const { res, ms } = timed(m, h);
  assert.equal(res.result, "ok", `after ${ms.toFixed(0)} ms, ${res.stats.steps} steps`);
});

// Keep the model type exercised for type-checking of KvState consumers.
const _stateCheck: (s: KvState) => string = hashKvState;
void _stateCheck;
