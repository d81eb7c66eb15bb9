/**
 * Sequential specifications ({@link Model}s) for the linearizability checker:
 * - {@link kvModel}: the replicated key/value store (get, put, delete, compare-and-set),
 *   partitioned per key.
 * - {@link registerModel}: a single read/write register, mostly for testing the checker.
 *
 * @module
 */

import {
  type History,
  type Model,
  type Operation,
  type StepResult,
  UNKNOWN_OUTPUT,
  type UnknownOutput,
} from "./linearizability.ts";

// ---------------------------------------------------------------------------------------------
// Key/value store
// ---------------------------------------------------------------------------------------------

/** A value in the store; `null` stands for "key absent". */
export type KvValue = string | null;

/** An operation on the key/value store. */
export type KvInput =
  | { readonly op: "get"; readonly key: string }
  | { readonly op: "put"; readonly key: string; readonly value: string }
  | { readonly op: "delete"; readonly key: string }
  | {
    /** Compare-and-set (a txn "if value == expected then set"). */
    readonly op: "cas";
    readonly key: string;
    /** Required current value; `null` means the key must be absent (create-if-absent). */
    readonly expected: KvValue;
    /** New value; `null` deletes the key. */
    readonly value: KvValue;
  };

/**
 * The observed response to a {@link KvInput}; its `op` must match the input's. Optional fields
 * are checked only when present (stores differ in what they report).
 */
export type KvOutput =
  | { readonly op: "get"; readonly value: KvValue }
  | {
    readonly op: "put";
    /** The value replaced, if the store reports it. */
    readonly prev?: KvValue;
  }
  | {
    readonly op: "delete";
    /** Whether the key existed, if the store reports it. */
    readonly existed?: boolean;
  }
  | { readonly op: "cas"; readonly succeeded: boolean };

/**
 * State of the store: key -> value, absent keys not present. Treated as immutable (a step that
 * changes it returns a new map).
 */
export type KvState = ReadonlyMap<string, string>;

/** Options for {@link kvModel}. */
export interface KvModelOptions {
  /** Initial contents of the store. Default: empty. */
  readonly initial?: Readonly<Record<string, string>>;
  /**
   * Whether to split histories per key (P-compositionality). Default: true. Disable only to
   * cross-check the partitioning itself; checking is much slower without it.
   */
  readonly partitionByKey?: boolean;
}

/** Builds a `get(key)` input. */
export function kvGet(key: string): KvInput {
  return { op: "get", key };
}

/** Builds a `put(key, value)` input. */
export function kvPut(key: string, value: string): KvInput {
  return { op: "put", key, value };
}

/** Builds a `delete(key)` input. */
export function kvDelete(key: string): KvInput {
  return { op: "delete", key };
}

/** Builds a `cas(key, expected, value)` input (`null` = absent, on either side). */
export function kvCas(key: string, expected: KvValue, value: KvValue): KvInput {
  return { op: "cas", key, expected, value };
}

/**
 * Applies `input` to a plain map sequentially and returns the output a correct store would give.
 * Mutates `store`. Useful to generate histories from a reference execution.
 */
export function applyKv(store: Map<string, string>, input: KvInput): KvOutput {
  const current = store.get(input.key) ?? null;
  switch (input.op) {
    case "get":
      return { op: "get", value: current };
    case "put":
      store.set(input.key, input.value);
      return { op: "put", prev: current };
    case "delete":
      store.delete(input.key);
      return { op: "delete", existed: current !== null };
    case "cas": {
      if (current !== input.expected) return { op: "cas", succeeded: false };
      if (input.value === null) store.delete(input.key);
      else store.set(input.key, input.value);
      return { op: "cas", succeeded: true };
    }
  }
}

function withValue(state: KvState, key: string, value: KvValue): KvState {
  const current = state.get(key) ?? null;
  if (current === value) return state;
  const next = new Map(state);
  if (value === null) next.delete(key);
  else next.set(key, value);
  return next;
}

function quote(value: KvValue): string {
  return value === null ? "<absent>" : JSON.stringify(value);
}

/** Renders a KV operation, e.g. `get("a") -> "1"`, `cas("a", <absent> => "2") -> ?`. */
export function describeKvOperation(input: KvInput, output: KvOutput | UnknownOutput): string {
  const unknown = output === UNKNOWN_OUTPUT;
  const key = JSON.stringify(input.key);
  switch (input.op) {
    case "get": {
      const got = unknown ? "?" : output.op === "get" ? quote(output.value) : "<bad output>";
      return `get(${key}) -> ${got}`;
    }
    case "put": {
      const prev = !unknown && output.op === "put" && output.prev !== undefined
        ? ` (prev ${quote(output.prev)})`
        : "";
      return `put(${key}, ${quote(input.value)})${unknown ? " -> ?" : prev}`;
    }
    case "delete": {
      const existed = !unknown && output.op === "delete" && output.existed !== undefined
        ? ` -> existed=${output.existed}`
        : "";
      return `delete(${key})${unknown ? " -> ?" : existed}`;
    }
    case "cas": {
      const res = unknown ? "?" : output.op === "cas" ? String(output.succeeded) : "<bad output>";
      return `cas(${key}, ${quote(input.expected)} => ${quote(input.value)}) -> ${res}`;
    }
  }
}

/** Renders a KV state as `{"a": "1", "b": "2"}` (keys sorted). */
export function describeKvState(state: KvState): string {
  const keys = [...state.keys()].sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}: ${JSON.stringify(state.get(k))}`).join(", ")}}`;
}

/** Canonical encoding of a KV state (keys sorted), used as its memoization hash. */
export function hashKvState(state: KvState): string {
  if (state.size === 0) return "";
  if (state.size === 1) {
    const [entry] = state;
    return JSON.stringify(entry);
  }
  return JSON.stringify([...state].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Splits a KV history into one sub-history per key (operations keep their identity). */
export function partitionByKey<O>(
  history: History<KvInput, O>,
): History<KvInput, O>[] {
  const byKey = new Map<string, Operation<KvInput, O>[]>();
  for (const op of history) {
    let list = byKey.get(op.input.key);
    if (list === undefined) {
      list = [];
      byKey.set(op.input.key, list);
    }
    list.push(op);
  }
  return [...byKey.values()];
}

/**
 * Model of the key/value store. Each operation acts on one key, so histories are partitioned
 * per key by default. Semantics:
 * - `get(k)` returns the current value or `null`.
 * - `put(k, v)` sets the value (and reports the previous one if `prev` is present).
 * - `delete(k)` removes the key (and reports whether it existed if `existed` is present).
 * - `cas(k, e, v)` sets `k` to `v` (deleting it if `v` is `null`) iff its value is `e`
 *   (`null` = absent), and reports whether it did.
 *
 * An operation with unknown outcome is applied with the semantics above (a `cas` succeeds iff
 * the state matches), and is always accepted.
 *
 * @throws {TypeError} from `step` if an output's `op` does not match its input's.
 */
export function kvModel(options: KvModelOptions = {}): Model<KvState, KvInput, KvOutput> {
  const initial: KvState = new Map(Object.entries(options.initial ?? {}));
  const model: Model<KvState, KvInput, KvOutput> = {
    init: () => initial,
    step(state, input, output): StepResult<KvState> {
      if (output !== UNKNOWN_OUTPUT && output.op !== input.op) {
        throw new TypeError(
          `output ${JSON.stringify(output)} does not match input ${JSON.stringify(input)}`,
        );
      }
      const known = output === UNKNOWN_OUTPUT ? undefined : output;
      const current = state.get(input.key) ?? null;
      switch (input.op) {
        case "get":
          return {
            ok: known === undefined || (known.op === "get" && known.value === current),
            state,
          };
        case "put": {
          const ok = known === undefined || known.op !== "put" || known.prev === undefined ||
            known.prev === current;
          return { ok, state: withValue(state, input.key, input.value) };
        }
        case "delete": {
          const ok = known === undefined || known.op !== "delete" ||
            known.existed === undefined || known.existed === (current !== null);
          return { ok, state: withValue(state, input.key, null) };
        }
        case "cas": {
          const matches = current === input.expected;
          const ok = known === undefined || (known.op === "cas" && known.succeeded === matches);
          return { ok, state: matches ? withValue(state, input.key, input.value) : state };
        }
      }
    },
    hash: hashKvState,
    describeOperation: describeKvOperation,
    describeState: describeKvState,
  };
  if (options.partitionByKey ?? true) model.partition = partitionByKey;
  return model;
}

// ---------------------------------------------------------------------------------------------
// Register
// ---------------------------------------------------------------------------------------------

/** An operation on a single register holding a primitive value. */
export type RegisterInput<V extends string | number> =
  | { readonly op: "read" }
  | { readonly op: "write"; readonly value: V };

/** Output of a register operation: the value read; `undefined` for writes (ignored). */
export type RegisterOutput<V extends string | number> = V | undefined;

/**
 * Model of one read/write register starting at `initial`. A read must return the latest write
 * (or `initial`); write outputs are ignored. States are primitives, hashed as themselves.
 */
export function registerModel<V extends string | number>(
  initial: V,
): Model<V, RegisterInput<V>, RegisterOutput<V>> {
  return {
    init: () => initial,
    step(state, input, output) {
      if (input.op === "write") return { ok: true, state: input.value };
      return { ok: output === UNKNOWN_OUTPUT || output === state, state };
    },
    hash: (state) => state,
    describeOperation(input, output) {
      if (input.op === "write") {
        return `write(${JSON.stringify(input.value)})${output === UNKNOWN_OUTPUT ? " -> ?" : ""}`;
      }
      return `read() -> ${output === UNKNOWN_OUTPUT ? "?" : JSON.stringify(output)}`;
    },
    describeState: (state) => JSON.stringify(state),
  };
}
