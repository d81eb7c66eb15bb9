/**
 * Linearizability checker for client histories, in the style of Porcupine (Anish Athalye),
 * implementing the Wing & Gong / Lowe algorithm ("WGL") with the memoization of
 * (linearized-set, model-state) pairs described in Lowe, "Testing for Linearizability" (2017), and
 * P-compositionality (Horn & Kroening 2015): a model may split a history into independent
 * partitions (for a key/value store: one per key) that are checked separately.
 *
 * Usage:
 *
 * ```ts
 * const result = checkLinearizability(kvModel(), history, { timeoutMs: 5_000 });
 * if (result.result === "illegal") throw new Error(result.explanation);
 * ```
 *
 * Definitions used throughout:
 * - An operation is *completed* when its `return` time is a finite number: its output was
 *   observed, and it must take effect exactly once at some instant in `[call, return]`.
 * - An operation has an *unknown outcome* when `return` is absent (or `Infinity`): the client
 *   timed out, crashed or lost the connection. It may have taken effect at any instant after its
 *   call, or never. The model sees {@link UNKNOWN_OUTPUT} as its output.
 * - Timestamps are plain numbers from one clock (simulated time, a monotonic clock, or the
 *   logical clock of {@link HistoryRecorder}). Equal timestamps are treated as concurrent: an
 *   operation that returns at time `t` is *not* known to precede one called at the same `t`.
 *
 * Cost: checking is NP-complete in general. In practice the cost grows with the number of
 * operations pending at once within a partition (clients per key) and, steeply, with the number
 * of operations with unknown outcome per partition, since each may take effect anywhere after
 * its call. Thousands of operations with ~10 clients per key check in well under a second, and
 * so do crash histories with a handful of lost operations per key; a single key with dozens of
 * lost operations may exhaust the budget (`"unknown"`, never a wrong verdict). Spreading a
 * workload over several keys keeps partitions small.
 *
 * @module
 */

/** Identifies the client (process, goroutine-equivalent, session) that issued an operation. */
export type ClientId = string | number;

/**
 * Sentinel passed to {@link Model.step} as the output of an operation whose outcome is unknown
 * (it never returned). A model must then accept the operation whenever it *could* have run in
 * the given state, and return the state it would leave behind.
 */
export const UNKNOWN_OUTPUT: unique symbol = Symbol("linearizability.unknown-output");

/** Type of {@link UNKNOWN_OUTPUT}. */
export type UnknownOutput = typeof UNKNOWN_OUTPUT;

/** Fields shared by completed operations and operations with an unknown outcome. */
export interface OperationBase<I> {
  /** The client that issued the operation (used only for messages). */
  readonly clientId: ClientId;
  /** What the client asked for. */
  readonly input: I;
  /** When the client invoked the operation (finite number). */
  readonly call: number;
  /** Free-form data carried along for the caller (never interpreted). */
  readonly metadata?: unknown;
}

/** An operation whose response was observed: it took effect once, within `[call, return]`. */
export interface CompletedOperation<I, O> extends OperationBase<I> {
  /** When the client observed the response; `call <= return`. */
  readonly return: number;
  /** The observed response. */
  readonly output: O;
}

/**
 * An operation that never returned (timed out, client crashed, connection lost): it took effect
 * at some instant after `call`, or not at all. A `return` of `Infinity` means the same.
 */
export interface UnknownOperation<I> extends OperationBase<I> {
  /** Absent: the response was never observed. */
  readonly return?: undefined;
  /** Absent: the response was never observed. */
  readonly output?: undefined;
}

/** One client operation in a history. */
export type Operation<I, O> = CompletedOperation<I, O> | UnknownOperation<I>;

/** A concurrent history: operations in any order (the checker sorts by time). */
export type History<I, O> = readonly Operation<I, O>[];

/** Result of applying one operation to a model state. */
export interface StepResult<S> {
  /** Whether the operation, with this output, is legal in the given state. */
  readonly ok: boolean;
  /** The state after the operation (ignored when `ok` is false). */
  readonly state: S;
}

/**
 * A sequential specification of the object under test.
 *
 * Invariants the checker relies on:
 * - `init` and `step` are pure: `step` must not mutate `state` (return a new state instead),
 *   and must give the same answer for the same arguments.
 * - If `hash` is given, two states are treated as equal exactly when their hashes are `===`
 *   (it must be a canonical encoding). Otherwise `equal` is used, defaulting to `Object.is`,
 *   which is right for primitive states and merely slower (less memoization) for objects.
 * - `partition` must return the *same operation objects* it was given (each in exactly one
 *   partition), split so that the history is linearizable iff every partition is.
 */
export interface Model<S, I, O> {
  /** The initial state of the object. */
  init(): S;
  /**
   * Applies `input` with observed `output` (or {@link UNKNOWN_OUTPUT}) to `state`. Returns
   * `ok: false` when the output could not have been produced from `state`.
   */
  step(state: S, input: I, output: O | UnknownOutput): StepResult<S>;
  /** Canonical key for a state, used to memoize visited (linearized set, state) pairs. */
  hash?(state: S): string | number;
  /** State equality, used for memoization when `hash` is absent. */
  equal?(a: S, b: S): boolean;
  /** Splits a history into independently checkable sub-histories (e.g. one per key). */
  partition?(history: History<I, O>): readonly History<I, O>[];
  /** Human-readable rendering of an operation, e.g. `get("a") -> "1"`. */
  describeOperation?(input: I, output: O | UnknownOutput): string;
  /** Human-readable rendering of a state. */
  describeState?(state: S): string;
}

/** Limits on the search; when one is hit the result is `"unknown"`. */
export interface CheckOptions {
  /** Wall-clock budget for the whole check, in milliseconds. Default: no limit. */
  readonly timeoutMs?: number;
  /** Maximum number of search steps over all partitions. Default: no limit. */
  readonly maxSteps?: number;
  /** Clock used for `timeoutMs` and `stats.elapsedMs`. Default: `performance.now`. */
  readonly now?: () => number;
  /** Search strategy; see {@link SearchStrategy}. Default: `"portfolio"`. */
  readonly strategy?: SearchStrategy;
}

/**
 * How a partition is searched. All strategies give the same verdicts; they differ in speed.
 * - `"plain"`: Porcupine's search: candidates in call order, exact memoization.
 * - `"pruned"`: tries unknown-outcome operations last, never applies one that changes nothing,
 *   and prunes configurations dominated by one already seen (same linearized completed
 *   operations and state, fewer unknown-outcome operations applied). Much faster at refuting
 *   histories with lost operations.
 * - `"portfolio"` (default): runs both in alternating slices when the partition has operations
 *   with unknown outcome, and takes the first verdict.
 */
export type SearchStrategy = "portfolio" | "plain" | "pruned";

/** Counters describing the work a check did. */
export interface CheckStats {
  /** Number of non-empty partitions. */
  readonly partitions: number;
  /** Number of partitions whose search finished (ok or illegal). */
  readonly partitionsChecked: number;
  /** Number of operations in the history. */
  readonly operations: number;
  /** Search steps taken (one per entry visited or backtrack). */
  readonly steps: number;
  /** Memoized (linearized set, state) configurations over all partitions. */
  readonly cacheEntries: number;
  /** Wall-clock time spent, in milliseconds. */
  readonly elapsedMs: number;
}

/** An operation as it appears in a result, with its index in the checked history. */
export interface IndexedOperation<I, O> {
  /** Index of the operation in the history passed to the checker (-1 if unknown). */
  readonly index: number;
  /** The operation itself (the same object as in the history). */
  readonly operation: Operation<I, O>;
}

/** How one candidate fared at the point where the search got stuck. */
export interface CandidateReport<I, O> {
  /** The candidate operation (one that was called and not yet linearized). */
  readonly operation: IndexedOperation<I, O>;
  /** Whether the model accepts it in the state at the end of the longest prefix. */
  readonly acceptedByModel: boolean;
}

/** Details of a non-linearizable partition. */
export interface LinearizabilityFailure<S, I, O> {
  /** Index of the failing partition (in the order returned by `partition`). */
  readonly partition: number;
  /** Number of operations in the failing partition. */
  readonly partitionSize: number;
  /** The longest sequence of operations the search managed to linearize. */
  readonly longestPrefix: readonly IndexedOperation<I, O>[];
  /** The model state after `longestPrefix`. */
  readonly stateAfterPrefix: S;
  /**
   * A completed operation that returned before it could be linearized after `longestPrefix`
   * (none if the search never got stuck on a specific operation).
   */
  readonly stuckOn: IndexedOperation<I, O> | undefined;
  /** Every operation that could have come next after `longestPrefix`, and the model's verdict. */
  readonly candidates: readonly CandidateReport<I, O>[];
}

/** Outcome of {@link checkLinearizability}. */
export type CheckResult<S, I, O> =
  | {
    /** Every partition is linearizable. */
    readonly result: "ok";
    /**
     * One witness linearization per partition, in linearization order. Completed operations
     * all appear; operations with unknown outcome appear only if the witness needed them.
     */
    readonly linearizations: readonly (readonly IndexedOperation<I, O>[])[];
    readonly stats: CheckStats;
  }
  | {
    /** Some partition is not linearizable. */
    readonly result: "illegal";
    readonly failure: LinearizabilityFailure<S, I, O>;
    /** Multi-line, human-readable account of `failure`. */
    readonly explanation: string;
    readonly stats: CheckStats;
  }
  | {
    /** The budget ran out before an answer was found (no partition was found illegal). */
    readonly result: "unknown";
    /** Which limit was hit. */
    readonly reason: "timeout" | "max-steps";
    readonly stats: CheckStats;
  };

/** Outcome of checking one partition. */
type PartitionOutcome<S> =
  | { kind: "ok"; order: number[] }
  | {
    kind: "illegal";
    prefix: number[];
    state: S;
    stuckOn: number;
    candidates: number[];
  }
  | { kind: "budget"; reason: "timeout" | "max-steps" };

/** Shared, mutable budget over all partitions of one check. */
interface Budget {
  steps: number;
  readonly maxSteps: number;
  readonly deadline: number;
  readonly now: () => number;
  cacheEntries: number;
}

/** Thrown for histories that are malformed (as opposed to non-linearizable). */
export class HistoryError extends Error {
  /** Creates a HistoryError with the given message. */
  constructor(message: string) {
    super(message);
    this.name = "HistoryError";
  }
}

/** True if the operation never returned (its outcome is unknown). */
export function isUnknownOutcome<I, O>(op: Operation<I, O>): op is UnknownOperation<I> {
  return op.return === undefined || op.return === Infinity;
}

/**
 * Checks whether `history` is linearizable with respect to `model`.
 *
 * Partitions (from `model.partition`) are checked one after another, smallest first; the first
 * illegal partition ends the check. The result is `"unknown"` only if the budget ran out and no
 * partition checked so far was illegal. The budget is shared by all partitions.
 *
 * @throws {HistoryError} if an operation has a non-finite call time or returns before its call.
 */
export function checkLinearizability<S, I, O>(
  model: Model<S, I, O>,
  history: History<I, O>,
  options: CheckOptions = {},
): CheckResult<S, I, O> {
  const now = options.now ?? (() => performance.now());
  const start = now();
  for (const op of history) validateOperation(op);
  const budget: Budget = {
    steps: 0,
    maxSteps: options.maxSteps ?? Infinity,
    deadline: options.timeoutMs === undefined ? Infinity : start + options.timeoutMs,
    now,
    cacheEntries: 0,
  };
  const indexOf = new Map<Operation<I, O>, number>();
  history.forEach((op, i) => indexOf.set(op, i));
  const indexed = (op: Operation<I, O>): IndexedOperation<I, O> => ({
    index: indexOf.get(op) ?? -1,
    operation: op,
  });

  const partitions = (model.partition ? model.partition(history) : [history]).filter((p) =>
    p.length > 0
  );
  let checked = 0;
  const stats = (): CheckStats => ({
    partitions: partitions.length,
    partitionsChecked: checked,
    operations: history.length,
    steps: budget.steps,
    cacheEntries: budget.cacheEntries,
    elapsedMs: now() - start,
  });

  const linearizations: IndexedOperation<I, O>[][] = partitions.map(() => []);
  // Smallest partitions first: a violation in a small partition is found before the budget is
  // spent on a big one.
  const order = [...partitions.keys()].sort((a, b) =>
    (partitions[a] as History<I, O>).length - (partitions[b] as History<I, O>).length
  );
  for (const p of order) {
    const ops = partitions[p] as History<I, O>;
    for (const op of ops) validateOperation(op);
    const outcome = checkPartition(model, ops, budget, options.strategy ?? "portfolio");
    if (outcome.kind === "budget") {
      return { result: "unknown", reason: outcome.reason, stats: stats() };
    }
    checked++;
    if (outcome.kind === "ok") {
      linearizations[p] = outcome.order.map((i) => indexed(ops[i] as Operation<I, O>));
      continue;
    }
    const opAt = (i: number) => indexed(ops[i] as Operation<I, O>);
    const failure: LinearizabilityFailure<S, I, O> = {
      partition: p,
      partitionSize: ops.length,
      longestPrefix: outcome.prefix.map(opAt),
      stateAfterPrefix: outcome.state,
      stuckOn: outcome.stuckOn >= 0 ? opAt(outcome.stuckOn) : undefined,
      candidates: outcome.candidates.map((i) => {
        const op = ops[i] as Operation<I, O>;
        return {
          operation: opAt(i),
          acceptedByModel: model.step(outcome.state, op.input, outputOf(op)).ok,
        };
      }),
    };
    return {
      result: "illegal",
      failure,
      explanation: explainFailure(model, failure),
      stats: stats(),
    };
  }
  return { result: "ok", linearizations, stats: stats() };
}

/** Options for {@link assertLinearizable}. */
export interface AssertOptions extends CheckOptions {
  /** Whether an `"unknown"` result (budget exhausted) passes. Default: false (it throws). */
  readonly allowUnknown?: boolean;
}

/**
 * Checks `history` and throws an Error carrying the explanation unless it is linearizable.
 * Returns the result (always `"ok"`, or `"unknown"` when `allowUnknown` is set).
 */
export function assertLinearizable<S, I, O>(
  model: Model<S, I, O>,
  history: History<I, O>,
  options: AssertOptions = {},
): CheckResult<S, I, O> {
  const result = checkLinearizability(model, history, options);
  if (result.result === "illegal") {
    throw new Error(result.explanation);
  }
  if (result.result === "unknown" && !options.allowUnknown) {
    throw new Error(
      `linearizability check inconclusive (${result.reason}) after ${result.stats.steps} steps, ` +
        `${result.stats.elapsedMs.toFixed(0)} ms, ${result.stats.partitionsChecked}/` +
        `${result.stats.partitions} partitions checked`,
    );
  }
  return result;
}

/**
 * Reference oracle: decides linearizability by trying every order (exponential; for tiny
 * histories of up to ~8 operations, e.g. to cross-check {@link checkLinearizability} in tests).
 * Ignores `model.partition`. True iff some sequence of a subset of the operations that contains
 * every completed one respects real time (`a` before `b` whenever `a.return < b.call`) and is
 * accepted by the model step by step.
 */
export function bruteForceLinearizable<S, I, O>(
  model: Model<S, I, O>,
  history: History<I, O>,
): boolean {
  const n = history.length;
  const placed = new Array<boolean>(n).fill(false);
  const search = (state: S, left: number): boolean => {
    if (left === 0) return true;
    for (let x = 0; x < n; x++) {
      if (placed[x]) continue;
      const op = history[x] as Operation<I, O>;
      // x may go next only if no unplaced completed operation returned before x was called.
      const blocked = history.some((y, j) =>
        !placed[j] && j !== x && !isUnknownOutcome(y) && (y.return as number) < op.call
      );
      if (blocked) continue;
      const step = model.step(state, op.input, outputOf(op));
      if (!step.ok) continue;
      placed[x] = true;
      const found = search(step.state, left - (isUnknownOutcome(op) ? 0 : 1));
      placed[x] = false;
      if (found) return true;
    }
    return false;
  };
  return search(model.init(), history.filter((op) => !isUnknownOutcome(op)).length);
}

/** The output the model should see for an operation. */
function outputOf<I, O>(op: Operation<I, O>): O | UnknownOutput {
  return isUnknownOutcome(op) ? UNKNOWN_OUTPUT : (op as CompletedOperation<I, O>).output;
}

function validateOperation<I, O>(op: Operation<I, O>): void {
  if (typeof op.call !== "number" || !Number.isFinite(op.call)) {
    throw new HistoryError(`operation has a non-finite call time: ${safeJson(op)}`);
  }
  if (op.return !== undefined) {
    if (typeof op.return !== "number" || Number.isNaN(op.return)) {
      throw new HistoryError(`operation has an invalid return time: ${safeJson(op)}`);
    }
    if (op.return < op.call) {
      throw new HistoryError(`operation returns before it is called: ${safeJson(op)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The search (one partition)
// ---------------------------------------------------------------------------------------------

/** How often (in steps) the wall clock is consulted. */
const CLOCK_CHECK_INTERVAL = 1024;

/** Steps a searcher runs before the portfolio switches to the other one. */
const PORTFOLIO_SLICE = 4096;

/**
 * One memoized configuration: which operations are linearized (completed ones in `done`, those
 * with unknown outcome in `extra`) and the state that led to.
 */
interface CacheEntry<S> {
  readonly done: Uint32Array;
  readonly extra: Uint32Array;
  readonly key: string | number | undefined;
  readonly state: S;
}

/** Tuning of one searcher; both settings keep the search sound and complete. */
interface SearchTactics {
  /**
   * Try unknown-outcome operations only after the completed candidates (instead of in call
   * order), skip those that would not change the state, and prune dominated configurations.
   */
  readonly pruneUnknown: boolean;
}

/** Runs a search for at most `steps` more steps; undefined means "not finished yet". */
type Searcher<S> = (steps: number) => PartitionOutcome<S> | undefined;

/**
 * Checks one partition, running the searches that `strategy` asks for. With "portfolio", the
 * plain and the pruned searcher run in alternating slices and the first verdict wins (each is
 * complete on its own, so either verdict is the verdict). The plain search is usually quickest
 * on linearizable histories; the pruned one is far quicker at refuting histories that contain
 * operations with unknown outcome.
 */
function checkPartition<S, I, O>(
  model: Model<S, I, O>,
  ops: History<I, O>,
  budget: Budget,
  strategy: SearchStrategy,
): PartitionOutcome<S> {
  const hasUnknown = ops.some(isUnknownOutcome);
  const searchers: Searcher<S>[] = [];
  if (strategy !== "pruned") {
    searchers.push(makeSearcher(model, ops, budget, { pruneUnknown: false }));
  }
  // Without unknown-outcome operations the two searches are identical: run one.
  if (strategy === "pruned" || (strategy === "portfolio" && hasUnknown)) {
    searchers.push(makeSearcher(model, ops, budget, { pruneUnknown: true }));
  }
  for (;;) {
    for (const searcher of searchers) {
      const outcome = searcher(searchers.length > 1 ? PORTFOLIO_SLICE : Infinity);
      if (outcome !== undefined) return outcome;
    }
  }
}

/**
 * Prepares a WGL search over one partition; the returned function advances it.
 *
 * Representation: the call and return events of all operations, sorted by time (calls before
 * returns at equal times), are nodes `1..E` of doubly linked lists over array indices; node
 * numbers preserve time order. Completed operations are numbered `0..completedCount` (bits in
 * `done`), operations with unknown outcome `0..unknownCount` (bits in `extra`); `slot[op]` is
 * that number. Unknown-outcome operations have a call node only. With `pruneUnknown`, their
 * calls sit in a list of their own (head `UNKNOWN`); otherwise everything is in the main list
 * (head `MAIN`), as in Porcupine.
 *
 * Invariants of the main loop:
 * - The lists hold exactly the events of operations not yet linearized, in time order.
 * - `stack[0..depth)` are the call nodes of the linearized operations, in linearization order;
 *   `stackStates[d]` is the model state *before* `stack[d]` was applied; `state` is the state
 *   after all of them (`stateKey` its hash). `done`/`extra` have exactly their bits set;
 *   `doneHash`/`extraHash` are the XORs of their Zobrist keys.
 * - Candidates for the next step are the calls that precede the earliest pending return
 *   (`limit`): walking the main list from its head, every call met before the first return
 *   node. Reaching that return means its operation must already be linearized, so after the
 *   candidates are exhausted the search backtracks. With `pruneUnknown`, the candidates are
 *   enumerated in two passes: completed operations first, then (`unknownPass`) the unknown-list
 *   calls numbered below `limit`. A backtracked operation resumes the enumeration just after
 *   its own node, in its own pass.
 * - `remaining` counts completed operations not yet linearized; the partition is linearizable
 *   once it is zero (unknown-outcome operations left over are taken never to have happened).
 * - The cache holds every configuration ever pushed (minus, with pruning, those dominated by
 *   a later one). A configuration is skipped when the cache already has it (Lowe's
 *   memoization), or, with `pruneUnknown`, when it is *dominated*: the cache has one with the
 *   same completed set and state and a subset of its unknown-outcome operations. Any
 *   continuation from the dominated configuration is also one from the dominating one (the
 *   extra pending operations can stay unapplied), so by induction on the length of the
 *   shortest successful continuation, the search still finds a linearization if one exists.
 *   For the same reason an unknown-outcome operation that leaves the state unchanged is never
 *   linearized (the result is dominated by the current configuration).
 */
function makeSearcher<S, I, O>(
  model: Model<S, I, O>,
  ops: History<I, O>,
  budget: Budget,
  tactics: SearchTactics,
): Searcher<S> {
  const n = ops.length;
  const prune = tactics.pruneUnknown;
  // --- build the event lists ---------------------------------------------------------------
  type Ev = { time: number; isCall: boolean; op: number };
  const events: Ev[] = [];
  const completed = new Uint8Array(n);
  const slot = new Int32Array(n);
  let completedCount = 0;
  let unknownCount = 0;
  for (let i = 0; i < n; i++) {
    const op = ops[i] as Operation<I, O>;
    events.push({ time: op.call, isCall: true, op: i });
    if (!isUnknownOutcome(op)) {
      events.push({ time: op.return as number, isCall: false, op: i });
      completed[i] = 1;
      slot[i] = completedCount++;
    } else {
      slot[i] = unknownCount++;
    }
  }
  events.sort((a, b) =>
    a.time !== b.time ? a.time - b.time : a.isCall === b.isCall ? a.op - b.op : a.isCall ? -1 : 1
  );
  const MAIN = 0;
  const UNKNOWN = events.length + 1;
  const END = events.length + 2; // "no pending return": greater than every node
  const next = new Int32Array(END);
  const prev = new Int32Array(END);
  const nodeOp = new Int32Array(END).fill(-1);
  const isCall = new Uint8Array(END);
  const match = new Int32Array(END).fill(-1); // call node -> its return node, or -1
  const callNodeOf = new Int32Array(n);
  let tailMain = MAIN;
  let tailUnknown = UNKNOWN;
  next[MAIN] = -1;
  next[UNKNOWN] = -1;
  for (let k = 0; k < events.length; k++) {
    const e = events[k] as Ev;
    const node = k + 1;
    nodeOp[node] = e.op;
    isCall[node] = e.isCall ? 1 : 0;
    if (e.isCall) callNodeOf[e.op] = node;
    else match[callNodeOf[e.op] as number] = node; // the call sorts first, so it is set
    const own = completed[e.op] === 1 || !prune;
    const tail = own ? tailMain : tailUnknown;
    next[tail] = node;
    prev[node] = tail;
    next[node] = -1;
    if (own) tailMain = node;
    else tailUnknown = node;
  }
  const inputs = ops.map((op) => op.input);
  const outputs = ops.map(outputOf);

  const unlink = (node: number): void => {
    const p = prev[node] as number;
    const q = next[node] as number;
    next[p] = q;
    if (q !== -1) prev[q] = p;
  };
  // Re-inserts a node removed by `unlink`; valid because removals are undone in LIFO order.
  const relink = (node: number): void => {
    const p = prev[node] as number;
    const q = next[node] as number;
    next[p] = node;
    if (q !== -1) prev[q] = node;
  };
  const lift = (call: number): void => {
    unlink(call);
    const ret = match[call] as number;
    if (ret !== -1) unlink(ret);
  };
  const unlift = (call: number): void => {
    const ret = match[call] as number;
    if (ret !== -1) relink(ret);
    relink(call);
  };

  // --- memoization ---------------------------------------------------------------------------
  const done = new Uint32Array(Math.max(1, Math.ceil(completedCount / 32)));
  const extra = new Uint32Array(Math.max(1, Math.ceil(unknownCount / 32)));
  const zobristDone = new Int32Array(completedCount);
  const zobristExtra = new Int32Array(unknownCount);
  let seed = 0x9e3779b9 ^ n;
  for (let i = 0; i < completedCount; i++) zobristDone[i] = seed = splitmix32(seed);
  for (let i = 0; i < unknownCount; i++) zobristExtra[i] = seed = splitmix32(seed);
  let doneHash = 0;
  let extraHash = 0;
  const cache = new Map<number, CacheEntry<S>[]>();
  const hashFn = model.hash?.bind(model);
  const equalFn = model.equal?.bind(model) ?? Object.is;
  const sameState = (
    aKey: string | number | undefined,
    a: S,
    bKey: string | number | undefined,
    b: S,
  ): boolean => (hashFn ? aKey === bKey : equalFn(a, b));

  /**
   * Records the configuration (`done`, `extra`, `candidate`) unless it is cached or dominated;
   * returns whether it was new. `done`/`extra` and the hashes already include the candidate
   * operation. Buckets are keyed by the completed set and state (and, without pruning, the
   * unknown set too); with pruning a bucket is kept free of dominated entries.
   */
  const cacheInsert = (
    hDone: number,
    hExtra: number,
    key: string | number | undefined,
    candidate: S,
  ): boolean => {
    let bucketKey = key === undefined ? hDone : (hDone ^ hashKey(key)) | 0;
    if (!prune) bucketKey = (bucketKey ^ Math.imul(hExtra, 0x2545f491)) | 0;
    let bucket = cache.get(bucketKey);
    if (bucket !== undefined) {
      let dominated = 0;
      for (const entry of bucket) {
        if (!bitsEqual(entry.done, done) || !sameState(entry.key, entry.state, key, candidate)) {
          continue;
        }
        if (prune ? bitsSubset(entry.extra, extra) : bitsEqual(entry.extra, extra)) return false;
        if (prune && bitsSubset(extra, entry.extra)) dominated++;
      }
      if (dominated > 0) {
        const kept = bucket.filter((entry) =>
          !(bitsEqual(entry.done, done) && bitsSubset(extra, entry.extra) &&
            sameState(entry.key, entry.state, key, candidate))
        );
        budget.cacheEntries -= bucket.length - kept.length;
        bucket = kept;
        cache.set(bucketKey, bucket);
      }
    } else {
      bucket = [];
      cache.set(bucketKey, bucket);
    }
    bucket.push({ done: done.slice(), extra: extra.slice(), key, state: candidate });
    budget.cacheEntries++;
    return true;
  };

  // --- search state ----------------------------------------------------------------------------
  const stack = new Int32Array(n);
  const stackStates: S[] = [];
  let depth = 0;
  let remaining = completedCount;
  let state = model.init();
  let stateKey = hashFn ? hashFn(state) : undefined;
  let best: { prefix: number[]; state: S; stuckOn: number; candidates: number[] } | undefined;
  let unknownPass = false;
  let limit = END;
  let node = next[MAIN] as number;

  /** The earliest pending return node (`END` if none). */
  const firstReturn = (): number => {
    let r = next[MAIN] as number;
    while (r !== -1 && isCall[r] === 1) r = next[r] as number;
    return r === -1 ? END : r;
  };

  return (steps: number): PartitionOutcome<S> | undefined => {
    for (let taken = 0; remaining > 0; taken++) {
      if (taken >= steps) return undefined;
      budget.steps++;
      if (budget.steps > budget.maxSteps) return { kind: "budget", reason: "max-steps" };
      if (budget.steps % CLOCK_CHECK_INTERVAL === 0 && budget.now() > budget.deadline) {
        return { kind: "budget", reason: "timeout" };
      }

      if (!unknownPass && (node === -1 || isCall[node] === 0)) {
        // Completed candidates exhausted: `node` is the earliest pending return (or the end).
        limit = node === -1 ? END : node;
        unknownPass = true;
        node = prune ? next[UNKNOWN] as number : -1;
        continue;
      }

      if (unknownPass && (node === -1 || node > limit)) {
        // Stuck: nothing called before `limit` can be linearized next with success. Record the
        // deepest such point for the explanation, then backtrack.
        if (best === undefined || depth > best.prefix.length) {
          const candidates: number[] = [];
          for (const head of [MAIN, UNKNOWN]) {
            for (let c = next[head] as number; c !== -1 && c < limit; c = next[c] as number) {
              if (isCall[c] === 1) candidates.push(nodeOp[c] as number);
            }
          }
          best = {
            prefix: Array.from(stack.subarray(0, depth), (c) => nodeOp[c] as number),
            state,
            stuckOn: limit < END ? nodeOp[limit] as number : -1,
            candidates,
          };
        }
        if (depth === 0) return { kind: "illegal", ...best };
        depth--;
        const call = stack[depth] as number;
        const op = nodeOp[call] as number;
        state = stackStates[depth] as S;
        stackStates.length = depth;
        stateKey = hashFn ? hashFn(state) : undefined;
        const s = slot[op] as number;
        unlift(call);
        if (completed[op] === 1) {
          done[s >>> 5] = (done[s >>> 5] as number) & ~(1 << (s & 31));
          doneHash ^= zobristDone[s] as number;
          remaining++;
          unknownPass = false;
        } else {
          extra[s >>> 5] = (extra[s >>> 5] as number) & ~(1 << (s & 31));
          extraHash ^= zobristExtra[s] as number;
          unknownPass = prune;
          if (prune) limit = firstReturn();
        }
        node = next[call] as number; // resume with the next candidate of the same pass
        continue;
      }

      // `node` is a candidate call: try to linearize its operation now.
      const op = nodeOp[node] as number;
      const result = model.step(state, inputs[op] as I, outputs[op] as O | UnknownOutput);
      if (result.ok) {
        const newKey = hashFn ? hashFn(result.state) : undefined;
        const isCompleted = completed[op] === 1;
        if (isCompleted || !prune || !sameState(stateKey, state, newKey, result.state)) {
          const s = slot[op] as number;
          const bits = isCompleted ? done : extra;
          const word = s >>> 5;
          const before = bits[word] as number;
          bits[word] = before | (1 << (s & 31));
          const hDone = isCompleted ? doneHash ^ (zobristDone[s] as number) : doneHash;
          const hExtra = isCompleted ? extraHash : extraHash ^ (zobristExtra[s] as number);
          if (cacheInsert(hDone, hExtra, newKey, result.state)) {
            stack[depth] = node;
            stackStates[depth] = state;
            depth++;
            state = result.state;
            stateKey = newKey;
            doneHash = hDone;
            extraHash = hExtra;
            if (isCompleted) remaining--;
            lift(node);
            unknownPass = false;
            node = next[MAIN] as number;
            continue;
          }
          bits[word] = before; // already explored (or dominated): undo the tentative bit
        }
      }
      node = next[node] as number;
    }
    return { kind: "ok", order: Array.from(stack.subarray(0, depth), (c) => nodeOp[c] as number) };
  };
}

/** True if every bit set in `a` is set in `b`. */
function bitsSubset(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    if ((x & (b[i] as number)) !== x) return false;
  }
  return true;
}

/** True if `a` and `b` have the same bits. */
function bitsEqual(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** One step of the splitmix32 generator (deterministic Zobrist keys). */
function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}

/** 32-bit hash of a state key (FNV-1a for strings, a mix for numbers). */
function hashKey(key: string | number): number {
  if (typeof key === "number") {
    if (Number.isInteger(key) && Math.abs(key) <= 0x7fffffff) {
      return Math.imul(key | 0, 0x9e3779b1) | 0;
    }
    key = String(key);
  }
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  }
  return h | 0;
}

// ---------------------------------------------------------------------------------------------
// Explanations
// ---------------------------------------------------------------------------------------------

function safeJson(value: unknown): string {
  try {
    const text = JSON.stringify(
      value,
      (_k, v) => typeof v === "bigint" ? `${v}n` : typeof v === "symbol" ? String(v) : v,
    );
    return text ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Renders an operation as `#index [client c] description  (call=…, return=…)`, using the model's
 * `describeOperation` when present.
 */
export function formatOperation<S, I, O>(
  model: Model<S, I, O>,
  op: IndexedOperation<I, O>,
): string {
  const o = op.operation;
  const output = outputOf(o);
  const text = model.describeOperation
    ? model.describeOperation(o.input, output)
    : `${safeJson(o.input)} -> ${output === UNKNOWN_OUTPUT ? "?" : safeJson(output)}`;
  const timing = isUnknownOutcome(o)
    ? `call=${o.call}, never returned`
    : `call=${o.call}, return=${o.return}`;
  return `#${op.index} [client ${o.clientId}] ${text}  (${timing})`;
}

function describeState<S, I, O>(model: Model<S, I, O>, state: S): string {
  return model.describeState ? model.describeState(state) : safeJson(state);
}

/** Maximum number of prefix operations printed in full (the rest are elided). */
const MAX_PREFIX_LINES = 30;

/** Builds the multi-line explanation for an illegal result. */
export function explainFailure<S, I, O>(
  model: Model<S, I, O>,
  failure: LinearizabilityFailure<S, I, O>,
): string {
  const lines: string[] = [];
  const prefix = failure.longestPrefix;
  lines.push(
    `history is not linearizable: partition ${failure.partition} ` +
      `(${failure.partitionSize} operations) has no valid linearization.`,
  );
  lines.push(
    `Longest linearizable prefix found (${prefix.length} of ${failure.partitionSize} operations):`,
  );
  if (prefix.length === 0) lines.push("  (empty)");
  const skip = Math.max(0, prefix.length - MAX_PREFIX_LINES);
  if (skip > 0) lines.push(`  ... ${skip} earlier operations elided ...`);
  for (let i = skip; i < prefix.length; i++) {
    lines.push(`  ${String(i + 1).padStart(4)}. ${formatOperation(model, prefix[i]!)}`);
  }
  lines.push(`State after the prefix: ${describeState(model, failure.stateAfterPrefix)}`);
  if (failure.stuckOn !== undefined) {
    lines.push(
      `Could not linearize: ${formatOperation(model, failure.stuckOn)}`,
    );
    const at = failure.stuckOn.operation.return;
    lines.push(
      `  It must take effect before it returned (t=${at}), but after this prefix neither it ` +
        "nor any other pending operation can come next and still lead to a valid linearization.",
    );
  }
  if (failure.candidates.length > 0) {
    lines.push("Operations that could have come next, and the model's verdict:");
    for (const c of failure.candidates) {
      const verdict = c.acceptedByModel
        ? "accepted, but no linearization continues from there"
        : "rejected by the model in this state";
      lines.push(`  - ${formatOperation(model, c.operation)}: ${verdict}`);
    }
  }
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------
// Recording histories
// ---------------------------------------------------------------------------------------------

/** Handle for an operation in flight, returned by {@link HistoryRecorder.invoke}. */
export interface PendingCall<O> {
  /** Records the observed response (completes the operation). */
  ok(output: O): void;
  /**
   * Records that the outcome is unknown (timeout, crash, lost connection): the operation may
   * or may not have taken effect.
   */
  unknown(): void;
  /**
   * Records that the operation certainly did not take effect (e.g. rejected before being
   * proposed); it is dropped from the history. Only use when that is guaranteed.
   */
  failed(): void;
}

/** Options for {@link HistoryRecorder}. */
export interface RecorderOptions {
  /**
   * Clock for call/return timestamps. Default: a logical clock (0, 1, 2, …) advanced at every
   * event. In a single-threaded recorder the order in which events are recorded is their
   * real-time order, so the logical clock gives the tightest valid ordering and no ties.
   */
  readonly now?: () => number;
}

/** How {@link HistoryRecorder.run} treats an error thrown by the operation. */
export type ErrorOutcome = "unknown" | "failed";

/**
 * Records a concurrent history as clients issue operations, for a later
 * {@link checkLinearizability}. Calls still pending when {@link HistoryRecorder.history} is read
 * are reported as operations with unknown outcome.
 */
export class HistoryRecorder<I, O> {
  readonly #now: () => number;
  readonly #ops: ({ op: Operation<I, O>; dropped: boolean })[] = [];

  /** Creates a recorder; see {@link RecorderOptions}. */
  constructor(options: RecorderOptions = {}) {
    let tick = 0;
    this.#now = options.now ?? (() => tick++);
  }

  /** Records the invocation of `input` by `clientId` now; settle the returned handle once. */
  invoke(clientId: ClientId, input: I): PendingCall<O> {
    const call = this.#now();
    const slot: { op: Operation<I, O>; dropped: boolean } = {
      op: { clientId, input, call },
      dropped: false,
    };
    this.#ops.push(slot);
    let settled = false;
    const settle = () => {
      if (settled) throw new Error("operation already settled");
      settled = true;
    };
    return {
      ok: (output: O) => {
        settle();
        slot.op = { clientId, input, call, return: this.#now(), output };
      },
      unknown: () => settle(),
      failed: () => {
        settle();
        slot.dropped = true;
      },
    };
  }

  /**
   * Runs `fn` as an operation of `clientId`, recording its call and return. If `fn` throws, the
   * operation is recorded per `onError` (default: `"unknown"`, the safe choice) and the error is
   * rethrown.
   */
  async run(
    clientId: ClientId,
    input: I,
    fn: () => Promise<O>,
    onError: (error: unknown) => ErrorOutcome = () => "unknown",
  ): Promise<O> {
    const pending = this.invoke(clientId, input);
    let output: O;
    try {
      output = await fn();
    } catch (error) {
      if (onError(error) === "failed") pending.failed();
      else pending.unknown();
      throw error;
    }
    pending.ok(output);
    return output;
  }

  /** The recorded history, in invocation order (pending calls have unknown outcome). */
  history(): Operation<I, O>[] {
    return this.#ops.filter((s) => !s.dropped).map((s) => s.op);
  }
}
