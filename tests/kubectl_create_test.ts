/**
 * `kubectl create <generator>` with the real kubectl 1.33 (which sends protobuf bodies) and
 * 1.31 (which sends JSON) against `kubeno apiserver`: each generator works, `--dry-run=server`
 * too, and what 1.33 creates reads back exactly as what 1.31 creates from the same command.
 */
import assert from "node:assert/strict";
import { ApiServerProcess, type KubectlResult } from "./support/apiserver_process.ts";

function ok(result: KubectlResult, what: string): string {
  assert.equal(result.code, 0, `${what}: ${result.stderr}`);
  return result.stdout;
}

/** A generator command; `{ns}` becomes the namespace, `{name}` the object's name. */
interface Generator {
  readonly resource: string;
  readonly args: (name: string, dir: string) => string[];
}

const GENERATORS: Record<string, Generator> = {
  configmap: {
    resource: "configmap",
    args: (name, dir) => [
      "create",
      "configmap",
      name,
      "--from-literal=a=b",
      "--from-literal=empty=",
      `--from-file=blob=${dir}/blob.bin`,
    ],
  },
  "secret generic": {
    resource: "secret",
    args: (name) => ["create", "secret", "generic", name, "--from-literal=user=admin"],
  },
  "secret docker-registry": {
    resource: "secret",
    args: (name) => [
      "create",
      "secret",
      "docker-registry",
      name,
      "--docker-server=registry.example",
      "--docker-username=u",
      "--docker-password=p",
    ],
  },
  deployment: {
    resource: "deployment",
    args: (name) => [
      "create",
      "deployment",
      name,
      "--image=kubeno/busybox",
      "--replicas=0",
      "--port=8080",
      "--",
      "httpd",
      "-f",
      "-p",
      "8080",
    ],
  },
  "service clusterip": {
    resource: "service",
    args: (name) => ["create", "service", "clusterip", name, "--tcp=80:8080", "--tcp=53:dns"],
  },
  "service nodeport": {
    resource: "service",
    args: (name) => ["create", "service", "nodeport", name, "--tcp=80:8080"],
  },
  "service externalname": {
    resource: "service",
    args: (name) => ["create", "service", "externalname", name, "--external-name=example.com"],
  },
  job: {
    resource: "job",
    args: (name) => ["create", "job", name, "--image=kubeno/busybox", "--", "echo", "hi"],
  },
  serviceaccount: {
    resource: "serviceaccount",
    args: (name) => ["create", "serviceaccount", name],
  },
};

/** Drops what differs between two creations of the same object (ids, times, allocations). */
function normalize(object: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(object) as Record<string, Record<string, unknown>>;
  const meta = copy.metadata!;
  for (const key of ["uid", "creationTimestamp", "resourceVersion", "namespace", "name"]) {
    delete meta[key];
  }
  for (const entry of (meta.managedFields ?? []) as Record<string, unknown>[]) delete entry.time;
  const spec = copy.spec as
    | { clusterIP?: string; clusterIPs?: string[]; ports?: { nodePort?: number }[] }
    | undefined;
  if (spec?.clusterIP !== undefined && spec.clusterIP !== "None") spec.clusterIP = "<allocated>";
  if (spec?.clusterIPs !== undefined) spec.clusterIPs = spec.clusterIPs.map(() => "<allocated>");
  for (const port of spec?.ports ?? []) {
    if (port.nodePort !== undefined) port.nodePort = -1;
  }
  return copy;
}

Deno.test("kubectl create generators: 1.33 protobuf bodies equal 1.31 JSON", async (t) => {
  const server = await ApiServerProcess.start();
  try {
    // Not UTF-8, so it goes to binaryData (a map of bytes).
    await Deno.writeFile(`${server.root}/blob.bin`, Uint8Array.of(0xff, 0x00, 0xfe, 0x10));
    const json = "from-json";
    const proto = "from-protobuf";

    await t.step("create namespace", async () => {
      assert.equal(
        ok(await server.kubectl("1.31", ["create", "namespace", json]), "1.31 ns"),
        `namespace/${json} created\n`,
      );
      // -v=8 shows the request: 1.33 really sends protobuf.
      const created = await server.kubectl("1.33", ["create", "namespace", proto, "-v=8"]);
      assert.equal(ok(created, "1.33 ns"), `namespace/${proto} created\n`);
      assert.match(created.stderr, /Content-Type: application\/vnd\.kubernetes\.protobuf/);
      const [a, b] = await Promise.all(
        [json, proto].map(async (ns) =>
          JSON.parse(ok(await server.kubectl("1.33", ["get", "ns", ns, "-o", "json"]), "get"))
        ),
      );
      // The server's kubernetes.io/metadata.name label follows the name; the rest is equal.
      const label = "kubernetes.io/metadata.name";
      assert.equal(a.metadata.labels[label], json);
      assert.equal(b.metadata.labels[label], proto);
      delete a.metadata.labels[label];
      delete b.metadata.labels[label];
      assert.deepEqual(normalize(b), normalize(a));
    });

    for (const [what, generator] of Object.entries(GENERATORS)) {
      await t.step(`create ${what}`, async () => {
        const name = what.replaceAll(" ", "-");
        ok(
          await server.kubectl("1.31", ["-n", json, ...generator.args(name, server.root)]),
          `1.31 create ${what}`,
        );
        const created = await server.kubectl("1.33", [
          "-n",
          proto,
          ...generator.args(name, server.root),
        ]);
        assert.match(ok(created, `1.33 create ${what}`), / created\n$/);
        const read = async (ns: string) =>
          JSON.parse(ok(
            await server.kubectl("1.33", ["-n", ns, "get", generator.resource, name, "-o", "json"]),
            `get ${what}`,
          )) as Record<string, unknown>;
        assert.deepEqual(normalize(await read(proto)), normalize(await read(json)));

        // --dry-run=server answers as a create would, and stores nothing.
        const dry = `${name}-dry`;
        // The flags go before a `--` (after it they would be the container's arguments).
        const args = generator.args(dry, server.root);
        const end = args.includes("--") ? args.indexOf("--") : args.length;
        args.splice(end, 0, "--dry-run=server", "-o", "json");
        const dryRun = await server.kubectl("1.33", ["-n", proto, ...args]);
        const preview = JSON.parse(ok(dryRun, `dry-run ${what}`)) as {
          metadata: { name: string };
        };
        assert.equal(preview.metadata.name, dry);
        const missing = await server.kubectl("1.33", [
          "-n",
          proto,
          "get",
          generator.resource,
          dry,
        ]);
        assert.equal(missing.code, 1);
        assert.match(missing.stderr, /NotFound/);
      });
    }

    await t.step("binary configmap data arrives as binaryData, byte for byte", async () => {
      const cm = JSON.parse(ok(
        await server.kubectl("1.33", ["-n", proto, "get", "configmap", "configmap", "-o", "json"]),
        "get cm",
      )) as { data: Record<string, string>; binaryData: Record<string, string> };
      assert.deepEqual(cm.data, { a: "b", empty: "" });
      assert.deepEqual(cm.binaryData, { blob: "/wD+EA==" });
    });

    await t.step("jobs print as a Table with kubectl's Job columns", async () => {
      const out = ok(await server.kubectl("1.33", ["-n", proto, "get", "jobs"]), "get jobs");
      assert.match(out, /^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\n/);
      assert.match(out, /^job\s+Running\s+0\/1\s+\S+\n/m);
      const all = ok(await server.kubectl("1.31", ["-n", json, "get", "all"]), "get all");
      assert.match(all, /^job\.batch\/job\s/m);
    });

    await t.step("malformed protobuf is a 400 Status; protobuf-only Accept is a 406", async () => {
      const post = async (body: Uint8Array<ArrayBuffer>, accept = "application/json") => {
        const response = await fetch(`${server.url}/api/v1/namespaces/${proto}/configmaps`, {
          method: "POST",
          body,
          headers: { "content-type": "application/vnd.kubernetes.protobuf", accept },
        });
        return { code: response.status, status: await response.json() as Record<string, unknown> };
      };
      const good = await Deno.readFile(
        new URL("../api/protobuf/testdata/kubectl_1.33_configmap.bin", import.meta.url),
      );
      // Cut inside the raw object (the last 4 bytes are the envelope's empty fields 3 and 4).
      const truncated = await post(good.slice(0, good.length - 6));
      assert.equal(truncated.code, 400);
      assert.equal(truncated.status.kind, "Status");
      assert.equal(truncated.status.reason, "BadRequest");
      assert.match(
        String(truncated.status.message),
        /^the protobuf request body could not be decoded: /,
      );
      // Varint field 99 appended to the ConfigMap message (raw = Unknown field 2, whose
      // length byte follows magic and the 15-byte TypeMeta), its length fixed up.
      const rawLengthAt = 4 + 2 + 15 + 1;
      const rawEnd = rawLengthAt + 1 + good[rawLengthAt]!;
      const withUnknown = Uint8Array.from([
        ...good.subarray(0, rawEnd),
        0x98,
        0x06,
        0x01,
        ...good.subarray(rawEnd),
      ]);
      withUnknown[rawLengthAt] = good[rawLengthAt]! + 3;
      const unknown = await post(withUnknown);
      assert.equal(unknown.code, 400);
      assert.match(String(unknown.status.message), /unknown field number 99 in ConfigMap/);
      const refused = await post(good, "application/vnd.kubernetes.protobuf");
      assert.equal(refused.code, 406);
      assert.equal(refused.status.reason, "NotAcceptable");
      // The intact body, answered in JSON.
      const created = await post(good);
      assert.equal(created.code, 201);
      assert.deepEqual((created.status as { data: unknown }).data, { a: "b", c: "d" });
    });

    for (const version of ["1.33", "1.31"]) {
      await t.step(`create token (kubectl ${version})`, async () => {
        const ns = version === "1.33" ? proto : json;
        const before = Date.now();
        const token = ok(
          await server.kubectl(version, ["-n", ns, "create", "token", "serviceaccount"]),
          "create token",
        ).trim();
        assert.match(token, /^kubeno\.[A-Za-z0-9_-]{43}$/);
        const request = JSON.parse(ok(
          await server.kubectl(version, [
            "-n",
            ns,
            "create",
            "token",
            "serviceaccount",
            "--duration=20m",
            "--audience=a1",
            "-o",
            "json",
          ]),
          "create token -o json",
        )) as {
          kind: string;
          spec: { audiences: string[]; expirationSeconds: number };
          status: { token: string; expirationTimestamp: string };
        };
        assert.equal(request.kind, "TokenRequest");
        assert.deepEqual(request.spec.audiences, ["a1"]);
        assert.equal(request.spec.expirationSeconds, 1200);
        assert.notEqual(request.status.token, token);
        const expires = Date.parse(request.status.expirationTimestamp);
        assert.ok(expires >= before - 1000 + 1_200_000 && expires <= Date.now() + 1_200_000);

        const short = await server.kubectl(version, [
          "-n",
          ns,
          "create",
          "token",
          "serviceaccount",
          "--duration=1m",
        ]);
        assert.equal(short.code, 1);
        assert.match(short.stderr, /may not specify a duration less than 10 minutes/);
        const nobody = await server.kubectl(version, ["-n", ns, "create", "token", "nobody"]);
        assert.equal(nobody.code, 1);
        assert.match(nobody.stderr, /serviceaccounts "nobody" not found/);
      });
    }
  } finally {
    await server.stop();
  }
});
