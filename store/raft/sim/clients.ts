/**
 * Simulated clients of the replicated store and the history they record for the
 * linearizability checker.
 *
 * Each client runs one operation at a time (get, put, delete, cas on a few shared keys), sends
 * it to the member it believes leads (any member when it does not know), and waits:
 * - an answer → the operation is recorded with its call and return times (virtual ms) and
 *   output;
 * - `dropped` (the member surely did not execute it) → the same operation is retried at
 *   another member, keeping its call time; after `maxRetries` it is forgotten (it never ran);
 * - no answer within `timeoutMs` (lost request or reply, member crashed, no quorum) → a read is
 *   forgotten (a read has no effect); a write's outcome is unknown (it may still take effect
 *   later). At the end of the run (`finish`), once the healed cluster has converged, each such
 *   write is resolved from the log: if its entry was never applied it never took effect and is
 *   dropped; if it was, it is recorded as completed at the moment it was first applied anywhere,
 *   with the answer the state machine gave. That interval still contains its linearization point
 *   (its commit, which precedes every apply), so a correct store stays linearizable, and the
 *   checker is spared the open-ended operations that make its search explode on long runs.
 *   Writes whose entry could not be looked up stay unknown.
 *
 * Put values are unique per run, so a read pins down which write it observed.
 *
 * @module
 */

import type { KvInput, KvOutput, KvValue, Operation } from "../../../tests/support/mod.ts";
import { type NodeId, NONE } from "../types.ts";
import type { NodeReply, SimNode } from "./sim_node.ts";
import type { EventHandle, SimRandom, World } from "./world.ts";

/** Client settings of a scenario. */
export interface ClientOptions {
  /** Number of clients. */
  readonly clients: number;
  /** Number of keys they share. */
  readonly keys: number;
  /** How long a client waits for an answer, ms. */
  readonly timeoutMs: number;
  /** Pause between a client's operations, ms [min, max]. */
  readonly thinkMs: readonly [number, number];
  /** Retries of a dropped operation at other members. */
  readonly maxRetries: number;
  /** One-way client↔member latency, ms [min, max]. */
  readonly latencyMs: readonly [number, number];
}

/** Counters of the clients over a run. */
export interface ClientStats {
  /** Operations started. */
  started: number;
  /** Answered (recorded with an output). */
  ok: number;
  /** Writes whose answer never came (timed out, or in flight at the end). */
  unknown: number;
  /** Of those, found applied in the log (recorded as completed when first applied). */
  resolvedApplied: number;
  /** Of those, never applied (dropped from the history). */
  resolvedNever: number;
  /** Reads that timed out (not recorded). */
  readTimeouts: number;
  /** Dropped answers that led to a retry. */
  retries: number;
  /** Operations given up after repeated drops (never executed, not recorded). */
  abandoned: number;
}

/** One operation in flight. */
interface InFlight {
  readonly client: number;
  readonly input: KvInput;
  /** Call time of the first attempt. */
  readonly call: number;
  attempt: number;
  /** The current attempt's request id. */
  id: number;
  target: NodeId;
  timeout: EventHandle | undefined;
  done: boolean;
}

/** A client's own state. */
interface ClientState {
  readonly id: number;
  /** Its guess at the leader. */
  leader: NodeId;
  seq: number;
  /** Last value it saw per key (for compare-and-set expectations). */
  readonly seen: Map<string, KvValue>;
  current: InFlight | undefined;
}

/** The clients of one run. */
export class Clients {
  /** The recorded history (complete once {@link finish} ran). */
  readonly history: Operation<KvInput, KvOutput>[] = [];
  /** Counters. */
  readonly stats: ClientStats = {
    started: 0,
    ok: 0,
    unknown: 0,
    resolvedApplied: 0,
    resolvedNever: 0,
    readTimeouts: 0,
    retries: 0,
    abandoned: 0,
  };
  readonly #world: World;
  readonly #random: SimRandom;
  readonly #opts: ClientOptions;
  readonly #nodeIds: readonly NodeId[];
  readonly #node: (id: NodeId) => SimNode | undefined;
  readonly #clients: ClientState[] = [];
  /** Values ever written, per key (cas sometimes expects an old one). */
  readonly #written = new Map<string, string[]>();
  /** Writes given up on, resolved by {@link finish}. */
  readonly #uncertain: InFlight[] = [];
  #nextId = 0;
  #stopped = true;

  /**
   * Clients of the members `nodeIds`.
   *
   * @param world the simulated world
   * @param random the clients' PRNG stream
   * @param opts settings
   * @param nodeIds the members' ids
   * @param node finds a member by id
   */
  constructor(
    world: World,
    random: SimRandom,
    opts: ClientOptions,
    nodeIds: readonly NodeId[],
    node: (id: NodeId) => SimNode | undefined,
  ) {
    this.#world = world;
    this.#random = random;
    this.#opts = opts;
    this.#nodeIds = nodeIds;
    this.#node = node;
  }

  /** Number of operations in flight. */
  get inFlight(): number {
    return this.#clients.filter((c) => c.current !== undefined && !c.current.done).length;
  }

  /** Starts every client. */
  start(): void {
    this.#stopped = false;
    for (let i = 0; i < this.#opts.clients; i++) {
      const c: ClientState = {
        id: i + 1,
        leader: NONE,
        seq: 0,
        seen: new Map(),
        current: undefined,
      };
      this.#clients.push(c);
      this.#next(c);
    }
  }

  /** Stops issuing new operations (those in flight continue). */
  stop(): void {
    this.#stopped = true;
  }

  /**
   * Ends the run: operations still in flight are given up; writes whose outcome is unknown are
   * resolved with `applied` (see the module doc), or recorded as unknown when it is omitted.
   *
   * @param applied for a request id, when it was first applied and the answer it got, if ever
   */
  finish(
    applied?: (id: number) => { time: number; output: (input: KvInput) => KvOutput } | null,
  ): void {
    this.#stopped = true;
    for (const c of this.#clients) {
      const op = c.current;
      if (op === undefined || op.done) continue;
      op.timeout?.cancel();
      this.#giveUp(op);
    }
    for (const op of this.#uncertain) {
      const a = applied?.(op.id);
      if (applied === undefined || a === undefined) {
        this.history.push({ clientId: op.client, input: op.input, call: op.call });
      } else if (a === null) {
        this.stats.resolvedNever++;
      } else {
        this.stats.resolvedApplied++;
        this.history.push({
          clientId: op.client,
          input: op.input,
          call: op.call,
          return: Math.max(op.call, a.time),
          output: a.output(op.input),
        });
      }
    }
    this.#uncertain.length = 0;
  }

  #next(c: ClientState): void {
    c.current = undefined;
    if (this.#stopped) return;
    const [lo, hi] = this.#opts.thinkMs;
    this.#world.schedule(lo + this.#random.float() * (hi - lo), () => {
      if (this.#stopped) return;
      const op: InFlight = {
        client: c.id,
        input: this.#makeInput(c),
        call: this.#world.now,
        attempt: 0,
        id: 0,
        target: NONE,
        timeout: undefined,
        done: false,
      };
      c.current = op;
      this.stats.started++;
      this.#send(c, op);
    });
  }

  #makeInput(c: ClientState): KvInput {
    const r = this.#random;
    const key = `k${r.int(this.#opts.keys)}`;
    const roll = r.float();
    if (roll < 0.35) return { op: "get", key };
    if (roll < 0.65) return { op: "put", key, value: this.#freshValue(c, key) };
    if (roll < 0.8) return { op: "delete", key };
    let expected: KvValue;
    const e = r.float();
    const old = this.#written.get(key);
    if (e < 0.5 && c.seen.has(key)) expected = c.seen.get(key)!;
    else if (e < 0.75 || old === undefined) expected = null;
    else expected = r.pick(old);
    const value = r.chance(0.15) ? null : this.#freshValue(c, key);
    return { op: "cas", key, expected, value };
  }

  #freshValue(c: ClientState, key: string): string {
    const v = `c${c.id}.${++c.seq}`;
    let list = this.#written.get(key);
    if (list === undefined) {
      list = [];
      this.#written.set(key, list);
    }
    list.push(v);
    return v;
  }

  #latency(): number {
    const [lo, hi] = this.#opts.latencyMs;
    return lo + this.#random.float() * (hi - lo);
  }

  #send(c: ClientState, op: InFlight): void {
    const ids = this.#nodeIds;
    let target = c.leader;
    if (target === NONE || (op.attempt > 0 && target === op.target)) {
      const others = ids.filter((id) => id !== op.target);
      target = this.#random.pick(others.length > 0 ? others : ids);
    }
    op.target = target;
    const id = ++this.#nextId;
    op.id = id;
    op.timeout?.cancel();
    op.timeout = this.#world.schedule(this.#opts.timeoutMs, () => {
      if (op.done || op.id !== id) return;
      c.leader = NONE;
      this.#giveUp(op);
      this.#next(c);
    });
    this.#world.schedule(this.#latency(), () => {
      this.#node(target)?.clientRequest({
        id,
        input: op.input,
        reply: (r) => this.#world.schedule(this.#latency(), () => this.#onReply(c, op, id, r)),
      });
    });
  }

  #onReply(c: ClientState, op: InFlight, id: number, r: NodeReply): void {
    if (op.done || op.id !== id) return; // a late answer to an attempt we gave up on
    if (r.kind === "dropped") {
      c.leader = r.leader !== op.target ? r.leader : NONE;
      if (op.attempt >= this.#opts.maxRetries) {
        op.done = true;
        op.timeout?.cancel();
        this.stats.abandoned++;
        this.#next(c);
        return;
      }
      op.attempt++;
      this.stats.retries++;
      this.#world.schedule(1 + this.#random.float() * 20, () => {
        if (!op.done) this.#send(c, op);
      });
      return;
    }
    op.done = true;
    op.timeout?.cancel();
    c.leader = r.leader !== NONE ? r.leader : op.target;
    this.stats.ok++;
    this.history.push({
      clientId: op.client,
      input: op.input,
      call: op.call,
      return: this.#world.now,
      output: r.output,
    });
    this.#learn(c, op.input, r.output);
    this.#next(c);
  }

  /** Remembers the value a client saw, for its later compare-and-set expectations. */
  #learn(c: ClientState, input: KvInput, output: KvOutput): void {
    switch (output.op) {
      case "get":
        c.seen.set(input.key, output.value);
        return;
      case "put":
        if (input.op === "put") c.seen.set(input.key, input.value);
        return;
      case "delete":
        c.seen.set(input.key, null);
        return;
      case "cas":
        if (output.succeeded && input.op === "cas") c.seen.set(input.key, input.value);
        return;
    }
  }

  #giveUp(op: InFlight): void {
    op.done = true;
    if (op.input.op === "get") {
      this.stats.readTimeouts++;
      return;
    }
    this.stats.unknown++;
    this.#uncertain.push(op);
  }
}
