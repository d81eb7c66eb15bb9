/**
 * Prepares this machine for running pods: a Docker engine that answers and the local test
 * images, by running the project's setup scripts (shared with the test command).
 *
 * @module
 */

/** A setup script failed; the message is the script's own one-line explanation. */
export class HostSetupError extends Error {
  override name = "HostSetupError";
}

const scriptsDir = new URL("../scripts/", import.meta.url);

/** Runs one setup script, passing its stderr through, and throws on failure. */
async function runScript(name: string): Promise<void> {
  const path = new URL(name, scriptsDir).pathname;
  const { code, stderr } = await new Deno.Command("bash", {
    args: [path],
    stdin: "null",
    stdout: "inherit",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(stderr).trim();
  if (code !== 0) {
    const lastLine = text.split("\n").at(-1) ?? "";
    throw new HostSetupError(lastLine === "" ? `${name} failed with exit code ${code}` : lastLine);
  }
  if (text !== "") console.error(text);
}

/** Makes sure a Docker engine answers, installing or starting it when this user can. */
export function ensureDocker(): Promise<void> {
  return runScript("ensure_docker.sh");
}

/** Builds kubeno/pause and kubeno/busybox when missing or out of date (starts Docker first). */
export function ensureImages(): Promise<void> {
  return runScript("build_images.sh");
}
