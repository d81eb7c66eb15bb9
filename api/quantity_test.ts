import assert from "node:assert/strict";
import fc from "fast-check";
import {
  ERR_QUANTITY_FORMAT,
  ERR_QUANTITY_SUFFIX,
  Quantity,
  type QuantityFormat,
  QuantityParseError,
} from "./quantity.ts";

const MOST_POSITIVE = 2n ** 63n - 1n;
const MOST_NEGATIVE = -(2n ** 63n);

/** decQuantity(i, exponent, format) of quantity_test.go. */
function dec(i: bigint | number, exponent: number, format: QuantityFormat = "DecimalSI"): Quantity {
  return Quantity.fromDecimal(BigInt(i), exponent, format);
}

/** An exact decimal from text like "-12.5". */
function decStr(s: string): Quantity {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  assert.ok(m, s);
  const frac = m[3] ?? "";
  return dec(BigInt(`${m[1]}${m[2]}${frac}`), -frac.length);
}

function parseError(s: string): string {
  try {
    Quantity.parse(s);
  } catch (e) {
    assert.ok(e instanceof QuantityParseError, String(e));
    return e.message;
  }
  assert.fail(`${JSON.stringify(s)} parsed`);
}

Deno.test("quantity: error message text", () => {
  assert.equal(
    ERR_QUANTITY_FORMAT,
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  );
});

const PARSE_TABLE: [string, Quantity][] = [
  ["0", dec(0, 0)],
  ["0n", dec(0, 0)],
  ["0u", dec(0, 0)],
  ["0m", dec(0, 0)],
  ["0Ki", dec(0, 0, "BinarySI")],
  ["0k", dec(0, 0)],
  ["0Mi", dec(0, 0, "BinarySI")],
  ["0M", dec(0, 0)],
  ["0Gi", dec(0, 0, "BinarySI")],
  ["0G", dec(0, 0)],
  ["0Ti", dec(0, 0, "BinarySI")],
  ["0T", dec(0, 0)],
  ["1", dec(1, 0)],
  ["1Ki", dec(1024, 0, "BinarySI")],
  ["8Ki", dec(8 * 1024, 0, "BinarySI")],
  ["7Mi", dec(7 * 1024 * 1024, 0, "BinarySI")],
  ["6Gi", dec(6n * 1024n ** 3n, 0, "BinarySI")],
  ["5Ti", dec(5n * 1024n ** 4n, 0, "BinarySI")],
  ["4Pi", dec(4n * 1024n ** 5n, 0, "BinarySI")],
  ["3Ei", dec(3n * 1024n ** 6n, 0, "BinarySI")],
  ["10Ti", dec(10n * 1024n ** 4n, 0, "BinarySI")],
  ["100Ti", dec(100n * 1024n ** 4n, 0, "BinarySI")],
  ["5n", dec(5, -9)],
  ["4u", dec(4, -6)],
  ["3m", dec(3, -3)],
  ["9", dec(9, 0)],
  ["8k", dec(8, 3)],
  ["50k", dec(5, 4)],
  ["7M", dec(7, 6)],
  ["6G", dec(6, 9)],
  ["5T", dec(5, 12)],
  ["40T", dec(4, 13)],
  ["300T", dec(3, 14)],
  ["2P", dec(2, 15)],
  ["1E", dec(1, 18)],
  ["1E-3", dec(1, -3, "DecimalExponent")],
  ["1e3", dec(1, 3, "DecimalExponent")],
  ["1E6", dec(1, 6, "DecimalExponent")],
  ["1e9", dec(1, 9, "DecimalExponent")],
  ["1E12", dec(1, 12, "DecimalExponent")],
  ["1e15", dec(1, 15, "DecimalExponent")],
  ["1E18", dec(1, 18, "DecimalExponent")],
  ["1e14", dec(1, 14, "DecimalExponent")],
  ["1e13", dec(1, 13, "DecimalExponent")],
  ["100.035k", dec(100035, 0)],
  ["0.001", dec(1, -3)],
  ["0.0005k", dec(5, -1)],
  ["0.005", dec(5, -3)],
  ["0.05", dec(5, -2)],
  ["0.5", dec(5, -1)],
  ["0.00050k", dec(5, -1)],
  ["0.00500", dec(5, -3)],
  ["0.05000", dec(5, -2)],
  ["0.50000", dec(5, -1)],
  ["0.5e0", dec(5, -1, "DecimalExponent")],
  ["0.5e-1", dec(5, -2, "DecimalExponent")],
  ["0.5e-2", dec(5, -3, "DecimalExponent")],
  ["10.035M", dec(10035, 3)],
  ["1.2e3", dec(12, 2, "DecimalExponent")],
  ["1.3E+6", dec(13, 5, "DecimalExponent")],
  ["1.40e9", dec(14, 8, "DecimalExponent")],
  ["1.53E12", dec(153, 10, "DecimalExponent")],
  ["1.6e15", dec(16, 14, "DecimalExponent")],
  ["1.7E18", dec(17, 17, "DecimalExponent")],
  ["9.01", dec(901, -2)],
  ["8.1k", dec(81, 2)],
  ["7.123456M", dec(7123456, 0)],
  ["6.987654321G", dec(6987654321, 0)],
  ["5.444T", dec(5444, 9)],
  ["40.1T", dec(401, 11)],
  ["300.2T", dec(3002, 11)],
  ["2.5P", dec(25, 14)],
  ["1.01E", dec(101, 16)],
  ["3.001n", dec(4, -9)],
  ["1.1E-9", dec(2, -9, "DecimalExponent")],
  ["0.0000000001", dec(1, -9)],
  ["0.0000000005", dec(1, -9)],
  ["0.00000000050", dec(1, -9)],
  ["0.5e-9", dec(1, -9, "DecimalExponent")],
  ["0.9n", dec(1, -9)],
  ["0.00000012345", dec(124, -9)],
  ["0.00000012354", dec(124, -9)],
  ["9Ei", dec(MOST_POSITIVE, 0, "BinarySI")],
  ["9223372036854775807Ki", dec(MOST_POSITIVE, 0, "BinarySI")],
  ["12E", dec(12, 18)],
  ["100.035Ki", dec(10243584, -2, "BinarySI")],
  ["0.5Mi", dec(0.5 * 1024 * 1024, 0, "BinarySI")],
  ["0.05Gi", dec(536870912, -1, "BinarySI")],
  ["0.025Ti", dec(274877906944, -1, "BinarySI")],
  ["0.000000000001Ki", dec(2, -9)],
  [".001", dec(1, -3)],
  [".0001k", dec(100, -3)],
  ["1.", dec(1, 0)],
  ["1.G", dec(1, 9)],
  // Oddities of the scanner, kept.
  [".", dec(0, 0)],
  ["0.5Ki", dec(512, 0, "BinarySI")],
  ["1e-12", dec(1, -9, "DecimalExponent")],
  ["1e-1000000000", dec(1, -9, "DecimalExponent")],
  ["1e4294967296", dec(1, 0, "DecimalExponent")], // exponent truncated to int32, as Go does
];

Deno.test("quantity: parse (TestQuantityParse)", () => {
  for (const [input, want] of PARSE_TABLE) {
    const got = Quantity.parse(input);
    assert.equal(got.cmp(want), 0, `${input}: got ${got}, want ${want}`);
    assert.equal(got.format, want.format, input);
    // Negative and explicitly positive versions.
    const neg = Quantity.parse("-" + input);
    assert.equal(neg.cmp(want.neg()), 0, `-${input}`);
    assert.equal(neg.format, want.format, `-${input}`);
    const pos = Quantity.parse("+" + input);
    assert.equal(pos.cmp(want), 0, `+${input}`);
    assert.equal(pos.format, want.format, `+${input}`);
  }
});

Deno.test("quantity: a lone sign or dot is zero, as the Go scanner reads it", () => {
  for (const s of ["-", "+", ".", "-.", "+.", "00", "-0"]) {
    assert.ok(Quantity.parse(s).isZero(), s);
    assert.equal(Quantity.parse(s).toString(), "0", s);
  }
  assert.equal(parseError("--"), ERR_QUANTITY_SUFFIX);
});

Deno.test("quantity: invalid strings and their errors", () => {
  const cases: [string, string][] = [
    ["", ERR_QUANTITY_FORMAT],
    ["1.1.M", ERR_QUANTITY_FORMAT],
    ["1+1.0M", ERR_QUANTITY_FORMAT],
    ["0.1mi", ERR_QUANTITY_SUFFIX],
    ["0.1am", ERR_QUANTITY_FORMAT],
    ["aoeu", ERR_QUANTITY_FORMAT],
    [".5i", ERR_QUANTITY_SUFFIX],
    ["1i", ERR_QUANTITY_SUFFIX],
    ["-3.01i", ERR_QUANTITY_SUFFIX],
    ["-3.01e-", ERR_QUANTITY_SUFFIX],
    [" 1", ERR_QUANTITY_FORMAT],
    ["1 ", ERR_QUANTITY_FORMAT],
    ["1e", ERR_QUANTITY_SUFFIX],
    ["1Ki5", ERR_QUANTITY_SUFFIX],
    ["1e3e3", ERR_QUANTITY_FORMAT],
    ["Non-Numeric", ERR_QUANTITY_FORMAT],
    ["1e99999999999999999999", ERR_QUANTITY_SUFFIX],
    ["10KB", ERR_QUANTITY_FORMAT],
    ["1Gb", ERR_QUANTITY_FORMAT],
  ];
  for (const [s, msg] of cases) assert.equal(parseError(s), msg, JSON.stringify(s));
  assert.equal(Quantity.tryParse("x"), undefined);
  assert.equal(Quantity.tryParse("1")?.toString(), "1");
});

Deno.test("quantity: canonical strings (TestQuantityString)", () => {
  const cases: [Quantity, string, string][] = [
    [dec(1024n * 1024n * 1024n, 0, "BinarySI"), "1Gi", "1024Mi"],
    [dec(300 * 1024 * 1024, 0, "BinarySI"), "300Mi", "307200Ki"],
    [dec(6 * 1024, 0, "BinarySI"), "6Ki", ""],
    [dec(1001n * 1024n ** 3n, 0, "BinarySI"), "1001Gi", "1025024Mi"],
    [dec(1024n ** 4n, 0, "BinarySI"), "1Ti", "1024Gi"],
    [dec(5, 0, "BinarySI"), "5", "5000m"],
    [dec(500, -3, "BinarySI"), "500m", "0.5"],
    [dec(1, 9), "1G", "1000M"],
    [dec(1000, 6), "1G", "0.001T"],
    [dec(1000000, 3), "1G", ""],
    [dec(1000000000, 0), "1G", ""],
    [dec(1, -3), "1m", "1000u"],
    [dec(80, -3), "80m", ""],
    [dec(1080, -3), "1080m", "1.08"],
    [dec(108, -2), "1080m", "1080000000n"],
    [dec(10800, -4), "1080m", ""],
    [dec(300, 6), "300M", ""],
    [dec(1, 12), "1T", ""],
    [dec(1234567, 6), "1234567M", ""],
    [dec(1234567, -3, "BinarySI"), "1234567m", ""],
    [dec(3, 3), "3k", ""],
    [dec(1025, 0, "BinarySI"), "1025", ""],
    [dec(0, 0), "0", ""],
    [dec(0, 0, "BinarySI"), "0", ""],
    [dec(1, 9, "DecimalExponent"), "1e9", ".001e12"],
    [dec(1, -3, "DecimalExponent"), "1e-3", "0.001e0"],
    [dec(1, -9, "DecimalExponent"), "1e-9", "1000e-12"],
    [dec(80, -3, "DecimalExponent"), "80e-3", ""],
    [dec(300, 6, "DecimalExponent"), "300e6", ""],
    [dec(1, 12, "DecimalExponent"), "1e12", ""],
    [dec(1, 3, "DecimalExponent"), "1e3", ""],
    [dec(3, 3, "DecimalExponent"), "3e3", ""],
    [dec(3, 3), "3k", ""],
    [dec(0, 0, "DecimalExponent"), "0", "00"],
    [dec(1, -9), "1n", ""],
    [dec(80, -9), "80n", ""],
    [dec(1080, -9), "1080n", ""],
    [dec(108, -8), "1080n", ""],
    [dec(10800, -10), "1080n", ""],
    [dec(1, -6), "1u", ""],
    [dec(80, -6), "80u", ""],
    [dec(1080, -6), "1080u", ""],
  ];
  for (const [q, want, alternate] of cases) {
    assert.equal(q.toString(), want);
    assert.equal(q.canonical(), want);
    assert.equal(Quantity.parse(want).toString(), want);
    if (alternate !== "") assert.equal(Quantity.parse(alternate).toString(), want, alternate);
    if (!q.isZero()) assert.equal(q.neg().toString(), "-" + want);
  }
});

Deno.test("quantity: parse then print (TestQuantityParseEmit and the brief)", () => {
  const cases: [string, string][] = [
    ["1Ki", "1Ki"],
    ["1Mi", "1Mi"],
    ["1Gi", "1Gi"],
    ["1024Mi", "1Gi"],
    ["1000M", "1G"],
    [".001Ki", "1024m"],
    [".000001Ki", "1024u"],
    [".000000001Ki", "1024n"],
    [".000000000001Ki", "2n"],
    ["500m", "500m"],
    ["0.5", "500m"],
    ["1000m", "1"],
    ["1e3", "1e3"],
    ["1.5", "1500m"],
    ["0.1", "100m"],
    ["100k", "100k"],
    ["1E", "1E"],
    ["1.5Gi", "1536Mi"],
    ["128Mi", "128Mi"],
    ["12345678901234567890", "12345678901234567890"],
    ["1.5e3", "1500"],
    ["2048Ki", "2Mi"],
    ["1023Ki", "1023Ki"],
    ["0.5Ki", "512"],
    ["1.1Ki", "1126400m"],
    ["0.1m", "100u"],
    ["0.0001m", "100n"],
    ["0.0000001m", "1n"],
    ["100.035Ki", "102435840m"],
  ];
  for (const [input, want] of cases) {
    assert.equal(Quantity.parse(input).toString(), want, input);
    const neg = Quantity.parse("-" + input);
    if (!neg.isZero()) assert.equal(neg.toString(), "-" + want, "-" + input);
  }
});

Deno.test("quantity: the parsed text is kept when Kubernetes keeps it", () => {
  const kept = ["+1", "01", "1.", "1.G", "1E3", "1e+3", "-1Ki", "+500m"];
  for (const s of kept) assert.equal(Quantity.parse(s).toString(), s);
  assert.equal(Quantity.parse("+1").canonical(), "1");
  assert.equal(Quantity.parse("01").canonical(), "1");
  assert.equal(Quantity.parse("1E3").canonical(), "1e3");
  assert.equal(Quantity.parse("1.G").canonical(), "1G");
  // Not kept: trailing zeros, leading zero digits, fractions, exponents below nano.
  for (const [s, c] of [["1000", "1k"], ["0.5", "500m"], ["8Ki", "8Ki"], ["1000e-12", "1e-9"]]) {
    assert.equal(Quantity.parse(s as string).toString(), c);
  }
  // Arithmetic results are always canonical.
  assert.equal(Quantity.parse("+1").add(Quantity.zero()).toString(), "1");
  assert.equal(JSON.stringify({ cpu: Quantity.parse("0.5") }), '{"cpu":"500m"}');
});

Deno.test("quantity: large values (TestParseQuantity of apimachinery master)", () => {
  const cases: [string, string, string?][] = [
    ["-999999999999999999", "-999999999999999999"],
    ["999999999999999999", "999999999999999999"],
    ["-999999999999999999.0", "-999999999999999999", "-999999999999999999"],
    ["999999999999999999.0", "999999999999999999", "999999999999999999"],
    ["-999999999999999999.1", "-999999999999999999.1", "-999999999999999999100m"],
    ["999999999999999999.1", "999999999999999999.1", "999999999999999999100m"],
    ["-9999999999999999999", "-9999999999999999999"],
    ["9999999999999999999", "9999999999999999999"],
    ["-1E", "-1000000000000000000"],
    ["1E", "1000000000000000000"],
    ["-1000000000000000000", "-1000000000000000000", "-1E"],
    ["1000000000000000000", "1000000000000000000", "1E"],
    ["-9999999999999999999.0", "-9999999999999999999", "-9999999999999999999"],
    ["9999999999999999999.0", "9999999999999999999", "9999999999999999999"],
    ["-1.0E", "-1000000000000000000", "-1E"],
    ["1.0E", "1000000000000000000", "1E"],
    ["-1000000000000000000.0", "-1000000000000000000", "-1E"],
    ["1000000000000000000.0", "1000000000000000000", "1E"],
    ["-9999999999999999999000m", "-9999999999999999999", "-9999999999999999999"],
    ["9999999999999999999000m", "9999999999999999999", "9999999999999999999"],
    ["-9999999999999999999.1", "-9999999999999999999.1", "-9999999999999999999100m"],
    ["9999999999999999999.1", "9999999999999999999.1", "9999999999999999999100m"],
    ["-1.0000000000000000001E", "-1000000000000000000.1", "-1000000000000000000100m"],
    ["1.0000000000000000001E", "1000000000000000000.1", "1000000000000000000100m"],
    ["-1000000000000000000.1", "-1000000000000000000.1", "-1000000000000000000100m"],
    ["1000000000000000000.1", "1000000000000000000.1", "1000000000000000000100m"],
    ["-1.000000000000000001E", "-1000000000000000001", "-1000000000000000001"],
    ["1.000000000000000001E", "1000000000000000001", "1000000000000000001"],
    ["-1000000000000000001", "-1000000000000000001"],
    ["1000000000000000001", "1000000000000000001"],
    ["-10E", "-10000000000000000000"],
    ["10E", "10000000000000000000"],
    ["-10000000000000000000", "-10000000000000000000", "-10E"],
    ["10000000000000000000", "10000000000000000000", "10E"],
    ["-10.0E", "-10000000000000000000", "-10E"],
    ["10.0E", "10000000000000000000", "10E"],
    ["-10000000000000000000.0", "-10000000000000000000", "-10E"],
    ["10000000000000000000.0", "10000000000000000000", "10E"],
    ["-10000000000000000000000m", "-10000000000000000000", "-10E"],
    ["10000000000000000000000m", "10000000000000000000", "10E"],
    ["-10.0000000000000000001E", "-10000000000000000000.1", "-10000000000000000000100m"],
    ["10.0000000000000000001E", "10000000000000000000.1", "10000000000000000000100m"],
    ["-10000000000000000000.1", "-10000000000000000000.1", "-10000000000000000000100m"],
    ["10000000000000000000.1", "10000000000000000000.1", "10000000000000000000100m"],
    ["-10.000000000000000001E", "-10000000000000000001", "-10000000000000000001"],
    ["10.000000000000000001E", "10000000000000000001", "10000000000000000001"],
    ["-10000000000000000001", "-10000000000000000001"],
    ["10000000000000000001", "10000000000000000001"],
    ["-9223372036854775809", "-9223372036854775809"],
    ["9223372036854775806", "9223372036854775806"],
    ["-9223372036854775809.0", "-9223372036854775809", "-9223372036854775809"],
    ["9223372036854775806.0", "9223372036854775806", "9223372036854775806"],
    ["-9223372036854775809000m", "-9223372036854775809", "-9223372036854775809"],
    ["9223372036854775806000m", "9223372036854775806", "9223372036854775806"],
    ["-9223372036854775809.1", "-9223372036854775809.1", "-9223372036854775809100m"],
    ["9223372036854775806.1", "9223372036854775806.1", "9223372036854775806100m"],
    ["-9223372036854775808", "-9223372036854775808"],
    ["9223372036854775807", "9223372036854775807"],
    ["-9223372036854775808.0", "-9223372036854775808", "-9223372036854775808"],
    ["9223372036854775807.0", "9223372036854775807", "9223372036854775807"],
    ["-9223372036854775808000m", "-9223372036854775808", "-9223372036854775808"],
    ["9223372036854775807000m", "9223372036854775807", "9223372036854775807"],
    ["-9223372036854775808.1", "-9223372036854775808.1", "-9223372036854775808100m"],
    ["9223372036854775807.1", "9223372036854775807.1", "9223372036854775807100m"],
    ["-9223372036854775807", "-9223372036854775807"],
    ["9223372036854775808", "9223372036854775808"],
    ["-9223372036854775807.0", "-9223372036854775807", "-9223372036854775807"],
    ["9223372036854775808.0", "9223372036854775808", "9223372036854775808"],
    ["-9223372036854775807000m", "-9223372036854775807", "-9223372036854775807"],
    ["9223372036854775808000m", "9223372036854775808", "9223372036854775808"],
    ["-9223372036854775807.1", "-9223372036854775807.1", "-9223372036854775807100m"],
    ["9223372036854775808.1", "9223372036854775808.1", "9223372036854775808100m"],
  ];
  for (const [input, value, canonical] of cases) {
    const q = Quantity.parse(input);
    assert.equal(q.cmp(decStr(value)), 0, input);
    assert.equal(q.toString(), canonical ?? input, input);
  }
});

Deno.test("quantity: values outside the suffix tables print in exponent form", () => {
  assert.equal(Quantity.parse("1000E").toString(), "1e21");
  assert.equal(Quantity.parse("1000000000000000000000").toString(), "1e21");
  assert.equal(Quantity.parse("10000000000000000000000").toString(), "10e21");
  assert.equal(Quantity.fromScaled(1, -12).toString(), "1e-12");
  assert.equal(Quantity.fromScaled(1, -10).toString(), "100e-12");
  const ei = Quantity.parse("1Ei");
  assert.equal(ei.mul(1024).toString(), "1180591620717411303424");
  assert.equal(ei.mul(512).toString(), "512Ei");
  assert.equal(dec(1, 70, "BinarySI").toString(), "10e69");
  for (const q of [Quantity.parse("1000E"), ei.mul(1024), dec(1, 70, "BinarySI")]) {
    assert.equal(Quantity.parse(q.toString()).cmp(q), 0);
  }
  // Huge exponents stay cheap to parse, print and compare.
  const huge = Quantity.parse("1e2000000000");
  assert.equal(huge.toString(), "100e1999999998");
  assert.equal(Quantity.parse("2e1999999999").canonical(), "20e1999999998");
  assert.equal(huge.cmp(Quantity.parse("1")), 1);
  assert.equal(Quantity.parse("1").cmp(huge), -1);
  assert.throws(() => huge.add(Quantity.parse("1")), RangeError);
  assert.throws(() => huge.value(), RangeError);
});

Deno.test("quantity: compare (TestQuantityCmp, TestQuantityCmpInt64AndDec)", () => {
  for (
    const [x, y, want] of [["0", "0", 0], ["100m", "50m", 1], ["50m", "100m", -1], [
      "10000T",
      "100Gi",
      1,
    ]] as const
  ) {
    assert.equal(Quantity.parse(x).cmp(Quantity.parse(y)), want);
  }
  const p = MOST_POSITIVE;
  const n = MOST_NEGATIVE;
  const e18 = 10n ** 18n;
  const cases: [Quantity, Quantity, number][] = [
    [dec(901, -2), dec(901, -2), 0],
    [dec(90, -1), dec(901, -2), -1],
    [dec(901, -2), dec(900, -2), 1],
    [dec(0, 0), dec(0, 0), 0],
    [dec(0, 1), dec(0, -1), 0],
    [dec(0, -1), dec(0, 1), 0],
    [dec(800, -3), dec(1, 0), -1],
    [dec(800, -3), dec(79, -2), 1],
    [dec(p, 0), dec(1, -1), 1],
    [dec(p, 1), dec(1, 0), 1],
    [dec(p, 1), dec(1, 1), 1],
    [dec(p, 1), dec(0, 1), 1],
    [dec(p, -16), dec(1, 3), -1],
    [dec(n, 0), dec(0, 0), -1],
    [dec(n, -18), dec(-1, 0), -1],
    [dec(n, -19), dec(-1, 0), 1],
    [dec(e18, -17), dec(1, 1), 0],
    [dec(e18, -17), dec(-10, 0), 1],
    [dec(-e18, -17), dec(-10, 0), 0],
    [dec(e18, -17), dec(1, 0), 1],
    [dec(e18 + 1n, -17), dec(1, 1), 1],
    [dec(e18 - 1n, -17), dec(1, 1), -1],
  ];
  for (const [a, b, want] of cases) {
    assert.equal(a.cmp(b), want, `${a} vs ${b}`);
    assert.equal(b.cmp(a), -want || 0, `${b} vs ${a}`);
    assert.equal(a.equals(b), want === 0);
  }
});

Deno.test("quantity: round up (TestQuantityRoundUp)", () => {
  const cases: [string, number, Quantity, boolean][] = [
    ["9.01", -3, dec(901, -2), true],
    ["9.01", -2, dec(901, -2), true],
    ["9.01", -1, dec(91, -1), false],
    ["9.01", 0, dec(10, 0), false],
    ["9.01", 1, dec(10, 0), false],
    ["9.01", 2, dec(100, 0), false],
    ["-9.01", -3, dec(-901, -2), true],
    ["-9.01", -2, dec(-901, -2), true],
    ["-9.01", -1, dec(-91, -1), false],
    ["-9.01", 0, dec(-10, 0), false],
    ["-9.01", 1, dec(-10, 0), false],
    ["-9.01", 2, dec(-100, 0), false],
  ];
  for (const [s, scale, want, exact] of cases) {
    const r = Quantity.parse(s).roundUp(scale);
    assert.equal(r.exact, exact, `${s} ${scale}`);
    assert.equal(r.quantity.cmp(want), 0, `${s} ${scale}: ${r.quantity}`);
  }
});

Deno.test("quantity: neg, add, sub, mul (TestNeg, TestAdd, TestSub, TestMul)", () => {
  assert.equal(dec(901, -2).neg().toString(), "-9010m");
  assert.equal(dec(10, 0, "BinarySI").neg().cmp(dec(-10, 0)), 0);
  assert.equal(dec(-10, 0, "BinarySI").neg().format, "BinarySI");
  assert.ok(Quantity.zero().neg().isZero());

  const z = Quantity.zero();
  const adds: [Quantity, Quantity, Quantity][] = [
    [dec(10, 0), dec(1, 1), dec(20, 0)],
    [dec(10, 0), dec(1, 0, "BinarySI"), dec(11, 0)],
    [dec(10, 0, "BinarySI"), dec(1, 0), dec(11, 0, "BinarySI")],
    [z, dec(50, 0), dec(50, 0)],
    [dec(50, 0), z, dec(50, 0)],
    [z, z, z],
  ];
  for (const [a, b, want] of adds) {
    const got = a.add(b);
    assert.equal(got.cmp(want), 0);
    assert.equal(got.format, want.format);
  }
  const subs: [Quantity, Quantity, Quantity][] = [
    [dec(10, 0), dec(1, 1), dec(0, 0)],
    [dec(10, 0), dec(1, 0, "BinarySI"), dec(9, 0)],
    [dec(10, 0, "BinarySI"), dec(1, 0), dec(9, 0, "BinarySI")],
    [z, dec(50, 0), dec(-50, 0)],
    [dec(50, 0), z, dec(50, 0)],
    [z, z, z],
  ];
  for (const [a, b, want] of subs) {
    const got = a.sub(b);
    assert.equal(got.cmp(want), 0);
    assert.equal(got.format, want.format);
  }
  // A zero takes the other operand's format (TestQuantityAddZeroPreservesSuffix and Sub).
  for (const s of ["100m", "1Gi"]) {
    const v = Quantity.parse(s);
    assert.equal(v.add(z).toString(), s);
    assert.equal(z.add(v).toString(), s);
    assert.equal(v.sub(z).toString(), s);
    assert.equal(z.sub(v).toString(), v.neg().toString());
  }
  const muls: [Quantity, bigint, Quantity][] = [
    [dec(10, 0), 10n, dec(100, 0)],
    [dec(10, 0), 1n, dec(10, 0)],
    [z, 50n, z],
    [dec(50, 0), 0n, z],
    [dec(10, 0), -10n, dec(-100, 0)],
    [dec(-50, 0), -50n, dec(2500, 0)],
    [dec(MOST_POSITIVE, 0), 2n, dec(MOST_POSITIVE * 2n, 0)],
    [dec(MOST_POSITIVE, 0), 10n, dec(MOST_POSITIVE, 1)],
    [dec(MOST_NEGATIVE, 0), -1n, dec(MOST_POSITIVE + 1n, 0)],
    [dec(MOST_NEGATIVE, 0), -10n, dec(MOST_POSITIVE + 1n, 1)],
  ];
  for (const [a, f, want] of muls) assert.equal(a.mul(f).cmp(want), 0, `${a} * ${f}`);
  assert.throws(() => dec(1, 0).mul(1.5), RangeError);
});

Deno.test("quantity: constructors and values (TestMilliNewSet, TestNewSet, TestNewScaledSet, TestScaledValue)", () => {
  for (
    const [v, f, want] of [
      [1, "DecimalSI", "1m"],
      [1000, "DecimalSI", "1"],
      [1234000, "DecimalSI", "1234"],
      [1024, "BinarySI", "1024m"],
      [1000000, "DecimalExponent", "1e3"],
      [1024 * 1024, "BinarySI", "1048576m"],
    ] as const
  ) {
    const q = Quantity.fromMilli(v, f);
    assert.equal(q.toString(), want);
    assert.equal(Quantity.parse(q.toString()).milliValue(), BigInt(v));
  }
  for (
    const [v, f, want] of [
      [1, "DecimalSI", "1"],
      [1000, "DecimalSI", "1k"],
      [1234000, "DecimalSI", "1234k"],
      [1024, "BinarySI", "1Ki"],
      [1000000, "DecimalExponent", "1e6"],
      [1024 * 1024, "BinarySI", "1Mi"],
    ] as const
  ) {
    const q = Quantity.fromInt(v, f);
    assert.equal(q.toString(), want);
    assert.equal(Quantity.parse(q.toString()).value(), BigInt(v));
  }
  for (
    const [v, scale, want] of [
      [1, -9, "1n"],
      [1000, -9, "1u"],
      [1, -6, "1u"],
      [1000, -6, "1m"],
      [1, -3, "1m"],
      [1000, -3, "1"],
      [1, 0, "1"],
      [0, -9, "0"],
      [0, -6, "0"],
      [0, -3, "0"],
      [0, 0, "0"],
    ] as const
  ) {
    const q = Quantity.fromScaled(v, scale);
    assert.equal(q.toString(), want);
    assert.equal(Quantity.parse(q.toString()).scaledValue(scale), BigInt(v));
  }
  for (
    const [from, to, want] of [
      [-9, -9, 1n],
      [-9, -6, 1n],
      [-9, -3, 1n],
      [-9, 0, 1n],
      [-6, -9, 1000n],
      [-6, -6, 1n],
      [-6, -3, 1n],
      [-6, 0, 1n],
      [-3, -9, 1000000n],
      [-3, -6, 1000n],
      [-3, -3, 1n],
      [-3, 0, 1n],
      [0, -9, 1000000000n],
      [0, -6, 1000000n],
      [0, -3, 1000n],
      [0, 0, 1n],
      [2, -2, 10000n],
    ] as const
  ) {
    assert.equal(Quantity.fromScaled(1, from).scaledValue(to), want, `${from} -> ${to}`);
  }
  // Rounded up, away from zero.
  assert.equal(Quantity.parse("1500m").value(), 2n);
  assert.equal(Quantity.parse("-1500m").value(), -2n);
  assert.equal(Quantity.parse("0.1m").milliValue(), 1n);
  assert.equal(Quantity.parse("1n").value(), 1n);
  assert.equal(Quantity.parse("250m").milliValue(), 250n);
  assert.equal(Quantity.parse("2").milliValue(), 2000n);
  assert.equal(Quantity.parse("128Mi").value(), 134217728n);
  assert.equal(Quantity.parse("12345678901234567890").value(), 12345678901234567890n);
  assert.equal(Quantity.parse("12345678901234567890").milliValue(), 12345678901234567890000n);
  assert.equal(Quantity.zero().value(), 0n);
  assert.throws(() => Quantity.fromInt(1.5), RangeError);
});

Deno.test("quantity: approximate floats and JSON", () => {
  const m7 = 7 * 1024 * 1024;
  const cases: [Quantity, number][] = [
    [dec(0, 0), 0],
    [dec(1, 0, "BinarySI"), 1],
    [dec(1024, 0, "BinarySI"), 1024],
    [dec(m7, 1), m7 * 10],
    [dec(m7, 8, "DecimalExponent"), m7 * 100000000],
    [dec(m7, -1), m7 / 10],
    [dec(m7, -8), m7 / 100000000],
    [dec(MOST_POSITIVE, 0), 9223372036854775807],
    [dec(12, 18), 1.2e19],
    [dec(12, 500), Infinity],
    [dec(-12, 500), -Infinity],
    [Quantity.parse("1.1Ki"), 1126.4],
    [Quantity.parse("2Gi"), 2.147483648e9],
  ];
  for (const [q, want] of cases) assert.equal(q.asApproximateFloat64(), want, q.toString());
  for (const [json, want] of [[" 1", "1"], ["1 ", "1"], ["-1", "-1"], [" -1", "-1"]]) {
    assert.equal(Quantity.fromJSON(json).toString(), want);
  }
  assert.equal(Quantity.fromJSON(10).toString(), "10");
  assert.equal(Quantity.fromJSON(0.5).toString(), "500m");
  assert.equal(Quantity.fromJSON(1e21).toString(), "1e21");
  assert.throws(() => Quantity.fromJSON(null), TypeError);
  assert.throws(() => Quantity.fromJSON("1 Gi"), QuantityParseError);
});

// --- properties -------------------------------------------------------------------------------

const SUFFIXES = [
  "",
  "n",
  "u",
  "m",
  "k",
  "M",
  "G",
  "T",
  "P",
  "E",
  "Ki",
  "Mi",
  "Gi",
  "Ti",
  "Pi",
  "Ei",
  "e3",
  "e-3",
  "E6",
  "e0",
  "e-12",
  "e25",
];
const quantityText = fc.tuple(
  fc.constantFrom("", "-", "+"),
  fc.stringMatching(/^[0-9]{1,22}$/),
  fc.option(fc.stringMatching(/^[0-9]{0,12}$/), { nil: undefined }),
  fc.constantFrom(...SUFFIXES),
).map(([sign, int, frac, suffix]) =>
  `${sign}${int}${frac === undefined ? "" : "." + frac}${suffix}`
);

const quantityArb: fc.Arbitrary<Quantity> = fc.oneof(
  quantityText.map((s) => Quantity.parse(s)),
  fc.tuple(
    fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
    fc.integer({ min: -12, max: 24 }),
    fc.constantFrom<QuantityFormat>("DecimalSI", "BinarySI", "DecimalExponent"),
  ).map(([u, e, f]) => Quantity.fromDecimal(u, e, f)),
);

Deno.test("quantity: property: the string form re-parses to an equal quantity", () => {
  fc.assert(
    fc.property(quantityText, (s) => {
      const q = Quantity.parse(s);
      const again = Quantity.parse(q.toString());
      assert.equal(again.cmp(q), 0, `${s} -> ${q}`);
      assert.equal(Quantity.parse(q.canonical()).cmp(q), 0, `${s} -> ${q.canonical()}`);
      assert.equal(again.canonical(), q.canonical(), s);
      assert.equal(Quantity.parse(q.canonical()).toString(), q.canonical(), s);
    }),
    { numRuns: 1000 },
  );
});

Deno.test("quantity: property: canonical form of any nano-precision value re-parses equal", () => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
      fc.integer({ min: -9, max: 30 }),
      fc.constantFrom<QuantityFormat>("DecimalSI", "BinarySI", "DecimalExponent"),
      (u, e, f) => {
        const q = Quantity.fromDecimal(u, e, f);
        const back = Quantity.parse(q.toString());
        // BinarySI values above 2^63-1 are capped when parsed; everything else is exact.
        const capped = q.format === "BinarySI" && back.format === "BinarySI" &&
          (q.sign() < 0 ? q.neg() : q).cmp(dec(MOST_POSITIVE, 0)) > 0;
        if (!capped) {
          assert.equal(back.cmp(q), 0, `${u}e${e} ${f} -> ${q}`);
        }
      },
    ),
    { numRuns: 1000 },
  );
});

Deno.test("quantity: property: add and sub are inverse; cmp is consistent with sub", () => {
  fc.assert(
    fc.property(quantityArb, quantityArb, (a, b) => {
      assert.equal(a.add(b).sub(b).cmp(a), 0);
      assert.equal(a.sub(b).add(b).cmp(a), 0);
      assert.equal(a.add(b).cmp(b.add(a)), 0);
      assert.equal(a.cmp(b), a.sub(b).sign());
      assert.equal(a.neg().neg().cmp(a), 0);
    }),
    { numRuns: 1000 },
  );
});

Deno.test("quantity: property: values round up away from zero", () => {
  fc.assert(
    fc.property(quantityArb, (q) => {
      const v = q.milliValue();
      const back = Quantity.fromMilli(v);
      if (q.sign() >= 0) {
        assert.ok(back.cmp(q) >= 0 && back.sub(Quantity.fromMilli(1)).cmp(q) < 0, `${q}`);
      } else {
        assert.ok(back.cmp(q) <= 0 && back.add(Quantity.fromMilli(1)).cmp(q) > 0, `${q}`);
      }
    }),
    { numRuns: 500 },
  );
});
