/**
 * `/v3/watch`: one HTTP exchange carries one watch stream, as with etcd's gateway. The request
 * body is a sequence of JSON WatchRequests (create, cancel, progress), read as they arrive;
 * the answer is a never-ending sequence of `{"result":WatchResponse}` lines until the client
 * goes away, when every watcher of the stream is cancelled.
 *
 * etcd's behaviours reproduced: watch ids per stream (0, 1, ... or the client's `watch_id`;
 * a duplicate gets `watch_id` -1 and a cancel reason); `created` carries the current
 * revision; PUT events without `type`; a watcher cancelled by compaction answers
 * `compact_revision` with no revision and no reason; `cancel_request` answers `canceled`;
 * `progress_request` answers `watch_id` -1; periodic progress notifications only to watchers
 * with `progress_notify` that got no events during the last interval. Unlike etcd (bug
 * #15220), a progress revision is never ahead of the events sent: it comes from
 * `WatchStream.requestProgress()` after the pending responses are written.
 *
 * A client that does not read is not buffered for: the response stream's queue is bounded and
 * while it is full nothing is taken from the watchers, whose bounded buffers then cancel them
 * (with a reason) instead of growing.
 *
 * @module
 */

import type { StoreBackend, WatchStream } from "../backend.ts";
import type { WatchResponse } from "../mvcc/mod.ts";
import { JsonValueReader } from "./body_reader.ts";
import { CORS_HEADERS, firstRequestError, logFailure, toGatewayError, UNKNOWN } from "./errors.ts";
import { GoJsonSyntaxError, type JsonNode } from "./go_json.ts";
import { currentRevision, type ResolvedOptions } from "./options.ts";
import { decodeWatchRequest, type WatchCreate, type WatchStreamRequest } from "./request_codec.ts";
import {
  encodeHeader,
  encodeWatchResponse,
  streamLine,
  type WatchResult,
} from "./response_codec.ts";

/** etcd's cancel reason for a `watch_id` already in use on the stream. */
export const DUPLICATE_WATCH_ID_REASON = "mvcc: duplicate watch ID provided on the WatchStream";
/** The watch id etcd answers with when no watcher is meant (progress, failed create). */
export const INVALID_WATCH_ID = -1;
/** Lines the response stream buffers before the watchers are left to hold what comes. */
const STREAM_HIGH_WATER_MARK = 16;
/** Responses taken from one watcher per turn, so one busy watcher does not starve others. */
const TAKE_PER_TURN = 64;

interface Entry {
  readonly stream: WatchStream;
  readonly progressNotify: boolean;
  /** Events were sent since the last progress tick (etcd: no notification then). */
  sentSinceTick: boolean;
  /** A `wait()` is outstanding. */
  armed: boolean;
}

const encoder = new TextEncoder();

/**
 * Serves `/v3/watch`. A malformed first request is answered with an error (as etcd's
 * gateway does); a later malformed one stops reading the body but keeps the stream.
 */
export async function handleWatch(
  backend: StoreBackend,
  request: Request,
  options: ResolvedOptions,
): Promise<Response> {
  const reader = new JsonValueReader(request.body, options.maxBodyBytes);
  let first: WatchStreamRequest | undefined;
  try {
    const node = await reader.next();
    if (node !== undefined) first = decodeWatchRequest(node);
  } catch (error) {
    await reader.close();
    options.logger?.debug(2, "watch request rejected", { error });
    return firstRequestError(error);
  }
  const session = new WatchSession(backend, reader, options, first);
  return new Response(session.body, {
    status: 200,
    headers: { ...CORS_HEADERS, "content-type": "application/json" },
  });
}

/** One watch stream: its watchers, the body it reads and the lines it writes. */
class WatchSession {
  readonly body: ReadableStream<Uint8Array>;
  readonly #backend: StoreBackend;
  readonly #reader: JsonValueReader;
  readonly #options: ResolvedOptions;
  readonly #signal: AbortSignal | undefined;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  readonly #watchers = new Map<number, Entry>();
  #nextId = 0;
  readonly #requests: WatchStreamRequest[] = [];
  #woken = false;
  #wake: (() => void) | undefined;
  #closed = false;
  #blocked = false;
  #timer: ReturnType<typeof setInterval> | undefined;
  #progressDue = false;
  readonly #onAbort = () => this.close();

  constructor(
    backend: StoreBackend,
    reader: JsonValueReader,
    options: ResolvedOptions,
    first: WatchStreamRequest | undefined,
  ) {
    this.#backend = backend;
    this.#reader = reader;
    this.#options = options;
    this.body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.#controller = controller;
      },
      pull: () => {
        if (this.#blocked) this.#wakeUp();
      },
      cancel: () => this.close(),
    }, new CountQueuingStrategy({ highWaterMark: STREAM_HIGH_WATER_MARK }));
    if (first !== undefined) this.#requests.push(first);
    // The client going away cancels `body`; the server shutting down aborts `options.signal`.
    this.#signal = options.signal;
    this.#signal?.addEventListener("abort", this.#onAbort);
    if (this.#signal?.aborted) {
      this.close();
      return;
    }
    void this.#readLoop();
    void this.#run();
  }

  #wakeUp(): void {
    this.#woken = true;
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #sleep(): Promise<void> {
    if (this.#woken || this.#closed) {
      this.#woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.#wake = () => {
        this.#woken = false;
        resolve();
      };
    });
  }

  /** Reads further requests from the body; a malformed one stops the reading, as in etcd. */
  async #readLoop(): Promise<void> {
    try {
      for (;;) {
        const node: JsonNode | undefined = await this.#reader.next();
        if (node === undefined || this.#closed) return;
        this.#requests.push(decodeWatchRequest(node));
        this.#wakeUp();
      }
    } catch (error) {
      if (!this.#closed) {
        const known = error instanceof GoJsonSyntaxError || toGatewayError(error).code !== UNKNOWN;
        if (known) this.#options.logger?.debug(2, "watch request rejected", { error });
        else this.#options.logger?.warn("watch stream body failed", { error });
      }
      await this.#reader.close();
    }
  }

  async #run(): Promise<void> {
    try {
      while (!this.#closed) {
        this.#blocked = (this.#controller.desiredSize ?? 1) <= 0;
        if (!this.#blocked) this.#drainAll();
        if (this.#progressDue) {
          this.#progressDue = false;
          this.#sendProgress();
        }
        while (this.#requests.length > 0 && !this.#closed) {
          await this.#handle(this.#requests.shift()!);
        }
        if (this.#closed) break;
        await this.#sleep();
      }
    } catch (error) {
      this.#options.logger?.error("watch stream failed", { error });
      this.close();
    }
  }

  #write(result: WatchResult): void {
    if (this.#closed) return;
    try {
      this.#controller.enqueue(encoder.encode(streamLine(encodeWatchResponse(result))));
    } catch {
      this.close(); // the client went away
    }
  }

  #header(revision: number): string {
    return encodeHeader(this.#backend.header(), revision);
  }

  /** Writes what each watcher has ready and re-arms its wake-up. */
  #drainAll(): void {
    for (const [id, entry] of this.#watchers) {
      for (const resp of entry.stream.take(TAKE_PER_TURN)) this.#writeResponse(id, entry, resp);
      if (this.#watchers.get(id) !== entry || entry.armed) continue;
      entry.armed = true;
      entry.stream.wait().then(() => {
        entry.armed = false;
        this.#wakeUp();
      });
    }
  }

  #writeResponse(id: number, entry: Entry, resp: WatchResponse): void {
    if (resp.canceled) {
      this.#watchers.delete(id);
      if (resp.compactRevision !== undefined && resp.compactRevision > 0) {
        // etcd: no revision and no reason, only the compaction revision.
        this.#write({
          header: this.#header(0),
          watchId: id,
          canceled: true,
          compactRevision: resp.compactRevision,
        });
      } else {
        this.#write({
          header: this.#header(resp.header.revision),
          watchId: id,
          canceled: true,
          ...(resp.cancelReason === undefined ? {} : { cancelReason: resp.cancelReason }),
        });
      }
      return;
    }
    if (resp.events.length === 0) return;
    entry.sentSinceTick = true;
    this.#write({ header: this.#header(resp.header.revision), watchId: id, events: resp.events });
  }

  /** Serves one request of the stream; a failure fails that request, not the stream. */
  async #handle(req: WatchStreamRequest): Promise<void> {
    try {
      if ("create" in req) await this.#create(req.create);
      else if ("cancel" in req) await this.#cancel(req.cancel.watchId);
      else if ("progress" in req) await this.#progressRequest();
    } catch (error) {
      logFailure(this.#options.logger, "/v3/watch", error);
      if ("create" in req) {
        this.#write({
          header: this.#header(0),
          watchId: INVALID_WATCH_ID,
          created: true,
          canceled: true,
          cancelReason: toGatewayError(error).message,
        });
      }
    }
  }

  async #create(create: WatchCreate): Promise<void> {
    const revision = await currentRevision(this.#backend);
    if (this.#closed) return;
    const failed = (reason: string) =>
      this.#write({
        header: this.#header(revision),
        watchId: INVALID_WATCH_ID,
        created: true,
        canceled: true,
        cancelReason: reason,
      });
    let id = create.watchId;
    if (id !== 0 && this.#watchers.has(id)) return failed(DUPLICATE_WATCH_ID_REASON);
    let stream: WatchStream;
    try {
      stream = this.#backend.watch(create.request);
    } catch (error) {
      logFailure(this.#options.logger, "/v3/watch", error);
      return failed(toGatewayError(error).message);
    }
    if (id === 0) {
      while (this.#watchers.has(this.#nextId)) this.#nextId++;
      id = this.#nextId++;
    }
    this.#write({ header: this.#header(revision), watchId: id, created: true });
    const progressNotify = create.request.progressNotify ?? false;
    this.#watchers.set(id, { stream, progressNotify, sentSinceTick: false, armed: false });
    if (progressNotify && this.#timer === undefined) {
      this.#timer = setInterval(() => {
        this.#progressDue = true;
        this.#wakeUp();
      }, this.#options.progressIntervalMs);
    }
    this.#wakeUp();
  }

  async #cancel(id: number): Promise<void> {
    const entry = this.#watchers.get(id);
    if (entry === undefined) return;
    entry.stream.cancel();
    this.#watchers.delete(id);
    const revision = await currentRevision(this.#backend);
    this.#write({ header: this.#header(revision), watchId: id, canceled: true });
  }

  async #progressRequest(): Promise<void> {
    if (!this.#blocked) this.#drainAll();
    let revision = Infinity;
    for (const entry of this.#watchers.values()) {
      revision = Math.min(revision, entry.stream.requestProgress());
    }
    if (revision === Infinity) revision = await currentRevision(this.#backend);
    this.#write({ header: this.#header(revision), watchId: INVALID_WATCH_ID });
  }

  /** A tick: notifies progress-notify watchers that got no events since the last tick. */
  #sendProgress(): void {
    for (const [id, entry] of this.#watchers) {
      if (!entry.progressNotify) continue;
      if (entry.sentSinceTick) {
        entry.sentSinceTick = false;
        continue;
      }
      this.#write({ header: this.#header(entry.stream.requestProgress()), watchId: id });
    }
  }

  /** Ends the stream: cancels every watcher, stops reading, closes the answer. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    for (const entry of this.#watchers.values()) entry.stream.cancel();
    this.#watchers.clear();
    this.#signal?.removeEventListener("abort", this.#onAbort);
    // At shutdown, a client still sending its body would hold the connection (and the
    // server's graceful shutdown) open: failing the answer drops the connection instead.
    const drop = this.#signal?.aborted === true && !this.#reader.ended;
    void this.#reader.close();
    try {
      if (drop) this.#controller.error(new Error("the server is shutting down"));
      else this.#controller.close();
    } catch {
      // already closed or cancelled by the client
    }
    this.#wakeUp();
  }
}
