/**
 * Field selectors, as Kubernetes' `k8s.io/apimachinery/pkg/fields` (v0.36): the syntax of
 * `?fieldSelector=` and `kubectl --field-selector` (`a=b`, `a==b`, `a!=b`, comma = AND, `\`
 * escapes `\`, `,` and `=` in values), matching against an object's field accessor, the
 * canonical string, and the per-kind check of supported field labels with the API server's
 * error (`field label not supported: <field>`). Pure: no I/O.
 *
 * Matching follows Kubernetes: a field the object does not have reads as the empty string, so
 * `spec.nodeName=` selects unscheduled pods and `spec.nodeName!=` scheduled ones.
 *
 * @module
 */

import { compareBytes } from "./validation.ts";

/** The operator of a field requirement: `=` (also written `==`) or `!=`. */
export type FieldOperator = "=" | "!=";

/** One `field op value` term; a field selector is the AND of its terms. */
export interface FieldRequirement {
  /** The field label, e.g. `metadata.name`, `spec.nodeName`, `status.phase`. */
  readonly field: string;
  /** `=` or `!=`. */
  readonly operator: FieldOperator;
  /** The (unescaped) value. */
  readonly value: string;
}

/** Reads a field label of an object (`metadata.name` -> the name); undefined when absent. */
export type FieldAccessor = (field: string) => string | undefined;

/**
 * A field selector could not be parsed (`invalid selector: 'x'; can't understand 'x'`,
 * `invalid field selector: invalid escape sequence: \x`, `invalid field selector: unescaped
 * character in value: 61`), all as apimachinery words them.
 */
export class FieldSelectorError extends Error {
  /** Creates the error. */
  constructor(message: string) {
    super(message);
    this.name = "FieldSelectorError";
  }
}

/**
 * A field label is not selectable for the kind: `field label not supported: <field>`, the
 * API server's message (answered as 400 BadRequest).
 */
export class FieldLabelNotSupportedError extends Error {
  /** Creates the error for `field`. */
  constructor(readonly field: string) {
    super(`field label not supported: ${field}`);
    this.name = "FieldLabelNotSupportedError";
  }
}

/** Escapes a literal value for a field selector: `\` -> `\\`, `,` -> `\,`, `=` -> `\=`. */
export function escapeValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => "\\" + c);
}

/**
 * Undoes {@link escapeValue}. Throws {@link FieldSelectorError} on an unknown escape (`\x`), a
 * trailing `\`, or an unescaped `,` or `=` (reported by code point, as Go prints a rune: `61`).
 */
export function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = "";
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c === "\\" || c === "," || c === "=") out += c;
      else {
        throw new FieldSelectorError(
          `invalid field selector: invalid escape sequence: \\${c}`,
        );
      }
      inSlash = false;
      continue;
    }
    if (c === "\\") inSlash = true;
    else if (c === "," || c === "=") {
      throw new FieldSelectorError(
        `invalid field selector: unescaped character in value: ${c.codePointAt(0)}`,
      );
    } else out += c;
  }
  if (inSlash) throw new FieldSelectorError("invalid field selector: invalid escape sequence: \\");
  return out;
}

/** Splits on commas not escaped by a backslash; escapes stay in the terms. */
function splitTerms(selector: string): string[] {
  if (selector.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (inSlash) inSlash = false;
    else if (c === "\\") inSlash = true;
    else if (c === ",") {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

/** Splits a term at the first `!=`, `==` or `=` (in that preference at each position). */
function splitTerm(term: string): [string, string, string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ["!=", "==", "="]) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

function termToString(r: FieldRequirement): string {
  return `${r.field}${r.operator}${escapeValue(r.value)}`;
}

/**
 * A field selector: the AND of its terms (kept in their parsed order, which is sorted by the
 * raw term text), or the selector matching nothing. Immutable.
 */
export class FieldSelector {
  readonly #terms: readonly FieldRequirement[] | null;

  private constructor(terms: readonly FieldRequirement[] | null) {
    this.#terms = terms;
  }

  static readonly #everything = new FieldSelector([]);
  static readonly #nothing = new FieldSelector(null);

  /** The selector that matches everything (the empty string). */
  static everything(): FieldSelector {
    return FieldSelector.#everything;
  }

  /** The selector that matches nothing. */
  static nothing(): FieldSelector {
    return FieldSelector.#nothing;
  }

  /**
   * Parses `a=b,c!=d` as `fields.ParseSelector`: terms are split on unescaped commas and sorted,
   * empty terms skipped, each split at its first operator, values unescaped. A term whose field
   * and value are both empty (`=`) is dropped. Throws {@link FieldSelectorError}.
   */
  static parse(selector: string): FieldSelector {
    const parts = splitTerms(selector).sort(compareBytes);
    const terms: FieldRequirement[] = [];
    for (const part of parts) {
      if (part === "") continue;
      const split = splitTerm(part);
      if (split === undefined) {
        throw new FieldSelectorError(
          `invalid selector: '${selector}'; can't understand '${part}'`,
        );
      }
      const [field, op, rhs] = split;
      const value = unescapeValue(rhs);
      if (field === "" && value === "") continue;
      terms.push({ field, operator: op === "!=" ? "!=" : "=", value });
    }
    return terms.length === 0 ? FieldSelector.#everything : new FieldSelector(terms);
  }

  /** A selector requiring `field=value` for every entry (`fields.SelectorFromSet`); null/empty selects everything. */
  static fromSet(set: Readonly<Record<string, string>> | null | undefined): FieldSelector {
    const entries = Object.entries(set ?? {}).sort((a, b) => compareBytes(a[0], b[0]));
    const terms = entries.map(([field, value]) => ({
      field,
      operator: "=" as const,
      value,
    }));
    return FieldSelector.fromRequirements(terms);
  }

  /** A selector of the given terms, in the given order. */
  static fromRequirements(terms: readonly FieldRequirement[]): FieldSelector {
    return terms.length === 0 ? FieldSelector.#everything : new FieldSelector([...terms]);
  }

  /** `field=value` (`fields.OneTermEqualSelector`). */
  static oneTermEqual(field: string, value: string): FieldSelector {
    return new FieldSelector([{ field, operator: "=", value }]);
  }

  /** `field!=value` (`fields.OneTermNotEqualSelector`). */
  static oneTermNotEqual(field: string, value: string): FieldSelector {
    return new FieldSelector([{ field, operator: "!=", value }]);
  }

  /** The AND of several selectors (`fields.AndSelectors`); nothing if any is nothing. */
  static and(...selectors: FieldSelector[]): FieldSelector {
    const terms: FieldRequirement[] = [];
    for (const s of selectors) {
      if (s.#terms === null) return FieldSelector.#nothing;
      terms.push(...s.#terms);
    }
    return FieldSelector.fromRequirements(terms);
  }

  /**
   * Whether an object's fields satisfy every term; `get` returns a field's value, undefined
   * (read as "") when the object has no such field.
   */
  matches(get: FieldAccessor): boolean {
    if (this.#terms === null) return false;
    for (const t of this.#terms) {
      const have = get(t.field) ?? "";
      if ((have === t.value) !== (t.operator === "=")) return false;
    }
    return true;
  }

  /** {@link matches} over a plain map of field labels to values. */
  matchesFields(fields: Readonly<Record<string, string>>): boolean {
    return this.matches((f) => (Object.hasOwn(fields, f) ? fields[f] : undefined));
  }

  /** Whether this selector does not restrict anything (`Empty()`). */
  isEmpty(): boolean {
    return this.#terms !== null && this.#terms.length === 0;
  }

  /** Whether this is the selector that matches nothing. */
  matchesNothing(): boolean {
    return this.#terms === null;
  }

  /** The terms, in order (none for everything and nothing). */
  requirements(): readonly FieldRequirement[] {
    return this.#terms ?? [];
  }

  /** The value an `=` term requires for `field` (the first such term), as `RequiresExactMatch`; else undefined. */
  requiresExactMatch(field: string): string | undefined {
    for (const t of this.#terms ?? []) {
      if (t.field === field && t.operator === "=") return t.value;
    }
    return undefined;
  }

  /**
   * Rewrites every term with `fn(field, value) -> [field, value]` (`Selector.Transform`), e.g.
   * to rename deprecated field labels; a term mapped to `["", ""]` is dropped. Errors thrown by
   * `fn` propagate, the first in term order.
   */
  transform(fn: (field: string, value: string) => readonly [string, string]): FieldSelector {
    if (this.#terms === null) return this;
    const out: FieldRequirement[] = [];
    for (const t of this.#terms) {
      const [field, value] = fn(t.field, t.value);
      if (field === "" && value === "") continue;
      out.push({ field, operator: t.operator, value });
    }
    return FieldSelector.fromRequirements(out);
  }

  /** The string form: terms joined by `,`, values escaped (`a=b,c!=d\,e`); "" for everything and nothing. */
  toString(): string {
    return (this.#terms ?? []).map(termToString).join(",");
  }
}

/**
 * Checks a field selector against the field labels a kind supports, as the API server's
 * per-kind field label conversion: every field must be in `supported` (or be a key of
 * `aliases`, which renames it, e.g. `{ "spec.host": "spec.nodeName" }` for pods). Returns the
 * selector with aliases applied; throws {@link FieldLabelNotSupportedError} for the first
 * unsupported field. The lists themselves come from the caller (the kind's registry).
 */
export function checkFieldSelector(
  selector: FieldSelector,
  supported: Iterable<string>,
  aliases: Readonly<Record<string, string>> = {},
): FieldSelector {
  const allowed = supported instanceof Set ? supported as ReadonlySet<string> : new Set(supported);
  return selector.transform((field, value) => {
    if (allowed.has(field)) return [field, value];
    if (Object.hasOwn(aliases, field)) return [aliases[field] ?? field, value];
    throw new FieldLabelNotSupportedError(field);
  });
}

/** The field labels every kind supports: `metadata.name`, `metadata.namespace`. */
export const DEFAULT_FIELD_LABELS: readonly string[] = ["metadata.name", "metadata.namespace"];
