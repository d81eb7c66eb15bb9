/**
 * A minimal client of etcd's v3 JSON gateway (`/v3/kv/*`, `/v3/watch`,
 * `/v3/maintenance/status`): base64 keys and values, int64 fields as strings. kubeno's store
 * serves the same subset, so one load tool drives both.
 *
 * @module
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Base64 of a UTF-8 string. */
export function b64(text: string): string {
  let binary = "";
  for (const byte of encoder.encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The UTF-8 string of a base64 value. */
export function unb64(value: string): string {
  return decoder.decode(Uint8Array.from(atob(value), (c) => c.charCodeAt(0)));
}

/** The header every gateway answer carries. */
export interface ResponseHeader {
  readonly cluster_id?: string;
  readonly member_id?: string;
  readonly revision?: string;
  readonly raft_term?: string;
}

/** The gateway answered with an error. */
export class GatewayError extends Error {
  override name = "GatewayError";
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** One endpoint (member) of a store cluster. */
export class GatewayClient {
  readonly endpoint: string;

  constructor(endpoint: string) {
    this.endpoint = endpoint.replace(/\/$/, "");
  }

  /** POSTs a JSON body to a gateway path and returns the JSON answer. */
  async call<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const response = await fetch(`${this.endpoint}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      ...(signal === undefined ? {} : { signal }),
    });
    const text = await response.text();
    if (!response.ok) throw new GatewayError(response.status, `${path}: ${text}`);
    return JSON.parse(text) as T;
  }

  /** Puts a key; resolves to the revision of the write. */
  async put(key: string, value: string, signal?: AbortSignal): Promise<number> {
    const answer = await this.call<{ header: ResponseHeader }>("/v3/kv/put", {
      key: b64(key),
      value: b64(value),
    }, signal);
    return Number(answer.header.revision);
  }

  /** Reads one key (linearizable unless `serializable`); undefined when absent. */
  async get(key: string, serializable = false, signal?: AbortSignal): Promise<string | undefined> {
    const answer = await this.call<{ kvs?: { value?: string }[] }>("/v3/kv/range", {
      key: b64(key),
      ...(serializable ? { serializable: true } : {}),
    }, signal);
    const kv = answer.kvs?.[0];
    return kv === undefined ? undefined : unb64(kv.value ?? "");
  }

  /**
   * Compare-and-set: writes `value` when `key` holds `expected` (absent when `expected` is
   * null); resolves to whether it did.
   */
  async cas(
    key: string,
    expected: string | null,
    value: string,
    signal?: AbortSignal,
  ): Promise<boolean> {
    const compare = expected === null
      ? { key: b64(key), target: "CREATE", result: "EQUAL", create_revision: "0" }
      : { key: b64(key), target: "VALUE", result: "EQUAL", value: b64(expected) };
    const answer = await this.call<{ succeeded?: boolean }>("/v3/kv/txn", {
      compare: [compare],
      success: [{ request_put: { key: b64(key), value: b64(value) } }],
    }, signal);
    return answer.succeeded === true;
  }

  /** Member status: this member's id and the leader's. */
  async status(signal?: AbortSignal): Promise<{ memberId: string; leader: string }> {
    const answer = await this.call<{ header: ResponseHeader; leader?: string }>(
      "/v3/maintenance/status",
      {},
      signal,
    );
    return { memberId: answer.header.member_id ?? "", leader: answer.leader ?? "" };
  }

  /**
   * Watches a prefix from `startRevision` (0: the next revision), calling `onEvent` for every
   * event until `signal` aborts; resolves once the watch is created, to a handle whose `done`
   * settles when the stream ends.
   */
  async watch(
    prefix: string,
    startRevision: number,
    onEvent: (event: WatchEvent) => void,
    signal: AbortSignal,
  ): Promise<{ done: Promise<void> }> {
    const response = await fetch(`${this.endpoint}/v3/watch`, {
      method: "POST",
      body: JSON.stringify({
        create_request: {
          key: b64(prefix),
          range_end: b64(prefixEnd(prefix)),
          ...(startRevision > 0 ? { start_revision: String(startRevision) } : {}),
        },
      }),
      signal,
    });
    if (!response.ok || response.body === null) {
      throw new GatewayError(response.status, `/v3/watch: ${await response.text()}`);
    }
    const reader = new LineReader(response.body);
    signal.addEventListener("abort", () => reader.cancel(), { once: true });
    const first = await reader.read(); // the "created" answer
    if (first.done) throw new GatewayError(0, "/v3/watch: stream ended before created");
    const done = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          const message = JSON.parse(value) as {
            result?: {
              canceled?: boolean;
              events?: {
                type?: string;
                kv: { key: string; value?: string; mod_revision?: string };
              }[];
            };
          };
          for (const event of message.result?.events ?? []) {
            onEvent({
              type: event.type === "DELETE" ? "DELETE" : "PUT",
              key: unb64(event.kv.key),
              value: unb64(event.kv.value ?? ""),
              modRevision: Number(event.kv.mod_revision ?? 0),
            });
          }
          if (message.result?.canceled) return;
        }
      } catch (error) {
        if (!signal.aborted) throw error;
      }
    })();
    // Marked handled: a stream that dies before the caller awaits `done` is not an unhandled
    // rejection; awaiting `done` still sees the error.
    done.catch(() => {});
    return { done };
  }

  /**
   * Watches a prefix from the next revision, calling `onEvent(key, value)` per PUT event until
   * `signal` aborts (see {@link watch}).
   */
  watchPrefix(
    prefix: string,
    onEvent: (key: string, value: string) => void,
    signal: AbortSignal,
  ): Promise<{ done: Promise<void> }> {
    return this.watch(prefix, 0, (event) => {
      if (event.type === "PUT") onEvent(event.key, event.value);
    }, signal);
  }
}

/** One watch event as {@link GatewayClient.watch} reports it. */
export interface WatchEvent {
  readonly type: "PUT" | "DELETE";
  readonly key: string;
  readonly value: string;
  readonly modRevision: number;
}

/** The range end that selects every key with `prefix`. */
export function prefixEnd(prefix: string): string {
  const bytes = encoder.encode(prefix);
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i]! < 0xff) {
      bytes[i]!++;
      return decoder.decode(bytes.subarray(0, i + 1));
    }
  }
  return "\0";
}

/**
 * Reads non-empty lines from a byte stream. Reads the body directly (no pipes), so a
 * connection that dies surfaces as a rejected `read()`, never as a stray rejection.
 */
class LineReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();
  #pending = "";
  #lines: string[] = [];

  constructor(body: ReadableStream<Uint8Array>) {
    this.#reader = body.getReader();
  }

  /** The next line, or done at the end of the stream. */
  async read(): Promise<{ value: string; done: false } | { value: undefined; done: true }> {
    for (;;) {
      const line = this.#lines.shift();
      if (line !== undefined) return { value: line, done: false };
      const { value, done } = await this.#reader.read();
      if (done) {
        const rest = this.#pending.trim();
        this.#pending = "";
        return rest === "" ? { value: undefined, done: true } : { value: rest, done: false };
      }
      this.#pending += this.#decoder.decode(value, { stream: true });
      const parts = this.#pending.split("\n");
      this.#pending = parts.pop() ?? "";
      this.#lines.push(...parts.filter((part) => part.trim() !== ""));
    }
  }

  /** Ends the stream; a pending read resolves as done. */
  cancel(): void {
    this.#reader.cancel().catch(() => {});
  }
}
