/**
 * A tiny binary codec: unsigned LEB128 varints over JavaScript safe integers, length-prefixed
 * byte strings, and a growable writer. The message and conf-change codecs build on it.
 *
 * Invariant: every number written is a non-negative safe integer (0 ≤ n ≤ 2^53 − 1), so it
 * fits in at most 8 varint bytes and decodes back to the same JavaScript number exactly.
 *
 * @module
 */

/** The largest number of bytes a varint of a safe integer takes (⌈53 / 7⌉). */
const MAX_VARINT_BYTES = 8;

/** Appends bytes to a growable buffer; `finish()` returns exactly the bytes written. */
export class ByteWriter {
  #buf: Uint8Array;
  #len = 0;

  /** Creates a writer with an initial capacity of `capacity` bytes. */
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
  uvarint(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(`uvarint: not a non-negative safe integer: ${n}`);
    }
    this.#ensure(MAX_VARINT_BYTES);
    // Division rather than bit shifts: shifts truncate to 32 bits.
    while (n >= 0x80) {
      this.#buf[this.#len++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.#buf[this.#len++] = n;
  }

  /** Writes a length-prefixed byte string. */
  bytes(b: Uint8Array): void {
    this.uvarint(b.byteLength);
    this.#ensure(b.byteLength);
    this.#buf.set(b, this.#len);
    this.#len += b.byteLength;
  }

  /** Returns a copy of the bytes written so far. */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}

/** Reads what a {@link ByteWriter} wrote; every read checks bounds and throws RangeError. */
export class ByteReader {
  readonly #buf: Uint8Array;
  #pos = 0;

  /** Reads from `buf`, starting at its first byte. */
  constructor(buf: Uint8Array) {
    this.#buf = buf;
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.#buf.byteLength - this.#pos;
  }

  /** Reads one byte. */
  byte(): number {
    const b = this.#buf[this.#pos];
    if (b === undefined) throw new RangeError("decode: unexpected end of input");
    this.#pos++;
    return b;
  }

  /** Reads an unsigned varint; rejects encodings beyond the safe-integer range. */
  uvarint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) {
        if (!Number.isSafeInteger(result)) {
          throw new RangeError("decode: varint exceeds the safe integer range");
        }
        if (i > 0 && b === 0) throw new RangeError("decode: non-canonical varint");
        return result;
      }
      scale *= 0x80;
    }
    throw new RangeError("decode: varint too long");
  }

  /** Reads a length-prefixed byte string (a copy, not a view of the input). */
  bytes(): Uint8Array {
    const n = this.uvarint();
    if (n > this.remaining) throw new RangeError("decode: byte string overruns input");
    const out = this.#buf.slice(this.#pos, this.#pos + n);
    this.#pos += n;
    return out;
  }

  /** Throws RangeError unless every byte was consumed. */
  end(): void {
    if (this.remaining !== 0) throw new RangeError("decode: trailing bytes");
  }
}
