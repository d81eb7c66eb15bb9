import assert from "node:assert/strict";
import {
  CompactedError,
  FutureRevisionError,
  InvalidRequest,
  InvalidRequestError,
  KeyNotFoundError,
  LeaseExistsError,
  LeaseNotFoundError,
  LeaseTtlTooLargeError,
  NotPrimaryError,
  QuotaExceededError,
} from "../mvcc/mod.ts";
import { TimeoutError, UnavailableError } from "../backend.ts";
import {
  BadRequestError,
  errorBody,
  errorResponse,
  firstRequestError,
  httpStatusFromCode,
  MessageTooLargeError,
  plainResponse,
  RequestTooLargeError,
  streamErrorChunk,
  toGatewayError,
} from "./errors.ts";

Deno.test("store errors map to etcd's gRPC code, message and HTTP status", () => {
  const cases: [unknown, number, string, number][] = [
    [new CompactedError(5), 11, "etcdserver: mvcc: required revision has been compacted", 400],
    [
      new FutureRevisionError(3),
      11,
      "etcdserver: mvcc: required revision is a future revision",
      400,
    ],
    [new LeaseNotFoundError(1), 5, "etcdserver: requested lease not found", 404],
    [new LeaseExistsError(1), 9, "etcdserver: lease already exists", 412],
    [new LeaseTtlTooLargeError(), 11, "etcdserver: too large lease TTL", 400],
    [new KeyNotFoundError(), 3, "etcdserver: key not found", 400],
    [new InvalidRequestError(InvalidRequest.emptyKey), 3, "etcdserver: key is not provided", 400],
    [new QuotaExceededError(1, 2), 8, "etcdserver: mvcc: database space exceeded", 429],
    [new NotPrimaryError(), 14, "etcdserver: not primary lessor", 503],
    [new UnavailableError(), 14, "etcdserver: no leader", 503],
    [new TimeoutError(), 14, "etcdserver: request timed out", 503],
    [new RequestTooLargeError(), 3, "etcdserver: request is too large", 400],
    [new MessageTooLargeError(9, 8), 8, "grpc: received message larger than max (9 vs. 8)", 429],
    [new BadRequestError("bad"), 3, "bad", 400],
    [new Error("boom"), 2, "boom", 500],
    ["odd", 2, "odd", 500],
  ];
  for (const [error, code, message, status] of cases) {
    assert.deepEqual(toGatewayError(error), { code, message, httpStatus: status }, String(error));
  }
});

Deno.test("grpc-gateway v1's HTTP statuses", () => {
  const expected = [
    200,
    408,
    500,
    400,
    504,
    404,
    409,
    403,
    429,
    412,
    409,
    400,
    501,
    500,
    503,
    500,
    401,
  ];
  assert.deepEqual(expected.map((_, code) => httpStatusFromCode(code)), expected);
  assert.equal(httpStatusFromCode(99), 500);
});

Deno.test("error bodies: error, message, code; stream chunks; plain 404/405", async () => {
  assert.equal(
    errorBody({ code: 3, message: "invalid character '<'" }),
    `{"error":"invalid character '\\u003c'","message":"invalid character '\\u003c'","code":3}`,
  );
  const res = errorResponse(new CompactedError(5));
  assert.equal(res.status, 400);
  assert.equal(res.headers.get("content-type"), "application/json");
  assert.equal(res.headers.get("access-control-allow-origin"), "*");
  assert.equal(
    await res.text(),
    `{"error":"etcdserver: mvcc: required revision has been compacted","message":"etcdserver: ` +
      `mvcc: required revision has been compacted","code":11}`,
  );
  const first = firstRequestError(new BadRequestError("illegal base64 data at input byte 0"));
  assert.equal(first.status, 500);
  assert.equal(
    await first.text(),
    `{"error":"illegal base64 data at input byte 0","message":"illegal base64 data at input ` +
      `byte 0","code":2}`,
  );
  assert.equal(
    streamErrorChunk({ code: 14, message: "etcdserver: no leader" }),
    `{"error":{"grpc_code":14,"http_code":503,"message":"etcdserver: no leader",` +
      `"http_status":"Service Unavailable"}}`,
  );
  const notFound = plainResponse(404);
  assert.equal(notFound.headers.get("content-type"), "text/plain; charset=utf-8");
  assert.equal(await notFound.text(), "Not Found\n");
  assert.equal(await plainResponse(405).text(), "Method Not Allowed\n");
});
