/**
 * What to do about a pod's init containers, like the kubelet's computeInitContainerActions for
 * classic (non-sidecar) init containers: they run one at a time in spec order, each to
 * completion, in the current sandbox; a failed one is restarted (restartPolicy Always acts as
 * OnFailure for them) unless the pod's restartPolicy is Never, which fails the pod; the app
 * containers start only when every init container has succeeded. Pure.
 *
 * A pod whose app containers already run in the sandbox counts as initialized even if the init
 * containers' instances are gone, so they are never run again beside running app containers
 * (that is also what a restarted kubelet finds and adopts).
 *
 * @module
 */
import { hasExited, instancesOf, type ObservedContainer } from "./pod_status.ts";
import type { ContainerLike, PodSpecLike } from "./pod_types.ts";

/** The next step of a pod's initialization. */
export type InitAction =
  /** Every init container succeeded (or there are none): run the app containers. */
  | { readonly kind: "done" }
  /** The init container runs (or is created, or waits for a restart): wait for it. */
  | { readonly kind: "run"; readonly container: ContainerLike }
  /** An init container failed and restartPolicy Never forbids a retry: the pod has failed. */
  | { readonly kind: "failed"; readonly container: ContainerLike };

/** The restart policy init containers follow under the pod's restartPolicy. */
export function initRestartPolicy(podRestartPolicy: string | undefined): "OnFailure" | "Never" {
  return podRestartPolicy === "Never" ? "Never" : "OnFailure";
}

/**
 * The next init step given the instances Docker holds (any sandbox; only those of `sandboxId`
 * count).
 */
export function nextInitAction(
  spec: PodSpecLike,
  observed: readonly ObservedContainer[],
  sandboxId: string,
): InitAction {
  const inits = spec.initContainers ?? [];
  if (inits.length === 0) return { kind: "done" };
  const inSandbox = observed.filter((c) => c.sandboxId === sandboxId);
  const appNames = new Set(spec.containers.map((c) => c.name));
  if (inSandbox.some((c) => appNames.has(c.name))) return { kind: "done" };
  for (const container of inits) {
    const latest = instancesOf(inSandbox, container.name)[0];
    if (latest === undefined || !hasExited(latest)) return { kind: "run", container };
    if (latest.exitCode === 0) continue;
    if (initRestartPolicy(spec.restartPolicy) === "Never") return { kind: "failed", container };
    return { kind: "run", container };
  }
  return { kind: "done" };
}
