/**
 * Stable identities derived from the cluster definition, as etcd derives its member and
 * cluster ids from names and URLs: the same `--initial-cluster` gives the same ids on every
 * member and across restarts.
 *
 * Ids are positive safe integers (53 bits), so they stay exact as JavaScript numbers; the
 * client API prints them as decimal strings like etcd's uint64 ids.
 *
 * @module
 */
import type { ClusterMember } from "../../cli/values.ts";

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = (1n << 64n) - 1n;
const MASK_53 = (1n << 53n) - 1n;

/** FNV-1a over the UTF-8 bytes of `text`, folded to a non-zero 53-bit integer. */
export function stableId(text: string): number {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK_64;
  }
  const folded = Number((hash ^ (hash >> 53n)) & MASK_53);
  return folded === 0 ? 1 : folded;
}

/** The cluster's identity: a hash of its sorted member list (names and peer addresses). */
export function clusterToken(members: readonly ClusterMember[]): string {
  return members
    .map((member) => `${member.name}=${member.peer.hostname}:${member.peer.port}`)
    .sort()
    .join(",");
}

/** The cluster id for response headers. */
export function clusterId(members: readonly ClusterMember[]): number {
  return stableId(`cluster:${clusterToken(members)}`);
}

/** A member's Raft id: a hash of the cluster and the member's name. */
export function memberId(members: readonly ClusterMember[], name: string): number {
  return stableId(`member:${clusterToken(members)}:${name}`);
}
