import assert from "node:assert/strict";
import fc from "fast-check";
import {
  goJsonString,
  GoJsonSyntaxError,
  goQuote,
  type JsonNode,
  MAX_JSON_DEPTH,
  parseJsonDocument,
  quoteChar,
  readJsonValue,
} from "./go_json.ts";

const enc = new TextEncoder();

/** The error Go's json.Decoder gives for the first value of `text`. */
function decoderError(text: string): string | undefined {
  try {
    readJsonValue(enc.encode(text), 0, true);
    return undefined;
  } catch (error) {
    assert.ok(error instanceof GoJsonSyntaxError);
    return error.message;
  }
}

function documentError(text: string): string | undefined {
  try {
    parseJsonDocument(text);
    return undefined;
  } catch (error) {
    assert.ok(error instanceof GoJsonSyntaxError);
    return error.message;
  }
}

/** Plain JS value of a node, for comparisons with JSON.parse. */
function plain(node: JsonNode): unknown {
  switch (node.kind) {
    case "object":
      return Object.fromEntries([...node.fields].map(([k, v]) => [k, plain(v)]));
    case "array":
      return node.items.map(plain);
    case "string":
      return node.value;
    case "number":
      return Number(node.raw);
    case "bool":
      return node.value;
    case "null":
      return null;
  }
}

Deno.test("json.Decoder syntax errors match Go's messages (observed on etcd 3.4.23)", () => {
  const cases: [string, string | undefined][] = [
    ['{"key":', "unexpected EOF"],
    ['{"key":tru}', "invalid character '}' in literal true (expecting 'e')"],
    ['{"key":nul}', "invalid character '}' in literal null (expecting 'l')"],
    ['{"key":fals', "unexpected EOF"],
    ['{"key":"e', "unexpected EOF"],
    ['{"key":"a\tb"}', "invalid character '\\t' in string literal"],
    ['{"key":"\\q"}', "invalid character 'q' in string escape code"],
    ['{"key":"\\u00zz"}', "invalid character 'z' in \\u hexadecimal character escape"],
    ['{"key":"eA=="', "unexpected EOF"],
    ['{"key":"eA==",}', "invalid character '}' looking for beginning of object key string"],
    ['{"key" "eA=="}', "invalid character '\"' after object key"],
    ['{"key":01}', "invalid character '1' after object key:value pair"],
    ['{"key":-}', "invalid character '}' in numeric literal"],
    ['{"key":1.}', "invalid character '}' after decimal point in numeric literal"],
    ['{"key":1e}', "invalid character '}' in exponent of numeric literal"],
    ['{"key":[1,]}', "invalid character ']' looking for beginning of value"],
    ['{"key":[1 2]}', "invalid character '2' after array element"],
    ['{"key":"eA==" ]', "invalid character ']' after object key:value pair"],
    ["{bad", "invalid character 'b' looking for beginning of object key string"],
    ["x", "invalid character 'x' looking for beginning of value"],
    ["{'key':1}", "invalid character '\\'' looking for beginning of object key string"],
    ['{"key":\u0001}', "invalid character '\\x01' looking for beginning of value"],
    ['{"key":é}', "invalid character 'Ã' looking for beginning of value"],
    ['{"key":"eA=="} trailing', undefined],
    ["5 ", undefined],
    ["-", "unexpected EOF"],
  ];
  for (const [text, message] of cases) assert.equal(decoderError(text), message, text);
});

Deno.test("json.Unmarshal syntax check: end of input and top-level trailers", () => {
  assert.equal(documentError(""), "unexpected end of JSON input");
  assert.equal(documentError(" "), "unexpected end of JSON input");
  assert.equal(documentError("1 2"), "invalid character '2' after top-level value");
  assert.equal(documentError(" 1 "), undefined);
  assert.equal(documentError("-"), "invalid character ' ' in numeric literal");
  assert.equal(documentError("1."), "invalid character ' ' after decimal point in numeric literal");
  assert.equal(documentError("1e+"), "invalid character ' ' in exponent of numeric literal");
  assert.equal(documentError("tru"), "invalid character ' ' in literal true (expecting 'e')");
  assert.equal(documentError('"abc'), "unexpected end of JSON input");
  assert.equal(documentError("[1"), "unexpected end of JSON input");
  assert.equal(documentError('"\\'), "invalid character ' ' in string escape code");
});

Deno.test("values: numbers raw, strings unescaped, duplicate keys last wins", () => {
  const text = ' {"a":"x\\u0041\\n","b":-1.5e3,"a":"y","c":[true,null]} ';
  const r = readJsonValue(enc.encode(text), 0, true);
  assert.equal(r.kind, "value");
  if (r.kind !== "value") return;
  assert.equal(r.end, text.length - 1);
  assert.ok(r.node.kind === "object");
  const a = r.node.fields.get("a");
  assert.deepEqual(a, { kind: "string", value: "y", raw: "y" });
  assert.deepEqual(r.node.fields.get("b"), { kind: "number", raw: "-1.5e3" });
  const s = readJsonValue(enc.encode('"x\\u0041\\ud83d\\ude00\\ud800"'), 0, true);
  assert.ok(s.kind === "value" && s.node.kind === "string");
  assert.equal(s.node.value, "xA😀\ufffd");
  assert.equal(s.node.raw, "x\\u0041\\ud83d\\ude00\\ud800");
});

Deno.test("stream reading: more input, consecutive values, eof", () => {
  const text = enc.encode('{"a":1} {"b":[2]}\n 7');
  let r = readJsonValue(text.subarray(0, 5), 0, false);
  assert.equal(r.kind, "more");
  r = readJsonValue(text, 0, false);
  assert.ok(r.kind === "value");
  const second = readJsonValue(text, r.end, false);
  assert.ok(second.kind === "value");
  // A top-level number is only complete at a delimiter or the end of input.
  assert.equal(readJsonValue(text, second.end, false).kind, "more");
  const third = readJsonValue(text, second.end, true);
  assert.ok(third.kind === "value" && third.node.kind === "number" && third.node.raw === "7");
  assert.deepEqual(readJsonValue(text, third.end, true), { kind: "eof" });
  assert.deepEqual(readJsonValue(enc.encode("  "), 0, false), { kind: "more" });
});

Deno.test("nesting is limited like Go's, without overflowing the stack", () => {
  const ok = "[".repeat(MAX_JSON_DEPTH) + "]".repeat(MAX_JSON_DEPTH);
  assert.equal(decoderError(ok), undefined);
  const deep = "[".repeat(MAX_JSON_DEPTH + 1) + "]".repeat(MAX_JSON_DEPTH + 1);
  assert.equal(decoderError(deep), "invalid character '[' exceeded max depth");
  const objects = '{"a":'.repeat(MAX_JSON_DEPTH + 1);
  assert.equal(decoderError(objects), "invalid character '{' exceeded max depth");
});

Deno.test("parses what JSON.parse parses, to the same value (property)", () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      const text = JSON.stringify(value);
      const r = readJsonValue(enc.encode(text), 0, true);
      assert.ok(r.kind === "value");
      assert.deepEqual(plain(r.node), JSON.parse(text));
      assert.deepEqual(plain(parseJsonDocument(text)), JSON.parse(text));
    }),
  );
});

Deno.test("goJsonString escapes like Go's encoding/json (HTML-safe)", () => {
  assert.equal(goJsonString(`a"b\\c`), `"a\\"b\\\\c"`);
  assert.equal(goJsonString("<&>"), `"\\u003c\\u0026\\u003e"`);
  assert.equal(goJsonString("\n\r\t\b\f\u0001"), `"\\n\\r\\t\\u0008\\u000c\\u0001"`);
  assert.equal(goJsonString("\u2028\u2029é😀"), `"\\u2028\\u2029é😀"`);
  assert.equal(goJsonString("\ud800x"), `"\\ufffdx"`);
  fc.assert(
    fc.property(fc.string({ unit: "grapheme" }), (s) => {
      assert.equal(JSON.parse(goJsonString(s)), s);
    }),
  );
});

Deno.test("goQuote and quoteChar follow strconv.Quote", () => {
  assert.equal(goQuote("BOGUS"), '"BOGUS"');
  assert.equal(goQuote('a"\\\n\u0000é\u00a0'), '"a\\"\\\\\\n\\x00é\\u00a0"');
  assert.equal(quoteChar(0x27), "'\\''");
  assert.equal(quoteChar(0x22), `'"'`);
  assert.equal(quoteChar(0x09), "'\\t'");
  assert.equal(quoteChar(0x7f), "'\\x7f'");
  assert.equal(quoteChar(0xc3), "'Ã'");
  assert.equal(quoteChar(0x85), "'\\u0085'");
});
