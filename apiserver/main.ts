/**
 * `deno run apiserver/main.ts`: the same as `kubeno apiserver`.
 *
 * @module
 */
import { run } from "./mod.ts";

if (import.meta.main) {
  Deno.exit(await run(Deno.args));
}
