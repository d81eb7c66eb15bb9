import assert from "node:assert/strict";
import { desiredIngress, type V1NodeAddresses } from "./load_balancer_status.ts";

function node(
  name: string,
  ready: boolean,
  addresses: { type: string; address: string }[],
): V1NodeAddresses {
  return {
    metadata: { name },
    status: { addresses, conditions: [{ type: "Ready", status: ready ? "True" : "False" }] },
  };
}

Deno.test("load balancer ingress: the InternalIPs of Ready nodes, sorted, else the fallback", () => {
  const nodes = [
    node("b", true, [{ type: "InternalIP", address: "10.0.0.10" }]),
    node("a", true, [{ type: "Hostname", address: "a" }, {
      type: "InternalIP",
      address: "10.0.0.9",
    }]),
    node("c", false, [{ type: "InternalIP", address: "10.0.0.1" }]),
    node("d", true, [{ type: "ExternalIP", address: "192.0.2.7" }]),
    node("e", true, [{ type: "InternalIP", address: "10.0.0.9" }]),
  ];
  assert.deepEqual(desiredIngress(nodes, ["127.0.0.1"]), [
    { ip: "10.0.0.9", ipMode: "VIP" },
    { ip: "10.0.0.10", ipMode: "VIP" },
    { ip: "192.0.2.7", ipMode: "VIP" },
  ]);
  assert.deepEqual(desiredIngress([nodes[2]!], ["127.0.0.1", "bogus"]), [
    { ip: "127.0.0.1", ipMode: "VIP" },
  ]);
  assert.deepEqual(desiredIngress([], []), []);
});
