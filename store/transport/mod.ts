/**
 * Raft traffic between masters: framed, batched, pipelined TCP streams with cluster checks.
 *
 * @module
 */
export * from "./frame.ts";
export * from "./transport.ts";
