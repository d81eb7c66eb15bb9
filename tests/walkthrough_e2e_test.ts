/**
 * The seed's walk-throughs, end to end, on one cluster of real processes: three `kubeno server`s
 * (one Raft group) and two `kubeno agent`s (two nodes on the local Docker engine; one runs the
 * service proxy and cluster DNS, the other `--disable-proxy`), driven by the real kubectl 1.33.
 * One step per walk-through: the redis master and its slaves finding it through
 * REDIS_MASTER_SERVICE_HOST/_PORT, a NodePort service balancing over an RC's pods on both nodes,
 * a canary (9 stable + 1 canary behind one service), a rolling update between two controllers
 * and as a Deployment rollout, a pod relabelled out of its controller, `--cascade=orphan`, node
 * capacity through jq, `kubectl describe svc`, and last a node stopped (SIGTERM): NotReady, no
 * longer chosen, its pods running again on the other node within 60 s with default settings.
 *
 * Ranges of its own so it runs beside other test files: services 10.124.0.0/16 (the servers
 * allocate ClusterIPs from it and the proxy makes it local; DNS 10.124.0.10), NodePorts
 * 32600-32699, pods 10.244.241.0/24 and 10.244.242.0/24. README's walk-through shows the same
 * commands against `kubeno up`.
 */
import assert from "node:assert/strict";
import { kubeconfigFor } from "../cluster/kubeconfig.ts";
import { KUBECTL_DIR } from "./support/apiserver_process.ts";
import { freePort } from "./support/store_cluster.ts";
import { eventually, removeNodeContainers } from "./support/wait.ts";
import { spawnKubeno } from "./support/kubeno_process.ts";

const SERVICE_CIDR = "10.124.0.0/16";
const CLUSTER_DNS = "10.124.0.10";
const NODE_PORTS = "32600-32699";

/** Runs a program to completion; resolves to its exit code and output. */
async function run(
  command: string,
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(command, { args: [...args], stdin: "null" }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

/** SIGTERM (or `signal`), then the exit code; undefined when it was not running. */
async function stop(
  child: Deno.ChildProcess | undefined,
  signal: Deno.Signal = "SIGTERM",
): Promise<number | undefined> {
  if (child === undefined) return undefined;
  try {
    child.kill(signal);
  } catch {
    // already gone
  }
  return (await child.status).code;
}

/** An HTTP/1.0 GET over a fresh TCP connection (one connection, one backend); the body. */
async function httpGet(hostname: string, port: number): Promise<string> {
  const conn = await Deno.connect({ hostname, port });
  try {
    const timer = setTimeout(() => conn.close(), 3000);
    try {
      await conn.write(new TextEncoder().encode("GET / HTTP/1.0\r\nHost: walkthrough\r\n\r\n"));
      const chunks: Uint8Array[] = [];
      const buffer = new Uint8Array(4096);
      for (;;) {
        const n = await conn.read(buffer);
        if (n === null) break;
        chunks.push(buffer.slice(0, n));
      }
      const text = new TextDecoder().decode(new Uint8Array(chunks.flatMap((c) => [...c])));
      const body = text.split("\r\n\r\n").slice(1).join("\r\n\r\n");
      if (!text.startsWith("HTTP/1.")) throw new Error(`not HTTP: ${JSON.stringify(text)}`);
      return body.trim();
    } finally {
      clearTimeout(timer);
    }
  } finally {
    try {
      conn.close();
    } catch {
      // closed by the timer
    }
  }
}

/** What the tests read of a pod. */
interface PodView {
  readonly name: string;
  readonly node: string;
  readonly phase: string;
  readonly deleting: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly owners: number;
  readonly image: string;
}

/** The cluster: three servers, two agents, kubectl against them, their logs for failures. */
class Cluster {
  readonly root: string;
  readonly id = crypto.randomUUID().slice(0, 6);
  readonly urls: string[];
  readonly nodes: readonly [string, string];
  readonly servers: (Deno.ChildProcess | undefined)[] = [];
  readonly agents: (Deno.ChildProcess | undefined)[] = [];
  readonly #serverArgs: string[][];
  readonly #agentArgs: string[][];

  constructor(root: string) {
    this.root = root;
    const names = ["m1", "m2", "m3"];
    const peers = names.map(() => `127.0.0.1:${freePort()}`);
    const initialCluster = names.map((name, i) => `${name}=${peers[i]}`).join(",");
    this.urls = names.map(() => `http://127.0.0.1:${freePort()}`);
    this.#serverArgs = names.map((name, i) => [
      "server",
      "--name",
      name,
      "--data-dir",
      `${root}/${name}`,
      "--listen",
      this.urls[i]!.slice("http://".length),
      "--listen-client",
      `127.0.0.1:${freePort()}`,
      "--listen-peer",
      peers[i]!,
      "--initial-cluster",
      initialCluster,
      "--service-cidr",
      SERVICE_CIDR,
      "--service-node-port-range",
      NODE_PORTS,
    ]);
    this.nodes = [`wt-a-${this.id}`, `wt-b-${this.id}`];
    this.#agentArgs = this.nodes.map((node, i) => [
      "agent",
      "--server",
      this.urls.join(","),
      "--node-name",
      node,
      "--listen",
      `127.0.0.1:${freePort()}`,
      "--data-dir",
      `${root}/${node}`,
      "--pod-cidr",
      `10.244.${241 + i}.0/24`,
      "--service-cidr",
      SERVICE_CIDR,
      "--proxy-metrics-listen",
      `127.0.0.1:${freePort()}`,
      // One proxy per machine: the first node's serves every service (and cluster DNS).
      ...(i === 0 ? [] : ["--disable-proxy"]),
    ]);
  }

  /** Starts the servers, waits for every API server, then starts the agents. */
  async start(): Promise<void> {
    this.#serverArgs.forEach((args, i) => {
      this.servers[i] = spawnKubeno(`${this.root}/m${i + 1}.log`, args);
    });
    await Promise.all(this.urls.map((url, i) =>
      this.wait(async () => {
        const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) });
        await response.body?.cancel();
        return response.ok ? true : undefined;
      }, `server m${i + 1} to serve`)
    ));
    for (const [i, url] of this.urls.entries()) {
      await Deno.writeTextFile(`${this.root}/m${i + 1}.kubeconfig`, kubeconfigFor(url));
    }
    for (const i of this.#agentArgs.keys()) this.startAgent(i);
  }

  startAgent(i: number): void {
    this.agents[i] = spawnKubeno(`${this.root}/${this.nodes[i]}.log`, this.#agentArgs[i]!);
  }

  /** kubectl 1.33 through server `via` (0..2); throws with its stderr on failure. */
  async kubectl(args: readonly string[], options: { stdin?: string; via?: number } = {}) {
    const result = await this.kubectlResult(args, options);
    if (result.code !== 0) {
      throw new Error(`kubectl ${args.join(" ")} failed (${result.code}): ${result.stderr}`);
    }
    return result.stdout;
  }

  /** kubectl 1.33 through server `via`, whatever its exit code. */
  async kubectlResult(args: readonly string[], options: { stdin?: string; via?: number } = {}) {
    const via = (options.via ?? 0) + 1;
    const child = new Deno.Command(`${KUBECTL_DIR}/kubectl.1.33`, {
      args: [
        "--kubeconfig",
        `${this.root}/m${via}.kubeconfig`,
        "--cache-dir",
        `${this.root}/cache-m${via}`,
        ...args,
      ],
      env: { HOME: this.root },
      stdin: options.stdin === undefined ? "null" : "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    if (options.stdin !== undefined) {
      const writer = child.stdin.getWriter();
      await writer.write(new TextEncoder().encode(options.stdin));
      await writer.close();
    }
    const { code, stdout, stderr } = await child.output();
    const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    return { code, stdout: decode(stdout), stderr: decode(stderr) };
  }

  /** `kubectl apply -f -` of `yaml`. */
  apply(yaml: string): Promise<string> {
    return this.kubectl(["apply", "-f", "-"], { stdin: yaml });
  }

  /** The pods matching `selector`. */
  async pods(selector: string): Promise<PodView[]> {
    const list = JSON.parse(await this.kubectl(["get", "pods", "-l", selector, "-o", "json"])) as {
      items: {
        metadata: {
          name: string;
          labels?: Record<string, string>;
          deletionTimestamp?: string;
          ownerReferences?: unknown[];
        };
        spec: { nodeName?: string; containers: { image: string }[] };
        status?: { phase?: string };
      }[];
    };
    return list.items.map((pod) => ({
      name: pod.metadata.name,
      node: pod.spec.nodeName ?? "",
      phase: pod.status?.phase ?? "",
      deleting: pod.metadata.deletionTimestamp !== undefined,
      labels: pod.metadata.labels ?? {},
      owners: pod.metadata.ownerReferences?.length ?? 0,
      image: pod.spec.containers[0]?.image ?? "",
    }));
  }

  /** Waits until `want` pods of `selector` run (and none is being deleted); returns them. */
  running(selector: string, want: number, ms = 90_000): Promise<PodView[]> {
    return this.wait(
      async () => {
        const pods = (await this.pods(selector)).filter((pod) => !pod.deleting);
        return pods.length === want && pods.every((pod) => pod.phase === "Running")
          ? pods
          : undefined;
      },
      `${want} running pods of ${selector}`,
      ms,
    );
  }

  /** A service's ClusterIP and first NodePort. */
  async service(name: string): Promise<{ ip: string; nodePort: number }> {
    const out = await this.kubectl([
      "get",
      "svc",
      name,
      "-o",
      "jsonpath={.spec.clusterIP} {.spec.ports[0].nodePort}",
    ]);
    const [ip = "", nodePort = ""] = out.split(" ");
    return { ip, nodePort: Number(nodePort) };
  }

  /**
   * Polls `probe` like {@link eventually}; a timeout's error carries the tail of every
   * component's log, so a failure explains itself.
   */
  async wait<T>(probe: () => Promise<T | undefined>, what: string, ms = 60_000): Promise<T> {
    try {
      return await eventually(probe, what, ms, 300);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${await this.logs()}`);
    }
  }

  /** The last lines of each component's log. */
  async logs(): Promise<string> {
    const parts: string[] = [];
    for (const name of ["m1", "m2", "m3", ...this.nodes]) {
      const text = await Deno.readTextFile(`${this.root}/${name}.log`).catch(() => "");
      parts.push(`--- ${name}.log (tail) ---\n${text.split("\n").slice(-25).join("\n")}`);
    }
    return parts.join("\n");
  }
}

/** An RC of busybox pods running `script` with `labels` (its selector), on port 8080. */
function rc(
  name: string,
  replicas: number,
  labels: Readonly<Record<string, string>>,
  script: string,
  image = "kubeno/busybox",
): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "ReplicationController",
    metadata: { name, labels },
    spec: {
      replicas,
      selector: labels,
      template: {
        metadata: { labels },
        spec: {
          terminationGracePeriodSeconds: 1,
          containers: [{
            name: "app",
            image,
            imagePullPolicy: "IfNotPresent",
            command: ["sh", "-c", script],
          }],
        },
      },
    },
  });
}

/** A service over `selector` on `port` (to the pods' `targetPort`). */
function service(
  name: string,
  selector: Readonly<Record<string, string>>,
  port: number,
  targetPort: number,
  type: "ClusterIP" | "NodePort" = "ClusterIP",
): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, labels: selector },
    spec: { type, selector, ports: [{ port, targetPort }] },
  });
}

/** httpd on 8080 serving `text` then the pod's hostname (its name). */
const serve = (text: string) =>
  `echo "${text} $(hostname)" > /var/www/index.html; exec httpd -f -p 8080 -h /var/www`;

/** GETs `host:port` until the distinct bodies seen satisfy `enough`; those bodies. */
async function hitUntil(
  cluster: Cluster,
  host: string,
  port: number,
  enough: (seen: readonly string[]) => boolean,
  what: string,
): Promise<string[]> {
  const seen = new Set<string>();
  try {
    await cluster.wait(async () => {
      for (let i = 0; i < 10; i++) seen.add(await httpGet(host, port));
      return enough([...seen]) ? true : undefined;
    }, what);
  } catch (error) {
    throw new Error(`${(error as Error).message}\nseen: ${JSON.stringify([...seen])}`);
  }
  return [...seen];
}

Deno.test("the seed's walk-throughs on three masters and two nodes", async (t) => {
  const root = await Deno.makeTempDir({ prefix: "kubeno-walkthrough-" });
  const cluster = new Cluster(root);
  const [nodeA, nodeB] = cluster.nodes;
  const routeBefore = (await run("ip", ["route", "show", "table", "local", SERVICE_CIDR])).stdout
    .trim();
  assert.equal(routeBefore, "", `${SERVICE_CIDR} must be free for this test's proxy`);
  // Clean-up is checked only when the scenarios passed (their failure is the news otherwise).
  let passed = false;
  let agentCodes: (number | undefined)[] = [];
  let serverCodes: (number | undefined)[] = [];
  let logs = "";
  let routeAfter = "";
  try {
    await cluster.start();
    await t.step("both nodes join and are Ready", async () => {
      const ready = await cluster.wait(async () => {
        const out = await cluster.kubectl([
          "get",
          "nodes",
          "-o",
          'jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}',
        ]);
        const lines = out.trim().split("\n").filter((line) => line.endsWith("=True")).sort();
        return lines.length === 2 ? lines : undefined;
      }, "both nodes Ready");
      assert.deepEqual(ready, [`${nodeA}=True`, `${nodeB}=True`]);
    });

    await t.step("redis: slaves find the master through REDIS_MASTER_SERVICE_*", async () => {
      // The master (a PING/PONG stand-in for redis on 6379) and its service come first: a
      // pod sees the services that existed when it was created.
      await cluster.apply(JSON.stringify({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "redis-master", labels: { name: "redis", role: "master" } },
        spec: {
          terminationGracePeriodSeconds: 1,
          containers: [{
            name: "master",
            image: "kubeno/busybox",
            imagePullPolicy: "IfNotPresent",
            command: ["nc", "-ll", "-p", "6379", "-e", "echo", "PONG"],
            ports: [{ containerPort: 6379 }],
          }],
        },
      }));
      await cluster.apply(service("redis-master", { name: "redis", role: "master" }, 6379, 6379));
      const { ip } = await cluster.service("redis-master");
      assert.ok(ip.startsWith("10.124."), `the ClusterIP ${ip} is from --service-cidr`);
      await cluster.running("name=redis,role=master", 1);
      await cluster.apply(rc(
        "redis-slave",
        2,
        { name: "redis", role: "slave" },
        "grep nameserver /etc/resolv.conf; while :; do " +
          'echo "master at $REDIS_MASTER_SERVICE_HOST:$REDIS_MASTER_SERVICE_PORT says ' +
          '$(nc $REDIS_MASTER_SERVICE_HOST $REDIS_MASTER_SERVICE_PORT </dev/null)"; sleep 1; done',
      ));
      const slaves = await cluster.running("name=redis,role=slave", 2);
      for (const slave of slaves) {
        const logs = await cluster.wait(async () => {
          const out = await cluster.kubectl(["logs", slave.name]);
          return out.includes(`master at ${ip}:6379 says PONG`) ? out : undefined;
        }, `${slave.name} (on ${slave.node}) to reach the master at ${ip}:6379`);
        // Pods on both nodes name the cluster DNS of the machine's one proxy.
        assert.match(logs, new RegExp(`^nameserver ${CLUSTER_DNS.replaceAll(".", "\\.")}$`, "m"));
      }
      await cluster.kubectl(["delete", "rc", "redis-slave"]);
      await cluster.kubectl(["delete", "pod", "redis-master"]);
    });

    await t.step("a NodePort service balances over an RC's pods on both nodes", async () => {
      await cluster.apply(rc("hostnames", 4, { app: "hostnames" }, serve("hello from")));
      await cluster.apply(service("hostnames", { app: "hostnames" }, 80, 8080, "NodePort"));
      const pods = await cluster.running("app=hostnames", 4);
      assert.deepEqual(
        [...new Set(pods.map((pod) => pod.node))].sort(),
        [nodeA, nodeB],
        "the scheduler spreads the RC's pods over both nodes",
      );
      const { nodePort } = await cluster.service("hostnames");
      assert.ok(nodePort >= 32600 && nodePort <= 32699, `NodePort ${nodePort} from the range`);
      const seen = await hitUntil(
        cluster,
        "127.0.0.1",
        nodePort,
        (bodies) => bodies.length >= 2,
        `answers from two pods through NodePort ${nodePort}`,
      );
      const names = new Set(pods.map((pod) => `hello from ${pod.name}`));
      for (const body of seen) assert.ok(names.has(body), `an answer from a pod: ${body}`);
    });

    await t.step("kubectl describe svc shows IP, Port, NodePort and Endpoints", async () => {
      const { ip, nodePort } = await cluster.service("hostnames");
      const pods = await cluster.pods("app=hostnames");
      const out = await cluster.wait(async () => {
        const text = await cluster.kubectl(["describe", "svc", "hostnames"], { via: 2 });
        return /^Endpoints:\s+\d/m.test(text) ? text : undefined;
      }, "describe svc to list endpoints");
      assert.match(out, new RegExp(`^IP:\\s+${ip.replaceAll(".", "\\.")}$`, "m"));
      assert.match(out, /^Port:\s+<unset>\s+80\/TCP$/m);
      assert.match(out, new RegExp(`^NodePort:\\s+<unset>\\s+${nodePort}/TCP$`, "m"));
      const endpoints = /^Endpoints:\s+(.+)$/m.exec(out)![1]!;
      assert.match(
        endpoints,
        /^10\.244\.24[12]\.\d+:8080(,10\.244\.24[12]\.\d+:8080)*( \+ \d+ more\.\.\.)?$/,
      );
      assert.equal(pods.length, 4);
      await cluster.kubectl(["delete", "svc,rc", "hostnames"]);
    });

    await t.step("jq prints both nodes' capacity", async () => {
      const out = await run("bash", [
        "-c",
        `"$1" --kubeconfig "$2" --cache-dir "$3" get nodes -o json | ` +
        `jq -c '.items[] | {name: .metadata.name, capacity: .status.capacity}'`,
        "walkthrough",
        `${KUBECTL_DIR}/kubectl.1.33`,
        `${root}/m2.kubeconfig`,
        `${root}/cache-m2`,
      ]);
      assert.equal(out.code, 0, out.stderr);
      const lines = out.stdout.trim().split("\n").map((line) =>
        JSON.parse(line) as { name: string; capacity: Record<string, string> }
      );
      assert.deepEqual(lines.map((line) => line.name).sort(), [nodeA, nodeB]);
      for (const line of lines) {
        assert.match(line.capacity.cpu ?? "", /^\d+$/, `${line.name}'s cpu`);
        assert.match(line.capacity.memory ?? "", /^\d+Ki$/, `${line.name}'s memory`);
        assert.match(line.capacity.pods ?? "", /^\d+$/, `${line.name}'s pods`);
      }
    });

    await t.step("a canary: 9 stable and 1 canary pods behind one service", async () => {
      const common = { tier: "frontend", environment: "prod" };
      await cluster.apply(service("frontend", common, 80, 8080));
      await cluster.apply(
        rc("frontend-stable", 9, { ...common, track: "stable" }, serve("stable")),
      );
      await cluster.apply(
        rc("frontend-canary", 1, { ...common, track: "canary" }, serve("canary")),
      );
      await cluster.running("tier=frontend,track=stable", 9, 120_000);
      await cluster.running("tier=frontend,track=canary", 1);
      const { ip } = await cluster.service("frontend");
      const seen = await hitUntil(
        cluster,
        ip,
        80,
        (bodies) =>
          bodies.some((body) => body.startsWith("stable ")) &&
          bodies.some((body) => body.startsWith("canary ")),
        `both tracks through ClusterIP ${ip}`,
      );
      for (const body of seen) assert.match(body, /^(stable|canary) frontend-(stable|canary)-/);
      await cluster.kubectl(["delete", "rc,svc", "-l", "tier=frontend"]);
    });

    await t.step("a rolling update from one controller to another", async () => {
      const v1 = { app: "rolling", version: "v1" };
      const v2 = { app: "rolling", version: "v2" };
      await cluster.apply(service("rolling", { app: "rolling" }, 80, 8080));
      await cluster.apply(rc("rolling-v1", 3, v1, serve("v1")));
      await cluster.running("app=rolling,version=v1", 3);
      await cluster.apply(rc("rolling-v2", 0, v2, serve("v2")));
      // As `kubectl rolling-update` did: the new controller +1, then the old one -1.
      for (let step = 1; step <= 3; step++) {
        await cluster.kubectl(["scale", "rc", "rolling-v2", `--replicas=${step}`]);
        await cluster.running("app=rolling,version=v2", step);
        await cluster.kubectl(["scale", "rc", "rolling-v1", `--replicas=${3 - step}`]);
        await cluster.wait(async () => {
          const left = (await cluster.pods("app=rolling,version=v1")).length;
          return left === 3 - step ? true : undefined;
        }, `rolling-v1 down to ${3 - step} pods`);
      }
      await cluster.kubectl(["delete", "rc", "rolling-v1"]);
      const { ip } = await cluster.service("rolling");
      const answers: string[] = [];
      for (let i = 0; i < 6; i++) answers.push(await httpGet(ip, 80));
      for (const body of answers) assert.match(body, /^v2 rolling-v2-/, "only v2 answers");
      await cluster.kubectl(["delete", "rc,svc", "-l", "app=rolling"]);
    });

    await t.step("a rolling update as a Deployment rollout", async () => {
      await cluster.apply(JSON.stringify({
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web" },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: "web" } },
          template: {
            metadata: { labels: { app: "web" } },
            spec: {
              terminationGracePeriodSeconds: 1,
              containers: [{
                name: "web",
                image: "kubeno/busybox",
                imagePullPolicy: "IfNotPresent",
                command: ["sh", "-c", serve("web")],
              }],
            },
          },
        },
      }));
      await cluster.kubectl(["rollout", "status", "deployment/web", "--timeout=120s"]);
      // The same image by another name: a new template, so a new ReplicaSet, with no registry.
      await cluster.kubectl(["set", "image", "deployment/web", "web=kubeno/busybox:latest"]);
      const status = await cluster.kubectl([
        "rollout",
        "status",
        "deployment/web",
        "--timeout=120s",
      ]);
      assert.match(status, /deployment "web" successfully rolled out/);
      const pods = await cluster.running("app=web", 3);
      for (const pod of pods) assert.equal(pod.image, "kubeno/busybox:latest", pod.name);
      const replicaSets = await cluster.kubectl([
        "get",
        "rs",
        "-l",
        "app=web",
        "-o",
        'jsonpath={range .items[*]}{.spec.replicas}{"\\n"}{end}',
      ]);
      assert.deepEqual(replicaSets.trim().split("\n").sort(), ["0", "3"], "old RS at 0, new at 3");
      await cluster.kubectl(["delete", "deployment", "web"]);
    });

    await t.step("a pod relabelled out of its RC is replaced and stays", async () => {
      await cluster.apply(rc("relabel", 2, { app: "relabel" }, "exec sleep 3600"));
      const [victim] = await cluster.running("app=relabel", 2);
      await cluster.kubectl(["label", "pod", victim!.name, "app=debug", "--overwrite"]);
      const replaced = await cluster.running("app=relabel", 2);
      assert.ok(!replaced.some((pod) => pod.name === victim!.name), "a new pod took its place");
      const [debug] = await cluster.wait(async () => {
        const pods = await cluster.pods("app=debug");
        return pods.length === 1 && pods[0]!.owners === 0 ? pods : undefined;
      }, `${victim!.name} released by the RC`);
      assert.equal(debug!.name, victim!.name);
      assert.equal(debug!.phase, "Running");
    });

    await t.step("kubectl delete rc --cascade=orphan keeps its pods", async () => {
      const before = (await cluster.running("app=relabel", 2)).map((pod) => pod.name).sort();
      await cluster.kubectl(["delete", "rc", "relabel", "--cascade=orphan"], { via: 1 });
      await cluster.wait(async () => {
        const result = await cluster.kubectlResult(["get", "rc", "relabel"]);
        return result.code !== 0 && /NotFound/.test(result.stderr) ? true : undefined;
      }, "the RC gone");
      const orphans = await cluster.wait(async () => {
        const pods = await cluster.pods("app=relabel");
        return pods.every((pod) => pod.owners === 0) ? pods : undefined;
      }, "the pods' ownerReferences removed");
      // Give a garbage collector that wrongly deletes dependents the time to do it.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const after = await cluster.running("app=relabel", 2);
      assert.deepEqual(after.map((pod) => pod.name).sort(), before, "the same pods run");
      assert.equal(orphans.length, 2);
      await cluster.kubectl(["delete", "pod", "-l", "app in (relabel, debug)"]);
    });

    await t.step("a stopped node goes NotReady and its pods run again elsewhere", async () => {
      await cluster.apply(rc("survivor", 4, { app: "survivor" }, "exec sleep 3600"));
      const before = await cluster.running("app=survivor", 4);
      const onB = before.filter((pod) => pod.node === nodeB).length;
      assert.ok(onB > 0, `some pods on ${nodeB}: ${JSON.stringify(before.map((p) => p.node))}`);
      const stoppedAt = Date.now();
      assert.equal(await stop(cluster.agents[1]), 0, "the agent stops cleanly on SIGTERM");
      cluster.agents[1] = undefined;
      await cluster.wait(
        async () => {
          const status = await cluster.kubectl([
            "get",
            "node",
            nodeB,
            "-o",
            'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
          ]);
          return status !== "True" ? status : undefined;
        },
        `${nodeB} to go NotReady`,
        60_000,
      );
      const notReadyMs = Date.now() - stoppedAt;
      // The scheduler no longer chooses it: a new controller's pods all land on the live node.
      await cluster.apply(rc("after-stop", 2, { app: "after-stop" }, "exec sleep 3600"));
      const fresh = await cluster.running("app=after-stop", 2);
      assert.deepEqual(fresh.map((pod) => pod.node), [nodeA, nodeA]);
      const again = await cluster.wait(
        async () => {
          const pods = (await cluster.pods("app=survivor")).filter((pod) =>
            !pod.deleting && pod.node === nodeA && pod.phase === "Running"
          );
          return pods.length === 4 ? pods : undefined;
        },
        `the survivor RC's 4 pods running on ${nodeA}`,
        90_000,
      );
      const againMs = Date.now() - stoppedAt;
      console.log(
        `node ${nodeB} stopped: NotReady after ${notReadyMs} ms, its ${onB} pods running on ` +
          `${nodeA} after ${againMs} ms (goal: within 60000 with default settings)`,
      );
      assert.equal(again.length, 4);
      assert.ok(againMs <= 60_000, `pods ran again ${againMs} ms after the stop (limit 60 s)`);
    });
    passed = true;
  } finally {
    agentCodes = await Promise.all(cluster.agents.map((agent) => stop(agent)));
    serverCodes = await Promise.all(cluster.servers.map((server) => stop(server)));
    logs = await cluster.logs();
    routeAfter = (await run("ip", ["route", "show", "table", "local", SERVICE_CIDR])).stdout
      .trim();
    if (routeAfter !== "") await run("ip", ["route", "del", "local", SERVICE_CIDR, "dev", "lo"]);
    for (const node of cluster.nodes) await removeNodeContainers(node);
    await Deno.remove(root, { recursive: true });
  }
  if (passed) {
    assert.deepEqual(
      agentCodes.filter((code) => code !== undefined && code !== 0),
      [],
      `agents stop cleanly:\n${logs}`,
    );
    assert.deepEqual(serverCodes, [0, 0, 0], `servers stop cleanly:\n${logs}`);
    assert.equal(routeAfter, "", "the proxy removed the service route it added");
  }
});
