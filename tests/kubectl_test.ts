/**
 * The real kubectl (1.33 and 1.31) against `kubeno apiserver`: what users type, and what they
 * read back, including the error messages.
 */
import assert from "node:assert/strict";
import { ApiServerProcess, type KubectlResult } from "./support/apiserver_process.ts";

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: front
  labels: {app: front}
spec:
  replicas: 2
  selector:
    matchLabels: {app: front}
  template:
    metadata:
      labels: {app: front, tier: web}
    spec:
      containers:
      - name: web
        image: kubeno/busybox:latest
        command: ["httpd", "-f", "-p", "8080"]
        ports:
        - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: front
spec:
  type: NodePort
  selector: {app: front}
  ports:
  - port: 80
    targetPort: 8080
`;

function ok(result: KubectlResult, what: string): string {
  assert.equal(result.code, 0, `${what}: ${result.stderr}`);
  return result.stdout;
}

Deno.test("kubectl drives kubeno apiserver", async (t) => {
  const server = await ApiServerProcess.start();
  try {
    for (const version of ["1.33", "1.31"]) {
      await t.step(`kubectl ${version} version and api-resources`, async () => {
        assert.match(
          ok(await server.kubectl(version, ["version"]), "version"),
          /Server Version: v1\.32\.0\+kubeno/,
        );
        const resources = ok(await server.kubectl(version, ["api-resources"]), "api-resources");
        assert.match(resources, /^pods\s+po\s+v1\s+true\s+Pod$/m);
        assert.match(resources, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
      });
    }

    await t.step("the system namespaces exist", async () => {
      const out = ok(await server.kubectl("1.33", ["get", "namespaces", "-o", "name"]), "get ns");
      assert.deepEqual(out.trim().split("\n").sort(), [
        "namespace/default",
        "namespace/kube-node-lease",
        "namespace/kube-public",
        "namespace/kube-system",
      ]);
    });

    await t.step("apply creates, applying again is unchanged", async () => {
      const first = ok(await server.kubectl("1.33", ["apply", "-f", "-"], MANIFEST), "apply");
      assert.equal(first, "deployment.apps/front created\nservice/front created\n");
      const second = ok(
        await server.kubectl("1.33", ["apply", "-f", "-"], MANIFEST),
        "apply again",
      );
      assert.equal(second, "deployment.apps/front unchanged\nservice/front unchanged\n");
    });

    await t.step(
      "get -o wide shows kube-apiserver's columns; the service got an IP and a NodePort",
      async () => {
        const out = ok(
          await server.kubectl("1.33", ["get", "svc", "front", "-o", "wide"]),
          "get svc",
        );
        assert.match(out, /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\s+SELECTOR$/m);
        assert.match(
          out,
          /^front\s+NodePort\s+10\.(9[6-9]|1[01]\d)\.\d+\.\d+\s+<none>\s+80:3\d{4}\/TCP\s+\S+\s+app=front$/m,
        );
        const deploy = JSON.parse(
          ok(await server.kubectl("1.33", ["get", "deploy", "front", "-o", "json"]), "get deploy"),
        );
        assert.equal(deploy.spec.strategy.type, "RollingUpdate");
        assert.equal(deploy.spec.template.spec.containers[0].imagePullPolicy, "Always");
        assert.equal(deploy.metadata.generation, 1);
      },
    );

    await t.step("run, label, set-based selectors, scale, patch", async () => {
      ok(
        await server.kubectl("1.33", [
          "run",
          "web",
          "--image=kubeno/busybox",
          "--labels=app=web",
          "--",
          "sleep",
          "1000",
        ]),
        "run",
      );
      ok(await server.kubectl("1.33", ["label", "pod", "web", "tier=backend"]), "label");
      const selected = ok(
        await server.kubectl("1.33", [
          "get",
          "pods",
          "-l",
          "tier in (backend,x),app,!missing",
          "-o",
          "name",
        ]),
        "get -l",
      );
      assert.equal(selected, "pod/web\n");
      ok(await server.kubectl("1.33", ["scale", "deploy", "front", "--replicas=3"]), "scale");
      const replicas = ok(
        await server.kubectl("1.33", [
          "get",
          "deploy",
          "front",
          "-o",
          "jsonpath={.spec.replicas} {.metadata.generation}",
        ]),
        "jsonpath",
      );
      assert.equal(replicas, "3 2");
      const scale = await (await fetch(
        `${server.url}/apis/apps/v1/namespaces/default/deployments/front/scale`,
      )).json();
      assert.deepEqual(scale.status, { replicas: 0, selector: "app=front" });
      ok(
        await server.kubectl("1.33", [
          "patch",
          "svc",
          "front",
          "--type=json",
          "-p",
          '[{"op":"add","path":"/metadata/annotations","value":{"a":"b"}}]',
        ]),
        "json patch",
      );
      const annotations = ok(
        await server.kubectl("1.33", [
          "get",
          "svc",
          "front",
          "-o",
          "jsonpath={.metadata.annotations.a}",
        ]),
        "get",
      );
      assert.equal(annotations, "b");
    });

    await t.step("explain reads the OpenAPI generated from kubeno's schemas", async () => {
      const out = ok(
        await server.kubectl("1.33", ["explain", "pod.spec.containers.ports"]),
        "explain",
      );
      assert.match(out, /FIELD: ports <\[\]ContainerPort>/);
      assert.match(out, /containerPort\s+<integer> -required-/);
    });

    await t.step("bad manifests get Kubernetes' error messages", async () => {
      const unknown = await server.kubectl(
        "1.33",
        ["apply", "-f", "-"],
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c1}\ndatta: {a: b}\n",
      );
      assert.notEqual(unknown.code, 0);
      assert.match(unknown.stderr, /unknown field "datta"/);
      const noName = await server.kubectl(
        "1.33",
        ["create", "-f", "-"],
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n",
      );
      assert.notEqual(noName.code, 0);
      assert.match(
        noName.stderr,
        /The ConfigMap "" is invalid: metadata\.name: Required value: name or generateName is required/,
      );
      const missing = await server.kubectl("1.33", ["get", "pod", "nope"]);
      assert.equal(missing.code, 1);
      assert.equal(missing.stderr, 'Error from server (NotFound): pods "nope" not found\n');
      const noNamespace = await server.kubectl("1.33", ["-n", "ghost", "create", "configmap", "x"]);
      assert.notEqual(noNamespace.code, 0);
    });

    await t.step("diff shows a change without persisting it; delete removes", async () => {
      const diff = await server.kubectl("1.33", ["diff", "-f", "-"], MANIFEST);
      assert.equal(diff.code, 1, diff.stderr);
      assert.match(diff.stdout, /- {2}replicas: 3\n\+ {2}replicas: 2/);
      const replicas = ok(
        await server.kubectl("1.33", ["get", "deploy", "front", "-o", "jsonpath={.spec.replicas}"]),
        "get",
      );
      assert.equal(replicas, "3", "diff must not persist");
      assert.equal(
        ok(await server.kubectl("1.33", ["delete", "pod", "web"]), "delete"),
        'pod "web" deleted\n',
      );
      const gone = await server.kubectl("1.33", ["get", "pod", "web"]);
      assert.equal(gone.code, 1);
    });

    await t.step("kubectl 1.31 creates with its generators (JSON bodies)", async () => {
      assert.equal(
        ok(
          await server.kubectl("1.31", ["create", "configmap", "cfg", "--from-literal=a=1"]),
          "create cm",
        ),
        "configmap/cfg created\n",
      );
      assert.equal(
        ok(await server.kubectl("1.31", ["create", "namespace", "team-a"]), "create ns"),
        "namespace/team-a created\n",
      );
      const data = ok(
        await server.kubectl("1.31", ["get", "cm", "cfg", "-o", "jsonpath={.data.a}"]),
        "get cm",
      );
      assert.equal(data, "1");
    });
  } finally {
    await server.stop();
  }
});

Deno.test("invalid objects are refused with Kubernetes' field errors", async () => {
  const server = await ApiServerProcess.start();
  try {
    const pod = `apiVersion: v1
kind: Pod
metadata: {name: Bad_Name}
spec:
  containers:
  - name: app
    image: kubeno/busybox
  - name: app
`;
    const result = await server.kubectl("1.33", ["create", "-f", "-"], pod);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /The Pod "Bad_Name" is invalid: /);
    assert.match(
      result.stderr,
      /\* metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of/,
    );
    assert.match(result.stderr, /\* spec\.containers\[1\]\.name: Duplicate value: "app"/);
    assert.match(result.stderr, /\* spec\.containers\[1\]\.image: Required value/);

    const rc = `apiVersion: v1
kind: ReplicationController
metadata: {name: rc1}
spec:
  replicas: 1
  selector: {app: a}
  template:
    metadata: {labels: {app: b}}
    spec:
      restartPolicy: Never
      containers: [{name: c, image: kubeno/busybox}]
`;
    const bad = await server.kubectl("1.33", ["create", "-f", "-"], rc);
    assert.notEqual(bad.code, 0);
    assert.match(
      bad.stderr,
      /spec\.template\.metadata\.labels: Invalid value: .*`selector` does not match template `labels`/,
    );
    assert.match(
      bad.stderr,
      /spec\.template\.spec\.restartPolicy: Unsupported value: "Never": supported values: "Always"/,
    );
  } finally {
    await server.stop();
  }
});

Deno.test("two writers racing on one object: exactly one wins, the other gets 409", async () => {
  const server = await ApiServerProcess.start();
  try {
    const base = `${server.url}/api/v1/namespaces/default/configmaps`;
    const created = await fetch(base, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ metadata: { name: "race" }, data: { v: "0" } }),
    });
    const cm = await created.json();
    assert.equal(created.status, 201);
    const attempts = await Promise.all([1, 2, 3, 4].map((writer) =>
      fetch(`${base}/race`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...cm, data: { v: String(writer) } }),
      }).then(async (response) => ({ status: response.status, body: await response.json() }))
    ));
    const winners = attempts.filter((a) => a.status === 200);
    const losers = attempts.filter((a) => a.status === 409);
    assert.equal(winners.length, 1, JSON.stringify(attempts.map((a) => a.status)));
    assert.equal(losers.length, 3);
    for (const loser of losers) {
      assert.equal(loser.body.reason, "Conflict");
      assert.match(
        loser.body.message,
        /^Operation cannot be fulfilled on configmaps "race": the object has been modified/,
      );
    }
    const final = await (await fetch(`${base}/race`)).json();
    assert.equal(final.data.v, winners[0]!.body.data.v);

    // Patches that name no resourceVersion never conflict: each is applied to the latest state.
    const patches = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      fetch(`${base}/race`, {
        method: "PATCH",
        headers: { "content-type": "application/merge-patch+json" },
        body: JSON.stringify({ data: { [`k${i}`]: String(i) } }),
      }).then(async (response) => ({ status: response.status, text: await response.text() }))));
    assert.deepEqual(
      patches.filter((p) => p.status !== 200),
      [],
      "every patch without a resourceVersion succeeds",
    );
    const patched = await (await fetch(`${base}/race`)).json();
    for (let i = 0; i < 12; i++) assert.equal(patched.data[`k${i}`], String(i));
    // A patch naming a stale resourceVersion is refused.
    const stale = await fetch(`${base}/race`, {
      method: "PATCH",
      headers: { "content-type": "application/merge-patch+json" },
      body: JSON.stringify({ metadata: { resourceVersion: cm.metadata.resourceVersion } }),
    });
    assert.equal(stale.status, 409);
    await stale.body?.cancel();
  } finally {
    await server.stop();
  }
});

Deno.test("/metrics counts requests by verb and resource with latency histograms", async () => {
  const server = await ApiServerProcess.start();
  try {
    await server.kubectl("1.33", ["get", "pods"]);
    await server.kubectl("1.33", ["get", "ns", "default"]);
    const response = await fetch(`${server.url}/metrics`);
    assert.match(response.headers.get("content-type") ?? "", /^text\/plain/);
    const text = await response.text();
    assert.match(
      text,
      /^apiserver_request_total\{code="200",group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1"\} 1$/m,
    );
    assert.match(
      text,
      /^apiserver_request_total\{code="200",group="",resource="namespaces",scope="resource",subresource="",verb="GET",version="v1"\} 1$/m,
    );
    assert.match(
      text,
      /^apiserver_request_duration_seconds_count\{group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1"\} 1$/m,
    );
  } finally {
    await server.stop();
  }
});
