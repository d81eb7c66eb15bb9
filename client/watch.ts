/**
 * Watch streams: newline-delimited `{"type","object"}` events read as an async iterable. An
 * ERROR event carrying a Status ends the stream with an {@link ApiStatusError} (410 Expired
 * means: relist).
 *
 * @module
 */
import { type ApiClient, ApiStatusError } from "./http.ts";

/** One watch event. */
export interface WatchEvent<T> {
  readonly type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK";
  readonly object: T;
}

/** Streams the events of a watch request until the server ends it or `signal` aborts. */
export async function* watchStream<T>(
  api: ApiClient,
  path: string,
  query: Readonly<Record<string, string | undefined>>,
  signal?: AbortSignal,
): AsyncGenerator<WatchEvent<T>> {
  const response = await api.fetch("GET", path, {
    query,
    ...(signal === undefined ? {} : { signal }),
  });
  if (response.body === null) return;
  const reader = response.body.getReader();
  const onAbort = () => reader.cancel().catch(() => {});
  signal?.addEventListener("abort", onAbort, { once: true });
  const decoder = new TextDecoder();
  let pending = "";
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (signal?.aborted) return;
        throw error;
      }
      if (chunk.done) return;
      pending += decoder.decode(chunk.value, { stream: true });
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        if (line.trim() === "") continue;
        const event = JSON.parse(line) as { type: string; object: Record<string, unknown> };
        if (event.type === "ERROR") {
          throw new ApiStatusError(Number(event.object.code ?? 500), event.object);
        }
        yield event as unknown as WatchEvent<T>;
      }
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await reader.cancel().catch(() => {});
  }
}
