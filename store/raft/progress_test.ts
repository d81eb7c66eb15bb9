import assert from "node:assert/strict";
import { Inflights } from "./inflights.ts";
import { Progress, ProgressState } from "./progress.ts";

function pr(match: number, next: number, cap = 4): Progress {
  return new Progress({ match, next, inflights: new Inflights(cap) });
}

Deno.test("Progress", async (t) => {
  await t.step("probe sends one append, then pauses until a response", () => {
    const p = pr(0, 5);
    assert.equal(p.state, ProgressState.Probe);
    assert.equal(p.isPaused(), false);
    p.sentEntries(3, 30);
    assert.equal(p.next, 5, "probe does not advance next optimistically");
    assert.equal(p.isPaused(), true);
    p.msgAppProbesPaused = false; // heartbeat response
    assert.equal(p.isPaused(), false);
  });

  await t.step("probe -> replicate on ack; replicate pipelines within the window", () => {
    const p = pr(0, 5, 2);
    p.maybeUpdate(4);
    p.becomeReplicate();
    assert.equal(p.next, 5);
    p.sentEntries(2, 20);
    assert.equal(p.next, 7);
    assert.equal(p.isPaused(), false);
    p.sentEntries(1, 10);
    assert.equal(p.next, 8);
    assert.equal(p.inflights.full(), true);
    assert.equal(p.isPaused(), true);
    assert.ok(p.maybeUpdate(6));
    p.inflights.freeLE(6);
    assert.equal(p.isPaused(), false);
  });

  await t.step("maybeUpdate ignores stale acks and keeps match < next", () => {
    const p = pr(5, 6);
    assert.equal(p.maybeUpdate(3), false);
    assert.equal(p.match, 5);
    assert.ok(p.maybeUpdate(9));
    assert.equal(p.match, 9);
    assert.equal(p.next, 10);
  });

  await t.step("maybeDecrTo in replicate: back to match+1 unless stale", () => {
    const p = pr(5, 10);
    p.becomeReplicate();
    p.next = 10;
    assert.equal(p.maybeDecrTo(4, 4), false, "rejection below match is stale");
    assert.ok(p.maybeDecrTo(9, 9));
    assert.equal(p.next, 6);
  });

  await t.step("maybeDecrTo in probe: uses the hint, ignores rejections not for next-1", () => {
    const p = pr(0, 10);
    assert.equal(p.maybeDecrTo(5, 5), false, "stale: not for next-1");
    assert.ok(p.maybeDecrTo(9, 3));
    assert.equal(p.next, 4);
    p.msgAppProbesPaused = true;
    assert.ok(p.maybeDecrTo(3, 0));
    assert.equal(p.next, 1);
    assert.equal(p.isPaused(), false, "a genuine rejection allows the next probe");
  });

  await t.step("snapshot state is paused; becomeProbe resumes after the snapshot", () => {
    const p = pr(2, 3);
    p.becomeSnapshot(20);
    assert.equal(p.isPaused(), true);
    assert.equal(p.pendingSnapshot, 20);
    p.becomeProbe();
    assert.equal(p.state, ProgressState.Probe);
    assert.equal(p.next, 21);
    assert.equal(p.pendingSnapshot, 0);
  });

  await t.step("toString and clone", () => {
    const p = pr(1, 2);
    p.isLearner = true;
    const c = p.clone();
    p.match = 7;
    assert.equal(c.match, 1);
    assert.match(c.toString(), /Probe match=1 next=2 learner/);
  });
});
