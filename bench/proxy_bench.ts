/**
 * The service proxy's data plane against a direct connection, in the same run: the proxy
 * runtime in-process (a {@linkcode ServiceTable} fed as the informers feed it, the
 * {@linkcode Proxier} listening on each service's address), the backend a Deno TCP server on
 * loopback. Measured at 10 and at 10,000 services (each with its own listener, so the kernel's
 * and the proxy's lookups both see the full set):
 *
 * - throughput: one client streams `--mib` MiB into a sink, directly and through a service, in
 *   five alternating rounds (the median of each is reported);
 * - connection setup: connect until the backend's first byte arrives (so the proxy's accept,
 *   backend choice and backend connect are all inside), `--connects` sequential connections
 *   each to a random service, directly and through the proxy; p50/p99;
 * - endpoint change to proxy updated: the service's endpoints are switched to another backend
 *   (a table upsert, what an EndpointSlice event does) and the time until a new connection is
 *   answered by the new backend; `--changes` changes; p50/p99.
 *
 * Anchor: the direct connection. Goals (issue #8): throughput >= 50% of direct; setup p99 at
 * 10,000 services within 10% of that at 10; updates p99 <= 100 ms.
 *
 * Usage: deno run -A bench/proxy_bench.ts [--mib 512] [--connects 2000] [--changes 200]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { Proxier } from "../proxy/proxier.ts";
import { type ServiceInput, ServiceTable } from "../proxy/table.ts";

const { values: flags } = parseArgs({
  options: {
    mib: { type: "string", default: "512" },
    connects: { type: "string", default: "2000" },
    changes: { type: "string", default: "200" },
  },
});
const MIB = Number(flags.mib);
const CONNECTS = Number(flags.connects);
const CHANGES = Number(flags.changes);

/** The q-quantile (nearest rank) of `values`. */
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

/** A backend that sends `id` (one byte) on accept, then reads and discards until EOF. */
function startBackend(id: number): { port: number; close(): Promise<void> } {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns = new Set<Deno.Conn>();
  const loop = (async () => {
    for await (const conn of listener) {
      conns.add(conn);
      (async () => {
        try {
          await conn.write(Uint8Array.of(id));
          const buffer = new Uint8Array(256 * 1024);
          while ((await conn.read(buffer)) !== null) { /* discard */ }
        } catch {
          // reset by the client
        } finally {
          conns.delete(conn);
          try {
            conn.close();
          } catch { /* closed */ }
        }
      })();
    }
  })();
  return {
    port: listener.addr.port,
    async close() {
      listener.close();
      for (const conn of conns) {
        try {
          conn.close();
        } catch { /* closed */ }
      }
      await loop.catch(() => {});
    },
  };
}

/** Connects and waits for the backend's first byte; returns its id and the ms it took. */
async function connectTimed(hostname: string, port: number): Promise<[number, number, Deno.Conn]> {
  const started = performance.now();
  const conn = await Deno.connect({ hostname, port });
  const byte = new Uint8Array(1);
  const n = await conn.read(byte);
  if (n !== 1) throw new Error(`no greeting from ${hostname}:${port}`);
  return [byte[0]!, performance.now() - started, conn];
}

/** Streams `mib` MiB to `hostname:port`; resolves to MiB/s (until the backend closed). */
async function throughput(hostname: string, port: number, mib: number): Promise<number> {
  const [, , conn] = await connectTimed(hostname, port);
  const chunk = new Uint8Array(64 * 1024);
  const started = performance.now();
  let left = Math.floor(mib * 1024 * 1024);
  while (left > 0) {
    const n = await conn.write(chunk.subarray(0, Math.min(chunk.length, left)));
    left -= n;
  }
  await (conn as Deno.TcpConn).closeWrite();
  // The sink closes after reading everything: then every byte went through.
  while ((await conn.read(new Uint8Array(16))) !== null) { /* wait for EOF */ }
  const seconds = (performance.now() - started) / 1000;
  conn.close();
  return mib / seconds;
}

/** The address of service `i`: 127.10.0.1 onwards (loopback, no route needed). */
function serviceIP(i: number): string {
  const n = i + 1;
  return `127.10.${n >> 8}.${n & 255}`;
}

function service(i: number, port: number, backendPort: number): ServiceInput {
  return {
    namespace: "bench",
    name: `s${i}`,
    clusterIPs: [serviceIP(i)],
    ports: [{ port, targetPort: backendPort }],
    endpoints: [{ ip: "127.0.0.1" }],
  };
}

interface Figures {
  services: number;
  directMiBs: number;
  proxyMiBs: number;
  direct: number[];
  proxied: number[];
  updates: number[];
}

async function measure(count: number, port: number): Promise<Figures> {
  const a = startBackend(1);
  const b = startBackend(2);
  const table = new ServiceTable();
  const proxier = new Proxier(table, { removedEndpointGraceMs: 0 });
  try {
    table.apply(
      Array.from({ length: count }, (_, i) => ({
        type: "upsert" as const,
        service: service(i, port, a.port),
      })),
    );
    await proxier.settled();
    if (proxier.errors().length > 0) {
      throw new Error(`listeners failed: ${JSON.stringify(proxier.errors().slice(0, 3))}`);
    }
    // Warm up both paths.
    for (let i = 0; i < 50; i++) {
      (await connectTimed("127.0.0.1", a.port))[2].close();
      (await connectTimed(serviceIP(i % count), port))[2].close();
    }
    // Alternating rounds, median of each: the machine is shared, single runs swing widely.
    const directRuns: number[] = [];
    const proxyRuns: number[] = [];
    for (let round = 0; round < 5; round++) {
      directRuns.push(await throughput("127.0.0.1", a.port, MIB / 5));
      proxyRuns.push(await throughput(serviceIP(0), port, MIB / 5));
    }
    const directMiBs = quantile(directRuns, 0.5);
    const proxyMiBs = quantile(proxyRuns, 0.5);
    const direct: number[] = [];
    const proxied: number[] = [];
    for (let i = 0; i < CONNECTS; i++) {
      // Interleaved, so both see the same machine load.
      const [, d, c1] = await connectTimed("127.0.0.1", a.port);
      c1.close();
      const [, p, c2] = await connectTimed(serviceIP(Math.floor(Math.random() * count)), port);
      c2.close();
      direct.push(d);
      proxied.push(p);
    }
    // Endpoint changes: switch a random service between the two backends.
    const updates: number[] = [];
    const current = new Map<number, number>();
    for (let i = 0; i < CHANGES; i++) {
      const s = Math.floor(Math.random() * count);
      const to = current.get(s) === 2 ? 1 : 2;
      current.set(s, to);
      const started = performance.now();
      table.upsert(service(s, port, to === 2 ? b.port : a.port));
      for (;;) {
        const [id, , conn] = await connectTimed(serviceIP(s), port);
        conn.close();
        if (id === to) break;
      }
      updates.push(performance.now() - started);
    }
    return { services: count, directMiBs, proxyMiBs, direct, proxied, updates };
  } finally {
    await proxier.close();
    await a.close();
    await b.close();
  }
}

function row(label: string, values: readonly number[]): string {
  return `${label.padEnd(34)} p50 ${quantile(values, 0.5).toFixed(3).padStart(8)} ms   p99 ${
    quantile(values, 0.99).toFixed(3).padStart(8)
  } ms`;
}

if (import.meta.main) {
  // A port free on the benchmark's addresses (127.10.0.0/16 is ours alone).
  const probe = Deno.listen({ hostname: "127.10.0.1", port: 0 });
  const port = probe.addr.port;
  probe.close();
  const results: Figures[] = [];
  for (const count of [10, 10_000]) {
    const started = performance.now();
    const figures = await measure(count, port);
    results.push(figures);
    console.log(
      `proxy bench: ${count} services (${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
    console.log(
      `  throughput   direct ${figures.directMiBs.toFixed(0)} MiB/s   proxy ${
        figures.proxyMiBs.toFixed(0)
      } MiB/s   ratio ${(figures.proxyMiBs / figures.directMiBs * 100).toFixed(0)}% (goal >= 50%)`,
    );
    console.log(`  ${row("connection setup, direct", figures.direct)}`);
    console.log(`  ${row("connection setup, proxy", figures.proxied)}`);
    console.log(
      `  ${row("endpoint change to proxy updated", figures.updates)} (goal p99 <= 100 ms)`,
    );
  }
  const [small, large] = results as [Figures, Figures];
  const ratio = quantile(large.proxied, 0.99) / quantile(small.proxied, 0.99);
  console.log(
    `proxy bench: setup p99 at 10,000 vs 10 services ${
      (ratio * 100).toFixed(0)
    }% (goal within 10%)`,
  );
}
