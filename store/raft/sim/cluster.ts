/**
 * A simulated cluster: the world, the network, the members, their clients and the invariant
 * checker of one scenario, wired together, with the queries the nemesis and the runner need.
 *
 * @module
 */

import { StateType } from "../raft.ts";
import { type NodeId, NONE } from "../types.ts";
import { Clients } from "./clients.ts";
import type { StoreResponse } from "../../mvcc/types.ts";
import { Invariants, InvariantViolation, type NodeView } from "./invariants.ts";
import { mutation } from "./mutations.ts";
import { Network } from "./network.ts";
import type { Scenario } from "./scenarios.ts";
import { SimNode } from "./sim_node.ts";
import { World } from "./world.ts";

/** Everything of one simulated run. */
export class Cluster {
  /** The scenario. */
  readonly scenario: Scenario;
  /** Clock, queue, PRNG, trace. */
  readonly world: World;
  /** The network. */
  readonly net: Network;
  /** The invariant checker. */
  readonly inv: Invariants;
  /** The members by id (1..n). */
  readonly nodes = new Map<NodeId, SimNode>();
  /** The clients. */
  readonly clients: Clients;

  /**
   * Builds (without starting) the cluster of `scenario`.
   *
   * @param scenario what to run
   * @param traceLines how many trace lines to keep
   */
  constructor(scenario: Scenario, traceLines = 400) {
    this.scenario = scenario;
    this.world = new World(scenario.seed, traceLines);
    this.net = new Network(this.world, this.world.random.fork(), scenario.net);
    this.inv = new Invariants(() => this.liveViews(), {
      checkCommitRule: scenario.checkCommitRule,
    });
    const ids = Array.from({ length: scenario.nodes }, (_, i) => i + 1);
    const mut = scenario.mutation === undefined ? undefined : mutation(scenario.mutation);
    for (const id of ids) {
      this.nodes.set(
        id,
        new SimNode(
          id,
          ids,
          this.world,
          this.net,
          this.inv,
          { ...scenario.node, mutation: mut },
          (to) => this.nodes.get(to),
          (rid, index, res) => this.#applied(rid, index, res),
        ),
      );
    }
    this.clients = new Clients(
      this.world,
      this.world.random.fork(),
      scenario.clients,
      ids,
      (id) => this.nodes.get(id),
    );
  }

  /**
   * Client requests applied, by request id: the log index, when it was first applied (by any
   * member) and the state machine's answer.
   */
  readonly applies = new Map<number, { index: number; time: number; res: StoreResponse }>();

  /** Records an apply; a request must sit at one log index only (exactly-once execution). */
  #applied(id: number, index: number, res: StoreResponse): void {
    const a = this.applies.get(id);
    if (a === undefined) {
      this.applies.set(id, { index, time: this.world.now, res });
    } else if (a.index !== index) {
      throw new InvariantViolation(
        "exactly-once",
        `client request ${id} applied at index ${a.index} and again at index ${index}`,
      );
    }
  }

  /** The member ids. */
  get ids(): NodeId[] {
    return [...this.nodes.keys()];
  }

  /** Views of the started members, for the checker. */
  *liveViews(): Generator<NodeView> {
    for (const n of this.nodes.values()) {
      const v = n.view();
      if (v !== undefined) yield v;
    }
  }

  /** The member that leads the highest term among live leaders, if any. */
  leader(): SimNode | undefined {
    let best: SimNode | undefined;
    let term = -1;
    for (const n of this.nodes.values()) {
      const r = n.view()?.raft;
      if (r !== undefined && r.state === StateType.Leader && r.term > term) {
        term = r.term;
        best = n;
      }
    }
    return best;
  }

  /** Members that are up (started or starting). */
  upNodes(): SimNode[] {
    return [...this.nodes.values()].filter((n) => n.up);
  }

  /** Members that are down. */
  downNodes(): SimNode[] {
    return [...this.nodes.values()].filter((n) => !n.up);
  }

  /**
   * True when the healed cluster converged: every member is up and idle, one leader leads
   * with an entry of its term committed and nothing uncommitted, every member applied exactly
   * the leader's commit index, and no client operation is in flight (members may still hold requests whose
   * proposal was lost; their clients gave up on them).
   */
  converged(): boolean {
    const lead = this.leader();
    const lr = lead?.view()?.raft;
    if (lr === undefined || !lr.committedEntryInCurrentTerm()) return false;
    const commit = lr.raftLog.committed;
    if (lr.raftLog.lastIndex() !== commit) return false;
    for (const n of this.nodes.values()) {
      const v = n.view();
      if (v === undefined || !n.quiet) return false;
      if (n.applied !== commit) return false;
      if (v.raft.term !== lr.term || v.raft.lead !== lead!.id) return false;
    }
    return this.clients.inFlight === 0;
  }

  /** A one-line view of every member, for traces and failure reports. */
  describe(): string {
    const parts: string[] = [];
    for (const n of this.nodes.values()) {
      const r = n.view()?.raft;
      if (r === undefined) {
        parts.push(`${n.id}:${n.up ? "starting" : "down"}`);
        continue;
      }
      const role = StateType[r.state]!.toLowerCase();
      parts.push(
        `${n.id}:${role} term=${r.term} lead=${r.lead === NONE ? "-" : r.lead} ` +
          `commit=${r.raftLog.committed} applied=${n.applied} last=${r.raftLog.lastIndex()}`,
      );
    }
    return parts.join(" | ");
  }
}
