/**
 * Resource quantities (`cpu: 500m`, `memory: 128Mi`), as Kubernetes'
 * `k8s.io/apimachinery/pkg/api/resource.Quantity` (v0.36): the parser (ported scanner, the same
 * rounding, capping and error messages), the canonical string form of `Quantity.String()`,
 * comparison and arithmetic, exactly, on BigInt decimals. Pure: no I/O.
 *
 * ```
 * <quantity>        ::= <signedNumber><suffix>
 * <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits>
 * <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI>
 * <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei
 * <decimalSI>       ::= n | u | m | "" | k | M | G | T | P | E
 * <decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber>
 * ```
 *
 * Parsing rounds up (away from zero) to the nano unit (`0.1n` is `1n`); BinarySI values are
 * capped at 2^63-1; a BinarySI value in (-1, 1) becomes DecimalSI. The suffix family (the
 * {@link QuantityFormat}) is remembered and used again when printing, in canonical form: no
 * fractional digits, the largest exponent that loses nothing (`0.5` -> `500m`, `1024Mi` ->
 * `1Gi`, `1.5Gi` -> `1536Mi`, `1e3` -> `1e3`).
 *
 * Like Kubernetes, {@link Quantity.toString} returns the parsed text itself when the parser's
 * fast path judged it canonical, which keeps a few odd spellings (`+1`, `01`, `1.`, `1E3`)
 * verbatim; {@link Quantity.canonical} always computes the form. Where Kubernetes v0.36 drops the
 * suffix of values outside the suffix tables (10^21 printed as `1`), this module follows the
 * upstream fix and falls back to the exponent form (`1e21`, `1e-12`).
 *
 * @module
 */

/** How a quantity prints: `DecimalSI` (`k`, `M`, `m`...), `BinarySI` (`Ki`, `Mi`...), `DecimalExponent` (`e3`). */
export type QuantityFormat = "DecimalExponent" | "BinarySI" | "DecimalSI";

/** The regular expression quoted in Kubernetes' format error. */
export const QUANTITY_REGEX = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";
/** `quantities must match the regular expression '...'` (ErrFormatWrong). */
export const ERR_QUANTITY_FORMAT =
  `quantities must match the regular expression '${QUANTITY_REGEX}'`;
/** `unable to parse numeric part of quantity` (ErrNumeric). */
export const ERR_QUANTITY_NUMERIC = "unable to parse numeric part of quantity";
/** `unable to parse quantity's suffix` (ErrSuffix). */
export const ERR_QUANTITY_SUFFIX = "unable to parse quantity's suffix";

/** A string is not a quantity; `message` is one of Kubernetes' three parse errors. */
export class QuantityParseError extends Error {
  /** Creates the error. */
  constructor(message: string) {
    super(message);
    this.name = "QuantityParseError";
  }
}

/** Largest magnitude of a BinarySI quantity after parsing (max int64). */
const MAX_ALLOWED = 2n ** 63n - 1n;
/** Exponent gaps or integer sizes beyond this are refused (RangeError) rather than materialized. */
const MAX_DIGITS = 100_000;

const DECIMAL_SUFFIXES: ReadonlyMap<string, number> = new Map([
  ["n", -9],
  ["u", -6],
  ["m", -3],
  ["", 0],
  ["k", 3],
  ["M", 6],
  ["G", 9],
  ["T", 12],
  ["P", 15],
  ["E", 18],
]);
const DECIMAL_SUFFIX_BY_EXP: ReadonlyMap<number, string> = new Map(
  [...DECIMAL_SUFFIXES].map(([s, e]) => [e, s]),
);
const BINARY_SUFFIXES: ReadonlyMap<string, number> = new Map([
  ["Ki", 10],
  ["Mi", 20],
  ["Gi", 30],
  ["Ti", 40],
  ["Pi", 50],
  ["Ei", 60],
]);
const BINARY_SUFFIX_BY_POW: readonly string[] = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

interface Scanned {
  readonly positive: boolean;
  readonly num: string;
  readonly denom: string;
  readonly suffix: string;
}

const SUFFIX_CHARS = "eEinumkKMGTP";

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

/** Port of parseQuantityString: sign, integer digits (leading zeros stripped), fraction, suffix. */
function scan(str: string): Scanned {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (pos < end) {
    if (str[0] === "-") {
      positive = false;
      pos++;
    } else if (str[0] === "+") pos++;
  }
  while (pos < end && str[pos] === "0") pos++;
  if (pos >= end) return { positive, num: "0", denom: "", suffix: "" };
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  if (i >= end) return { positive, num: str.slice(pos), denom: "", suffix: "" };
  let num = str.slice(pos, i);
  pos = i;
  if (num.length === 0) num = "0";
  let denom = "";
  if (pos < end && str[pos] === ".") {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    if (i >= end) return { positive, num, denom, suffix: "" };
    pos = i;
  }
  const suffixStart = pos;
  i = pos;
  while (i < end && SUFFIX_CHARS.includes(str[i] ?? "")) i++;
  if (i >= end) return { positive, num, denom, suffix: str.slice(suffixStart) };
  pos = i;
  if (str[pos] === "-" || str[pos] === "+") pos++;
  i = pos;
  while (i < end && isDigit(str[i])) i++;
  if (i >= end) return { positive, num, denom, suffix: str.slice(suffixStart) };
  throw new QuantityParseError(ERR_QUANTITY_FORMAT);
}

interface Interpreted {
  readonly base: 2 | 10;
  readonly exponent: number;
  readonly format: QuantityFormat;
}

/** Port of the suffixer's interpret: tables first, then `e`/`E` + a Go int64, truncated to int32. */
function interpret(suffix: string): Interpreted {
  const dec = DECIMAL_SUFFIXES.get(suffix);
  if (dec !== undefined) return { base: 10, exponent: dec, format: "DecimalSI" };
  const bin = BINARY_SUFFIXES.get(suffix);
  if (bin !== undefined) return { base: 2, exponent: bin, format: "BinarySI" };
  if (suffix.length > 1 && (suffix[0] === "e" || suffix[0] === "E")) {
    const rest = suffix.slice(1);
    if (/^[+-]?[0-9]+$/.test(rest)) {
      const v = BigInt(rest);
      if (v >= -(2n ** 63n) && v < 2n ** 63n) {
        return { base: 10, exponent: Number(BigInt.asIntN(32, v)), format: "DecimalExponent" };
      }
    }
  }
  throw new QuantityParseError(ERR_QUANTITY_SUFFIX);
}

function abs(v: bigint): bigint {
  return v < 0n ? -v : v;
}

function digits(v: bigint): number {
  return v === 0n ? 0 : abs(v).toString().length;
}

function pow10(n: number): bigint {
  if (n > MAX_DIGITS) throw new RangeError("quantity exponent too large to materialize");
  return 10n ** BigInt(n);
}

/** Strips trailing decimal zeros of u into the exponent. */
function normalize(u: bigint, e: number): [bigint, number] {
  if (u === 0n) return [0n, 0];
  while (u % 10n === 0n) {
    u /= 10n;
    e++;
  }
  return [u, e];
}

/** Divides by 10^k rounding away from zero; reports whether it was exact. */
function divRoundUp(u: bigint, k: number): [bigint, boolean] {
  if (k <= 0) return [u * pow10(-k), true];
  if (u === 0n) return [0n, true];
  if (digits(u) <= k) return [u > 0n ? 1n : -1n, false];
  const d = pow10(k);
  const q = u / d;
  if (u % d === 0n) return [q, true];
  return [u > 0n ? q + 1n : q - 1n, false];
}

function toIntegerValue(v: number | bigint, what: string): bigint {
  if (typeof v === "bigint") return v;
  if (!Number.isSafeInteger(v)) throw new RangeError(`${what} must be a safe integer: ${v}`);
  return BigInt(v);
}

/**
 * An exact decimal quantity with the format it prints in. Immutable: arithmetic returns new
 * quantities.
 */
export class Quantity {
  /** Unscaled value; value = #u * 10^#e, no trailing zeros in #u. */
  readonly #u: bigint;
  readonly #e: number;
  /** The parsed text when Kubernetes would keep it as the string form. */
  readonly #s: string | undefined;
  /** The suffix family used when printing. */
  readonly format: QuantityFormat;

  private constructor(u: bigint, e: number, format: QuantityFormat, s?: string) {
    [this.#u, this.#e] = normalize(u, e);
    this.format = format;
    this.#s = s;
  }

  /**
   * Parses a quantity (`ParseQuantity`). Throws {@link QuantityParseError} with
   * {@link ERR_QUANTITY_FORMAT}, {@link ERR_QUANTITY_SUFFIX} or {@link ERR_QUANTITY_NUMERIC}.
   * No surrounding whitespace is allowed.
   */
  static parse(str: string): Quantity {
    if (str.length === 0) throw new QuantityParseError(ERR_QUANTITY_FORMAT);
    if (str === "0") return new Quantity(0n, 0, "DecimalSI", str);
    const { positive, num, denom, suffix } = scan(str);
    const interpreted = interpret(suffix);
    const { base, exponent } = interpreted;
    let format = interpreted.format;

    // Fast path of ParseQuantity: decides whether the input is kept as the string form.
    let precision: number;
    let scale = 0;
    let mantissa = 1n;
    if (format === "BinarySI") {
      if (exponent >= 0 && denom.length === 0) {
        mantissa = 1n << BigInt(exponent);
        precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
      } else precision = -1;
    } else {
      scale = exponent;
      precision = 18 - (num.length + denom.length);
    }
    if (precision >= 0) {
      scale -= denom.length;
      if (scale >= -9) {
        const shifted = num + denom;
        const value = BigInt(shifted);
        const result = value * mantissa;
        if (result <= MAX_ALLOWED) {
          const signed = positive ? result : -result;
          const canonical = format === "BinarySI"
            ? exponent % 10 === 0 && (value & 7n) !== 0n
            : scale % 3 === 0 && !shifted.endsWith("000") && shifted[0] !== "0";
          return new Quantity(signed, scale, format, canonical ? str : undefined);
        }
      }
    }

    // Slow path: exact decimal, rounded up to nano units, BinarySI capped.
    let amount = BigInt(num + denom);
    let exp = -denom.length;
    if (base === 10) exp += exponent;
    else amount *= 1n << BigInt(exponent);
    if (amount !== 0n && exp < -9) {
      if (digits(amount) + exp <= -9) {
        amount = 1n;
      } else {
        [amount] = divRoundUp(amount, -9 - exp);
      }
      exp = -9;
    }
    if (format === "BinarySI") {
      const q = new Quantity(amount, exp, format);
      if (q.cmp(new Quantity(MAX_ALLOWED, 0, format)) > 0) {
        amount = MAX_ALLOWED;
        exp = 0;
      } else if (amount !== 0n && q.cmp(new Quantity(1n, 0, format)) < 0) {
        format = "DecimalSI";
      }
    }
    return new Quantity(positive ? amount : -amount, exp, format);
  }

  /** Like {@link parse} but returns undefined instead of throwing. */
  static tryParse(str: string): Quantity | undefined {
    try {
      return Quantity.parse(str);
    } catch (e) {
      if (e instanceof QuantityParseError) return undefined;
      throw e;
    }
  }

  /**
   * Reads a quantity from decoded JSON, as `UnmarshalJSON`: a string (surrounding whitespace
   * trimmed) or a number. Throws {@link QuantityParseError} or TypeError.
   */
  static fromJSON(value: unknown): Quantity {
    if (typeof value === "string") return Quantity.parse(value.trim());
    if (typeof value === "number" && Number.isFinite(value)) {
      // As JSON text: 1e21 rather than JavaScript's 1e+21.
      return Quantity.parse(String(value).replace("e+", "e"));
    }
    throw new TypeError(`a quantity must be a string or a number, not ${typeof value}`);
  }

  /** `value` units (`NewQuantity`), e.g. `fromInt(1024, "BinarySI")` prints `1Ki`. */
  static fromInt(value: number | bigint, format: QuantityFormat = "DecimalSI"): Quantity {
    return new Quantity(toIntegerValue(value, "value"), 0, format);
  }

  /** `value` thousandths (`NewMilliQuantity`), e.g. `fromMilli(1500)` prints `1500m`. */
  static fromMilli(value: number | bigint, format: QuantityFormat = "DecimalSI"): Quantity {
    return new Quantity(toIntegerValue(value, "value"), -3, format);
  }

  /** `value * 10^scale` in DecimalSI (`NewScaledQuantity`); scale -9 is nano, 3 is kilo. */
  static fromScaled(value: number | bigint, scale: number): Quantity {
    if (!Number.isSafeInteger(scale)) throw new RangeError(`scale must be an integer: ${scale}`);
    return new Quantity(toIntegerValue(value, "value"), scale, "DecimalSI");
  }

  /** `unscaled * 10^exponent` in the given format (any precision, not rounded). */
  static fromDecimal(unscaled: bigint, exponent: number, format: QuantityFormat): Quantity {
    if (!Number.isSafeInteger(exponent)) {
      throw new RangeError(`exponent must be an integer: ${exponent}`);
    }
    return new Quantity(unscaled, exponent, format);
  }

  /** Zero in the given format. */
  static zero(format: QuantityFormat = "DecimalSI"): Quantity {
    return new Quantity(0n, 0, format);
  }

  /** -1, 0 or 1 by the sign of the value. */
  sign(): -1 | 0 | 1 {
    return this.#u === 0n ? 0 : this.#u > 0n ? 1 : -1;
  }

  /** Whether the value is zero. */
  isZero(): boolean {
    return this.#u === 0n;
  }

  /** Compares values (formats are ignored): -1, 0 or 1. */
  cmp(other: Quantity): -1 | 0 | 1 {
    const a = this.#u;
    const b = other.#u;
    const sa = this.sign();
    const sb = other.sign();
    if (sa !== sb) return sa < sb ? -1 : 1;
    if (sa === 0) return 0;
    // Same sign, both non-zero: compare magnitudes by order of magnitude first.
    const ma = digits(a) + this.#e;
    const mb = digits(b) + other.#e;
    let mag: -1 | 0 | 1;
    if (ma !== mb) mag = ma < mb ? -1 : 1;
    else {
      const e = Math.min(this.#e, other.#e);
      const x = abs(a) * pow10(this.#e - e);
      const y = abs(b) * pow10(other.#e - e);
      mag = x === y ? 0 : x < y ? -1 : 1;
    }
    return sa > 0 || mag === 0 ? mag : mag === 1 ? -1 : 1;
  }

  /** Whether the values are equal (formats are ignored). */
  equals(other: Quantity): boolean {
    return this.cmp(other) === 0;
  }

  /** The sum; its format is this one's, or `other`'s when this is zero (`Add`). */
  add(other: Quantity): Quantity {
    const format = this.isZero() ? other.format : this.format;
    if (other.isZero()) return new Quantity(this.#u, this.#e, format);
    if (this.isZero()) return new Quantity(other.#u, other.#e, format);
    const e = Math.min(this.#e, other.#e);
    const u = this.#u * pow10(this.#e - e) + other.#u * pow10(other.#e - e);
    return new Quantity(u, e, format);
  }

  /** The difference; its format is this one's, or `other`'s when this is zero (`Sub`). */
  sub(other: Quantity): Quantity {
    const format = this.isZero() ? other.format : this.format;
    return new Quantity(this.#u, this.#e, format).add(other.neg());
  }

  /** The negated value, same format (`Neg`). */
  neg(): Quantity {
    return new Quantity(-this.#u, this.#e, this.format);
  }

  /** The product with an integer, same format (`Mul`). */
  mul(factor: number | bigint): Quantity {
    return new Quantity(this.#u * toIntegerValue(factor, "factor"), this.#e, this.format);
  }

  /**
   * The value rounded up (away from zero) to a multiple of 10^scale, and whether that lost
   * nothing (`RoundUp`): `9.01` at scale -1 is `9.1`, inexact.
   */
  roundUp(scale: number): { quantity: Quantity; exact: boolean } {
    if (this.#e >= scale) return { quantity: this, exact: true };
    const [u, exact] = divRoundUp(this.#u, scale - this.#e);
    return { quantity: new Quantity(u, scale, this.format), exact };
  }

  /** ceil(value / 10^scale), rounded away from zero, exactly (`ScaledValue`). */
  scaledValue(scale: number): bigint {
    const shift = this.#e - scale;
    if (shift >= 0) {
      if (this.#u !== 0n && digits(this.#u) + shift > MAX_DIGITS) {
        throw new RangeError("quantity too large to convert to an integer");
      }
      return this.#u * pow10(shift);
    }
    return divRoundUp(this.#u, -shift)[0];
  }

  /** The value in units, rounded up away from zero (`Value`): `1500m` -> 2n. */
  value(): bigint {
    return this.scaledValue(0);
  }

  /** The value in thousandths, rounded up away from zero (`MilliValue`): `0.1m` parsed is 1n. */
  milliValue(): bigint {
    return this.scaledValue(-3);
  }

  /** The value as the nearest float (`AsApproximateFloat64`); ±Infinity beyond float range. */
  asApproximateFloat64(): number {
    return Number.parseFloat(`${this.#u}e${this.#e}`);
  }

  /** The canonical string form, always computed (`CanonicalizeBytes`). */
  canonical(): string {
    if (this.#u === 0n) return "0";
    let format = this.format;
    if (format === "BinarySI") {
      const inSmallRange = this.cmp(new Quantity(-1024n, 0, "DecimalSI")) > 0 &&
        this.cmp(new Quantity(1024n, 0, "DecimalSI")) < 0;
      // Normalized: an integer iff the exponent is not negative.
      if (inSmallRange || this.#e < 0) format = "DecimalSI";
      else if (this.#e < 70) {
        let n = this.#u * pow10(this.#e);
        let pow = 0;
        while (n % 1024n === 0n) {
          n /= 1024n;
          pow++;
        }
        const suffix = BINARY_SUFFIX_BY_POW[pow];
        if (suffix !== undefined) return `${n}${suffix}`;
        format = "DecimalExponent";
      } else format = "DecimalExponent";
    }
    let m = this.#u;
    let e = this.#e;
    while (e % 3 !== 0) {
      m *= 10n;
      e--;
    }
    if (format === "DecimalSI") {
      const suffix = DECIMAL_SUFFIX_BY_EXP.get(e);
      if (suffix !== undefined) return `${m}${suffix}`;
    }
    return e === 0 ? `${m}` : `${m}e${e}`;
  }

  /** The string form of Kubernetes' `String()`: the parsed text when kept, else {@link canonical}. */
  toString(): string {
    return this.#s ?? this.canonical();
  }

  /** JSON form: the string of {@link toString}, as `MarshalJSON`. */
  toJSON(): string {
    return this.toString();
  }
}
