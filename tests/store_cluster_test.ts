/**
 * The store as users run it: three `kubeno store` processes on loopback with real disks,
 * driven through the JSON gateway. Faults are real too: SIGKILL, torn WAL tails, restarts.
 */
import assert from "node:assert/strict";
import { GatewayClient, type WatchEvent } from "./support/gateway_client.ts";
import { KubenoCluster } from "./support/store_cluster.ts";
import {
  assertLinearizable,
  HistoryRecorder,
  type KvInput,
  kvModel,
  type KvOutput,
} from "./support/mod.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

Deno.test({
  name: "kill -9 of the leader under load: history linearizable, nothing acknowledged lost",
  async fn() {
    const cluster = await KubenoCluster.start();
    try {
      const clients = cluster.endpoints.map((endpoint) => new GatewayClient(endpoint));
      const down = new Set<number>();
      const recorder = new HistoryRecorder<KvInput, KvOutput>({ now: () => performance.now() });
      const keys = ["k0", "k1", "k2", "k3", "k4", "k5"];
      let killedAt = Infinity;
      let firstWriteAfterKill = Infinity;
      let stop = false;
      let counter = 0;

      const worker = async (id: number) => {
        let n = 0;
        while (!stop && n < 2000) {
          n++;
          const live = clients.filter((_, i) => !down.has(i));
          const client = live[(id + n) % live.length]!;
          const key = keys[(id * 7 + n) % keys.length]!;
          const roll = (id * 31 + n * 17) % 10;
          const signal = AbortSignal.timeout(1500);
          const started = performance.now();
          try {
            if (roll < 4) {
              const value = `${id}-${counter++}`;
              await recorder.run(id, { op: "put", key, value }, async () => {
                await client.put(key, value, signal);
                return { op: "put" };
              }, () => "unknown");
              if (started > killedAt) {
                firstWriteAfterKill = Math.min(firstWriteAfterKill, performance.now());
              }
            } else if (roll < 7) {
              await recorder.run(id, { op: "get", key }, async () => {
                return { op: "get", value: (await client.get(key, false, signal)) ?? null };
              }, () => "failed");
            } else {
              const value = `${id}-${counter++}`;
              const expected = `${(id + 1) % 6}-${counter - 3}`;
              await recorder.run(id, { op: "cas", key, expected, value }, async () => {
                return { op: "cas", succeeded: await client.cas(key, expected, value, signal) };
              }, () => "unknown");
            }
          } catch {
            await sleep(20); // the error is in the history; back off a little
          }
        }
      };

      const workers = [...Array(6)].map((_, id) => worker(id));
      await sleep(1500);
      const leader = await cluster.leaderIndex();
      down.add(leader);
      killedAt = performance.now();
      await cluster.kill(leader);
      await sleep(2500);
      await cluster.restart(leader);
      down.delete(leader);
      await sleep(1000);
      stop = true;
      await Promise.all(workers);

      const history = recorder.history();
      assert.ok(history.length > 300, `only ${history.length} operations`);
      assertLinearizable(kvModel(), history, { timeoutMs: 60_000 });
      const failoverMs = firstWriteAfterKill - killedAt;
      // Election timeouts are randomized in [1 s, 2 s): a new leader serves within ~2 s.
      assert.ok(failoverMs < 2500, `first write after the kill took ${failoverMs.toFixed(0)} ms`);

      // Every member converges on the same data.
      const revisions = await Promise.all(clients.map(async (client) => {
        const answer = await client.call<{ header: { revision: string } }>("/v3/kv/range", {
          key: btoa("k"),
          range_end: btoa("l"),
        });
        return answer.header.revision;
      }));
      assert.equal(new Set(revisions).size, 1, `revisions differ: ${revisions}`);
    } finally {
      await cluster.stop();
    }
  },
});

Deno.test("a watcher resumes on another member after a kill -9 with no gap and no duplicate", async () => {
  const cluster = await KubenoCluster.start();
  try {
    const clients = cluster.endpoints.map((endpoint) => new GatewayClient(endpoint));
    const leader = await cluster.leaderIndex();
    const watched = (leader + 1) % 3;
    const writer = clients[leader]!;
    const seen: WatchEvent[] = [];
    let abort = new AbortController();
    let watch = await clients[watched]!.watch("/w/", 0, (event) => seen.push(event), abort.signal);
    const total = 200;
    for (let i = 0; i < total; i++) {
      await writer.put(`/w/${i % 13}`, `${i}`);
      if (i === 80) {
        await cluster.kill(watched);
        await watch.done.catch(() => {});
        abort.abort();
        // Resume on the third member from the revision after the last one seen.
        const resumeFrom = seen[seen.length - 1]!.modRevision + 1;
        abort = new AbortController();
        watch = await clients[3 - leader - watched]!.watch(
          "/w/",
          resumeFrom,
          (event) => seen.push(event),
          abort.signal,
        );
      }
    }
    const deadline = Date.now() + 5000;
    while (seen.length < total && Date.now() < deadline) await sleep(20);
    abort.abort();
    await watch.done;
    assert.equal(seen.length, total);
    const revisions = seen.map((event) => event.modRevision);
    for (let i = 1; i < revisions.length; i++) {
      assert.equal(revisions[i], revisions[i - 1]! + 1, `gap or duplicate at ${i}`);
    }
    assert.deepEqual(seen.map((event) => event.value), [...Array(total)].map((_, i) => `${i}`));
  } finally {
    await cluster.stop();
  }
});

Deno.test("every member restarts from disk; a torn WAL tail is repaired", async () => {
  const cluster = await KubenoCluster.start();
  try {
    const clients = cluster.endpoints.map((endpoint) => new GatewayClient(endpoint));
    for (let i = 0; i < 100; i++) await clients[i % 3]!.put(`/r/${i}`, `${i}`);
    for (let i = 0; i < 3; i++) await cluster.kill(i);

    // A write torn by the crash: garbage after the last record of member 1's newest segment.
    const walDir = `${cluster.dataDir(0)}/wal`;
    const segments = [...Deno.readDirSync(walDir)].map((e) => e.name).filter((n) =>
      n.endsWith(".wal")
    ).sort();
    const newest = `${walDir}/${segments[segments.length - 1]}`;
    const file = await Deno.open(newest, { append: true });
    await file.write(new Uint8Array([0x2a, 0, 0, 0, 0x13, 0x37, 0xbe, 0xef, 1, 2, 3]));
    file.close();

    await Promise.all([0, 1, 2].map((i) => cluster.restart(i)));
    const log = await cluster.log(0);
    assert.match(log, /restarting from disk/);
    assert.match(log, /repaired a torn WAL tail/);
    for (const client of clients) {
      const answer = await client.call<{ count?: string }>("/v3/kv/range", {
        key: btoa("/r/"),
        range_end: btoa("/r0"),
        count_only: true,
      });
      assert.equal(answer.count, "100");
    }
    assert.equal(await clients[0]!.put("/r/after", "x"), 102);
  } finally {
    await cluster.stop();
  }
});

Deno.test("SIGTERM of the leader hands leadership over at once", async () => {
  const cluster = await KubenoCluster.start();
  try {
    const leader = await cluster.leaderIndex();
    const survivor = new GatewayClient(cluster.endpoints[(leader + 1) % 3]!);
    await survivor.put("/t/before", "x");
    const status = await cluster.terminate(leader);
    assert.equal(status?.code, 0, "a clean exit");
    const stoppedAt = performance.now();
    await survivor.put("/t/after", "y");
    const elapsed = performance.now() - stoppedAt;
    assert.ok(elapsed < 900, `write after a graceful stop took ${elapsed.toFixed(0)} ms`);
    assert.match(await cluster.log(leader), /"stopping" .*signal=SIGTERM/);
  } finally {
    await cluster.stop();
  }
});

Deno.test("a member wiped and re-added through the cluster API catches up by snapshot", async () => {
  const cluster = await KubenoCluster.start({
    extraArgs: ["--snapshot-count", "100", "--snapshot-catchup-entries", "10"],
  });
  try {
    const leader = await cluster.leaderIndex();
    const victim = (leader + 1) % 3;
    const api = new GatewayClient(cluster.endpoints[leader]!);
    type Members = { members: { ID: string; name: string; isLearner?: boolean }[] };
    const before = await api.call<Members>("/v3/cluster/member/list", {});
    const old = before.members.find((m) => m.name === cluster.member(victim).name)!;

    await cluster.kill(victim);
    await cluster.wipe(victim);
    await api.call("/v3/cluster/member/remove", { ID: old.ID });
    for (let i = 0; i < 400; i++) await api.put(`/s/${i % 29}`, `${i}`);
    const added = await api.call<{ member: { ID: string; isLearner?: boolean } }>(
      "/v3/cluster/member/add",
      { name: cluster.member(victim).name, peerURLs: [`http://${cluster.member(victim).peer}`] },
    );
    assert.notEqual(added.member.ID, old.ID, "a re-added member gets a new id");

    await cluster.restart(victim, true);
    const rejoined = new GatewayClient(cluster.endpoints[victim]!);
    assert.equal(await rejoined.get("/s/28"), "376");
    const log = await cluster.log(victim);
    assert.match(log, /joining a running cluster/);
    assert.match(log, /installed a snapshot from the leader/);
    const after = await rejoined.call<Members>("/v3/cluster/member/list", {});
    assert.deepEqual(after.members.map((m) => m.name).sort(), ["m1", "m2", "m3"]);
  } finally {
    await cluster.stop();
  }
});

Deno.test("bad cluster API requests get clear errors", async () => {
  const cluster = await KubenoCluster.start({ size: 1 });
  try {
    const api = cluster.endpoints[0]!;
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${api}${path}`, { method: "POST", body: JSON.stringify(body) });
      return { status: response.status, body: await response.json() as { error: string } };
    };
    const noName = await post("/v3/cluster/member/add", { peerURLs: ["http://127.0.0.1:1"] });
    assert.equal(noName.status, 400);
    assert.match(noName.body.error, /needs the new member's name/);
    const badUrl = await post("/v3/cluster/member/add", { name: "x", peerURLs: ["127.0.0.1:1"] });
    assert.equal(badUrl.status, 400);
    assert.match(badUrl.body.error, /must be http:\/\/host:port/);
    const unknown = await post("/v3/cluster/member/remove", { ID: "12345" });
    assert.equal(unknown.status, 404);
    assert.match(unknown.body.error, /member not found/);
  } finally {
    await cluster.stop();
  }
});

Deno.test("a full store refuses writes with etcd's error; deletes still work", async () => {
  const cluster = await KubenoCluster.start({
    size: 1,
    extraArgs: ["--quota-backend-bytes", "65536"],
  });
  try {
    const api = cluster.endpoints[0]!;
    const value = btoa("x".repeat(1024));
    let refused: { status: number; body: { error: string; code: number } } | undefined;
    for (let i = 0; i < 200 && refused === undefined; i++) {
      const response = await fetch(`${api}/v3/kv/put`, {
        method: "POST",
        body: JSON.stringify({ key: btoa(`/q/${i}`), value }),
      });
      const body = await response.json();
      if (response.status !== 200) refused = { status: response.status, body };
    }
    assert.ok(refused, "the quota was never reached");
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error, "etcdserver: mvcc: database space exceeded");
    assert.equal(refused.body.code, 8);
    const client = new GatewayClient(api);
    const deleted = await client.call<{ deleted?: string }>("/v3/kv/deleterange", {
      key: btoa("/q/"),
      range_end: btoa("/q0"),
    });
    assert.ok(Number(deleted.deleted) > 10);
  } finally {
    await cluster.stop();
  }
});
