/**
 * Base64 as etcd's gateway reads and writes it: Go's `base64.StdEncoding` (standard alphabet,
 * padded), decoding leniently like Go (\r and \n ignored, non-zero trailing bits accepted) and
 * failing with Go's exact "illegal base64 data at input byte N".
 *
 * @module
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const PAD = 0x3d; // '='
const DECODE_MAP = (() => {
  const map = new Uint8Array(256).fill(0xff);
  for (let i = 0; i < ALPHABET.length; i++) map[ALPHABET.charCodeAt(i)] = i;
  return map;
})();

/** Malformed base64: Go's `CorruptInputError`. */
export class Base64Error extends Error {
  /** The class name, for messages. */
  override name = "Base64Error";
  /** The offset of the offending byte. */
  readonly offset: number;

  /** Creates the error for the byte at `offset`. */
  constructor(offset: number) {
    super(`illegal base64 data at input byte ${offset}`);
    this.offset = offset;
  }
}

/** Standard padded base64 of `bytes`. */
export function encodeBase64(bytes: Uint8Array): string {
  const chunks: string[] = [];
  const CHUNK = 3 * 4096;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const part = bytes.subarray(i, Math.min(i + CHUNK, bytes.length));
    chunks.push(btoa(String.fromCharCode.apply(null, part as unknown as number[])));
  }
  return chunks.join("");
}

const CLEAN = /^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const isNewline = (c: number) => c === 0x0a || c === 0x0d;

/**
 * Decodes like Go's `base64.StdEncoding.Decode` over the UTF-8 bytes of `text`; throws
 * {@link Base64Error} where Go would.
 */
export function decodeBase64(text: string): Uint8Array {
  if (text.length % 4 === 0 && CLEAN.test(text)) {
    // The common case: plain padded base64, which the platform decodes identically and faster.
    const binary = atob(text);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  }
  const src = new TextEncoder().encode(text);
  const dst = new Uint8Array(Math.floor(src.length / 4) * 3 + 3);
  let n = 0;
  let si = 0;
  const dbuf = new Uint8Array(4);
  while (si < src.length) {
    // One quantum (Go's decodeQuantum).
    let dlen = 4;
    let trailingGarbage = -1;
    dbuf.fill(0);
    let j = 0;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return dst.slice(0, n);
        throw new Base64Error(si - j); // padding is required
      }
      const c = src[si]!;
      si++;
      const out = DECODE_MAP[c]!;
      if (out !== 0xff) {
        dbuf[j] = out;
        continue;
      }
      if (isNewline(c)) {
        j--;
        continue;
      }
      if (c !== PAD) throw new Base64Error(si - 1);
      // Padding: the end of the data.
      if (j === 0 || j === 1) throw new Base64Error(si - 1);
      if (j === 2) {
        // "==" is expected; the first '=' is consumed.
        while (si < src.length && isNewline(src[si]!)) si++;
        if (si === src.length) throw new Base64Error(src.length);
        if (src[si] !== PAD) throw new Base64Error(si - 1);
        si++;
      }
      while (si < src.length && isNewline(src[si]!)) si++;
      if (si < src.length) trailingGarbage = si;
      dlen = j;
      break;
    }
    const val = (dbuf[0]! << 18) | (dbuf[1]! << 12) | (dbuf[2]! << 6) | dbuf[3]!;
    const b0 = (val >> 16) & 0xff, b1 = (val >> 8) & 0xff, b2 = val & 0xff;
    if (dlen === 4) {
      dst[n++] = b0;
      dst[n++] = b1;
      dst[n++] = b2;
    } else if (dlen === 3) {
      dst[n++] = b0;
      dst[n++] = b1;
    } else if (dlen === 2) {
      dst[n++] = b0;
    }
    if (trailingGarbage >= 0) throw new Base64Error(trailingGarbage);
  }
  return dst.slice(0, n);
}
