import assert from "node:assert/strict";
import {
  credentialMatches,
  credentialsFromFiles,
  credentialsFromSecret,
  DockerConfigError,
  lookupCredentials,
  parseDockerConfig,
} from "./docker_auth.ts";

const b64 = (s: string) => btoa(s);

Deno.test("config.json, .dockercfg and both secret types parse; auth wins over username/password", () => {
  const json = parseDockerConfig(
    JSON.stringify({
      auths: {
        "registry.local:5000": { auth: b64("alice:pw:with:colons"), username: "ignored" },
        "https://index.docker.io/v1/": { username: "bob", password: "hub-pw", email: "b@x" },
      },
    }),
    "config.json",
  );
  assert.deepEqual(json.map((c) => [c.server, c.username, c.source]), [
    ["registry.local:5000", "alice", "config.json"],
    ["https://index.docker.io/v1/", "bob", "config.json"],
  ]);
  const header = JSON.parse(
    atob(
      json[0]!.toRegistryAuthHeader("registry.local:5000").replaceAll("-", "+").replaceAll(
        "_",
        "/",
      ),
    ),
  );
  assert.deepEqual(header, {
    serveraddress: "registry.local:5000",
    username: "alice",
    password: "pw:with:colons",
  });

  const cfg = parseDockerConfig(JSON.stringify({ "quay.io": { auth: b64("q:p") } }), ".dockercfg");
  assert.deepEqual(cfg.map((c) => [c.server, c.username]), [["quay.io", "q"]]);

  const secretJson = credentialsFromSecret({
    metadata: { name: "s", namespace: "ns" },
    type: "kubernetes.io/dockerconfigjson",
    data: { ".dockerconfigjson": b64(JSON.stringify({ auths: { "a.io": { auth: b64("u:p") } } })) },
  });
  assert.deepEqual(secretJson.map((c) => [c.server, c.username, c.source]), [[
    "a.io",
    "u",
    "secret ns/s",
  ]]);
  const secretCfg = credentialsFromSecret({
    metadata: { name: "old" },
    type: "kubernetes.io/dockercfg",
    data: { ".dockercfg": b64(JSON.stringify({ "b.io": { auth: b64("v:q") } })) },
  });
  assert.deepEqual(secretCfg.map((c) => c.server), ["b.io"]);
  assert.deepEqual(credentialsFromSecret({ type: "Opaque", data: { x: "eA==" } }), []);

  assert.throws(
    () => parseDockerConfig("{", "f"),
    (e: unknown) => e instanceof DockerConfigError && e.message === "f: not valid JSON",
  );
  assert.throws(
    () =>
      parseDockerConfig(JSON.stringify({ auths: { r: { auth: b64("no-colon-secret") } } }), "f"),
    (e: unknown) => e instanceof DockerConfigError && !e.message.includes("no-colon-secret"),
  );
});

Deno.test("credentials are redacted in JSON and inspect", () => {
  const [credential] = parseDockerConfig(
    JSON.stringify({
      auths: { "r.io": { username: "u", password: "hunter2", identitytoken: "tok" } },
    }),
    "f",
  );
  for (
    const text of [JSON.stringify(credential), Deno.inspect(credential), Deno.inspect([credential])]
  ) {
    assert.ok(!text.includes("hunter2") && !text.includes('tok"'), text);
    assert.match(text, /<redacted>/);
  }
});

Deno.test("matching by host glob, port and path prefix, most specific first; Docker Hub fallback", () => {
  assert.equal(credentialMatches("registry.local:5000", "registry.local:5000/team/app"), true);
  assert.equal(credentialMatches("registry.local", "registry.local:5000/team/app"), false);
  assert.equal(credentialMatches("*.example.com", "eu.example.com/app"), true);
  assert.equal(credentialMatches("*.example.com", "example.com/app"), false);
  assert.equal(credentialMatches("https://quay.io/v1/", "quay.io/coreos/etcd"), true);
  assert.equal(credentialMatches("quay.io/coreos", "quay.io/coreos/etcd"), true);
  assert.equal(credentialMatches("quay.io/other", "quay.io/coreos/etcd"), false);

  const creds = parseDockerConfig(
    JSON.stringify({
      "quay.io": { auth: b64("broad:1") },
      "quay.io/coreos": { auth: b64("narrow:2") },
      "https://index.docker.io/v1/": { auth: b64("hub:3") },
    }),
    "f",
  );
  assert.deepEqual(lookupCredentials(creds, "quay.io/coreos/etcd").map((c) => c.username), [
    "narrow",
    "broad",
  ]);
  assert.deepEqual(lookupCredentials(creds, "docker.io/library/busybox").map((c) => c.username), [
    "hub",
  ]);
  assert.deepEqual(lookupCredentials(creds, "gcr.io/x/y"), []);
});

Deno.test("the first docker config file that exists is read", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/.dockercfg`,
      JSON.stringify({ "r.io": { auth: b64("seed:pw") } }),
    );
    const found = await credentialsFromFiles([`${dir}/.docker/config.json`, `${dir}/.dockercfg`]);
    assert.deepEqual(found.map((c) => [c.username, c.source]), [["seed", `${dir}/.dockercfg`]]);
    assert.deepEqual(await credentialsFromFiles([`${dir}/none`]), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
