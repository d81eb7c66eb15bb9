import assert from "node:assert/strict";
import { UsageError } from "../cli/mod.ts";
import { KUBELET_FLAGS, kubeletConfigFromFlags, parseClusterDns } from "./flags.ts";

const base = {
  server: "http://127.0.0.1:6443",
  "node-name": "n1",
  listen: KUBELET_FLAGS.listen.default,
  "data-dir": undefined,
  "pod-cidr": undefined,
  "cluster-dns": KUBELET_FLAGS["cluster-dns"].default,
} as const;

Deno.test("--cluster-dns defaults to the cluster DNS service at 10.96.0.10", () => {
  assert.deepEqual(kubeletConfigFromFlags(base).clusterDNS, ["10.96.0.10"]);
});

Deno.test("--cluster-dns takes up to three addresses, or none", () => {
  assert.deepEqual(parseClusterDns("10.121.0.10, 10.121.0.11"), ["10.121.0.10", "10.121.0.11"]);
  assert.deepEqual(parseClusterDns(""), []);
  assert.deepEqual(kubeletConfigFromFlags({ ...base, "cluster-dns": "" }).clusterDNS, []);
});

Deno.test("--cluster-dns refuses what is not an address, and a fourth server", () => {
  assert.throws(
    () => parseClusterDns("10.96.0.10,dns.local"),
    new UsageError('--cluster-dns must be IP addresses separated by commas, got "dns.local"'),
  );
  assert.throws(
    () => parseClusterDns("10.0.0.1,10.0.0.2,10.0.0.3,10.0.0.4"),
    new UsageError("--cluster-dns takes at most 3 addresses, got 4"),
  );
});
