/**
 * `deno task bench`: runs every benchmark under bench/ (files named `*_bench.ts`, each a script
 * that prints its figures beside its anchor's), one after the other, or the ones named on the
 * command line.
 *
 * @module
 */

const benchDir = new URL("./", import.meta.url);

/** The benchmark files to run: those named in `args`, else every `*_bench.ts` here. */
async function benchmarks(args: readonly string[]): Promise<string[]> {
  if (args.length > 0) return [...args];
  const names: string[] = [];
  for await (const entry of Deno.readDir(benchDir)) {
    if (entry.isFile && entry.name.endsWith("_bench.ts")) names.push(entry.name);
  }
  return names.sort();
}

if (import.meta.main) {
  const names = await benchmarks(Deno.args);
  if (names.length === 0) console.log("bench: no benchmarks under bench/ yet");
  let failed = 0;
  for (const name of names) {
    console.log(`bench: ${name}`);
    const { code } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", new URL(name, benchDir).pathname],
      stdin: "null",
    }).spawn().status;
    if (code !== 0) failed++;
  }
  Deno.exit(failed === 0 ? 0 : 1);
}
