import assert from "node:assert/strict";
import type { ApiObject } from "../rest/metadata.ts";
import { serviceHooks, staticBand } from "./services.ts";

Deno.test("service IPs: dynamic allocation fills the upper range before the static band", async () => {
  const stored: ApiObject[] = [];
  const hooks = serviceHooks(() => Promise.resolve(stored), {
    cidr: "10.0.0.0/24",
    nodePortMin: 30000,
    nodePortMax: 30100,
  });
  assert.equal(staticBand(256), 16);
  const upper = 256 - 1 - 16; // .16 to .254
  const allocate = async (name: string) => {
    const svc = { metadata: { name }, spec: { ports: [{ port: 80 }] } } as unknown as ApiObject;
    await hooks.admitCreate!(svc, false);
    stored.push(svc);
    return (svc.spec as { clusterIP: string }).clusterIP;
  };
  const first = new Set<string>();
  for (let i = 0; i < upper; i++) first.add(await allocate(`s${i}`));
  assert.equal(first.size, upper, "no address handed out twice");
  for (const ip of first) assert.ok(Number(ip.split(".")[3]) >= 16, `${ip} is in the upper part`);
  // Only when the upper part is full does allocation fall back to the static band (never .1).
  const spill = await allocate("spill");
  const last = Number(spill.split(".")[3]);
  assert.ok(last >= 2 && last < 16, spill);
});

Deno.test("service IPs: a tiny range has no static band", () => {
  assert.equal(staticBand(16), 2);
  assert.equal(staticBand(1 << 20), 256);
});
