/**
 * `deno run kubelet/main.ts`: the same as `kubeno kubelet`.
 *
 * @module
 */
import { run } from "./mod.ts";

if (import.meta.main) {
  Deno.exit(await run(Deno.args));
}
