import assert from "node:assert/strict";
import { WorkQueue } from "./work_queue.ts";

Deno.test("a key added many times before processing is processed once", async () => {
  const queue = new WorkQueue();
  for (let i = 0; i < 5; i++) queue.add("a");
  queue.add("b");
  assert.equal(queue.length, 2);
  assert.equal(await queue.get(), "a");
  assert.equal(await queue.get(), "b");
  queue.done("a");
  queue.done("b");
  assert.equal(queue.length, 0);
  queue.shutDown();
});

Deno.test("a key re-added while processing comes back after done, never concurrently", async () => {
  const queue = new WorkQueue();
  queue.add("a");
  const key = await queue.get();
  queue.add("a"); // changed again while being processed
  assert.equal(queue.length, 0, "not handed out twice at once");
  queue.done(key!);
  assert.equal(await queue.get(), "a");
  queue.done("a");
  queue.shutDown();
});

Deno.test("failures back off exponentially per key; forget resets", async () => {
  const queue = new WorkQueue({ baseDelayMs: 20 });
  const started = performance.now();
  queue.addRateLimited("k"); // 20 ms
  assert.equal(await queue.get(), "k");
  const first = performance.now() - started;
  queue.done("k");
  queue.addRateLimited("k"); // 40 ms
  const again = performance.now();
  assert.equal(await queue.get(), "k");
  const second = performance.now() - again;
  assert.ok(first >= 15, `first retry after ${first} ms`);
  assert.ok(second >= 35, `second retry after ${second} ms`);
  assert.equal(queue.retries("k"), 2);
  queue.forget("k");
  assert.equal(queue.retries("k"), 0);
  queue.done("k");
  queue.shutDown();
});

Deno.test("shutDown releases waiting workers", async () => {
  const queue = new WorkQueue();
  const waiting = queue.get();
  queue.shutDown();
  assert.equal(await waiting, undefined);
  queue.add("late");
  assert.equal(await queue.get(), undefined);
});

Deno.test("process: syncs keys, retries a failing one with back-off, ends at shutdown", async () => {
  const queue = new WorkQueue({ baseDelayMs: 5, maxDelayMs: 20 });
  const synced: string[] = [];
  const errors: string[] = [];
  let failures = 2;
  const worker = queue.process(
    (key) => {
      if (key === "flaky" && failures-- > 0) return Promise.reject(new Error("not yet"));
      synced.push(key);
      return Promise.resolve();
    },
    (key, error) => errors.push(`${key}: ${(error as Error).message}`),
  );
  queue.add("a");
  queue.add("flaky");
  for (let i = 0; i < 100 && synced.length < 2; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.deepEqual(synced.sort(), ["a", "flaky"]);
  assert.deepEqual(errors, ["flaky: not yet", "flaky: not yet"]);
  assert.equal(queue.retries("flaky"), 0, "a success forgets the key's back-off");
  queue.shutDown();
  await worker;
});
