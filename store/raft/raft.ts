/**
 * The Raft consensus algorithm as a pure, synchronous, deterministic state machine (after
 * etcd-io/raft). It never reads a clock, a random source, a disk or a socket: time advances by
 * {@link Raft.tick}, input arrives by {@link Raft.step}, and output accumulates in `msgs`,
 * `readStates` and the log's unstable tail for {@link RawNode} to hand to the driver.
 *
 * Section references are to the Raft paper (Ongaro & Ousterhout, "In Search of an
 * Understandable Consensus Algorithm", 2014) and Ongaro's dissertation ("thesis").
 *
 * @module
 */

import {
  applyToConfState,
  type ConfChange,
  ConfChangeType,
  decodeConfChange,
} from "./conf_change.ts";
import { isEmptySnapshot, payloadSize } from "./entries.ts";
import {
  CompactedError,
  ProposalDroppedError,
  RaftInvariantError,
  SnapshotTemporarilyUnavailableError,
} from "./errors.ts";
import { RaftLog } from "./log.ts";
import { type Logger, SILENT_LOGGER } from "./logger.ts";
import {
  describeMessage,
  type Message,
  type MessageInit,
  MessageType,
  newMessage,
  voteResponseType,
} from "./messages.ts";
import type { Progress } from "./progress.ts";
import { ProgressState } from "./progress.ts";
import { VoteResult, voteResult } from "./quorum.ts";
import { newRand, type Rand } from "./rand.ts";
import { contextKey, ReadOnly, ReadOnlyOption, type ReadState } from "./read_only.ts";
import type { Storage } from "./storage.ts";
import { ProgressTracker } from "./tracker.ts";
import {
  type ConfState,
  type Entry,
  EntryType,
  type HardState,
  isEmptyHardState,
  type NodeId,
  NONE,
  type Snapshot,
} from "./types.ts";

/** The role a node plays (paper Figure 4, plus the pre-candidate of thesis §9.6). */
export enum StateType {
  /** Passive: answers leaders and candidates. */
  Follower = 0,
  /** Campaigning for votes at a new term (§5.2). */
  Candidate = 1,
  /** Handles proposals and replicates the log (§5.3). */
  Leader = 2,
  /** Checking, without changing its term, whether it could win an election (PreVote). */
  PreCandidate = 3,
}

/** How a campaign is run. */
export enum CampaignType {
  /** The first phase of a PreVote election (no term change). */
  PreElection = 0,
  /** A normal election (§5.2). */
  Election = 1,
  /** A forced election after MsgTimeoutNow (leadership transfer, thesis §3.10). */
  Transfer = 2,
}

/** The context a transfer campaign's vote requests carry, so voters bypass their lease. */
export const CAMPAIGN_TRANSFER_CONTEXT: Uint8Array = new TextEncoder().encode("CampaignTransfer");

/** Configuration of one Raft node. Times are in ticks: the driver decides how long a tick is. */
export interface Config {
  /** This node's id: a positive safe integer. */
  readonly id: NodeId;
  /**
   * Election timeout in ticks. A follower that hears from no leader for a randomized period in
   * [electionTick, 2·electionTick) campaigns (§5.2). Must exceed heartbeatTick (etcd suggests
   * 10× heartbeatTick).
   */
  readonly electionTick: number;
  /** A leader sends heartbeats every heartbeatTick ticks. */
  readonly heartbeatTick: number;
  /** Stable storage (read-only for the core). */
  readonly storage: Storage;
  /**
   * The last index the application applied (on restart). Committed entries up to it are not
   * handed out again. Default: the storage's snapshot index.
   */
  readonly applied?: number;
  /** Upper bound on the bytes of entries in one MsgApp. Default 1 MiB. */
  readonly maxSizePerMsg?: number;
  /** Upper bound on the bytes of committed entries in one Ready. Default unlimited. */
  readonly maxCommittedSizePerReady?: number;
  /**
   * Upper bound on the payload bytes of a leader's uncommitted entries; proposals beyond it are
   * dropped. Default unlimited.
   */
  readonly maxUncommittedEntriesSize?: number;
  /** The in-flight append window per follower, in messages. Default 256. */
  readonly maxInflightMsgs?: number;
  /** The in-flight append window per follower, in bytes. Default unlimited. */
  readonly maxInflightBytes?: number;
  /**
   * Leader lease (thesis §6.2): a leader steps down if it has not heard from a quorum within an
   * election timeout, and followers that heard from a leader within an election timeout ignore
   * (pre-)vote requests. Default false.
   */
  readonly checkQuorum?: boolean;
  /**
   * PreVote (thesis §9.6): before an election a node asks whether it could win, without
   * bumping its term, so a partitioned node cannot disrupt the cluster when it returns.
   * Default false.
   */
  readonly preVote?: boolean;
  /** How read-only queries are served. LeaseBased requires checkQuorum. Default Safe. */
  readonly readOnlyOption?: ReadOnlyOption;
  /** When true, followers drop proposals instead of forwarding them to the leader. */
  readonly disableProposalForwarding?: boolean;
  /**
   * The source of the randomized election timeout. Default: {@link newRand} seeded with
   * `seed` (or the node id), so runs are reproducible.
   */
  readonly rand?: Rand;
  /** Seed for the default random source (ignored when `rand` is given). */
  readonly seed?: number;
  /** Logging hook; silent by default. */
  readonly logger?: Logger;
}

/** Volatile state worth reporting when it changes: who leads and in which role we are. */
export interface SoftState {
  /** The leader this node knows of (NONE when unknown). */
  readonly lead: NodeId;
  /** This node's role. */
  readonly raftState: StateType;
}

const DEFAULT_MAX_SIZE_PER_MSG = 1024 * 1024;
const DEFAULT_MAX_INFLIGHT = 256;

function checkPositiveInt(name: string, v: number): void {
  if (!Number.isSafeInteger(v) || v <= 0) {
    throw new RangeError(`raft config: ${name} must be a positive integer, got ${v}`);
  }
}

/** Validates a config, throwing TypeError/RangeError on misuse. */
export function validateConfig(c: Config): void {
  checkPositiveInt("id", c.id);
  checkPositiveInt("heartbeatTick", c.heartbeatTick);
  checkPositiveInt("electionTick", c.electionTick);
  if (c.electionTick <= c.heartbeatTick) {
    throw new RangeError("raft config: electionTick must be greater than heartbeatTick");
  }
  if (c.maxInflightMsgs !== undefined) checkPositiveInt("maxInflightMsgs", c.maxInflightMsgs);
  if (c.maxSizePerMsg !== undefined && !(c.maxSizePerMsg >= 0)) {
    throw new RangeError("raft config: maxSizePerMsg must be non-negative");
  }
  if (c.readOnlyOption === ReadOnlyOption.LeaseBased && !c.checkQuorum) {
    throw new TypeError("raft config: checkQuorum must be enabled for ReadOnlyOption.LeaseBased");
  }
  if (c.applied !== undefined && (!Number.isSafeInteger(c.applied) || c.applied < 0)) {
    throw new RangeError("raft config: applied must be a non-negative integer");
  }
}

/**
 * The Raft state machine of one node. Use it through {@link RawNode}; the fields are public for
 * the RawNode, tests and invariant checkers, not for mutation by drivers.
 */
export class Raft {
  /** This node's id. */
  readonly id: NodeId;
  /** currentTerm (Figure 2): latest term seen; persisted. */
  term = 0;
  /** votedFor (Figure 2): candidate voted for in the current term, or NONE; persisted. */
  vote: NodeId = NONE;
  /** Reads ready to be served once applied up to their index. */
  readStates: ReadState[] = [];
  /** The log. */
  readonly raftLog: RaftLog;
  /** Membership, progress and votes. */
  trk: ProgressTracker;
  /** The current role. */
  state: StateType = StateType.Follower;
  /** True when this node is a learner in the current configuration. */
  isLearner = false;
  /** Outgoing messages, in order, to be sent after the Ready's state is persisted. */
  msgs: Message[] = [];
  /** The current leader, or NONE. */
  lead: NodeId = NONE;
  /** The target of an ongoing leadership transfer, or NONE. */
  leadTransferee: NodeId = NONE;
  /**
   * The log index of the latest conf change the leader appended (or the index of its term-start
   * no-op); a new conf change may only be proposed once this is applied (§6: one at a time).
   */
  pendingConfIndex = 0;
  /** Payload bytes of uncommitted entries appended by this leader. */
  uncommittedSize = 0;
  /** Pending ReadIndex requests. */
  readOnly: ReadOnly;
  /** Ticks since the last election timeout reset (or, on a leader, since the last quorum check). */
  electionElapsed = 0;
  /** Leader: ticks since the last heartbeat. */
  heartbeatElapsed = 0;
  /** The CheckQuorum option. */
  readonly checkQuorum: boolean;
  /** The PreVote option. */
  readonly preVote: boolean;
  /** Heartbeat interval in ticks. */
  readonly heartbeatTimeout: number;
  /** Base election timeout in ticks. */
  readonly electionTimeout: number;
  /** The current randomized election timeout, in [electionTimeout, 2·electionTimeout). */
  randomizedElectionTimeout = 0;
  /** The proposal-forwarding option. */
  readonly disableProposalForwarding: boolean;
  /** ReadIndex requests received before this leader committed an entry of its term. */
  pendingReadIndexMessages: Message[] = [];

  readonly #maxMsgSize: number;
  readonly #maxUncommittedSize: number;
  readonly #rand: Rand;
  readonly #logger: Logger;

  /** Creates a follower from the storage's persisted state. */
  constructor(c: Config) {
    validateConfig(c);
    this.id = c.id;
    this.#logger = c.logger ?? SILENT_LOGGER;
    this.#rand = c.rand ?? newRand(c.seed ?? c.id);
    this.#maxMsgSize = c.maxSizePerMsg ?? DEFAULT_MAX_SIZE_PER_MSG;
    this.#maxUncommittedSize = c.maxUncommittedEntriesSize ?? Infinity;
    this.raftLog = new RaftLog(c.storage, this.#logger, c.maxCommittedSizePerReady ?? Infinity);
    this.trk = new ProgressTracker(
      c.maxInflightMsgs ?? DEFAULT_MAX_INFLIGHT,
      c.maxInflightBytes ?? Infinity,
    );
    this.checkQuorum = c.checkQuorum ?? false;
    this.preVote = c.preVote ?? false;
    this.heartbeatTimeout = c.heartbeatTick;
    this.electionTimeout = c.electionTick;
    this.disableProposalForwarding = c.disableProposalForwarding ?? false;
    this.readOnly = new ReadOnly(c.readOnlyOption ?? ReadOnlyOption.Safe);

    const { hardState, confState } = c.storage.initialState();
    this.#applyConfState(confState);
    if (!isEmptyHardState(hardState)) this.#loadState(hardState);
    if (c.applied !== undefined && c.applied > 0) this.raftLog.appliedTo(c.applied);
    this.becomeFollower(this.term, NONE);
    this.#logger.info("raft: new node", {
      id: this.id,
      term: this.term,
      commit: this.raftLog.committed,
      applied: this.raftLog.applied,
      lastIndex: this.raftLog.lastIndex(),
      voters: [...this.trk.voters],
    });
  }

  // ---------------------------------------------------------------------------------------------
  // State accessors

  /** The volatile state reported in Ready.softState. */
  softState(): SoftState {
    return { lead: this.lead, raftState: this.state };
  }

  /** The state that must be persisted before messages are sent (Figure 2). */
  hardState(): HardState {
    return { term: this.term, vote: this.vote, commit: this.raftLog.committed };
  }

  #loadState(hs: HardState): void {
    if (hs.commit < this.raftLog.committed || hs.commit > this.raftLog.lastIndex()) {
      throw new RaftInvariantError(
        `hard state commit ${hs.commit} out of range [${this.raftLog.committed}, ${this.raftLog.lastIndex()}]`,
      );
    }
    this.raftLog.committed = hs.commit;
    this.term = hs.term;
    this.vote = hs.vote;
  }

  /** True when this node may campaign: a voter not in the middle of installing a snapshot. */
  promotable(): boolean {
    return this.trk.isVoter(this.id) && !this.raftLog.hasNextOrInProgressSnapshot();
  }

  /** True when the leader committed an entry of its own term (thesis §6.4, §4.1 fix). */
  committedEntryInCurrentTerm(): boolean {
    return this.raftLog.termOrZero(this.raftLog.committed) === this.term;
  }

  // ---------------------------------------------------------------------------------------------
  // Sending

  /**
   * Queues a message. Stamps `from`, and the current term on everything except vote traffic
   * (which carries its own term) and forwarded proposals/read requests (term 0, so the leader
   * treats them as local).
   */
  send(init: MessageInit): void {
    const m = newMessage({ ...init, from: init.from || this.id });
    const t = m.type;
    let out: Message = m;
    if (
      t === MessageType.Vote || t === MessageType.VoteResp || t === MessageType.PreVote ||
      t === MessageType.PreVoteResp
    ) {
      // §5.1: vote traffic must state the term it is about.
      if (m.term === 0) throw new RaftInvariantError(`term must be set for ${MessageType[t]}`);
    } else {
      if (m.term !== 0) {
        throw new RaftInvariantError(`term must not be set for ${MessageType[t]} (${m.term})`);
      }
      if (t !== MessageType.Prop && t !== MessageType.ReadIndex) {
        out = newMessage({ ...m, term: this.term });
      }
    }
    if (out.to === this.id) throw new RaftInvariantError(`self-addressed ${MessageType[t]}`);
    this.msgs.push(out);
  }

  /**
   * Sends an AppendEntries to `to` if its progress allows (see Progress.isPaused). Empty appends
   * (which only carry the commit index or probe) are sent only if `sendIfEmpty`. Falls back to
   * a snapshot when the entries needed were compacted (§7). Returns true if a message was sent.
   */
  maybeSendAppend(to: NodeId, sendIfEmpty: boolean): boolean {
    const pr = this.trk.progress.get(to);
    if (!pr || pr.isPaused()) return false;
    const prevIndex = pr.next - 1;
    let prevTerm: number;
    let ents: Entry[] = [];
    try {
      prevTerm = this.raftLog.term(prevIndex);
      // A throttled Replicate progress (window full) only gets empty probes, so replication
      // resumes even if every in-flight append was lost.
      if (pr.state !== ProgressState.Replicate || !pr.inflights.full()) {
        ents = this.raftLog.entries(pr.next, this.#maxMsgSize);
      }
    } catch (err) {
      if (err instanceof CompactedError) return this.#maybeSendSnapshot(to, pr);
      throw err;
    }
    if (ents.length === 0 && !sendIfEmpty) return false;
    this.send({
      type: MessageType.App,
      to,
      index: prevIndex,
      logTerm: prevTerm,
      entries: ents,
      commit: this.raftLog.committed,
    });
    pr.sentEntries(ents.length, payloadSize(ents));
    return true;
  }

  #maybeSendSnapshot(to: NodeId, pr: Progress): boolean {
    if (!pr.recentActive) {
      this.#logger.debug("raft: not sending snapshot to inactive follower", { id: this.id, to });
      return false;
    }
    let snap: Snapshot;
    try {
      snap = this.raftLog.snapshot();
    } catch (err) {
      if (err instanceof SnapshotTemporarilyUnavailableError) {
        this.#logger.debug("raft: snapshot temporarily unavailable", { id: this.id, to });
        return false;
      }
      throw err;
    }
    if (isEmptySnapshot(snap)) throw new RaftInvariantError("need a non-empty snapshot");
    pr.becomeSnapshot(snap.metadata.index);
    this.#logger.debug("raft: sent snapshot", {
      id: this.id,
      to,
      index: snap.metadata.index,
      term: snap.metadata.term,
    });
    this.send({ type: MessageType.Snap, to, snapshot: snap });
    return true;
  }

  /**
   * Sends a heartbeat. The commit index attached is min(match, committed): a follower must never
   * commit past what it is known to hold in common with the leader (§5.3).
   */
  #sendHeartbeat(to: NodeId, ctx: Uint8Array): void {
    const pr = this.trk.progress.get(to);
    if (!pr) return;
    const commit = Math.min(pr.match, this.raftLog.committed);
    this.send({ type: MessageType.Heartbeat, to, commit, context: ctx });
  }

  /** Sends appends (possibly empty, to convey the commit index) to every other member. */
  bcastAppend(): void {
    for (const id of this.trk.memberIds()) {
      if (id !== this.id) this.maybeSendAppend(id, true);
    }
  }

  /** Sends heartbeats to every other member, carrying the newest pending read's context. */
  bcastHeartbeat(): void {
    this.#bcastHeartbeatWithCtx(this.readOnly.lastPendingRequestCtx() ?? new Uint8Array(0));
  }

  #bcastHeartbeatWithCtx(ctx: Uint8Array): void {
    for (const id of this.trk.memberIds()) {
      if (id !== this.id) this.#sendHeartbeat(id, ctx);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Role transitions

  #reset(term: number): void {
    if (this.term !== term) {
      // §5.1: a new term starts with no vote cast.
      this.term = term;
      this.vote = NONE;
    }
    this.lead = NONE;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.#resetRandomizedElectionTimeout();
    this.abortLeaderTransfer();
    this.trk.resetVotes();
    const last = this.raftLog.lastIndex();
    for (const [id, pr] of this.trk.progress) {
      const fresh = this.trk.newProgress(0, last + 1, pr.isLearner);
      fresh.recentActive = false;
      if (id === this.id) fresh.match = last;
      this.trk.progress.set(id, fresh);
    }
    this.pendingConfIndex = 0;
    this.uncommittedSize = 0;
    this.readOnly = new ReadOnly(this.readOnly.option);
    this.pendingReadIndexMessages = [];
  }

  /** §5.2: election timeouts are chosen randomly from [T, 2T) to make split votes rare. */
  #resetRandomizedElectionTimeout(): void {
    this.randomizedElectionTimeout = this.electionTimeout + this.#rand.intn(this.electionTimeout);
  }

  /** Becomes a follower at `term`, following `lead` (NONE if unknown). */
  becomeFollower(term: number, lead: NodeId): void {
    this.#reset(term);
    this.lead = lead;
    this.state = StateType.Follower;
    this.#logger.info("raft: became follower", { id: this.id, term: this.term, lead });
  }

  /** §5.2: to begin an election a follower increments its term and votes for itself. */
  becomeCandidate(): void {
    if (this.state === StateType.Leader) {
      throw new RaftInvariantError("invalid transition [leader -> candidate]");
    }
    this.#reset(this.term + 1);
    this.vote = this.id;
    this.state = StateType.Candidate;
    this.#logger.info("raft: became candidate", { id: this.id, term: this.term });
  }

  /** PreVote: like a candidate, but neither the term nor the vote changes. */
  becomePreCandidate(): void {
    if (this.state === StateType.Leader) {
      throw new RaftInvariantError("invalid transition [leader -> pre-candidate]");
    }
    this.trk.resetVotes();
    this.lead = NONE;
    this.state = StateType.PreCandidate;
    this.#logger.info("raft: became pre-candidate", { id: this.id, term: this.term });
  }

  /**
   * Becomes leader and appends an empty entry of the new term (§8, thesis §6.4: a leader learns
   * what is committed only once an entry of its own term is committed).
   */
  becomeLeader(): void {
    if (this.state === StateType.Follower) {
      throw new RaftInvariantError("invalid transition [follower -> leader]");
    }
    this.#reset(this.term);
    this.lead = this.id;
    this.state = StateType.Leader;
    const self = this.trk.progress.get(this.id);
    if (self) {
      self.becomeReplicate();
      self.recentActive = true;
    }
    this.#appendEntry([{ type: EntryType.Normal, data: new Uint8Array(0) }]);
    // No conf change until the no-op (and everything before it) is applied: this both keeps
    // one change in flight at a time and makes the leader commit an entry of its own term
    // first (the fix to the single-server change bug, raft-dev 2015).
    this.pendingConfIndex = this.raftLog.lastIndex();
    this.#logger.info("raft: became leader", { id: this.id, term: this.term });
  }

  // ---------------------------------------------------------------------------------------------
  // Time

  /** Advances the logical clock by one tick. */
  tick(): void {
    if (this.state === StateType.Leader) this.#tickHeartbeat();
    else this.#tickElection();
  }

  #pastElectionTimeout(): boolean {
    return this.electionElapsed >= this.randomizedElectionTimeout;
  }

  #tickElection(): void {
    this.electionElapsed++;
    if (this.promotable() && this.#pastElectionTimeout()) {
      this.electionElapsed = 0;
      this.step(newMessage({ type: MessageType.Hup, from: this.id }));
    }
  }

  #tickHeartbeat(): void {
    this.heartbeatElapsed++;
    this.electionElapsed++;
    if (this.electionElapsed >= this.electionTimeout) {
      this.electionElapsed = 0;
      if (this.checkQuorum) this.step(newMessage({ type: MessageType.CheckQuorum, from: this.id }));
      // A transfer that did not finish within an election timeout is abandoned (thesis §3.10).
      if (this.state === StateType.Leader && this.leadTransferee !== NONE) {
        this.abortLeaderTransfer();
      }
    }
    if (this.state !== StateType.Leader) return;
    if (this.heartbeatElapsed >= this.heartbeatTimeout) {
      this.heartbeatElapsed = 0;
      this.step(newMessage({ type: MessageType.Beat, from: this.id }));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Elections

  #hup(t: CampaignType): void {
    if (this.state === StateType.Leader) return;
    if (!this.promotable()) {
      this.#logger.warn("raft: not promotable, cannot campaign", { id: this.id });
      return;
    }
    if (this.raftLog.hasUnappliedConfChanges()) {
      this.#logger.warn("raft: unapplied conf changes, cannot campaign", {
        id: this.id,
        term: this.term,
      });
      return;
    }
    this.#logger.info("raft: starting election", { id: this.id, term: this.term, kind: t });
    this.campaign(t);
  }

  /** Starts a (pre-)election: vote for ourselves and request votes from every other voter. */
  campaign(t: CampaignType): void {
    let term: number;
    let voteType: MessageType;
    if (t === CampaignType.PreElection) {
      this.becomePreCandidate();
      voteType = MessageType.PreVote;
      // Ask about the term we would campaign at, without adopting it.
      term = this.term + 1;
    } else {
      this.becomeCandidate();
      voteType = MessageType.Vote;
      term = this.term;
    }
    if (this.#poll(this.id, true) === VoteResult.Won) {
      // A single-voter cluster wins at once.
      if (t === CampaignType.PreElection) this.campaign(CampaignType.Election);
      else this.becomeLeader();
      return;
    }
    const last = this.raftLog.lastEntryId();
    const ids = [...this.trk.voters].sort((a, b) => a - b);
    for (const id of ids) {
      if (id === this.id) continue;
      this.send({
        type: voteType,
        to: id,
        term,
        index: last.index,
        logTerm: last.term,
        context: t === CampaignType.Transfer ? CAMPAIGN_TRANSFER_CONTEXT : new Uint8Array(0),
      });
    }
  }

  #poll(id: NodeId, granted: boolean): VoteResult {
    this.trk.recordVote(id, granted);
    return this.trk.tallyVotes().result;
  }

  // ---------------------------------------------------------------------------------------------
  // Step

  /**
   * Processes one message (network or local). Throws {@link ProposalDroppedError} when a
   * proposal cannot be accepted.
   */
  step(m: Message): void {
    // §5.1: terms act as a logical clock; compare the message's term with ours first.
    if (m.term === 0) {
      // Local message (or a forwarded proposal / read request).
    } else if (m.term > this.term) {
      if (m.type === MessageType.Vote || m.type === MessageType.PreVote) {
        const force = contextKey(m.context) === contextKey(CAMPAIGN_TRANSFER_CONTEXT);
        const inLease = this.checkQuorum && this.lead !== NONE &&
          this.electionElapsed < this.electionTimeout;
        if (!force && inLease) {
          // Thesis §4.2.3: a server that heard from a leader within the minimum election timeout
          // does not update its term or grant its vote, so a removed or partitioned server
          // cannot disrupt a healthy leader.
          this.#logger.info("raft: ignored vote request within lease", {
            id: this.id,
            term: this.term,
            from: m.from,
            msgTerm: m.term,
            lease: this.electionTimeout - this.electionElapsed,
          });
          return;
        }
      }
      if (m.type === MessageType.PreVote) {
        // Never change our term in response to a PreVote.
      } else if (m.type === MessageType.PreVoteResp && !m.reject) {
        // Our pre-vote asked about term+1; a grant carries that future term. We bump the term
        // only on winning. A rejection's term is the voter's real term: follow it (below).
      } else {
        this.#logger.info("raft: received message with higher term", {
          id: this.id,
          term: this.term,
          msg: describeMessage(m),
        });
        // §5.1: "If RPC request or response contains term T > currentTerm: set currentTerm = T,
        // convert to follower." App/Heartbeat/Snap can only come from the term's leader.
        const fromLeader = m.type === MessageType.App || m.type === MessageType.Heartbeat ||
          m.type === MessageType.Snap;
        this.becomeFollower(m.term, fromLeader ? m.from : NONE);
      }
    } else if (m.term < this.term) {
      // §5.1: a request with a stale term is rejected.
      if (
        (this.checkQuorum || this.preVote) &&
        (m.type === MessageType.Heartbeat || m.type === MessageType.App)
      ) {
        // A leader cut off from us may not learn of our higher term otherwise: with CheckQuorum
        // or PreVote we do not bump terms on partitions, so tell it explicitly; the response's
        // higher term makes it step down.
        this.send({ type: MessageType.AppResp, to: m.from });
      } else if (m.type === MessageType.PreVote) {
        // Reject with our term, so the pre-candidate learns it is stale.
        this.send({ type: MessageType.PreVoteResp, to: m.from, term: this.term, reject: true });
      } else {
        this.#logger.debug("raft: ignored message with lower term", {
          id: this.id,
          term: this.term,
          msg: describeMessage(m),
        });
      }
      return;
    }

    switch (m.type) {
      case MessageType.Hup:
        this.#hup(this.preVote ? CampaignType.PreElection : CampaignType.Election);
        return;
      case MessageType.Vote:
      case MessageType.PreVote: {
        // §5.2: vote at most once per term (a repeat request from the same candidate is granted
        // again, since the reply may have been lost); a pre-vote for a future term binds nothing.
        const canVote = this.vote === m.from ||
          (this.vote === NONE && this.lead === NONE) ||
          (m.type === MessageType.PreVote && m.term > this.term);
        // §5.4.1: only vote for a candidate whose log is at least as up to date as ours.
        if (canVote && this.raftLog.isUpToDate(m.index, m.logTerm)) {
          this.#logger.info("raft: granted vote", {
            id: this.id,
            term: this.term,
            to: m.from,
            type: MessageType[m.type],
          });
          // Reply with the term of the request: for a pre-vote that is our future term.
          this.send({ type: voteResponseType(m.type), to: m.from, term: m.term });
          if (m.type === MessageType.Vote) {
            this.electionElapsed = 0;
            this.vote = m.from;
          }
        } else {
          this.#logger.info("raft: rejected vote", {
            id: this.id,
            term: this.term,
            to: m.from,
            type: MessageType[m.type],
            vote: this.vote,
          });
          this.send({ type: voteResponseType(m.type), to: m.from, term: this.term, reject: true });
        }
        return;
      }
      default:
        switch (this.state) {
          case StateType.Leader:
            this.#stepLeader(m);
            return;
          case StateType.Candidate:
          case StateType.PreCandidate:
            this.#stepCandidate(m);
            return;
          case StateType.Follower:
            this.#stepFollower(m);
            return;
        }
    }
  }

  #stepLeader(m: Message): void {
    switch (m.type) {
      case MessageType.Beat:
        this.bcastHeartbeat();
        return;
      case MessageType.CheckQuorum:
        // Thesis §6.2: step down if a quorum was not heard from within an election timeout.
        if (!this.trk.quorumActive()) {
          this.#logger.warn("raft: stepped down, quorum is not active", {
            id: this.id,
            term: this.term,
          });
          this.becomeFollower(this.term, NONE);
        }
        for (const [id, pr] of this.trk.progress) {
          if (id !== this.id) pr.recentActive = false;
        }
        return;
      case MessageType.Prop:
        this.#leaderPropose(m);
        return;
      case MessageType.ReadIndex:
        if (this.trk.isSingleton()) {
          // A single voter is trivially the leader: its commit index is safe to read.
          this.#respondToReadIndex(m, this.raftLog.committed);
          return;
        }
        // Thesis §6.4 step 1: the leader's commit index is only known to be current once it has
        // committed an entry of its own term; postpone until then.
        if (!this.committedEntryInCurrentTerm()) {
          this.pendingReadIndexMessages.push(m);
          return;
        }
        this.#serveReadIndex(m);
        return;
    }

    // The remaining messages come from a member: they need its progress.
    const pr = this.trk.progress.get(m.from);
    if (!pr) {
      this.#logger.debug("raft: no progress for sender", { id: this.id, from: m.from });
      return;
    }
    switch (m.type) {
      case MessageType.AppResp:
        this.#handleAppendResponse(m, pr);
        return;
      case MessageType.HeartbeatResp:
        this.#handleHeartbeatResponse(m, pr);
        return;
      case MessageType.SnapStatus:
        if (pr.state !== ProgressState.Snapshot) return;
        if (m.reject) {
          // The snapshot did not arrive: forget it and probe from the match point (a new
          // snapshot will be sent if still needed).
          pr.pendingSnapshot = 0;
        }
        // On success, probe from the snapshot index: the follower's ack moves it on.
        pr.becomeProbe();
        // Wait for a heartbeat response (or the follower's ack) before the next probe.
        pr.msgAppProbesPaused = true;
        this.#logger.debug("raft: snapshot status", {
          id: this.id,
          from: m.from,
          failed: m.reject,
          progress: pr.toString(),
        });
        return;
      case MessageType.Unreachable:
        // Appends to an unreachable peer were probably lost: stop pipelining.
        if (pr.state === ProgressState.Replicate) pr.becomeProbe();
        return;
      case MessageType.TransferLeader:
        this.#handleTransferLeader(m, pr);
        return;
      default:
        return;
    }
  }

  #leaderPropose(m: Message): void {
    if (m.entries.length === 0) throw new TypeError("raft: empty proposal");
    if (!this.trk.progress.has(this.id)) {
      // We were removed from the configuration but have not stepped down yet.
      throw new ProposalDroppedError("leader is not a member");
    }
    if (this.leadTransferee !== NONE) {
      // Thesis §3.10: the old leader stops accepting client requests during a transfer.
      throw new ProposalDroppedError("leadership transfer in progress");
    }
    const li = this.raftLog.lastIndex();
    const ents: { type: EntryType; data: Uint8Array }[] = [];
    for (const [i, e] of m.entries.entries()) {
      if (e.type !== EntryType.ConfChange) {
        ents.push({ type: e.type, data: e.data });
        continue;
      }
      const refused = this.#refuseConfChange(e.data);
      if (refused !== undefined) {
        // Keep the index layout of the proposal: replace the change with an empty entry.
        this.#logger.info("raft: refused conf change", { id: this.id, reason: refused });
        ents.push({ type: EntryType.Normal, data: new Uint8Array(0) });
      } else {
        this.pendingConfIndex = li + i + 1;
        ents.push({ type: EntryType.ConfChange, data: e.data });
      }
    }
    if (!this.#appendEntry(ents)) {
      throw new ProposalDroppedError("uncommitted entries exceed maxUncommittedEntriesSize");
    }
    this.bcastAppend();
  }

  /** Why a conf change proposal must be refused now, or undefined to accept it (§6). */
  #refuseConfChange(data: Uint8Array): string | undefined {
    let cc: ConfChange;
    try {
      cc = decodeConfChange(data);
    } catch (err) {
      return `malformed conf change: ${(err as Error).message}`;
    }
    if (this.pendingConfIndex > this.raftLog.applied) {
      return "a conf change is still pending (one at a time)";
    }
    if (!this.committedEntryInCurrentTerm()) {
      return "leader has not committed an entry of its term";
    }
    const conf = this.trk.confState();
    const next = applyToConfState(conf, cc);
    if (next === conf && cc.type !== ConfChangeType.AddNode) {
      return "invalid conf change for the current configuration";
    }
    return undefined;
  }

  #appendEntry(ents: readonly { type: EntryType; data: Uint8Array }[]): boolean {
    const li = this.raftLog.lastIndex();
    const es: Entry[] = ents.map((e, i) => ({
      term: this.term,
      index: li + 1 + i,
      type: e.type,
      data: e.data,
    }));
    if (!this.#increaseUncommittedSize(es)) {
      this.#logger.warn("raft: uncommitted size limit reached, dropping proposal", { id: this.id });
      return false;
    }
    const last = this.raftLog.append(es);
    // The leader's own copy counts toward the quorum. It is persisted in the same Ready that
    // reveals the resulting commit index, before anything depending on it is sent or applied.
    this.trk.progress.get(this.id)?.maybeUpdate(last);
    this.#maybeCommit();
    return true;
  }

  #increaseUncommittedSize(ents: readonly Entry[]): boolean {
    const s = payloadSize(ents);
    if (this.uncommittedSize > 0 && s > 0 && this.uncommittedSize + s > this.#maxUncommittedSize) {
      return false;
    }
    this.uncommittedSize += s;
    return true;
  }

  /** Releases quota for entries that were committed and applied. */
  reduceUncommittedSize(ents: readonly Entry[]): void {
    if (this.uncommittedSize === 0) return;
    this.uncommittedSize = Math.max(0, this.uncommittedSize - payloadSize(ents));
  }

  /**
   * §5.3/§5.4.2: commit the highest index replicated on a majority, provided it is of the current
   * term. Returns true if the commit index advanced (pending reads may then proceed).
   */
  #maybeCommit(): boolean {
    if (!this.raftLog.maybeCommit(this.trk.committed(), this.term)) return false;
    this.#releasePendingReadIndexMessages();
    return true;
  }

  #handleAppendResponse(m: Message, pr: Progress): void {
    pr.recentActive = true;
    if (m.reject) {
      this.#logger.debug("raft: append rejected", {
        id: this.id,
        from: m.from,
        index: m.index,
        hint: m.rejectHint,
        hintTerm: m.logTerm,
      });
      // Fast back-off (§5.3): the follower says its log has (rejectHint, logTerm) and all of its
      // entries in (rejectHint, index] have terms > logTerm. Find our last entry with a term
      // ≤ logTerm at or below the hint: that is the next candidate match point, skipping a
      // whole term per round trip instead of one entry.
      let nextProbeIdx = m.rejectHint;
      if (m.logTerm > 0) {
        nextProbeIdx = this.raftLog.findConflictByTerm(m.rejectHint, m.logTerm).index;
      }
      if (pr.maybeDecrTo(m.index, nextProbeIdx)) {
        if (pr.state === ProgressState.Replicate) pr.becomeProbe();
        this.maybeSendAppend(m.from, true);
      }
      return;
    }
    const oldPaused = pr.isPaused();
    if (!pr.maybeUpdate(m.index) && !(pr.match === m.index && pr.state === ProgressState.Probe)) {
      return; // stale
    }
    switch (pr.state) {
      case ProgressState.Probe:
        pr.becomeReplicate();
        break;
      case ProgressState.Snapshot:
        // The follower caught up past the snapshot (it installed it, or got the entries some
        // other way): resume normal replication if our log still reaches back that far.
        if (pr.match + 1 >= this.raftLog.firstIndex()) {
          pr.becomeProbe();
          pr.becomeReplicate();
        }
        break;
      case ProgressState.Replicate:
        pr.inflights.freeLE(m.index);
        break;
    }
    if (this.#maybeCommit()) {
      this.bcastAppend();
    } else if (oldPaused) {
      // The follower was throttled; now that it acked, send what it is missing (or the commit).
      this.maybeSendAppend(m.from, true);
    }
    // Pipeline: keep sending batches while the window allows.
    while (this.maybeSendAppend(m.from, false)) {
      // keep going
    }
    // Thesis §3.10: once the transferee's log is up to date, tell it to campaign.
    if (m.from === this.leadTransferee && pr.match === this.raftLog.lastIndex()) {
      this.#logger.info("raft: transferee is up to date, sending TimeoutNow", {
        id: this.id,
        to: m.from,
      });
      this.#sendTimeoutNow(m.from);
    }
  }

  #handleHeartbeatResponse(m: Message, pr: Progress): void {
    pr.recentActive = true;
    pr.msgAppProbesPaused = false;
    if (pr.match < this.raftLog.lastIndex() || pr.state === ProgressState.Probe) {
      this.maybeSendAppend(m.from, true);
    }
    if (this.readOnly.option !== ReadOnlyOption.Safe || m.context.byteLength === 0) return;
    const acks = this.readOnly.recvAck(m.from, m.context);
    if (!acks) return;
    const votes = new Map<NodeId, boolean>();
    for (const id of acks) votes.set(id, true);
    // Thesis §6.4 step 3: leadership is confirmed once a majority acked this round.
    if (voteResult(this.trk.voters, votes) !== VoteResult.Won) return;
    for (const rs of this.readOnly.advance(m.context)) {
      this.#respondToReadIndex(rs.req, rs.index);
    }
  }

  #handleTransferLeader(m: Message, pr: Progress): void {
    if (pr.isLearner) {
      this.#logger.debug("raft: ignored transfer to learner", { id: this.id, to: m.from });
      return;
    }
    const transferee = m.from;
    if (this.leadTransferee !== NONE) {
      if (this.leadTransferee === transferee) return; // already in progress
      this.abortLeaderTransfer();
    }
    if (transferee === this.id) return; // already leader
    this.#logger.info("raft: starting leadership transfer", { id: this.id, to: transferee });
    // The transfer must finish within an election timeout (see tickHeartbeat).
    this.electionElapsed = 0;
    this.leadTransferee = transferee;
    if (pr.match === this.raftLog.lastIndex()) this.#sendTimeoutNow(transferee);
    else this.maybeSendAppend(transferee, true);
  }

  #sendTimeoutNow(to: NodeId): void {
    this.send({ type: MessageType.TimeoutNow, to });
  }

  /** Cancels an ongoing leadership transfer. */
  abortLeaderTransfer(): void {
    this.leadTransferee = NONE;
  }

  #serveReadIndex(m: Message): void {
    switch (this.readOnly.option) {
      case ReadOnlyOption.Safe:
        // Thesis §6.4 steps 2–3: record the commit index, then confirm leadership with a round
        // of heartbeats tagged with the request's context.
        this.readOnly.addRequest(this.raftLog.committed, m);
        this.readOnly.recvAck(this.id, m.context);
        this.#bcastHeartbeatWithCtx(m.context);
        return;
      case ReadOnlyOption.LeaseBased:
        // Thesis §6.4.1: within the CheckQuorum lease no other leader can exist.
        this.#respondToReadIndex(m, this.raftLog.committed);
        return;
    }
  }

  #respondToReadIndex(req: Message, index: number): void {
    if (req.from === NONE || req.from === this.id) {
      this.readStates.push({ index, requestCtx: req.context });
      return;
    }
    this.send({ type: MessageType.ReadIndexResp, to: req.from, index, context: req.context });
  }

  #releasePendingReadIndexMessages(): void {
    if (this.pendingReadIndexMessages.length === 0) return;
    if (!this.committedEntryInCurrentTerm()) return;
    const msgs = this.pendingReadIndexMessages;
    this.pendingReadIndexMessages = [];
    for (const m of msgs) this.#serveReadIndex(m);
  }

  #stepCandidate(m: Message): void {
    const myVoteResp = this.state === StateType.PreCandidate
      ? MessageType.PreVoteResp
      : MessageType.VoteResp;
    switch (m.type) {
      case MessageType.Prop:
        throw new ProposalDroppedError("no leader");
      case MessageType.App:
        // §5.2: a candidate that hears from the leader of its term (or newer) steps down.
        this.becomeFollower(m.term, m.from);
        this.#handleAppendEntries(m);
        return;
      case MessageType.Heartbeat:
        this.becomeFollower(m.term, m.from);
        this.#handleHeartbeat(m);
        return;
      case MessageType.Snap:
        this.becomeFollower(m.term, m.from);
        this.#handleSnapshot(m);
        return;
      case myVoteResp: {
        const result = this.#poll(m.from, !m.reject);
        const tally = this.trk.tallyVotes();
        this.#logger.info("raft: vote tally", {
          id: this.id,
          term: this.term,
          granted: tally.granted,
          rejected: tally.rejected,
          type: MessageType[m.type],
        });
        if (result === VoteResult.Won) {
          if (this.state === StateType.PreCandidate) {
            this.campaign(CampaignType.Election);
          } else {
            this.becomeLeader();
            this.bcastAppend();
          }
        } else if (result === VoteResult.Lost) {
          // A pre-candidate whose rejection carried a higher term already became a follower
          // in step(); otherwise return to follower at our term and wait for a timeout.
          this.becomeFollower(this.term, NONE);
        }
        return;
      }
      case MessageType.TimeoutNow:
        this.#logger.debug("raft: ignored TimeoutNow as candidate", { id: this.id });
        return;
      default:
        return;
    }
  }

  #stepFollower(m: Message): void {
    switch (m.type) {
      case MessageType.Prop:
        if (this.lead === NONE) throw new ProposalDroppedError("no leader");
        if (this.disableProposalForwarding) {
          throw new ProposalDroppedError("proposal forwarding disabled");
        }
        this.send({ ...m, to: this.lead, from: m.from, term: 0 });
        return;
      case MessageType.App:
        this.electionElapsed = 0;
        this.lead = m.from;
        this.#handleAppendEntries(m);
        return;
      case MessageType.Heartbeat:
        this.electionElapsed = 0;
        this.lead = m.from;
        this.#handleHeartbeat(m);
        return;
      case MessageType.Snap:
        this.electionElapsed = 0;
        this.lead = m.from;
        this.#handleSnapshot(m);
        return;
      case MessageType.TransferLeader:
        // Forwarded requests are re-stamped with our term (it may have come from a follower).
        if (this.lead === NONE) {
          this.#logger.info("raft: no leader, dropping transfer request", { id: this.id });
          return;
        }
        this.send({ ...m, to: this.lead, from: m.from, term: 0 });
        return;
      case MessageType.TimeoutNow:
        // Thesis §3.10: the transferee campaigns at once. No pre-vote: we know the leader is
        // alive and asked for this, so the extra round trip buys nothing.
        this.#logger.info("raft: received TimeoutNow, campaigning", {
          id: this.id,
          term: this.term,
          from: m.from,
        });
        this.#hup(CampaignType.Transfer);
        return;
      case MessageType.ReadIndex:
        if (this.lead === NONE) {
          this.#logger.info("raft: no leader, dropping read index", { id: this.id });
          return;
        }
        // Thesis §6.4: followers forward reads to the leader.
        this.send({ ...m, to: this.lead, from: m.from, term: 0 });
        return;
      case MessageType.ReadIndexResp:
        this.readStates.push({ index: m.index, requestCtx: m.context });
        return;
      default:
        return;
    }
  }

  /** AppendEntries receiver (Figure 2, §5.3). */
  #handleAppendEntries(m: Message): void {
    if (m.index < this.raftLog.committed) {
      // Everything up to our commit index matches the leader (Leader Completeness); a stale or
      // duplicated message; tell the leader how far we are.
      this.send({ type: MessageType.AppResp, to: m.from, index: this.raftLog.committed });
      return;
    }
    const lastNew = this.raftLog.maybeAppend(m.index, m.logTerm, m.commit, m.entries);
    if (lastNew !== undefined) {
      this.send({ type: MessageType.AppResp, to: m.from, index: lastNew });
      return;
    }
    // Consistency check failed (§5.3). Hint where the leader should probe next: the last entry
    // of ours at or below m.index with term ≤ m.logTerm (entries above it cannot match).
    const hintIndex = Math.min(m.index, this.raftLog.lastIndex());
    const hint = this.raftLog.findConflictByTerm(hintIndex, m.logTerm);
    this.#logger.debug("raft: rejected append", {
      id: this.id,
      index: m.index,
      logTerm: m.logTerm,
      hintIndex: hint.index,
      hintTerm: hint.term,
    });
    this.send({
      type: MessageType.AppResp,
      to: m.from,
      index: m.index,
      reject: true,
      rejectHint: hint.index,
      logTerm: hint.term,
    });
  }

  #handleHeartbeat(m: Message): void {
    this.raftLog.commitTo(m.commit);
    this.send({ type: MessageType.HeartbeatResp, to: m.from, context: m.context });
  }

  /** InstallSnapshot receiver (§7). */
  #handleSnapshot(m: Message): void {
    const s = m.snapshot;
    if (!s) throw new RaftInvariantError("MsgSnap without a snapshot");
    if (this.#restore(s)) {
      this.#logger.info("raft: restored snapshot", {
        id: this.id,
        index: s.metadata.index,
        term: s.metadata.term,
      });
      this.send({ type: MessageType.AppResp, to: m.from, index: this.raftLog.lastIndex() });
    } else {
      this.#logger.info("raft: ignored snapshot", {
        id: this.id,
        index: s.metadata.index,
        committed: this.raftLog.committed,
      });
      this.send({ type: MessageType.AppResp, to: m.from, index: this.raftLog.committed });
    }
  }

  /**
   * Installs snapshot `s` unless it is stale. §7: "If existing log entry has same index and term
   * as snapshot's last included entry, retain log entries following it"; otherwise discard the
   * entire log. Returns true if the snapshot is to be installed.
   */
  #restore(s: Snapshot): boolean {
    if (s.metadata.index <= this.raftLog.committed) return false;
    if (this.state !== StateType.Follower) {
      // Defensive: only followers receive snapshots (the sender is the term's leader).
      this.#logger.warn("raft: non-follower received snapshot", { id: this.id });
      this.becomeFollower(this.term + 1, NONE);
      return false;
    }
    const cs = s.metadata.confState;
    if (!cs.voters.includes(this.id) && !cs.learners.includes(this.id)) {
      // We joined after the snapshot was taken: the conf change adding us follows it in the log
      // and will be applied after the snapshot. Until then we are not promotable.
      this.#logger.info("raft: restoring snapshot that predates our membership", {
        id: this.id,
        index: s.metadata.index,
      });
    }
    if (this.raftLog.matchTerm(s.metadata.index, s.metadata.term)) {
      // We already have the snapshot's last entry: just fast-forward the commit index.
      this.raftLog.commitTo(s.metadata.index);
      return false;
    }
    this.raftLog.restore(s);
    this.#applyConfState(cs);
    const self = this.trk.progress.get(this.id);
    if (self) self.maybeUpdate(self.next - 1);
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Membership

  /** Replaces the membership with `cs` (restart, snapshot), with fresh progress for everyone. */
  #applyConfState(cs: ConfState): void {
    for (const id of cs.voters) {
      if (cs.learners.includes(id)) {
        throw new RaftInvariantError(`conf state lists ${id} as both voter and learner`);
      }
    }
    const trk = new ProgressTracker(this.trk.maxInflight, this.trk.maxInflightBytes);
    const next = this.raftLog.lastIndex() + 1;
    for (const id of cs.voters) {
      trk.voters.add(id);
      trk.progress.set(id, trk.newProgress(0, next, false));
    }
    for (const id of cs.learners) {
      trk.learners.add(id);
      trk.progress.set(id, trk.newProgress(0, next, true));
    }
    this.trk = trk;
    this.isLearner = trk.learners.has(this.id);
  }

  /**
   * Applies a committed membership change (the driver calls this when it applies the entry).
   * Invalid changes are ignored, identically on every node. Returns the new membership.
   */
  applyConfChange(cc: ConfChange): ConfState {
    const before = this.trk.confState();
    const after = applyToConfState(before, cc);
    if (after === before && cc.type !== ConfChangeType.AddNode) {
      this.#logger.warn("raft: ignored invalid conf change", {
        id: this.id,
        type: ConfChangeType[cc.type],
        node: cc.nodeId,
      });
      return before;
    }
    const id = cc.nodeId;
    // A new member is probed at our last entry, so the first append carries an entry and goes
    // out at once (an empty one would wait for a heartbeat); rejection hints do the rest.
    const next = Math.max(this.raftLog.lastIndex(), 1);
    switch (cc.type) {
      case ConfChangeType.AddNode: {
        const pr = this.trk.progress.get(id);
        this.trk.learners.delete(id);
        this.trk.voters.add(id);
        if (pr) pr.isLearner = false; // promotion keeps the learner's progress
        else this.trk.progress.set(id, this.trk.newProgress(0, next, false));
        break;
      }
      case ConfChangeType.AddLearner:
        if (!this.trk.learners.has(id)) {
          this.trk.learners.add(id);
          this.trk.progress.set(id, this.trk.newProgress(0, next, true));
        }
        break;
      case ConfChangeType.RemoveNode:
        this.trk.voters.delete(id);
        this.trk.learners.delete(id);
        this.trk.progress.delete(id);
        break;
    }
    this.#logger.info("raft: applied conf change", {
      id: this.id,
      type: ConfChangeType[cc.type],
      node: id,
      voters: [...this.trk.voters],
      learners: [...this.trk.learners],
    });
    this.isLearner = this.trk.learners.has(this.id);
    if (this.state === StateType.Leader) {
      if (!this.trk.progress.has(this.id)) {
        // Thesis §4.2.2: a leader removed from the configuration steps down.
        this.#logger.info("raft: removed leader steps down", { id: this.id, term: this.term });
        this.becomeFollower(this.term, NONE);
      } else {
        if (this.leadTransferee !== NONE && !this.trk.voters.has(this.leadTransferee)) {
          this.abortLeaderTransfer();
        }
        // The quorum changed: something may now be committed (e.g. after a removal).
        if (this.#maybeCommit()) {
          this.bcastAppend();
        } else {
          for (const peer of this.trk.memberIds()) {
            if (peer !== this.id) this.maybeSendAppend(peer, false);
          }
        }
      }
    }
    return this.trk.confState();
  }

  // ---------------------------------------------------------------------------------------------
  // Driver feedback

  /** The driver applied entries up to `index`. */
  appliedTo(index: number): void {
    const newApplied = Math.max(index, this.raftLog.applied);
    this.raftLog.appliedTo(newApplied);
  }

  /** The driver persisted and installed snapshot `snap`. */
  appliedSnapshot(snap: Snapshot): void {
    const index = snap.metadata.index;
    this.raftLog.stableSnapTo(index);
    this.appliedTo(index);
  }
}
