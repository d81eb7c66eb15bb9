/**
 * Structured, leveled logging to stderr: a constant message plus key/value pairs, one line per
 * event, so logs can be grepped by message and parsed by key.
 *
 * @module
 */

/** Key/value context attached to a log line. */
export type LogFields = Readonly<Record<string, unknown>>;

/** A logger bound to a component and optional fixed fields. */
export interface Logger {
  /** Normal operation worth a line: start, stop, leadership, configuration. */
  info(message: string, fields?: LogFields): void;
  /** Something failed and was handled (retried, skipped). */
  warn(message: string, fields?: LogFields): void;
  /** Something failed and was not handled. */
  error(message: string, fields?: LogFields): void;
  /** Detail shown only when the verbosity (`-v`) is at least `level`. */
  debug(level: number, message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  with(fields: LogFields): Logger;
}

/** Where lines go; tests pass an array's push. */
export type LogSink = (line: string) => void;

const stderrSink: LogSink = (line) => console.error(line);

/** Creates a logger for `component` that shows debug lines up to `verbosity`. */
export function createLogger(
  component: string,
  verbosity = 0,
  sink: LogSink = stderrSink,
  bound: LogFields = {},
): Logger {
  const emit = (level: string, message: string, fields: LogFields = {}) => {
    const pairs = Object.entries({ ...bound, ...fields })
      .map(([key, value]) => `${key}=${formatValue(value)}`);
    sink([new Date().toISOString(), level, component, JSON.stringify(message), ...pairs].join(" "));
  };
  return {
    info: (message, fields) => emit("INFO", message, fields),
    warn: (message, fields) => emit("WARN", message, fields),
    error: (message, fields) => emit("ERROR", message, fields),
    debug: (level, message, fields) => {
      if (level <= verbosity) emit(`DEBUG${level}`, message, fields);
    },
    with: (fields) => createLogger(component, verbosity, sink, { ...bound, ...fields }),
  };
}

/** Quotes values that would otherwise be ambiguous in a `key=value` line. */
function formatValue(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(value.message);
  if (typeof value === "string") return /^[\w.:/@-]+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) {
    return String(value);
  }
  if (value === undefined) return "undefined";
  return JSON.stringify(value);
}
