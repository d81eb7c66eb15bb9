import assert from "node:assert/strict";
import {
  defaultPullPolicy,
  effectivePullPolicy,
  InvalidImageNameError,
  parseImageReference,
  shouldPullImage,
} from "./image_ref.ts";

Deno.test("image references normalize like Docker's", () => {
  const cases: [string, string, string, string][] = [
    // input, repository, tag-or-digest, normalized
    ["busybox", "docker.io/library/busybox", "", "docker.io/library/busybox:latest"],
    ["busybox:1.36", "docker.io/library/busybox", "1.36", "docker.io/library/busybox:1.36"],
    ["kubeno/busybox", "docker.io/kubeno/busybox", "", "docker.io/kubeno/busybox:latest"],
    ["docker.io/kubeno/pause:3", "docker.io/kubeno/pause", "3", "docker.io/kubeno/pause:3"],
    ["index.docker.io/x/y", "docker.io/x/y", "", "docker.io/x/y:latest"],
    ["localhost/app", "localhost/app", "", "localhost/app:latest"],
    ["localhost:5000/team/app:v2", "localhost:5000/team/app", "v2", "localhost:5000/team/app:v2"],
    [
      "127.0.0.1:1/kubeno/missing:v1",
      "127.0.0.1:1/kubeno/missing",
      "v1",
      "127.0.0.1:1/kubeno/missing:v1",
    ],
    ["gcr.io/a/b/c", "gcr.io/a/b/c", "", "gcr.io/a/b/c:latest"],
  ];
  for (const [input, repository, tag, normalized] of cases) {
    const ref = parseImageReference(input);
    assert.equal(ref.repository, repository, input);
    assert.equal(ref.tag ?? "", tag, input);
    assert.equal(ref.normalized, normalized, input);
  }
  const digest = "sha256:" + "ab".repeat(32);
  const pinned = parseImageReference(`busybox@${digest}`);
  assert.equal(pinned.digest, digest);
  assert.equal(pinned.normalized, `docker.io/library/busybox@${digest}`);
});

Deno.test("invalid image names", () => {
  for (
    const bad of [
      "",
      " busybox",
      "Busybox",
      "busy box",
      "a/b:",
      "a:tag with space",
      "a@sha256:xyz",
      "a//b",
    ]
  ) {
    assert.throws(() => parseImageReference(bad), InvalidImageNameError, JSON.stringify(bad));
  }
  assert.throws(
    () => parseImageReference("kubeno/BusyBox"),
    /couldn't parse image name "kubeno\/BusyBox": repository name must be lowercase/,
  );
});

Deno.test("default pull policy: Always for :latest or untagged, IfNotPresent otherwise", () => {
  assert.equal(defaultPullPolicy("busybox"), "Always");
  assert.equal(defaultPullPolicy("busybox:latest"), "Always");
  assert.equal(defaultPullPolicy("busybox:1.36"), "IfNotPresent");
  assert.equal(defaultPullPolicy("localhost:5000/app"), "Always");
  assert.equal(defaultPullPolicy(`busybox@sha256:${"0".repeat(64)}`), "IfNotPresent");
  assert.equal(effectivePullPolicy("busybox", "Never"), "Never");
  assert.equal(effectivePullPolicy("busybox:1", undefined), "IfNotPresent");
  assert.equal(shouldPullImage("Always", true), true);
  assert.equal(shouldPullImage("IfNotPresent", true), false);
  assert.equal(shouldPullImage("IfNotPresent", false), true);
  assert.equal(shouldPullImage("Never", false), false);
});
