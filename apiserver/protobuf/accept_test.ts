import assert from "node:assert/strict";
import { ApiError } from "../errors.ts";
import { acceptsOnlyProtobuf, requireJsonAcceptable } from "./accept.ts";

Deno.test("protobuf-only Accept headers are refused with 406; kubectl's is answered in JSON", () => {
  assert.equal(acceptsOnlyProtobuf("application/vnd.kubernetes.protobuf,application/json"), false);
  assert.equal(acceptsOnlyProtobuf(null), false);
  assert.equal(acceptsOnlyProtobuf("*/*"), false);
  assert.equal(
    acceptsOnlyProtobuf("application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io"),
    true,
  );
  const request = new Request("http://x/api/v1/pods", {
    headers: { accept: "application/vnd.kubernetes.protobuf" },
  });
  assert.throws(() => requireJsonAcceptable(request), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 406);
    assert.equal(error.reason, "NotAcceptable");
    return true;
  });
  requireJsonAcceptable(new Request("http://x/", { headers: { accept: "application/json" } }));
});
