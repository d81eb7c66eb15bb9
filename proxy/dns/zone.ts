/**
 * The cluster zone: the DNS records the service table implies, kept as an index updated per
 * service change, answering questions in O(1) (a map lookup by name), following the Kubernetes
 * DNS specification as CoreDNS implements it:
 *
 * - `svc.ns.svc.<domain>`: A/AAAA of the cluster IPs; for a headless service (no cluster IP)
 *   the ready endpoint IPs; for an ExternalName service a CNAME.
 * - `_port._proto.svc.ns.svc.<domain>` (named ports): SRV; target the service name, or for a
 *   headless service one SRV per ready endpoint with target `host.svc.ns.svc.<domain>` (host is
 *   the pod's hostname or its dashed IP), whose A/AAAA also exists. A SRV question on the
 *   service name itself lists every port. SRV answers carry the targets' addresses as
 *   additional records.
 * - `a-b-c-d.ns.pod.<domain>`: A of the IP in the name ("pods insecure", as the default
 *   kubeadm CoreDNS configuration: the name is not checked against pods). IPv6 with dashes too.
 * - PTR for cluster IPs and headless endpoint IPs.
 * - The apex: SOA and NS (`ns.dns.<domain>`, whose A is the DNS service IP when configured).
 * - Names in the domain with no records: NXDOMAIN, or NODATA (NOERROR, no answer) when the
 *   name exists with other types or has names below it (an empty non-terminal such as
 *   `ns.svc.<domain>`); both carry the SOA in the authority section for negative caching.
 *
 * TTL 30 s for every record and as the SOA minimum (negative answers), as in Kubernetes'
 * default CoreDNS configuration.
 *
 * Invariants: `#byName` holds exactly the records of the services currently in the table (plus
 * the apex records), each under the key of the service it came from; `#ent` counts, for each
 * name strictly between a record name and the apex, how many record names lie below it.
 *
 * @module
 */
import { dashedIP, ipFromDashed, reverseName } from "../ip.ts";
import {
  endpointPort,
  isHeadless,
  type Service,
  type ServiceChange,
  type ServiceTable,
} from "../table.ts";
import {
  CLASS_IN,
  type Question,
  RCode,
  type RecordData,
  type ResourceRecord,
  RRType,
} from "./message.ts";
import { canonicalName } from "./name.ts";

/** Options of the cluster zone. */
export interface ClusterZoneOptions {
  /** The cluster domain; default `cluster.local`. */
  readonly domain?: string;
  /** TTL of every record (s); default 30. */
  readonly ttl?: number;
  /** The DNS service IP, the address of the zone's name server `ns.dns.<domain>`. */
  readonly dnsIP?: string;
}

/** The zone's answer to one question. */
export interface ZoneAnswer {
  readonly rcode: number;
  /** Authoritative (always, inside the zone). */
  readonly authoritative: boolean;
  readonly answers: readonly ResourceRecord[];
  readonly authorities: readonly ResourceRecord[];
  readonly additionals: readonly ResourceRecord[];
}

const APEX_OWNER = "";

/** The records of the cluster domain, from the service table. */
export class ClusterZone {
  /** The cluster domain, canonical (`cluster.local`). */
  readonly domain: string;
  readonly ttl: number;
  /** name -> owner (service key, or "" for the apex) -> records. */
  readonly #byName = new Map<string, Map<string, ResourceRecord[]>>();
  /** service key -> the names its records use. */
  readonly #namesOf = new Map<string, string[]>();
  /** empty non-terminal name -> number of record names below it. */
  readonly #ent = new Map<string, number>();
  readonly #unsubscribe: () => void;
  #soa: ResourceRecord;
  #serial: number;

  /** Indexes every service of `table` and follows its changes. */
  constructor(table: ServiceTable, options: ClusterZoneOptions = {}) {
    this.domain = canonicalName(options.domain ?? "cluster.local");
    this.ttl = options.ttl ?? 30;
    this.#serial = Math.floor(Date.now() / 1000) >>> 0;
    const nsName = `ns.dns.${this.domain}`;
    this.#soa = this.#soaRecord();
    const apex: [string, RecordData][] = [[this.domain, { kind: "NS", target: nsName }]];
    if (options.dnsIP) {
      apex.push([nsName, {
        kind: options.dnsIP.includes(":") ? "AAAA" : "A",
        address: options.dnsIP,
      }]);
    }
    this.#add(APEX_OWNER, apex);
    this.#addEnt(`pod.${this.domain}`);
    this.#unsubscribe = table.subscribe((changes) => this.#apply(changes));
    this.#apply([...table.values()].map((service) => ({
      key: `${service.namespace}/${service.name}`,
      current: service,
    })));
  }

  /** Stops following the table. */
  close(): void {
    this.#unsubscribe();
  }

  /** True when `name` is the cluster domain or below it. */
  inDomain(name: string): boolean {
    const key = canonicalName(name);
    return key === this.domain || key.endsWith(`.${this.domain}`);
  }

  /**
   * True when the zone answers `name`: the cluster domain, or a reverse name of an address
   * the zone knows (other reverse names are not ours: forwarded or refused).
   */
  answers(name: string): boolean {
    const key = canonicalName(name);
    return this.inDomain(key) || this.#byName.has(key);
  }

  /** Answers one question (the caller checked {@linkcode ClusterZone.answers}). */
  answer(question: Question): ZoneAnswer {
    const name = canonicalName(question.name);
    const type = question.type;
    if (question.class !== CLASS_IN && question.class !== 255) {
      return {
        rcode: RCode.REFUSED,
        authoritative: false,
        answers: [],
        authorities: [],
        additionals: [],
      };
    }
    let records = this.#recordsAt(name);
    if (records.length === 0) {
      const pod = this.#podRecord(name, question.name);
      if (pod) records = [pod];
    }
    if (name === this.domain) records = [this.#soa, ...records];
    if (records.length === 0) {
      const exists = this.#ent.has(name);
      return this.#negative(exists ? RCode.NOERROR : RCode.NXDOMAIN);
    }
    const matching = type === RRType.ANY
      ? records
      : records.filter((r) => recordTypeOf(r) === type);
    let answers = matching;
    if (matching.length === 0) {
      const cname = records.find((r) => r.data.kind === "CNAME");
      if (!cname) return this.#negative(RCode.NOERROR);
      answers = [cname];
      // Chase a target inside the zone once (a service CNAME to another service).
      if (cname.data.kind === "CNAME") {
        const target = canonicalName(cname.data.target);
        answers = [cname, ...this.#recordsAt(target).filter((r) => recordTypeOf(r) === type)];
      }
    }
    // Owner names echo the question's spelling (0x20 case randomization).
    answers = answers.map((r) =>
      canonicalName(r.name) === name ? { ...r, name: question.name } : r
    );
    return {
      rcode: RCode.NOERROR,
      authoritative: true,
      answers,
      authorities: [],
      additionals: this.#additionalsFor(answers),
    };
  }

  /** The SOA record of the zone. */
  get soa(): ResourceRecord {
    return this.#soa;
  }

  /** The number of names with records (for tests and metrics). */
  get nameCount(): number {
    return this.#byName.size;
  }

  #negative(rcode: number): ZoneAnswer {
    return { rcode, authoritative: true, answers: [], authorities: [this.#soa], additionals: [] };
  }

  #recordsAt(name: string): ResourceRecord[] {
    const owners = this.#byName.get(name);
    if (!owners) return [];
    if (owners.size === 1) return owners.values().next().value ?? [];
    return [...owners.values()].flat();
  }

  /** A/AAAA of the addresses of SRV and NS targets. */
  #additionalsFor(answers: readonly ResourceRecord[]): ResourceRecord[] {
    const out: ResourceRecord[] = [];
    const seen = new Set<string>();
    for (const r of answers) {
      const target = r.data.kind === "SRV" || r.data.kind === "NS" ? r.data.target : undefined;
      if (target === undefined || seen.has(target)) continue;
      seen.add(target);
      for (const a of this.#recordsAt(canonicalName(target))) {
        if (a.data.kind === "A" || a.data.kind === "AAAA") out.push(a);
      }
    }
    return out;
  }

  #podRecord(name: string, spelled: string): ResourceRecord | undefined {
    const suffix = `.pod.${this.domain}`;
    if (!name.endsWith(suffix)) return undefined;
    const labels = name.slice(0, -suffix.length).split(".");
    if (labels.length !== 2) return undefined; // ip-with-dashes.namespace
    const ip = ipFromDashed(labels[0]!);
    if (!ip) return undefined;
    return {
      name: spelled,
      class: CLASS_IN,
      ttl: this.ttl,
      data: { kind: ip.includes(":") ? "AAAA" : "A", address: ip },
    };
  }

  #soaRecord(): ResourceRecord {
    return {
      name: this.domain,
      class: CLASS_IN,
      ttl: this.ttl,
      data: {
        kind: "SOA",
        mname: `ns.dns.${this.domain}`,
        rname: `hostmaster.${this.domain}`,
        serial: this.#serial,
        refresh: 7200,
        retry: 1800,
        expire: 86400,
        minimum: this.ttl,
      },
    };
  }

  #apply(changes: readonly ServiceChange[]): void {
    for (const change of changes) {
      this.#remove(change.key);
      if (change.current) this.#add(change.key, this.#recordsOf(change.current));
    }
    // The serial moves with every change (seconds, never backwards).
    this.#serial = Math.max(this.#serial + 1, Math.floor(Date.now() / 1000)) >>> 0;
    this.#soa = this.#soaRecord();
  }

  #add(owner: string, records: readonly [string, RecordData][]): void {
    const names: string[] = [];
    for (const [name, data] of records) {
      let owners = this.#byName.get(name);
      if (!owners) {
        owners = new Map();
        this.#byName.set(name, owners);
      }
      let list = owners.get(owner);
      if (!list) {
        list = [];
        owners.set(owner, list);
        names.push(name);
      }
      list.push({ name, class: CLASS_IN, ttl: this.ttl, data });
    }
    for (const name of names) this.#addEnt(name);
    this.#namesOf.set(owner, [...(this.#namesOf.get(owner) ?? []), ...names]);
  }

  #remove(owner: string): void {
    const names = this.#namesOf.get(owner);
    if (!names) return;
    this.#namesOf.delete(owner);
    for (const name of names) {
      const owners = this.#byName.get(name);
      owners?.delete(owner);
      if (owners?.size === 0) this.#byName.delete(name);
      this.#forEachAncestor(name, (ancestor) => {
        const count = (this.#ent.get(ancestor) ?? 0) - 1;
        if (count <= 0) this.#ent.delete(ancestor);
        else this.#ent.set(ancestor, count);
      });
    }
  }

  /** Counts `name`'s ancestors (below the apex) as having one more name below them. */
  #addEnt(name: string): void {
    this.#forEachAncestor(name, (ancestor) => {
      this.#ent.set(ancestor, (this.#ent.get(ancestor) ?? 0) + 1);
    });
  }

  #forEachAncestor(name: string, visit: (ancestor: string) => void): void {
    if (!name.endsWith(`.${this.domain}`)) return;
    // `name` itself counts too, so a name whose records go keeps existing while names remain below.
    let current = name;
    while (current !== this.domain) {
      visit(current);
      const dot = current.indexOf(".");
      if (dot < 0) return;
      current = current.slice(dot + 1);
    }
  }

  /** Every record a service implies, as (canonical name, data) pairs. */
  #recordsOf(service: Service): [string, RecordData][] {
    const base = canonicalName(`${service.name}.${service.namespace}.svc.${this.domain}`);
    const out: [string, RecordData][] = [];
    const address = (ip: string): RecordData => ({
      kind: ip.includes(":") ? "AAAA" : "A",
      address: ip,
    });
    if (service.type === "ExternalName") {
      if (service.externalName) out.push([base, { kind: "CNAME", target: service.externalName }]);
      return out;
    }
    if (!isHeadless(service)) {
      for (const ip of service.clusterIPs) {
        out.push([base, address(ip)]);
        const reverse = reverseName(ip);
        if (reverse) out.push([reverse, { kind: "PTR", target: base }]);
      }
      for (const port of service.ports) {
        const srv: RecordData = {
          kind: "SRV",
          priority: 0,
          weight: 100,
          port: port.port,
          target: base,
        };
        out.push([base, srv]);
        if (port.name !== "") {
          out.push([`_${port.name}._${port.protocol.toLowerCase()}.${base}`, srv]);
        }
      }
      return out;
    }
    // Headless: the ready endpoints themselves.
    const ready = service.endpoints.filter((e) => e.ready);
    const weight = ready.length > 0 ? Math.max(1, Math.floor(100 / ready.length)) : 100;
    const seenIPs = new Set<string>();
    const seenHosts = new Set<string>();
    for (const endpoint of ready) {
      const host = canonicalName(`${endpoint.hostname ?? dashedIP(endpoint.ip)}.${base}`);
      if (!seenIPs.has(endpoint.ip)) {
        seenIPs.add(endpoint.ip);
        out.push([base, address(endpoint.ip)]);
        const reverse = reverseName(endpoint.ip);
        if (reverse) out.push([reverse, { kind: "PTR", target: host }]);
      }
      if (!seenHosts.has(`${host}/${endpoint.ip}`)) {
        seenHosts.add(`${host}/${endpoint.ip}`);
        out.push([host, address(endpoint.ip)]);
      }
      for (const port of service.ports) {
        const target = endpointPort(port, endpoint);
        if (target === undefined) continue;
        const srv: RecordData = { kind: "SRV", priority: 0, weight, port: target, target: host };
        out.push([base, srv]);
        if (port.name !== "") {
          out.push([`_${port.name}._${port.protocol.toLowerCase()}.${base}`, srv]);
        }
      }
    }
    return out;
  }
}

function recordTypeOf(record: ResourceRecord): number {
  return record.data.kind === "raw" ? record.data.type : RRType[record.data.kind];
}
