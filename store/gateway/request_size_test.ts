import assert from "node:assert/strict";
import { MessageTooLargeError, RequestTooLargeError } from "./errors.ts";
import {
  checkRequestSize,
  DEFAULT_MAX_REQUEST_BYTES,
  deleteRangeRequestSize,
  putRequestSize,
  raftEnvelopeBytes,
  rangeRequestSize,
  txnRequestSize,
  varintSize,
} from "./request_size.ts";

const MAX = DEFAULT_MAX_REQUEST_BYTES;
const fill = (n: number) => new Uint8Array(n);

Deno.test("protobuf sizes", () => {
  assert.deepEqual([0, 127, 128, 16383, 16384, 2 ** 21, -1].map(varintSize), [
    1,
    1,
    2,
    2,
    3,
    4,
    10,
  ]);
  // Measured: etcd's "received message larger than max (2200010 vs. 2097152)" for this put.
  assert.equal(putRequestSize({ key: fill(3), value: fill(2_200_000) }), 2_200_010);
  assert.equal(rangeRequestSize({ key: fill(2_097_149) }), 2_097_153);
  assert.equal(
    rangeRequestSize({ key: fill(1), limit: 1, sortOrder: "DESCEND", keysOnly: true }),
    3 + 2 + 2 + 2,
  );
  assert.equal(deleteRangeRequestSize({ key: fill(1), rangeEnd: fill(1), prevKv: true }), 8);
  assert.equal(
    txnRequestSize({
      compare: [{
        key: fill(1),
        target: "MOD",
        result: "EQUAL",
        modRevision: 5,
        rangeEnd: fill(1),
      }],
      success: [{ requestRange: { key: fill(1) } }],
      failure: [],
    }),
    // compare: target(2) + key(3) + mod(2) + range_end(2-byte tag + 1 + 1 = 4) = 11, framed 13;
    // op: range(3) framed in RequestOp (5), framed in txn (7).
    13 + 7,
  );
});

Deno.test("the Raft entry's size depends on the member id like etcd's request ids", () => {
  // Measured: member 11417610130673999598 (low 16 bits 0x9eee) 18 bytes, 14656067961770957077
  // (0x5915) 17 bytes around a 1.5 MiB request.
  assert.equal(raftEnvelopeBytes("11417610130673999598", 1_572_846), 18);
  assert.equal(raftEnvelopeBytes("14656067961770957077", 1_572_846), 17);
  // header tag (2) + header length (1) + id field (1 + 7-byte varint) + tag (1) + length (1)
  assert.equal(raftEnvelopeBytes("1", 100), 2 + 1 + 8 + 1 + 1);
  assert.equal(raftEnvelopeBytes("0", 100), 2 + 1 + 8 + 1 + 1);
  assert.equal(raftEnvelopeBytes("not a number", 100), 2 + 1 + 8 + 1 + 1);
});

Deno.test("limits at the boundaries etcd 3.4.23 showed", () => {
  const M = "11417610130673999598"; // a member whose entries carry 18 bytes around the request
  const put = (n: number) => putRequestSize({ key: fill(3), value: fill(n) });
  checkRequestSize(put(MAX - 27), M, MAX);
  assert.throws(() => checkRequestSize(put(MAX - 26), M, MAX), RequestTooLargeError);
  checkRequestSize(put(MAX - 26), "14656067961770957077", MAX);
  const del = (n: number) => deleteRangeRequestSize({ key: fill(n) });
  checkRequestSize(del(MAX - 22), M, MAX);
  assert.throws(() => checkRequestSize(del(MAX - 21), M, MAX), RequestTooLargeError);
  // Reads only meet gRPC's limit (max + 512 KiB).
  const range = (n: number) => rangeRequestSize({ key: fill(n) });
  checkRequestSize(range(MAX + 1000), undefined, MAX);
  checkRequestSize(range(2_097_148), undefined, MAX);
  assert.throws(
    () => checkRequestSize(range(2_097_149), undefined, MAX),
    (e: unknown) =>
      e instanceof MessageTooLargeError &&
      e.message === "grpc: received message larger than max (2097153 vs. 2097152)" && e.code === 8,
  );
});
