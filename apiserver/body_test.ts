import assert from "node:assert/strict";
import { ApiError } from "./errors.ts";
import { decodeObjectBody, MAX_BODY_BYTES, mediaType, readBody } from "./body.ts";

const post = (body: BodyInit, type = "application/json") =>
  new Request("http://x/api/v1/namespaces/default/pods", {
    method: "POST",
    body,
    headers: { "content-type": type },
  });

Deno.test("a body over 3 MiB is refused with 413", async () => {
  await assert.rejects(readBody(post(new Uint8Array(MAX_BODY_BYTES + 1))), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 413);
    assert.equal(error.reason, "RequestEntityTooLarge");
    assert.equal(error.message, "Request entity too large: limit is 3145728");
    return true;
  });
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < 4; i++) controller.enqueue(new Uint8Array(1024 * 1024));
      controller.close();
    },
  });
  await assert.rejects(readBody(post(stream)), /Request entity too large/);
  assert.equal((await readBody(post("{}"))).length, 2);
});

Deno.test("JSON and YAML bodies decode; malformed ones are a 400 with the reason", () => {
  const enc = (text: string) => new TextEncoder().encode(text);
  assert.deepEqual(decodeObjectBody(enc('{"kind":"Pod"}'), "application/json"), { kind: "Pod" });
  assert.deepEqual(decodeObjectBody(enc("kind: Pod\nmetadata: {name: a}\n"), "application/yaml"), {
    kind: "Pod",
    metadata: { name: "a" },
  });
  for (
    const [text, type, message] of [
      ['{"kind":', "application/json", /^the body is not valid JSON: /],
      ["kind: [", "application/yaml", /^error converting YAML to JSON: /],
      ["[1,2]", "application/json", /must be a JSON or YAML object/],
      ["", "application/json", /the request body is empty/],
    ] as const
  ) {
    assert.throws(() => decodeObjectBody(enc(text), type), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.code, 400);
      assert.match(error.message, message);
      return true;
    });
  }
  assert.equal(mediaType(post("{}", "application/json; charset=utf-8")), "application/json");
});

Deno.test("protobuf bodies decode like JSON; malformed ones are a 400 naming the problem", () => {
  const protobuf = "application/vnd.kubernetes.protobuf";
  const body = Deno.readFileSync(
    new URL("../api/protobuf/testdata/kubectl_1.33_configmap.bin", import.meta.url),
  );
  assert.deepEqual(decodeObjectBody(body, protobuf), {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "cm1", creationTimestamp: null },
    data: { a: "b", c: "d" },
  });
  for (
    const [bytes, message] of [
      [body.subarray(0, body.length - 3), /^the protobuf request body could not be decoded: /],
      [new TextEncoder().encode("{}"), /does not start with the Kubernetes magic/],
      [new Uint8Array(), /the request body is empty/],
    ] as const
  ) {
    assert.throws(() => decodeObjectBody(bytes, protobuf), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.code, 400);
      assert.equal(error.reason, "BadRequest");
      assert.match(error.message, message);
      return true;
    });
  }
});
