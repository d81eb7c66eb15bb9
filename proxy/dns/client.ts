/**
 * A small DNS client: build a query, exchange it over UDP or TCP, decode the reply; and a stub
 * resolver walking a search list as glibc does. Used by tests and health checks.
 *
 * @module
 */
import {
  CLASS_IN,
  decodeMessage,
  encodeMessage,
  type Message,
  optRecord,
  RCode,
} from "./message.ts";
import { type ResolvConf, searchOrder } from "./resolv.ts";
import { type DnsAddress, exchangeTcp, exchangeUdp } from "./transport.ts";

/** Options of one query. */
export interface QueryOptions {
  readonly transport?: "udp" | "tcp";
  /** Message id; random by default. */
  readonly id?: number;
  /** Recursion desired; default true (as stub resolvers send). */
  readonly rd?: boolean;
  /** Advertise this EDNS0 UDP payload size (adds an OPT record). */
  readonly ednsUdpSize?: number;
  /** Query class; default IN. */
  readonly class?: number;
  readonly timeoutMs?: number;
}

/** Encodes a one-question query. */
export function buildQuery(name: string, type: number, options: QueryOptions = {}): Uint8Array {
  return encodeMessage({
    header: {
      id: options.id ?? Math.floor(Math.random() * 65536),
      qr: false,
      opcode: 0,
      aa: false,
      tc: false,
      rd: options.rd ?? true,
      ra: false,
      ad: false,
      cd: false,
      rcode: 0,
    },
    questions: [{ name, type, class: options.class ?? CLASS_IN }],
    answers: [],
    authorities: [],
    additionals: options.ednsUdpSize !== undefined ? [optRecord(options.ednsUdpSize)] : [],
  });
}

/** Sends one query to `server` and decodes the reply. */
export async function query(
  server: DnsAddress,
  name: string,
  type: number,
  options: QueryOptions = {},
): Promise<Message> {
  const bytes = buildQuery(name, type, options);
  const timeout = options.timeoutMs ?? 2000;
  const reply = options.transport === "tcp"
    ? await exchangeTcp(server, bytes, timeout)
    : await exchangeUdp(server, bytes, timeout);
  return decodeMessage(reply);
}

/**
 * Resolves `name` as a pod's stub resolver would: tries each name of
 * {@linkcode searchOrder} until one answers with something other than NXDOMAIN; a truncated UDP
 * reply is retried over TCP. Returns the absolute name that answered and the reply (the last
 * NXDOMAIN when none did).
 */
export async function resolveWithSearch(
  server: DnsAddress,
  name: string,
  type: number,
  conf: Pick<ResolvConf, "search" | "ndots">,
): Promise<{ name: string; reply: Message }> {
  let last: { name: string; reply: Message } | undefined;
  for (const candidate of searchOrder(name, conf)) {
    let reply = await query(server, candidate, type);
    if (reply.header.tc) reply = await query(server, candidate, type, { transport: "tcp" });
    last = { name: candidate, reply };
    if (reply.header.rcode !== RCode.NXDOMAIN) return last;
  }
  if (!last) throw new RangeError("no name to try");
  return last;
}
