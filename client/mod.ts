/**
 * The typed API client every component uses: HTTP client, watch, informers, work queue and
 * leader election.
 *
 * @module
 */
export { SERVER_FLAGS } from "./flags.ts";
