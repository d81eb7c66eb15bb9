/**
 * The answer of a component whose implementation has not landed yet: its flags are parsed and
 * validated like the real thing (they are a contract), then it says so in one line and fails.
 *
 * @module
 */

/** Prints that `component` is not built yet and returns exit code 1. */
export function notBuiltYet(component: string): Promise<number> {
  console.error(`kubeno ${component}: not built yet in this version of kubeno`);
  return Promise.resolve(1);
}
