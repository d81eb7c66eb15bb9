/**
 * Image pulls on a real engine, without the internet: missing images name an unreachable
 * registry on loopback, and the credentials test runs its own fake registry on loopback.
 */
import assert from "node:assert/strict";
import { createLogger } from "../cli/log.ts";
import { credentialsFromSecret } from "./docker_auth.ts";
import { DockerClient } from "./docker_client.ts";
import { busybox, testPod, testRuntime, withDockerTestEnv } from "./docker_test_util.ts";
import { ImageError, type ImageEvent, ImageManager } from "./images.ts";

/** Nothing listens on port 1: the pull fails at once, on loopback. */
const MISSING = "127.0.0.1:1/kubeno/missing:v1";

function fakeClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let now = start;
  return { now: () => now, advance: (ms) => (now += ms) };
}

async function reason(promise: Promise<unknown>): Promise<[string, string]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ImageError) return [error.reason, error.message];
    throw error;
  }
  return ["ok", ""];
}

Deno.test("a missing image: ErrImagePull, then ImagePullBackOff doubling from 10 s to 300 s", async () => {
  const clock = fakeClock();
  const events: ImageEvent[] = [];
  const images = new ImageManager({ docker: new DockerClient(), now: clock.now });
  const request = {
    podUid: "uid-1",
    image: MISSING,
    imagePullPolicy: "IfNotPresent",
    onEvent: (e: ImageEvent) => events.push(e),
  };
  const [first, message] = await reason(images.ensureImage(request));
  assert.equal(first, "ErrImagePull");
  assert.match(
    message,
    /^failed to pull image "127\.0\.0\.1:1\/kubeno\/missing:v1": .*127\.0\.0\.1:1/,
  );
  assert.deepEqual(events.map((e) => e.reason), ["Pulling", "Failed"]);

  // Within the back-off window: no pull, ImagePullBackOff.
  clock.advance(9_999);
  assert.deepEqual(await reason(images.ensureImage(request)), [
    "ImagePullBackOff",
    `Back-off pulling image "${MISSING}"`,
  ]);
  // After 10 s it pulls again, fails again, and the window doubles to 20 s.
  clock.advance(2);
  assert.equal((await reason(images.ensureImage(request)))[0], "ErrImagePull");
  clock.advance(19_999);
  assert.equal((await reason(images.ensureImage(request)))[0], "ImagePullBackOff");
  clock.advance(2);
  assert.equal((await reason(images.ensureImage(request)))[0], "ErrImagePull");
  // ...40 s, 80 s, 160 s, then capped at 300 s.
  for (const window of [40_000, 80_000, 160_000, 300_000, 300_000]) {
    clock.advance(window - 1);
    assert.equal((await reason(images.ensureImage(request)))[0], "ImagePullBackOff", `${window}`);
    clock.advance(2);
    assert.equal((await reason(images.ensureImage(request)))[0], "ErrImagePull", `${window}`);
  }
  // The back-off is per pod: another pod pulls at once.
  assert.equal(
    (await reason(images.ensureImage({ ...request, podUid: "uid-2" })))[0],
    "ErrImagePull",
  );
});

Deno.test("pull policies: Never, IfNotPresent and invalid names", async () => {
  const images = new ImageManager({ docker: new DockerClient() });
  const base = { podUid: "u" };
  assert.deepEqual(
    await reason(images.ensureImage({ ...base, image: MISSING, imagePullPolicy: "Never" })),
    [
      "ErrImageNeverPull",
      `Container image "${MISSING}" is not present with pull policy of Never`,
    ],
  );
  const present = await images.ensureImage({
    ...base,
    image: "kubeno/busybox:latest",
    imagePullPolicy: "Never",
  });
  assert.match(present.imageId, /^sha256:/);
  assert.deepEqual(
    await images.ensureImage({ ...base, image: "kubeno/busybox", imagePullPolicy: "IfNotPresent" }),
    present,
  );
  assert.deepEqual(await reason(images.ensureImage({ ...base, image: "Kubeno/BusyBox" })), [
    "InvalidImageName",
    'Failed to apply default image tag "Kubeno/BusyBox": couldn\'t parse image name "Kubeno/BusyBox": repository name must be lowercase',
  ]);
});

Deno.test("a pod with a missing image waits with ErrImagePull, then ImagePullBackOff", async () => {
  await withDockerTestEnv(async (env) => {
    const runtime = await testRuntime(env, 1, {
      imagePullBackoff: { initialMs: 60_000, maxMs: 60_000 },
    });
    const pod = testPod("pull", [
      { name: "app", image: MISSING, imagePullPolicy: "IfNotPresent" },
      { name: "never", image: "kubeno/absent:v1", imagePullPolicy: "Never" },
      busybox("ok", ["sleep", "3600"]),
    ]);
    const first = await runtime.syncPod(pod);
    const waiting = (s: typeof first) =>
      s.status.containerStatuses.map((
        c,
      ) => [c.name, c.state?.waiting?.reason ?? Object.keys(c.state ?? {})[0]]);
    assert.deepEqual(waiting(first), [["app", "ErrImagePull"], ["never", "ErrImageNeverPull"], [
      "ok",
      "running",
    ]]);
    assert.equal(first.status.phase, "Pending");
    const second = await runtime.syncPod(pod);
    assert.deepEqual(waiting(second), [
      ["app", "ImagePullBackOff"],
      ["never", "ErrImageNeverPull"],
      ["ok", "running"],
    ]);
    assert.equal(
      second.status.containerStatuses[0]!.state?.waiting?.message,
      `Back-off pulling image "${MISSING}"`,
    );
  });
});

Deno.test("imagePullSecrets reach the registry as X-Registry-Auth, and are never logged", async () => {
  const seen: string[] = [];
  const controller = new AbortController();
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    signal: controller.signal,
    onListen: () => {},
    onError: () => new Response("bad request", { status: 400 }),
  }, (request) => {
    const auth = request.headers.get("authorization");
    if (auth !== null) seen.push(auth);
    const url = new URL(request.url);
    if (url.pathname === "/v2/" || url.pathname === "/v2") {
      return auth === null
        ? new Response("{}", {
          status: 401,
          headers: {
            "www-authenticate": 'Basic realm="kubeno-test"',
            "docker-distribution-api-version": "registry/2.0",
          },
        })
        : new Response("{}", { headers: { "docker-distribution-api-version": "registry/2.0" } });
    }
    return Response.json(
      { errors: [{ code: "MANIFEST_UNKNOWN", message: "manifest unknown" }] },
      { status: 404, headers: { "docker-distribution-api-version": "registry/2.0" } },
    );
  });
  try {
    const port = server.addr.port;
    const registry = `127.0.0.1:${port}`;
    const lines: string[] = [];
    const images = new ImageManager({
      docker: new DockerClient(),
      logger: createLogger("kubelet", 9, (line) => lines.push(line)),
    });
    const config = { auths: { [registry]: { auth: btoa("alice:s3cret-pw") } } };
    const secret = {
      metadata: { name: "regcred", namespace: "default" },
      type: "kubernetes.io/dockerconfigjson",
      data: { ".dockerconfigjson": btoa(JSON.stringify(config)) },
    };
    const credentials = credentialsFromSecret(secret);
    const events: ImageEvent[] = [];
    const [why] = await reason(images.ensureImage({
      podUid: "u",
      image: `${registry}/team/app:v1`,
      imagePullPolicy: "Always",
      pullSecretCredentials: credentials,
      onEvent: (e) => events.push(e),
    }));
    assert.equal(why, "ErrImagePull");
    assert.ok(
      seen.includes(`Basic ${btoa("alice:s3cret-pw")}`),
      `saw ${JSON.stringify(seen.length)} auth headers`,
    );
    const everything = [
      ...lines,
      ...events.map((e) => e.message),
      Deno.inspect(credentials),
      JSON.stringify(credentials),
    ]
      .join("\n");
    assert.ok(!everything.includes("s3cret-pw"), "the password never shows");
    assert.ok(!everything.includes(btoa("alice:s3cret-pw")), "nor its base64");
    assert.match(Deno.inspect(credentials[0]), /password":"<redacted>"/);
  } finally {
    controller.abort();
    await server.finished;
  }
});
