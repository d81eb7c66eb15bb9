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
  async put(key: string, value: string): Promise<number> {
    const answer = await this.call<{ header: ResponseHeader }>("/v3/kv/put", {
      key: b64(key),
      value: b64(value),
    });
    return Number(answer.header.revision);
  }

  /** Reads one key (linearizable unless `serializable`); undefined when absent. */
  async get(key: string, serializable = false): Promise<string | undefined> {
    const answer = await this.call<{ kvs?: { value?: string }[] }>("/v3/kv/range", {
      key: b64(key),
      ...(serializable ? { serializable: true } : {}),
    });
    const kv = answer.kvs?.[0];
    return kv === undefined ? undefined : unb64(kv.value ?? "");
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
   * Watches a prefix from the next revision, calling `onEvent(key, value)` per PUT event until
   * `signal` aborts. Resolves once the watch is created, to a handle whose `done` settles when
   * the stream ends. (A handle, not a bare promise: an async function's returned promise would
   * be flattened into its own and only resolve when the watch ends.)
   */
  async watchPrefix(
    prefix: string,
    onEvent: (key: string, value: string) => void,
    signal: AbortSignal,
  ): Promise<{ done: Promise<void> }> {
    const end = prefixEnd(prefix);
    const response = await fetch(`${this.endpoint}/v3/watch`, {
      method: "POST",
      body: JSON.stringify({ create_request: { key: b64(prefix), range_end: b64(end) } }),
      signal,
    });
    if (!response.ok || response.body === null) {
      throw new GatewayError(response.status, `/v3/watch: ${await response.text()}`);
    }
    const lines = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(splitLines());
    const reader = lines.getReader();
    // Cancelling the reader ends the stream at once; an aborted fetch alone may leave a read
    // pending behind the pipe.
    signal.addEventListener("abort", () => reader.cancel().catch(() => {}), { once: true });
    const first = await reader.read(); // the "created" answer
    if (first.done) throw new GatewayError(0, "/v3/watch: stream ended before created");
    const done = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          const message = JSON.parse(value) as {
            result?: { events?: { type?: string; kv: { key: string; value?: string } }[] };
          };
          for (const event of message.result?.events ?? []) {
            if (event.type === undefined || event.type === "PUT") {
              onEvent(unb64(event.kv.key), unb64(event.kv.value ?? ""));
            }
          }
        }
      } catch (error) {
        if (!signal.aborted) throw error;
      }
    })();
    return { done };
  }
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

/** Splits a text stream into non-empty lines. */
function splitLines(): TransformStream<string, string> {
  let pending = "";
  return new TransformStream({
    transform(chunk, controller) {
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) if (line.trim() !== "") controller.enqueue(line);
    },
    flush(controller) {
      if (pending.trim() !== "") controller.enqueue(pending);
    },
  });
}
