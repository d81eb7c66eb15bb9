import assert from "node:assert/strict";
import { withDockerTestEnv } from "./docker_test_util.ts";
import {
  assertPodCidrInNetwork,
  DEFAULT_POD_NETWORK,
  ensurePodNetwork,
  PodNetworkMismatchError,
  validatePodNetworkConfig,
} from "./pod_network.ts";

Deno.test("pod network configs are validated", () => {
  validatePodNetworkConfig(DEFAULT_POD_NETWORK);
  assert.throws(
    () => validatePodNetworkConfig({ ...DEFAULT_POD_NETWORK, gateway: "10.245.0.1" }),
    /gateway 10\.245\.0\.1 is not inside 10\.244\.0\.0\/16/,
  );
  assert.throws(
    () =>
      validatePodNetworkConfig({ ...DEFAULT_POD_NETWORK, bridgeName: "a-very-long-bridge-name" }),
    RangeError,
  );
  assertPodCidrInNetwork("10.244.3.0/24", DEFAULT_POD_NETWORK);
  assert.throws(
    () => assertPodCidrInNetwork("10.245.3.0/24", DEFAULT_POD_NETWORK),
    /podCIDR 10\.245\.3\.0\/24 is not inside the pod network kubeno-pods \(10\.244\.0\.0\/16\)/,
  );
});

Deno.test("ensurePodNetwork is idempotent and safe when several kubelets race", async () => {
  await withDockerTestEnv(async (env) => {
    const config = { ...env.networkConfig, name: `${env.networkConfig.name}-race` };
    // The env's own network holds another /16: use the next one for the race.
    const second = Number(env.networkConfig.subnet.split(".")[1]) + 1;
    const raced = { ...config, subnet: `10.${second}.0.0/16`, gateway: `10.${second}.0.1` };
    let results;
    try {
      results = await Promise.all([1, 2, 3, 4].map(() => ensurePodNetwork(env.docker, raced)));
    } catch (error) {
      if (/overlap/i.test(String(error))) return; // that /16 is taken on this machine: skip
      throw error;
    }
    assert.equal(new Set(results.map((r) => r.id)).size, 1);
    assert.deepEqual(results[0], {
      id: results[0]!.id,
      name: raced.name,
      subnet: raced.subnet,
      gateway: raced.gateway,
    });
    const listed = await env.docker.listNetworks([`io.kubeno.test=${env.runId}`]);
    assert.equal(listed.filter((n) => n.Name === raced.name).length, 1);
    // The env's network exists with another subnet: a mismatch is a clear error.
    await assert.rejects(
      ensurePodNetwork(env.docker, { ...raced, name: env.networkConfig.name }),
      (error: unknown) => {
        assert.ok(error instanceof PodNetworkMismatchError);
        assert.match(error.message, /exists with driver bridge and subnets 10\.\d+\.0\.0\/16/);
        return true;
      },
    );
  });
});
