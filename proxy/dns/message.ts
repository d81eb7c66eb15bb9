/**
 * DNS messages (RFC 1035) in and out: header, questions, resource records of the types the
 * cluster DNS serves (A, AAAA, NS, CNAME, PTR, SOA, SRV, OPT for EDNS0), others kept as raw
 * bytes. Output compresses names (owner names and the names inside NS, CNAME, PTR and SOA;
 * never SRV targets, per RFC 2782).
 *
 * Decoding never trusts lengths: every read is bounds-checked and a malformed message throws
 * {@linkcode DnsFormatError}, never anything else.
 *
 * @module
 */
import { formatIP, parseIPv4, parseIPv6 } from "../ip.ts";
import { canonicalName, DnsFormatError, labelsToName, nameToLabels, readName } from "./name.ts";

export { DnsFormatError };

/** Record types by name. */
export const RRType = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
  OPT: 41,
  AXFR: 252,
  ANY: 255,
} as const;

/** Response codes by name (BADVERS is an extended code, RFC 6891). */
export const RCode = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
  BADVERS: 16,
} as const;

/** The Internet class. */
export const CLASS_IN = 1;

/** The name of a response code, or its number as text. */
export function rcodeName(rcode: number): string {
  for (const [name, value] of Object.entries(RCode)) if (value === rcode) return name;
  return String(rcode);
}

/** The name of a record type, or `TYPE<n>`. */
export function typeName(type: number): string {
  for (const [name, value] of Object.entries(RRType)) if (value === type) return name;
  return `TYPE${type}`;
}

/** The fixed 12-byte header (counts are implied by the sections). */
export interface Header {
  readonly id: number;
  /** A response. */
  readonly qr: boolean;
  readonly opcode: number;
  /** Authoritative answer. */
  readonly aa: boolean;
  /** Truncated. */
  readonly tc: boolean;
  /** Recursion desired. */
  readonly rd: boolean;
  /** Recursion available. */
  readonly ra: boolean;
  readonly ad: boolean;
  readonly cd: boolean;
  /** The low 4 bits of the response code (the OPT record carries the high 8). */
  readonly rcode: number;
}

/** A question. */
export interface Question {
  readonly name: string;
  readonly type: number;
  readonly class: number;
}

/** The data of a record, by kind. */
export type RecordData =
  | { readonly kind: "A" | "AAAA"; readonly address: string }
  | { readonly kind: "NS" | "CNAME" | "PTR"; readonly target: string }
  | {
    readonly kind: "SOA";
    readonly mname: string;
    readonly rname: string;
    readonly serial: number;
    readonly refresh: number;
    readonly retry: number;
    readonly expire: number;
    readonly minimum: number;
  }
  | {
    readonly kind: "SRV";
    readonly priority: number;
    readonly weight: number;
    readonly port: number;
    readonly target: string;
  }
  /** EDNS0: the record's class is the UDP payload size, its TTL the extended flags. */
  | { readonly kind: "OPT"; readonly options: Uint8Array }
  | { readonly kind: "raw"; readonly type: number; readonly bytes: Uint8Array };

/** A resource record. */
export interface ResourceRecord {
  readonly name: string;
  readonly class: number;
  readonly ttl: number;
  readonly data: RecordData;
}

/** A whole message. */
export interface Message {
  readonly header: Header;
  readonly questions: readonly Question[];
  readonly answers: readonly ResourceRecord[];
  readonly authorities: readonly ResourceRecord[];
  readonly additionals: readonly ResourceRecord[];
}

/** The type number of record data. */
export function recordType(data: RecordData): number {
  return data.kind === "raw" ? data.type : RRType[data.kind];
}

/**
 * Reads the header of a message of at least 12 bytes (for answering FORMERR to a message whose
 * body is malformed), with its section counts.
 *
 * @throws {DnsFormatError} when shorter than 12 bytes.
 */
export function decodeHeader(
  bytes: Uint8Array,
): Header & { readonly counts: readonly [number, number, number, number] } {
  if (bytes.length < 12) throw new DnsFormatError("message shorter than its header");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags = view.getUint16(2);
  return {
    id: view.getUint16(0),
    qr: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rd: (flags & 0x0100) !== 0,
    ra: (flags & 0x0080) !== 0,
    ad: (flags & 0x0020) !== 0,
    cd: (flags & 0x0010) !== 0,
    rcode: flags & 0xf,
    counts: [view.getUint16(4), view.getUint16(6), view.getUint16(8), view.getUint16(10)],
  };
}

/**
 * Decodes a whole message.
 *
 * @throws {DnsFormatError} for any malformation (truncation, bad names or rdata, trailing
 * garbage is tolerated as resolvers do).
 */
export function decodeMessage(bytes: Uint8Array): Message {
  const { counts, ...header } = decodeHeader(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 12;
  const need = (n: number) => {
    if (offset + n > bytes.length) throw new DnsFormatError("message truncated");
  };
  const questions: Question[] = [];
  for (let i = 0; i < counts[0]; i++) {
    const { name, next } = readName(bytes, offset);
    offset = next;
    need(4);
    questions.push({ name, type: view.getUint16(offset), class: view.getUint16(offset + 2) });
    offset += 4;
  }
  const sections: ResourceRecord[][] = [[], [], []];
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < counts[s + 1]!; i++) {
      const { name, next } = readName(bytes, offset);
      offset = next;
      need(10);
      const type = view.getUint16(offset);
      const klass = view.getUint16(offset + 2);
      const ttl = view.getUint32(offset + 4);
      const length = view.getUint16(offset + 8);
      offset += 10;
      need(length);
      const data = decodeRData(bytes, view, offset, length, type);
      offset += length;
      sections[s]!.push({ name, class: klass, ttl, data });
    }
  }
  return {
    header,
    questions,
    answers: sections[0]!,
    authorities: sections[1]!,
    additionals: sections[2]!,
  };
}

function decodeRData(
  bytes: Uint8Array,
  view: DataView,
  start: number,
  length: number,
  type: number,
): RecordData {
  const end = start + length;
  const nameAt = (offset: number) => {
    const read = readName(bytes, offset);
    if (read.next > end) throw new DnsFormatError("name runs past its record");
    return read;
  };
  switch (type) {
    case RRType.A:
      if (length !== 4) throw new DnsFormatError("A record data is not 4 bytes");
      return { kind: "A", address: formatIP(bytes.slice(start, end)) };
    case RRType.AAAA:
      if (length !== 16) throw new DnsFormatError("AAAA record data is not 16 bytes");
      return { kind: "AAAA", address: formatIP(bytes.slice(start, end)) };
    case RRType.NS:
    case RRType.CNAME:
    case RRType.PTR: {
      const { name, next } = nameAt(start);
      if (next !== end) throw new DnsFormatError("trailing bytes in record data");
      const kind = type === RRType.NS ? "NS" : type === RRType.CNAME ? "CNAME" : "PTR";
      return { kind, target: name };
    }
    case RRType.SOA: {
      const m = nameAt(start);
      const r = nameAt(m.next);
      if (r.next + 20 !== end) throw new DnsFormatError("SOA record data has a bad length");
      const at = (i: number) => view.getUint32(r.next + 4 * i);
      return {
        kind: "SOA",
        mname: m.name,
        rname: r.name,
        serial: at(0),
        refresh: at(1),
        retry: at(2),
        expire: at(3),
        minimum: at(4),
      };
    }
    case RRType.SRV: {
      if (length < 7) throw new DnsFormatError("SRV record data too short");
      const { name, next } = nameAt(start + 6);
      if (next !== end) throw new DnsFormatError("trailing bytes in record data");
      return {
        kind: "SRV",
        priority: view.getUint16(start),
        weight: view.getUint16(start + 2),
        port: view.getUint16(start + 4),
        target: name,
      };
    }
    case RRType.OPT:
      return { kind: "OPT", options: bytes.slice(start, end) };
    default:
      return { kind: "raw", type, bytes: bytes.slice(start, end) };
  }
}

/** Builds wire messages, compressing names. */
class Writer {
  #buffer = new Uint8Array(512);
  #view = new DataView(this.#buffer.buffer);
  length = 0;
  /** Lower-case name suffix -> offset of its first occurrence (offsets < 0x4000 only). */
  readonly #names = new Map<string, number>();

  #reserve(n: number): void {
    if (this.length + n <= this.#buffer.length) return;
    let size = this.#buffer.length * 2;
    while (size < this.length + n) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.#buffer.subarray(0, this.length));
    this.#buffer = bigger;
    this.#view = new DataView(bigger.buffer);
  }

  u8(value: number): void {
    this.#reserve(1);
    this.#view.setUint8(this.length, value);
    this.length += 1;
  }

  u16(value: number): void {
    this.#reserve(2);
    this.#view.setUint16(this.length, value);
    this.length += 2;
  }

  u32(value: number): void {
    this.#reserve(4);
    this.#view.setUint32(this.length, value >>> 0);
    this.length += 4;
  }

  bytes(data: Uint8Array): void {
    this.#reserve(data.length);
    this.#buffer.set(data, this.length);
    this.length += data.length;
  }

  setU16(at: number, value: number): void {
    this.#view.setUint16(at, value);
  }

  name(name: string, compress: boolean): void {
    const labels = nameToLabels(name);
    for (let i = 0; i < labels.length; i++) {
      const key = canonicalName(labelsToName(labels.slice(i)));
      const known = compress ? this.#names.get(key) : undefined;
      if (known !== undefined) {
        this.u16(0xc000 | known);
        return;
      }
      if (this.length < 0x4000 && !this.#names.has(key)) this.#names.set(key, this.length);
      const label = labels[i]!;
      this.u8(label.length);
      this.bytes(label);
    }
    this.u8(0);
  }

  result(): Uint8Array {
    return this.#buffer.slice(0, this.length);
  }
}

/**
 * Encodes a message (the header's counts come from the sections).
 *
 * @throws {RangeError} for a bad name or address in a record.
 */
export function encodeMessage(message: Message): Uint8Array {
  const w = new Writer();
  const h = message.header;
  w.u16(h.id);
  w.u16(
    (h.qr ? 0x8000 : 0) | ((h.opcode & 0xf) << 11) | (h.aa ? 0x0400 : 0) | (h.tc ? 0x0200 : 0) |
      (h.rd ? 0x0100 : 0) | (h.ra ? 0x0080 : 0) | (h.ad ? 0x0020 : 0) | (h.cd ? 0x0010 : 0) |
      (h.rcode & 0xf),
  );
  w.u16(message.questions.length);
  w.u16(message.answers.length);
  w.u16(message.authorities.length);
  w.u16(message.additionals.length);
  for (const q of message.questions) {
    w.name(q.name, true);
    w.u16(q.type);
    w.u16(q.class);
  }
  for (const section of [message.answers, message.authorities, message.additionals]) {
    for (const record of section) writeRecord(w, record);
  }
  return w.result();
}

function writeRecord(w: Writer, record: ResourceRecord): void {
  const data = record.data;
  w.name(record.name, true);
  w.u16(recordType(data));
  w.u16(record.class);
  w.u32(record.ttl);
  const lengthAt = w.length;
  w.u16(0);
  const start = w.length;
  switch (data.kind) {
    case "A":
    case "AAAA": {
      const ip = data.kind === "A" ? parseIPv4(data.address) : parseIPv6(data.address);
      if (!ip) throw new RangeError(`${data.kind} record with address ${data.address}`);
      w.bytes(ip);
      break;
    }
    case "NS":
    case "CNAME":
    case "PTR":
      w.name(data.target, true);
      break;
    case "SOA":
      w.name(data.mname, true);
      w.name(data.rname, true);
      for (const n of [data.serial, data.refresh, data.retry, data.expire, data.minimum]) w.u32(n);
      break;
    case "SRV":
      w.u16(data.priority);
      w.u16(data.weight);
      w.u16(data.port);
      w.name(data.target, false);
      break;
    case "OPT":
      w.bytes(data.options);
      break;
    case "raw":
      w.bytes(data.bytes);
      break;
  }
  w.setU16(lengthAt, w.length - start);
}

/** EDNS0 facts from a message's OPT record (RFC 6891), if it has one. */
export interface Edns {
  /** The sender's UDP payload size. */
  readonly udpSize: number;
  /** The high 8 bits of the extended response code. */
  readonly extendedRcode: number;
  readonly version: number;
  /** DNSSEC OK. */
  readonly dnssecOk: boolean;
  readonly options: Uint8Array;
}

/** The OPT records of a message's additional section, decoded. */
export function ednsOf(message: Message): Edns[] {
  return message.additionals.flatMap((record) =>
    record.data.kind === "OPT"
      ? [{
        udpSize: record.class,
        extendedRcode: (record.ttl >>> 24) & 0xff,
        version: (record.ttl >>> 16) & 0xff,
        dnssecOk: (record.ttl & 0x8000) !== 0,
        options: record.data.options,
      }]
      : []
  );
}

/** An OPT record (root name) advertising `udpSize`, with the extended rcode bits. */
export function optRecord(udpSize: number, extendedRcode = 0, dnssecOk = false): ResourceRecord {
  return {
    name: "",
    class: udpSize,
    ttl: ((extendedRcode & 0xff) << 24) | (dnssecOk ? 0x8000 : 0),
    data: { kind: "OPT", options: new Uint8Array(0) },
  };
}
