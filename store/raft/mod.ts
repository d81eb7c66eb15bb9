/**
 * The Raft consensus core of kubeno's store: a pure, synchronous, deterministic state machine
 * (after etcd-io/raft). The async driver (store/node) owns timers, disk and sockets and talks to
 * the core only through {@link RawNode}, {@link Ready} and {@link Storage}.
 *
 * @module
 */

export * from "./types.ts";
export {
  decodeMessage,
  describeMessage,
  encodeMessage,
  isLocalMessage,
  isResponseMessage,
  type Message,
  type MessageInit,
  MessageType,
  newMessage,
} from "./messages.ts";
export {
  applyToConfState,
  type ConfChange,
  ConfChangeType,
  decodeConfChange,
  encodeConfChange,
  validateConfChange,
} from "./conf_change.ts";
export { type InitialState, MemoryStorage, type Storage } from "./storage.ts";
export {
  CompactedError,
  ProposalDroppedError,
  RaftInvariantError,
  SnapshotOutOfDateError,
  SnapshotTemporarilyUnavailableError,
  UnavailableError,
} from "./errors.ts";
export { type LogFields, type Logger, SILENT_LOGGER } from "./logger.ts";
export { newRand, type Rand } from "./rand.ts";
export { ReadOnlyOption, type ReadState } from "./read_only.ts";
export { Progress, ProgressState } from "./progress.ts";
export { Inflights } from "./inflights.ts";
export { ProgressTracker } from "./tracker.ts";
export { VoteResult } from "./quorum.ts";
export { type EntryId, RaftLog } from "./log.ts";
export { Unstable } from "./log_unstable.ts";
export { type ReadIndexStatus, ReadOnly } from "./read_only.ts";
export {
  CAMPAIGN_TRANSFER_CONTEXT,
  CampaignType,
  type Config,
  Raft,
  type SoftState,
  StateType,
  validateConfig,
} from "./raft.ts";
export { RawNode, type Ready, SnapshotStatus, type Status } from "./raw_node.ts";
export { EMPTY_SNAPSHOT, entrySize, isEmptySnapshot } from "./entries.ts";
