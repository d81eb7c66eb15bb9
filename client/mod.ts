/**
 * The typed API client every component uses: HTTP client with server failover, typed
 * resources, watch streams, informers (and shared ones, one per resource), a keyed work queue
 * with rate-limited retry, and leader election on Leases.
 *
 * @module
 */
export { SERVER_FLAGS } from "./flags.ts";
export * from "./http.ts";
export * from "./resources.ts";
export * from "./watch.ts";
export * from "./informer.ts";
export * from "./shared_informers.ts";
export * from "./work_queue.ts";
export * from "./event_recorder.ts";
export * from "./leader_election.ts";
