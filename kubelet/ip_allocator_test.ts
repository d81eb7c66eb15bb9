import assert from "node:assert/strict";
import fc from "fast-check";
import { cidrContains, formatIPv4, parseCidr, parseIPv4 } from "./cidr.ts";
import { IpAllocator, IpExhaustedError, nextFreeAddress } from "./ip_allocator.ts";

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "kubeno-ipam-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("parseCidr and parseIPv4 accept canonical forms and reject the rest", () => {
  assert.deepEqual(parseCidr("10.244.3.0/24"), {
    network: parseIPv4("10.244.3.0"),
    prefix: 24,
    size: 256,
  });
  assert.throws(
    () => parseCidr("10.244.3.1/24"),
    /host bits are set \(the network is 10\.244\.3\.0\/24\)/,
  );
  assert.throws(() => parseCidr("10.244.3.0"), RangeError);
  assert.throws(() => parseCidr("10.244.3.0/33"), RangeError);
  assert.equal(parseIPv4("10.244.300.1"), undefined);
  assert.equal(parseIPv4("10.244.01.1"), undefined);
  assert.equal(formatIPv4(parseIPv4("255.0.10.1")!), "255.0.10.1");
});

Deno.test("a /24 hands out .2 to .254, round-robin after the last reserved", () => {
  const cidr = parseCidr("10.244.3.0/24");
  const ip = (text: string) => parseIPv4(text)!;
  assert.equal(nextFreeAddress(cidr, new Set()), ip("10.244.3.2"));
  assert.equal(nextFreeAddress(cidr, new Set(), ip("10.244.3.7")), ip("10.244.3.8"));
  assert.equal(nextFreeAddress(cidr, new Set(), ip("10.244.3.254")), ip("10.244.3.2"));
  assert.equal(
    nextFreeAddress(cidr, new Set([ip("10.244.3.2")]), undefined, new Set([ip("10.244.3.3")])),
    ip("10.244.3.4"),
  );
  const all = new Set<number>();
  for (let i = 2; i <= 254; i++) all.add(ip(`10.244.3.${i}`));
  assert.equal(nextFreeAddress(cidr, all), undefined);
});

Deno.test("nextFreeAddress never returns a used, reserved or out-of-range address", () => {
  fc.assert(fc.property(
    fc.integer({ min: 22, max: 30 }),
    fc.array(fc.integer({ min: 0, max: 1023 })),
    fc.option(fc.integer({ min: 0, max: 1023 }), { nil: undefined }),
    (prefix, usedOffsets, lastOffset) => {
      const cidr = parseCidr(`10.244.0.0/${prefix}`);
      const used = new Set(usedOffsets.map((o) => cidr.network + (o % cidr.size)));
      const last = lastOffset === undefined ? undefined : cidr.network + (lastOffset % cidr.size);
      const got = nextFreeAddress(cidr, used, last);
      if (got === undefined) {
        for (let a = cidr.network + 2; a <= cidr.network + cidr.size - 2; a++) {
          assert.ok(used.has(a));
        }
        return;
      }
      assert.ok(cidrContains(cidr, got));
      assert.ok(!used.has(got));
      assert.ok(got >= cidr.network + 2 && got <= cidr.network + cidr.size - 2);
    },
  ));
});

Deno.test("allocations persist across a reopen, are idempotent per pod, and are released", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/ipam/kubeno-pods.json`;
    const first = await IpAllocator.open(path, "10.244.3.0/24");
    const [a, b, again] = await Promise.all([
      first.allocate("uid-a"),
      first.allocate("uid-b"),
      first.allocate("uid-a"),
    ]);
    assert.equal(a, "10.244.3.2");
    assert.equal(b, "10.244.3.3");
    assert.equal(again, a);
    assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);

    const second = await IpAllocator.open(path, "10.244.3.0/24");
    assert.equal(second.lookup("uid-a"), "10.244.3.2");
    assert.equal(await second.allocate("uid-c"), "10.244.3.4");
    assert.equal(await second.release("uid-a"), true);
    assert.equal(await second.release("uid-a"), false);
    // round-robin: the freed .2 is not handed out next
    assert.equal(await second.allocate("uid-d"), "10.244.3.5");
    const state = JSON.parse(await Deno.readTextFile(path));
    assert.deepEqual(state, {
      version: 1,
      cidr: "10.244.3.0/24",
      lastReserved: "10.244.3.5",
      allocations: { "10.244.3.3": "uid-b", "10.244.3.4": "uid-c", "10.244.3.5": "uid-d" },
    });
    const entries = [...Deno.readDirSync(`${dir}/ipam`)].map((e) => e.name);
    assert.deepEqual(entries, ["kubeno-pods.json"], "no temporary files left behind");
  });
});

Deno.test("reconcile frees addresses of vanished pods and adopts running sandboxes", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/ipam.json`;
    const allocator = await IpAllocator.open(path, "10.244.3.0/24");
    await allocator.allocate("gone");
    await allocator.allocate("kept");
    const result = await allocator.reconcile(
      new Map<string, string | undefined>([
        ["kept", "10.244.3.3"],
        ["unknown", "10.244.3.9"],
        ["elsewhere", "10.244.7.9"],
        ["no-ip", undefined],
      ]),
    );
    assert.deepEqual(result, { released: ["10.244.3.2"], adopted: ["10.244.3.9"] });
    assert.deepEqual(
      allocator.allocations(),
      new Map([["kept", "10.244.3.3"], ["unknown", "10.244.3.9"]]),
    );
    const reopened = await IpAllocator.open(path, "10.244.3.0/24");
    assert.equal(reopened.lookup("unknown"), "10.244.3.9");
  });
});

Deno.test("a full block is an IpExhaustedError with host-local's message", async () => {
  await withTempDir(async (dir) => {
    const allocator = await IpAllocator.open(`${dir}/s.json`, "10.244.9.0/30", {
      reserved: [],
    });
    assert.equal(await allocator.allocate("a"), "10.244.9.2");
    await assert.rejects(allocator.allocate("b"), (error: unknown) => {
      assert.ok(error instanceof IpExhaustedError);
      assert.equal(error.message, "no IP addresses available in range set: 10.244.9.2-10.244.9.2");
      return true;
    });
  });
});

Deno.test("a corrupt state file is reported with its path", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/s.json`, "{not json");
    await assert.rejects(IpAllocator.open(`${dir}/s.json`, "10.244.9.0/24"), /s\.json is not JSON/);
  });
});
