/**
 * `deno run controllers/main.ts`: the same as `kubeno controllers`.
 *
 * @module
 */
import { run } from "./mod.ts";

if (import.meta.main) {
  Deno.exit(await run(Deno.args));
}
