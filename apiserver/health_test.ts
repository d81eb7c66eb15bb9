import assert from "node:assert/strict";
import { type HealthCheck, healthResponse } from "./health.ts";

const ok: HealthCheck = { name: "ping", check: () => Promise.resolve() };
const bad: HealthCheck = { name: "etcd", check: () => Promise.reject(new Error("down")) };
const url = (path: string) => new URL(`http://127.0.0.1:6443${path}`);

Deno.test("health answers like kube-apiserver", async (t) => {
  await t.step("healthy: ok", async () => {
    const response = await healthResponse("livez", url("/livez"), [ok]);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "ok");
  });
  await t.step("verbose lists checks", async () => {
    const response = await healthResponse("readyz", url("/readyz?verbose"), [ok]);
    assert.equal(await response.text(), "[+]ping ok\nreadyz check passed\n");
  });
  await t.step("a failing check is a 500 naming it", async () => {
    const response = await healthResponse("readyz", url("/readyz"), [ok, bad]);
    assert.equal(response.status, 500);
    assert.equal(
      await response.text(),
      "[+]ping ok\n[-]etcd failed: reason withheld\nreadyz check failed\n",
    );
  });
  await t.step("exclude and single checks", async () => {
    const excluded = await healthResponse("readyz", url("/readyz?exclude=etcd&verbose"), [ok, bad]);
    assert.equal(excluded.status, 200);
    assert.equal(await excluded.text(), "[+]ping ok\n[+]etcd excluded: ok\nreadyz check passed\n");
    const single = await healthResponse("livez", url("/livez/etcd"), [ok, bad]);
    assert.equal(single.status, 500);
    await single.body?.cancel();
    const unknown = await healthResponse("livez", url("/livez/nope"), [ok]);
    assert.equal(unknown.status, 404);
    await unknown.body?.cancel();
  });
});
