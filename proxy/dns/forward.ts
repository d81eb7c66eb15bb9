/**
 * Forwarding names outside the cluster zone to one upstream server, only when the operator
 * names one (`--dns-upstream`); there is no default upstream. The query goes out as received,
 * over the transport it came in on (a truncated UDP reply is relayed as is: the client retries
 * over TCP, and that is forwarded over TCP).
 *
 * @module
 */
import { createLogger, type Logger } from "../../cli/log.ts";
import { type DnsAddress, exchangeTcp, exchangeUdp } from "./transport.ts";

/** Options of a forwarder. */
export interface ForwarderOptions {
  readonly upstream: DnsAddress;
  /** How long to wait for the upstream (ms); default 2000. */
  readonly timeoutMs?: number;
  readonly logger?: Logger;
}

/** Sends queries to the upstream server. */
export class Forwarder {
  readonly upstream: DnsAddress;
  readonly #timeoutMs: number;
  readonly #log: Logger;

  /** Creates a forwarder to `options.upstream`. */
  constructor(options: ForwarderOptions) {
    this.upstream = options.upstream;
    this.#timeoutMs = options.timeoutMs ?? 2000;
    this.#log = options.logger ?? createLogger("dns");
  }

  /** The upstream's reply to `query`, or undefined when it did not answer in time. */
  async forward(query: Uint8Array, transport: "udp" | "tcp"): Promise<Uint8Array | undefined> {
    try {
      return transport === "udp"
        ? await exchangeUdp(this.upstream, query, this.#timeoutMs)
        : await exchangeTcp(this.upstream, query, this.#timeoutMs);
    } catch (error) {
      this.#log.debug(1, "upstream did not answer", {
        upstream: `${this.upstream.hostname}:${this.upstream.port}`,
        error,
      });
      return undefined;
    }
  }
}

/**
 * Parses an upstream address: `IP`, `IP:PORT` or `[IPv6]:PORT` (port 53 by default).
 *
 * @throws {TypeError} when it is not one.
 */
export function parseUpstream(text: string): DnsAddress {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return { hostname: bracketed[1]!, port: portOf(bracketed[2], text) };
  const colons = text.split(":").length - 1;
  if (colons === 1) {
    const [hostname, port] = text.split(":") as [string, string];
    return { hostname, port: portOf(port, text) };
  }
  if (text === "") throw new TypeError("an empty DNS upstream address");
  return { hostname: text, port: 53 };
}

function portOf(text: string | undefined, whole: string): number {
  if (text === undefined) return 53;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new TypeError(`bad port in DNS upstream ${JSON.stringify(whole)}`);
  }
  return port;
}
