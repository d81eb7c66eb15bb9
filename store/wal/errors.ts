/**
 * Typed errors of the write-ahead log and the snapshot store. Misuse of the API (bad indexes,
 * out-of-order entries) is a `RangeError`/`TypeError` instead; these are the domain failures a
 * caller may want to tell apart.
 *
 * @module
 */

/** Base class of every WAL and snapshot-store domain error. */
export class WalError extends Error {
  /**
   * A WAL error; `name` is the concrete class's name.
   *
   * @param message a complete message starting with "wal: " or "snap: "
   * @param options the standard error options (`cause`)
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A record or segment on disk is damaged in a way that a crash cannot explain (a checksum
 * mismatch followed by valid data, damage in a segment that is not the last one, a broken
 * chain of segments). The log is refused rather than silently shortened: acknowledged data
 * would be lost.
 */
export class WalCorruptionError extends WalError {
  /** The segment file name (no directory). */
  readonly file: string;
  /** Byte offset of the damaged record in `file`, when the damage has a position. */
  readonly offset: number | undefined;
  /** What is wrong, e.g. "crc mismatch". */
  readonly reason: string;

  /**
   * "wal: corrupted record at FILE offset N: REASON" (or "wal: corrupted segment FILE: REASON").
   *
   * @param file segment file name
   * @param offset byte offset of the damaged record, or undefined for a whole-file problem
   * @param reason short description
   */
  constructor(file: string, offset: number | undefined, reason: string) {
    super(
      offset === undefined
        ? `wal: corrupted segment ${file}: ${reason}`
        : `wal: corrupted record at ${file} offset ${offset}: ${reason}`,
    );
    this.file = file;
    this.offset = offset;
    this.reason = reason;
  }
}

/** `Wal.open` found no segment in the directory. */
export class WalNotFoundError extends WalError {
  /** The directory searched. */
  readonly dir: string;

  /**
   * "wal: no write-ahead log in DIR".
   *
   * @param dir the directory searched
   */
  constructor(dir: string) {
    super(`wal: no write-ahead log in ${dir}`);
    this.dir = dir;
  }
}

/** `Wal.create` found segments already in the directory. */
export class WalExistsError extends WalError {
  /** The directory that already holds a log. */
  readonly dir: string;

  /**
   * "wal: a write-ahead log already exists in DIR".
   *
   * @param dir the directory that already holds a log
   */
  constructor(dir: string) {
    super(`wal: a write-ahead log already exists in ${dir}`);
    this.dir = dir;
  }
}

/** An operation on a closed WAL. */
export class WalClosedError extends WalError {
  /** "wal: closed". */
  constructor() {
    super("wal: closed");
  }
}

/**
 * A write, fsync or segment rotation failed. The on-disk state after a failed fsync is
 * unknown, so the WAL refuses every later save; reopen it to recover from what is durable.
 */
export class WalFailedError extends WalError {
  /**
   * "wal: failed after an I/O error: CAUSE".
   *
   * @param cause the underlying I/O error (kept as `cause`)
   */
  constructor(cause: unknown) {
    super(`wal: failed after an I/O error: ${cause instanceof Error ? cause.message : cause}`, {
      cause,
    });
  }
}

/** `Wal.open` was asked to start at a snapshot for which the log holds no marker. */
export class WalSnapshotNotFoundError extends WalError {
  /** The requested snapshot index. */
  readonly index: number;
  /** The requested snapshot term. */
  readonly term: number;

  /**
   * "wal: no snapshot marker for index I term T".
   *
   * @param index the requested snapshot index
   * @param term the requested snapshot term
   */
  constructor(index: number, term: number) {
    super(`wal: no snapshot marker for index ${index} term ${term}`);
    this.index = index;
    this.term = term;
  }
}

/** A snapshot file failed its checksum or could not be decoded. */
export class SnapshotCorruptionError extends WalError {
  /** The snapshot file name. */
  readonly file: string;
  /** What is wrong. */
  readonly reason: string;

  /**
   * "snap: corrupted snapshot FILE: REASON".
   *
   * @param file snapshot file name
   * @param reason what is wrong
   */
  constructor(file: string, reason: string) {
    super(`snap: corrupted snapshot ${file}: ${reason}`);
    this.file = file;
    this.reason = reason;
  }
}

/** No (valid) snapshot file exists for the request. */
export class SnapshotNotFoundError extends WalError {
  /**
   * "snap: no snapshot found (WHAT)".
   *
   * @param what a description of the request, e.g. "index 5 term 2"
   */
  constructor(what: string) {
    super(`snap: no snapshot found (${what})`);
  }
}
