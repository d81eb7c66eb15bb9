/**
 * `deno run scheduler/main.ts`: the same as `kubeno scheduler`.
 *
 * @module
 */
import { run } from "./mod.ts";

if (import.meta.main) {
  Deno.exit(await run(Deno.args));
}
