/**
 * The byte-level encoding the request codec and snapshots are built on: unsigned LEB128 varints,
 * sign-and-magnitude integers, length-prefixed byte strings, a growable writer and a bounds-checked
 * reader.
 *
 * Invariant: every integer written is a safe integer (|n| ≤ 2^53 − 1), so it decodes back to the
 * identical JavaScript number; the encoding of a value is unique (deterministic).
 *
 * @module
 */

/** Thrown when bytes do not decode (truncated, malformed or of an unknown version). */
export class DecodeError extends Error {
  /** Creates the error. */
  constructor(message: string) {
    super(message);
    this.name = "DecodeError";
  }
}

/** Appends encoded values to a growable buffer; `finish()` returns exactly the bytes written. */
export class ByteWriter {
  #buf: Uint8Array;
  #len = 0;

  /** Creates a writer with `capacity` bytes reserved. */
  constructor(capacity = 64) {
    this.#buf = new Uint8Array(Math.max(16, capacity));
  }

  #ensure(extra: number): void {
    const need = this.#len + extra;
    if (need <= this.#buf.length) return;
    let cap = this.#buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
  }

  /** Writes one byte (0..255). */
  byte(b: number): void {
    this.#ensure(1);
    this.#buf[this.#len++] = b & 0xff;
  }

  /** Writes a non-negative safe integer as an unsigned LEB128 varint. */
  uint(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(`encode: not a non-negative safe integer: ${n}`);
    }
    this.#ensure(8);
    // Division rather than shifts: shifts truncate to 32 bits.
    while (n >= 0x80) {
      this.#buf[this.#len++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.#buf[this.#len++] = n;
  }

  /** Writes a safe integer: magnitude varint, then a sign byte (0 or 1). */
  int(n: number): void {
    if (!Number.isSafeInteger(n)) throw new RangeError(`encode: not a safe integer: ${n}`);
    this.uint(Math.abs(n));
    this.byte(n < 0 ? 1 : 0);
  }

  /** Writes a length-prefixed byte string. */
  bytes(b: Uint8Array): void {
    this.uint(b.length);
    this.#ensure(b.length);
    this.#buf.set(b, this.#len);
    this.#len += b.length;
  }

  /** The bytes written so far (a copy trimmed to length). */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}

/** Reads values written by {@link ByteWriter}; every read checks bounds. */
export class ByteReader {
  readonly #buf: Uint8Array;
  #pos = 0;

  /** Reads from `buf` starting at offset 0. */
  constructor(buf: Uint8Array) {
    this.#buf = buf;
  }

  /** Whether every byte has been read. */
  get done(): boolean {
    return this.#pos >= this.#buf.length;
  }

  /** Reads one byte. */
  byte(): number {
    if (this.#pos >= this.#buf.length) throw new DecodeError("decode: unexpected end of input");
    return this.#buf[this.#pos++]!;
  }

  /** Reads an unsigned varint (a safe integer). */
  uint(): number {
    let n = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.byte();
      n += (b & 0x7f) * scale;
      if (b < 0x80) {
        if (!Number.isSafeInteger(n)) throw new DecodeError("decode: varint out of range");
        if (i > 0 && b === 0) throw new DecodeError("decode: non-minimal varint");
        return n;
      }
      scale *= 0x80;
    }
    throw new DecodeError("decode: varint too long");
  }

  /** Reads a signed integer written by {@link ByteWriter.int}. */
  int(): number {
    const m = this.uint();
    const sign = this.byte();
    if (sign > 1 || (sign === 1 && m === 0)) throw new DecodeError("decode: bad sign byte");
    return sign === 1 ? -m : m;
  }

  /** Reads a boolean byte (0 or 1). */
  bool(): boolean {
    const b = this.byte();
    if (b > 1) throw new DecodeError("decode: bad boolean");
    return b === 1;
  }

  /** Reads a length-prefixed byte string (a view into the input; copy to keep it apart). */
  bytes(): Uint8Array {
    const n = this.uint();
    if (n > this.#buf.length - this.#pos) {
      throw new DecodeError("decode: byte string overruns input");
    }
    const out = this.#buf.subarray(this.#pos, this.#pos + n);
    this.#pos += n;
    return out;
  }

  /** Throws unless every byte has been read. */
  end(): void {
    if (!this.done) throw new DecodeError("decode: trailing bytes");
  }
}
