import assert from "node:assert/strict";
import { type Fate, Network, NO_FAULTS } from "./network.ts";
import { World } from "./world.ts";

function net(faults = NO_FAULTS): { w: World; n: Network } {
  const w = new World(7);
  return { w, n: new Network(w, w.random.fork(), { minDelayMs: 1, maxDelayMs: 5, faults }) };
}

async function drain(w: World): Promise<void> {
  while (await w.step(10_000));
}

Deno.test("network: delivers within the link's delay range", async () => {
  const { w, n } = net();
  const at: number[] = [];
  for (let i = 0; i < 50; i++) n.send(1, 2, () => at.push(w.now));
  await drain(w);
  assert.equal(at.length, 50);
  for (const t of at) assert.ok(t >= 1 && t <= 5, `${t}`);
});

Deno.test("network: a one-way cut drops one direction only, and reports the fate", async () => {
  const { w, n } = net();
  n.cutOneWay(1, 2);
  const got: string[] = [];
  const fates: Fate[] = [];
  n.send(1, 2, () => got.push("1>2"), { onFate: (f) => fates.push(f) });
  n.send(2, 1, () => got.push("2>1"), { onFate: (f) => fates.push(f) });
  await drain(w);
  assert.deepEqual(got, ["2>1"]);
  assert.deepEqual(fates.sort(), ["cut", "delivered"]);
  assert.equal(n.describeCuts(), "1>2");
});

Deno.test("network: a partition cuts every link between groups; messages in flight too", async () => {
  const { w, n } = net();
  const got: string[] = [];
  n.send(1, 3, () => got.push("in flight"));
  n.partition([[1, 2], [3]]);
  assert.ok(n.isCut(1, 3) && n.isCut(3, 2) && !n.isCut(1, 2));
  n.send(1, 2, () => got.push("same side"));
  await drain(w);
  assert.deepEqual(got, ["same side"]);
  n.heal();
  assert.ok(!n.isCut(1, 3));
});

Deno.test("network: loss, duplication and spikes follow their rates", async () => {
  const { w, n } = net({ loss: 0.2, duplicate: 0.2, spike: 0, spikeMs: 0 });
  let got = 0;
  for (let i = 0; i < 2000; i++) n.send(1, 2, () => got++);
  await drain(w);
  assert.ok(n.stats.lost > 300 && n.stats.lost < 600, `lost ${n.stats.lost}`);
  assert.ok(n.stats.duplicated > 300 && n.stats.duplicated < 500, `dup ${n.stats.duplicated}`);
  assert.equal(got, n.stats.delivered);
  let once = 0;
  for (let i = 0; i < 200; i++) n.send(1, 2, () => once++, { noDuplicate: true });
  const before = n.stats.duplicated;
  await drain(w);
  assert.equal(n.stats.duplicated, before);
});
