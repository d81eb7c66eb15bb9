/**
 * Command-line plumbing shared by every `kubeno` subcommand: flag declarations, parsing with
 * one-line usage errors, and `--help` text generated from the declarations.
 *
 * @module
 */
import { parseArgs } from "node:util";

/** Exit code for a command-line mistake (unknown command or flag, bad value). */
export const EXIT_USAGE = 2;

/** One flag of a command. Names are kebab-case and form part of the contract: never rename. */
export interface FlagSpec {
  /** `string` flags take a value (`--name m1` or `--name=m1`); `boolean` flags take none. */
  readonly type: "string" | "boolean";
  /** One line shown by `--help`. */
  readonly description: string;
  /** The value used when the flag is absent. */
  readonly default?: string | boolean;
  /** What the value looks like in `--help` (`ADDR`, `DIR`...). */
  readonly placeholder?: string;
  /** A one-letter alias. */
  readonly short?: string;
}

/** A map from flag name (without dashes) to its declaration. */
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** The parsed values of a command's flags, typed by their declarations. */
export type FlagValues<F extends FlagSpecs> = {
  readonly [K in keyof F]: F[K]["type"] extends "boolean" ? boolean
    : F[K]["default"] extends string ? string
    : string | undefined;
};

/** A subcommand of `kubeno`. */
export interface CommandSpec<F extends FlagSpecs> {
  /** The words that invoke it after `kubeno`, e.g. `store`. */
  readonly name: string;
  /** One line for the command list and the top of `--help`. */
  readonly summary: string;
  /** Further paragraphs of `--help`. */
  readonly details?: string;
  readonly flags: F;
  /** Does the work; resolves to the process exit code. */
  run(flags: FlagValues<F & typeof COMMON_FLAGS>): Promise<number>;
}

/** A mistake on the command line; its message is one line meant for the user. */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * The log verbosity from `-v`/`--v`.
 *
 * @throws {UsageError} when it is not a small whole number.
 */
export function verbosity(flags: { readonly v: string }): number {
  if (!/^\d{1,2}$/.test(flags.v)) {
    throw new UsageError(`--v must be a whole number from 0 to 99, got ${JSON.stringify(flags.v)}`);
  }
  return Number(flags.v);
}

/** Flags every command accepts. */
export const COMMON_FLAGS = {
  help: { type: "boolean", short: "h", description: "show this help and exit" },
  v: {
    type: "string",
    short: "v",
    placeholder: "LEVEL",
    default: "0",
    description: "log verbosity: 0 (info), 1 and more for debug detail",
  },
} as const satisfies FlagSpecs;

/**
 * Parses `argv` against the flag declarations. Positional arguments are refused: every input of
 * a kubeno command is a named flag.
 *
 * @throws {UsageError} for an unknown flag, a missing value or a positional argument.
 */
export function parseFlags<F extends FlagSpecs>(
  flags: F,
  argv: readonly string[],
): FlagValues<F & typeof COMMON_FLAGS> {
  const all: FlagSpecs = { ...COMMON_FLAGS, ...flags };
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = {};
  for (const [name, spec] of Object.entries(all)) {
    options[name] = spec.short === undefined
      ? { type: spec.type }
      : { type: spec.type, short: spec.short };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  const values: Record<string, string | boolean | undefined> = {};
  for (const [name, spec] of Object.entries(all)) {
    const given = (parsed.values as Record<string, string | boolean | undefined>)[name];
    values[name] = given ?? spec.default ?? (spec.type === "boolean" ? false : undefined);
  }
  return values as FlagValues<F & typeof COMMON_FLAGS>;
}

/** Turns node:util's parse errors into one line in kubeno's words. */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string } | null)?.code;
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown flag ${option ?? message}`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL": {
      const arg = /'([^']*)'/.exec(message)?.[1];
      return `unexpected argument ${JSON.stringify(arg ?? message)} (every input is a --flag)`;
    }
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return option === undefined
        ? message.split("\n")[0] ?? message
        : `flag ${option.split(" ")[0]} needs a value`;
    default:
      return message.split("\n")[0] ?? message;
  }
}

/** The `--help` text of a command. */
export function helpText<F extends FlagSpecs>(spec: CommandSpec<F>): string {
  const all: FlagSpecs = { ...spec.flags, ...COMMON_FLAGS };
  const rows = Object.entries(all).map(([name, flag]) => {
    const short = flag.short === undefined || flag.short === name ? "    " : `-${flag.short}, `;
    const value = flag.type === "string" ? ` ${flag.placeholder ?? "VALUE"}` : "";
    const fallback = flag.default === undefined || flag.default === false
      ? ""
      : ` (default ${JSON.stringify(flag.default)})`;
    return [`  ${short}--${name}${value}`, `${flag.description}${fallback}`] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  const lines = [
    `kubeno ${spec.name}: ${spec.summary}`,
    "",
    `Usage: kubeno ${spec.name} [flags]`,
    ...(spec.details === undefined ? [] : ["", spec.details]),
    "",
    "Flags:",
    ...rows.map(([left, right]) => left.padEnd(width) + right),
  ];
  return lines.join("\n");
}

/**
 * Runs a command from its arguments: `--help` prints help, a usage mistake prints one line to
 * stderr and yields {@link EXIT_USAGE}, anything else is the command's own exit code.
 */
export async function runCommand<F extends FlagSpecs>(
  spec: CommandSpec<F>,
  argv: readonly string[],
): Promise<number> {
  try {
    if (argv.includes("--help") || argv.includes("-h")) {
      console.log(helpText(spec));
      return 0;
    }
    const flags = parseFlags(spec.flags, argv);
    return await spec.run(flags);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`kubeno ${spec.name}: ${error.message} (see 'kubeno ${spec.name} --help')`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
