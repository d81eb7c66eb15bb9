import assert from "node:assert/strict";
import { readJsonValue } from "./go_json.ts";
import { BadRequestError } from "./errors.ts";
import {
  decodeBytes,
  decodeCompactionRequest,
  decodeDeleteRangeRequest,
  decodeEnum,
  decodeInt64,
  decodeLeaseGrantRequest,
  decodeLeaseId,
  decodeLeaseTimeToLiveRequest,
  decodePutRequest,
  decodeRangeRequest,
  decodeTxnRequest,
  decodeWatchRequest,
  EMPTY_OP,
  hasEmptyOp,
  MAX_TXN_DEPTH,
} from "./request_codec.ts";
import type { JsonNode } from "./go_json.ts";

function node(text: string): JsonNode {
  const r = readJsonValue(new TextEncoder().encode(text), 0, true);
  assert.ok(r.kind === "value");
  return r.node;
}

const bytes = (s: string) => new TextEncoder().encode(s);

function rejects(fn: () => unknown, message: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof BadRequestError, String(error));
    assert.equal(error.code, 3);
    assert.equal(error.message, message);
    return true;
  });
}

Deno.test("range: proto and JSON names, int64 as numbers or strings, enums by name or number", () => {
  assert.deepEqual(
    decodeRangeRequest(node(
      `{"key":"YQ==","rangeEnd":"ZA==","limit":"2","revision":3,"sort_order":2,"sortTarget":"MOD",
        "serializable":true,"keys_only":false,"countOnly":null,"min_mod_revision":"-1"}`,
    )),
    {
      key: bytes("a"),
      rangeEnd: bytes("d"),
      limit: 2,
      revision: 3,
      sortOrder: "DESCEND",
      sortTarget: "MOD",
      serializable: true,
      minModRevision: -1,
    },
  );
  // The proto name wins over the JSON name; null is absent; zero values are left out.
  assert.deepEqual(
    decodeRangeRequest(node(`{"key":"YQ==","range_end":"Yg==","rangeEnd":"Yw==","limit":0}`)),
    { key: bytes("a"), rangeEnd: bytes("b") },
  );
  assert.deepEqual(decodeRangeRequest(node("null")), { key: new Uint8Array(0) });
  assert.deepEqual(decodeRangeRequest(node(`{"key":[120, null]}`)), { key: Uint8Array.of(120, 0) });
});

Deno.test("field type errors carry Go's messages, first bad field in proto order", () => {
  const cases: [string, string][] = [
    ['"s"', "json: cannot unmarshal string into Go value of type map[string]json.RawMessage"],
    ["[]", "json: cannot unmarshal array into Go value of type map[string]json.RawMessage"],
    ['{"key":5}', "json: cannot unmarshal number into Go value of type []uint8"],
    ['{"key":true}', "json: cannot unmarshal bool into Go value of type []uint8"],
    ['{"key":[120,300]}', "json: cannot unmarshal number 300 into Go value of type uint8"],
    ['{"key":["a"]}', "json: cannot unmarshal string into Go value of type uint8"],
    ['{"key":"eA"}', "illegal base64 data at input byte 0"],
    ['{"limit":true}', "json: cannot unmarshal bool into Go value of type int64"],
    ['{"limit":"1.5"}', "json: cannot unmarshal number 1.5 into Go value of type int64"],
    ['{"limit":""}', "unexpected end of JSON input"],
    ['{"limit":"x"}', "invalid character 'x' looking for beginning of value"],
    [
      '{"limit":9223372036854775808}',
      "json: cannot unmarshal number 9223372036854775808 into Go value of type int64",
    ],
    ['{"limit":{}}', "json: cannot unmarshal object into Go value of type int64"],
    ['{"keys_only":"true"}', "json: cannot unmarshal string into Go value of type bool"],
    ['{"keys_only":1}', "json: cannot unmarshal number into Go value of type bool"],
    [
      '{"sort_order":"ascend"}',
      'unknown value "ascend" for enum etcdserverpb.RangeRequest_SortOrder',
    ],
    [
      '{"sort_order":1.5}',
      "json: cannot unmarshal number 1.5 into Go value of type etcdserverpb.RangeRequest_SortOrder",
    ],
    [
      '{"sort_target":9}',
      "unknown value 9 for enum etcdserverpb.RangeRequest_SortTarget",
    ],
    // key (field 1) is checked before limit (field 3), whatever the JSON order.
    ['{"limit":true,"key":5}', "json: cannot unmarshal number into Go value of type []uint8"],
    [
      '{"limit":9007199254740993}',
      "kubeno: int64 value 9007199254740993 is outside the supported range ±9007199254740991",
    ],
  ];
  for (const [text, message] of cases) rejects(() => decodeRangeRequest(node(text)), message);
});

Deno.test("put and delete", () => {
  assert.deepEqual(
    decodePutRequest(node(`{"key":"eA==","lease":"7","prevKv":true,"ignore_lease":true}`)),
    { key: bytes("x"), value: new Uint8Array(0), lease: 7, prevKv: true, ignoreLease: true },
  );
  assert.deepEqual(
    decodeDeleteRangeRequest(node(`{"key":"eA==","range_end":"AA==","prev_kv":true}`)),
    { key: bytes("x"), rangeEnd: Uint8Array.of(0), prevKv: true },
  );
});

Deno.test("txn: compares with defaults, ops by oneof, nested txns, empty ops", () => {
  const txn = decodeTxnRequest(node(`{
    "compare":[{"key":"eA=="},{"key":"eA==","target":"VALUE","result":3,"value":"MQ==",
                "range_end":"eQ=="}],
    "success":[{"request_range":{"key":"eA=="}},{"requestPut":{"key":"eA==","value":"Mg=="}},
               {"request_delete_range":{"key":"eQ=="}},{"request_txn":{"failure":[{}]}}],
    "failure":[null]}`));
  assert.deepEqual(txn.compare, [
    { key: bytes("x"), target: "VERSION", result: "EQUAL" },
    {
      key: bytes("x"),
      target: "VALUE",
      result: "NOT_EQUAL",
      rangeEnd: bytes("y"),
      value: bytes("1"),
    },
  ]);
  assert.deepEqual(txn.success.slice(0, 3), [
    { requestRange: { key: bytes("x") } },
    { requestPut: { key: bytes("x"), value: bytes("2") } },
    { requestDeleteRange: { key: bytes("y") } },
  ]);
  const nested = txn.success[3]!;
  assert.ok("requestTxn" in nested);
  assert.equal(nested.requestTxn.failure[0], EMPTY_OP);
  assert.equal(txn.failure[0], EMPTY_OP);
  assert.ok(hasEmptyOp(txn));
  assert.ok(!hasEmptyOp(decodeTxnRequest(node("{}"))));
  rejects(
    () => decodeTxnRequest(node('{"success":{}}')),
    "json: cannot unmarshal object into Go value of type []json.RawMessage",
  );
  rejects(
    () => decodeTxnRequest(node('{"compare":[{"target":"BAD"}]}')),
    'unknown value "BAD" for enum etcdserverpb.Compare_CompareTarget',
  );
  const deep = '{"success":[{"request_txn":'.repeat(MAX_TXN_DEPTH + 1) + "{}" +
    "}]}".repeat(MAX_TXN_DEPTH + 1);
  rejects(() => decodeTxnRequest(node(deep)), "etcdserver: too many operations in txn request");
});

Deno.test("compaction and leases (upper-case TTL/ID as etcd's JSON names them)", () => {
  assert.deepEqual(decodeCompactionRequest(node(`{"revision":"5","physical":true}`)), {
    revision: 5,
    physical: true,
  });
  assert.deepEqual(decodeCompactionRequest(node(`{}`)), { revision: 0 });
  assert.deepEqual(decodeLeaseGrantRequest(node(`{"TTL":"30","ID":1000}`)), { ttl: 30, id: 1000 });
  // Lower-case names are unknown fields: etcd ignores them, kubeno refuses them.
  rejects(() => decodeLeaseGrantRequest(node(`{"ttl":30,"id":5}`)), 'json: unknown field "ttl"');
  assert.equal(decodeLeaseId(node(`{"ID":"-3"}`)), -3);
  assert.deepEqual(decodeLeaseTimeToLiveRequest(node(`{"ID":7,"keys":true}`)), {
    id: 7,
    keys: true,
  });
});

Deno.test("watch requests: create, cancel, progress, nothing", () => {
  assert.deepEqual(
    decodeWatchRequest(node(`{"create_request":{"key":"dw==","range_end":"eA==",
      "start_revision":"4","progress_notify":true,"filters":["NODELETE",0,null],"prev_kv":true,
      "watch_id":"9","fragment":true}}`)),
    {
      create: {
        request: {
          key: bytes("w"),
          rangeEnd: bytes("x"),
          startRevision: 4,
          progressNotify: true,
          filters: ["NODELETE", "NOPUT", "NOPUT"],
          prevKv: true,
        },
        watchId: 9,
      },
    },
  );
  assert.deepEqual(decodeWatchRequest(node(`{"cancelRequest":{"watch_id":3}}`)), {
    cancel: { watchId: 3 },
  });
  assert.deepEqual(decodeWatchRequest(node(`{"progress_request":{}}`)), { progress: true });
  rejects(() => decodeWatchRequest(node(`{"bogus":{}}`)), 'json: unknown field "bogus"');
  assert.deepEqual(decodeWatchRequest(node(`{}`)), { none: true });
  rejects(
    () => decodeWatchRequest(node(`{"create_request":{"filters":["X"]}}`)),
    'unknown value "X" for enum etcdserverpb.WatchCreateRequest_FilterType',
  );
});

Deno.test("scalar helpers: absent and null are undefined", () => {
  assert.equal(decodeBytes(undefined), undefined);
  assert.equal(decodeInt64(undefined), undefined);
  assert.equal(decodeInt64(node('"null"')), undefined);
  assert.equal(decodeInt64(node('" 12 "')), 12);
  assert.equal(decodeEnum(node("1"), "T", ["A", "B"]), "B");
  rejects(() => decodeEnum(node("-1"), "T", ["A", "B"]), "unknown value -1 for enum T");
  rejects(
    () => decodeEnum(node("4294967296"), "T", ["A"]),
    "json: cannot unmarshal number 4294967296 into Go value of type T",
  );
});
