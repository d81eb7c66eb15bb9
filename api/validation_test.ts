import assert from "node:assert/strict";
import fc from "fast-check";
import {
  aggregateMessage,
  annotationsSize,
  compareBytes,
  duplicate,
  FieldError,
  fieldErrorsMessage,
  forbidden,
  generateName,
  goJSON,
  goQuote,
  internalError,
  invalid,
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isLabelKey,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  maskTrailingDash,
  MAX_GENERATED_NAME_LENGTH,
  NAME_SUFFIX_ALPHABET,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  notFound,
  notSupported,
  randomString,
  required,
  safeEncodeString,
  tooLong,
  tooMany,
  TOTAL_ANNOTATION_SIZE_LIMIT_B,
  utf8Length,
  validateAnnotations,
  validateLabels,
} from "./validation.ts";

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_1123_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const LABEL_1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function good(fn: (v: string) => string[], values: string[]): void {
  for (const v of values) assert.deepEqual(fn(v), [], `${fn.name}(${JSON.stringify(v)})`);
}

function bad(fn: (v: string) => string[], values: string[]): void {
  for (const v of values) assert.notEqual(fn(v).length, 0, `${fn.name}(${JSON.stringify(v)})`);
}

Deno.test("validation: isDNS1123Label", () => {
  good(isDNS1123Label, [
    "a",
    "ab",
    "abc",
    "a1",
    "a-1",
    "a--1--2--b",
    "0",
    "01",
    "012",
    "1a",
    "1-a",
    "1--a--b--2",
    "a".repeat(63),
  ]);
  bad(isDNS1123Label, [
    ..."|A|ABC|aBc|A1|A-1|1-A|-|a-|-a|1-|-1|_|a_|_a|a_b|1_|_1|1_2|.|a.|.a|a.b|1.|.1|1.2".split("|"),
    ..." |a | a|a b|1 | 1|1 2".split("|"),
    "a".repeat(64),
  ]);
  assert.deepEqual(isDNS1123Label("a.b"), ["must not contain dots"]);
  assert.deepEqual(isDNS1123Label("My-Name"), [LABEL_1123_MSG]);
  assert.deepEqual(isDNS1123Label("a".repeat(64)), ["must be no more than 63 characters"]);
  assert.deepEqual(isDNS1123Label("-".repeat(64)), [
    "must be no more than 63 characters",
    LABEL_1123_MSG,
  ]);
});

Deno.test("validation: isDNS1123Subdomain", () => {
  good(isDNS1123Subdomain, [
    ..."a|ab|abc|a1|a-1|a--1--2--b|0|01|012|1a|1-a|1--a--b--2".split("|"),
    ..."a.a|ab.a|abc.a|a1.a|a-1.a|a--1--2--b.a|a.1|ab.1|abc.1|a1.1|a-1.1|a--1--2--b.1".split("|"),
    ..."0.a|01.a|012.a|1a.a|1-a.a|0.1|01.1|012.1|1a.1|1-a.1|1--a--b--2.1".split("|"),
    "a.b.c.d.e",
    "aa.bb.cc.dd.ee",
    "1.2.3.4.5",
    "11.22.33.44.55",
    "a".repeat(253),
  ]);
  bad(isDNS1123Subdomain, [
    ..."|A|ABC|aBc|A1|A-1|1-A|-|a-|-a|1-|-1|_|a_|_a|a_b|1_|_1|1_2|.|a.|.a|a..b|1.|.1|1..2".split(
      "|",
    ),
    ..." |a | a|a b|1 | 1|1 2".split("|"),
    ..."A.a|aB.a|ab.A|A1.a|a1.A|A.1|aB.1|A1.1|1A.1|0.A|01.A|012.A|1A.a|1a.A".split("|"),
    ..."A.B.C.D.E|AA.BB.CC.DD.EE|a.B.c.d.e|aa.bB.cc.dd.ee".split("|"),
    ..."a@b|a,b|a_b|a;b|a:b|a%b|a?b|a$b".split("|"),
    "a".repeat(254),
  ]);
  assert.deepEqual(isDNS1123Subdomain("Foo"), [SUBDOMAIN_MSG]);
  assert.deepEqual(isDNS1123Subdomain("a".repeat(254)), ["must be no more than 253 characters"]);
  assert.deepEqual(isDNS1123Subdomain("A".repeat(254)), [
    "must be no more than 253 characters",
    SUBDOMAIN_MSG,
  ]);
});

Deno.test("validation: isDNS1035Label", () => {
  good(isDNS1035Label, ["a", "ab", "abc", "a1", "a-1", "a--1--2--b", "a".repeat(63)]);
  bad(isDNS1035Label, [
    ..."0|01|012|1a|1-a|1--a--b--2".split("|"),
    ..."|A|ABC|aBc|A1|A-1|1-A|-|a-|-a|1-|-1|_|a_|_a|a_b|1_|_1|1_2|.|a.|.a|a.b|1.|.1|1.2".split("|"),
    ..." |a | a|a b|1 | 1|1 2".split("|"),
    "a".repeat(64),
  ]);
  assert.deepEqual(isDNS1035Label("1abc"), [LABEL_1035_MSG]);
});

Deno.test("validation: isQualifiedName (label keys)", () => {
  good(isQualifiedName, [
    "simple",
    "now-with-dashes",
    "1-starts-with-num",
    "1234",
    "simple/simple",
    "now-with-dashes/simple",
    "now-with-dashes/now-with-dashes",
    "now.with.dots/simple",
    "now-with.dashes-and.dots/simple",
    "1-num.2-num/3-num",
    "1234/5678",
    "1.2.3.4/5678",
    "Uppercase_Is_OK_123",
    "example.com/Uppercase_Is_OK_123",
    "requests.storage-foo",
    "a".repeat(63),
    "a".repeat(253) + "/" + "b".repeat(63),
  ]);
  bad(isQualifiedName, [
    "nospecialchars%^=@",
    "cantendwithadash-",
    "-cantstartwithadash-",
    "only/one/slash",
    "Example.com/abc",
    "example_com/abc",
    "example.com/",
    "/simple",
    "a".repeat(64),
    "a".repeat(254) + "/abc",
  ]);
  assert.equal(isLabelKey, isQualifiedName);
  assert.deepEqual(isQualifiedName("-x"), [NAME_PART_MSG]);
  assert.deepEqual(isQualifiedName("example.com/"), ["name part must be non-empty", NAME_PART_MSG]);
  assert.deepEqual(isQualifiedName("/simple"), ["prefix part must be non-empty"]);
  assert.deepEqual(isQualifiedName("Example.com/abc"), ["prefix part " + SUBDOMAIN_MSG]);
  assert.deepEqual(isQualifiedName("a".repeat(64)), ["name part must be no more than 63 bytes"]);
  assert.deepEqual(isQualifiedName("a/b/c"), [
    "a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
  ]);
  assert.deepEqual(isQualifiedName("a".repeat(254) + "/abc"), [
    "prefix part must be no more than 253 characters",
  ]);
});

Deno.test("validation: isValidLabelValue", () => {
  good(isValidLabelValue, [
    "simple",
    "now-with-dashes",
    "1-starts-with-num",
    "end-with-num-1",
    "1234",
    "a".repeat(63),
    "",
  ]);
  bad(isValidLabelValue, [
    "nospecialchars%^=@",
    "Tama-nui-te-rā.is.Māori.sun",
    "\\backslashes\\are\\bad",
    "-starts-with-dash",
    "ends-with-dash-",
    ".starts.with.dot",
    "ends.with.dot.",
    "a".repeat(64),
  ]);
  assert.deepEqual(isValidLabelValue("a b"), [LABEL_VALUE_MSG]);
  assert.deepEqual(isValidLabelValue("a".repeat(64)), ["must be no more than 63 bytes"]);
  // Bytes, not characters: 32 two-byte letters are 64 bytes.
  assert.deepEqual(isValidLabelValue("é".repeat(32)), [
    "must be no more than 63 bytes",
    LABEL_VALUE_MSG,
  ]);
});

Deno.test("validation: ports, config map keys, env var names", () => {
  for (const p of [1, 2, 1000, 16384, 32768, 65535]) assert.deepEqual(isValidPortNum(p), []);
  for (const p of [0, -1, 65536, 100000, 1.5]) {
    assert.deepEqual(isValidPortNum(p), ["must be between 1 and 65535, inclusive"]);
  }
  good(isValidPortName, [
    "telnet",
    "re-mail-ck",
    "pop3",
    "a",
    "a-1",
    "1-a",
    "a-1-b-2-c",
    "1-a-2-b-3",
  ]);
  bad(isValidPortName, [
    "longerthan15characters",
    "",
    "a".repeat(16),
    "12345",
    "1-2-3-4",
    "-begin",
    "end-",
    "two--hyphens",
    "whois++",
  ]);
  assert.deepEqual(isValidPortName("-a--b"), [
    "must not contain consecutive hyphens",
    "must not begin or end with a hyphen",
  ]);
  good(isConfigMapKey, [
    "a",
    "good",
    "good-good",
    "still.good",
    "this.is.also.good",
    ".so.is.this",
    "THIS_IS_GOOD",
    "so_is_this_17",
  ]);
  bad(isConfigMapKey, [".", "..", "..bad", "b*d", "bad!&bad"]);
  assert.deepEqual(isConfigMapKey(".."), ["must not be '..'"]);
  good(isEnvVarName, ["A", "ABC", "AbC_123", "_123", "abc", "a.b", "a-b", "-a"]);
  bad(isEnvVarName, ["1ABC", "a b", "a=b", "..", "..a", "."]);
});

Deno.test("validation: object name functions and maskTrailingDash", () => {
  assert.equal(maskTrailingDash("ab-"), "aa");
  assert.equal(maskTrailingDash("a-"), "a");
  assert.equal(maskTrailingDash("-"), "-");
  assert.equal(maskTrailingDash("abc"), "abc");
  assert.deepEqual(nameIsDNSSubdomain("web-", true), []);
  assert.deepEqual(nameIsDNSSubdomain("web-", false), [SUBDOMAIN_MSG]);
  assert.deepEqual(nameIsDNSLabel("web-", true), []);
  assert.deepEqual(nameIsDNSLabel("a.b", false), ["must not contain dots"]);
  assert.deepEqual(nameIsDNS1035Label("svc-", true), []);
  assert.deepEqual(nameIsDNS1035Label("1svc", false), [LABEL_1035_MSG]);
});

Deno.test("validation: labels and annotations maps", () => {
  assert.deepEqual(validateLabels(undefined, "metadata.labels"), []);
  assert.deepEqual(validateLabels({ app: "web", "example.com/tier": "" }, "metadata.labels"), []);
  assert.deepEqual(
    validateLabels({ "b b": "ok", a: "-bad" }, "metadata.labels").map((e) => e.message),
    [
      `metadata.labels: Invalid value: "-bad": ${LABEL_VALUE_MSG}`,
      `metadata.labels: Invalid value: "b b": ${NAME_PART_MSG}`,
    ],
  );
  assert.deepEqual(validateAnnotations({ "Example.COM/Key": "x" }, "metadata.annotations"), []);
  assert.deepEqual(
    validateAnnotations({ "a/b/c": "x" }, "metadata.annotations").map((e) => e.field),
    ["metadata.annotations"],
  );
  const atLimit = { a: "x".repeat(TOTAL_ANNOTATION_SIZE_LIMIT_B - 1) };
  assert.equal(annotationsSize(atLimit), 262144);
  assert.deepEqual(validateAnnotations(atLimit, "metadata.annotations"), []);
  const over = { a: "x".repeat(TOTAL_ANNOTATION_SIZE_LIMIT_B) };
  const errs = validateAnnotations(over, "metadata.annotations");
  assert.deepEqual(errs.map((e) => e.message), [
    "metadata.annotations: Too long: may not be more than 262144 bytes",
  ]);
  assert.equal(errs[0]?.type, "FieldValueTooLong");
  assert.equal(annotationsSize({ "é": "日本" }), 2 + 6);
});

Deno.test("validation: field error formatting", () => {
  const cases: [FieldError, string][] = [
    [
      required("metadata.name", "name or generateName is required"),
      "metadata.name: Required value: name or generateName is required",
    ],
    [
      invalid("spec.replicas", -1, "must be greater than or equal to 0"),
      "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
    ],
    [invalid("metadata.name", "Foo", "x"), 'metadata.name: Invalid value: "Foo": x'],
    [invalid("spec.x", true, ""), "spec.x: Invalid value: true"],
    [
      invalid("spec.values", ["a", "<b>"], "d"),
      'spec.values: Invalid value: ["a","\\u003cb\\u003e"]: d',
    ],
    [invalid("spec.values", null, "d"), "spec.values: Invalid value: null: d"],
    [invalid("spec.obj", { b: 1, a: "x" }, "d"), 'spec.obj: Invalid value: {"a":"x","b":1}: d'],
    [
      notSupported("spec.restartPolicy", "Sometimes", ["Always", "OnFailure", "Never"]),
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ],
    [notSupported("f", "x", []), 'f: Unsupported value: "x"'],
    [forbidden("spec.x", "may not be set"), "spec.x: Forbidden: may not be set"],
    [duplicate("spec.ports[1].name", "http"), 'spec.ports[1].name: Duplicate value: "http"'],
    [notFound("spec.volumes[0]", "v"), 'spec.volumes[0]: Not found: "v"'],
    [
      tooLong("metadata.annotations", 1),
      "metadata.annotations: Too long: may not be more than 1 byte",
    ],
    [tooLong("x", -1), "x: Too long: value is too long"],
    [tooMany("spec.items", 5, 1), "spec.items: Too many: 5: must have at most 1 item"],
    [tooMany("spec.items", -1, 3), "spec.items: Too many: must have at most 3 items"],
    [internalError("spec", "boom"), "spec: Internal error: boom"],
    [invalid("<nil>", "a\tb", "d"), '<nil>: Invalid value: "a\\tb": d'],
  ];
  for (const [e, want] of cases) {
    assert.equal(e.message, want);
    assert.equal(String(e), want);
  }
  assert.equal(required("a", "d").body, "Required value: d");
  assert.equal(aggregateMessage([]), "");
  assert.equal(aggregateMessage(["a"]), "a");
  assert.equal(aggregateMessage(["a", "b", "a"]), "[a, b]");
  assert.equal(aggregateMessage(["a", "a"]), "a");
  assert.equal(
    fieldErrorsMessage([required("a", ""), required("b", ""), required("a", "")]),
    "[a: Required value, b: Required value]",
  );
});

Deno.test("validation: Go quoting and JSON", () => {
  assert.equal(goQuote('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(goQuote("\n\t\r\x07\b\f\v"), '"\\n\\t\\r\\a\\b\\f\\v"');
  assert.equal(goQuote("\x00\x1f\x7f"), '"\\x00\\x1f\\x7f"');
  assert.equal(goQuote("é 日本 😀"), '"é 日本 😀"');
  assert.equal(goQuote("\u00a0\u200b"), '"\\u00a0\\u200b"');
  assert.equal(goQuote("\u{e0001}"), '"\\U000e0001"');
  assert.equal(
    goJSON(["a<b", "é", "\u2028", "\x01", 'q"', "&>"]),
    '["a\\u003cb","é","\\u2028","\\u0001","q\\"","\\u0026\\u003e"]',
  );
  assert.equal(goJSON([]), "[]");
  assert.equal(goJSON(new Map<string, unknown>([["b", 1], ["a", [true]]])), '{"a":[true],"b":1}');
  assert.equal(goJSON(undefined), "null");
});

Deno.test("validation: byte length and byte order", () => {
  assert.equal(utf8Length(""), 0);
  assert.equal(utf8Length("a"), 1);
  assert.equal(utf8Length("é"), 2);
  assert.equal(utf8Length("日"), 3);
  assert.equal(utf8Length("😀"), 4);
  assert.equal(utf8Length("\ud800"), 3);
  assert.deepEqual(
    ["😀", "\uffff", "é", "b", "a", "B", "ab", ""].sort(compareBytes),
    ["", "B", "a", "ab", "b", "é", "\uffff", "😀"],
  );
  fc.assert(
    fc.property(
      fc.string({ unit: "binary", maxLength: 12 }),
      fc.string({ unit: "binary", maxLength: 12 }),
      (a, b) => {
        const ea = new TextEncoder().encode(a);
        const eb = new TextEncoder().encode(b);
        assert.equal(utf8Length(a), ea.length);
        let want = 0;
        for (let i = 0; i < Math.min(ea.length, eb.length) && want === 0; i++) {
          want = Math.sign((ea[i] ?? 0) - (eb[i] ?? 0));
        }
        if (want === 0) want = Math.sign(ea.length - eb.length);
        assert.equal(compareBytes(a, b), want);
      },
    ),
  );
});

Deno.test("validation: generateName", () => {
  assert.equal(MAX_GENERATED_NAME_LENGTH, 58);
  assert.equal(NAME_SUFFIX_ALPHABET, "bcdfghjklmnpqrstvwxz2456789");
  const seq = (...xs: number[]) => {
    let i = 0;
    return () => xs[i++ % xs.length] ?? 0;
  };
  assert.equal(generateName("web-", seq(0)), "web-bbbbb");
  assert.equal(generateName("web-", seq(0.9999999)), "web-99999");
  assert.equal(generateName("web-", seq(0, 1 / 27, 2 / 27, 26 / 27, 0.5)), "web-bcd9r");
  assert.equal(randomString(3, seq(1)), "999", "a source returning 1 stays in range");
  const long = "x".repeat(100);
  const name = generateName(long);
  assert.equal(name.length, 63);
  assert.ok(name.startsWith("x".repeat(58)));
  assert.match(name.slice(58), /^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  assert.deepEqual(isDNS1123Subdomain(generateName("a".repeat(300) + "-")), []);
  assert.equal(generateName("é".repeat(40), seq(0)), "é".repeat(29) + "bbbbb");
  assert.equal(safeEncodeString("abc"), "vwx");
  fc.assert(
    fc.property(fc.string({ maxLength: 80 }), (base) => {
      const n = generateName(base);
      assert.ok(utf8Length(n) <= 63 && n.length >= 5);
      assert.match(n.slice(-5), /^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    }),
  );
});
