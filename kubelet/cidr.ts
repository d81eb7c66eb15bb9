/**
 * IPv4 addresses and CIDR blocks as 32-bit numbers: parsing, formatting, containment. Pure.
 *
 * @module
 */

/** An IPv4 CIDR block. */
export interface Cidr4 {
  /** The network address (host bits zero) as an unsigned 32-bit number. */
  readonly network: number;
  /** The prefix length, 0..32. */
  readonly prefix: number;
  /** How many addresses the block spans. */
  readonly size: number;
}

/** Parses a dotted-quad IPv4 address into an unsigned 32-bit number; undefined when invalid. */
export function parseIPv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** Formats an unsigned 32-bit number as a dotted quad. */
export function formatIPv4(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`not an IPv4 address value: ${value}`);
  }
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}

/**
 * Parses `a.b.c.d/n`. Host bits must be zero (`10.244.3.0/24`, not `10.244.3.1/24`), as
 * Kubernetes requires of a podCIDR. Throws RangeError when invalid.
 */
export function parseCidr(text: string): Cidr4 {
  const match = /^([0-9.]+)\/([0-9]{1,2})$/.exec(text);
  const address = match ? parseIPv4(match[1]!) : undefined;
  const prefix = match ? Number(match[2]) : NaN;
  if (address === undefined || !(prefix >= 0 && prefix <= 32)) {
    throw new RangeError(`invalid CIDR ${JSON.stringify(text)}: want a.b.c.d/n`);
  }
  const size = 2 ** (32 - prefix);
  if (address % size !== 0) {
    throw new RangeError(
      `invalid CIDR ${JSON.stringify(text)}: host bits are set (the network is ${
        formatIPv4(address - (address % size))
      }/${prefix})`,
    );
  }
  return { network: address, prefix, size };
}

/** Formats a block as `a.b.c.d/n`. */
export function formatCidr(cidr: Cidr4): string {
  return `${formatIPv4(cidr.network)}/${cidr.prefix}`;
}

/** True when the address lies inside the block. */
export function cidrContains(cidr: Cidr4, address: number): boolean {
  return address >= cidr.network && address < cidr.network + cidr.size;
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrCovers(outer: Cidr4, inner: Cidr4): boolean {
  return inner.prefix >= outer.prefix && cidrContains(outer, inner.network);
}
