/**
 * kubeno as a library: the command-line plumbing and the components' entry points. The API
 * types and the typed client join this surface as they land.
 *
 * @module
 */
export * as cli from "./cli/mod.ts";
export * as client from "./client/mod.ts";
export { main } from "./main.ts";
