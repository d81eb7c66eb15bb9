/**
 * Domain names: presentation text <-> labels, and the wire form (RFC 1035 section 3.1, with
 * compression pointers on input, RFC 1035 section 4.1.4).
 *
 * Presentation form here: labels joined by ".", no trailing dot, the root is "". Inside a
 * label, "." and "\" are escaped with "\", and bytes outside printable ASCII as "\DDD"
 * (decimal), so any wire name has exactly one text form and survives a round trip.
 *
 * Limits enforced both ways: a label is 1..63 bytes, a name at most 255 bytes on the wire.
 *
 * @module
 */

/** A malformed message or name; the server answers FORMERR. */
export class DnsFormatError extends Error {
  override name = "DnsFormatError";
}

/** The most bytes a name takes on the wire. */
export const MAX_NAME_WIRE = 255;
/** The most bytes in one label. */
export const MAX_LABEL = 63;

/**
 * The labels of a presentation name, as bytes ("" and "." give none).
 *
 * @throws {RangeError} for an empty label, a label over 63 bytes, a name over 255 bytes or a
 * bad escape.
 */
export function nameToLabels(name: string): Uint8Array[] {
  if (name === "" || name === ".") return [];
  const text = name.endsWith(".") && !name.endsWith("\\.") ? name.slice(0, -1) : name;
  const labels: Uint8Array[] = [];
  let current: number[] = [];
  const finish = () => {
    if (current.length === 0) throw new RangeError(`empty label in ${JSON.stringify(name)}`);
    if (current.length > MAX_LABEL) {
      throw new RangeError(`label over 63 bytes in ${JSON.stringify(name)}`);
    }
    labels.push(Uint8Array.from(current));
    current = [];
  };
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x2e) {
      finish();
    } else if (b === 0x5c) {
      const next = bytes[i + 1];
      if (next === undefined) throw new RangeError(`trailing escape in ${JSON.stringify(name)}`);
      if (next >= 0x30 && next <= 0x39) {
        const digits = bytes.subarray(i + 1, i + 4);
        if (digits.length !== 3 || !digits.every((d) => d >= 0x30 && d <= 0x39)) {
          throw new RangeError(`bad \\DDD escape in ${JSON.stringify(name)}`);
        }
        const value = Number(String.fromCharCode(...digits));
        if (value > 255) throw new RangeError(`bad \\DDD escape in ${JSON.stringify(name)}`);
        current.push(value);
        i += 3;
      } else {
        current.push(next);
        i += 1;
      }
    } else {
      current.push(b);
    }
  }
  finish();
  const wire = labels.reduce((sum, l) => sum + l.length + 1, 1);
  if (wire > MAX_NAME_WIRE) throw new RangeError(`name over 255 bytes: ${JSON.stringify(name)}`);
  return labels;
}

/** The presentation form of labels (see the module notes for escaping). */
export function labelsToName(labels: readonly Uint8Array[]): string {
  return labels.map(labelToText).join(".");
}

function labelToText(label: Uint8Array): string {
  let out = "";
  for (const b of label) {
    if (b === 0x2e || b === 0x5c) out += "\\" + String.fromCharCode(b);
    else if (b > 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += "\\" + String(b).padStart(3, "0");
  }
  return out;
}

/** The lookup key of a name: lower case (ASCII only, as DNS compares), no trailing dot. */
export function canonicalName(name: string): string {
  const trimmed = name.endsWith(".") && !name.endsWith("\\.") ? name.slice(0, -1) : name;
  return trimmed.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * Reads a (possibly compressed) name at `offset`; returns it and the offset after it in the
 * original position. Pointers must point strictly backwards (no loops possible).
 *
 * @throws {DnsFormatError} when the name is truncated, too long or badly compressed.
 */
export function readName(bytes: Uint8Array, offset: number): { name: string; next: number } {
  const labels: Uint8Array[] = [];
  let wire = 1;
  let position = offset;
  let next = -1;
  let limit = offset; // a pointer must point before the earliest position read so far
  for (;;) {
    const length = bytes[position];
    if (length === undefined) throw new DnsFormatError("name runs past the message");
    if (length === 0) {
      if (next < 0) next = position + 1;
      break;
    }
    const kind = length & 0xc0;
    if (kind === 0xc0) {
      const low = bytes[position + 1];
      if (low === undefined) throw new DnsFormatError("compression pointer runs past the message");
      const target = ((length & 0x3f) << 8) | low;
      if (target >= limit) throw new DnsFormatError("compression pointer does not point back");
      if (next < 0) next = position + 2;
      limit = target;
      position = target;
      continue;
    }
    if (kind !== 0) throw new DnsFormatError("unknown label type");
    const end = position + 1 + length;
    if (end > bytes.length) throw new DnsFormatError("label runs past the message");
    wire += length + 1;
    if (wire > MAX_NAME_WIRE) throw new DnsFormatError("name over 255 bytes");
    labels.push(bytes.subarray(position + 1, end));
    position = end;
  }
  return { name: labelsToName(labels), next };
}
