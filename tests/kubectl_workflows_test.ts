/**
 * Everyday kubectl workflows against `kubeno apiserver` with the real kubectl 1.33 and 1.31:
 * get -o yaml, get -w, describe, annotate, edit (with a scripted editor), delete waiting until
 * a finalizer lets the object go, and cluster-info.
 */
import assert from "node:assert/strict";
import { ApiServerProcess, type KubectlResult } from "./support/apiserver_process.ts";

function ok(result: KubectlResult, what: string): string {
  assert.equal(result.code, 0, `${what}: ${result.stderr}`);
  return result.stdout;
}

const CONFIG_MAP = (name: string) =>
  `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  labels: {app: shop}
data:
  color: blue
`;

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: worker
  labels: {app: shop}
spec:
  containers:
  - name: app
    image: kubeno/busybox:latest
    imagePullPolicy: IfNotPresent
    command: ["sleep", "3600"]
    resources:
      requests: {cpu: 100m, memory: 64Mi}
`;

Deno.test("kubectl workflows: yaml, describe, annotate, edit, watch, delete --wait", async (t) => {
  const server = await ApiServerProcess.start();
  try {
    for (const version of ["1.33", "1.31"]) {
      const name = `settings-${version.replace(".", "")}`;
      ok(await server.kubectl(version, ["apply", "-f", "-"], CONFIG_MAP(name)), "apply");

      await t.step(`${version}: get -o yaml`, async () => {
        const yaml = ok(await server.kubectl(version, ["get", "cm", name, "-o", "yaml"]), "yaml");
        assert.match(yaml, /^apiVersion: v1$/m);
        assert.match(yaml, /^kind: ConfigMap$/m);
        assert.match(yaml, /^data:\n {2}color: blue$/m);
        assert.match(yaml, new RegExp(`^ {2}name: ${name}$`, "m"));
        assert.match(yaml, /^ {2}resourceVersion: "\d+"$/m);
      });

      await t.step(`${version}: annotate and label`, async () => {
        assert.equal(
          ok(await server.kubectl(version, ["annotate", "cm", name, "owner=team-a"]), "annotate"),
          `configmap/${name} annotated\n`,
        );
        const refused = await server.kubectl(version, ["annotate", "cm", name, "owner=team-b"]);
        assert.notEqual(refused.code, 0);
        assert.match(refused.stderr, /already has a value \(team-a\)/);
        ok(
          await server.kubectl(version, ["annotate", "cm", name, "owner=team-b", "--overwrite"]),
          "annotate --overwrite",
        );
        const owner = ok(
          await server.kubectl(version, [
            "get",
            "cm",
            name,
            "-o",
            "jsonpath={.metadata.annotations.owner}",
          ]),
          "get",
        );
        assert.equal(owner, "team-b");
      });

      await t.step(`${version}: edit with a scripted editor`, async () => {
        const editor = `${server.root}/editor.sh`;
        await Deno.writeTextFile(editor, `#!/bin/sh\nsed -i 's/color: blue/color: green/' "$1"\n`);
        await Deno.chmod(editor, 0o755);
        assert.equal(
          ok(
            await server.kubectl(version, ["edit", "cm", name], undefined, {
              KUBE_EDITOR: editor,
              TMPDIR: server.root,
            }),
            "edit",
          ),
          `configmap/${name} edited\n`,
        );
        const color = ok(
          await server.kubectl(version, ["get", "cm", name, "-o", "jsonpath={.data.color}"]),
          "get",
        );
        assert.equal(color, "green");
        // An edit that breaks the object is refused with the server's message, and kept.
        await Deno.writeTextFile(
          editor,
          `#!/bin/sh\nsed -i 's/^  name: ${name}$/  name: Not_Valid/' "$1"\n`,
        );
        // kubectl keeps a refused edit in a file under TMPDIR: the server's root goes with it.
        const bad = await server.kubectl(version, ["edit", "cm", name], undefined, {
          KUBE_EDITOR: editor,
          TMPDIR: server.root,
        });
        assert.notEqual(bad.code, 0);
        assert.match(bad.stdout + bad.stderr, /error|Invalid|invalid/);
      });

      await t.step(`${version}: describe`, async () => {
        const out = ok(await server.kubectl(version, ["describe", "cm", name]), "describe cm");
        assert.match(out, new RegExp(`^Name:\\s+${name}$`, "m"));
        assert.match(out, /^Namespace:\s+default$/m);
        assert.match(out, /^Labels:\s+app=shop$/m);
        assert.match(out, /^color:\n-+\ngreen$/m);
      });
    }

    await t.step("describe a pending pod shows its containers and requests", async () => {
      ok(await server.kubectl("1.33", ["apply", "-f", "-"], POD), "apply pod");
      const out = ok(await server.kubectl("1.33", ["describe", "pod", "worker"]), "describe pod");
      assert.match(out, /^Name:\s+worker$/m);
      assert.match(out, /^Status:\s+Pending$/m);
      assert.match(out, /^ {4}Image:\s+kubeno\/busybox:latest$/m);
      assert.match(out, /^ {6}cpu:\s+100m$/m);
      assert.match(out, /^QoS Class:\s+Burstable$/m);
      assert.match(out, /^Events:/m);
    });

    await t.step("get -w streams objects created after it started", async () => {
      const child = (await server.kubectlCommand("1.33", ["get", "configmaps", "-w"])).spawn();
      const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
      let seen = "";
      const until = async (pattern: RegExp) => {
        const deadline = Date.now() + 15_000;
        while (!pattern.test(seen)) {
          if (Date.now() > deadline) throw new Error(`get -w never printed ${pattern}: ${seen}`);
          const { value, done } = await reader.read();
          if (done) throw new Error(`get -w ended: ${seen}`);
          seen += value;
        }
      };
      try {
        await until(/^NAME\s+DATA\s+AGE$/m);
        ok(
          await server.kubectl("1.33", ["create", "-f", "-"], CONFIG_MAP("arrived-later")),
          "create",
        );
        await until(/^arrived-later\s+1\s+\S+$/m);
      } finally {
        child.kill("SIGTERM");
        await reader.cancel().catch(() => {});
        await child.status;
        await child.stderr.cancel().catch(() => {});
      }
    });

    await t.step("delete waits until a finalizer lets the object go", async () => {
      ok(
        await server.kubectl(
          "1.33",
          ["create", "-f", "-"],
          CONFIG_MAP("held").replace("labels: {app: shop}", "finalizers: [example.com/hold]"),
        ),
        "create held",
      );
      const deleting = server.kubectl("1.33", ["delete", "cm", "held", "--timeout=30s"]);
      // The object lingers with a deletionTimestamp until the finalizer is removed.
      let stamped = "";
      for (let i = 0; i < 100 && stamped === ""; i++) {
        stamped = ok(
          await server.kubectl("1.33", [
            "get",
            "cm",
            "held",
            "-o",
            "jsonpath={.metadata.deletionTimestamp}",
          ]),
          "get held",
        );
        if (stamped === "") await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.notEqual(stamped, "", "deletion sets deletionTimestamp");
      ok(
        await server.kubectl("1.33", [
          "patch",
          "cm",
          "held",
          "--type=merge",
          "-p",
          '{"metadata":{"finalizers":null}}',
        ]),
        "remove finalizer",
      );
      assert.equal(ok(await deleting, "delete"), 'configmap "held" deleted\n');
      const gone = await server.kubectl("1.33", ["get", "cm", "held"]);
      assert.match(gone.stderr, /NotFound/);
    });

    await t.step("cluster-info names the control plane", async () => {
      const out = ok(await server.kubectl("1.33", ["cluster-info"]), "cluster-info");
      assert.match(out, new RegExp(`Kubernetes control plane.* is running at .*${server.url}`));
    });
  } finally {
    await server.stop();
  }
});
