/**
 * `deno run proxy/main.ts`: the same as `kubeno proxy`.
 *
 * @module
 */
import { run } from "./mod.ts";

if (import.meta.main) {
  Deno.exit(await run(Deno.args));
}
