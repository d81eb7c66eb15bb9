import assert from "node:assert/strict";
import {
  type ClusterDnsSettings,
  formatResolvConf,
  managedHostsFile,
  nodeDnsSettings,
  parseResolvConf,
  podHostnameAndDomain,
  podResolvConf,
} from "./dns_config.ts";
import type { PodLike } from "./pod_types.ts";

const settings: ClusterDnsSettings = {
  clusterDNS: ["10.96.0.10"],
  clusterDomain: "cluster.local",
  hostResolvConf:
    "# host\nnameserver 127.0.0.53\nnameserver 192.0.2.53\nsearch corp.example\noptions edns0\n",
};
const pod = (spec: Record<string, unknown> = {}): PodLike => ({
  metadata: { name: "web", namespace: "shop", uid: "u" },
  spec: { containers: [{ name: "c" }], ...spec },
});
const conf = (p: PodLike, s = settings) => formatResolvConf(podResolvConf(p, s));

Deno.test("ClusterFirst: the cluster DNS, the Kubernetes search path, ndots:5", () => {
  assert.equal(
    conf(pod()),
    "search shop.svc.cluster.local svc.cluster.local cluster.local corp.example\n" +
      "nameserver 10.96.0.10\n" +
      "options ndots:5\n",
  );
  assert.equal(
    conf(pod(), { ...settings, hostResolvConf: "" }),
    "search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n",
  );
});

Deno.test("Default and hostNetwork use the node's resolver (without loopback servers)", () => {
  const host = "search corp.example\nnameserver 192.0.2.53\noptions edns0\n";
  assert.equal(conf(pod({ dnsPolicy: "Default" })), host);
  assert.equal(conf(pod({ hostNetwork: true })), host);
  assert.match(
    conf(pod({ hostNetwork: true, dnsPolicy: "ClusterFirstWithHostNet" })),
    /nameserver 10\.96\.0\.10/,
  );
  // No cluster DNS configured: ClusterFirst falls back to Default.
  assert.equal(conf(pod(), { ...settings, clusterDNS: [] }), host);
  const { hostResolvConf: _, ...withoutHost } = settings;
  assert.equal(
    conf(pod({ dnsPolicy: "Default" }), withoutHost),
    "search .\nnameserver 127.0.0.1\n",
  );
});

Deno.test("None and dnsConfig: appended without duplicates, options merged by name", () => {
  assert.equal(
    conf(pod({
      dnsPolicy: "None",
      dnsConfig: {
        nameservers: ["1.1.1.1"],
        searches: ["a.example"],
        options: [{ name: "ndots", value: "2" }],
      },
    })),
    "search a.example\nnameserver 1.1.1.1\noptions ndots:2\n",
  );
  assert.equal(
    conf(pod({
      dnsConfig: {
        nameservers: ["10.96.0.10", "1.1.1.1", "8.8.8.8", "9.9.9.9"],
        searches: ["cluster.local", "extra.example"],
        options: [{ name: "ndots", value: "1" }, { name: "edns0" }],
      },
    })),
    "search shop.svc.cluster.local svc.cluster.local cluster.local corp.example extra.example\n" +
      "nameserver 10.96.0.10\nnameserver 1.1.1.1\nnameserver 8.8.8.8\n" +
      "options ndots:1 edns0\n",
  );
  assert.throws(
    () => podResolvConf(pod({ dnsPolicy: "Bogus" }), settings),
    /invalid DNSPolicy=Bogus/,
  );
  assert.deepEqual(parseResolvConf("domain a\nsearch b c\nnameserver 1.2.3.4 # x\n"), {
    nameservers: ["1.2.3.4"],
    searches: ["b", "c"],
    options: [],
  });
});

Deno.test("hostname, subdomain and the managed /etc/hosts", () => {
  assert.deepEqual(podHostnameAndDomain(pod(), "cluster.local"), { hostname: "web" });
  assert.deepEqual(
    podHostnameAndDomain(pod({ hostname: "db-0", subdomain: "db" }), "cluster.local"),
    {
      hostname: "db-0",
      domain: "db.shop.svc.cluster.local",
    },
  );
  const long = { metadata: { name: `${"a".repeat(62)}-b-c`, uid: "u" }, spec: { containers: [] } };
  assert.equal(podHostnameAndDomain(long, "cluster.local").hostname, "a".repeat(62));
  assert.throws(
    () => podHostnameAndDomain(pod({ hostname: "Bad_Name" }), "c"),
    /not a valid DNS label/,
  );
  assert.equal(
    managedHostsFile(
      pod({
        hostname: "db-0",
        subdomain: "db",
        hostAliases: [{ ip: "192.0.2.7", hostnames: ["foo", "bar"] }],
      }),
      ["10.244.1.5"],
      "cluster.local",
    ),
    "# Kubernetes-managed hosts file.\n" +
      "127.0.0.1\tlocalhost\n" +
      "::1\tlocalhost ip6-localhost ip6-loopback\n" +
      "fe00::0\tip6-localnet\n" +
      "fe00::0\tip6-mcastprefix\n" +
      "fe00::1\tip6-allnodes\n" +
      "fe00::2\tip6-allrouters\n" +
      "10.244.1.5\tdb-0.db.shop.svc.cluster.local\tdb-0\n" +
      "\n" +
      "# Entries added by HostAliases.\n" +
      "192.0.2.7\tfoo\tbar\n",
  );
});

Deno.test("nodeDnsSettings: the --cluster-dns servers and the node's resolv.conf", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/resolv.conf`, "nameserver 192.0.2.53\n");
    const settings = await nodeDnsSettings(["10.121.0.10"], `${dir}/resolv.conf`);
    assert.deepEqual(settings, {
      clusterDNS: ["10.121.0.10"],
      clusterDomain: "cluster.local",
      hostResolvConf: "nameserver 192.0.2.53\n",
    });
    assert.equal(
      conf(pod(), settings),
      "search shop.svc.cluster.local svc.cluster.local cluster.local\n" +
        "nameserver 10.121.0.10\noptions ndots:5\n",
    );
    // No cluster DNS and no readable resolv.conf: ClusterFirst falls back to Default, which
    // disables lookups.
    const none = await nodeDnsSettings([], `${dir}/missing`);
    assert.equal(conf(pod(), none), "search .\nnameserver 127.0.0.1\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
