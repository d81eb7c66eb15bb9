import assert from "node:assert/strict";
import {
  CHANNEL,
  closedChannel,
  decodeFrame,
  encodeFrame,
  exitCodeStatus,
  failureStatus,
  FrameError,
  negotiateProtocol,
  parseResize,
  statusFrame,
  successStatus,
} from "./exec_channels.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

Deno.test("negotiateProtocol takes the client's first served sub-protocol", () => {
  assert.equal(negotiateProtocol("v5.channel.k8s.io"), "v5.channel.k8s.io");
  assert.equal(
    negotiateProtocol("channel.k8s.io, v4.channel.k8s.io,v5.channel.k8s.io"),
    "v4.channel.k8s.io",
  );
  assert.equal(negotiateProtocol(" v4.base64.channel.k8s.io "), "v4.base64.channel.k8s.io");
  assert.equal(negotiateProtocol("base64.channel.k8s.io, channel.k8s.io"), undefined);
  assert.equal(negotiateProtocol(null), undefined);
  assert.equal(negotiateProtocol(""), undefined);
});

Deno.test("binary protocols put the channel in the first byte", () => {
  const frame = encodeFrame("v5.channel.k8s.io", CHANNEL.stderr, bytes("oops"));
  assert.deepEqual(frame, new Uint8Array([2, ...bytes("oops")]));
  assert.deepEqual(
    decodeFrame("v4.channel.k8s.io", new Uint8Array([0, 104, 105]).buffer),
    { channel: 0, payload: bytes("hi") },
  );
  // An empty payload is a valid frame (kubectl never sends one, but nothing breaks).
  assert.deepEqual(decodeFrame("v5.channel.k8s.io", new Uint8Array([1]).buffer), {
    channel: 1,
    payload: new Uint8Array(0),
  });
});

Deno.test("base64 protocol: a channel digit then base64, round trip of every byte value", () => {
  const all = new Uint8Array(256).map((_, i) => i);
  const frame = encodeFrame("v4.base64.channel.k8s.io", CHANNEL.stdout, all);
  assert.equal(typeof frame, "string");
  assert.equal((frame as string)[0], "1");
  assert.deepEqual(decodeFrame("v4.base64.channel.k8s.io", frame as string), {
    channel: 1,
    payload: all,
  });
  assert.equal(encodeFrame("v4.base64.channel.k8s.io", 0, bytes("hi")), "0aGk=");
});

Deno.test("frames of the wrong kind or shape are FrameErrors", () => {
  assert.throws(() => decodeFrame("v5.channel.k8s.io", "0aGk="), FrameError);
  assert.throws(() => decodeFrame("v4.base64.channel.k8s.io", new ArrayBuffer(2)), FrameError);
  assert.throws(() => decodeFrame("v4.base64.channel.k8s.io", "x"), FrameError);
  assert.throws(() => decodeFrame("v4.base64.channel.k8s.io", "0!!!"), FrameError);
  assert.throws(() => decodeFrame("v5.channel.k8s.io", new ArrayBuffer(0)), FrameError);
  assert.throws(() => encodeFrame("v5.channel.k8s.io", 256, bytes("")), RangeError);
  assert.throws(() => encodeFrame("v4.base64.channel.k8s.io", 255, bytes("")), RangeError);
});

Deno.test("the v5 close signal names a channel; v4 has none", () => {
  const close = decodeFrame("v5.channel.k8s.io", new Uint8Array([255, 0]).buffer);
  assert.equal(closedChannel("v5.channel.k8s.io", close), CHANNEL.stdin);
  const data = decodeFrame("v5.channel.k8s.io", new Uint8Array([0, 255]).buffer);
  assert.equal(closedChannel("v5.channel.k8s.io", data), undefined);
  // Under v4, 255 is just an unknown channel.
  const v4 = decodeFrame("v4.channel.k8s.io", new Uint8Array([255, 0]).buffer);
  assert.equal(closedChannel("v4.channel.k8s.io", v4), undefined);
  assert.throws(
    () =>
      closedChannel(
        "v5.channel.k8s.io",
        decodeFrame("v5.channel.k8s.io", new Uint8Array([255]).buffer),
      ),
    FrameError,
  );
});

Deno.test("parseResize reads kubectl's terminal size and refuses anything else", () => {
  assert.deepEqual(parseResize(bytes('{"Width":80,"Height":24}')), { width: 80, height: 24 });
  for (
    const bad of ["", "{", '{"Width":80}', '{"Width":-1,"Height":2}', '{"Width":1.5,"Height":2}']
  ) {
    assert.throws(() => parseResize(bytes(bad)), FrameError, bad);
  }
});

Deno.test("the error channel carries the Status kubectl decodes", () => {
  assert.deepEqual(successStatus(), { metadata: {}, status: "Success" });
  const exit = exitCodeStatus(["sh", "-c", "exit 3"], 3);
  assert.equal(exit.status, "Failure");
  assert.equal(exit.reason, "NonZeroExitCode");
  // client-go reads the code from the cause whose type (JSON "reason") is ExitCode.
  assert.deepEqual(exit.details, { causes: [{ reason: "ExitCode", message: "3" }] });
  assert.equal(
    exit.message,
    "command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3",
  );
  assert.deepEqual(failureStatus("no", 400), {
    metadata: {},
    status: "Failure",
    message: "no",
    reason: "BadRequest",
    code: 400,
  });
  assert.equal(failureStatus("gone", 404).reason, "NotFound");
  assert.equal(failureStatus("x", 503, "ServiceUnavailable").reason, "ServiceUnavailable");
  const frame = statusFrame("v5.channel.k8s.io", successStatus()) as Uint8Array;
  assert.equal(frame[0], CHANNEL.error);
  assert.deepEqual(JSON.parse(new TextDecoder().decode(frame.subarray(1))), successStatus());
});
