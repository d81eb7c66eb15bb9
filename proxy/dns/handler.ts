/**
 * One DNS query in, one response out (or none): validation, EDNS0, the cluster zone, upstream
 * forwarding, truncation. Transport-independent; the server feeds it UDP datagrams and TCP
 * messages.
 *
 * Rules:
 * - Shorter than a header, or a response (QR set): dropped, no answer (never answer answers:
 *   that is how reflection loops start).
 * - Undecodable body, not exactly one question, several OPT records: FORMERR (header id echoed).
 * - Opcode other than QUERY: NOTIMP. EDNS version above 0: BADVERS.
 * - Names the zone answers (see {@linkcode ClusterZone.answers}): the zone, authoritative.
 * - Other names: forwarded to the upstream when one is configured (SERVFAIL if it does not
 *   answer); otherwise REFUSED. REFUSED rather than NXDOMAIN because this server is not
 *   authoritative for those names and offers no recursion: NXDOMAIN would be a false,
 *   cacheable claim that the name does not exist, while REFUSED tells a stub resolver to try
 *   its next nameserver. (glibc stops walking the search list on REFUSED, but the search list
 *   is tried before the absolute name for names with fewer dots than ndots, and the cluster
 *   entries come first and are answered authoritatively.)
 * - UDP size: 512 bytes, or the client's EDNS0 size (at most 4096). A larger response drops its
 *   additional records, then, if still too large, its answers, and sets TC so the client
 *   retries over TCP.
 *
 * @module
 */
import { createLogger, type Logger } from "../../cli/log.ts";
import type { ProxyMetrics } from "../metrics.ts";
import type { Forwarder } from "./forward.ts";
import {
  decodeHeader,
  decodeMessage,
  type Edns,
  ednsOf,
  encodeMessage,
  type Header,
  type Message,
  optRecord,
  type Question,
  RCode,
  rcodeName,
  type ResourceRecord,
} from "./message.ts";
import type { ClusterZone } from "./zone.ts";

/** The UDP payload size this server advertises and accepts at most. */
export const MAX_UDP_SIZE = 4096;
/** The UDP payload size without EDNS0. */
export const CLASSIC_UDP_SIZE = 512;

/** Options of the handler. */
export interface DnsHandlerOptions {
  readonly zone: ClusterZone;
  /** Where names outside the zone go; without it they are REFUSED. */
  readonly forwarder?: Forwarder;
  readonly metrics?: ProxyMetrics;
  readonly logger?: Logger;
}

/** Answers DNS queries. */
export class DnsHandler {
  readonly #zone: ClusterZone;
  readonly #forwarder: Forwarder | undefined;
  readonly #metrics: ProxyMetrics | undefined;
  readonly #log: Logger;

  /** Creates a handler answering from `options.zone`. */
  constructor(options: DnsHandlerOptions) {
    this.#zone = options.zone;
    this.#forwarder = options.forwarder;
    this.#metrics = options.metrics;
    this.#log = options.logger ?? createLogger("dns");
  }

  /**
   * The response to one query, or undefined when it must be dropped. Never throws for any input
   * bytes.
   */
  async handle(query: Uint8Array, transport: "udp" | "tcp"): Promise<Uint8Array | undefined> {
    let response: Uint8Array | undefined;
    try {
      response = await this.#handle(query, transport);
    } catch (error) {
      // A bug, not bad input (bad input is answered above): answer SERVFAIL if we can.
      this.#log.error("answering a query failed", { error });
      response = this.#bare(query, RCode.SERVFAIL);
    }
    if (response && response.length >= 4) {
      this.#metrics?.dnsResponse(transport, rcodeName(response[3]! & 0xf));
    }
    return response;
  }

  async #handle(query: Uint8Array, transport: "udp" | "tcp"): Promise<Uint8Array | undefined> {
    if (query.length < 12) return undefined;
    const header = decodeHeader(query);
    if (header.qr) return undefined;
    let message: Message;
    try {
      message = decodeMessage(query);
    } catch {
      return this.#bare(query, RCode.FORMERR);
    }
    const editions = ednsOf(message);
    const edns = editions[0];
    if (message.questions.length !== 1 || editions.length > 1) {
      return this.#bare(query, RCode.FORMERR);
    }
    const question = message.questions[0]!;
    const limit = transport === "tcp"
      ? 65535
      : Math.min(MAX_UDP_SIZE, Math.max(CLASSIC_UDP_SIZE, edns?.udpSize ?? CLASSIC_UDP_SIZE));
    const reply = (
      rcode: number,
      sections: Partial<Pick<Message, "answers" | "authorities" | "additionals">> = {},
      aa = false,
    ) => this.#encode(header, question, edns, rcode, aa, sections, limit);

    if (header.opcode !== 0) return reply(RCode.NOTIMP);
    if (edns && edns.version > 0) return reply(RCode.BADVERS);
    if (this.#zone.answers(question.name)) {
      const answer = this.#zone.answer(question);
      return reply(answer.rcode, answer, answer.authoritative);
    }
    if (!this.#forwarder) return reply(RCode.REFUSED);
    const forwarded = await this.#forwarder.forward(query, transport);
    if (this.#metrics) this.#metrics.dnsForwarded++;
    if (!forwarded) {
      if (this.#metrics) this.#metrics.dnsForwardErrors++;
      return reply(RCode.SERVFAIL);
    }
    return forwarded;
  }

  /** A response with only the header of the query (for FORMERR and failures). */
  #bare(query: Uint8Array, rcode: number): Uint8Array | undefined {
    if (query.length < 12) return undefined;
    const header = decodeHeader(query);
    return encodeMessage({
      header: { ...flags(header, this.#forwarder !== undefined), rcode, aa: false, tc: false },
      questions: [],
      answers: [],
      authorities: [],
      additionals: [],
    });
  }

  #encode(
    header: Header,
    question: Question,
    edns: Edns | undefined,
    rcode: number,
    aa: boolean,
    sections: Partial<Pick<Message, "answers" | "authorities" | "additionals">>,
    limit: number,
  ): Uint8Array {
    const opt: ResourceRecord[] = edns ? [optRecord(MAX_UDP_SIZE, rcode >> 4)] : [];
    const build = (
      answers: readonly ResourceRecord[],
      authorities: readonly ResourceRecord[],
      additionals: readonly ResourceRecord[],
      tc: boolean,
    ) =>
      encodeMessage({
        header: { ...flags(header, this.#forwarder !== undefined), aa, tc, rcode: rcode & 0xf },
        questions: [question],
        answers,
        authorities,
        additionals: [...additionals, ...opt],
      });
    const answers = sections.answers ?? [];
    const authorities = sections.authorities ?? [];
    const full = build(answers, authorities, sections.additionals ?? [], false);
    if (full.length <= limit) return full;
    const lean = build(answers, authorities, [], false);
    if (lean.length <= limit) return lean;
    return build([], [], [], true);
  }
}

/** Response flags from a query header. */
function flags(query: Header, recursion: boolean): Header {
  return {
    id: query.id,
    qr: true,
    opcode: query.opcode,
    aa: false,
    tc: false,
    rd: query.rd,
    ra: recursion,
    ad: false,
    cd: query.cd,
    rcode: 0,
  };
}
