import assert from "node:assert/strict";
import { MessageType, newMessage } from "./messages.ts";
import { ReadOnly, ReadOnlyOption } from "./read_only.ts";

const ctx = (s: string) => new TextEncoder().encode(s);

Deno.test("ReadOnly queue", async (t) => {
  await t.step("acks are tracked per context; advance releases the prefix", () => {
    const ro = new ReadOnly(ReadOnlyOption.Safe);
    ro.addRequest(5, newMessage({ type: MessageType.ReadIndex, context: ctx("a") }));
    ro.addRequest(6, newMessage({ type: MessageType.ReadIndex, context: ctx("b") }));
    ro.addRequest(7, newMessage({ type: MessageType.ReadIndex, context: ctx("a") })); // duplicate
    assert.equal(ro.pendingCount(), 2);
    assert.deepEqual(ro.lastPendingRequestCtx(), ctx("b"));
    assert.deepEqual([...ro.recvAck(1, ctx("b"))!], [1]);
    assert.deepEqual([...ro.recvAck(2, ctx("b"))!], [1, 2]);
    assert.equal(ro.recvAck(1, ctx("zzz")), undefined);
    const done = ro.advance(ctx("b"));
    assert.deepEqual(done.map((d) => d.index), [5, 6]);
    assert.equal(ro.pendingCount(), 0);
    assert.equal(ro.lastPendingRequestCtx(), undefined);
    assert.deepEqual(ro.advance(ctx("b")), []);
  });
});
