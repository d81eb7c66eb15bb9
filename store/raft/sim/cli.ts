/**
 * The simulator's knobs, from the test's command line (`deno test … -- --seed=N`) and the
 * environment (`KUBENO_SIM_*`), shared by the test files.
 *
 * Arguments (after `--`): `--seed=N` (replay one seed), `--profile=P`, `--nodes=N`,
 * `--steps=N`, `--mutation=M`, `--no-durability`, `--no-commit-rule`, `--one-entry`, `--strict`.
 *
 * Environment: `KUBENO_SIM_SEED` (like --seed), `KUBENO_SIM_SEEDS` (soak: how many seeds),
 * `KUBENO_SIM_START` (first seed, default 1), `KUBENO_SIM_STEPS` (fault-phase length in 10 ms
 * ticks), `KUBENO_SIM_STRICT=1` (like --strict), `KUBENO_SIM_TRACE` (trace lines in a failure
 * report, default 40).
 *
 * @module
 */

import { isMutationName } from "./mutations.ts";
import { type ProfileName, PROFILES, type ScenarioOverrides } from "./scenarios.ts";

/** What the command line and environment ask for. */
export interface SimArgs {
  /** Replay exactly this seed. */
  readonly seed: number | undefined;
  /** Soak: run this many seeds instead of the CI batch. */
  readonly seeds: number | undefined;
  /** First seed of a soak run. */
  readonly start: number;
  /** Scenario overrides. */
  readonly overrides: ScenarioOverrides;
}

function env(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined; // no --allow-env
  }
}

function parseIntArg(name: string, v: string | undefined): number | undefined {
  if (v === undefined || v === "") return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name}: not a count: ${v}`);
  return n;
}

/** Parses `args` (default `Deno.args`) and the `KUBENO_SIM_*` environment. */
export function parseSimArgs(args: readonly string[] = Deno.args): SimArgs {
  const kv = new Map<string, string>();
  for (const a of args) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (m === null) throw new TypeError(`sim: unknown argument ${a}`);
    kv.set(m[1]!, m[2] ?? "");
  }
  const known = [
    "seed",
    "profile",
    "nodes",
    "steps",
    "mutation",
    "no-durability",
    "no-commit-rule",
    "one-entry",
    "strict",
  ];
  for (const k of kv.keys()) {
    if (!known.includes(k)) throw new TypeError(`sim: unknown argument --${k}`);
  }
  const overrides: {
    -readonly [K in keyof ScenarioOverrides]: ScenarioOverrides[K];
  } = {};
  const profile = kv.get("profile");
  if (profile !== undefined) {
    if (!(PROFILES as readonly string[]).includes(profile)) {
      throw new TypeError(`sim: --profile must be one of ${PROFILES.join(", ")}`);
    }
    overrides.profile = profile as ProfileName;
  }
  const nodes = parseIntArg("--nodes", kv.get("nodes"));
  if (nodes !== undefined) overrides.nodes = nodes;
  const steps = parseIntArg("--steps", kv.get("steps")) ??
    parseIntArg("KUBENO_SIM_STEPS", env("KUBENO_SIM_STEPS"));
  if (steps !== undefined) overrides.steps = steps;
  const mutation = kv.get("mutation");
  if (mutation !== undefined) {
    if (!isMutationName(mutation)) throw new TypeError(`sim: unknown mutation ${mutation}`);
    overrides.mutation = mutation;
  }
  if (kv.has("no-durability")) overrides.checkDurability = false;
  if (kv.has("no-commit-rule")) overrides.checkCommitRule = false;
  if (kv.has("one-entry")) overrides.oneEntryPerMessage = true;
  if (kv.has("strict") || env("KUBENO_SIM_STRICT") === "1") overrides.strict = true;
  return {
    seed: parseIntArg("--seed", kv.get("seed")) ??
      parseIntArg("KUBENO_SIM_SEED", env("KUBENO_SIM_SEED")),
    seeds: parseIntArg("KUBENO_SIM_SEEDS", env("KUBENO_SIM_SEEDS")),
    start: parseIntArg("KUBENO_SIM_START", env("KUBENO_SIM_START")) ?? 1,
    overrides,
  };
}
