import assert from "node:assert/strict";
import { createLogger } from "../../cli/log.ts";
import {
  fetchClusterDescription,
  type PeerInfo,
  PeerTransport,
  type TransportOptions,
} from "./transport.ts";

/** Everything one member's transport reported. */
class Recorder {
  readonly messages: { from: number; text: string }[] = [];
  readonly large: { from: number; bytes: Uint8Array }[] = [];
  readonly unreachable: number[] = [];
  readonly delivered: { to: number; ok: boolean }[] = [];
  readonly logs: string[] = [];
  #waiters: (() => void)[] = [];

  readonly handler = {
    onMessage: (from: number, message: Uint8Array) => {
      if (message.length > 100_000) this.large.push({ from, bytes: message });
      else this.messages.push({ from, text: new TextDecoder().decode(message) });
      this.#notify();
    },
    onUnreachable: (to: number) => {
      this.unreachable.push(to);
      this.#notify();
    },
    onLargeDelivered: (to: number, ok: boolean) => {
      this.delivered.push({ to, ok });
      this.#notify();
    },
  };

  #notify(): void {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }

  /** Waits until `condition` holds, failing after `ms`. */
  async until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        timer = setTimeout(resolve, Math.min(left, 50));
      });
      clearTimeout(timer);
    }
  }
}

function member(id: number, port = 0): PeerInfo {
  return { id, name: `m${id}`, address: { hostname: "127.0.0.1", port } };
}

function start(
  self: PeerInfo,
  recorder: Recorder,
  overrides: Partial<TransportOptions> = {},
): PeerTransport {
  return PeerTransport.start({
    cluster: "test-cluster",
    self,
    peers: [],
    handler: recorder.handler,
    logger: createLogger("transport", 1, (line) => recorder.logs.push(line)),
    backoffMs: { initial: 10, max: 100 },
    ...overrides,
  });
}

const text = (value: string) => new TextEncoder().encode(value);

/** Sends numbered probes from `from` to `to` until one arrives; returns how many arrived. */
async function waitConnected(
  from: PeerTransport,
  to: number,
  recorder: Recorder,
): Promise<number> {
  for (let i = 0; recorder.messages.length === 0; i++) {
    from.send(to, text(`probe ${i}`));
    await recorder.until(() => recorder.messages.length > 0, "a probe", 50).catch(() => {});
    assert.ok(i < 400, "never connected");
  }
  return recorder.messages.length;
}

Deno.test("two members exchange thousands of messages in order, both ways", async () => {
  const ra = new Recorder();
  const rb = new Recorder();
  const a = start(member(1), ra, { maxQueuedMessages: 10_000 });
  const b = start(member(2), rb, { maxQueuedMessages: 10_000 });
  try {
    a.addPeer({ ...member(2), address: b.address });
    b.addPeer({ ...member(1), address: a.address });
    await waitConnected(a, 2, rb);
    await waitConnected(b, 1, ra);
    rb.messages.length = 0;
    ra.messages.length = 0;
    const count = 5000;
    for (let i = 0; i < count; i++) {
      a.send(2, text(`a${i}`));
      b.send(1, text(`b${i}`));
    }
    await rb.until(() => rb.messages.length === count, "a's messages at b");
    await ra.until(() => ra.messages.length === count, "b's messages at a");
    assert.deepEqual(rb.messages.map((m) => m.text), [...Array(count)].map((_, i) => `a${i}`));
    assert.ok(rb.messages.every((m) => m.from === 1));
    assert.deepEqual(ra.messages.map((m) => m.text), [...Array(count)].map((_, i) => `b${i}`));
  } finally {
    await a.close();
    await b.close();
  }
});

Deno.test("a full queue drops new messages and reports the peer unreachable", async () => {
  const ra = new Recorder();
  const rb = new Recorder();
  const a = start(member(1), ra, { maxQueuedMessages: 100 });
  const b = start(member(2), rb);
  try {
    a.addPeer({ ...member(2), address: b.address });
    b.addPeer({ ...member(1), address: a.address });
    await waitConnected(a, 2, rb);
    await new Promise((resolve) => setTimeout(resolve, 50)); // let stray probes land
    const before = rb.messages.length;
    for (let i = 0; i < 150; i++) a.send(2, text(`m${i}`)); // no await: the queue fills
    assert.ok(ra.unreachable.includes(2));
    await rb.until(() => rb.messages.length === before + 100, "the queued hundred");
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(
      rb.messages.slice(before).map((m) => m.text),
      [...Array(100)].map((_, i) => `m${i}`),
    );
  } finally {
    await a.close();
    await b.close();
  }
});

Deno.test("messages for an unreachable member are dropped and reported; the stream reconnects", async () => {
  const ra = new Recorder();
  const rb = new Recorder();
  const a = start(member(1), ra);
  // Find a free port for b, then leave it closed for now.
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  let b: PeerTransport | undefined;
  try {
    a.addPeer(member(2, port));
    a.send(2, text("lost"));
    await ra.until(() => ra.unreachable.includes(2), "unreachable report");

    b = start(member(2, port), rb);
    b.addPeer({ ...member(1), address: a.address });
    // Keep sending until the stream is up again and a message gets through.
    for (let i = 0; rb.messages.length === 0; i++) {
      a.send(2, text(`hello ${i}`));
      await rb.until(() => rb.messages.length > 0, "a message after b started", 100).catch(
        () => {},
      );
      assert.ok(i < 200, "b never received anything");
    }
    assert.ok(rb.messages.every((m) => m.text.startsWith("hello ")));

    // Restart b on the same port: a reconnects by itself.
    await b.close();
    b = start(member(2, port), rb);
    b.addPeer({ ...member(1), address: a.address });
    const before = rb.messages.length;
    for (let i = 0; rb.messages.length === before; i++) {
      a.send(2, text(`again ${i}`));
      await rb.until(() => rb.messages.length > before, "a message after restart", 100).catch(
        () => {},
      );
      assert.ok(i < 200, "b never received anything after its restart");
    }
  } finally {
    await a.close();
    await b?.close();
  }
});

Deno.test("a member of another cluster is refused and told why", async () => {
  const ra = new Recorder();
  const rb = new Recorder();
  const a = start(member(1), ra, { cluster: "cluster-x" });
  const b = start(member(2), rb, { cluster: "cluster-y" });
  try {
    a.addPeer({ ...member(2), address: b.address });
    b.addPeer({ ...member(1), address: a.address });
    a.send(2, text("intruder"));
    await rb.until(
      () => rb.logs.some((line) => line.includes("refused a peer connection")),
      "b's refusal",
    );
    assert.match(
      rb.logs.find((line) => line.includes("refused"))!,
      /reason="member m1 belongs to cluster cluster-x, not cluster-y"/,
    );
    await ra.until(() => ra.unreachable.includes(2), "a reports b unreachable");
    assert.equal(rb.messages.length, 0);
  } finally {
    await a.close();
    await b.close();
  }
});

Deno.test("a hello for another member name is refused", async () => {
  const ra = new Recorder();
  const rb = new Recorder();
  const a = start(member(1), ra);
  const b = start(member(2), rb);
  try {
    // a believes b's address belongs to m3.
    a.addPeer({ id: 3, name: "m3", address: b.address });
    b.addPeer({ ...member(1), address: a.address });
    a.send(3, text("misdirected"));
    await rb.until(
      () => rb.logs.some((line) => line.includes(`reason="this is member m2, not m3"`)),
      "b's refusal",
    );
    assert.equal(rb.messages.length, 0);
  } finally {
    await a.close();
    await b.close();
  }
});

Deno.test("a large message travels in pieces on its own connection and is confirmed", async () => {
  const ra = new Recorder();
  const rb = new Recorder();
  const a = start(member(1), ra);
  const b = start(member(2), rb);
  try {
    a.addPeer({ ...member(2), address: b.address });
    b.addPeer({ ...member(1), address: a.address });
    const snapshot = new Uint8Array(20 * 1024 * 1024 + 17);
    for (let i = 0; i < snapshot.length; i += 4096) snapshot[i] = (i / 4096) & 0xff;
    a.sendLarge(2, snapshot);
    a.send(2, text("small after large"));
    await ra.until(() => ra.delivered.length === 1, "delivery report", 30_000);
    assert.deepEqual(ra.delivered, [{ to: 2, ok: true }]);
    assert.equal(rb.large.length, 1);
    assert.deepEqual(rb.large[0]!.bytes, snapshot);
    await rb.until(() => rb.messages.length === 1, "the small message");
  } finally {
    await a.close();
    await b.close();
  }
});

Deno.test("a large message to a dead member is reported undelivered", async () => {
  const ra = new Recorder();
  const a = start(member(1), ra);
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  try {
    a.addPeer(member(2, port));
    a.sendLarge(2, new Uint8Array(200_000));
    await ra.until(() => ra.delivered.length === 1, "delivery report");
    assert.deepEqual(ra.delivered, [{ to: 2, ok: false }]);
  } finally {
    await a.close();
  }
});

Deno.test("a listed member can ask for the cluster description; others are refused", async () => {
  const rb = new Recorder();
  const b = start(member(2), rb, {
    handler: { ...rb.handler, describeCluster: () => text("the description") },
  });
  try {
    b.addPeer(member(1));
    const answer = await fetchClusterDescription(b.address, { from: "m1", to: "m2" });
    assert.equal(new TextDecoder().decode(answer), "the description");
    await assert.rejects(
      fetchClusterDescription(b.address, { from: "m9", to: "m2" }),
      /peer m2 refused the connection: m9 is not a member of this cluster/,
    );
  } finally {
    await b.close();
  }
});

Deno.test("the application can refuse a caller by id, and the caller hears why", async () => {
  const ra = new Recorder();
  const rb = new Recorder();
  const refusedWith: string[] = [];
  const a = start(member(1), ra, {
    handler: { ...ra.handler, onRefused: (_to, reason) => refusedWith.push(reason) },
  });
  const b = start(member(2), rb, {
    handler: { ...rb.handler, refuse: (id) => id === 1 ? "m1 was removed" : undefined },
  });
  try {
    a.addPeer({ ...member(2), address: b.address });
    b.addPeer({ ...member(1), address: a.address });
    a.send(2, text("hello?"));
    await ra.until(() => refusedWith.length > 0, "the refusal");
    assert.match(refusedWith[0]!, /peer m2 refused the connection: m1 was removed/);
    assert.equal(rb.messages.length, 0);
  } finally {
    await a.close();
    await b.close();
  }
});
