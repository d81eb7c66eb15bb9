/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of every WAL record and
 * snapshot file. Table driven, slicing-by-8 for throughput; pure and allocation free.
 *
 * @module
 */

const POLY = 0x82f63b78;

/** 8 tables of 256 entries: TABLES[k * 256 + b] is the CRC of byte b followed by k zero bytes. */
const TABLES: Uint32Array = (() => {
  const t = new Uint32Array(8 * 256);
  for (let b = 0; b < 256; b++) {
    let c = b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t[b] = c >>> 0;
  }
  for (let b = 0; b < 256; b++) {
    let c = t[b]!;
    for (let k = 1; k < 8; k++) {
      c = t[c & 0xff]! ^ (c >>> 8);
      t[k * 256 + b] = c >>> 0;
    }
  }
  return t;
})();

/**
 * Continues a CRC-32C over `data[start, end)`. Start a new checksum with `crc = 0`;
 * `crc32c(crc32c(0, a), b) === crc32c(0, a ++ b)`.
 *
 * @param crc the checksum of the bytes before (0 for none)
 * @param data the bytes to add
 * @param start first byte offset (default 0)
 * @param end offset after the last byte (default `data.length`)
 * @returns the unsigned 32-bit checksum
 */
export function crc32c(
  crc: number,
  data: Uint8Array,
  start = 0,
  end: number = data.length,
): number {
  if (start < 0 || end > data.length || start > end) {
    throw new RangeError(`crc32c: range [${start}, ${end}) outside 0..${data.length}`);
  }
  const t = TABLES;
  let c = ~crc >>> 0;
  let i = start;
  // Slicing-by-8: fold 8 bytes per iteration through the 8 tables.
  while (end - i >= 8) {
    const lo =
      (c ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24))) >>>
      0;
    const hi = data[i + 4]! | (data[i + 5]! << 8) | (data[i + 6]! << 16) | (data[i + 7]! << 24);
    c = t[7 * 256 + (lo & 0xff)]! ^ t[6 * 256 + ((lo >>> 8) & 0xff)]! ^
      t[5 * 256 + ((lo >>> 16) & 0xff)]! ^ t[4 * 256 + (lo >>> 24)]! ^
      t[3 * 256 + (hi & 0xff)]! ^ t[2 * 256 + ((hi >>> 8) & 0xff)]! ^
      t[256 + ((hi >>> 16) & 0xff)]! ^ t[hi >>> 24]!;
    i += 8;
  }
  while (i < end) {
    c = t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
    i++;
  }
  return ~c >>> 0;
}
