/**
 * The messages Raft peers exchange (and the local messages a driver feeds in), as plain data,
 * with a compact binary codec for the transport.
 *
 * Wire format (version 1), all integers unsigned LEB128 varints (see codec.ts):
 *
 * ```
 * version=1 | type | flags | to | from | term | logTerm | index | commit | rejectHint
 *   | context (len-prefixed) | entryCount | entries… | [snapshot if flags & HAS_SNAPSHOT]
 * entry    = term | index | type | data (len-prefixed)
 * snapshot = index | term | #voters | voters… | #learners | learners… | data (len-prefixed)
 * flags    = bit0 reject, bit1 hasSnapshot
 * ```
 *
 * @module
 */

import { ByteReader, ByteWriter } from "./codec.ts";
import {
  type ConfState,
  type Entry,
  EntryType,
  type NodeId,
  NONE,
  type Snapshot,
} from "./types.ts";

/** What a message asks for or reports. Local types never cross the network. */
export enum MessageType {
  /** Local: start an election (sent by tick on election timeout, or a forced campaign). */
  Hup = 0,
  /** Local: leader, broadcast a heartbeat now. */
  Beat = 1,
  /** Propose entries (local, or forwarded by a follower to the leader). */
  Prop = 2,
  /** AppendEntries RPC (paper §5.3): entries after (index, logTerm), plus the commit index. */
  App = 3,
  /** Reply to App: accepted up to `index`, or reject with a hint (rejectHint, logTerm). */
  AppResp = 4,
  /** RequestVote RPC (paper §5.2) for a candidate whose last entry is (index, logTerm). */
  Vote = 5,
  /** Reply to Vote. */
  VoteResp = 6,
  /** InstallSnapshot RPC (paper §7). */
  Snap = 7,
  /** Leader heartbeat: carries the safe commit index and, for ReadIndex, a context. */
  Heartbeat = 8,
  /** Reply to Heartbeat, echoing its context. */
  HeartbeatResp = 9,
  /** Local: the driver reports a peer unreachable; its progress falls back to probing. */
  Unreachable = 10,
  /** Local: the driver reports a snapshot send finished (reject=false) or failed (reject=true). */
  SnapStatus = 11,
  /** Local: leader, check that a quorum was active in the last election timeout. */
  CheckQuorum = 12,
  /** Ask the leader to hand leadership to `from` (thesis §3.10). */
  TransferLeader = 13,
  /** Leader tells the transferee to campaign now, bypassing lease and pre-vote. */
  TimeoutNow = 14,
  /** Ask for a read index (thesis §6.4); `context` identifies the request. */
  ReadIndex = 15,
  /** Reply to a forwarded ReadIndex: `index` is the read index, `context` echoes the request. */
  ReadIndexResp = 16,
  /** PreVote (thesis §9.6): would you vote for me at term `term`? Changes no state. */
  PreVote = 17,
  /** Reply to PreVote. */
  PreVoteResp = 18,
}

const MAX_MESSAGE_TYPE = MessageType.PreVoteResp;

/**
 * One Raft message. Plain data: every field is a number, boolean, byte array or plain object,
 * so transports can serialize it (see {@link encodeMessage}).
 */
export interface Message {
  /** What the message is. */
  readonly type: MessageType;
  /** Recipient. */
  readonly to: NodeId;
  /** Sender. */
  readonly from: NodeId;
  /** The sender's term (0 for local messages and proposals). */
  readonly term: number;
  /** Term of the entry at `index` (App: prevLogTerm; Vote: lastLogTerm; AppResp reject: hint term). */
  readonly logTerm: number;
  /** App: prevLogIndex; AppResp: last matched (or rejected) index; Vote: lastLogIndex; ReadIndexResp: read index. */
  readonly index: number;
  /** Entries to append (App) or propose (Prop). */
  readonly entries: readonly Entry[];
  /** The leader's commit index (App, Heartbeat). */
  readonly commit: number;
  /** The snapshot of a Snap message. */
  readonly snapshot?: Snapshot;
  /** True for a rejection (AppResp, VoteResp, PreVoteResp) or a failed SnapStatus. */
  readonly reject: boolean;
  /** On AppResp reject: the follower's guess at the highest index that might match. */
  readonly rejectHint: number;
  /** Opaque bytes: ReadIndex request id (ReadIndex, Heartbeat(Resp), ReadIndexResp) or campaign kind (Vote). */
  readonly context: Uint8Array;
}

/** The fields of a {@link Message} a caller gives to {@link newMessage}; the rest default. */
export type MessageInit =
  & Pick<Message, "type">
  & Partial<Omit<Message, "type" | "snapshot">>
  & { readonly snapshot?: Snapshot | undefined };

const EMPTY_BYTES = new Uint8Array(0);
const NO_ENTRIES: readonly Entry[] = Object.freeze([]);

/** Builds a {@link Message}, defaulting numbers to 0, flags to false and arrays to empty. */
export function newMessage(init: MessageInit): Message {
  const m: {
    -readonly [K in keyof Message]: Message[K];
  } = {
    type: init.type,
    to: init.to ?? NONE,
    from: init.from ?? NONE,
    term: init.term ?? 0,
    logTerm: init.logTerm ?? 0,
    index: init.index ?? 0,
    entries: init.entries ?? NO_ENTRIES,
    commit: init.commit ?? 0,
    reject: init.reject ?? false,
    rejectHint: init.rejectHint ?? 0,
    context: init.context ?? EMPTY_BYTES,
  };
  if (init.snapshot !== undefined) m.snapshot = init.snapshot;
  return m;
}

/** True for message types that are only ever produced and consumed locally. */
export function isLocalMessage(t: MessageType): boolean {
  return t === MessageType.Hup || t === MessageType.Beat || t === MessageType.Unreachable ||
    t === MessageType.SnapStatus || t === MessageType.CheckQuorum;
}

/** True for replies to a peer's request (ignored when the sender is not a member). */
export function isResponseMessage(t: MessageType): boolean {
  return t === MessageType.AppResp || t === MessageType.VoteResp ||
    t === MessageType.HeartbeatResp || t === MessageType.PreVoteResp;
}

/** The reply type for a vote request type. */
export function voteResponseType(t: MessageType): MessageType {
  switch (t) {
    case MessageType.Vote:
      return MessageType.VoteResp;
    case MessageType.PreVote:
      return MessageType.PreVoteResp;
    default:
      throw new TypeError(`not a vote message type: ${MessageType[t]}`);
  }
}

const FLAG_REJECT = 1;
const FLAG_SNAPSHOT = 2;
const WIRE_VERSION = 1;

function writeEntry(w: ByteWriter, e: Entry): void {
  w.uvarint(e.term);
  w.uvarint(e.index);
  w.uvarint(e.type);
  w.bytes(e.data);
}

function readEntry(r: ByteReader): Entry {
  const term = r.uvarint();
  const index = r.uvarint();
  const type = r.uvarint();
  if (type !== EntryType.Normal && type !== EntryType.ConfChange) {
    throw new RangeError(`decode: unknown entry type ${type}`);
  }
  const data = r.bytes();
  return { term, index, type, data };
}

function writeIds(w: ByteWriter, ids: readonly NodeId[]): void {
  w.uvarint(ids.length);
  for (const id of ids) w.uvarint(id);
}

function readIds(r: ByteReader): NodeId[] {
  const n = r.uvarint();
  if (n > r.remaining) throw new RangeError("decode: id list overruns input");
  const ids: NodeId[] = [];
  for (let i = 0; i < n; i++) ids.push(r.uvarint());
  return ids;
}

/** Writes a snapshot (metadata then data) to `w`. Shared with other codecs of the core. */
export function writeSnapshot(w: ByteWriter, s: Snapshot): void {
  w.uvarint(s.metadata.index);
  w.uvarint(s.metadata.term);
  writeIds(w, s.metadata.confState.voters);
  writeIds(w, s.metadata.confState.learners);
  w.bytes(s.data);
}

/** Reads a snapshot written by {@link writeSnapshot}. */
export function readSnapshot(r: ByteReader): Snapshot {
  const index = r.uvarint();
  const term = r.uvarint();
  const voters = readIds(r);
  const learners = readIds(r);
  const confState: ConfState = { voters, learners };
  const data = r.bytes();
  return { metadata: { index, term, confState }, data };
}

/** Encodes a message to the compact binary wire format (see the module doc). */
export function encodeMessage(m: Message): Uint8Array {
  let size = 64 + m.context.byteLength;
  for (const e of m.entries) size += e.data.byteLength + 16;
  if (m.snapshot) size += m.snapshot.data.byteLength + 32;
  const w = new ByteWriter(size);
  w.byte(WIRE_VERSION);
  w.uvarint(m.type);
  w.byte((m.reject ? FLAG_REJECT : 0) | (m.snapshot ? FLAG_SNAPSHOT : 0));
  w.uvarint(m.to);
  w.uvarint(m.from);
  w.uvarint(m.term);
  w.uvarint(m.logTerm);
  w.uvarint(m.index);
  w.uvarint(m.commit);
  w.uvarint(m.rejectHint);
  w.bytes(m.context);
  w.uvarint(m.entries.length);
  for (const e of m.entries) writeEntry(w, e);
  if (m.snapshot) writeSnapshot(w, m.snapshot);
  return w.finish();
}

/** Decodes {@link encodeMessage}'s output; throws RangeError on malformed input. */
export function decodeMessage(buf: Uint8Array): Message {
  const r = new ByteReader(buf);
  const version = r.byte();
  if (version !== WIRE_VERSION) throw new RangeError(`decode: unknown message version ${version}`);
  const type = r.uvarint();
  if (type > MAX_MESSAGE_TYPE) throw new RangeError(`decode: unknown message type ${type}`);
  const flags = r.byte();
  if ((flags & ~(FLAG_REJECT | FLAG_SNAPSHOT)) !== 0) {
    throw new RangeError(`decode: unknown message flags ${flags}`);
  }
  const to = r.uvarint();
  const from = r.uvarint();
  const term = r.uvarint();
  const logTerm = r.uvarint();
  const index = r.uvarint();
  const commit = r.uvarint();
  const rejectHint = r.uvarint();
  const context = r.bytes();
  const n = r.uvarint();
  if (n > r.remaining) throw new RangeError("decode: entry count overruns input");
  const entries: Entry[] = [];
  for (let i = 0; i < n; i++) entries.push(readEntry(r));
  const snapshot = (flags & FLAG_SNAPSHOT) !== 0 ? readSnapshot(r) : undefined;
  r.end();
  return newMessage({
    type: type as MessageType,
    to,
    from,
    term,
    logTerm,
    index,
    entries,
    commit,
    snapshot,
    reject: (flags & FLAG_REJECT) !== 0,
    rejectHint,
    context,
  });
}

/** A short human-readable description of a message, for logs and test failures. */
export function describeMessage(m: Message): string {
  let s = `${MessageType[m.type]} ${m.from}->${m.to} term=${m.term}`;
  if (m.logTerm || m.index) s += ` logTerm=${m.logTerm} index=${m.index}`;
  if (m.commit) s += ` commit=${m.commit}`;
  if (m.entries.length) s += ` entries=[${m.entries.map((e) => `${e.term}/${e.index}`).join(",")}]`;
  if (m.reject) s += ` reject hint=${m.rejectHint}`;
  if (m.snapshot) s += ` snap=${m.snapshot.metadata.term}/${m.snapshot.metadata.index}`;
  return s;
}
