/**
 * Waiting in end-to-end tests: poll until something holds, failing with what was awaited.
 *
 * @module
 */

/**
 * Polls `probe` until it resolves to a value (not `undefined`; a rejection counts as not yet)
 * and returns it; throws `timed out waiting for <what>` after `ms`.
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  ms = 60_000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Polls a synchronous condition until it holds (see {@link eventually}). */
export async function waitFor(
  condition: () => boolean,
  what: string,
  ms = 15_000,
  intervalMs = 25,
): Promise<void> {
  await eventually(() => Promise.resolve(condition() ? true : undefined), what, ms, intervalMs);
}

/**
 * Removes every container a test's kubelet node left behind (labelled `io.kubeno.node`), so a
 * failed test never leaks containers.
 */
export async function removeNodeContainers(node: string): Promise<void> {
  const left = await new Deno.Command("docker", {
    args: ["ps", "-aq", "--filter", `label=io.kubeno.node=${node}`],
    stdin: "null",
  }).output();
  const ids = new TextDecoder().decode(left.stdout).trim().split("\n").filter((id) => id !== "");
  if (ids.length > 0) {
    await new Deno.Command("docker", { args: ["rm", "-f", ...ids], stdin: "null" }).output();
  }
}
