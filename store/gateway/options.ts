/**
 * Options of the client API shared by the request handlers and the server.
 *
 * @module
 */

import type { Logger } from "../../cli/log.ts";
import type { StoreBackend } from "../backend.ts";
import { DEFAULT_MAX_REQUEST_BYTES, GRPC_OVERHEAD_BYTES } from "./request_size.ts";

/** etcd's default interval of watch progress notifications: 10 minutes. */
export const DEFAULT_PROGRESS_INTERVAL_MS = 10 * 60 * 1000;

/** How the gateway serves requests. */
export interface GatewayOptions {
  /** Where request failures (other than store errors) and stream events are logged. */
  readonly logger?: Logger;
  /** Interval of progress notifications to watchers that asked for them (default 10 min). */
  readonly progressIntervalMs?: number;
  /** etcd's `--max-request-bytes` (default 1.5 MiB). */
  readonly maxRequestBytes?: number;
  /** When aborted, open streams (watch, keepalive) end: used by the server's shutdown. */
  readonly signal?: AbortSignal;
}

/** {@link GatewayOptions} with defaults applied. */
export interface ResolvedOptions {
  /** See {@link GatewayOptions.logger}. */
  readonly logger: Logger | undefined;
  /** See {@link GatewayOptions.progressIntervalMs}. */
  readonly progressIntervalMs: number;
  /** See {@link GatewayOptions.maxRequestBytes}. */
  readonly maxRequestBytes: number;
  /** The largest request body read: generous over gRPC's limit for JSON and base64. */
  readonly maxBodyBytes: number;
  /** See {@link GatewayOptions.signal}. */
  readonly signal: AbortSignal | undefined;
}

/** Applies the defaults and checks the values. */
export function resolveOptions(options: GatewayOptions = {}): ResolvedOptions {
  const progressIntervalMs = options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS;
  const maxRequestBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  if (!(progressIntervalMs > 0)) throw new RangeError("progressIntervalMs must be positive");
  if (!(maxRequestBytes > 0)) throw new RangeError("maxRequestBytes must be positive");
  return {
    logger: options.logger,
    progressIntervalMs,
    maxRequestBytes,
    maxBodyBytes: 2 * (maxRequestBytes + GRPC_OVERHEAD_BYTES) + 64 * 1024,
    signal: options.signal,
  };
}

/** The current revision of a backend's member (for headers of answers without one). */
export async function currentRevision(backend: StoreBackend): Promise<number> {
  return (await backend.status()).header.revision;
}
