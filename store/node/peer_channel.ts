/**
 * Two kinds of traffic share the peer transport's streams: Raft messages, and small calls a
 * member makes to the leader (lease keepalives and time-to-live queries are the leader's to
 * answer, as in etcd). The first byte of every transport message says which.
 *
 * @module
 */

/** What a peer transport message carries. */
export enum PeerChannel {
  /** An encoded Raft message. */
  Raft = 0,
  /** A JSON {@link LeaderCall}. */
  Call = 1,
  /** A JSON {@link LeaderReply}. */
  Reply = 2,
}

/** A call to the leader. */
export interface LeaderCall {
  readonly callId: number;
  readonly method: "leaseKeepAlive" | "leaseTimeToLive";
  readonly leaseId: number;
  readonly keys?: boolean;
}

/** The leader's answer to a {@link LeaderCall}. */
export interface LeaderReply {
  readonly callId: number;
  /** The answer, JSON-encodable; absent when `error` is set. */
  readonly result?: unknown;
  /** An error message (the caller raises it as a store error with `code`). */
  readonly error?: { readonly message: string; readonly code: number };
}

/** Prefixes a payload with its channel byte. */
export function frameChannel(channel: PeerChannel, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(payload.length + 1);
  out[0] = channel;
  out.set(payload, 1);
  return out;
}

/** Encodes a call or reply as its channel message. */
export function encodeJsonChannel(
  channel: PeerChannel.Call | PeerChannel.Reply,
  value: LeaderCall | LeaderReply,
): Uint8Array {
  return frameChannel(channel, new TextEncoder().encode(JSON.stringify(value)));
}

/** Splits a transport message into its channel and payload. */
export function splitChannel(message: Uint8Array): { channel: PeerChannel; payload: Uint8Array } {
  const channel = message[0];
  if (channel === undefined || !(channel in PeerChannel)) {
    throw new RangeError(`peer message with unknown channel ${channel}`);
  }
  return { channel, payload: message.subarray(1) };
}
