/**
 * Pod create strategy: a new pod's status is what kube-apiserver gives it (phase Pending and
 * its QoS class), whatever the client sent; the kubelet owns status from then on.
 *
 * @module
 */
import { Quantity } from "../../api/quantity.ts";
import type { ApiObject } from "../rest/metadata.ts";
import type { KindHooks } from "../rest/resources.ts";

/** The QoS class Kubernetes derives from container requests and limits. */
export type QosClass = "Guaranteed" | "Burstable" | "BestEffort";

interface ContainerResources {
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
}

const TRACKED = ["cpu", "memory"] as const;

function quantity(value: unknown): Quantity | undefined {
  return typeof value === "string" || typeof value === "number"
    ? Quantity.tryParse(String(value))
    : undefined;
}

/**
 * Kubernetes' `GetPodQOS`: BestEffort when no container requests or limits cpu or memory;
 * Guaranteed when every container limits both and requests (defaulting to limits) equal the
 * limits; Burstable otherwise. Init containers count like app containers.
 */
export function podQosClass(spec: {
  containers?: ContainerResources[];
  initContainers?: ContainerResources[];
}): QosClass {
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const container of containers) {
    const requests = container.resources?.requests ?? {};
    const limits = container.resources?.limits ?? {};
    for (const name of TRACKED) {
      const request = quantity(requests[name]);
      const limit = quantity(limits[name]);
      if (
        (request !== undefined && !request.isZero()) || (limit !== undefined && !limit.isZero())
      ) {
        any = true;
      }
      if (limit === undefined || limit.isZero()) guaranteed = false;
      else if (request !== undefined && !request.equals(limit)) guaranteed = false;
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

/** Admission hooks for pods. */
export function podHooks(): KindHooks {
  return {
    admitCreate: (object: ApiObject) => {
      const spec = (object.spec ?? {}) as Parameters<typeof podQosClass>[0];
      (object as { status?: unknown }).status = { phase: "Pending", qosClass: podQosClass(spec) };
      return Promise.resolve();
    },
  };
}
