import assert from "node:assert/strict";
import type { KeyValue } from "../mvcc/mod.ts";
import {
  encodeDeleteRangeResponse,
  encodeEvent,
  encodeHeader,
  encodeLeaseGrantResponse,
  encodeLeaseKeepAliveResponse,
  encodeLeaseTimeToLiveResponse,
  encodePutResponse,
  encodeRangeResponse,
  encodeStatusResponse,
  encodeTxnResponse,
  encodeWatchResponse,
  streamLine,
} from "./response_codec.ts";

const bytes = (s: string) => new TextEncoder().encode(s);
const member = { clusterId: "14443903163313418560", memberId: "11417610130673999598", raftTerm: 2 };
const H = encodeHeader(member, 3);
const kv = (key: string, value: string, rev: number): KeyValue => ({
  key: bytes(key),
  createRevision: 2,
  modRevision: rev,
  version: rev - 1,
  value: bytes(value),
  lease: 0,
});

Deno.test("header: uint64 ids as strings, zero values omitted", () => {
  assert.equal(
    H,
    '{"cluster_id":"14443903163313418560","member_id":"11417610130673999598","revision":"3",' +
      '"raft_term":"2"}',
  );
  assert.equal(encodeHeader({ clusterId: "0", memberId: "", raftTerm: 0 }, 0), "{}");
});

Deno.test("range and put answers as etcd 3.4.23 wrote them", () => {
  assert.equal(
    encodeRangeResponse({ header: { revision: 3 }, kvs: [], more: false, count: 0 }, H),
    `{"header":${H}}`,
  );
  assert.equal(
    encodeRangeResponse(
      { header: { revision: 3 }, kvs: [kv("x", "2", 3)], more: true, count: 3 },
      H,
    ),
    `{"header":${H},"kvs":[{"key":"eA==","create_revision":"2","mod_revision":"3","version":"2",` +
      `"value":"Mg=="}],"more":true,"count":"3"}`,
  );
  assert.equal(
    encodePutResponse({ header: { revision: 3 }, prevKv: { ...kv("x", "", 2), lease: 7 } }, H),
    `{"header":${H},"prev_kv":{"key":"eA==","create_revision":"2","mod_revision":"2",` +
      `"version":"1","lease":"7"}}`,
  );
  assert.equal(
    encodeDeleteRangeResponse({ header: { revision: 3 }, deleted: 0, prevKvs: [] }, H),
    `{"header":${H}}`,
  );
});

Deno.test("txn: sub-responses carry only a revision, nested txns an empty header", () => {
  const text = encodeTxnResponse({
    header: { revision: 8 },
    succeeded: true,
    responses: [
      { responsePut: { header: { revision: 8 } } },
      { responseDeleteRange: { header: { revision: 8 }, deleted: 1, prevKvs: [kv("c", "", 6)] } },
      { responseTxn: { header: { revision: 8 }, succeeded: true, responses: [] } },
      { responseRange: { header: { revision: 8 }, kvs: [], more: false, count: 0 } },
    ],
  }, H);
  assert.equal(
    text,
    `{"header":${H},"succeeded":true,"responses":[{"response_put":{"header":{"revision":"8"}}},` +
      `{"response_delete_range":{"header":{"revision":"8"},"deleted":"1","prev_kvs":[{"key":"Yw==",` +
      `"create_revision":"2","mod_revision":"6","version":"5"}]}},{"response_txn":{"header":{},` +
      `"succeeded":true}},{"response_range":{"header":{"revision":"8"}}}]}`,
  );
  assert.equal(
    encodeTxnResponse({ header: { revision: 8 }, succeeded: false, responses: [] }, H),
    `{"header":${H}}`,
  );
});

Deno.test("leases: upper-case ID and TTL, grantedTTL, keys", () => {
  assert.equal(
    encodeLeaseGrantResponse({ id: 1000, ttl: 30 }, H),
    `{"header":${H},"ID":"1000","TTL":"30"}`,
  );
  assert.equal(encodeLeaseKeepAliveResponse({ id: 999, ttl: 0 }, H), `{"header":${H},"ID":"999"}`);
  assert.equal(
    encodeLeaseTimeToLiveResponse({ id: 5, ttl: 29, grantedTtl: 30, keys: [bytes("l")] }, H),
    `{"header":${H},"ID":"5","TTL":"29","grantedTTL":"30","keys":["bA=="]}`,
  );
  assert.equal(
    encodeLeaseTimeToLiveResponse({ id: 5, ttl: -1, grantedTtl: 0, keys: [] }, H),
    `{"header":${H},"ID":"5","TTL":"-1"}`,
  );
});

Deno.test("status: camelCase field names as etcd's proto has them", () => {
  assert.equal(
    encodeStatusResponse({
      header: { ...member, revision: 3 },
      version: "3.4.23",
      dbSize: 20480,
      leader: "11417610130673999598",
      raftIndex: 38,
      raftTerm: 2,
      raftAppliedIndex: 38,
      errors: ["NOSPACE"],
    }),
    `{"header":${H},"version":"3.4.23","dbSize":"20480","leader":"11417610130673999598",` +
      `"raftIndex":"38","raftTerm":"2","raftAppliedIndex":"38","errors":["NOSPACE"],` +
      `"dbSizeInUse":"20480"}`,
  );
});

Deno.test("watch: PUT is the zero event type, DELETE is named", () => {
  const put = kv("w", "1", 15);
  assert.equal(
    encodeEvent({ type: "PUT", kv: put }),
    '{"kv":{"key":"dw==","create_revision":"2","mod_revision":"15","version":"14","value":"MQ=="}}',
  );
  const tomb = {
    key: bytes("w"),
    createRevision: 0,
    modRevision: 17,
    version: 0,
    value: new Uint8Array(0),
    lease: 0,
  };
  assert.equal(
    encodeEvent({ type: "DELETE", kv: tomb, prevKv: put }),
    '{"type":"DELETE","kv":{"key":"dw==","mod_revision":"17"},"prev_kv":{"key":"dw==",' +
      '"create_revision":"2","mod_revision":"15","version":"14","value":"MQ=="}}',
  );
  assert.equal(
    streamLine(encodeWatchResponse({ header: H, watchId: 0, created: true })),
    `{"result":{"header":${H},"created":true}}\n`,
  );
  assert.equal(
    encodeWatchResponse({
      header: encodeHeader(member, 0),
      watchId: -1,
      created: true,
      canceled: true,
      compactRevision: 6,
      cancelReason: "why <not>",
      events: [],
    }),
    '{"header":{"cluster_id":"14443903163313418560","member_id":"11417610130673999598",' +
      '"raft_term":"2"},"watch_id":"-1","created":true,"canceled":true,"compact_revision":"6",' +
      '"cancel_reason":"why \\u003cnot\\u003e"}',
  );
});
