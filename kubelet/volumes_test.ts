import assert from "node:assert/strict";
import { validateProjectedPath, writeProjection } from "./atomic_writer.ts";
import { ContainerConfigError } from "./env.ts";
import { checkHostPath, containerMounts, type MountableVolume, projectKeys } from "./volumes.ts";

const enc = (s: string) => new TextEncoder().encode(s);

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "kubeno-vol-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("projections switch atomically through ..data, update, drop stale keys, skip no-ops", async () => {
  await withDir(async (dir) => {
    const first = new Map([
      ["a.conf", { data: enc("one"), mode: 0o644 }],
      ["nested/b.key", { data: enc("two"), mode: 0o400 }],
    ]);
    assert.equal(await writeProjection(dir, first), true);
    assert.equal(await Deno.readTextFile(`${dir}/a.conf`), "one");
    assert.equal(await Deno.readTextFile(`${dir}/nested/b.key`), "two");
    assert.equal(await Deno.readLink(`${dir}/a.conf`), "..data/a.conf");
    assert.equal((await Deno.stat(`${dir}/nested/b.key`)).mode! & 0o777, 0o400);
    const generation = await Deno.readLink(`${dir}/..data`);

    assert.equal(await writeProjection(dir, first), false, "same content: nothing written");
    assert.equal(await Deno.readLink(`${dir}/..data`), generation);

    const second = new Map([["a.conf", { data: enc("uno"), mode: 0o600 }]]);
    assert.equal(await writeProjection(dir, second), true);
    assert.equal(await Deno.readTextFile(`${dir}/a.conf`), "uno");
    assert.equal((await Deno.stat(`${dir}/a.conf`)).mode! & 0o777, 0o600);
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.equal(names.length, 3, JSON.stringify(names)); // ..data, one generation, a.conf
    assert.ok(names.includes("..data") && names.includes("a.conf"));
    assert.ok(!names.includes("nested"));

    assert.equal(await writeProjection(dir, new Map()), true);
    assert.deepEqual([...Deno.readDirSync(dir)].filter((e) => !e.name.startsWith("..")), []);
  });
  assert.throws(() => validateProjectedPath("/abs"), /must be relative/);
  assert.throws(() => validateProjectedPath("a/../b"), /must not contain '\.\.'/);
  assert.throws(() => validateProjectedPath("..data/x"), /must not start with '\.\.'/);
});

Deno.test("projectKeys: all keys, or items with paths and modes; missing keys", () => {
  const data = new Map([["k1", enc("v1")], ["k2", enc("v2")]]);
  assert.deepEqual(
    [...projectKeys(data, undefined, 0o644, false, "m")].map(([p, f]) => [p, f.mode]),
    [["k1", 0o644], ["k2", 0o644]],
  );
  assert.deepEqual(
    [...projectKeys(
      data,
      [{ key: "k2", path: "dir/two", mode: 0o600 }, { key: "k1", path: "one" }],
      0o444,
      false,
      "m",
    )]
      .map(([p, f]) => [p, f.mode]),
    [["dir/two", 0o600], ["one", 0o444]],
  );
  assert.throws(
    () =>
      projectKeys(
        data,
        [{ key: "k3", path: "x" }],
        0o644,
        false,
        "configmap references non-existent config key",
      ),
    /^Error: configmap references non-existent config key: k3$/,
  );
  assert.equal(projectKeys(data, [{ key: "k3", path: "x" }], 0o644, true, "m").size, 0);
});

Deno.test("hostPath type checks and creation", async () => {
  await withDir(async (dir) => {
    await checkHostPath(`${dir}/made`, "DirectoryOrCreate");
    assert.ok((await Deno.stat(`${dir}/made`)).isDirectory);
    await checkHostPath(`${dir}/made/file`, "FileOrCreate");
    assert.ok((await Deno.stat(`${dir}/made/file`)).isFile);
    await checkHostPath(`${dir}/anything`, "");
    await checkHostPath(`${dir}/made`, "Directory");
    await checkHostPath(`${dir}/made/file`, "File");
    await assert.rejects(checkHostPath(`${dir}/made/file`, "Directory"), {
      message: `hostPath type check failed: ${dir}/made/file is not a directory`,
    });
    await assert.rejects(checkHostPath(`${dir}/made`, "File"), {
      message: `hostPath type check failed: ${dir}/made is not a file`,
    });
    await assert.rejects(checkHostPath(`${dir}/missing`, "Socket"), /is not a socket file/);
    await assert.rejects(checkHostPath("/dev/null", "BlockDevice"), /is not a block device/);
    await checkHostPath("/dev/null", "CharDevice");
    await assert.rejects(
      checkHostPath(`${dir}/made/file`, "DirectoryOrCreate"),
      /is not a directory/,
    );
    await assert.rejects(checkHostPath(dir, "Weird"), /invalid HostPathType "Weird"/);
  });
});

Deno.test("containerMounts: readOnly, subPath, subPathExpr, read-only projections", () => {
  const volumes = new Map<string, MountableVolume>([
    ["data", {
      kind: "bind",
      path: "/var/k/pods/u/volumes/kubernetes.io~empty-dir/data",
      readOnly: false,
    }],
    ["cfg", {
      kind: "bind",
      path: "/var/k/pods/u/volumes/kubernetes.io~configmap/cfg",
      readOnly: true,
    }],
    ["mem", { kind: "volume", name: "kubeno-u-mem" }],
  ]);
  const mounts = containerMounts(
    {
      name: "c",
      volumeMounts: [
        { name: "data", mountPath: "/data" },
        { name: "data", mountPath: "/logs", subPathExpr: "logs/$(POD_NAME)", readOnly: true },
        { name: "cfg", mountPath: "/etc/app.conf", subPath: "app.conf" },
        { name: "mem", mountPath: "/cache" },
      ],
    },
    volumes,
    [{ name: "POD_NAME", value: "web-1" }],
  );
  assert.deepEqual(mounts, [
    {
      Type: "bind",
      Source: "/var/k/pods/u/volumes/kubernetes.io~empty-dir/data",
      Target: "/data",
      ReadOnly: false,
    },
    {
      Type: "bind",
      Source: "/var/k/pods/u/volumes/kubernetes.io~empty-dir/data/logs/web-1",
      Target: "/logs",
      ReadOnly: true,
    },
    {
      Type: "bind",
      Source: "/var/k/pods/u/volumes/kubernetes.io~configmap/cfg/app.conf",
      Target: "/etc/app.conf",
      ReadOnly: true,
    },
    { Type: "volume", Source: "kubeno-u-mem", Target: "/cache", ReadOnly: false },
  ]);
  const bad = (mount: { name: string; mountPath: string; subPath?: string }) => () =>
    containerMounts({ name: "c", volumeMounts: [mount] }, volumes, []);
  assert.throws(bad({ name: "nope", mountPath: "/x" }), ContainerConfigError);
  assert.throws(
    bad({ name: "data", mountPath: "/x", subPath: "../escape" }),
    /must not contain '\.\.'/,
  );
  assert.throws(bad({ name: "data", mountPath: "/x", subPath: "/abs" }), /must be a relative path/);
});
