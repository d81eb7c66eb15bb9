/**
 * `/version`: which Kubernetes release kubeno's API corresponds to. `/usr/bin/kubectl` on these
 * machines picks its kubectl.1.NN binary by the minor version reported here; 1.32 keeps
 * kubectl 1.31 to 1.33 within the supported skew of one minor version.
 *
 * @module
 */

/** The Kubernetes version kubeno serves the API of. */
export const KUBERNETES_VERSION = { major: "1", minor: "32", patch: "0" } as const;

/** kubeno's own version, appended to gitVersion. */
export const KUBENO_VERSION = "0.1.0";

/** The body of `GET /version` (k8s.io/apimachinery/pkg/version.Info). */
export function versionInfo(): Record<string, string> {
  const { major, minor, patch } = KUBERNETES_VERSION;
  return {
    major,
    minor,
    gitVersion: `v${major}.${minor}.${patch}+kubeno-${KUBENO_VERSION}`,
    gitCommit: "kubeno",
    gitTreeState: "clean",
    buildDate: "2026-11-25T00:00:00Z",
    goVersion: `deno${Deno.version.deno}`,
    compiler: "deno",
    platform: `${Deno.build.os}/${Deno.build.arch === "x86_64" ? "amd64" : Deno.build.arch}`,
  };
}
