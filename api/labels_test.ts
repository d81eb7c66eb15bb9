import assert from "node:assert/strict";
import fc from "fast-check";
import {
  formatLabels,
  formatLabelSelector,
  type Labels,
  labelSelectorAsSelector,
  LabelSelectorError,
  newRequirement,
  type Operator,
  type Requirement,
  requirementMatches,
  requirementToString,
  Selector,
  validateLabelSelector,
} from "./labels.ts";

const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const OPS = "in, notin, =, ==, !=, gt, lt";

function req(key: string, operator: Operator, values: string[] = []): Requirement {
  return newRequirement(key, operator, [...values].sort());
}

function parseError(s: string): LabelSelectorError {
  try {
    Selector.parse(s);
  } catch (e) {
    assert.ok(e instanceof LabelSelectorError, `${s}: ${e}`);
    return e;
  }
  assert.fail(`${JSON.stringify(s)} parsed without error`);
}

function thrown(fn: () => unknown): LabelSelectorError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof LabelSelectorError, String(e));
    return e;
  }
  assert.fail("no error thrown");
}

Deno.test("labels: parse and restring (TestSelectorParse)", () => {
  for (
    const s of [
      "x=a,y=b,z=c",
      "",
      "x!=a,y=b",
      "x=",
      "x= ",
      "x=,z= ",
      "x= ,z= ",
      "!x",
      "x>1",
      "x>1,z<5",
    ]
  ) {
    assert.equal(Selector.parse(s).toString(), s.replaceAll(" ", ""), s);
  }
  for (const s of ["x=a||y=b", "x==a==b", "!x=a", "x<a"]) parseError(s);
});

Deno.test("labels: deterministic parse", () => {
  assert.equal(Selector.parse("x=a,a=x").toString(), Selector.parse("a=x,x=a").toString());
  assert.equal(Selector.parse("x=a,a=x").toString(), "a=x,x=a");
});

Deno.test("labels: matching (TestSelectorMatches)", () => {
  const yes: [string, Labels][] = [
    ["", { x: "y" }],
    ["x=y", { x: "y" }],
    ["x=y,z=w", { x: "y", z: "w" }],
    ["x!=y,z!=w", { x: "z", z: "a" }],
    ["notin=in", { notin: "in" }],
    ["x", { x: "z" }],
    ["!x", { y: "z" }],
    ["x>1", { x: "2" }],
    ["x<1", { x: "0" }],
    ["foo=bar", { foo: "bar", baz: "blah" }],
    ["baz=blah", { foo: "bar", baz: "blah" }],
    ["foo=bar,baz=blah", { foo: "bar", baz: "blah" }],
    ["x in (a,b)", { x: "b" }],
    ["x notin (a,b)", {}],
    ["x notin (a,b)", { x: "c" }],
    ["x==y", { x: "y" }],
  ];
  const no: [string, Labels][] = [
    ["x=z", {}],
    ["x=y", { x: "z" }],
    ["x=y,z=w", { x: "w", z: "w" }],
    ["x!=y,z!=w", { x: "z", z: "w" }],
    ["x", { y: "z" }],
    ["!x", { x: "z" }],
    ["x>1", { x: "0" }],
    ["x<1", { x: "2" }],
    ["x>1", { x: "v2" }],
    ["x>1", {}],
    ["foo=blah", { foo: "bar", baz: "blah" }],
    ["baz=bar", { foo: "bar", baz: "blah" }],
    ["foo=bar,foobar=bar,baz=blah", { foo: "bar", baz: "blah" }],
    ["x in (a,b)", { x: "c" }],
    ["x in (a,b)", {}],
    ["x notin (a,b)", { x: "a" }],
    ["constructor", {}],
  ];
  for (const [s, l] of yes) assert.ok(Selector.parse(s).matches(l), `${s} should match`);
  for (const [s, l] of no) assert.ok(!Selector.parse(s).matches(l), `${s} should not match`);
  assert.ok(Selector.parse("").matches(undefined));
  assert.ok(Selector.parse("!x").matches(null));
});

Deno.test("labels: everything, nothing, fromSet", () => {
  assert.ok(Selector.everything().matches({ x: "y" }));
  assert.ok(Selector.everything().isEmpty());
  assert.ok(!Selector.nothing().matches({}));
  assert.ok(!Selector.nothing().isEmpty());
  assert.ok(Selector.nothing().matchesNothing());
  assert.ok(!Selector.everything().matchesNothing());
  assert.equal(Selector.nothing().toString(), "");
  assert.equal(Selector.nothing().add(req("a", "exists")), Selector.nothing());
  for (const s of ["", "a", "!a", "a=b", "a!=b", "a in (b)", "a notin (b)", "a,!a", "a=b,a!=b"]) {
    assert.ok(!Selector.parse(s).matchesNothing(), s);
  }
  const labels = { foo: "bar", baz: "blah" };
  for (const set of [{}, { foo: "bar" }, { baz: "blah" }, { foo: "bar", baz: "blah" }]) {
    assert.ok(Selector.fromSet(set).matches(labels));
  }
  assert.ok(!Selector.fromSet({ foo: "x" }).matches(labels));
  assert.ok(Selector.fromSet(null).isEmpty());
  assert.ok(Selector.fromSet({}).isEmpty());
  assert.ok(Selector.fromSet(undefined, { emptyIsEverything: false }).matchesNothing());
  assert.ok(Selector.fromSet({}, { emptyIsEverything: false }).matchesNothing());
  assert.equal(Selector.fromSet({ app: "foo", a: "b" }).toString(), "a=b,app=foo");
  assert.equal(
    Selector.fromSet({ app: "foo" }, { emptyIsEverything: false }).toString(),
    "app=foo",
  );
});

Deno.test("labels: validatedFromSet", () => {
  assert.equal(Selector.validatedFromSet({ key: "val" }).toString(), "key=val");
  const long = "axahm2EJ8Phiephe2eixohbee9eGeiyees1thuozi1xoh0GiuH3diewi8iem7Nui";
  assert.throws(() => Selector.validatedFromSet({ Key: long }), (e: unknown) => {
    assert.ok(e instanceof LabelSelectorError);
    assert.equal(e.causes.length, 1);
    assert.equal(e.causes[0]?.field, "values[0][Key]");
    assert.equal(
      e.message,
      `values[0][Key]: Invalid value: "${long}": must be no more than 63 bytes`,
    );
    return true;
  });
});

Deno.test("labels: parse errors with Kubernetes' messages", () => {
  const cases: [string, string][] = [
    [
      "x=a||y=b",
      `unable to parse requirement: values[0][x]: Invalid value: "a||y": ${LABEL_VALUE_MSG}`,
    ],
    ["x,,y", "found ',', expected: identifier after ','"],
    [",x,y", "found ',', expected: !, identifier, or 'end of string'"],
    ["a in (xyz),", "found '', expected: identifier after ','"],
    ["a in (xyz)b notin ()", "found 'b', expected: ',' or 'end of string'"],
    ["a in (xyz abc)", "unable to parse requirement: found 'abc', expected: ',' or ')'"],
    ["a notin(", "unable to parse requirement: found '', expected: ',', ')' or identifier"],
    ["a (", `unable to parse requirement: found '(', expected: ${OPS}`],
    ["x !", `unable to parse requirement: found '!', expected: ${OPS}`],
    ["x exists", `unable to parse requirement: found 'exists', expected: ${OPS}`],
    ["(", "found '(', expected: !, identifier, or 'end of string'"],
    ["x nott in (y)", `unable to parse requirement: found 'nott', expected: ${OPS}`],
    ["!x=a", "found '=', expected: ',' or 'end of string'"],
    ["x==a==b", "found '==', expected: ',' or 'end of string'"],
    [
      "x<a",
      `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`,
    ],
    ["-x=a", `unable to parse requirement: <nil>: Invalid value: "-x": ${NAME_PART_MSG}`],
    [
      "app:monolith",
      `unable to parse requirement: <nil>: Invalid value: "app:monolith": ${NAME_PART_MSG}`,
    ],
    [
      "app.kubernetes_io/name=x",
      `unable to parse requirement: <nil>: Invalid value: "app.kubernetes_io/name": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ],
    [
      "a/b/c",
      "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ],
    [
      "x in (a b)",
      "unable to parse requirement: found 'b', expected: ',' or ')'",
    ],
    [
      "x=" + "a".repeat(64),
      `unable to parse requirement: values[0][x]: Invalid value: "${
        "a".repeat(64)
      }": must be no more than 63 bytes`,
    ],
    [
      "x=-" + "a".repeat(63),
      `unable to parse requirement: values[0][x]: Invalid value: "-${
        "a".repeat(63)
      }": must be no more than 63 bytes; ${LABEL_VALUE_MSG}`,
    ],
  ];
  for (const [s, msg] of cases) assert.equal(parseError(s).message, msg, s);
  assert.equal(
    thrown(() => Selector.parse("-x", "spec.selector")).message,
    `unable to parse requirement: spec.selector: Invalid value: "-x": ${NAME_PART_MSG}`,
  );
});

Deno.test("labels: newRequirement validation (TestRequirementConstructor)", () => {
  const cases: [string, string, string[] | null, [string, string][] | null][] = [
    ["x1", "in", null, [["values", "FieldValueInvalid"]]],
    ["x2", "notin", [], [["values", "FieldValueInvalid"]]],
    ["x3", "in", ["foo"], null],
    ["x4", "notin", ["foo"], null],
    ["x5", "=", ["bar", "foo"], [["values", "FieldValueInvalid"]]],
    ["x6", "exists", [], null],
    ["x7", "!", [], null],
    ["x8", "exists", ["foo"], [["values", "FieldValueInvalid"]]],
    ["x9", "in", ["bar"], null],
    ["x11", "gt", ["1"], null],
    ["x12", "lt", ["6"], null],
    ["x13", "gt", [], [["values", "FieldValueInvalid"]]],
    ["x14", "gt", ["bar"], [["values[0]", "FieldValueInvalid"]]],
    ["x15", "lt", ["bar"], [["values[0]", "FieldValueInvalid"]]],
    ["a".repeat(254), "exists", [], [["key", "FieldValueInvalid"]]],
    ["x16", "=", ["a".repeat(254)], [["values[0][x16]", "FieldValueInvalid"]]],
    ["x17", "=", ["a b"], [["values[0][x17]", "FieldValueInvalid"]]],
    ["x18", "unsupportedOp", [], [["operator", "FieldValueNotSupported"]]],
  ];
  for (const [key, op, vals, want] of cases) {
    if (want === null) {
      const r = newRequirement(key, op, vals);
      assert.equal(r.key, key);
      continue;
    }
    assert.throws(() => newRequirement(key, op, vals), (e: unknown) => {
      assert.ok(e instanceof LabelSelectorError);
      assert.deepEqual(e.causes.map((c) => [c.field, c.type]), want, key);
      return true;
    });
  }
  const msg = (key: string, op: string, vals: string[] | null) =>
    thrown(() => newRequirement(key, op, vals)).message;
  assert.equal(
    msg("x", "in", null),
    "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty",
  );
  assert.equal(
    msg("x", "in", []),
    "values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty",
  );
  assert.equal(
    msg("x", "=", ["a", "b"]),
    `values: Invalid value: ["a","b"]: exact-match compatibility requires one single value`,
  );
  assert.equal(
    msg("x", "exists", ["a"]),
    `values: Invalid value: ["a"]: values set must be empty for exists and does not exist`,
  );
  assert.equal(
    msg("x", "Foo", []),
    `operator: Unsupported value: "Foo": supported values: "in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"`,
  );
  assert.equal(
    msg("-x", "in", []),
    `[key: Invalid value: "-x": ${NAME_PART_MSG}, values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty]`,
  );
  assert.equal(
    msg("x", "gt", ["a", "b"]),
    `[values: Invalid value: ["a","b"]: for 'Gt', 'Lt' operators, exactly one value is required, values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer, values[1]: Invalid value: "b": for 'Gt', 'Lt' operators, the value must be an integer]`,
  );
  assert.equal(
    msg("x", "in", ["<a>"]),
    `values[0][x]: Invalid value: "<a>": ${LABEL_VALUE_MSG}`,
  );
  assert.equal(
    thrown(() => newRequirement("x", "in", [], "spec.selector")).causes[0]?.field,
    "spec.selector.values",
  );
});

Deno.test("labels: toString (TestToString)", () => {
  const cases: [Requirement[], string][] = [
    [
      [req("x", "in", ["abc", "def"]), req("y", "notin", ["jkl"]), req("z", "exists")],
      "x in (abc,def),y notin (jkl),z",
    ],
    [
      [req("x", "notin", ["abc", "def"]), req("y", "!=", ["jkl"]), req("z", "!")],
      "x notin (abc,def),y!=jkl,!z",
    ],
    [
      [req("x", "notin", ["abc"]), req("y", "in", ["jkl", "mno"]), req("z", "notin", [""])],
      "x notin (abc),y in (jkl,mno),z notin ()",
    ],
    [
      [req("x", "=", ["abc"]), req("y", "==", ["jkl"]), req("z", "!=", ["a"]), req("z", "exists")],
      "x=abc,y==jkl,z!=a,z",
    ],
    [[req("x", "gt", ["2"]), req("y", "lt", ["8"]), req("z", "exists")], "x>2,y<8,z"],
  ];
  for (const [reqs, want] of cases) assert.equal(Selector.fromRequirements(reqs).toString(), want);
  // Values print sorted without reordering the requirement's own list.
  const r = newRequirement("x", "in", ["b", "a"]);
  assert.equal(requirementToString(r), "x in (a,b)");
  assert.deepEqual(r.values, ["b", "a"]);
});

Deno.test("labels: requirement matching (TestRequirementSelectorMatching)", () => {
  const cases: [Labels, Requirement[], boolean][] = [
    [{ x: "foo", y: "baz" }, [req("x", "in", ["foo"]), req("y", "notin", ["alpha"])], true],
    [{ x: "foo", y: "baz" }, [req("x", "in", ["foo"]), req("y", "in", ["alpha"])], false],
    [{ y: "" }, [req("x", "notin", [""]), req("y", "exists")], true],
    [{ y: "" }, [req("x", "!"), req("y", "exists")], true],
    [{ y: "" }, [req("x", "notin", [""]), req("y", "!")], false],
    [{ y: "baz" }, [req("x", "in", [""])], false],
    [{ z: "2" }, [req("z", "gt", ["1"])], true],
    [{ z: "v2" }, [req("z", "gt", ["1"])], false],
    [{ z: "-5" }, [req("z", "lt", ["1"])], true],
    [{ z: "99999999999999999999" }, [req("z", "gt", ["1"])], false],
  ];
  for (const [labels, reqs, want] of cases) {
    assert.equal(Selector.fromRequirements(reqs).matches(labels), want, JSON.stringify(reqs));
    assert.equal(reqs.every((r) => requirementMatches(r, labels)), want);
  }
});

Deno.test("labels: set-based parser (TestSetSelectorParser)", () => {
  const cases: [string, Requirement[] | null][] = [
    ["", []],
    ["\rx", [req("x", "exists")]],
    ["this-is-a-dns.domain.com/key-with-dash", [
      req("this-is-a-dns.domain.com/key-with-dash", "exists"),
    ]],
    [
      "this-is-another-dns.domain.com/key-with-dash in (so,what)",
      [req("this-is-another-dns.domain.com/key-with-dash", "in", ["so", "what"])],
    ],
    [
      "0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)",
      [req("0.1.2.domain/99", "notin", ["10.10.100.1", "tick.tack.clock"])],
    ],
    ["foo  in\t (abc)", [req("foo", "in", ["abc"])]],
    ["x notin\n (abc)", [req("x", "notin", ["abc"])]],
    ["x  notin\t\t\t(abc,def)", [req("x", "notin", ["abc", "def"])]],
    ["x in (abc,def)", [req("x", "in", ["abc", "def"])]],
    ["x in (abc,)", [req("x", "in", ["abc", ""])]],
    ["x in (abc,abc)", [req("x", "in", ["abc"])]],
    ["x in ()", [req("x", "in", [""])]],
    ["x in (a,,)", [req("x", "in", ["a", ""])]],
    ["x in (a,,,)", [req("x", "in", ["a", ""])]],
    ["x in (a,,,,,,)", [req("x", "in", ["a", ""])]],
    ["x in (a,,a,,a,,a,,)", [req("x", "in", ["a", ""])]],
    [
      "x notin (abc,,def),bar,z in (),w",
      [
        req("bar", "exists"),
        req("w", "exists"),
        req("x", "notin", ["abc", "", "def"]),
        req("z", "in", [""]),
      ],
    ],
    ["x,y in (a)", [req("x", "exists"), req("y", "in", ["a"])]],
    ["x=a", [req("x", "=", ["a"])]],
    ["x>1", [req("x", "gt", ["1"])]],
    ["x<7", [req("x", "lt", ["7"])]],
    ["x=a,y!=b", [req("x", "=", ["a"]), req("y", "!=", ["b"])]],
    ["x=a,y!=b,z in (h,i,j)", [
      req("x", "=", ["a"]),
      req("y", "!=", ["b"]),
      req("z", "in", ["h", "i", "j"]),
    ]],
    ["x=a||y=b", null],
    ["x,,y", null],
    [",x,y", null],
    ["x nott in (y)", null],
    ["x notin ( )", [req("x", "notin", [""])]],
    ["x notin (, a)", [req("x", "notin", ["", "a"])]],
    ["a in (xyz),", null],
    ["a in (xyz)b notin ()", null],
    ["a ", [req("a", "exists")]],
    ["a in (x,y,notin, z,in)", [req("a", "in", ["in", "notin", "x", "y", "z"])]],
    ["a in (xyz abc)", null],
    ["a notin(", null],
    ["a (", null],
    ["(", null],
    ["in in (in)", [req("in", "in", ["in"])]],
    ["!notin", [req("notin", "!")]],
    ["a\0b", null],
    ["a \0b", [req("a", "exists")]],
  ];
  for (const [s, want] of cases) {
    if (want === null) {
      parseError(s);
      continue;
    }
    const got = Selector.parse(s).requirements();
    assert.deepEqual(
      got.map((r) => ({ ...r, values: [...r.values].sort() })),
      want.map((r) => ({ ...r, values: [...r.values].sort() })),
      JSON.stringify(s),
    );
  }
});

Deno.test("labels: add, requiresExactMatch, exactMatches", () => {
  const s = Selector.everything().add(req("key", "in", ["value"]));
  assert.equal(s.toString(), "key in (value)");
  const s2 = s.add(req("a", "=", ["b"]));
  assert.equal(s2.toString(), "a=b,key in (value)");
  assert.equal(s.toString(), "key in (value)", "add does not mutate");

  const cases: [Requirement[], string, string | undefined][] = [
    [[req("key", "in", ["value"])], "key", "value"],
    [[req("key", "in", ["value", "value2"])], "key", undefined],
    [[req("key", "in", ["value", "value1"]), req("key2", "in", ["value2"])], "key2", "value2"],
    [[req("key", "=", ["value"])], "key", "value"],
    [[req("key", "==", ["value"])], "key", "value"],
    [[req("key", "!=", ["value"])], "key", undefined],
    [[req("key", "in", ["value"]), req("key2", "in", ["value2"])], "key", "value"],
    [[req("key", "exists"), req("key", "=", ["v"])], "key", undefined],
    [[], "key", undefined],
  ];
  for (const [reqs, key, want] of cases) {
    assert.equal(Selector.fromRequirements(reqs).requiresExactMatch(key), want);
  }
  assert.deepEqual(
    [...Selector.parse("a=1,b in (2),c in (3,4),d!=5,e,f==6,!g").exactMatches()],
    [["a", "1"], ["b", "2"], ["f", "6"]],
  );
  assert.deepEqual([...Selector.nothing().exactMatches()], []);
});

Deno.test("labels: LabelSelector conversion", () => {
  assert.ok(labelSelectorAsSelector(null).matchesNothing());
  assert.ok(labelSelectorAsSelector(undefined).matchesNothing());
  assert.ok(labelSelectorAsSelector({}).isEmpty());
  assert.ok(labelSelectorAsSelector({ matchLabels: {}, matchExpressions: [] }).isEmpty());
  const sel = labelSelectorAsSelector({
    matchLabels: { tier: "web", app: "x" },
    matchExpressions: [
      { key: "env", operator: "In", values: ["prod", "dev"] },
      { key: "track", operator: "NotIn", values: ["canary"] },
      { key: "owner", operator: "Exists" },
      { key: "legacy", operator: "DoesNotExist", values: [] },
    ],
  });
  assert.equal(
    sel.toString(),
    "app=x,env in (dev,prod),!legacy,owner,tier=web,track notin (canary)",
  );
  assert.ok(sel.matches({ app: "x", tier: "web", env: "dev", owner: "me" }));
  assert.ok(!sel.matches({ app: "x", tier: "web", env: "dev", owner: "me", legacy: "" }));
  assert.ok(!sel.matches({ app: "x", tier: "web", env: "dev", owner: "me", track: "canary" }));

  const err = (ps: Parameters<typeof labelSelectorAsSelector>[0]) => {
    try {
      labelSelectorAsSelector(ps);
    } catch (e) {
      assert.ok(e instanceof LabelSelectorError);
      return e.message;
    }
    assert.fail("no error");
  };
  assert.equal(
    err({ matchExpressions: [{ key: "a", operator: "Foo" }] }),
    `"Foo" is not a valid label selector operator`,
  );
  assert.equal(
    err({ matchExpressions: [{ key: "a", operator: "In" }] }),
    "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty",
  );
  assert.equal(
    err({ matchExpressions: [{ key: "a", operator: "Exists", values: ["x"] }] }),
    `values: Invalid value: ["x"]: values set must be empty for exists and does not exist`,
  );
  assert.equal(
    err({ matchLabels: { a: "b c" } }),
    `values[0][a]: Invalid value: "b c": ${LABEL_VALUE_MSG}`,
  );
  assert.equal(formatLabelSelector(null), "<none>");
  assert.equal(formatLabelSelector({}), "<none>");
  assert.equal(formatLabelSelector({ matchLabels: { b: "1", a: "2" } }), "a=2,b=1");
  assert.equal(
    formatLabelSelector({ matchExpressions: [{ key: "a", operator: "Bad" }] }),
    "<error>",
  );
  assert.equal(formatLabels({}), "<none>");
  assert.equal(formatLabels(undefined), "<none>");
  assert.equal(formatLabels({ b: "1", a: "2" }), "a=2,b=1");
});

Deno.test("labels: LabelSelector validation", () => {
  assert.deepEqual(validateLabelSelector(null, "spec.selector"), []);
  const errs = validateLabelSelector(
    {
      matchLabels: { "bad key!": "v", ok: "bad value!" },
      matchExpressions: [
        { key: "a", operator: "In", values: [] },
        { key: "b", operator: "Exists", values: ["x"] },
        { key: "c", operator: "Gt", values: ["1"] },
        { key: "-d", operator: "NotIn", values: ["ok", "-bad"] },
      ],
    },
    "spec.selector",
  );
  assert.deepEqual(errs.map((e) => e.message), [
    `spec.selector.matchLabels: Invalid value: "bad key!": ${NAME_PART_MSG}`,
    `spec.selector.matchLabels: Invalid value: "bad value!": ${LABEL_VALUE_MSG}`,
    "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    `spec.selector.matchExpressions[2].operator: Invalid value: "Gt": not a valid selector operator`,
    `spec.selector.matchExpressions[3].key: Invalid value: "-d": ${NAME_PART_MSG}`,
    `spec.selector.matchExpressions[3].values[1]: Invalid value: "-bad": ${LABEL_VALUE_MSG}`,
  ]);
  assert.deepEqual(
    validateLabelSelector(
      { matchExpressions: [{ key: "c", operator: "Gt", values: ["-bad"] }] },
      "s",
      { allowUnknownOperatorInRequirement: true, allowInvalidLabelValueInSelector: true },
    ),
    [],
  );
});

// --- properties -------------------------------------------------------------------------------

const KEYS = ["a", "b", "app", "tier", "example.com/role", "x.y/z-1", "in", "notin"];
const VALUES = ["", "a", "b", "web", "1", "2", "10", "in", "notin", "A.b_c-d"];
const keyArb = fc.constantFrom(...KEYS);
const valueArb = fc.constantFrom(...VALUES);
const numArb = fc.constantFrom("0", "1", "2", "10");

const reqArb: fc.Arbitrary<Requirement> = fc.oneof(
  fc.record({
    key: keyArb,
    operator: fc.constantFrom<Operator>("=", "==", "!="),
    values: fc.tuple(valueArb),
  }),
  fc.record({
    key: keyArb,
    operator: fc.constantFrom<Operator>("in", "notin"),
    values: fc.uniqueArray(valueArb, { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    key: keyArb,
    operator: fc.constantFrom<Operator>("exists", "!"),
    values: fc.constant([]),
  }),
  fc.record({
    key: keyArb,
    operator: fc.constantFrom<Operator>("gt", "lt"),
    values: fc.tuple(numArb),
  }),
);

const labelsArb: fc.Arbitrary<Labels> = fc.dictionary(keyArb, valueArb, { maxKeys: 6 });

Deno.test("labels: property: toString -> parse preserves matching and is a fixed point", () => {
  fc.assert(
    fc.property(
      fc.array(reqArb, { maxLength: 5 }),
      fc.array(labelsArb, { minLength: 5, maxLength: 5 }),
      (reqs, sets) => {
        const sel = Selector.fromRequirements(reqs);
        const text = sel.toString();
        const back = Selector.parse(text);
        assert.equal(back.toString(), text);
        for (const labels of sets) assert.equal(back.matches(labels), sel.matches(labels), text);
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("labels: property: parse never throws anything but LabelSelectorError", () => {
  const chars = fc.constantFrom(..."ab=!(),<> \tin-./_1".split(""));
  fc.assert(
    fc.property(fc.array(chars, { maxLength: 20 }).map((a) => a.join("")), (s) => {
      try {
        const sel = Selector.parse(s);
        // A successful parse re-parses to the same canonical text.
        assert.equal(Selector.parse(sel.toString()).toString(), sel.toString());
      } catch (e) {
        assert.ok(e instanceof LabelSelectorError, String(e));
      }
    }),
    { numRuns: 500 },
  );
});
