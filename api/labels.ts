/**
 * Label selectors, as Kubernetes' `k8s.io/apimachinery/pkg/labels` (v0.36): the string syntax of
 * `?labelSelector=` and `kubectl -l` (parser, lexer and error messages ported), matching, the
 * canonical string form, and the structured `LabelSelector` of the API (`matchLabels` +
 * `matchExpressions`) with its conversion and validation (`pkg/apis/meta/v1`). Pure: no I/O.
 *
 * Grammar (comma is AND; blanks are space, tab, CR, LF):
 *
 * ```
 * <selector>    ::= "" | <requirement> | <requirement> "," <selector>
 * <requirement> ::= ["!"] KEY [ ("in" | "notin") "(" VALUES ")" | ("=" | "==" | "!=" | ">" | "<") VALUE ]
 * ```
 *
 * `KEY` alone means "exists", `!KEY` "does not exist"; `>`/`<` compare integers.
 *
 * Nothing versus everything: {@link Selector.everything} (also the empty string, and an empty
 * `LabelSelector` object `{}`) matches every object; {@link Selector.nothing} (also a `null` or
 * absent `LabelSelector`) matches none. For plain label maps (`spec.selector` of services and
 * replication controllers) {@link Selector.fromSet} follows `labels.SelectorFromSet`: an empty
 * map selects everything, unless `emptyIsEverything: false` is passed (a service without a
 * selector selects no pods).
 *
 * @module
 */

import {
  compareBytes,
  type FieldError,
  fieldErrorsMessage,
  forbidden,
  goQuote,
  invalid,
  isQualifiedName,
  isValidLabelValue,
  notSupported,
  required,
  validateLabels,
} from "./validation.ts";

/** A set of labels: `metadata.labels` of an object. */
export type Labels = Readonly<Record<string, string>>;

/**
 * A requirement operator, spelled as apimachinery's `selection.Operator`: `=`, `==`, `!=`, `in`,
 * `notin`, `exists`, `!` (does not exist), `gt`, `lt`.
 */
export type Operator = "=" | "==" | "!=" | "in" | "notin" | "exists" | "!" | "gt" | "lt";

const BINARY_OPERATORS: readonly Operator[] = ["in", "notin", "=", "==", "!=", "gt", "lt"];
const UNARY_OPERATORS: readonly Operator[] = ["exists", "!"];
const ALL_OPERATORS: readonly Operator[] = [...BINARY_OPERATORS, ...UNARY_OPERATORS];

/** One condition on one label key; a selector is the AND of its requirements. */
export interface Requirement {
  /** The label key. */
  readonly key: string;
  /** How the label relates to {@link values}. */
  readonly operator: Operator;
  /** The values: one for `=`, `==`, `!=`, `gt`, `lt`; one or more for `in`/`notin`; none otherwise. */
  readonly values: readonly string[];
}

/**
 * A label selector could not be parsed or built. `message` is apimachinery's (e.g. `unable to
 * parse requirement: ...`, `found ',', expected: ...`); `causes` holds the field errors when
 * the failure came from requirement validation.
 */
export class LabelSelectorError extends Error {
  /** Creates the error. */
  constructor(message: string, readonly causes: readonly FieldError[] = []) {
    super(message);
    this.name = "LabelSelectorError";
  }
}

function child(path: string | undefined, name: string): string {
  return path === undefined ? name : `${path}.${name}`;
}

function labelKeyError(key: string, path: string): FieldError | undefined {
  const errs = isQualifiedName(key);
  return errs.length === 0 ? undefined : invalid(path, key, errs.join("; "));
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Go's strconv.ParseInt(s, 10, 64); undefined when it would fail. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const v = BigInt(s);
  return v < INT64_MIN || v > INT64_MAX ? undefined : v;
}

/**
 * Builds a validated requirement, as apimachinery's `NewRequirement`: the key must be a
 * qualified name; `in`/`notin` need values, `=`/`==`/`!=` exactly one, `exists`/`!` none,
 * `gt`/`lt` exactly one integer; every value must be a valid label value. `path` prefixes the
 * field paths in the errors (`key`, `values`, `values[0][key]`, `operator`). `values` may be
 * `null` (a Go nil slice, printed as `null`). Throws {@link LabelSelectorError}.
 */
export function newRequirement(
  key: string,
  operator: string,
  values: readonly string[] | null,
  path?: string,
): Requirement {
  const errs: FieldError[] = [];
  const keyErr = labelKeyError(key, child(path, "key"));
  if (keyErr) errs.push(keyErr);
  const vals = values ?? [];
  const valuePath = child(path, "values");
  switch (operator) {
    case "in":
    case "notin":
      if (vals.length === 0) {
        errs.push(
          invalid(valuePath, values, "for 'in', 'notin' operators, values set can't be empty"),
        );
      }
      break;
    case "=":
    case "==":
    case "!=":
      if (vals.length !== 1) {
        errs.push(
          invalid(valuePath, values, "exact-match compatibility requires one single value"),
        );
      }
      break;
    case "exists":
    case "!":
      if (vals.length !== 0) {
        errs.push(
          invalid(valuePath, values, "values set must be empty for exists and does not exist"),
        );
      }
      break;
    case "gt":
    case "lt":
      if (vals.length !== 1) {
        errs.push(
          invalid(valuePath, values, "for 'Gt', 'Lt' operators, exactly one value is required"),
        );
      }
      vals.forEach((v, i) => {
        if (parseInt64(v) === undefined) {
          errs.push(
            invalid(
              `${valuePath}[${i}]`,
              v,
              "for 'Gt', 'Lt' operators, the value must be an integer",
            ),
          );
        }
      });
      break;
    default:
      errs.push(notSupported(child(path, "operator"), operator, ALL_OPERATORS));
  }
  vals.forEach((v, i) => {
    const msgs = isValidLabelValue(v);
    if (msgs.length !== 0) errs.push(invalid(`${valuePath}[${i}][${key}]`, v, msgs.join("; ")));
  });
  if (errs.length !== 0) throw new LabelSelectorError(fieldErrorsMessage(errs), errs);
  return { key, operator: operator as Operator, values: [...vals] };
}

function labelOf(labels: Labels | null | undefined, key: string): string | undefined {
  if (!labels || !Object.hasOwn(labels, key)) return undefined;
  return labels[key];
}

/**
 * Whether one requirement holds for a label set: `in`/`=`/`==` need the key with one of the
 * values; `notin`/`!=` hold when the key is absent or has another value; `exists`/`!` test the
 * key; `gt`/`lt` need the key with an integer value compared numerically.
 */
export function requirementMatches(r: Requirement, labels: Labels | null | undefined): boolean {
  const val = labelOf(labels, r.key);
  switch (r.operator) {
    case "in":
    case "=":
    case "==":
      return val !== undefined && r.values.includes(val);
    case "notin":
    case "!=":
      return val === undefined || !r.values.includes(val);
    case "exists":
      return val !== undefined;
    case "!":
      return val === undefined;
    case "gt":
    case "lt": {
      if (val === undefined || r.values.length !== 1) return false;
      const have = parseInt64(val);
      const want = parseInt64(r.values[0] ?? "");
      if (have === undefined || want === undefined) return false;
      return r.operator === "gt" ? have > want : have < want;
    }
    default:
      return false;
  }
}

function sortedValues(values: readonly string[]): string[] {
  return [...values].sort(compareBytes);
}

/** A requirement in selector syntax, as Kubernetes prints it (values sorted: `x in (a,b)`, `!y`, `z!=c`). */
export function requirementToString(r: Requirement): string {
  let s = r.operator === "!" ? "!" + r.key : r.key;
  switch (r.operator) {
    case "exists":
    case "!":
      return s;
    case "=":
    case "==":
    case "!=":
      s += r.operator;
      break;
    case "in":
    case "notin":
      s += ` ${r.operator} (`;
      break;
    case "gt":
      s += ">";
      break;
    case "lt":
      s += "<";
      break;
  }
  s += r.values.length === 1 ? (r.values[0] ?? "") : sortedValues(r.values).join(",");
  if (r.operator === "in" || r.operator === "notin") s += ")";
  return s;
}

function sortByKey(reqs: Requirement[]): Requirement[] {
  // Go sorts with sort.Sort (insertion sort below 13 items, so stable in practice).
  return reqs.sort((a, b) => compareBytes(a.key, b.key));
}

/** Options of {@link Selector.fromSet}. */
export interface FromSetOptions {
  /**
   * Whether an empty (or absent) set selects everything, as `labels.SelectorFromSet` (the
   * default, `true`); with `false` it selects nothing, as for a service without a selector.
   */
  readonly emptyIsEverything?: boolean;
}

/**
 * A parsed label selector: the AND of its requirements, kept sorted by key; or the special
 * selector that matches nothing. Immutable.
 */
export class Selector {
  readonly #reqs: readonly Requirement[] | null;

  private constructor(reqs: readonly Requirement[] | null) {
    this.#reqs = reqs;
  }

  static readonly #everything = new Selector([]);
  static readonly #nothing = new Selector(null);

  /** The selector that matches every label set (empty string form). */
  static everything(): Selector {
    return Selector.#everything;
  }

  /** The selector that matches nothing (its string form is also empty). */
  static nothing(): Selector {
    return Selector.#nothing;
  }

  /**
   * Parses the string form (`a=b,c in (x,y),!d`), as `labels.Parse`. The empty string (or only
   * blanks) selects everything. `path` is used in validation errors, as `field.WithPath`.
   * Throws {@link LabelSelectorError} with Kubernetes' message.
   */
  static parse(selector: string, path?: string): Selector {
    const reqs = new Parser(selector, path).parse();
    return reqs.length === 0 ? Selector.#everything : new Selector(sortByKey(reqs));
  }

  /**
   * A selector requiring every label of `set` (`k=v` each), without validation
   * (`labels.SelectorFromSet`). See {@link FromSetOptions.emptyIsEverything} for empty sets.
   */
  static fromSet(set: Labels | null | undefined, options: FromSetOptions = {}): Selector {
    const keys = set ? Object.keys(set) : [];
    if (keys.length === 0) {
      return options.emptyIsEverything === false ? Selector.#nothing : Selector.#everything;
    }
    const reqs: Requirement[] = keys.map((k) => ({
      key: k,
      operator: "=" as const,
      values: [(set as Labels)[k] ?? ""],
    }));
    return new Selector(sortByKey(reqs));
  }

  /**
   * Like {@link fromSet} (empty selects everything) but validates each key and value, as
   * `labels.ValidatedSelectorFromSet`; throws {@link LabelSelectorError}.
   */
  static validatedFromSet(set: Labels | null | undefined): Selector {
    const keys = set ? Object.keys(set).sort(compareBytes) : [];
    if (keys.length === 0) return Selector.#everything;
    return new Selector(keys.map((k) => newRequirement(k, "=", [(set as Labels)[k] ?? ""])));
  }

  /** A selector of the given requirements (sorted by key; not re-validated). */
  static fromRequirements(reqs: readonly Requirement[]): Selector {
    return reqs.length === 0 ? Selector.#everything : new Selector(sortByKey([...reqs]));
  }

  /** Whether the labels satisfy every requirement (never, for {@link nothing}). */
  matches(labels: Labels | null | undefined): boolean {
    if (this.#reqs === null) return false;
    for (const r of this.#reqs) if (!requirementMatches(r, labels)) return false;
    return true;
  }

  /** Whether this selector does not restrict anything (`Empty()`): true for everything, false for nothing. */
  isEmpty(): boolean {
    return this.#reqs !== null && this.#reqs.length === 0;
  }

  /** Whether this is the selector that matches nothing. */
  matchesNothing(): boolean {
    return this.#reqs === null;
  }

  /** The requirements, sorted by key (none for everything and for nothing). */
  requirements(): readonly Requirement[] {
    return this.#reqs ?? [];
  }

  /** A new selector with more requirements (re-sorted by key); nothing stays nothing. */
  add(...reqs: Requirement[]): Selector {
    if (this.#reqs === null) return this;
    return new Selector(sortByKey([...this.#reqs, ...reqs]));
  }

  /**
   * The single value this selector requires for `key` (from the first requirement on that key,
   * when it is `=`, `==`, or `in` with one value), as `RequiresExactMatch`; else undefined.
   */
  requiresExactMatch(key: string): string | undefined {
    for (const r of this.#reqs ?? []) {
      if (r.key !== key) continue;
      if (
        (r.operator === "=" || r.operator === "==" || r.operator === "in") && r.values.length === 1
      ) {
        return r.values[0];
      }
      return undefined;
    }
    return undefined;
  }

  /**
   * Every key this selector pins to a single value (see {@link requiresExactMatch}), for index
   * look-ups: any matching object has exactly these labels (and maybe more).
   */
  exactMatches(): Map<string, string> {
    const out = new Map<string, string>();
    for (const r of this.#reqs ?? []) {
      if (out.has(r.key)) continue;
      const v = this.requiresExactMatch(r.key);
      if (v !== undefined) out.set(r.key, v);
    }
    return out;
  }

  /** The canonical string form, requirements sorted by key (`a=b,c in (x,y)`); "" for everything and nothing. */
  toString(): string {
    return (this.#reqs ?? []).map(requirementToString).join(",");
  }
}

// ---------------------------------------------------------------------------------------------
// Lexer and parser (ported from apimachinery's labels/selector.go)
// ---------------------------------------------------------------------------------------------

const enum Tok {
  Error,
  EndOfString,
  ClosedPar,
  Comma,
  DoesNotExist,
  DoubleEquals,
  Equals,
  GreaterThan,
  Identifier,
  In,
  LessThan,
  NotEquals,
  NotIn,
  OpenPar,
}

const STRING_TO_TOKEN: ReadonlyMap<string, Tok> = new Map([
  [")", Tok.ClosedPar],
  [",", Tok.Comma],
  ["!", Tok.DoesNotExist],
  ["==", Tok.DoubleEquals],
  ["=", Tok.Equals],
  [">", Tok.GreaterThan],
  ["in", Tok.In],
  ["<", Tok.LessThan],
  ["!=", Tok.NotEquals],
  ["notin", Tok.NotIn],
  ["(", Tok.OpenPar],
]);

function isWhitespace(ch: string): boolean {
  return ch === " " || ch === "\t" || ch === "\r" || ch === "\n";
}

function isSpecialSymbol(ch: string): boolean {
  return ch === "=" || ch === "!" || ch === "(" || ch === ")" || ch === "," || ch === ">" ||
    ch === "<";
}

interface Item {
  readonly tok: Tok;
  readonly lit: string;
}

/** Tokenizer over code units; "\0" doubles as end of input, as the Go lexer's zero byte. */
class Lexer {
  #pos = 0;
  constructor(private readonly s: string) {}

  #read(): string {
    if (this.#pos < this.s.length) return this.s[this.#pos++] ?? "\0";
    return "\0";
  }

  #unread(): void {
    this.#pos--;
  }

  #scanIdOrKeyword(): Item {
    let buf = "";
    for (;;) {
      const ch = this.#read();
      if (ch === "\0") break;
      if (isSpecialSymbol(ch) || isWhitespace(ch)) {
        this.#unread();
        break;
      }
      buf += ch;
    }
    const tok = STRING_TO_TOKEN.get(buf);
    return tok !== undefined ? { tok, lit: buf } : { tok: Tok.Identifier, lit: buf };
  }

  #scanSpecialSymbol(): Item {
    let last: Item | undefined;
    let buf = "";
    for (;;) {
      const ch = this.#read();
      if (ch === "\0") break;
      if (isSpecialSymbol(ch)) {
        buf += ch;
        const tok = STRING_TO_TOKEN.get(buf);
        if (tok !== undefined) last = { tok, lit: buf };
        else if (last !== undefined) {
          this.#unread();
          break;
        }
      } else {
        this.#unread();
        break;
      }
    }
    return last ?? { tok: Tok.Error, lit: `error expected: keyword found '${buf}'` };
  }

  lex(): Item {
    let ch = this.#read();
    while (isWhitespace(ch)) ch = this.#read();
    if (ch === "\0") return { tok: Tok.EndOfString, lit: "" };
    this.#unread();
    return isSpecialSymbol(ch) ? this.#scanSpecialSymbol() : this.#scanIdOrKeyword();
  }
}

const enum Ctx {
  KeyAndOperator,
  Values,
}

class ParseError extends Error {}

class Parser {
  readonly #items: Item[] = [];
  #pos = 0;

  constructor(selector: string, private readonly path: string | undefined) {
    const lexer = new Lexer(selector);
    for (;;) {
      const item = lexer.lex();
      this.#items.push(item);
      if (item.tok === Tok.EndOfString) break;
    }
  }

  #at(i: number, ctx: Ctx): Item {
    const item = this.#items[i] ?? { tok: Tok.EndOfString, lit: "" };
    if (ctx === Ctx.Values && (item.tok === Tok.In || item.tok === Tok.NotIn)) {
      return { tok: Tok.Identifier, lit: item.lit };
    }
    return item;
  }

  #lookahead(ctx: Ctx): Item {
    return this.#at(this.#pos, ctx);
  }

  #consume(ctx: Ctx): Item {
    return this.#at(this.#pos++, ctx);
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.#lookahead(Ctx.Values);
      switch (tok) {
        case Tok.Identifier:
        case Tok.DoesNotExist: {
          let r: Requirement;
          try {
            r = this.#parseRequirement();
          } catch (e) {
            if (e instanceof ParseError || e instanceof LabelSelectorError) {
              throw new LabelSelectorError(
                `unable to parse requirement: ${e.message}`,
                e instanceof LabelSelectorError ? e.causes : [],
              );
            }
            throw e;
          }
          reqs.push(r);
          const t = this.#consume(Ctx.Values);
          switch (t.tok) {
            case Tok.EndOfString:
              return reqs;
            case Tok.Comma: {
              const t2 = this.#lookahead(Ctx.Values);
              if (t2.tok !== Tok.Identifier && t2.tok !== Tok.DoesNotExist) {
                throw new LabelSelectorError(`found '${t2.lit}', expected: identifier after ','`);
              }
              break;
            }
            default:
              throw new LabelSelectorError(`found '${t.lit}', expected: ',' or 'end of string'`);
          }
          break;
        }
        case Tok.EndOfString:
          return reqs;
        default:
          throw new LabelSelectorError(
            `found '${lit}', expected: !, identifier, or 'end of string'`,
          );
      }
    }
  }

  #parseRequirement(): Requirement {
    const [key, inferred] = this.#parseKeyAndInferOperator();
    if (inferred === "exists" || inferred === "!") {
      return newRequirement(key, inferred, [], this.path);
    }
    const op = this.#parseOperator();
    const values = op === "in" || op === "notin" ? this.#parseValues() : this.#parseExactValue();
    return newRequirement(key, op, [...values].sort(compareBytes), this.path);
  }

  #parseKeyAndInferOperator(): [string, Operator | ""] {
    let op: Operator | "" = "";
    let item = this.#consume(Ctx.Values);
    if (item.tok === Tok.DoesNotExist) {
      op = "!";
      item = this.#consume(Ctx.Values);
    }
    if (item.tok !== Tok.Identifier) {
      throw new ParseError(`found '${item.lit}', expected: identifier`);
    }
    const err = labelKeyError(item.lit, this.path ?? "<nil>");
    if (err) throw new ParseError(err.message);
    const next = this.#lookahead(Ctx.Values).tok;
    if ((next === Tok.EndOfString || next === Tok.Comma) && op !== "!") op = "exists";
    return [item.lit, op];
  }

  #parseOperator(): Operator {
    const { tok, lit } = this.#consume(Ctx.KeyAndOperator);
    switch (tok) {
      case Tok.In:
        return "in";
      case Tok.Equals:
        return "=";
      case Tok.DoubleEquals:
        return "==";
      case Tok.GreaterThan:
        return "gt";
      case Tok.LessThan:
        return "lt";
      case Tok.NotIn:
        return "notin";
      case Tok.NotEquals:
        return "!=";
      default:
        throw new ParseError(`found '${lit}', expected: ${BINARY_OPERATORS.join(", ")}`);
    }
  }

  #parseValues(): Set<string> {
    const open = this.#consume(Ctx.Values);
    if (open.tok !== Tok.OpenPar) throw new ParseError(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.#lookahead(Ctx.Values);
    switch (tok) {
      case Tok.Identifier:
      case Tok.Comma: {
        const s = this.#parseIdentifiersList();
        if (this.#consume(Ctx.Values).tok !== Tok.ClosedPar) {
          throw new ParseError(`found '${lit}', expected: ')'`);
        }
        return s;
      }
      case Tok.ClosedPar:
        this.#consume(Ctx.Values);
        return new Set([""]);
      default:
        throw new ParseError(`found '${lit}', expected: ',', ')' or identifier`);
    }
  }

  #parseIdentifiersList(): Set<string> {
    const s = new Set<string>();
    for (;;) {
      const { tok, lit } = this.#consume(Ctx.Values);
      switch (tok) {
        case Tok.Identifier: {
          s.add(lit);
          const next = this.#lookahead(Ctx.Values);
          if (next.tok === Tok.Comma) continue;
          if (next.tok === Tok.ClosedPar) return s;
          throw new ParseError(`found '${next.lit}', expected: ',' or ')'`);
        }
        case Tok.Comma: {
          if (s.size === 0) s.add("");
          const next = this.#lookahead(Ctx.Values).tok;
          if (next === Tok.ClosedPar) {
            s.add("");
            return s;
          }
          if (next === Tok.Comma) s.add("");
          break;
        }
        default:
          throw new ParseError(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }

  #parseExactValue(): Set<string> {
    const next = this.#lookahead(Ctx.Values).tok;
    if (next === Tok.EndOfString || next === Tok.Comma) return new Set([""]);
    const { tok, lit } = this.#consume(Ctx.Values);
    if (tok === Tok.Identifier) return new Set([lit]);
    throw new ParseError(`found '${lit}', expected: identifier`);
  }
}

// ---------------------------------------------------------------------------------------------
// The API's structured LabelSelector (meta/v1)
// ---------------------------------------------------------------------------------------------

/** The operator of a {@link LabelSelectorRequirement}: `In`, `NotIn`, `Exists`, `DoesNotExist`. */
export type LabelSelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist";

/** One `matchExpressions` entry of a meta/v1 LabelSelector. */
export interface LabelSelectorRequirement {
  /** The label key. */
  readonly key: string;
  /** `In`, `NotIn`, `Exists` or `DoesNotExist` (other strings are rejected). */
  readonly operator: LabelSelectorOperator | string;
  /** Values for `In`/`NotIn` (non-empty); absent or empty for `Exists`/`DoesNotExist`. */
  readonly values?: readonly string[] | null;
}

/** The meta/v1 LabelSelector of the API (`spec.selector` of Deployments, ReplicaSets, ...). */
export interface LabelSelector {
  /** Labels that must be present with these values. */
  readonly matchLabels?: Readonly<Record<string, string>> | null;
  /** Further requirements, ANDed with `matchLabels`. */
  readonly matchExpressions?: readonly LabelSelectorRequirement[] | null;
}

const API_OPERATORS: Readonly<Record<string, Operator>> = {
  In: "in",
  NotIn: "notin",
  Exists: "exists",
  DoesNotExist: "!",
};

/**
 * Converts an API LabelSelector to a {@link Selector}, as `metav1.LabelSelectorAsSelector`:
 * `null`/`undefined` selects nothing, `{}` (no labels, no expressions) everything. Throws
 * {@link LabelSelectorError} for an unknown operator (`"Foo" is not a valid label selector
 * operator`) or an invalid requirement (e.g. `values: Invalid value: null: for 'in', 'notin'
 * operators, values set can't be empty`).
 */
export function labelSelectorAsSelector(ps: LabelSelector | null | undefined): Selector {
  if (ps === null || ps === undefined) return Selector.nothing();
  const labels = ps.matchLabels ?? {};
  const exprs = ps.matchExpressions ?? [];
  const keys = Object.keys(labels).sort(compareBytes);
  if (keys.length + exprs.length === 0) return Selector.everything();
  const reqs: Requirement[] = keys.map((k) => newRequirement(k, "=", [labels[k] ?? ""]));
  for (const expr of exprs) {
    const op = Object.hasOwn(API_OPERATORS, expr.operator)
      ? API_OPERATORS[expr.operator]
      : undefined;
    if (op === undefined) {
      throw new LabelSelectorError(
        `${goQuote(expr.operator)} is not a valid label selector operator`,
      );
    }
    const values = expr.values && expr.values.length > 0 ? [...expr.values] : null;
    reqs.push(newRequirement(expr.key, op, values));
  }
  return Selector.fromRequirements(reqs);
}

/** Options of {@link validateLabelSelector}, as `LabelSelectorValidationOptions`. */
export interface LabelSelectorValidationOptions {
  /** Accept values that are not valid label values (for existing stored objects). */
  readonly allowInvalidLabelValueInSelector?: boolean;
  /** Accept unknown operators. */
  readonly allowUnknownOperatorInRequirement?: boolean;
}

/**
 * Validates an API LabelSelector at `path` (e.g. `spec.selector`), as
 * `metav1validation.ValidateLabelSelector`: `matchLabels` as labels, and each expression:
 * `values: Required value: must be specified when `operator` is 'In' or 'NotIn'`,
 * `values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'`,
 * `operator: Invalid value: "X": not a valid selector operator`, the key a qualified name and
 * each value a label value. A null selector is valid.
 */
export function validateLabelSelector(
  ps: LabelSelector | null | undefined,
  path: string,
  options: LabelSelectorValidationOptions = {},
): FieldError[] {
  const errs: FieldError[] = [];
  if (ps === null || ps === undefined) return errs;
  errs.push(...validateLabels(ps.matchLabels, `${path}.matchLabels`));
  (ps.matchExpressions ?? []).forEach((expr, i) => {
    errs.push(...validateLabelSelectorRequirement(expr, `${path}.matchExpressions[${i}]`, options));
  });
  return errs;
}

/** Validates one `matchExpressions` entry at `path`; see {@link validateLabelSelector}. */
export function validateLabelSelectorRequirement(
  sr: LabelSelectorRequirement,
  path: string,
  options: LabelSelectorValidationOptions = {},
): FieldError[] {
  const errs: FieldError[] = [];
  const values = sr.values ?? [];
  switch (sr.operator) {
    case "In":
    case "NotIn":
      if (values.length === 0) {
        errs.push(
          required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"),
        );
      }
      break;
    case "Exists":
    case "DoesNotExist":
      if (values.length > 0) {
        errs.push(
          forbidden(
            `${path}.values`,
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        );
      }
      break;
    default:
      if (!options.allowUnknownOperatorInRequirement) {
        errs.push(invalid(`${path}.operator`, sr.operator, "not a valid selector operator"));
      }
  }
  for (const m of isQualifiedName(sr.key)) errs.push(invalid(`${path}.key`, sr.key, m));
  if (!options.allowInvalidLabelValueInSelector) {
    values.forEach((v, i) => {
      for (const m of isValidLabelValue(v)) errs.push(invalid(`${path}.values[${i}]`, v, m));
    });
  }
  return errs;
}

/**
 * An API LabelSelector as text for tables and `describe`, as `metav1.FormatLabelSelector`:
 * the selector string, `<none>` when empty, `<error>` when it does not convert.
 */
export function formatLabelSelector(ps: LabelSelector | null | undefined): string {
  let s: string;
  try {
    s = labelSelectorAsSelector(ps).toString();
  } catch (e) {
    if (e instanceof LabelSelectorError) return "<error>";
    throw e;
  }
  return s.length === 0 ? "<none>" : s;
}

/** A label map as text, as `labels.FormatLabels`: `a=b,c=d` sorted by key, `<none>` when empty. */
export function formatLabels(labels: Labels | null | undefined): string {
  const s = Object.keys(labels ?? {})
    .sort(compareBytes)
    .map((k) => `${k}=${(labels as Labels)[k]}`)
    .join(",");
  return s.length === 0 ? "<none>" : s;
}
