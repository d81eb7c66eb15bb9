/**
 * Parsers for flag values shared by several commands. Each throws {@link UsageError} with a
 * message naming the flag, so the user sees one readable line.
 *
 * @module
 */
import { UsageError } from "./command.ts";

/** A TCP listen or dial address. */
export interface HostPort {
  readonly hostname: string;
  readonly port: number;
}

/** Parses `host:port` (`[::1]:6443` for IPv6) for the flag named `flag`. */
export function parseHostPort(flag: string, value: string): HostPort {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value);
  const hostname = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (hostname === undefined || !Number.isInteger(port) || port > 65535) {
    throw new UsageError(`--${flag} must be host:port, got ${JSON.stringify(value)}`);
  }
  return { hostname, port };
}

/** Parses a non-negative integer for the flag named `flag`. */
export function parseCount(flag: string, value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--${flag} must be a whole number, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** Parses `http://host:port` URLs, comma-separated, for the flag named `flag`. */
export function parseServerUrls(flag: string, value: string): URL[] {
  const urls = value.split(",").map((part) => part.trim()).filter((part) => part !== "");
  if (urls.length === 0) throw new UsageError(`--${flag} needs at least one URL`);
  return urls.map((text) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new UsageError(`--${flag}: ${JSON.stringify(text)} is not a URL`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new UsageError(
        `--${flag}: ${JSON.stringify(text)} must start with http:// or https://`,
      );
    }
    return url;
  });
}

/** One member of a store cluster as named by `--initial-cluster`. */
export interface ClusterMember {
  readonly name: string;
  readonly peer: HostPort;
}

/** Parses `m1=127.0.0.1:2380,m2=127.0.0.1:2390` for the flag named `flag`. */
export function parseInitialCluster(flag: string, value: string): ClusterMember[] {
  const members = value.split(",").map((entry) => {
    const eq = entry.indexOf("=");
    const name = entry.slice(0, eq);
    if (eq <= 0 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
      throw new UsageError(
        `--${flag} entries must be name=host:port with a lower-case name, got ${
          JSON.stringify(entry)
        }`,
      );
    }
    return { name, peer: parseHostPort(flag, entry.slice(eq + 1)) };
  });
  const names = new Set(members.map((member) => member.name));
  if (names.size !== members.length) {
    throw new UsageError(`--${flag} names a member twice`);
  }
  return members;
}
