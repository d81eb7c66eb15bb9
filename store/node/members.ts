/**
 * The store's membership as the application sees it: each member's Raft id, name and peer
 * address. Raft only tracks ids; names and addresses travel in the context of membership
 * changes and in state-machine snapshots, so every member, and a member restored from a
 * snapshot, knows where to reach everyone else.
 *
 * @module
 */
import type { HostPort } from "../../cli/values.ts";
import { type ConfChange, ConfChangeType } from "../raft/mod.ts";

/** One member. */
export interface MemberRecord {
  readonly id: number;
  readonly name: string;
  readonly peer: HostPort;
  /** Receives the log but does not vote (yet). */
  readonly learner: boolean;
}

/** What a membership change's context carries: the member being added. */
export interface MemberContext {
  readonly name: string;
  readonly peer: HostPort;
}

/** Encodes a member for a conf change's context. */
export function encodeMemberContext(context: MemberContext): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(context));
}

/**
 * The member list. Invariant: ids are unique; a removed id never comes back (a wiped member
 * rejoins under a new id, so its old votes can never count twice).
 */
export class MemberRegistry {
  readonly #members = new Map<number, MemberRecord>();
  readonly #removed = new Set<number>();

  /** A registry holding `members`, with `removed` ids. */
  constructor(members: readonly MemberRecord[] = [], removed: readonly number[] = []) {
    for (const member of members) this.#members.set(member.id, member);
    for (const id of removed) this.#removed.add(id);
  }

  /** Every member, by id. */
  list(): MemberRecord[] {
    return [...this.#members.values()].sort((a, b) => a.id - b.id);
  }

  /** The member with `id`. */
  get(id: number): MemberRecord | undefined {
    return this.#members.get(id);
  }

  /** The member named `name`. */
  byName(name: string): MemberRecord | undefined {
    return this.list().find((member) => member.name === name);
  }

  /** True when `id` was a member and was removed. */
  isRemoved(id: number): boolean {
    return this.#removed.has(id);
  }

  /**
   * Applies a committed membership change; returns what changed for the transport. A change
   * without context for an unknown id (the bootstrap entries) adds nothing: bootstrap members
   * are already known.
   */
  apply(change: ConfChange): { added?: MemberRecord; removed?: number } {
    if (change.type === ConfChangeType.RemoveNode) {
      if (!this.#members.delete(change.nodeId)) return {};
      this.#removed.add(change.nodeId);
      return { removed: change.nodeId };
    }
    const learner = change.type === ConfChangeType.AddLearner;
    const known = this.#members.get(change.nodeId);
    if (known !== undefined) {
      const updated = { ...known, learner };
      this.#members.set(change.nodeId, updated);
      return {};
    }
    if (change.context === undefined || this.#removed.has(change.nodeId)) return {};
    const context = JSON.parse(new TextDecoder().decode(change.context)) as MemberContext;
    const added = { id: change.nodeId, name: context.name, peer: context.peer, learner };
    this.#members.set(added.id, added);
    return { added };
  }

  /** JSON bytes of the whole registry. */
  encode(): Uint8Array {
    return new TextEncoder().encode(
      JSON.stringify({ members: this.list(), removed: [...this.#removed].sort((a, b) => a - b) }),
    );
  }

  /** The registry encoded by {@link encode}. */
  static decode(bytes: Uint8Array): MemberRegistry {
    const value = JSON.parse(new TextDecoder().decode(bytes)) as {
      members: MemberRecord[];
      removed: number[];
    };
    return new MemberRegistry(value.members, value.removed);
  }
}

/**
 * A store snapshot's data: `u32 length | member registry JSON | MVCC snapshot`. Both halves
 * are the state as of the snapshot's index.
 */
export function encodeSnapshotData(members: MemberRegistry, kv: Uint8Array): Uint8Array {
  const registry = members.encode();
  const out = new Uint8Array(4 + registry.length + kv.length);
  new DataView(out.buffer).setUint32(0, registry.length);
  out.set(registry, 4);
  out.set(kv, 4 + registry.length);
  return out;
}

/** Splits snapshot data made by {@link encodeSnapshotData}. */
export function decodeSnapshotData(data: Uint8Array): { members: MemberRegistry; kv: Uint8Array } {
  if (data.length < 4) throw new RangeError("store snapshot: too short");
  const length = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0);
  if (4 + length > data.length) throw new RangeError("store snapshot: registry overruns data");
  return {
    members: MemberRegistry.decode(data.subarray(4, 4 + length)),
    kv: data.subarray(4 + length),
  };
}
