/**
 * IP address helpers for the proxy and DNS: validation, canonical text, the 4/16 bytes of an
 * address, reverse (`in-addr.arpa`/`ip6.arpa`) names and the dashed form used in pod DNS names.
 * Pure: no I/O.
 *
 * @module
 */

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** True when `text` is a dotted-quad IPv4 address (no leading zeros). */
export function isIPv4(text: string): boolean {
  return IPV4.test(text);
}

/** True when `text` is an IPv6 address in any RFC 4291 text form (no zone). */
export function isIPv6(text: string): boolean {
  return parseIPv6(text) !== undefined;
}

/** True when `text` is an IPv4 or IPv6 address. */
export function isIP(text: string): boolean {
  return isIPv4(text) || isIPv6(text);
}

/** The 4 bytes of an IPv4 address, or undefined when `text` is not one. */
export function parseIPv4(text: string): Uint8Array | undefined {
  if (!isIPv4(text)) return undefined;
  return Uint8Array.from(text.split(".").map(Number));
}

/** The 16 bytes of an IPv6 address, or undefined when `text` is not one. */
export function parseIPv6(text: string): Uint8Array | undefined {
  if (text.length < 2 || text.length > 45 || !/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === "") return [];
    const out: number[] = [];
    const pieces = part.split(":");
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (i === pieces.length - 1 && piece.includes(".")) {
        const v4 = parseIPv4(piece);
        if (!v4) return undefined;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return undefined;
        out.push(parseInt(piece, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  // An embedded IPv4 part may only end the address.
  if (halves.length === 2 && halves[0]!.includes(".")) return undefined;
  const count = head.length + tail.length;
  if (halves.length === 1 ? count !== 8 : count > 7) return undefined;
  const all = [...head, ...new Array<number>(8 - count).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  return bytes;
}

/** The bytes of an IPv4 (4) or IPv6 (16) address, or undefined when `text` is neither. */
export function parseIP(text: string): Uint8Array | undefined {
  return parseIPv4(text) ?? parseIPv6(text);
}

/** Canonical text of 4 or 16 address bytes (RFC 5952 for IPv6: lower case, longest `::`). */
export function formatIP(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join(".");
  if (bytes.length !== 16) {
    throw new RangeError(`an IP address has 4 or 16 bytes, not ${bytes.length}`);
  }
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  // The longest run of zero groups (length >= 2, the first when tied) becomes "::".
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(":");
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

/** The canonical text of an address (`::FFFF:0:1` becomes `::ffff:0:1`), or undefined. */
export function canonicalIP(text: string): string | undefined {
  const bytes = parseIP(text);
  return bytes ? formatIP(bytes) : undefined;
}

/** `host:port`, with brackets around an IPv6 host. */
export function joinHostPort(ip: string, port: number): string {
  return ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** The reverse-lookup name of an address: `4.3.2.1.in-addr.arpa` or the 32-nibble ip6.arpa. */
export function reverseName(ip: string): string | undefined {
  const bytes = parseIP(ip);
  if (!bytes) return undefined;
  if (bytes.length === 4) return `${Array.from(bytes).reverse().join(".")}.in-addr.arpa`;
  const nibbles: string[] = [];
  for (let i = 15; i >= 0; i--) {
    nibbles.push((bytes[i]! & 0xf).toString(16), (bytes[i]! >> 4).toString(16));
  }
  return `${nibbles.join(".")}.ip6.arpa`;
}

/**
 * The address a reverse name stands for (`4.3.2.1.in-addr.arpa` -> `1.2.3.4`), or undefined
 * when the name is not a complete reverse name. Case-insensitive.
 */
export function ipFromReverseName(name: string): string | undefined {
  const lower = name.toLowerCase().replace(/\.$/, "");
  if (lower.endsWith(".in-addr.arpa")) {
    const parts = lower.slice(0, -".in-addr.arpa".length).split(".");
    if (parts.length !== 4) return undefined;
    const ip = parts.reverse().join(".");
    return isIPv4(ip) ? ip : undefined;
  }
  if (lower.endsWith(".ip6.arpa")) {
    const parts = lower.slice(0, -".ip6.arpa".length).split(".");
    if (parts.length !== 32 || !parts.every((p) => /^[0-9a-f]$/.test(p))) return undefined;
    const bytes = new Uint8Array(16);
    for (let i = 0; i < 16; i++) {
      bytes[i] = (parseInt(parts[31 - 2 * i]!, 16) << 4) | parseInt(parts[30 - 2 * i]!, 16);
    }
    return formatIP(bytes);
  }
  return undefined;
}

/** The dashed form of an address used in DNS labels: `10.1.2.3` -> `10-1-2-3`, `fd00::1` -> `fd00--1`. */
export function dashedIP(ip: string): string {
  return ip.replaceAll(ip.includes(":") ? ":" : ".", "-");
}

/**
 * The address a dashed label stands for (`10-1-2-3` -> `10.1.2.3`, `fd00--1` -> `fd00::1`),
 * canonicalized, or undefined when the label is neither form.
 */
export function ipFromDashed(label: string): string | undefined {
  const v4 = label.replaceAll("-", ".");
  if (isIPv4(v4)) return v4;
  return canonicalIP(label.replaceAll("-", ":"));
}
