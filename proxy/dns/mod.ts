/**
 * Cluster DNS: the zone built from the service table, the query handler, the UDP/TCP server,
 * upstream forwarding, a small client and pod resolver configuration.
 *
 * @module
 */
export { buildQuery, query, type QueryOptions, resolveWithSearch } from "./client.ts";
export { Forwarder, type ForwarderOptions, parseUpstream } from "./forward.ts";
export { CLASSIC_UDP_SIZE, DnsHandler, type DnsHandlerOptions, MAX_UDP_SIZE } from "./handler.ts";
export {
  CLASS_IN,
  decodeHeader,
  decodeMessage,
  DnsFormatError,
  type Edns,
  ednsOf,
  encodeMessage,
  type Header,
  type Message,
  optRecord,
  type Question,
  RCode,
  rcodeName,
  type RecordData,
  type ResourceRecord,
  RRType,
  typeName,
} from "./message.ts";
export { canonicalName, labelsToName, nameToLabels, readName } from "./name.ts";
export {
  podResolvConf,
  type PodResolvOptions,
  renderResolvConf,
  type ResolvConf,
  searchOrder,
} from "./resolv.ts";
export { DnsServer, type DnsServerOptions } from "./server.ts";
export { type DnsAddress, DnsExchangeError, exchangeTcp, exchangeUdp } from "./transport.ts";
export { ClusterZone, type ClusterZoneOptions, type ZoneAnswer } from "./zone.ts";
