/**
 * Kubernetes objects in the revisioned store, as kube-apiserver keeps them in etcd: one key per
 * object (`/registry/<resource>/<namespace>/<name>`), the store's revision as the object's
 * resourceVersion, compare-and-swap on the key's mod revision for updates and deletes, ranges
 * with continue tokens for paged lists, and the store's watch turned into
 * ADDED/MODIFIED/DELETED events.
 *
 * Objects are stored as JSON without `metadata.resourceVersion`; it is filled in on every read
 * from the key's mod revision, so it can never disagree with the store.
 *
 * @module
 */
import { cloneJson } from "../../api/json.ts";
import type { StoreBackend, WatchStream } from "../../store/backend.ts";
import {
  CompactedError,
  type KeyValue,
  prefixEnd,
  type RangeResponse,
  StoreError,
  type TxnResponse,
} from "../../store/mvcc/mod.ts";
import {
  alreadyExists,
  ApiError,
  badRequest,
  conflict,
  expired,
  internalError,
  notFound,
  type ResourceRef,
  storeTimeout,
  unavailable,
} from "../errors.ts";

/** The part of an object the store looks at. */
export interface StoredObject {
  metadata: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** A page of objects and the revision the list reflects. */
export interface ListPage<T> {
  readonly items: T[];
  /** The store revision of the list (its resourceVersion). */
  readonly revision: number;
  /** Token for the next page, when there is one. */
  readonly continue?: string;
  /** Objects left after this page, when known. */
  readonly remainingItemCount?: number;
}

/** One change seen by a watch. */
export interface ObjectEvent<T> {
  readonly type: "ADDED" | "MODIFIED" | "DELETED";
  /** The object after the change (the last state, for DELETED), resourceVersion set. */
  readonly object: T;
  /** The revision of the change. */
  readonly revision: number;
}

/** Options of a list. */
export interface ListOptions {
  /** At most this many items (0 or absent: all). */
  readonly limit?: number;
  /** A continue token from a previous page. */
  readonly continue?: string;
  /**
   * Read at this revision ("0"/absent: the newest; kube-apiserver's "exact" semantics for a
   * number when paging).
   */
  readonly revision?: number;
}

/** Preconditions of a delete. */
export interface DeletePreconditions {
  readonly uid?: string;
  readonly resourceVersion?: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/**
 * Attempts of a read-modify-write before giving up. Each failed attempt means another writer
 * succeeded, so the system as a whole progresses; the bound only stops a pathological loop.
 */
const MAX_UPDATE_ATTEMPTS = 1000;

/** The store of one API server, shared by every resource's registry. */
export class ObjectStore {
  readonly #backend: StoreBackend;

  constructor(backend: StoreBackend) {
    this.#backend = backend;
  }

  /** The store's current revision (a linearizable read). */
  async currentRevision(): Promise<number> {
    const answer = await this.#call(() =>
      this.#backend.range({ key: encoder.encode("/registry/"), countOnly: true, limit: 1 })
    );
    return answer.header.revision;
  }

  /** Reads one object. */
  async get<T extends StoredObject>(ref: ResourceRef, key: string, name: string): Promise<T> {
    const answer = await this.#call(() => this.#backend.range({ key: encoder.encode(key) }));
    const kv = answer.kvs[0];
    if (kv === undefined) throw notFound(ref, name);
    return decodeObject<T>(kv);
  }

  /** Creates an object; 409 AlreadyExists when the key is taken. */
  async create<T extends StoredObject>(ref: ResourceRef, key: string, object: T): Promise<T> {
    const bytes = encodeObject(object);
    const answer = await this.#call(() =>
      this.#backend.txn({
        compare: [{
          key: encoder.encode(key),
          target: "CREATE",
          result: "EQUAL",
          createRevision: 0,
        }],
        success: [{ requestPut: { key: encoder.encode(key), value: bytes } }],
        failure: [],
      })
    );
    if (!answer.succeeded) throw alreadyExists(ref, object.metadata.name ?? "");
    return withVersion(object, answer.header.revision);
  }

  /**
   * Replaces an object. With `expectedRevision` the write happens only if the object is still
   * at that revision (409 Conflict otherwise); without, it must merely exist (404 otherwise).
   */
  async update<T extends StoredObject>(
    ref: ResourceRef,
    key: string,
    object: T,
    expectedRevision?: number,
  ): Promise<T> {
    const name = object.metadata.name ?? "";
    const keyBytes = encoder.encode(key);
    const answer: TxnResponse = await this.#call(() =>
      this.#backend.txn({
        compare: expectedRevision === undefined
          ? [{ key: keyBytes, target: "CREATE", result: "GREATER", createRevision: 0 }]
          : [{ key: keyBytes, target: "MOD", result: "EQUAL", modRevision: expectedRevision }],
        success: [{ requestPut: { key: keyBytes, value: encodeObject(object) } }],
        failure: [{ requestRange: { key: keyBytes } }],
      })
    );
    if (!answer.succeeded) {
      const current = failureRange(answer);
      if (current === undefined) throw notFound(ref, name);
      throw conflict(ref, name);
    }
    return withVersion(object, answer.header.revision);
  }

  /**
   * Reads, transforms and writes back an object until the write lands on the version that was
   * read (kube-apiserver's GuaranteedUpdate): concurrent writers never lose each other's changes.
   * `transform` may throw an ApiError to stop; it may be called more than once.
   *
   * `cached` (a watch cache's copy, not changed here) is tried first instead of reading the
   * store; it may be stale, so whatever goes wrong with it (a conflict, a 404, an error from
   * `transform`) is retried from the store.
   */
  async guaranteedUpdate<T extends StoredObject>(
    ref: ResourceRef,
    key: string,
    name: string,
    transform: (current: T) => T | Promise<T>,
    cached?: T,
  ): Promise<T> {
    let guess = cached;
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      const fromCache = guess !== undefined;
      const current = guess ?? await this.get<T>(ref, key, name);
      guess = undefined;
      let next: T;
      try {
        next = await transform(cloneJson(current));
      } catch (error) {
        // transform's own verdict stands, unless it judged a possibly stale copy.
        if (fromCache && error instanceof ApiError) continue;
        throw error;
      }
      try {
        return await this.update(ref, key, next, Number(current.metadata.resourceVersion));
      } catch (error) {
        if (error instanceof ApiError && (fromCache || error.reason === "Conflict")) continue;
        throw error;
      }
    }
    throw conflict(ref, name, "too many concurrent writers; please try again");
  }

  /** Deletes an object, checking preconditions; resolves with its last state. */
  async delete<T extends StoredObject>(
    ref: ResourceRef,
    key: string,
    name: string,
    preconditions: DeletePreconditions = {},
  ): Promise<T> {
    const keyBytes = encoder.encode(key);
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      const current = await this.get<T>(ref, key, name);
      checkPreconditions(ref, name, current, preconditions);
      const revision = Number(current.metadata.resourceVersion);
      const answer = await this.#call(() =>
        this.#backend.txn({
          compare: [{ key: keyBytes, target: "MOD", result: "EQUAL", modRevision: revision }],
          success: [{ requestDeleteRange: { key: keyBytes } }],
          failure: [],
        })
      );
      if (answer.succeeded) return current;
      if (preconditions.resourceVersion !== undefined) throw conflict(ref, name);
    }
    throw conflict(ref, name, "too many concurrent writers; please try again");
  }

  /** Lists objects under a key prefix, a page at a time. */
  async list<T extends StoredObject>(
    prefix: string,
    options: ListOptions = {},
  ): Promise<ListPage<T>> {
    let start = prefix;
    let revision = options.revision ?? 0;
    if (options.continue !== undefined && options.continue !== "") {
      const token = decodeContinue(options.continue, prefix);
      start = token.start;
      revision = token.revision;
    }
    const limit = options.limit ?? 0;
    let answer: RangeResponse;
    try {
      answer = await this.#call(() =>
        this.#backend.range({
          key: encoder.encode(start),
          rangeEnd: prefixEnd(encoder.encode(prefix)),
          ...(limit > 0 ? { limit } : {}),
          ...(revision > 0 ? { revision } : {}),
        })
      );
    } catch (error) {
      if (error instanceof ApiError && error.reason === "Expired" && options.continue) {
        throw expired(
          "The provided continue parameter is too old to display a consistent list result. " +
            "You can start a new list without the continue parameter.",
        );
      }
      throw error;
    }
    const items = answer.kvs.map((kv) => decodeObject<T>(kv));
    const listRevision = revision > 0 ? revision : answer.header.revision;
    if (!answer.more || items.length === 0) return { items, revision: listRevision };
    const last = decoder.decode(answer.kvs[answer.kvs.length - 1]!.key);
    return {
      items,
      revision: listRevision,
      continue: encodeContinue(last + "\0", listRevision),
      remainingItemCount: answer.count - items.length,
    };
  }

  /**
   * Watches objects under a prefix from just after `fromRevision`. Events arrive in revision
   * order with no gap; a revision already compacted ends the watch with 410 Expired.
   */
  watch<T extends StoredObject>(prefix: string, fromRevision: number): ObjectWatch<T> {
    const stream = this.#backend.watch({
      key: encoder.encode(prefix),
      rangeEnd: prefixEnd(encoder.encode(prefix)),
      startRevision: fromRevision + 1,
      prevKv: true,
    });
    return new ObjectWatch<T>(stream);
  }

  /** Runs a store call, turning store errors into API errors. */
  async #call<R>(call: () => Promise<R>): Promise<R> {
    try {
      return await call();
    } catch (error) {
      throw apiErrorFromStore(error);
    }
  }
}

/** A running watch of objects. */
export class ObjectWatch<T extends StoredObject> {
  readonly #stream: WatchStream;
  #pending: ObjectEvent<T>[] = [];
  #progress = 0;
  #ended = false;
  /**
   * True while {@link next} waits for the store with nothing pending: every event it returned
   * before has been handed to (and, by the caller's loop, applied by) its consumer.
   */
  #blocked = false;

  constructor(stream: WatchStream) {
    this.#stream = stream;
  }

  /**
   * The next events (at least one), or `undefined` when the watch ended. A watch that ended
   * because its start revision was compacted throws 410 Expired.
   */
  async next(): Promise<ObjectEvent<T>[] | undefined> {
    for (;;) {
      if (this.#pending.length > 0) return this.#pending.splice(0);
      if (this.#ended) return undefined;
      this.#blocked = true;
      try {
        await this.#stream.wait();
      } finally {
        this.#blocked = false;
      }
      const responses = this.#stream.take();
      for (const response of responses) {
        if (response.compactRevision !== undefined && response.compactRevision > 0) {
          this.#ended = true;
          throw expired(`too old resource version: ${response.compactRevision}`);
        }
        for (const event of response.events) this.#pending.push(toObjectEvent<T>(event));
        this.#progress = Math.max(this.#progress, response.header.revision);
        if (response.canceled) this.#ended = true;
      }
      if (responses.length === 0 && this.#stream.canceled) this.#ended = true;
    }
  }

  /**
   * While the consumer waits in {@link next} with everything returned so far consumed: a
   * revision up to which it has seen every event of the watched range (possibly newer than the
   * last event, when nothing changed in the range since). Undefined while events are in
   * flight, or once the watch ended.
   */
  idleProgress(): number | undefined {
    if (!this.#blocked || this.#ended || this.#pending.length > 0) return undefined;
    return this.progressRevision();
  }

  /** A revision all of whose events have been returned by {@link next} (for bookmarks). */
  progressRevision(): number {
    return Math.max(this.#progress, this.#stream.requestProgress());
  }

  /** Ends the watch. */
  stop(): void {
    this.#stream.cancel();
  }
}

function toObjectEvent<T extends StoredObject>(
  event: { type: "PUT" | "DELETE"; kv: KeyValue; prevKv?: KeyValue },
): ObjectEvent<T> {
  const revision = event.kv.modRevision;
  if (event.type === "DELETE") {
    if (event.prevKv === undefined) throw internalError("delete event without the previous object");
    return {
      type: "DELETED",
      object: withVersion(decodeObject<T>(event.prevKv), revision),
      revision,
    };
  }
  const type = event.kv.createRevision === event.kv.modRevision ? "ADDED" : "MODIFIED";
  return { type, object: decodeObject<T>(event.kv), revision };
}

/** Throws 409 Conflict with Kubernetes' message when a delete precondition does not hold. */
export function checkPreconditions(
  ref: ResourceRef,
  name: string,
  current: StoredObject,
  preconditions: DeletePreconditions,
): void {
  if (preconditions.uid !== undefined && preconditions.uid !== current.metadata.uid) {
    throw conflict(
      ref,
      name,
      `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${
        current.metadata.uid ?? ""
      }`,
    );
  }
  if (
    preconditions.resourceVersion !== undefined &&
    preconditions.resourceVersion !== current.metadata.resourceVersion
  ) {
    throw conflict(
      ref,
      name,
      `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ` +
        `ResourceVersion in object meta: ${current.metadata.resourceVersion ?? ""}`,
    );
  }
}

function failureRange(answer: TxnResponse): KeyValue | undefined {
  const op = answer.responses[0];
  return op !== undefined && "responseRange" in op ? op.responseRange.kvs[0] : undefined;
}

function encodeObject(object: StoredObject): Uint8Array {
  const { resourceVersion: _dropped, ...metadata } = object.metadata;
  return encoder.encode(JSON.stringify({ ...object, metadata }));
}

function decodeObject<T extends StoredObject>(kv: KeyValue): T {
  const object = JSON.parse(decoder.decode(kv.value)) as T;
  return withVersion(object, kv.modRevision);
}

function withVersion<T extends StoredObject>(object: T, revision: number): T {
  return { ...object, metadata: { ...object.metadata, resourceVersion: String(revision) } };
}

/** kube-apiserver's continue token: base64 of {"v","rv","start"}. */
/** A continue token: where the next page starts and the revision the list is read at. */
export function encodeContinue(start: string, revision: number): string {
  return btoa(JSON.stringify({ v: "meta.k8s.io/v1", rv: revision, start }));
}

function decodeContinue(token: string, prefix: string): { start: string; revision: number } {
  try {
    const value = JSON.parse(atob(token)) as { v?: string; rv?: number; start?: string };
    if (
      value.v === "meta.k8s.io/v1" && typeof value.rv === "number" && value.rv > 0 &&
      typeof value.start === "string" && value.start.startsWith(prefix)
    ) {
      return { start: value.start, revision: value.rv };
    }
  } catch {
    // malformed: refused below
  }
  throw badRequest(`invalid continue token: ${token}`);
}

/** Maps store failures to API errors (in one place). */
export function apiErrorFromStore(error: unknown): unknown {
  if (error instanceof ApiError) return error;
  if (error instanceof CompactedError) {
    return expired(`The resourceVersion for the provided list is too old.`);
  }
  if (error instanceof StoreError) {
    if (error.code === 14) return unavailable(`store: ${error.message}`);
    if (error.code === 4) return storeTimeout(`store: ${error.message}`);
    if (error.code === 11) return expired(error.message);
    if (error.code === 8) return new ApiError("RequestEntityTooLarge", 413, error.message);
    return internalError(`store: ${error.message}`);
  }
  return error;
}
