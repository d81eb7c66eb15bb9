/**
 * Backend choice for one service port: round robin over the usable endpoints, ClientIP session
 * affinity with a sliding timeout, and a short "bad" mark for backends that just failed, so new
 * connections skip them. Shared by every frontend of the port (cluster IPs, external IPs, node
 * ports with the same traffic policy), so affinity holds across them as in kube-proxy.
 *
 * Invariants: `pick` is O(1) amortized in the number of services and clients (O(backends) only
 * when it has to skip bad ones); the affinity map is ordered by last use (entries are re-inserted
 * when used), so expired entries sit at its front and are pruned from there.
 *
 * @module
 */
import { joinHostPort } from "./ip.ts";
import type { SessionAffinity } from "./table.ts";

/** Where a connection goes: an endpoint address and port. */
export interface Backend {
  readonly ip: string;
  readonly port: number;
  /** `ip:port` (`[ip]:port` for IPv6); identifies the backend across updates. */
  readonly key: string;
}

/** Makes a backend with its key. */
export function backend(ip: string, port: number): Backend {
  return { ip, port, key: joinHostPort(ip, port) };
}

/** Options of a balancer. */
export interface BalancerOptions {
  /** How long a backend that failed is skipped (ms); default 5000. */
  readonly badBackendMs?: number;
  /** The clock (ms); tests pass a fake one. */
  readonly now?: () => number;
}

/** The backend set and selection state of one service port (and traffic policy view). */
export class Balancer {
  #backends: Backend[] = [];
  #byKey = new Map<string, Backend>();
  #cursor = 0;
  #affinityMs = 0;
  /** client IP -> pinned backend key and expiry; ordered by last use. */
  readonly #affinity = new Map<string, { key: string; expires: number }>();
  /** backend key -> time until which it is skipped. */
  readonly #bad = new Map<string, number>();
  readonly #badMs: number;
  readonly #now: () => number;

  /** Creates a balancer with no backends and no affinity. */
  constructor(options: BalancerOptions = {}) {
    this.#badMs = options.badBackendMs ?? 5000;
    this.#now = options.now ?? (() => performance.now());
  }

  /** The number of backends. */
  get size(): number {
    return this.#backends.length;
  }

  /** The current backends, in round-robin order. */
  get backends(): readonly Backend[] {
    return this.#backends;
  }

  /** True when `key` is a current backend. */
  has(key: string): boolean {
    return this.#byKey.has(key);
  }

  /** Sets the session affinity (kept pins stay when ClientIP remains on). */
  setAffinity(affinity: SessionAffinity): void {
    const ms = affinity.type === "ClientIP" ? affinity.timeoutSeconds * 1000 : 0;
    if (ms === 0) this.#affinity.clear();
    this.#affinityMs = ms;
  }

  /**
   * Replaces the backends; returns the keys that left. Pins and bad marks of backends that
   * remain are kept; the round-robin cursor continues where it was.
   */
  setBackends(backends: readonly Backend[]): string[] {
    const next = new Map<string, Backend>();
    for (const b of backends) if (!next.has(b.key)) next.set(b.key, b);
    const removed = [...this.#byKey.keys()].filter((key) => !next.has(key));
    for (const key of removed) this.#bad.delete(key);
    this.#byKey = next;
    this.#backends = [...next.values()];
    if (this.#cursor >= this.#backends.length) this.#cursor = 0;
    return removed;
  }

  /** Skips `key` for new connections for a while (it just failed). */
  markBad(key: string): void {
    if (this.#byKey.has(key)) this.#bad.set(key, this.#now() + this.#badMs);
  }

  /** True when `key` failed recently. */
  isBad(key: string): boolean {
    const until = this.#bad.get(key);
    if (until === undefined) return false;
    if (until > this.#now()) return true;
    this.#bad.delete(key);
    return false;
  }

  /**
   * Chooses a backend for a new connection from `clientIP`, not among `exclude` (the ones this
   * connection already tried). Prefers the client's pin (ClientIP affinity), then round robin
   * over backends not marked bad; when every candidate is bad, the next one in round-robin order
   * (it may have recovered). Undefined when no candidate is left.
   */
  pick(clientIP: string, exclude?: ReadonlySet<string>): Backend | undefined {
    const n = this.#backends.length;
    if (n === 0) return undefined;
    const now = this.#now();
    if (this.#affinityMs > 0) {
      this.#pruneAffinity(now);
      const pin = this.#affinity.get(clientIP);
      if (pin && !exclude?.has(pin.key) && this.#byKey.has(pin.key) && !this.isBad(pin.key)) {
        this.#pinTo(clientIP, pin.key, now);
        return this.#byKey.get(pin.key);
      }
    }
    let fallback: Backend | undefined;
    for (let i = 0; i < n; i++) {
      const index = (this.#cursor + i) % n;
      const candidate = this.#backends[index]!;
      if (exclude?.has(candidate.key)) continue;
      if (this.isBad(candidate.key)) {
        fallback ??= candidate;
        continue;
      }
      this.#cursor = (index + 1) % n;
      if (this.#affinityMs > 0) this.#pinTo(clientIP, candidate.key, now);
      return candidate;
    }
    if (fallback && this.#affinityMs > 0) this.#pinTo(clientIP, fallback.key, now);
    return fallback;
  }

  /** The number of live affinity pins (for tests and metrics). */
  get affinityEntries(): number {
    this.#pruneAffinity(this.#now());
    return this.#affinity.size;
  }

  #pinTo(clientIP: string, key: string, now: number): void {
    // Re-insert so the map stays ordered by last use.
    this.#affinity.delete(clientIP);
    this.#affinity.set(clientIP, { key, expires: now + this.#affinityMs });
  }

  #pruneAffinity(now: number): void {
    for (const [client, pin] of this.#affinity) {
      if (pin.expires > now) break;
      this.#affinity.delete(client);
    }
  }
}
