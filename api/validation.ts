/**
 * Validation of names, label keys and values, annotations, and generated names, with the exact
 * error strings of Kubernetes (k8s.io/apimachinery `pkg/util/validation`,
 * `pkg/api/validate/content`, `pkg/api/validation`, v0.36). Also the field-error vocabulary
 * ({@link FieldError}) those checks are reported in, formatted as apimachinery's
 * `field.Error`, and the Go quoting helpers those messages need. Pure: no I/O.
 *
 * The `is*` functions return a list of problems (empty when valid), as apimachinery does; lengths
 * are counted in UTF-8 bytes, as Go's `len` does.
 *
 * @module
 */

// ---------------------------------------------------------------------------------------------
// Go formatting helpers
// ---------------------------------------------------------------------------------------------

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/**
 * Quotes a string as Go's `strconv.Quote` (and `%q`) does: double quotes, backslash escapes for
 * `"` and `\`, `\n` `\t` and friends, `\xHH` for other ASCII controls, `\uHHHH`/`\UHHHHHHHH` for
 * non-printable runes; printable Unicode is kept as is.
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const r = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === "\\") {
      out += "\\" + ch;
    } else if (PRINTABLE.test(ch)) {
      out += ch;
    } else {
      switch (ch) {
        case "\x07":
          out += "\\a";
          break;
        case "\b":
          out += "\\b";
          break;
        case "\f":
          out += "\\f";
          break;
        case "\n":
          out += "\\n";
          break;
        case "\r":
          out += "\\r";
          break;
        case "\t":
          out += "\\t";
          break;
        case "\v":
          out += "\\v";
          break;
        default:
          if (r >= 0xd800 && r <= 0xdfff) {
            // A lone surrogate: Go strings hold valid UTF-8 here, so it would be U+FFFD.
            out += "\ufffd";
          } else if (r < 0x20 || r === 0x7f) {
            out += "\\x" + r.toString(16).padStart(2, "0");
          } else if (r < 0x10000) {
            out += "\\u" + r.toString(16).padStart(4, "0");
          } else {
            out += "\\U" + r.toString(16).padStart(8, "0");
          }
      }
    }
  }
  return out + '"';
}

function goJSONString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const r = ch.codePointAt(0) ?? 0;
    switch (ch) {
      case '"':
        out += '\\"';
        break;
      case "\\":
        out += "\\\\";
        break;
      case "\n":
        out += "\\n";
        break;
      case "\r":
        out += "\\r";
        break;
      case "\t":
        out += "\\t";
        break;
      case "\b":
        out += "\\b";
        break;
      case "\f":
        out += "\\f";
        break;
      default:
        if (r < 0x20 || ch === "<" || ch === ">" || ch === "&" || r === 0x2028 || r === 0x2029) {
          out += "\\u" + r.toString(16).padStart(4, "0");
        } else if (r >= 0xd800 && r <= 0xdfff) {
          out += "\\ufffd";
        } else {
          out += ch;
        }
    }
  }
  return out + '"';
}

/**
 * Encodes a value as Go's `encoding/json` `Marshal` would for the plain data it is used on
 * here (strings, numbers, booleans, null, arrays, maps with sorted keys): HTML-safe escaping of
 * `<`, `>`, `&`, no whitespace.
 */
export function goJSON(value: unknown): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
      return goJSONString(value);
    case "number":
      return Number.isFinite(value) ? String(value) : "null";
    case "bigint":
      return value.toString();
    case "boolean":
      return value ? "true" : "false";
    case "object": {
      if (Array.isArray(value)) return "[" + value.map(goJSON).join(",") + "]";
      if (value instanceof Map) {
        const keys = [...value.keys()].map(String).sort(compareBytes);
        return "{" + keys.map((k) => goJSONString(k) + ":" + goJSON(value.get(k))).join(",") +
          "}";
      }
      const rec = value as Record<string, unknown>;
      const keys = Object.keys(rec).filter((k) => rec[k] !== undefined).sort(compareBytes);
      return "{" + keys.map((k) => goJSONString(k) + ":" + goJSON(rec[k])).join(",") + "}";
    }
    default:
      return "null";
  }
}

/** The number of bytes of the UTF-8 encoding of `s` (Go's `len` of the same string). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/**
 * Compares two strings in the byte order of their UTF-8 encodings (the order of Go's `<` on
 * strings and of `sort.Strings`), which is code-point order. Returns -1, 0 or 1.
 */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (astral code points) sort after every BMP code point in UTF-8 order, but
      // before U+E000..U+FFFF in UTF-16 order.
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) return xs ? 1 : -1;
      return x < y ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Field errors (apimachinery pkg/util/validation/field)
// ---------------------------------------------------------------------------------------------

/** The machine-readable kind of a {@link FieldError}, as `field.ErrorType` (and a Status cause's `reason`). */
export type FieldErrorType =
  | "FieldValueNotFound"
  | "FieldValueRequired"
  | "FieldValueDuplicate"
  | "FieldValueInvalid"
  | "FieldValueNotSupported"
  | "FieldValueForbidden"
  | "FieldValueTooLong"
  | "FieldValueTooMany"
  | "FieldValueTooFew"
  | "InternalError"
  | "FieldValueTypeInvalid"
  | "FieldValueTooShort";

const TYPE_TEXT: Readonly<Record<FieldErrorType, string>> = {
  FieldValueNotFound: "Not found",
  FieldValueRequired: "Required value",
  FieldValueDuplicate: "Duplicate value",
  FieldValueInvalid: "Invalid value",
  FieldValueNotSupported: "Unsupported value",
  FieldValueForbidden: "Forbidden",
  FieldValueTooLong: "Too long",
  FieldValueTooMany: "Too many",
  FieldValueTooFew: "Too few",
  InternalError: "Internal error",
  FieldValueTypeInvalid: "Invalid value",
  FieldValueTooShort: "Too short",
};

/** Marker for a bad value that is not printed (apimachinery's `omitValue`). */
export const OMIT_VALUE: unique symbol = Symbol("omitValue");

/**
 * One validation problem at one field, as apimachinery's `field.Error`. `field` is the rendered
 * path (`metadata.labels`, `spec.containers[0].name`, `<nil>` for none). {@link message} is what
 * Go's `Error()` prints (`field: body`); {@link body} is `ErrorBody()`, which a `Status` cause
 * carries as its `message`.
 */
export class FieldError {
  /** Creates a field error; prefer the helpers ({@link invalid}, {@link required}, ...). */
  constructor(
    readonly type: FieldErrorType,
    readonly field: string,
    readonly badValue: unknown,
    readonly detail: string,
  ) {}

  /** The message without the field name, as Go's `ErrorBody()`. */
  get body(): string {
    let s: string;
    switch (this.type) {
      case "FieldValueRequired":
      case "FieldValueForbidden":
      case "FieldValueTooLong":
      case "FieldValueTooShort":
      case "InternalError":
        s = TYPE_TEXT[this.type];
        break;
      default: {
        const v = this.badValue;
        if (v === OMIT_VALUE) s = TYPE_TEXT[this.type];
        else if (typeof v === "string") s = `${TYPE_TEXT[this.type]}: ${goQuote(v)}`;
        else if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") {
          s = `${TYPE_TEXT[this.type]}: ${String(v)}`;
        } else s = `${TYPE_TEXT[this.type]}: ${goJSON(v)}`;
      }
    }
    if (this.detail.length !== 0) s += `: ${this.detail}`;
    return s;
  }

  /** The full message, as Go's `Error()`: `<field>: <body>`. */
  get message(): string {
    return `${this.field}: ${this.body}`;
  }

  /** Same as {@link message}. */
  toString(): string {
    return this.message;
  }
}

/** A `FieldValueInvalid` error: a malformed value (failed regex, out of range, ...). */
export function invalid(field: string, value: unknown, detail: string): FieldError {
  return new FieldError("FieldValueInvalid", field, value, detail);
}

/** A `FieldValueRequired` error: a value that must be given is missing. */
export function required(field: string, detail: string): FieldError {
  return new FieldError("FieldValueRequired", field, "", detail);
}

/** A `FieldValueForbidden` error: a value not permitted under the current conditions. */
export function forbidden(field: string, detail: string): FieldError {
  return new FieldError("FieldValueForbidden", field, "", detail);
}

/** A `FieldValueDuplicate` error: a value that must be unique is repeated. */
export function duplicate(field: string, value: unknown): FieldError {
  return new FieldError("FieldValueDuplicate", field, value, "");
}

/** A `FieldValueNotFound` error: a referenced value does not exist. */
export function notFound(field: string, value: unknown): FieldError {
  return new FieldError("FieldValueNotFound", field, value, "");
}

/** A `FieldValueNotSupported` error listing the supported values (`supported values: "a", "b"`). */
export function notSupported(
  field: string,
  value: unknown,
  validValues: readonly string[],
): FieldError {
  const detail = validValues.length > 0
    ? "supported values: " + validValues.map(goQuote).join(", ")
    : "";
  return new FieldError("FieldValueNotSupported", field, value, detail);
}

/**
 * A `FieldValueTooLong` error (`may not be more than N bytes`; `value is too long` when
 * `maxLength` is negative). The value itself is never printed.
 */
export function tooLong(field: string, maxLength: number): FieldError {
  const detail = maxLength >= 0
    ? `may not be more than ${maxLength} ${maxLength === 1 ? "byte" : "bytes"}`
    : "value is too long";
  return new FieldError("FieldValueTooLong", field, "<value omitted>", detail);
}

/** A `FieldValueTooMany` error (`must have at most N items`). */
export function tooMany(field: string, actual: number, max: number): FieldError {
  const detail = max >= 0
    ? `must have at most ${max} ${max === 1 ? "item" : "items"}`
    : "has too many items";
  return new FieldError("FieldValueTooMany", field, actual >= 0 ? actual : OMIT_VALUE, detail);
}

/** An `InternalError` field error: a failure not caused by the user's input. */
export function internalError(field: string, message: string): FieldError {
  return new FieldError("InternalError", field, message, message);
}

/**
 * Joins messages as apimachinery's aggregate error does: duplicates dropped, one message as is,
 * several as `[a, b]`; empty input gives the empty string.
 */
export function aggregateMessage(messages: readonly string[]): string {
  const seen: string[] = [];
  for (const m of messages) if (!seen.includes(m)) seen.push(m);
  if (seen.length === 0) return "";
  if (seen.length === 1) return seen[0] ?? "";
  return "[" + seen.join(", ") + "]";
}

/** The message of `ErrorList.ToAggregate().Error()` for a list of field errors. */
export function fieldErrorsMessage(errors: readonly FieldError[]): string {
  return aggregateMessage(errors.map((e) => e.message));
}

// ---------------------------------------------------------------------------------------------
// Message builders (validation.go / content/errors.go)
// ---------------------------------------------------------------------------------------------

/** `must be no more than N characters` (util/validation's MaxLenError). */
export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/** `must be no more than N bytes` (api/validate/content's MaxLenError, used for label keys and values). */
export function maxLenBytesError(length: number): string {
  return `must be no more than ${length} bytes`;
}

/** `must be non-empty`. */
export function emptyError(): string {
  return "must be non-empty";
}

/**
 * A regex failure message: `msg (e.g. 'a' or 'b', regex used for validation is 're')`, with the
 * exact (odd) spacing of apimachinery's RegexError.
 */
export function regexError(msg: string, re: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${re}')`;
  let out = msg + " (e.g. ";
  examples.forEach((ex, i) => {
    if (i > 0) out += " or ";
    out += `'${ex}', `;
  });
  return out + `regex used for validation is '${re}')`;
}

/** `must be between LO and HI, inclusive`. */
export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

// ---------------------------------------------------------------------------------------------
// DNS names
// ---------------------------------------------------------------------------------------------

const DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_LABEL_ERR =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
/** The maximum length of an RFC 1123 label (63). */
export const DNS1123_LABEL_MAX_LENGTH = 63;
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);

const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_ERR =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
/** The maximum length of an RFC 1123 subdomain (253). */
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);

const DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
const DNS1035_LABEL_ERR =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
/** The maximum length of an RFC 1035 label (63). */
export const DNS1035_LABEL_MAX_LENGTH = 63;
const DNS1035_LABEL_RE = new RegExp(`^${DNS1035_LABEL_FMT}$`);

/**
 * Checks an RFC 1123 label (namespace names, service names' DNS parts, ...): at most 63
 * characters of `[a-z0-9-]`, alphanumeric at both ends.
 */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_LABEL_MAX_LENGTH) {
    errs.push(maxLenError(DNS1123_LABEL_MAX_LENGTH));
  }
  if (!DNS1123_LABEL_RE.test(value)) {
    if (DNS1123_SUBDOMAIN_RE.test(value)) errs.push("must not contain dots");
    else errs.push(regexError(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, "my-name", "123-abc"));
  }
  return errs;
}

/**
 * Checks an RFC 1123 subdomain (most object names): at most 253 characters, dot-separated
 * RFC 1123 labels.
 */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) {
    errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  }
  if (!DNS1123_SUBDOMAIN_RE.test(value)) {
    errs.push(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, "example.com"));
  }
  return errs;
}

/** Checks an RFC 1035 label (service names): like RFC 1123 but must start with a letter. */
export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1035_LABEL_MAX_LENGTH) {
    errs.push(maxLenError(DNS1035_LABEL_MAX_LENGTH));
  }
  if (!DNS1035_LABEL_RE.test(value)) {
    errs.push(regexError(DNS1035_LABEL_ERR, DNS1035_LABEL_FMT, "my-name", "abc-123"));
  }
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Label keys and values
// ---------------------------------------------------------------------------------------------

const LABEL_KEY_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const LABEL_KEY_ERR =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
/** The maximum length of a label key's name part (63). */
export const LABEL_KEY_MAX_LENGTH = 63;
const LABEL_KEY_RE = new RegExp(`^${LABEL_KEY_FMT}$`);

const LABEL_VALUE_FMT = `(${LABEL_KEY_FMT})?`;
const LABEL_VALUE_ERR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
/** The maximum length of a label value (63). */
export const LABEL_VALUE_MAX_LENGTH = 63;
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);

/**
 * Checks a "qualified name": a label key, annotation key (lower-cased first) or finalizer: an
 * optional DNS-subdomain prefix and `/`, then a name of at most 63 characters of
 * `[A-Za-z0-9-_.]`, alphanumeric at both ends.
 */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split("/");
  let name: string;
  if (parts.length === 1) {
    name = parts[0] ?? "";
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? "";
    name = parts[1] ?? "";
    if (prefix.length === 0) errs.push("prefix part " + emptyError());
    else for (const m of isDNS1123Subdomain(prefix)) errs.push("prefix part " + m);
  } else {
    errs.push(
      "a valid label key " +
        regexError(LABEL_KEY_ERR, LABEL_KEY_FMT, "MyName", "my.name", "123-abc") +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    );
    return errs;
  }
  if (name.length === 0) errs.push("name part " + emptyError());
  else if (utf8Length(name) > LABEL_KEY_MAX_LENGTH) {
    errs.push("name part " + maxLenBytesError(LABEL_KEY_MAX_LENGTH));
  }
  if (!LABEL_KEY_RE.test(name)) {
    errs.push(
      "name part " + regexError(LABEL_KEY_ERR, LABEL_KEY_FMT, "MyName", "my.name", "123-abc"),
    );
  }
  return errs;
}

/** Alias of {@link isQualifiedName} under apimachinery's newer name (`content.IsLabelKey`). */
export const isLabelKey: (value: string) => string[] = isQualifiedName;

/**
 * Checks a label value: empty, or at most 63 characters of `[A-Za-z0-9-_.]`, alphanumeric at
 * both ends.
 */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > LABEL_VALUE_MAX_LENGTH) {
    errs.push(maxLenBytesError(LABEL_VALUE_MAX_LENGTH));
  }
  if (!LABEL_VALUE_RE.test(value)) {
    errs.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
  }
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Other formats of core/v1
// ---------------------------------------------------------------------------------------------

/** Checks a port number: 1..65535. */
export function isValidPortNum(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535
    ? []
    : [inclusiveRangeError(1, 65535)];
}

/**
 * Checks a port name (IANA_SVC_NAME): at most 15 characters of `[-a-z0-9]`, at least one letter,
 * no `--`, no hyphen at either end.
 */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (utf8Length(port) > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port)) {
    errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  }
  if (!/[a-z]/.test(port)) errs.push("must contain at least one letter (a-z)");
  if (port.includes("--")) errs.push("must not contain consecutive hyphens");
  if (port.length > 0 && (port.startsWith("-") || port.endsWith("-"))) {
    errs.push("must not begin or end with a hyphen");
  }
  return errs;
}

function hasChDirPrefix(value: string): string[] {
  if (value === ".") return ["must not be '.'"];
  if (value === "..") return ["must not be '..'"];
  if (value.startsWith("..")) return ["must not start with '..'"];
  return [];
}

const CONFIG_MAP_KEY_FMT = "[-._a-zA-Z0-9]+";

/** Checks a ConfigMap or Secret data key: at most 253 characters of `[-._a-zA-Z0-9]`, not `.`/`..`. */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) {
    errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  }
  if (!new RegExp(`^${CONFIG_MAP_KEY_FMT}$`).test(value)) {
    errs.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        CONFIG_MAP_KEY_FMT,
        "key.name",
        "KEY_NAME",
        "key-name",
      ),
    );
  }
  errs.push(...hasChDirPrefix(value));
  return errs;
}

const ENV_VAR_NAME_FMT = "[-._a-zA-Z][-._a-zA-Z0-9]*";

/** Checks an environment variable name (strict form): `[-._a-zA-Z][-._a-zA-Z0-9]*`, not `.`/`..`. */
export function isEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (!new RegExp(`^${ENV_VAR_NAME_FMT}$`).test(value)) {
    errs.push(
      regexError(
        "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
        ENV_VAR_NAME_FMT,
        "my.env-name",
        "MY_ENV.NAME",
        "MyEnvName1",
      ),
    );
  }
  errs.push(...hasChDirPrefix(value));
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Object names (api/validation/generic.go)
// ---------------------------------------------------------------------------------------------

/**
 * A name check for one kind of object: `prefix` is true when checking a `generateName`, which
 * may end in `-` because a random suffix follows.
 */
export type ValidateNameFunc = (name: string, prefix: boolean) => string[];

/**
 * Replaces a trailing `-` before checking a generateName, exactly as apimachinery's
 * maskTrailingDash (which drops the last two characters and appends `a`).
 */
export function maskTrailingDash(name: string): string {
  if (name.length > 1 && name.endsWith("-")) return name.slice(0, name.length - 2) + "a";
  return name;
}

/** Name check for objects whose names are DNS subdomains (most kinds). */
export function nameIsDNSSubdomain(name: string, prefix: boolean): string[] {
  return isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
}

/** Name check for objects whose names are RFC 1123 labels (namespaces, ...). */
export function nameIsDNSLabel(name: string, prefix: boolean): string[] {
  return isDNS1123Label(prefix ? maskTrailingDash(name) : name);
}

/** Name check for objects whose names are RFC 1035 labels (services). */
export function nameIsDNS1035Label(name: string, prefix: boolean): string[] {
  return isDNS1035Label(prefix ? maskTrailingDash(name) : name);
}

// ---------------------------------------------------------------------------------------------
// Labels and annotations maps
// ---------------------------------------------------------------------------------------------

/** The total size limit of an object's annotations, keys plus values, in bytes (256 KiB). */
export const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * 1024;

function sortedEntries(m: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(m).sort((a, b) => compareBytes(a[0], b[0]));
}

/**
 * Validates a label map (`metadata.labels`, `matchLabels`): each key a qualified name, each
 * value a label value. Errors are reported at `path` itself, as Kubernetes does, in key order.
 */
export function validateLabels(
  labels: Readonly<Record<string, string>> | null | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (!labels) return errs;
  for (const [k, v] of sortedEntries(labels)) {
    for (const m of isQualifiedName(k)) errs.push(invalid(path, k, m));
    for (const m of isValidLabelValue(v)) errs.push(invalid(path, v, m));
  }
  return errs;
}

/** The total size in bytes of annotations' keys and values, as Kubernetes counts it. */
export function annotationsSize(annotations: Readonly<Record<string, string>>): number {
  let total = 0;
  for (const [k, v] of Object.entries(annotations)) total += utf8Length(k) + utf8Length(v);
  return total;
}

/**
 * Validates an annotation map: each key a qualified name once lower-cased, and keys plus values
 * at most {@link TOTAL_ANNOTATION_SIZE_LIMIT_B} bytes (`Too long: may not be more than 262144
 * bytes`).
 */
export function validateAnnotations(
  annotations: Readonly<Record<string, string>> | null | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (!annotations) return errs;
  for (const [k] of sortedEntries(annotations)) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, m));
  }
  if (annotationsSize(annotations) > TOTAL_ANNOTATION_SIZE_LIMIT_B) {
    errs.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT_B));
  }
  return errs;
}

// ---------------------------------------------------------------------------------------------
// generateName
// ---------------------------------------------------------------------------------------------

/** The alphabet of generated suffixes: no vowels, no 0/1/3 (apimachinery's util/rand). */
export const NAME_SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
/** Length of the random suffix appended to a generateName (5). */
export const NAME_SUFFIX_LENGTH = 5;
/** Longest base kept from a generateName before the suffix (63 - 5 = 58). */
export const MAX_GENERATED_NAME_LENGTH = 63 - NAME_SUFFIX_LENGTH;

/** A source of uniform random numbers in [0, 1), like `Math.random`. */
export type RandomSource = () => number;

/** A random string of `n` characters of {@link NAME_SUFFIX_ALPHABET}. */
export function randomString(n: number, random: RandomSource = Math.random): string {
  let s = "";
  for (let i = 0; i < n; i++) {
    const idx = Math.min(
      NAME_SUFFIX_ALPHABET.length - 1,
      Math.floor(random() * NAME_SUFFIX_ALPHABET.length),
    );
    s += NAME_SUFFIX_ALPHABET[idx];
  }
  return s;
}

/**
 * Generates a name from `metadata.generateName` as the API server does: the base cut to
 * {@link MAX_GENERATED_NAME_LENGTH} bytes, then 5 random characters (`web-` -> `web-x7k2q`).
 */
export function generateName(base: string, random: RandomSource = Math.random): string {
  return truncateBytes(base, MAX_GENERATED_NAME_LENGTH) + randomString(NAME_SUFFIX_LENGTH, random);
}

function truncateBytes(s: string, max: number): string {
  if (utf8Length(s) <= max) return s;
  let n = 0;
  let out = "";
  for (const ch of s) {
    const len = utf8Length(ch);
    if (n + len > max) break;
    n += len;
    out += ch;
  }
  return out;
}

/**
 * Maps each character of `s` to one of {@link NAME_SUFFIX_ALPHABET} (apimachinery's
 * SafeEncodeString, used for hashes in names such as `pod-template-hash`).
 */
export function safeEncodeString(s: string): string {
  let out = "";
  for (const ch of s) {
    out += NAME_SUFFIX_ALPHABET[(ch.codePointAt(0) ?? 0) % NAME_SUFFIX_ALPHABET.length];
  }
  return out;
}
