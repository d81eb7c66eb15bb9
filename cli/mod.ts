/**
 * Command-line plumbing: flag parsing, help, value parsers and logging.
 *
 * @module
 */
export * from "./command.ts";
export * from "./values.ts";
export * from "./log.ts";
