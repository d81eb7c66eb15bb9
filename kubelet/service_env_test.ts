import assert from "node:assert/strict";
import type { ServiceLike } from "./pod_types.ts";
import { envVariableName, serviceEnvVars, servicesForPod } from "./service_env.ts";

const svc = (
  name: string,
  namespace: string,
  clusterIP: string,
  ports: { name?: string; port: number; protocol?: string }[],
): ServiceLike => ({ metadata: { name, namespace }, spec: { clusterIP, ports } });

Deno.test("service variables in the seed's and Kubernetes' exact format", () => {
  assert.equal(envVariableName("redis-master"), "REDIS_MASTER");
  assert.deepEqual(
    serviceEnvVars([svc("redis-master", "default", "10.0.0.11", [{ port: 6379 }])]),
    [
      { name: "REDIS_MASTER_SERVICE_HOST", value: "10.0.0.11" },
      { name: "REDIS_MASTER_SERVICE_PORT", value: "6379" },
      { name: "REDIS_MASTER_PORT", value: "tcp://10.0.0.11:6379" },
      { name: "REDIS_MASTER_PORT_6379_TCP", value: "tcp://10.0.0.11:6379" },
      { name: "REDIS_MASTER_PORT_6379_TCP_PROTO", value: "tcp" },
      { name: "REDIS_MASTER_PORT_6379_TCP_PORT", value: "6379" },
      { name: "REDIS_MASTER_PORT_6379_TCP_ADDR", value: "10.0.0.11" },
    ],
  );
});

Deno.test("named ports, several ports, UDP; headless and IP-less services are skipped", () => {
  const vars = serviceEnvVars([
    svc("dns", "default", "10.96.0.10", [
      { name: "dns", port: 53, protocol: "UDP" },
      { name: "dns-tcp", port: 53, protocol: "TCP" },
    ]),
    svc("headless", "default", "None", [{ port: 80 }]),
    svc("pending", "default", "", [{ port: 80 }]),
  ]);
  assert.deepEqual(vars.map((v) => `${v.name}=${v.value}`), [
    "DNS_SERVICE_HOST=10.96.0.10",
    "DNS_SERVICE_PORT=53",
    "DNS_SERVICE_PORT_DNS=53",
    "DNS_SERVICE_PORT_DNS_TCP=53",
    "DNS_PORT=udp://10.96.0.10:53",
    "DNS_PORT_53_UDP=udp://10.96.0.10:53",
    "DNS_PORT_53_UDP_PROTO=udp",
    "DNS_PORT_53_UDP_PORT=53",
    "DNS_PORT_53_UDP_ADDR=10.96.0.10",
    "DNS_PORT_53_TCP=tcp://10.96.0.10:53",
    "DNS_PORT_53_TCP_PROTO=tcp",
    "DNS_PORT_53_TCP_PORT=53",
    "DNS_PORT_53_TCP_ADDR=10.96.0.10",
  ]);
});

Deno.test("a pod gets its namespace's services and the master services of default", () => {
  const own = [
    svc("web", "shop", "10.0.0.2", [{ port: 80 }]),
    svc("kubernetes", "shop", "10.0.0.3", [{ port: 1 }]),
  ];
  const defaults = [
    svc("kubernetes", "default", "10.96.0.1", [{ name: "https", port: 443 }]),
    svc("other", "default", "10.0.0.9", [{ port: 9 }]),
  ];
  const names = (list: ServiceLike[]) =>
    list.map((s) => `${s.metadata!.namespace}/${s.metadata!.name}`);
  assert.deepEqual(names(servicesForPod("shop", true, own, defaults)), [
    "shop/kubernetes",
    "shop/web",
  ]);
  assert.deepEqual(names(servicesForPod("shop", false, own, defaults)), ["default/kubernetes"]);
  assert.deepEqual(names(servicesForPod("default", true, defaults, defaults)), [
    "default/kubernetes",
    "default/other",
  ]);
});
