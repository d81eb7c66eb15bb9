/**
 * `/v3/lease/keepalive`: the body is a sequence of JSON `{"ID":...}` objects, each answered
 * with one `{"result":{"header":...,"ID":...,"TTL":...}}` line as soon as it arrives (`TTL`
 * omitted — 0 — when the lease does not exist). As with etcd's gateway: an empty body is an
 * empty answer; a malformed first request is an UNKNOWN error (HTTP 500); a malformed later
 * one ends the stream after the answers before it; a store error is written as grpc-gateway's
 * stream error chunk and ends the stream (as the whole answer, with its HTTP status, when it
 * is the first).
 *
 * @module
 */

import type { StoreBackend } from "../backend.ts";
import { JsonValueReader } from "./body_reader.ts";
import { CORS_HEADERS, firstRequestError, streamErrorChunk, toGatewayError } from "./errors.ts";
import { currentRevision, type ResolvedOptions } from "./options.ts";
import { decodeLeaseId } from "./request_codec.ts";
import { encodeHeader, encodeLeaseKeepAliveResponse, streamLine } from "./response_codec.ts";

const encoder = new TextEncoder();
const HEADERS = { ...CORS_HEADERS, "content-type": "application/json" };

async function keepAliveLine(backend: StoreBackend, id: number): Promise<string> {
  const result = await backend.leaseKeepAlive(id);
  const header = encodeHeader(backend.header(), await currentRevision(backend));
  return streamLine(encodeLeaseKeepAliveResponse(result, header));
}

/** Serves `/v3/lease/keepalive`. */
export async function handleLeaseKeepAlive(
  backend: StoreBackend,
  request: Request,
  options: ResolvedOptions,
): Promise<Response> {
  const reader = new JsonValueReader(request.body, options.maxBodyBytes);
  let id: number;
  try {
    const node = await reader.next();
    if (node === undefined) {
      await reader.close();
      return new Response(null, { status: 200, headers: HEADERS });
    }
    id = decodeLeaseId(node);
  } catch (error) {
    await reader.close();
    options.logger?.debug(2, "keepalive request rejected", { error });
    return firstRequestError(error);
  }
  let firstLine: string;
  try {
    firstLine = await keepAliveLine(backend, id);
  } catch (error) {
    await reader.close();
    options.logger?.debug(2, "keepalive failed", { error });
    const info = toGatewayError(error);
    return new Response(streamErrorChunk(info), { status: info.httpStatus, headers: HEADERS });
  }

  let closed = false;
  // The client going away cancels `body`; the server shutting down aborts `options.signal`.
  const signal = options.signal;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const finish = () => {
    if (closed) return;
    closed = true;
    signal?.removeEventListener("abort", finish);
    // At shutdown, a client still sending its body would hold the connection (and the
    // server's graceful shutdown) open: failing the answer drops the connection instead.
    const drop = signal?.aborted === true && !reader.ended;
    void reader.close();
    try {
      if (drop) controller.error(new Error("the server is shutting down"));
      else controller.close();
    } catch {
      // cancelled by the client
    }
  };
  const write = (text: string) => {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      finish();
    }
  };
  const body = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c;
    },
    cancel: finish,
  });
  signal?.addEventListener("abort", finish);
  write(firstLine);
  if (signal?.aborted) finish();

  void (async () => {
    try {
      while (!closed) {
        let next: number;
        try {
          const node = await reader.next();
          if (node === undefined) break;
          next = decodeLeaseId(node);
        } catch (error) {
          options.logger?.debug(2, "keepalive request rejected", { error });
          break; // like etcd's gateway: stop sending, the stream ends
        }
        try {
          write(await keepAliveLine(backend, next));
        } catch (error) {
          options.logger?.debug(2, "keepalive failed", { error });
          write(streamErrorChunk(toGatewayError(error)));
          break;
        }
      }
    } finally {
      finish();
    }
  })();
  return new Response(body, { status: 200, headers: HEADERS });
}
