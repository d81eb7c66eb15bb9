import assert from "node:assert/strict";
import {
  endpointPort,
  normalizeService,
  type ServiceChange,
  type ServiceInput,
  ServiceTable,
} from "./table.ts";

const web: ServiceInput = {
  namespace: "default",
  name: "web",
  clusterIPs: ["10.96.0.7", "FD00::0007"],
  ports: [{ name: "http", port: 80, targetPort: "web" }],
  endpoints: [{ ip: "10.244.1.5", ports: { web: 8080 } }],
};

Deno.test("table: normalizes (defaults, canonical IPs, headless) and freezes", () => {
  const s = normalizeService(web);
  assert.deepEqual(s.clusterIPs, ["10.96.0.7", "fd00::7"]);
  assert.equal(s.type, "ClusterIP");
  assert.deepEqual(s.sessionAffinity, { type: "None" });
  assert.equal(s.ports[0]?.protocol, "TCP");
  assert.deepEqual(
    {
      ready: s.endpoints[0]?.ready,
      serving: s.endpoints[0]?.serving,
      terminating: s.endpoints[0]?.terminating,
    },
    { ready: true, serving: true, terminating: false },
  );
  assert.ok(Object.isFrozen(s) && Object.isFrozen(s.ports[0]));
  assert.deepEqual(normalizeService({ ...web, clusterIPs: ["None"] }).clusterIPs, []);
  const sticky = normalizeService({
    ...web,
    sessionAffinity: { type: "ClientIP", timeoutSeconds: 60 },
  });
  assert.deepEqual(sticky.sessionAffinity, { type: "ClientIP", timeoutSeconds: 60 });
});

Deno.test("table: rejects malformed services", () => {
  assert.throws(() => normalizeService({ ...web, clusterIPs: ["10.96.0.300"] }), TypeError);
  assert.throws(() => normalizeService({ ...web, ports: [{ port: 0 }] }), RangeError);
  assert.throws(
    () => normalizeService({ ...web, ports: [{ port: 80 }, { port: 80 }] }),
    RangeError,
  );
  assert.throws(
    () => normalizeService({ ...web, ports: [{ name: "a", port: 80 }, { name: "a", port: 81 }] }),
    RangeError,
  );
  assert.throws(() => normalizeService({ ...web, endpoints: [{ ip: "pod-a" }] }), TypeError);
  assert.throws(
    () => normalizeService({ ...web, sessionAffinity: { type: "ClientIP", timeoutSeconds: 0 } }),
    RangeError,
  );
});

Deno.test("table: changes are diffs; an identical update is no change", () => {
  const table = new ServiceTable();
  const seen: ServiceChange[][] = [];
  const unsubscribe = table.subscribe((changes) => seen.push([...changes]));
  const added = table.upsert(web);
  assert.ok(added && !added.previous && added.current);
  assert.equal(table.upsert(web), undefined, "the same service again changes nothing");
  const updated = table.upsert({ ...web, endpoints: [] });
  assert.equal(updated?.previous?.endpoints.length, 1);
  assert.equal(updated?.current?.endpoints.length, 0);
  assert.equal(table.get("default/web")?.endpoints.length, 0);
  assert.equal(table.delete("default", "web")?.current, undefined);
  assert.equal(table.delete("default", "web"), undefined);
  assert.equal(seen.length, 3);
  unsubscribe();
});

Deno.test("table: replaceAll upserts and deletes what is missing; a bad batch applies nothing", () => {
  const table = new ServiceTable();
  table.upsert(web);
  table.upsert({ namespace: "a", name: "x" });
  const changes = table.replaceAll([{ namespace: "a", name: "x" }, { namespace: "b", name: "y" }]);
  assert.deepEqual(
    changes.map((c) => `${c.key}:${c.previous ? "old" : ""}${c.current ? "new" : ""}`),
    [
      "b/y:new",
      "default/web:old",
    ],
  );
  assert.throws(() =>
    table.apply([{ type: "delete", namespace: "a", name: "x" }, {
      type: "upsert",
      service: { namespace: "c", name: "z", clusterIPs: ["nope"] },
    }])
  );
  assert.ok(table.get("a/x"), "the delete before the invalid upsert was not applied");
  assert.equal(table.size, 2);
});

Deno.test("table: endpointPort resolves by service port name, then named targetPort, then number", () => {
  const s = normalizeService({
    namespace: "d",
    name: "n",
    ports: [
      { name: "http", port: 80, targetPort: "web" },
      { name: "admin", port: 81, targetPort: 9000 },
    ],
    endpoints: [
      { ip: "10.0.0.1", ports: { http: 8080 } },
      { ip: "10.0.0.2", ports: { web: 8081 } },
      { ip: "10.0.0.3" },
    ],
  });
  const [http, admin] = s.ports as [typeof s.ports[0], typeof s.ports[0]];
  assert.deepEqual(s.endpoints.map((e) => endpointPort(http!, e)), [8080, 8081, undefined]);
  assert.deepEqual(s.endpoints.map((e) => endpointPort(admin!, e)), [9000, 9000, 9000]);
});
