import assert from "node:assert/strict";
import fc from "fast-check";
import {
  ContainerConfigError,
  expand,
  expandCommandAndArgs,
  fieldRefValue,
  formatMap,
  mappingFor,
  type PodFacts,
  resolveEnv,
  resourceFieldRefValue,
} from "./env.ts";
import type { ConfigMapLike, PodLike, SecretLike } from "./pod_types.ts";

const vars = new Map([
  ["VAR_A", "A"],
  ["VAR_B", "B"],
  ["VAR_C", "C"],
  ["VAR_REF", "$(VAR_A)"],
  ["VAR_EMPTY", ""],
  ["VAR_SPACE", " "],
]);
const mapping = mappingFor(vars);

Deno.test("expand follows Kubernetes' expansion rules", () => {
  // Cases from k8s.io/kubernetes third_party/forked/golang/expansion/expand_test.go.
  const cases: [string, string][] = [
    ["$(VAR_A)", "A"],
    ["___$(VAR_B)___", "___B___"],
    ["$(VAR_A)-$(VAR_A)", "A-A"],
    ["f000-$$VAR_A", "f000-$VAR_A"],
    ["foo\\$(VAR_C)bar", "foo\\Cbar"],
    ["foo\\\\$(VAR_C)bar", "foo\\\\Cbar"],
    ["$(VAR_A)$(VAR_B)$(VAR_C)", "ABC"],
    ["$(VAR_REF)", "$(VAR_A)"],
    ["$(VAR_EMPTY)", ""],
    ["$(VAR_SPACE)", " "],
    ["$(VAR_DNE)", "$(VAR_DNE)"],
    ["$$(VAR_A)", "$(VAR_A)"],
    ["$$$(VAR_A)", "$A"],
    ["$$$$(VAR_A)", "$$(VAR_A)"],
    ["$(VAR_A", "$(VAR_A"],
    ["$(", "$("],
    ["$", "$"],
    ["$$", "$"],
    ["$x", "$x"],
    ["$(VAR_A)$", "A$"],
    ["", ""],
    ["$()", "$()"],
    ["$(VAR_A)$$(VAR_B)", "A$(VAR_B)"],
  ];
  for (const [input, want] of cases) assert.equal(expand(input, mapping), want, input);
});

Deno.test("expand leaves text without '$' alone and never throws", () => {
  fc.assert(fc.property(fc.string(), (text) => {
    const out = expand(text, mapping);
    if (!text.includes("$")) assert.equal(out, text);
  }));
});

const pod: PodLike = {
  metadata: {
    name: "web-1",
    namespace: "prod",
    uid: "u-1",
    labels: { tier: "web", app: "shop" },
    annotations: { note: 'say "hi"' },
  },
  spec: {
    nodeName: "n1",
    serviceAccountName: "robot",
    containers: [
      { name: "app", resources: { limits: { cpu: "1500m", memory: "256Mi" } } },
      { name: "side", resources: { requests: { cpu: "100m" } } },
    ],
  },
};
const facts: PodFacts = {
  podIP: "10.244.1.5",
  hostIP: "192.0.2.1",
  nodeAllocatable: { cpu: "4", memory: "8Gi" },
};

Deno.test("fieldRef values", () => {
  const value = (fieldPath: string) => fieldRefValue({ fieldPath }, pod, facts);
  assert.equal(value("metadata.name"), "web-1");
  assert.equal(value("metadata.namespace"), "prod");
  assert.equal(value("metadata.uid"), "u-1");
  assert.equal(value("metadata.labels"), 'app="shop"\ntier="web"');
  assert.equal(value("metadata.annotations"), 'note="say \\"hi\\""');
  assert.equal(value("metadata.labels['tier']"), "web");
  assert.equal(value("metadata.annotations['missing']"), "");
  assert.equal(value("spec.nodeName"), "n1");
  assert.equal(value("spec.serviceAccountName"), "robot");
  assert.equal(value("status.podIP"), "10.244.1.5");
  assert.equal(value("status.podIPs"), "10.244.1.5");
  assert.equal(value("status.hostIP"), "192.0.2.1");
  assert.throws(
    () => value("spec.containers"),
    (e: unknown) =>
      e instanceof ContainerConfigError && e.message === "unsupported fieldPath: spec.containers",
  );
  assert.equal(formatMap(undefined), "");
});

Deno.test("resourceFieldRef values round up by the divisor; unset limits are the node's", () => {
  const [app, side] = pod.spec!.containers;
  const value = (c: typeof app, resource: string, divisor?: string) =>
    resourceFieldRefValue(
      divisor === undefined ? { resource } : { resource, divisor },
      c!,
      facts.nodeAllocatable,
    );
  assert.equal(value(app, "limits.cpu"), "2");
  assert.equal(value(app, "limits.cpu", "1m"), "1500");
  assert.equal(value(app, "limits.memory"), String(256 * 1024 * 1024));
  assert.equal(value(app, "limits.memory", "1Mi"), "256");
  assert.equal(value(app, "limits.memory", "1G"), "1");
  assert.equal(value(app, "requests.cpu", "1m"), "1500", "requests default to limits");
  assert.equal(value(side, "limits.cpu"), "4");
  assert.equal(value(side, "limits.memory", "1Gi"), "8");
  assert.equal(value(side, "requests.cpu", "1m"), "100");
  assert.equal(value(side, "requests.memory"), "0");
  assert.throws(() => value(app, "limits.gpu"), /unsupported container resource : limits.gpu/);
});

function lookups(
  configMaps: Record<string, ConfigMapLike>,
  secrets: Record<string, SecretLike>,
) {
  const calls: string[] = [];
  return {
    calls,
    configMap: (ns: string, name: string) => {
      calls.push(`cm ${ns}/${name}`);
      return Promise.resolve(configMaps[name]);
    },
    secret: (ns: string, name: string) => {
      calls.push(`secret ${ns}/${name}`);
      return Promise.resolve(secrets[name]);
    },
  };
}

Deno.test("resolveEnv: envFrom, then env in order with expansion, then service variables", async () => {
  const look = lookups(
    { cfg: { data: { A: "from-cm", B: "b", "bad=key": "skipped" } } },
    { sec: { data: { TOKEN: btoa("t0k") } } },
  );
  const env = await resolveEnv(
    pod,
    {
      name: "app",
      envFrom: [{ configMapRef: { name: "cfg" } }, { secretRef: { name: "sec" }, prefix: "S_" }],
      env: [
        { name: "A", value: "override-$(B)" },
        { name: "URL", value: "http://$(REDIS_SERVICE_HOST):$(REDIS_SERVICE_PORT)/$(A)" },
        { name: "EMPTY" },
        { name: "KEY", valueFrom: { configMapKeyRef: { name: "cfg", key: "B" } } },
        { name: "TOKEN", valueFrom: { secretKeyRef: { name: "sec", key: "TOKEN" } } },
        { name: "OPT", valueFrom: { configMapKeyRef: { name: "none", key: "x", optional: true } } },
        { name: "REDIS_SERVICE_PORT", value: "7000" },
      ],
    },
    [
      { name: "REDIS_SERVICE_HOST", value: "10.0.0.11" },
      { name: "REDIS_SERVICE_PORT", value: "6379" },
    ],
    facts,
    look,
  );
  assert.deepEqual(env, [
    { name: "A", value: "override-b" },
    { name: "B", value: "b" },
    { name: "S_TOKEN", value: "t0k" },
    { name: "URL", value: "http://10.0.0.11:6379/override-b" },
    { name: "EMPTY", value: "" },
    { name: "KEY", value: "b" },
    { name: "TOKEN", value: "t0k" },
    { name: "REDIS_SERVICE_PORT", value: "7000" },
    { name: "REDIS_SERVICE_HOST", value: "10.0.0.11" },
  ]);
  // Each source is fetched once.
  assert.deepEqual(look.calls, ["cm prod/cfg", "secret prod/sec", "cm prod/none"]);
});

Deno.test("resolveEnv errors name the missing object or key", async () => {
  const look = lookups({ cfg: { data: {} } }, { sec: { data: {} } });
  const fails = async (container: Parameters<typeof resolveEnv>[1], message: string) =>
    await assert.rejects(resolveEnv(pod, container, [], facts, look), (e: unknown) => {
      assert.ok(e instanceof ContainerConfigError);
      assert.equal(e.message, message);
      return true;
    });
  await fails(
    { name: "a", env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "gone", key: "k" } } }] },
    'configmap "gone" not found',
  );
  await fails(
    { name: "a", env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "cfg", key: "k" } } }] },
    "couldn't find key k in ConfigMap prod/cfg",
  );
  await fails(
    { name: "a", env: [{ name: "X", valueFrom: { secretKeyRef: { name: "gone", key: "k" } } }] },
    'secret "gone" not found',
  );
  await fails(
    { name: "a", env: [{ name: "X", valueFrom: { secretKeyRef: { name: "sec", key: "k" } } }] },
    "couldn't find key k in Secret prod/sec",
  );
  await fails({ name: "a", envFrom: [{ secretRef: { name: "gone" } }] }, 'secret "gone" not found');
  const ok = await resolveEnv(
    pod,
    {
      name: "a",
      envFrom: [{ secretRef: { name: "gone", optional: true } }],
      env: [{ name: "X", valueFrom: { secretKeyRef: { name: "sec", key: "k", optional: true } } }],
    },
    [],
    facts,
    look,
  );
  assert.deepEqual(ok, []);
});

Deno.test("command and args are expanded against the final environment", () => {
  const env = [{ name: "GREETING", value: "hi" }, { name: "WHO", value: "$(GREETING)" }];
  assert.deepEqual(
    expandCommandAndArgs(
      { name: "c", command: ["echo", "$(GREETING)"], args: ["$(WHO)", "$$(GREETING)", "$(NOPE)"] },
      env,
    ),
    { command: ["echo", "hi"], args: ["$(GREETING)", "$(GREETING)", "$(NOPE)"] },
  );
  assert.deepEqual(expandCommandAndArgs({ name: "c" }, env), {});
});
