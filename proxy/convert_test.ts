import assert from "node:assert/strict";
import { serviceFromKubernetes, type V1EndpointSlice } from "./convert.ts";
import { normalizeService } from "./table.ts";

const slice = (
  name: string,
  port: number,
  endpoints: NonNullable<V1EndpointSlice["endpoints"]>,
  service = "web",
): V1EndpointSlice => ({
  metadata: { name, namespace: "default", labels: { "kubernetes.io/service-name": service } },
  addressType: "IPv4",
  endpoints,
  ports: [{ name: "http", port, protocol: "TCP" }],
});

Deno.test("convert: a v1 Service and its EndpointSlices become a table entry", () => {
  const input = serviceFromKubernetes(
    {
      metadata: { namespace: "default", name: "web" },
      spec: {
        type: "NodePort",
        clusterIP: "10.96.0.7",
        clusterIPs: ["10.96.0.7"],
        sessionAffinity: "ClientIP",
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } },
        externalTrafficPolicy: "Local",
        ports: [
          { name: "http", protocol: "TCP", port: 80, targetPort: "web", nodePort: 30080 },
          { name: "sctp", protocol: "SCTP", port: 99 },
        ],
      },
    },
    [
      // A named targetPort resolving to different numbers on different pods: two slices.
      slice("web-a", 8080, [{
        addresses: ["10.244.1.5"],
        conditions: { ready: true },
        nodeName: "n1",
      }]),
      slice("web-b", 9090, [
        {
          addresses: ["10.244.2.6"],
          conditions: { ready: false, serving: true, terminating: true },
        },
        { addresses: ["10.244.3.7"] },
      ]),
      slice("other", 1, [{ addresses: ["10.244.9.9"] }], "not-web"),
      { ...slice("fqdn", 1, [{ addresses: ["example.test"] }]), addressType: "FQDN" },
    ],
  );
  const s = normalizeService(input);
  assert.equal(s.type, "NodePort");
  assert.deepEqual(s.sessionAffinity, { type: "ClientIP", timeoutSeconds: 60 });
  assert.equal(s.externalTrafficPolicy, "Local");
  assert.deepEqual(s.ports.map((p) => `${p.name}/${p.protocol}/${p.port}/${p.nodePort}`), [
    "http/TCP/80/30080",
  ]);
  assert.deepEqual(
    s.endpoints.map((e) =>
      `${e.ip} ${e.ports.http} ${e.ready} ${e.serving} ${e.terminating} ${e.nodeName ?? "-"}`
    ),
    [
      "10.244.1.5 8080 true true false n1",
      "10.244.2.6 9090 false true true -",
      "10.244.3.7 9090 true true false -",
    ],
  );
  const headless = serviceFromKubernetes(
    { metadata: { name: "db" }, spec: { clusterIP: "None" } },
    [],
  );
  assert.deepEqual(normalizeService(headless).clusterIPs, []);
});

Deno.test("convert: a LoadBalancer's ingress IPs are kept; other types ignore a stale status", () => {
  const lb = (type: string) =>
    serviceFromKubernetes({
      metadata: { namespace: "default", name: "lb" },
      spec: { type, clusterIP: "10.96.0.8", ports: [{ port: 80, nodePort: 30081 }] },
      status: { loadBalancer: { ingress: [{ ip: "192.0.2.1" }, { hostname: "lb.example" }] } },
    }, []);
  assert.deepEqual(normalizeService(lb("LoadBalancer")).loadBalancerIPs, ["192.0.2.1"]);
  assert.deepEqual(normalizeService(lb("NodePort")).loadBalancerIPs, []);
});
