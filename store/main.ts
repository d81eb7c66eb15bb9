/**
 * `deno run store/main.ts`: the same as `kubeno store`.
 *
 * @module
 */
import { run } from "./mod.ts";

if (import.meta.main) {
  Deno.exit(await run(Deno.args));
}
