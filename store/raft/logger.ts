/**
 * The optional logging hook of the Raft core. The core never writes anywhere by itself; a driver
 * may inject a {@link Logger} (constant message plus key/values, leveled), otherwise logging is
 * silent.
 *
 * @module
 */

/** Key/value context attached to a log line. */
export type LogFields = Readonly<Record<string, unknown>>;

/** A leveled structured logger: a constant message plus key/values. */
export interface Logger {
  /** Fine-grained tracing (message flow, progress changes). */
  debug(msg: string, fields?: LogFields): void;
  /** State changes worth knowing about (elections, leadership, membership). */
  info(msg: string, fields?: LogFields): void;
  /** Suspicious but tolerated conditions (dropped proposals, stale snapshots). */
  warn(msg: string, fields?: LogFields): void;
  /** Conditions that indicate a bug or misuse. */
  error(msg: string, fields?: LogFields): void;
}

const noop = (): void => {};

/** The default logger: discards everything. */
export const SILENT_LOGGER: Logger = Object.freeze({
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
});
