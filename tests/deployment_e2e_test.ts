/**
 * Deployments and ReplicaSets with real components: `kubeno apiserver`, `kubeno controllers`,
 * `kubeno scheduler` and `kubeno hollow-nodes` (simulated nodes that turn bound pods Running and
 * Ready), driven by the real kubectl 1.33: `rollout status`, a rolling update by `set image`
 * that a pod watch checks never drops below replicas - maxUnavailable available pods,
 * `rollout history`, `rollout undo` back to the old template, `rollout restart`,
 * `rollout pause`/`resume`, `scale deployment`, the ScalingReplicaSet Events, a Recreate
 * rollout, and a ReplicaSet created alone (matchExpressions selector) keeping its pods. Also:
 * a ReplicaSet's ReplicaFailure condition carried into its Deployment's, and a Recreate rollout
 * moved on by its last old pod stopping or going, read from the shared pod cache (controllers
 * run in-process there, to count the pod lists they make).
 */
import assert from "node:assert/strict";
import {
  ApiClient,
  Informer,
  type KubeObject,
  type RequestOptions,
  ResourceClient,
  SharedInformers,
} from "../client/mod.ts";
import { createLogger } from "../cli/log.ts";
import { DeploymentController } from "../controllers/deployment.ts";
import { controllerOf } from "../controllers/replica_core.ts";
import { ReplicaSetController } from "../controllers/replica_set.ts";
import { ApiServerProcess, stopComponent } from "./support/apiserver_process.ts";
import { eventually } from "./support/wait.ts";

const REPLICAS = 4;
const MAX_UNAVAILABLE = 1;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${REPLICAS}
  selector:
    matchLabels: {app: web}
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 1, maxUnavailable: ${MAX_UNAVAILABLE}}
  template:
    metadata:
      labels: {app: web}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: web
        image: kubeno/busybox
        imagePullPolicy: IfNotPresent
        command: ["httpd", "-f", "-p", "8080"]
        resources: {requests: {cpu: 10m, memory: 16Mi}}
`;

const RECREATE = `apiVersion: apps/v1
kind: Deployment
metadata: {name: batch}
spec:
  replicas: 2
  selector:
    matchLabels: {app: batch}
  strategy: {type: Recreate}
  template:
    metadata:
      labels: {app: batch}
    spec:
      containers:
      - name: job
        image: kubeno/busybox
        resources: {requests: {cpu: 10m, memory: 16Mi}}
`;

const STUCK = `apiVersion: apps/v1
kind: Deployment
metadata: {name: stuck}
spec:
  replicas: 1
  progressDeadlineSeconds: 2
  selector:
    matchLabels: {app: stuck}
  template:
    metadata:
      labels: {app: stuck}
    spec:
      nodeSelector: {no-such-node: "true"}
      containers:
      - name: c
        image: kubeno/busybox
`;

const SOLO_RS = `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: solo}
spec:
  replicas: 2
  selector:
    matchExpressions:
    - {key: tier, operator: In, values: [solo]}
  template:
    metadata:
      labels: {tier: solo}
    spec:
      containers:
      - name: c
        image: kubeno/busybox
        resources: {requests: {cpu: 10m, memory: 16Mi}}
`;

interface PodView {
  metadata: { name: string; labels?: Record<string, string>; deletionTimestamp?: string };
  spec: { containers: { image: string }[] };
  status?: { conditions?: { type: string; status: string }[] };
}

const annotation = (object: KubeObject, key: string) =>
  (object.metadata.annotations as Record<string, string> | undefined)?.[key];

const isAvailable = (pod: PodView) =>
  pod.metadata.deletionTimestamp === undefined &&
  (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");

/**
 * Watches the pods with `app=<app>` and records, after every change during a window, how many
 * are available (Ready and not terminating), and which images it saw.
 */
class AvailabilityWatch {
  readonly #informer: Informer<KubeObject>;
  #recording = false;
  minAvailable = Infinity;
  changes = 0;
  readonly images = new Set<string>();

  constructor(api: ApiClient, app: string) {
    this.#informer = new Informer(
      new ResourceClient(api, { group: "", version: "v1", resource: "pods", namespaced: true }),
      { namespace: "default", labelSelector: `app=${app}` },
    );
    const look = () => {
      if (!this.#recording) return;
      this.changes++;
      const pods = this.#informer.list() as unknown as PodView[];
      this.minAvailable = Math.min(this.minAvailable, pods.filter(isAvailable).length);
      for (const pod of pods) this.images.add(pod.spec.containers[0]!.image);
    };
    this.#informer.addHandlers({ onAdd: look, onUpdate: look, onDelete: look });
  }

  async start(): Promise<void> {
    this.#informer.start();
    await this.#informer.synced();
  }

  record(on: boolean): void {
    if (on) {
      this.minAvailable = Infinity;
      this.changes = 0;
      this.images.clear();
    }
    this.#recording = on;
  }

  stop(): Promise<void> {
    return this.#informer.stop();
  }
}

Deno.test("deployments roll out, update, roll back, restart and scale like Kubernetes", async () => {
  const server = await ApiServerProcess.start();
  const children = [
    server.component("controllers", ["controllers"]),
    server.component("scheduler", ["scheduler"]),
    server.component("hollow", [
      "hollow-nodes",
      "--count",
      "3",
      "--name-prefix",
      `dp-${crypto.randomUUID().slice(0, 6)}-`,
    ]),
  ];
  const watch = new AvailabilityWatch(new ApiClient([server.url]), "web");
  const kubectl = (args: string[], stdin?: string) => server.kubectlOk(args, stdin);
  const json = async (args: string[]) => JSON.parse(await kubectl([...args, "-o", "json"]));
  const rolloutStatus = async (name: string) => {
    const out = await kubectl(["rollout", "status", `deployment/${name}`, "--timeout=90s"]);
    assert.match(out, new RegExp(`deployment "${name}" successfully rolled out`));
  };
  const rsOf = async (app: string) =>
    (await json(["get", "rs", "-l", `app=${app}`])).items as KubeObject[];
  const podImages = async (app: string) => {
    const pods = (await json(["get", "pods", "-l", `app=${app}`])).items as PodView[];
    return pods.filter((p) => p.metadata.deletionTimestamp === undefined).map((p) =>
      p.spec.containers[0]!.image
    );
  };
  try {
    await watch.start();
    await kubectl(["create", "-f", "-"], DEPLOYMENT);
    await rolloutStatus("web");

    // The ReplicaSet kubectl reads: <deploy>-<hash>, hash in selector and template, revision 1,
    // controlled by the Deployment.
    const [first] = await rsOf("web");
    assert.ok(first);
    const hash = first.metadata.labels!["pod-template-hash"]!;
    assert.equal(first.metadata.name, `web-${hash}`);
    const firstSpec = first.spec as {
      selector: { matchLabels: Record<string, string> };
      template: { metadata: { labels: Record<string, string> } };
    };
    assert.equal(firstSpec.selector.matchLabels["pod-template-hash"], hash);
    assert.equal(firstSpec.template.metadata.labels["pod-template-hash"], hash);
    assert.equal(annotation(first, "deployment.kubernetes.io/revision"), "1");
    const deployment = await json(["get", "deployment", "web"]);
    const owner = (first.metadata.ownerReferences as Record<string, unknown>[])[0]!;
    assert.deepEqual(
      [owner.kind, owner.name, owner.uid, owner.controller],
      ["Deployment", "web", deployment.metadata.uid, true],
    );
    assert.equal(deployment.metadata.annotations["deployment.kubernetes.io/revision"], "1");
    assert.equal(deployment.status.availableReplicas, REPLICAS);
    assert.equal(deployment.status.updatedReplicas, REPLICAS);
    assert.equal(deployment.status.observedGeneration, deployment.metadata.generation);
    const conditions = Object.fromEntries(
      (deployment.status.conditions as { type: string; reason: string }[]).map((c) => [
        c.type,
        c.reason,
      ]),
    );
    assert.deepEqual(conditions, {
      Available: "MinimumReplicasAvailable",
      Progressing: "NewReplicaSetAvailable",
    });

    // A rolling update, watched: never fewer than replicas - maxUnavailable available pods.
    watch.record(true);
    await kubectl(["set", "image", "deployment/web", "web=kubeno/busybox:v2"]);
    await kubectl(["annotate", "deployment/web", "kubernetes.io/change-cause=image v2"]);
    await rolloutStatus("web");
    watch.record(false);
    assert.ok(watch.images.has("kubeno/busybox:v2"), "the watch saw the new pods");
    assert.ok(watch.changes >= 2 * REPLICAS, `the watch saw the rollout (${watch.changes})`);
    assert.ok(
      watch.minAvailable >= REPLICAS - MAX_UNAVAILABLE,
      `available pods dropped to ${watch.minAvailable}`,
    );
    assert.deepEqual(await podImages("web"), Array(REPLICAS).fill("kubeno/busybox:v2"));

    const history = await kubectl(["rollout", "history", "deployment/web"]);
    assert.match(history, /^1\s+<none>$/m);
    assert.match(history, /^2\s+image v2$/m);
    const revision1 = await kubectl(["rollout", "history", "deployment/web", "--revision=1"]);
    assert.match(revision1, /Image:\s+kubeno\/busybox\n/);

    // Undo: kubectl copies revision 1's template back; that ReplicaSet becomes revision 3.
    await kubectl(["rollout", "undo", "deployment/web"]);
    await rolloutStatus("web");
    assert.deepEqual(await podImages("web"), Array(REPLICAS).fill("kubeno/busybox"));
    const undone = await eventually(async () => {
      const rs = (await rsOf("web")).find((r) => r.metadata.name === first.metadata.name);
      return rs !== undefined && annotation(rs, "deployment.kubernetes.io/revision") === "3"
        ? rs
        : undefined;
    }, "revision 1's ReplicaSet to become revision 3");
    assert.equal(annotation(undone, "deployment.kubernetes.io/revision-history"), "1");
    assert.equal((await rsOf("web")).length, 2, "the undo reused the old ReplicaSet");
    const afterUndo = await kubectl(["rollout", "history", "deployment/web"]);
    assert.match(afterUndo, /^2\s+image v2$/m);
    assert.match(afterUndo, /^3\s+/m);
    assert.doesNotMatch(afterUndo, /^1\s+/m);

    // Restart: a new template (restartedAt), so a new ReplicaSet and new pods.
    const before = new Set(
      ((await json(["get", "pods", "-l", "app=web"])).items as PodView[]).map((p) =>
        p.metadata.name
      ),
    );
    await kubectl(["rollout", "restart", "deployment/web"]);
    await rolloutStatus("web");
    const restarted = ((await json(["get", "pods", "-l", "app=web"])).items as PodView[]).filter(
      (p) => p.metadata.deletionTimestamp === undefined,
    );
    assert.equal(restarted.length, REPLICAS);
    assert.ok(restarted.every((p) => !before.has(p.metadata.name)), "every pod was replaced");
    assert.equal((await rsOf("web")).length, 3);

    // Scale through deployments/scale.
    await kubectl(["scale", "deployment", "web", "--replicas=6"]);
    await rolloutStatus("web");
    const scaled = await json(["get", "deployment", "web"]);
    assert.deepEqual(
      [scaled.spec.replicas, scaled.status.replicas, scaled.status.availableReplicas],
      [6, 6, 6],
    );

    // Pause: a template change waits (no new ReplicaSet) until resume.
    await kubectl(["rollout", "pause", "deployment/web"]);
    await kubectl(["set", "image", "deployment/web", "web=kubeno/busybox:v3"]);
    await eventually(async () => {
      const d = await json(["get", "deployment", "web"]);
      const progressing = (d.status.conditions as { type: string; reason: string }[])
        .find((c) => c.type === "Progressing");
      return d.status.observedGeneration === d.metadata.generation &&
          progressing?.reason === "DeploymentPaused"
        ? true
        : undefined;
    }, "the Progressing condition to say DeploymentPaused");
    assert.equal((await rsOf("web")).length, 3, "no new ReplicaSet while paused");
    await kubectl(["rollout", "resume", "deployment/web"]);
    await rolloutStatus("web");
    assert.deepEqual(await podImages("web"), Array(6).fill("kubeno/busybox:v3"));

    // revisionHistoryLimit: old ReplicaSets beyond it go, lowest revisions first.
    assert.equal((await rsOf("web")).length, 4);
    await kubectl(["patch", "deployment/web", "-p", '{"spec":{"revisionHistoryLimit":1}}']);
    const kept = await eventually(async () => {
      const rss = await rsOf("web");
      return rss.length === 2 ? rss : undefined;
    }, "history cleanup down to one old ReplicaSet");
    assert.deepEqual(
      kept.map((rs) => annotation(rs, "deployment.kubernetes.io/revision")).sort(),
      ["4", "5"],
    );

    // Events as Kubernetes words them.
    const events = ((await json(["get", "events"])).items as {
      involvedObject: { kind: string; name: string };
      reason: string;
      message: string;
    }[]).filter((e) => e.involvedObject.kind === "Deployment" && e.involvedObject.name === "web");
    assert.ok(
      events.some((e) =>
        e.reason === "ScalingReplicaSet" &&
        /^Scaled up replica set web-\w+ from 0 to 1$/.test(e.message)
      ),
      JSON.stringify(events.map((e) => e.message)),
    );
    assert.ok(
      events.some((e) => /^Scaled down replica set web-\w+ from \d+ to \d+$/.test(e.message)),
    );

    // Recreate: the old pods all go before the new ones come.
    await kubectl(["create", "-f", "-"], RECREATE);
    await rolloutStatus("batch");
    await kubectl(["set", "image", "deployment/batch", "job=kubeno/busybox:v2"]);
    await rolloutStatus("batch");
    assert.deepEqual(await podImages("batch"), ["kubeno/busybox:v2", "kubeno/busybox:v2"]);

    // A rollout that cannot progress (its pod never schedules) exceeds its deadline, and
    // kubectl rollout status says so.
    await kubectl(["create", "-f", "-"], STUCK);
    const stuck = await server.kubectl("1.33", [
      "rollout",
      "status",
      "deployment/stuck",
      "--timeout=60s",
    ]);
    assert.notEqual(stuck.code, 0);
    assert.match(stuck.stderr, /deployment "stuck" exceeded its progress deadline/);
    const timedOut = await json(["get", "deployment", "stuck"]);
    const progressing =
      (timedOut.status.conditions as { type: string; status: string; reason: string }[])
        .find((c) => c.type === "Progressing");
    assert.deepEqual(
      [progressing?.status, progressing?.reason],
      ["False", "ProgressDeadlineExceeded"],
    );
    assert.equal(timedOut.status.unavailableReplicas, 1);

    // A ReplicaSet on its own keeps its pods.
    await kubectl(["create", "-f", "-"], SOLO_RS);
    const solo = async (count: number) => {
      const pods = ((await json(["get", "pods", "-l", "tier=solo"])).items as PodView[]).filter(
        (p) => isAvailable(p),
      );
      return pods.length === count ? pods.map((p) => p.metadata.name) : undefined;
    };
    const two = await eventually(() => solo(2), "two ready pods of the lone ReplicaSet");
    await kubectl(["delete", "pod", two[0]!, "--wait=false"]);
    await eventually(async () => {
      const pods = await solo(2);
      return pods !== undefined && !pods.includes(two[0]!) ? pods : undefined;
    }, "a replacement pod");
    const rs = await eventually(async () => {
      const r = await json(["get", "rs", "solo"]);
      return r.status.readyReplicas === 2 && r.status.availableReplicas === 2 &&
          r.status.observedGeneration === r.metadata.generation
        ? r
        : undefined;
    }, "the lone ReplicaSet's status");
    assert.equal(rs.status.replicas, 2);
  } finally {
    await watch.stop();
    for (const child of children) await stopComponent(child);
    await server.stop();
  }
});

/**
 * A Recreate Deployment whose template carries an annotation key the API refuses on pods
 * (kubeno's Deployment and ReplicaSet validation do not check template annotations; the
 * Deployment controller does not copy them onto the ReplicaSet's metadata).
 */
const REFUSED = `apiVersion: apps/v1
kind: Deployment
metadata: {name: refused}
spec:
  replicas: 2
  strategy: {type: Recreate}
  selector:
    matchLabels: {app: refused}
  template:
    metadata:
      labels: {app: refused}
      annotations: {"not a key": "x"}
    spec:
      containers:
      - name: c
        image: kubeno/busybox
`;

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

Deno.test("a Deployment carries its ReplicaSet's ReplicaFailure, and drops it once fixed", async () => {
  const server = await ApiServerProcess.start();
  const controllers = server.component("controllers", ["controllers"]);
  const kubectl = (args: string[], stdin?: string) => server.kubectlOk(args, stdin);
  const json = async (args: string[]) => JSON.parse(await kubectl([...args, "-o", "json"]));
  const failureOf = (object: { status?: { conditions?: Condition[] } }) =>
    object.status?.conditions?.find((c) => c.type === "ReplicaFailure");
  try {
    await kubectl(["create", "-f", "-"], REFUSED);
    const carried = await eventually(async () => {
      const condition = failureOf(await json(["get", "deployment", "refused"]));
      return condition?.reason === "FailedCreate" ? condition : undefined;
    }, "the Deployment's ReplicaFailure condition");
    const [rs] = (await json(["get", "rs", "-l", "app=refused"])).items;
    const source = failureOf(rs)!;
    assert.equal(source.reason, "FailedCreate");
    assert.match(source.message!, /^Pod "refused-\w+-\w+" is invalid: metadata\.annotations/);
    // As ReplicaSetToDeploymentCondition: the same words, the transition time as both times.
    assert.deepEqual(carried, {
      type: "ReplicaFailure",
      status: "True",
      reason: "FailedCreate",
      message: source.message,
      lastUpdateTime: source.lastTransitionTime,
      lastTransitionTime: source.lastTransitionTime,
    });
    assert.match(
      await kubectl(["describe", "deployment", "refused"]),
      /^\s+ReplicaFailure\s+True\s+FailedCreate$/m,
    );

    // Fixed: a new ReplicaSet whose pods are created; the old one, scaled to 0, syncs without
    // error and drops its condition, and so does the Deployment.
    await kubectl([
      "patch",
      "deployment",
      "refused",
      "--type=merge",
      "-p",
      '{"spec":{"template":{"metadata":{"annotations":null}}}}',
    ]);
    const fixed = await eventually(async () => {
      const d = await json(["get", "deployment", "refused"]);
      return d.status.updatedReplicas === 2 &&
          d.status.observedGeneration === d.metadata.generation &&
          failureOf(d) === undefined
        ? d
        : undefined;
    }, "the Deployment's new pods, and its ReplicaFailure condition gone");
    assert.equal(fixed.status.replicas, 2);
    const rss = (await json(["get", "rs", "-l", "app=refused"])).items as KubeObject[];
    assert.equal(rss.length, 2);
    assert.ok(
      rss.every((r) => failureOf(r as { status?: { conditions?: Condition[] } }) === undefined),
    );
    assert.doesNotMatch(await kubectl(["describe", "deployment", "refused"]), /ReplicaFailure/);
  } finally {
    await stopComponent(controllers);
    await server.stop();
  }
});

/** An API client that records the pod LISTs (not watches) it sends. */
class PodListCounter extends ApiClient {
  readonly podLists: string[] = [];

  override fetch(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    if (
      method === "GET" && /\/pods$/.test(path) && options.query?.watch === undefined
    ) this.podLists.push(path);
    return super.fetch(method, path, options);
  }
}

/**
 * A Recreate Deployment whose pods are bound to a node without a kubelet: a deleted pod stays
 * Terminating (its deletion waits for the kubelet) until it stops or is force-deleted.
 */
const PINNED = `apiVersion: apps/v1
kind: Deployment
metadata: {name: pinned}
spec:
  replicas: 1
  strategy: {type: Recreate}
  selector:
    matchLabels: {app: pinned}
  template:
    metadata:
      labels: {app: pinned}
    spec:
      nodeName: no-kubelet
      containers:
      - name: c
        image: kubeno/busybox
`;

Deno.test("a Recreate rollout waits on the pod cache and moves on when the last old pod stops or goes", async () => {
  const server = await ApiServerProcess.start();
  const quiet = createLogger("test", 0, () => {});
  const api = new PodListCounter([server.url]);
  const informers = new SharedInformers(api, quiet);
  const replicaSets = new ReplicaSetController(informers, quiet);
  const deployments = new DeploymentController(informers, quiet);
  const pods = new ResourceClient<KubeObject>(api, {
    group: "",
    version: "v1",
    resource: "pods",
    namespaced: true,
  });
  const kubectl = (args: string[], stdin?: string) => server.kubectlOk(args, stdin);
  const json = async (args: string[]) => JSON.parse(await kubectl([...args, "-o", "json"]));
  const rss = async () => (await json(["get", "rs", "-l", "app=pinned"])).items as KubeObject[];
  /** The one pod of the ReplicaSet whose template has `image`, once it exists. */
  const podOf = async (image: string) => {
    const rs = (await rss()).find((r) =>
      (r.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec
        .containers[0]!.image === image
    );
    if (rs === undefined) return undefined;
    const owned = ((await json(["get", "pods", "-l", "app=pinned"])).items as KubeObject[])
      .filter((p) => controllerOf(p)?.uid === rs.metadata.uid);
    return owned.length === 1 ? owned[0] : undefined;
  };
  /**
   * After a template change: the old ReplicaSet has observed its scale to 0, its pod is
   * Terminating (waiting for a kubelet), and the Deployment has observed the change. Then no
   * new ReplicaSet may exist: the old pod still runs.
   */
  const waitingOn = async (old: KubeObject, image: string) => {
    await eventually(async () => {
      const d = await json(["get", "deployment", "pinned"]);
      const rs = (await rss()).find((r) => r.metadata.uid === controllerOf(old)?.uid);
      const status = rs?.status as { replicas?: number; observedGeneration?: number } | undefined;
      const pod = await pods.get("default", old.metadata.name!);
      return d.status?.observedGeneration === d.metadata.generation &&
          (rs?.spec as { replicas?: number }).replicas === 0 && (status?.replicas ?? 0) === 0 &&
          status?.observedGeneration === rs?.metadata.generation &&
          pod.metadata.deletionTimestamp !== undefined
        ? true
        : undefined;
    }, "the old ReplicaSet scaled to 0 and its pod Terminating");
    assert.equal(await podOf(image), undefined, `no pod of ${image} while the old pod runs`);
    assert.equal(
      (await rss()).some((r) =>
        (r.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec
          .containers[0]!.image === image
      ),
      false,
      `no ReplicaSet of ${image} while the old pod runs`,
    );
  };
  try {
    await replicaSets.start();
    await deployments.start();
    await kubectl(["create", "-f", "-"], PINNED);
    const first = await eventually(() => podOf("kubeno/busybox"), "the first pod");

    // The old pod stops (as its kubelet would report): the rollout goes on although the pod
    // is still there — Failed pods do not run.
    await kubectl(["set", "image", "deployment/pinned", "c=kubeno/busybox:v2"]);
    await waitingOn(first, "kubeno/busybox:v2");
    await pods.patch(
      "default",
      first.metadata.name!,
      { status: { phase: "Failed" } },
      "application/merge-patch+json",
      "status",
    );
    const second = await eventually(() => podOf("kubeno/busybox:v2"), "a pod of v2");

    // The old pod goes (force-deleted: no kubelet will confirm): the rollout goes on.
    await kubectl(["set", "image", "deployment/pinned", "c=kubeno/busybox:v3"]);
    await waitingOn(second, "kubeno/busybox:v3");
    await pods.delete("default", second.metadata.name!, { gracePeriodSeconds: 0 });
    await eventually(() => podOf("kubeno/busybox:v3"), "a pod of v3");

    // Decided from the shared cache: the only pod list is the shared informer's first one.
    assert.deepEqual(api.podLists, ["/api/v1/pods"]);
  } finally {
    await deployments.stop();
    await replicaSets.stop();
    await informers.stop();
    await server.stop();
  }
});
