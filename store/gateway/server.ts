/**
 * The client API's HTTP server: {@link serveGateway} serves etcd's v3 JSON gateway for a store
 * backend with `Deno.serve`, and shuts down cleanly (open watch and keepalive streams are
 * ended first, so a graceful shutdown does not wait for them forever).
 *
 * @module
 */

import type { StoreBackend } from "../backend.ts";
import { errorResponse } from "./errors.ts";
import type { GatewayOptions } from "./options.ts";
import { handleGatewayRequest } from "./routes.ts";

/** Where and how to serve. */
export interface ServeGatewayOptions extends GatewayOptions {
  /** Address to listen on (default 127.0.0.1). */
  readonly hostname?: string;
  /** Port to listen on; 0 picks a free one (see {@link GatewayServer.addr}). */
  readonly port: number;
}

/** A running gateway. */
export interface GatewayServer {
  /** The address it listens on. */
  readonly addr: Deno.NetAddr;
  /** Its base URL, e.g. `http://127.0.0.1:2379`. */
  readonly url: string;
  /** Ends every open stream, then stops the server once in-flight requests are answered. */
  shutdown(): Promise<void>;
  /** Settles when the server has stopped. */
  readonly finished: Promise<void>;
}

/** Serves the client API of `backend` over HTTP until {@link GatewayServer.shutdown}. */
export function serveGateway(backend: StoreBackend, options: ServeGatewayOptions): GatewayServer {
  const streams = new AbortController();
  const signal = options.signal === undefined
    ? streams.signal
    : AbortSignal.any([streams.signal, options.signal]);
  const handlerOptions: GatewayOptions = { ...options, signal };
  const logger = options.logger;
  const server = Deno.serve({
    hostname: options.hostname ?? "127.0.0.1",
    port: options.port,
    onListen: () => {},
    onError: (error) => {
      logger?.error("request failed unexpectedly", { error });
      return errorResponse(error);
    },
  }, (request) => handleGatewayRequest(backend, request, handlerOptions));
  const addr = server.addr;
  const host = addr.hostname.includes(":") ? `[${addr.hostname}]` : addr.hostname;
  logger?.info("store client API listening", { address: `${host}:${addr.port}` });
  let stopping: Promise<void> | undefined;
  return {
    addr,
    url: `http://${host}:${addr.port}`,
    finished: server.finished,
    shutdown() {
      stopping ??= (async () => {
        streams.abort();
        await server.shutdown();
        logger?.info("store client API stopped", { address: `${host}:${addr.port}` });
      })();
      return stopping;
    },
  };
}
