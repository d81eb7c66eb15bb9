/**
 * Reading request bodies: a whole body with a size cap (unary calls), or a stream of JSON
 * values one by one as they arrive (watch and keepalive streams, which etcd's gateway reads
 * with one `json.Decoder` per request body).
 *
 * @module
 */

import { type JsonNode, readJsonValue } from "./go_json.ts";
import { MessageTooLargeError } from "./errors.ts";

/**
 * Reads `body` whole; throws {@link MessageTooLargeError} (after cancelling the body) once it
 * passes `maxBytes`.
 */
export async function readBody(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<Uint8Array> {
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        throw new MessageTooLargeError(total, maxBytes);
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * Successive JSON values of a request body, parsed as soon as each is complete. A value that
 * would take more than `maxBytes` of buffer is a {@link MessageTooLargeError}; malformed JSON
 * a `GoJsonSyntaxError`.
 */
export class JsonValueReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  readonly #maxBytes: number;
  #buf = new Uint8Array(0);
  #pos = 0;
  #done: boolean;
  #closed = false;

  /** Reads from `body` (null: an empty body). */
  constructor(body: ReadableStream<Uint8Array> | null, maxBytes: number) {
    this.#reader = body?.getReader();
    this.#done = body === null;
    this.#maxBytes = maxBytes;
  }

  /** The next value; undefined at the end of the body. */
  async next(): Promise<JsonNode | undefined> {
    for (;;) {
      if (this.#closed) return undefined;
      const result = readJsonValue(this.#buf, this.#pos, this.#done);
      if (result.kind === "value") {
        this.#pos = result.end;
        return result.node;
      }
      if (result.kind === "eof") return undefined;
      await this.#fill();
    }
  }

  async #fill(): Promise<void> {
    const { value, done } = await this.#reader!.read();
    if (done) {
      this.#done = true;
      return;
    }
    const rest = this.#buf.subarray(this.#pos);
    if (rest.length + value.length > this.#maxBytes) {
      throw new MessageTooLargeError(rest.length + value.length, this.#maxBytes);
    }
    const next = new Uint8Array(rest.length + value.length);
    next.set(rest);
    next.set(value, rest.length);
    this.#buf = next;
    this.#pos = 0;
  }

  /** Whether the client has finished sending the body. */
  get ended(): boolean {
    return this.#done;
  }

  /** Stops reading: cancels the body (pending `next()` calls end). Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#reader?.cancel().catch(() => {});
  }
}
