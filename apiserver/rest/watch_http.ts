/**
 * Watch over HTTP as kube-apiserver streams it: a chunked body of newline-delimited
 * `{"type":"ADDED|MODIFIED|DELETED|BOOKMARK|ERROR","object":{...}}` lines, served from the
 * watch cache; BOOKMARK events when asked for; a too-old resourceVersion is an ERROR event
 * carrying a 410 Expired Status (HTTP 200, as Kubernetes does); the stream ends after
 * `timeoutSeconds` or when the client goes away.
 *
 * @module
 */
import { ApiError } from "../errors.ts";
import { statusFor } from "../status.ts";
import type { CacheWatcher, WatchCache } from "../storage/watch_cache.ts";
import type { ApiObject } from "./metadata.ts";
import { toTable } from "./table.ts";

/** What a watch response needs. */
export interface WatchParams {
  readonly request: Request;
  readonly cache: WatchCache<ApiObject>;
  /** 0: the current objects as ADDED first; else after this revision. */
  readonly fromRevision: number;
  readonly filter: (object: ApiObject) => boolean;
  /** When set, each object travels as a one-row Table of this resource. */
  readonly table: string | undefined;
  readonly bookmarks: boolean;
  readonly bookmarkMs: number;
  readonly timeoutMs: number;
  /** Adds apiVersion and kind. */
  readonly typed: (object: ApiObject) => ApiObject;
  /** The object of a BOOKMARK event at `revision`. */
  readonly bookmarkObject: (revision: number) => unknown;
}

const encoder = new TextEncoder();

/**
 * Each cache event encoded once, however many watchers send it (kube-apiserver's cachingObject):
 * the cache hands the same event object to every watcher of its resource, and the encoding
 * (typed object, no Table) is the same for all of them. Entries go with their events.
 */
const encodedEvents = new WeakMap<object, Uint8Array>();

/** Starts a watch and returns its streaming response. */
export function watchResponse(params: WatchParams): Response {
  let watcher: CacheWatcher<ApiObject> | undefined;
  let startError: ApiError | undefined;
  try {
    watcher = params.cache.watch(params.fromRevision, params.filter);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    startError = error;
  }
  const done = new AbortController();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (type: string, object: unknown) => {
        controller.enqueue(encoder.encode(JSON.stringify({ type, object }) + "\n"));
      };
      if (startError !== undefined || watcher === undefined) {
        send("ERROR", statusFor(startError));
        controller.close();
        return;
      }
      const timeout = setTimeout(() => done.abort(), params.timeoutMs);
      const bookmark = params.bookmarks
        ? setInterval(() => {
          try {
            send("BOOKMARK", params.bookmarkObject(watcher!.bookmarkRevision()));
          } catch {
            done.abort();
          }
        }, params.bookmarkMs)
        : undefined;
      params.request.signal.addEventListener("abort", () => done.abort(), { once: true });
      try {
        for (;;) {
          const events = await watcher.next(done.signal);
          if (events === undefined) break;
          for (const event of events) {
            if (params.table === undefined) {
              let bytes = encodedEvents.get(event);
              if (bytes === undefined) {
                const line = JSON.stringify({
                  type: event.type,
                  object: params.typed(event.object),
                });
                bytes = encoder.encode(line + "\n");
                encodedEvents.set(event, bytes);
              }
              controller.enqueue(bytes);
              continue;
            }
            const object = params.typed(event.object);
            send(
              event.type,
              toTable(params.table, [object], { resourceVersion: object.metadata.resourceVersion }),
            );
          }
        }
        controller.close();
      } catch {
        // the client went away
      } finally {
        clearTimeout(timeout);
        clearInterval(bookmark);
        watcher.close();
      }
    },
    cancel() {
      done.abort();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "application/json",
      "transfer-encoding": "chunked",
      "cache-control": "no-cache, private",
    },
  });
}
