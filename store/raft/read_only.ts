/**
 * Bookkeeping for linearizable read-only queries (thesis §6.4, ReadIndex). The leader records
 * its commit index when a read arrives, then confirms it is still the leader by a heartbeat
 * round tagged with the request's context; once a quorum acks, every request queued up to
 * that one may be served at its recorded index.
 *
 * @module
 */

import type { Message } from "./messages.ts";
import type { NodeId } from "./types.ts";

/** How read-only requests are served. */
export enum ReadOnlyOption {
  /**
   * Safe: confirm leadership with a quorum heartbeat round per read (batched) — linearizable
   * regardless of clocks.
   */
  Safe = 0,
  /**
   * Lease-based: serve at the commit index without a heartbeat round, relying on CheckQuorum's
   * leader lease (thesis §6.4.1). Unsafe if clocks drift unboundedly; requires CheckQuorum.
   */
  LeaseBased = 1,
}

/** A read that can be served once the application has applied up to `index`. */
export interface ReadState {
  /** The read index: the commit index when the request was confirmed. */
  readonly index: number;
  /** The request's context, as given to RawNode.readIndex. */
  readonly requestCtx: Uint8Array;
}

/** A pending read: the request, the commit index at its arrival, and who acked it. */
export interface ReadIndexStatus {
  /** The original MsgReadIndex (from = requester; 0 for a local request). */
  readonly req: Message;
  /** The leader's commit index when the request arrived. */
  readonly index: number;
  /** Members that acked the heartbeat carrying this request's context. */
  readonly acks: Set<NodeId>;
}

/** A context's map key (contexts are compared by bytes). */
export function contextKey(ctx: Uint8Array): string {
  let s = "";
  for (const b of ctx) s += String.fromCharCode(b);
  return s;
}

/** The leader's queue of reads awaiting leadership confirmation. */
export class ReadOnly {
  /** The read option in force. */
  readonly option: ReadOnlyOption;
  readonly #pending = new Map<string, ReadIndexStatus>();
  #queue: string[] = [];

  /** An empty queue for `option`. */
  constructor(option: ReadOnlyOption) {
    this.option = option;
  }

  /** Queues `m` to be served at `index` (a duplicate context is ignored). */
  addRequest(index: number, m: Message): void {
    const key = contextKey(m.context);
    if (this.#pending.has(key)) return;
    this.#pending.set(key, { req: m, index, acks: new Set() });
    this.#queue.push(key);
  }

  /** Records `id`'s ack of the heartbeat tagged `ctx`; returns the ackers so far, if pending. */
  recvAck(id: NodeId, ctx: Uint8Array): ReadonlySet<NodeId> | undefined {
    const rs = this.#pending.get(contextKey(ctx));
    if (!rs) return undefined;
    rs.acks.add(id);
    return rs.acks;
  }

  /**
   * The request tagged `ctx` was confirmed by a quorum: dequeues and returns it together with
   * every request queued before it (a later confirmation covers earlier requests).
   */
  advance(ctx: Uint8Array): ReadIndexStatus[] {
    const key = contextKey(ctx);
    const i = this.#queue.indexOf(key);
    if (i < 0) return [];
    const done = this.#queue.slice(0, i + 1);
    this.#queue = this.#queue.slice(i + 1);
    const out: ReadIndexStatus[] = [];
    for (const k of done) {
      const rs = this.#pending.get(k);
      if (rs) out.push(rs);
      this.#pending.delete(k);
    }
    return out;
  }

  /** The context of the newest pending request, if any (sent with periodic heartbeats). */
  lastPendingRequestCtx(): Uint8Array | undefined {
    const key = this.#queue[this.#queue.length - 1];
    return key === undefined ? undefined : this.#pending.get(key)?.req.context;
  }

  /** The number of pending requests. */
  pendingCount(): number {
    return this.#queue.length;
  }
}
