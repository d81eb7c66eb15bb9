import assert from "node:assert/strict";
import { probeTiming, resolvePort, runProbe } from "./probes.ts";

Deno.test("probe timing defaults and thresholds", () => {
  assert.deepEqual(probeTiming({}, "readiness"), {
    initialDelayMs: 0,
    timeoutMs: 1000,
    periodMs: 10_000,
    successThreshold: 1,
    failureThreshold: 3,
  });
  const t = probeTiming(
    { periodSeconds: 2, successThreshold: 3, initialDelaySeconds: 5 },
    "liveness",
  );
  assert.equal(t.successThreshold, 1, "liveness always needs one success");
  assert.equal(t.periodMs, 2000);
  assert.equal(t.initialDelayMs, 5000);
  assert.equal(probeTiming({ successThreshold: 3 }, "readiness").successThreshold, 3);
});

Deno.test("named and numeric probe ports", () => {
  const container = { name: "web", ports: [{ name: "http", containerPort: 8080 }] };
  assert.equal(resolvePort("http", container), 8080);
  assert.equal(resolvePort(81, container), 81);
  assert.equal(resolvePort("82", container), 82);
  assert.throws(() => resolvePort("nope", container), /couldn't find port: nope in container web/);
  assert.throws(() => resolvePort(70000, container), /invalid port number: 70000/);
});

Deno.test("tcp and http probes against a local listener; exec outcomes", async () => {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (req) => new Response("fine", { status: new URL(req.url).pathname === "/bad" ? 500 : 200 }),
  );
  const port = server.addr.port;
  try {
    const target = {
      podIP: "127.0.0.1",
      container: { name: "c", ports: [{ name: "p", containerPort: port }] },
      exec: () => Promise.resolve({ exitCode: 1, output: "nope\n" }),
    };
    assert.deepEqual(await runProbe({ tcpSocket: { port: "p" } }, target), {
      result: "success",
      output: "",
    });
    assert.deepEqual(await runProbe({ httpGet: { port, path: "/ok" } }, target), {
      result: "success",
      output: "fine",
    });
    assert.deepEqual(await runProbe({ httpGet: { port, path: "/bad" } }, target), {
      result: "failure",
      output: "HTTP probe failed with statuscode: 500",
    });
    assert.deepEqual(await runProbe({ exec: { command: ["x"] } }, target), {
      result: "failure",
      output: "nope\n",
    });
  } finally {
    await server.shutdown();
  }
  const closed = await runProbe({ tcpSocket: { port } }, {
    podIP: "127.0.0.1",
    container: { name: "c" },
    exec: () => Promise.reject(new Error("unused")),
  });
  assert.deepEqual(closed, {
    result: "failure",
    output: `dial tcp 127.0.0.1:${port}: connect: connection refused`,
  });
});
