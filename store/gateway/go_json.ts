/**
 * A JSON reader that behaves like Go's `encoding/json` as etcd's gateway uses it, so that
 * malformed requests get etcd's exact error messages: the syntax errors of Go's scanner
 * ("invalid character 'x' looking for beginning of value", "unexpected EOF"), its depth limit,
 * and values kept raw where jsonpb re-parses them (numbers, and strings it strips the quotes
 * of). Also Go's string quoting for error messages and its HTML-safe string encoding.
 *
 * Two entry points mirror Go's two APIs: {@link readJsonValue} is `json.Decoder.Decode` (one
 * value from a stream: trailing bytes are left alone, truncation is "unexpected EOF") and
 * {@link parseJsonDocument} is `json.Unmarshal`'s syntax check (the whole input is one value:
 * "unexpected end of JSON input", "... after top-level value").
 *
 * @module
 */

/** A parsed JSON value, raw where Go's decoders look at the raw text. */
export type JsonNode =
  | { readonly kind: "object"; readonly fields: ReadonlyMap<string, JsonNode> }
  | { readonly kind: "array"; readonly items: readonly JsonNode[] }
  /** `value` is the unescaped string; `raw` the bytes between the quotes, as text. */
  | { readonly kind: "string"; readonly value: string; readonly raw: string }
  /** `raw` is the number's literal text. */
  | { readonly kind: "number"; readonly raw: string }
  | { readonly kind: "bool"; readonly value: boolean }
  | { readonly kind: "null" };

/** A malformed JSON text; `message` is Go's message for it. */
export class GoJsonSyntaxError extends Error {
  /** The class name, for messages. */
  override name = "GoJsonSyntaxError";
}

/** Go's `maxNestingDepth`. */
export const MAX_JSON_DEPTH = 10_000;

/** Thrown inside the parser when the buffer ends before the value does and more may come. */
class NeedMore {}
const NEED_MORE = new NeedMore();

const utf8 = new TextDecoder();

/** Go's `quoteChar`: how its scanner names an offending byte. */
export function quoteChar(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  const quoted = goQuote(String.fromCharCode(c));
  return `'${quoted.slice(1, -1)}'`;
}

/** Whether Go's `strconv.IsPrint` holds for a code point (close approximation). */
function isPrint(cp: number): boolean {
  if (cp < 0x20 || cp === 0x7f) return false;
  if (cp < 0x7f) return true;
  if (cp >= 0x80 && cp <= 0xa0) return false;
  if (cp === 0xad) return false;
  // Letters, marks, numbers, punctuation, symbols; not separators, controls, format, unassigned.
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(String.fromCodePoint(cp));
}

/** Go's `strconv.Quote` of a string (its `%q`). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (cp) {
      case 0x07:
        out += "\\a";
        continue;
      case 0x08:
        out += "\\b";
        continue;
      case 0x0c:
        out += "\\f";
        continue;
      case 0x0a:
        out += "\\n";
        continue;
      case 0x0d:
        out += "\\r";
        continue;
      case 0x09:
        out += "\\t";
        continue;
      case 0x0b:
        out += "\\v";
        continue;
      case 0x22:
        out += '\\"';
        continue;
      case 0x5c:
        out += "\\\\";
        continue;
    }
    if (isPrint(cp)) out += ch;
    else if (cp < 0x80) out += "\\x" + cp.toString(16).padStart(2, "0");
    else if (cp < 0x10000) out += "\\u" + cp.toString(16).padStart(4, "0");
    else out += "\\U" + cp.toString(16).padStart(8, "0");
  }
  return out + '"';
}

/**
 * Go's `encoding/json` encoding of a string (HTML-safe, as jsonpb and the gateway write it):
 * `<`, `>`, `&`, U+2028 and U+2029 escaped; control characters other than \n \r \t as \u00XX.
 */
export function goJsonString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c === 0x22) esc = '\\"';
    else if (c === 0x5c) esc = "\\\\";
    else if (c === 0x0a) esc = "\\n";
    else if (c === 0x0d) esc = "\\r";
    else if (c === 0x09) esc = "\\t";
    else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) {
      esc = "\\u" + c.toString(16).padStart(4, "0");
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      esc = "\\ufffd"; // a lone surrogate is not UTF-8: Go writes the replacement character
    }
    if (esc !== undefined) {
      out += s.slice(start, i) + esc;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

/** Where the parser is inside a container. */
interface Frame {
  readonly kind: "object" | "array";
  readonly fields?: Map<string, JsonNode>;
  readonly items?: JsonNode[];
  key?: string;
}

/**
 * The scanner/parser over bytes. `more`: more input may still come (then running out throws
 * {@link NEED_MORE}). `document`: the input is a whole document (`json.Unmarshal`): running out
 * is like one more space byte, then "unexpected end of JSON input", as Go's `scanner.eof`;
 * otherwise (`json.Decoder`) running out inside a value is "unexpected EOF".
 */
class Parser {
  readonly buf: Uint8Array;
  pos: number;
  readonly more: boolean;
  readonly document: boolean;
  #spaceUsed = false;

  constructor(buf: Uint8Array, pos: number, more: boolean, document: boolean) {
    this.buf = buf;
    this.pos = pos;
    this.more = more;
    this.document = document;
  }

  fail(c: number, context: string): never {
    throw new GoJsonSyntaxError(`invalid character ${quoteChar(c)} ${context}`);
  }

  /** The byte seen when the input has run out (see the class doc), or a throw. */
  endByte(): number {
    if (this.more) throw NEED_MORE;
    if (!this.document) throw new GoJsonSyntaxError("unexpected EOF");
    if (this.#spaceUsed) throw new GoJsonSyntaxError("unexpected end of JSON input");
    this.#spaceUsed = true;
    return 0x20;
  }

  /** The next byte after whitespace (not consumed). */
  peekNonSpace(): number {
    for (;;) {
      while (this.pos < this.buf.length && isSpace(this.buf[this.pos]!)) this.pos++;
      if (this.pos < this.buf.length) return this.buf[this.pos]!;
      this.endByte(); // a space: skip it, the next round ends the input
    }
  }

  /** The next byte, consumed. */
  byte(): number {
    if (this.pos >= this.buf.length) return this.endByte();
    return this.buf[this.pos++]!;
  }

  /** Parses one value starting at the next non-space byte. */
  value(): JsonNode {
    const stack: Frame[] = [];
    let result: JsonNode | undefined;
    // Iterative so deep nesting (up to Go's limit) cannot overflow the call stack.
    for (;;) {
      let node: JsonNode | undefined;
      const c = this.peekNonSpace();
      if (c === 0x7b /* { */) {
        this.pos++;
        if (stack.length + 1 > MAX_JSON_DEPTH) this.fail(c, "exceeded max depth");
        const frame: Frame = { kind: "object", fields: new Map() };
        const d = this.peekNonSpace();
        if (d === 0x7d /* } */) {
          this.pos++;
          node = { kind: "object", fields: frame.fields! };
        } else {
          if (d !== 0x22) this.fail(d, "looking for beginning of object key string");
          frame.key = this.objectKey();
          stack.push(frame);
          continue;
        }
      } else if (c === 0x5b /* [ */) {
        this.pos++;
        if (stack.length + 1 > MAX_JSON_DEPTH) this.fail(c, "exceeded max depth");
        const frame: Frame = { kind: "array", items: [] };
        const d = this.peekNonSpace();
        if (d === 0x5d /* ] */) {
          this.pos++;
          node = { kind: "array", items: frame.items! };
        } else {
          stack.push(frame);
          continue;
        }
      } else {
        node = this.scalar(c, stack.length === 0);
      }
      // Attach `node` to its container, closing containers as they end.
      for (;;) {
        const top = stack[stack.length - 1];
        if (top === undefined) {
          result = node;
          break;
        }
        if (top.kind === "object") top.fields!.set(top.key!, node!);
        else top.items!.push(node!);
        const d = this.peekNonSpace();
        if (d === 0x2c /* , */) {
          this.pos++;
          if (top.kind === "object") {
            const k = this.peekNonSpace();
            if (k !== 0x22) this.fail(k, "looking for beginning of object key string");
            top.key = this.objectKey();
          }
          break;
        }
        const close = top.kind === "object" ? 0x7d : 0x5d;
        if (d !== close) {
          this.fail(
            d,
            top.kind === "object" ? "after object key:value pair" : "after array element",
          );
        }
        this.pos++;
        stack.pop();
        node = top.kind === "object"
          ? { kind: "object", fields: top.fields! }
          : { kind: "array", items: top.items! };
      }
      if (result !== undefined) return result;
    }
  }

  /** Reads `"key"` and the colon after it. */
  objectKey(): string {
    const key = this.string().value;
    const c = this.peekNonSpace();
    if (c !== 0x3a /* : */) this.fail(c, "after object key");
    this.pos++;
    return key;
  }

  scalar(c: number, top: boolean): JsonNode {
    if (c === 0x22) return this.string();
    if (c === 0x2d || isDigit(c)) return this.number(top);
    if (c === 0x74) return this.literal("true", { kind: "bool", value: true });
    if (c === 0x66) return this.literal("false", { kind: "bool", value: false });
    if (c === 0x6e) return this.literal("null", { kind: "null" });
    this.fail(c, "looking for beginning of value");
  }

  literal(word: string, node: JsonNode): JsonNode {
    this.pos++;
    for (let i = 1; i < word.length; i++) {
      const c = this.byte();
      if (c !== word.charCodeAt(i)) {
        this.fail(c, `in literal ${word} (expecting ${quoteChar(word.charCodeAt(i))})`);
      }
    }
    return node;
  }

  number(top: boolean): JsonNode {
    const buf = this.buf;
    const start = this.pos;
    // The byte after the number so far, not consumed; -1 when a top-level number ends the input.
    const peek = (): number => {
      if (this.pos < buf.length) return buf[this.pos]!;
      if (top && !this.more) return -1;
      return this.endByte();
    };
    let c = buf[this.pos++]!;
    if (c === 0x2d /* - */) {
      c = this.byte();
      if (!isDigit(c)) this.fail(c, "in numeric literal");
    }
    if (c !== 0x30) { while (isDigit(peek())) this.pos++; }
    c = peek();
    if (c === 0x2e /* . */) {
      this.pos++;
      c = this.byte();
      if (!isDigit(c)) this.fail(c, "after decimal point in numeric literal");
      while (isDigit(peek())) this.pos++;
      c = peek();
    }
    if (c === 0x65 || c === 0x45 /* e E */) {
      this.pos++;
      c = this.byte();
      if (c === 0x2b || c === 0x2d) c = this.byte();
      if (!isDigit(c)) this.fail(c, "in exponent of numeric literal");
      while (isDigit(peek())) this.pos++;
    }
    return { kind: "number", raw: utf8.decode(buf.subarray(start, this.pos)) };
  }

  string(): { kind: "string"; value: string; raw: string } {
    const buf = this.buf;
    const start = ++this.pos; // after the opening quote
    let escaped = false;
    for (;;) {
      const c = this.byte();
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        const e = this.byte();
        if (e === 0x75 /* u */) {
          for (let i = 0; i < 4; i++) {
            const h = this.byte();
            if (!isHex(h)) this.fail(h, "in \\u hexadecimal character escape");
          }
        } else if (
          e !== 0x22 && e !== 0x5c && e !== 0x2f && e !== 0x62 && e !== 0x66 && e !== 0x6e &&
          e !== 0x72 && e !== 0x74
        ) {
          this.fail(e, "in string escape code");
        }
      } else if (c < 0x20) {
        this.fail(c, "in string literal");
      }
    }
    const rawBytes = buf.subarray(start, this.pos - 1);
    const raw = utf8.decode(rawBytes);
    return { kind: "string", value: escaped ? unescape(raw) : raw, raw };
  }
}

/** Resolves the escapes of a scanned (hence well-formed) JSON string body, as Go does. */
function unescape(raw: string): string {
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const e = raw[++i]!;
    switch (e) {
      case "b":
        out += "\b";
        break;
      case "f":
        out += "\f";
        break;
      case "n":
        out += "\n";
        break;
      case "r":
        out += "\r";
        break;
      case "t":
        out += "\t";
        break;
      case "u": {
        const cu = parseInt(raw.slice(i + 1, i + 5), 16);
        i += 4;
        if (cu >= 0xd800 && cu <= 0xdbff && raw[i + 1] === "\\" && raw[i + 2] === "u") {
          const lo = parseInt(raw.slice(i + 3, i + 7), 16);
          if (lo >= 0xdc00 && lo <= 0xdfff) {
            out += String.fromCharCode(cu, lo);
            i += 6;
            break;
          }
        }
        // A lone surrogate becomes U+FFFD, as in Go.
        out += cu >= 0xd800 && cu <= 0xdfff ? "\ufffd" : String.fromCharCode(cu);
        break;
      }
      default:
        out += e; // " \ /
    }
  }
  return out;
}

/** The outcome of {@link readJsonValue}. */
export type ReadResult =
  /** A value, and the offset just after it. */
  | { readonly kind: "value"; readonly node: JsonNode; readonly end: number }
  /** Only whitespace (or nothing) is left and no more input will come (Go's `io.EOF`). */
  | { readonly kind: "eof" }
  /** The buffer ends inside a value; call again with more input. */
  | { readonly kind: "more" };

/**
 * Reads the next JSON value of a stream from `buf` at `offset`, like Go's `json.Decoder`:
 * leading whitespace skipped, bytes after the value untouched. `final`: no more input will
 * follow `buf` (truncation is then "unexpected EOF"). Throws {@link GoJsonSyntaxError}.
 */
export function readJsonValue(buf: Uint8Array, offset: number, final: boolean): ReadResult {
  let pos = offset;
  while (pos < buf.length && isSpace(buf[pos]!)) pos++;
  if (pos >= buf.length) return final ? { kind: "eof" } : { kind: "more" };
  const parser = new Parser(buf, pos, !final, false);
  try {
    const node = parser.value();
    return { kind: "value", node, end: parser.pos };
  } catch (error) {
    if (error === NEED_MORE) return { kind: "more" };
    throw error;
  }
}

/**
 * Parses a whole text as one JSON value, like the syntax check of Go's `json.Unmarshal`:
 * empty or truncated input is "unexpected end of JSON input", anything but whitespace after
 * the value is "invalid character ... after top-level value".
 */
export function parseJsonDocument(text: string): JsonNode {
  const buf = new TextEncoder().encode(text);
  let pos = 0;
  while (pos < buf.length && isSpace(buf[pos]!)) pos++;
  if (pos >= buf.length) throw new GoJsonSyntaxError("unexpected end of JSON input");
  const parser = new Parser(buf, pos, false, true);
  const node = parser.value();
  for (let i = parser.pos; i < buf.length; i++) {
    if (!isSpace(buf[i]!)) parser.fail(buf[i]!, "after top-level value");
  }
  return node;
}

/** Go's name for the JSON type of a node, as in "cannot unmarshal <kind> into ...". */
export function goKindName(node: JsonNode): string {
  switch (node.kind) {
    case "object":
      return "object";
    case "array":
      return "array";
    case "string":
      return "string";
    case "number":
      return "number";
    case "bool":
      return "bool";
    case "null":
      return "null";
  }
}
