import assert from "node:assert/strict";
import { SimRandom, World } from "./world.ts";

Deno.test("world: events run in (time, sequence) order and the clock follows them", async () => {
  const w = new World(1);
  const seen: string[] = [];
  w.schedule(5, () => seen.push(`a@${w.now}`));
  w.schedule(1, () => seen.push(`b@${w.now}`));
  w.schedule(5, () => seen.push(`c@${w.now}`));
  w.schedule(1, () => w.schedule(0, () => seen.push(`d@${w.now}`)));
  const h = w.schedule(3, () => seen.push("cancelled"));
  h.cancel();
  while (await w.step(100));
  assert.deepEqual(seen, ["b@1", "d@1", "a@5", "c@5"]);
  assert.equal(w.now, 100);
});

Deno.test("world: settle lets driver tasks run until they wait on a simulated event", async () => {
  const w = new World(1);
  const log: string[] = [];
  w.schedule(1, () => {
    w.taskStarted();
    void (async () => {
      await null;
      await null;
      log.push("before fsync");
      w.blocked();
      await new Promise<void>((resolve) =>
        w.schedule(10, () => {
          w.unblocked();
          resolve();
        })
      );
      log.push(`after fsync@${w.now}`);
      w.taskDone();
    })();
  });
  assert.equal(await w.step(100), true);
  assert.deepEqual(log, ["before fsync"]);
  assert.equal(await w.step(100), true);
  assert.deepEqual(log, ["before fsync", "after fsync@11"]);
});

Deno.test("world: an error reported by a driver task fails the step", async () => {
  const w = new World(1);
  w.schedule(1, () => w.fail(new Error("boom")));
  await assert.rejects(() => w.step(10), /boom/);
});

Deno.test("world: the trace keeps the last lines, formatted lazily", () => {
  const w = new World(1, 3);
  let formatted = 0;
  for (let i = 0; i < 5; i++) {
    w.trace(() => {
      formatted++;
      return `line ${i}`;
    });
  }
  assert.equal(formatted, 0);
  assert.deepEqual(w.lastTrace(2), ["t=0 line 3", "t=0 line 4"]);
  assert.deepEqual(w.lastTrace(10), ["t=0 line 2", "t=0 line 3", "t=0 line 4"]);
});

Deno.test("SimRandom: the same seed gives the same sequence; forks are independent", () => {
  const a = new SimRandom(42);
  const b = new SimRandom(42);
  const xs = Array.from({ length: 20 }, () => a.int(1000));
  assert.deepEqual(xs, Array.from({ length: 20 }, () => b.int(1000)));
  const f = new SimRandom(42).fork();
  assert.notDeepEqual(Array.from({ length: 20 }, () => f.int(1000)), xs);
  for (let i = 0; i < 1000; i++) {
    const x = a.float();
    assert.ok(x >= 0 && x < 1);
    const y = a.between(3, 5);
    assert.ok(y >= 3 && y <= 5);
  }
});
