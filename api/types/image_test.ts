import assert from "node:assert/strict";
import { defaultPullPolicy, parseImageReference } from "./image.ts";

Deno.test("image: references split as ParseImageName does", () => {
  assert.deepEqual(parseImageReference("nginx"), { name: "nginx", tag: "latest", digest: "" });
  assert.deepEqual(parseImageReference("nginx:1.25"), { name: "nginx", tag: "1.25", digest: "" });
  assert.deepEqual(parseImageReference("registry:5000/team/app:v2"), {
    name: "registry:5000/team/app",
    tag: "v2",
    digest: "",
  });
  const digest = "sha256:" + "0123456789abcdef".repeat(4);
  assert.deepEqual(parseImageReference(`busybox@${digest}`), {
    name: "busybox",
    tag: "",
    digest,
  });
  assert.equal(parseImageReference("Nginx"), undefined);
  assert.equal(parseImageReference(""), undefined);
  assert.equal(parseImageReference("nginx:"), undefined);
});

Deno.test("image: default pull policy", () => {
  assert.equal(defaultPullPolicy("nginx"), "Always");
  assert.equal(defaultPullPolicy("nginx:latest"), "Always");
  assert.equal(defaultPullPolicy("localhost:5000/nginx"), "Always");
  assert.equal(defaultPullPolicy("nginx:1.25"), "IfNotPresent");
  assert.equal(defaultPullPolicy("nginx@sha256:" + "a".repeat(64)), "IfNotPresent");
  assert.equal(defaultPullPolicy("nginx:latest@sha256:" + "a".repeat(64)), "Always");
  assert.equal(defaultPullPolicy("NOT VALID"), "IfNotPresent");
  assert.equal(defaultPullPolicy(undefined), "IfNotPresent");
});
