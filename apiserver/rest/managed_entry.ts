/**
 * One `metadata.managedFields` entry as the write path handles it: its field set is decoded
 * from the stored FieldsV1 trie only when it has to change, and an entry whose fields did not
 * change is written back with the trie it was read with. Most writes (a kubelet's status
 * update, a controller's patch) change fields their manager already owns, so they neither
 * decode nor re-encode any trie.
 *
 * Invariant: while an entry is not dirty, its stored trie holds exactly its field set.
 *
 * @module
 */
import {
  type FieldsV1,
  fromFieldsV1,
  pathOfKey,
  toFieldsV1,
  trieHas,
} from "../../api/schema/field_set.ts";

/**
 * "" for the main resource, else the subresource's name ("status", "scale") an entry was
 * written through.
 */
export type Subresource = string;

/** Who owns a set of fields, and through which operation. */
export interface EntryIdentity {
  manager: string;
  operation: "Apply" | "Update";
  apiVersion: string;
  time?: string;
  subresource: Subresource;
}

/** A managedFields entry: its identity and field set (path keys of api/schema/field_set.ts). */
export class ManagedEntry implements EntryIdentity {
  manager: string;
  operation: "Apply" | "Update";
  apiVersion: string;
  time?: string;
  subresource: Subresource;
  /** The trie as read; meaningful only while not {@link #dirty}. */
  readonly #stored: FieldsV1 | undefined;
  #fields: Set<string> | undefined;
  #dirty: boolean;

  /**
   * An entry with `stored` as its fields. `trusted` says the trie was written by this server
   * (canonical), so it may be written back as is; a client's trie is always re-encoded.
   */
  constructor(identity: EntryIdentity, stored?: FieldsV1, trusted = false) {
    this.manager = identity.manager;
    this.operation = identity.operation;
    this.apiVersion = identity.apiVersion;
    if (identity.time !== undefined) this.time = identity.time;
    this.subresource = identity.subresource;
    this.#stored = stored;
    // A client's trie is decoded at once: what it holds (not its keys) decides emptiness.
    this.#fields = stored === undefined ? new Set() : trusted ? undefined : fromFieldsV1(stored);
    this.#dirty = stored === undefined || !trusted;
  }

  /** The field set (decoded on first use). Change it only through this class's methods. */
  get fields(): ReadonlySet<string> {
    return this.#decoded();
  }

  /** True when the entry owns the field `key` (whose path elements are `path`, if known). */
  has(key: string, path?: readonly string[]): boolean {
    if (this.#fields !== undefined) return this.#fields.has(key);
    return trieHas(this.#stored!, path ?? pathOfKey(key));
  }

  /** Gives up `key` (a no-op when not owned). */
  delete(key: string, path?: readonly string[]): void {
    if (!this.has(key, path)) return;
    this.#decoded().delete(key);
    this.#dirty = true;
  }

  /** Takes `key` (a no-op when already owned). */
  add(key: string, path?: readonly string[]): void {
    if (this.has(key, path)) return;
    this.#decoded().add(key);
    this.#dirty = true;
  }

  /** Owns exactly `keys` from now on. */
  replace(keys: Iterable<string>): void {
    this.#fields = new Set(keys);
    this.#dirty = true;
  }

  /** True when it owns nothing (such entries are dropped). */
  get empty(): boolean {
    if (this.#fields !== undefined) return this.#fields.size === 0;
    return Object.keys(this.#stored!).length === 0;
  }

  /** The FieldsV1 trie to store: the one read when nothing changed. */
  fieldsV1(): FieldsV1 {
    return this.#dirty ? toFieldsV1(this.#decoded()) : this.#stored!;
  }

  #decoded(): Set<string> {
    this.#fields ??= fromFieldsV1(this.#stored);
    return this.#fields;
  }
}

/**
 * The entries of a managedFields list; malformed items are skipped. `trusted`: the list was
 * stored by this server (see {@link ManagedEntry}).
 */
export function decodeEntries(raw: unknown, trusted: boolean): ManagedEntry[] {
  if (!Array.isArray(raw)) return [];
  const entries: ManagedEntry[] = [];
  for (const item of raw) {
    if (item === null || typeof item !== "object") continue;
    const e = item as Record<string, unknown>;
    if (typeof e.manager !== "string") continue;
    const trie = e.fieldsV1 !== null && typeof e.fieldsV1 === "object" && !Array.isArray(e.fieldsV1)
      ? e.fieldsV1 as FieldsV1
      : {};
    entries.push(
      new ManagedEntry(
        {
          manager: e.manager,
          operation: e.operation === "Apply" ? "Apply" : "Update",
          apiVersion: typeof e.apiVersion === "string" ? e.apiVersion : "",
          ...(typeof e.time === "string" ? { time: e.time } : {}),
          subresource: typeof e.subresource === "string" ? e.subresource : "",
        },
        trie,
        trusted,
      ),
    );
  }
  return entries;
}

/** The managedFields list of `entries`, without those that own nothing. */
export function encodeEntries(entries: readonly ManagedEntry[]): unknown[] {
  return entries.filter((e) => !e.empty).map((e) => ({
    manager: e.manager,
    operation: e.operation,
    apiVersion: e.apiVersion,
    ...(e.time === undefined ? {} : { time: e.time }),
    fieldsType: "FieldsV1",
    fieldsV1: e.fieldsV1(),
    ...(e.subresource === "" ? {} : { subresource: e.subresource }),
  }));
}
