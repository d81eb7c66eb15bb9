import assert from "node:assert/strict";
import { dockerResources, milliCpuToQuota, milliCpuToShares } from "./resources.ts";

Deno.test("milliCpuToShares like the kubelet's MilliCPUToShares", () => {
  const cases: [number, number][] = [
    [0, 2],
    [1, 2],
    [2, 2],
    [3, 3],
    [10, 10],
    [100, 102],
    [250, 256],
    [500, 512],
    [1000, 1024],
    [1500, 1536],
    [256000, 262144],
    [300000, 262144],
  ];
  for (const [milli, shares] of cases) assert.equal(milliCpuToShares(milli), shares, `${milli}m`);
});

Deno.test("milliCpuToQuota: a 100 ms period, at least 1 ms", () => {
  assert.equal(milliCpuToQuota(0), 0);
  assert.equal(milliCpuToQuota(1), 1000);
  assert.equal(milliCpuToQuota(10), 1000);
  assert.equal(milliCpuToQuota(500), 50000);
  assert.equal(milliCpuToQuota(2000), 200000);
});

Deno.test("dockerResources: shares from the request (or limit), quota from the limit, memory", () => {
  assert.deepEqual(dockerResources({ name: "best-effort" }), { CpuShares: 2 });
  assert.deepEqual(
    dockerResources({
      name: "burstable",
      resources: {
        requests: { cpu: "250m", memory: "32Mi" },
        limits: { cpu: "1", memory: "128Mi" },
      },
    }),
    {
      CpuShares: 256,
      CpuQuota: 100000,
      CpuPeriod: 100000,
      Memory: 134217728,
      MemorySwap: 134217728,
    },
  );
  assert.deepEqual(dockerResources({ name: "limit-only", resources: { limits: { cpu: "0.5" } } }), {
    CpuShares: 512,
    CpuQuota: 50000,
    CpuPeriod: 100000,
  });
  assert.deepEqual(dockerResources({ name: "mem", resources: { limits: { memory: "1G" } } }), {
    CpuShares: 2,
    Memory: 1e9,
    MemorySwap: 1e9,
  });
});
