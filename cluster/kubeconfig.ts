/**
 * The kubeconfig `kubeno up` writes, so the real kubectl (and client libraries) can reach the
 * cluster: plain HTTP on loopback, no credentials (TLS and tokens come before binding any other
 * address).
 *
 * @module
 */

/** A kubeconfig for the API server at `server` (e.g. `http://127.0.0.1:6443`). */
export function kubeconfigFor(server: string, name = "kubeno"): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    `- name: ${name}`,
    "  cluster:",
    `    server: ${server}`,
    "contexts:",
    `- name: ${name}`,
    "  context:",
    `    cluster: ${name}`,
    `    user: ${name}`,
    `current-context: ${name}`,
    "users:",
    `- name: ${name}`,
    "  user: {}",
    "",
  ].join("\n");
}
