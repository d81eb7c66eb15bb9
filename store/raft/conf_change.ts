/**
 * Single-server membership changes (Raft paper §6 as refined in Ongaro's thesis §4.1): one
 * voter added or removed at a time, plus learners (non-voting members that catch up before a
 * promotion). A change travels as the data of an {@link EntryType.ConfChange} entry and takes
 * effect when the driver applies that entry (RawNode.applyConfChange).
 *
 * Wire format: `version=2 | type | nodeId | context` (type and nodeId as LEB128 varints, context
 * a length-prefixed byte string). Version 1 (no context) still decodes.
 *
 * @module
 */

import { ByteReader, ByteWriter } from "./codec.ts";
import type { ConfState, NodeId } from "./types.ts";

/** What a membership change does. */
export enum ConfChangeType {
  /** Add a voter, or promote an existing learner to voter. */
  AddNode = 0,
  /** Add a learner (a non-voting member that receives the log). */
  AddLearner = 1,
  /** Remove a voter or learner. */
  RemoveNode = 2,
}

/** One membership change. */
export interface ConfChange {
  /** What to do. */
  readonly type: ConfChangeType;
  /** The member it concerns (a positive safe integer). */
  readonly nodeId: NodeId;
  /**
   * Opaque data for the application, applied with the change (the store records the member's
   * name and peer address here). Raft never looks inside.
   */
  readonly context?: Uint8Array;
}

const CC_VERSION = 2;
const CC_VERSION_NO_CONTEXT = 1;

/** Encodes a conf change as an entry's data. */
export function encodeConfChange(cc: ConfChange): Uint8Array {
  if (!Number.isSafeInteger(cc.nodeId) || cc.nodeId <= 0) {
    throw new RangeError(`conf change: invalid node id ${cc.nodeId}`);
  }
  if (ConfChangeType[cc.type] === undefined) {
    throw new RangeError(`conf change: invalid type ${cc.type}`);
  }
  const w = new ByteWriter(16 + (cc.context?.length ?? 0));
  w.byte(CC_VERSION);
  w.uvarint(cc.type);
  w.uvarint(cc.nodeId);
  w.bytes(cc.context ?? new Uint8Array(0));
  return w.finish();
}

/** Decodes an entry's data into a conf change; throws RangeError on malformed input. */
export function decodeConfChange(data: Uint8Array): ConfChange {
  const r = new ByteReader(data);
  const version = r.byte();
  if (version !== CC_VERSION && version !== CC_VERSION_NO_CONTEXT) {
    throw new RangeError(`conf change: unknown version ${version}`);
  }
  const type = r.uvarint();
  if (ConfChangeType[type] === undefined) {
    throw new RangeError(`conf change: unknown type ${type}`);
  }
  const nodeId = r.uvarint();
  if (nodeId === 0) throw new RangeError("conf change: node id 0");
  const context = version === CC_VERSION ? r.bytes() : new Uint8Array(0);
  r.end();
  return context.length === 0
    ? { type: type as ConfChangeType, nodeId }
    : { type: type as ConfChangeType, nodeId, context };
}

/**
 * Why `cc` cannot be applied to `cs`, or undefined when it can. Invalid changes are refused at
 * proposal time (the leader appends an empty entry instead) and ignored at apply time, so a
 * committed change never makes the state machines diverge.
 */
export function validateConfChange(cs: ConfState, cc: ConfChange): string | undefined {
  switch (cc.type) {
    case ConfChangeType.AddNode:
      return undefined;
    case ConfChangeType.AddLearner:
      return cs.voters.includes(cc.nodeId)
        ? "cannot demote a voter to learner with a single-server change"
        : undefined;
    case ConfChangeType.RemoveNode:
      if (cs.voters.length === 1 && cs.voters[0] === cc.nodeId) {
        return "cannot remove the last voter";
      }
      return undefined;
    default:
      return "unknown conf change type";
  }
}

/**
 * Returns the membership after applying `cc` to `cs` (a pure function; ids stay sorted).
 * An invalid change (see {@link validateConfChange}) returns `cs` unchanged.
 */
export function applyToConfState(cs: ConfState, cc: ConfChange): ConfState {
  if (validateConfChange(cs, cc) !== undefined) return cs;
  const voters = new Set(cs.voters);
  const learners = new Set(cs.learners);
  switch (cc.type) {
    case ConfChangeType.AddNode:
      learners.delete(cc.nodeId);
      voters.add(cc.nodeId);
      break;
    case ConfChangeType.AddLearner:
      learners.add(cc.nodeId);
      break;
    case ConfChangeType.RemoveNode:
      voters.delete(cc.nodeId);
      learners.delete(cc.nodeId);
      break;
  }
  const sorted = (s: Set<NodeId>) => [...s].sort((a, b) => a - b);
  return { voters: sorted(voters), learners: sorted(learners) };
}
