import assert from "node:assert/strict";
import fc from "fast-check";
import {
  checkFieldSelector,
  DEFAULT_FIELD_LABELS,
  escapeValue,
  FieldLabelNotSupportedError,
  type FieldRequirement,
  FieldSelector,
  FieldSelectorError,
  unescapeValue,
} from "./fields.ts";

function parseError(s: string): string {
  try {
    FieldSelector.parse(s);
  } catch (e) {
    assert.ok(e instanceof FieldSelectorError, String(e));
    return e.message;
  }
  assert.fail(`${s} parsed`);
}

Deno.test("fields: escape and unescape (TestEscapeValue)", () => {
  const cases: [string, string][] = [
    ["", ""],
    ["a", "a"],
    ["=", "\\="],
    [",", "\\,"],
    ["\\", "\\\\"],
    ["\\=\\,\\", "\\\\\\=\\\\\\,\\\\"],
  ];
  for (const [raw, escaped] of cases) {
    assert.equal(escapeValue(raw), escaped);
    assert.equal(unescapeValue(escaped), raw);
  }
  for (const bad of ["\\", "\\\\\\", "\\a"]) {
    assert.throws(() => unescapeValue(bad), FieldSelectorError);
  }
  assert.throws(() => unescapeValue("\\a"), {
    message: "invalid field selector: invalid escape sequence: \\a",
  });
  assert.throws(() => unescapeValue("ab\\"), {
    message: "invalid field selector: invalid escape sequence: \\",
  });
  assert.throws(() => unescapeValue("a=b"), {
    message: "invalid field selector: unescaped character in value: 61",
  });
  assert.throws(() => unescapeValue("a,b\\"), {
    message: "invalid field selector: unescaped character in value: 44",
  });
});

Deno.test("fields: parse and restring (TestSelectorParse)", () => {
  for (const s of ["x=a,y=b,z=c", "", "x!=a,y=b", "x=a||y\\=b", "x=a\\=\\=b"]) {
    assert.equal(FieldSelector.parse(s).toString(), s);
  }
  for (const s of ["x=a||y=b", "x==a==b", "x=a,b", "x in (a)", "x in (a,b,c)", "x"]) {
    parseError(s);
  }
  assert.equal(
    FieldSelector.parse("x=a,a=x").toString(),
    FieldSelector.parse("a=x,x=a").toString(),
  );
  assert.equal(FieldSelector.parse("x=a,a=x").toString(), "a=x,x=a");
  assert.equal(FieldSelector.parse("b==c").toString(), "b=c");
  assert.equal(FieldSelector.parse("a=b,").toString(), "a=b");
  assert.equal(FieldSelector.parse(",a=b,,").toString(), "a=b");
  assert.equal(FieldSelector.parse("k=\\,,k2=v2").requirements()[1]?.value, ",");
  assert.equal(FieldSelector.parse("함=수,목=록").toString(), "목=록,함=수");
  assert.ok(FieldSelector.parse("=").isEmpty());
  assert.deepEqual(FieldSelector.parse("=x").requirements(), [{
    field: "",
    operator: "=",
    value: "x",
  }]);
  assert.deepEqual(FieldSelector.parse("a!=").requirements(), [{
    field: "a",
    operator: "!=",
    value: "",
  }]);
  // The first operator wins; `!=` is preferred over `=` at the same position.
  assert.equal(parseError("a!==b"), "invalid field selector: unescaped character in value: 61");
  assert.deepEqual(FieldSelector.parse("a!=\\=b").requirements(), [
    { field: "a", operator: "!=", value: "=b" },
  ]);
});

Deno.test("fields: parse error messages", () => {
  assert.equal(parseError("x"), "invalid selector: 'x'; can't understand 'x'");
  assert.equal(
    parseError("a=b,x in (a)"),
    "invalid selector: 'a=b,x in (a)'; can't understand 'x in (a)'",
  );
  assert.equal(parseError("x=a=b"), "invalid field selector: unescaped character in value: 61");
  assert.equal(parseError("x=a\\b"), "invalid field selector: invalid escape sequence: \\b");
  assert.equal(parseError("x=a\\"), "invalid field selector: invalid escape sequence: \\");
});

Deno.test("fields: matching (TestSelectorMatches)", () => {
  const yes: [string, Record<string, string>][] = [
    ["", { x: "y" }],
    ["x=y", { x: "y" }],
    ["x=y,z=w", { x: "y", z: "w" }],
    ["x!=y,z!=w", { x: "z", z: "a" }],
    ["notin=in", { notin: "in" }],
  ];
  const no: [string, Record<string, string>][] = [
    ["x=y", { x: "z" }],
    ["x=y,z=w", { x: "w", z: "w" }],
    ["x!=y,z!=w", { x: "z", z: "w" }],
  ];
  for (const [s, f] of yes) assert.ok(FieldSelector.parse(s).matchesFields(f), s);
  for (const [s, f] of no) assert.ok(!FieldSelector.parse(s).matchesFields(f), s);
  const fieldset = { foo: "bar", baz: "blah", complex: "=value\\,\\" };
  for (
    const s of [
      "foo=bar",
      "baz=blah",
      "foo=bar,baz=blah",
      "foo=bar,baz=blah,complex=\\=value\\\\\\,\\\\",
    ]
  ) {
    assert.ok(FieldSelector.parse(s).matchesFields(fieldset), s);
  }
  for (const s of ["foo=blah", "baz=bar", "foo=bar,foobar=bar,baz=blah"]) {
    assert.ok(!FieldSelector.parse(s).matchesFields(fieldset), s);
  }
  // Absent fields read as "".
  const pod = (f: string) =>
    ({ "metadata.name": "p", "status.phase": "Running" } as Record<string, string>)[f];
  assert.ok(FieldSelector.parse("spec.nodeName=").matches(pod));
  assert.ok(!FieldSelector.parse("spec.nodeName!=").matches(pod));
  assert.ok(FieldSelector.parse("metadata.name=p,status.phase!=Pending").matches(pod));
  assert.ok(!FieldSelector.parse("constructor=x").matchesFields({}));
});

Deno.test("fields: everything, nothing, sets, exact match", () => {
  assert.ok(FieldSelector.everything().matches(() => "y"));
  assert.ok(FieldSelector.everything().isEmpty());
  assert.ok(!FieldSelector.nothing().matches(() => "y"));
  assert.ok(!FieldSelector.nothing().isEmpty());
  assert.ok(FieldSelector.nothing().matchesNothing());
  assert.equal(FieldSelector.nothing().toString(), "");
  const labels = { foo: "bar", baz: "blah" };
  for (const s of [{}, { foo: "bar" }, { baz: "blah" }, { foo: "bar", baz: "blah" }]) {
    assert.ok(FieldSelector.fromSet(s).matchesFields(labels));
  }
  for (
    const s of [{ foo: "=blah" }, { baz: "=bar" }, { foo: "=bar", foobar: "bar", baz: "blah" }]
  ) {
    assert.ok(!FieldSelector.fromSet(s).matchesFields(labels));
  }
  assert.ok(FieldSelector.fromSet(null).isEmpty());
  assert.equal(FieldSelector.fromSet({ b: "1", a: "x,y" }).toString(), "a=x\\,y,b=1");
  assert.ok(FieldSelector.oneTermEqual("x", "y").matchesFields({ x: "y" }));
  assert.ok(!FieldSelector.oneTermEqual("x", "y").matchesFields({ x: "z" }));
  assert.ok(FieldSelector.oneTermNotEqual("x", "y").matchesFields({ x: "z" }));
  assert.equal(
    FieldSelector.and(FieldSelector.oneTermEqual("a", "b"), FieldSelector.oneTermNotEqual("c", "d"))
      .toString(),
    "a=b,c!=d",
  );
  assert.ok(
    FieldSelector.and(FieldSelector.everything(), FieldSelector.nothing()).matchesNothing(),
  );
  assert.ok(FieldSelector.and().isEmpty());

  const exact: [FieldSelector, string, string | undefined][] = [
    [FieldSelector.fromSet({}), "test", undefined],
    [FieldSelector.oneTermEqual("", ""), "test", undefined],
    [FieldSelector.oneTermEqual("a", "b"), "test", undefined],
    [FieldSelector.oneTermEqual("test", "b"), "test", "b"],
    [FieldSelector.oneTermEqual("test", ""), "test", ""],
    [FieldSelector.oneTermNotEqual("test", "b"), "test", undefined],
    [
      FieldSelector.and(
        FieldSelector.oneTermEqual("", ""),
        FieldSelector.oneTermEqual("test", "b"),
      ),
      "test",
      "b",
    ],
    [FieldSelector.parse("metadata.name=x"), "metadata.name", "x"],
  ];
  for (const [s, f, want] of exact) assert.equal(s.requiresExactMatch(f), want, s.toString());
});

Deno.test("fields: transform (TestTransform)", () => {
  const id = (f: string, v: string) => [f, v] as const;
  const cases: [string, (f: string, v: string) => readonly [string, string], string, boolean][] = [
    ["", id, "", true],
    ["a=b,c=d", id, "a=b,c=d", false],
    ["a=b,c=d", (f, v) => (f === "a" ? ["e", "f"] : [f, v]), "e=f,c=d", false],
    ["a=b", () => ["", ""], "", true],
    ["a=b,c=d,e=f", (f, v) => (f === "c" ? ["", ""] : [f, v]), "a=b,e=f", false],
  ];
  for (const [s, fn, want, empty] of cases) {
    const out = FieldSelector.parse(s).transform(fn);
    assert.equal(out.toString(), want);
    assert.equal(out.isEmpty(), empty);
  }
});

Deno.test("fields: per-kind supported field labels", () => {
  const podFields = [
    ...DEFAULT_FIELD_LABELS,
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.schedulerName",
    "spec.serviceAccountName",
    "spec.hostNetwork",
    "status.phase",
    "status.podIP",
    "status.podIPs",
    "status.nominatedNodeName",
  ];
  const aliases = { "spec.host": "spec.nodeName" };
  const ok = checkFieldSelector(
    FieldSelector.parse("spec.host=n1,status.phase=Running"),
    podFields,
    aliases,
  );
  assert.equal(ok.toString(), "spec.nodeName=n1,status.phase=Running");
  assert.throws(
    () =>
      checkFieldSelector(
        FieldSelector.parse("status.phase=Running,foo=bar,zzz=1"),
        podFields,
        aliases,
      ),
    (e: unknown) => {
      assert.ok(e instanceof FieldLabelNotSupportedError);
      assert.equal(e.message, "field label not supported: foo");
      assert.equal(e.field, "foo");
      return true;
    },
  );
  assert.equal(
    checkFieldSelector(FieldSelector.parse("metadata.name=x"), new Set(DEFAULT_FIELD_LABELS))
      .toString(),
    "metadata.name=x",
  );
  assert.ok(checkFieldSelector(FieldSelector.everything(), []).isEmpty());
  assert.ok(checkFieldSelector(FieldSelector.nothing(), []).matchesNothing());
});

// --- properties -------------------------------------------------------------------------------

const valueArb = fc.string({
  unit: fc.constantFrom("a", "b", "=", ",", "\\", "!", " ", "é"),
  maxLength: 8,
});
const fieldArb = fc.constantFrom("metadata.name", "spec.nodeName", "status.phase", "a", "b");

Deno.test("fields: property: escape/unescape round trip", () => {
  fc.assert(fc.property(fc.string(), valueArb, (s, v) => {
    assert.equal(unescapeValue(escapeValue(s)), s);
    assert.equal(unescapeValue(escapeValue(v)), v);
  }));
});

Deno.test("fields: property: toString -> parse preserves matching and is a fixed point", () => {
  const termArb: fc.Arbitrary<FieldRequirement> = fc.record({
    field: fieldArb,
    operator: fc.constantFrom<"=" | "!=">("=", "!="),
    value: valueArb,
  });
  const objArb = fc.dictionary(fieldArb, valueArb, { maxKeys: 5 });
  fc.assert(
    fc.property(
      fc.array(termArb, { maxLength: 5 }),
      fc.array(objArb, { minLength: 4, maxLength: 4 }),
      (terms, objs) => {
        const sel = FieldSelector.fromRequirements(terms);
        const back = FieldSelector.parse(sel.toString());
        assert.equal(FieldSelector.parse(back.toString()).toString(), back.toString());
        for (const o of objs) {
          assert.equal(
            back.matchesFields(o),
            sel.matchesFields(o),
            sel.toString(),
          );
        }
      },
    ),
    { numRuns: 300 },
  );
});
