/**
 * The store load tool: the same scenarios against any {@link ClusterUnderTest}, over the JSON
 * gateway with 256-byte values. Every loop is bounded in count and time.
 *
 * @module
 */
import type { ClusterUnderTest } from "../../tests/support/store_cluster.ts";
import { GatewayClient } from "../../tests/support/gateway_client.ts";

/** A 256-byte value (ASCII, so its base64 is stable). */
const VALUE = "v".repeat(256);

/** The figures one cluster produced. Latencies in milliseconds, rates per second. */
export interface StoreFigures {
  putP50OneClient: number;
  putP99OneClient: number;
  putRate1: number;
  putRate16: number;
  putP99At16: number;
  putRate64: number;
  putP99At64: number;
  rangeRate64: number;
  watchP50: number;
  watchP99: number;
  failoverMedian: number;
}

/** The value at quantile `q` (0..1) of `samples` (sorted copy; NaN when empty). */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/**
 * Runs `clients` concurrent loops of `op` for `seconds` (and at most `maxOps` in all);
 * returns the rate and the latencies.
 */
async function closedLoop(
  clients: number,
  seconds: number,
  maxOps: number,
  op: (client: number, i: number) => Promise<unknown>,
): Promise<{ rate: number; latencies: number[] }> {
  const latencies: number[] = [];
  const start = performance.now();
  const until = start + seconds * 1000;
  let issued = 0;
  await Promise.all(
    [...Array(clients)].map(async (_, client) => {
      while (performance.now() < until && issued < maxOps) {
        const i = issued++;
        const t0 = performance.now();
        await op(client, i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  return { rate: latencies.length / elapsed, latencies };
}

/** Runs every scenario against `cluster` and returns its figures. */
export async function measure(
  cluster: ClusterUnderTest,
  options: { seconds: number; failoverRepeats: number },
): Promise<StoreFigures> {
  const clients = cluster.endpoints.map((endpoint) => new GatewayClient(endpoint));
  const pick = (client: number) => clients[client % clients.length]!;
  const { seconds } = options;

  const phase = (name: string) => console.error(`bench: ${cluster.label}: ${name}`);
  phase("puts, 1 client");
  const one = await closedLoop(
    1,
    seconds,
    20_000,
    (_, i) => pick(0).put(`/bench/one/${i % 1000}`, VALUE),
  );
  phase("puts, 16 clients");
  const at16 = await closedLoop(
    16,
    seconds,
    200_000,
    (c, i) => pick(c).put(`/bench/16/${i % 1000}`, VALUE),
  );
  phase("puts, 64 clients");
  const at64 = await closedLoop(
    64,
    seconds,
    400_000,
    (c, i) => pick(c).put(`/bench/64/${i % 1000}`, VALUE),
  );
  phase("linearizable gets, 64 clients");
  await pick(0).put("/bench/read", VALUE);
  const reads = await closedLoop(64, seconds, 400_000, (c) => pick(c).get("/bench/read"));
  phase("watch delivery");
  const watch = await watchLatency(clients, Math.min(seconds, 5));
  const failovers: number[] = [];
  for (let i = 0; i < options.failoverRepeats; i++) {
    phase(`leader kill ${i + 1}/${options.failoverRepeats}`);
    failovers.push(await failover(cluster));
  }

  return {
    putP50OneClient: quantile(one.latencies, 0.5),
    putP99OneClient: quantile(one.latencies, 0.99),
    putRate1: one.rate,
    putRate16: at16.rate,
    putP99At16: quantile(at16.latencies, 0.99),
    putRate64: at64.rate,
    putP99At64: quantile(at64.latencies, 0.99),
    rangeRate64: reads.rate,
    watchP50: watch.p50,
    watchP99: watch.p99,
    failoverMedian: quantile(failovers, 0.5),
  };
}

/** Put-to-event latency seen by a watcher on member 0 while 16 writers load the cluster. */
async function watchLatency(
  clients: readonly GatewayClient[],
  seconds: number,
): Promise<{ p50: number; p99: number }> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const abort = new AbortController();
  const watching = await clients[0]!.watchPrefix("/bench/watch/", (key) => {
    const t0 = sentAt.get(key);
    if (t0 !== undefined) latencies.push(performance.now() - t0);
  }, abort.signal);
  await closedLoop(16, seconds, 50_000, (c, i) => {
    const key = `/bench/watch/${i}`;
    sentAt.set(key, performance.now());
    return clients[c % clients.length]!.put(key, VALUE);
  });
  await new Promise((resolve) => setTimeout(resolve, 500)); // late events
  abort.abort();
  await watching.done;
  return { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}

/**
 * Kills the leader with SIGKILL and measures the time until a put through a surviving member
 * succeeds; then restarts the member and waits for it to be healthy.
 */
async function failover(cluster: ClusterUnderTest): Promise<number> {
  const leader = await cluster.leaderIndex();
  const survivors = cluster.endpoints.filter((_, i) => i !== leader)
    .map((endpoint) => new GatewayClient(endpoint));
  await survivors[0]!.put("/bench/failover", "warm");
  const killedAt = performance.now();
  await cluster.kill(leader);
  let elapsed = NaN;
  for (let attempt = 0; attempt < 1000 && performance.now() - killedAt < 30_000; attempt++) {
    const member = survivors[attempt % survivors.length]!;
    try {
      await member.call("/v3/kv/put", {
        key: btoa("/bench/failover"),
        value: btoa(`after ${attempt}`),
      }, AbortSignal.timeout(300));
      elapsed = performance.now() - killedAt;
      break;
    } catch {
      // no leader yet
    }
  }
  await cluster.restart(leader);
  return elapsed;
}
