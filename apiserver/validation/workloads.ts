/**
 * Validation of pods and the controllers that template them (a subset of Kubernetes'
 * pkg/apis/core/validation with the same field paths and messages): containers present, named
 * uniquely as DNS labels, with an image; ports in range and unique by name; restart policies;
 * a controller's selector must select its template's labels, and RC templates restart Always.
 *
 * @module
 */
import { Selector } from "../../api/labels.ts";
import {
  duplicate,
  type FieldError,
  invalid,
  isDNS1123Label,
  isValidPortNum,
  notSupported,
  required,
} from "../../api/validation.ts";
import type { ApiObject } from "../rest/metadata.ts";

interface ContainerLike {
  name?: string;
  image?: string;
  ports?: { name?: string; containerPort?: number; hostPort?: number; protocol?: string }[];
}

interface PodSpecLike {
  containers?: ContainerLike[];
  initContainers?: ContainerLike[];
  restartPolicy?: string;
  nodeName?: string;
}

function validateContainers(
  list: ContainerLike[] | undefined,
  path: string,
  names: Set<string>,
  requireOne: boolean,
): FieldError[] {
  const errors: FieldError[] = [];
  if (requireOne && (list ?? []).length === 0) errors.push(required(path, ""));
  (list ?? []).forEach((container, i) => {
    const at = `${path}[${i}]`;
    const name = container.name ?? "";
    if (name === "") errors.push(required(`${at}.name`, ""));
    else {
      for (const message of isDNS1123Label(name)) errors.push(invalid(`${at}.name`, name, message));
      if (names.has(name)) errors.push(duplicate(`${at}.name`, name));
      names.add(name);
    }
    if (!container.image || container.image.trim() === "") errors.push(required(`${at}.image`, ""));
    const portNames = new Set<string>();
    (container.ports ?? []).forEach((port, j) => {
      const portAt = `${at}.ports[${j}]`;
      for (const message of isValidPortNum(port.containerPort ?? 0)) {
        errors.push(invalid(`${portAt}.containerPort`, port.containerPort ?? 0, message));
      }
      if (port.hostPort !== undefined && port.hostPort !== 0) {
        for (const message of isValidPortNum(port.hostPort)) {
          errors.push(invalid(`${portAt}.hostPort`, port.hostPort, message));
        }
      }
      if (port.name) {
        if (portNames.has(port.name)) errors.push(duplicate(`${portAt}.name`, port.name));
        portNames.add(port.name);
      }
    });
  });
  return errors;
}

/** Field errors of a pod spec at `path` ("spec" for a pod, "spec.template.spec" for a controller). */
export function validatePodSpec(
  spec: PodSpecLike | undefined,
  path: string,
  restartPolicies: readonly string[],
): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  errors.push(...validateContainers(spec?.containers, `${path}.containers`, names, true));
  errors.push(...validateContainers(spec?.initContainers, `${path}.initContainers`, names, false));
  const policy = spec?.restartPolicy ?? "Always";
  if (!restartPolicies.includes(policy)) {
    errors.push(notSupported(`${path}.restartPolicy`, policy, restartPolicies));
  }
  return errors;
}

/** Pods: the spec; on update, the spec may only change in the fields Kubernetes allows. */
export function validatePod(object: ApiObject, old?: ApiObject): FieldError[] {
  const spec = object.spec as PodSpecLike | undefined;
  const errors = validatePodSpec(spec, "spec", ["Always", "OnFailure", "Never"]);
  if (old !== undefined) {
    const oldSpec = old.spec as PodSpecLike | undefined;
    // Only images (and a few fields kubeno does not serve yet) may change in a pod's spec.
    const strip = (s: PodSpecLike | undefined) => ({
      ...s,
      containers: (s?.containers ?? []).map((c) => ({ ...c, image: undefined })),
      initContainers: (s?.initContainers ?? []).map((c) => ({ ...c, image: undefined })),
      activeDeadlineSeconds: undefined,
      tolerations: undefined,
    });
    if (JSON.stringify(strip(spec)) !== JSON.stringify(strip(oldSpec))) {
      errors.push(
        invalid(
          "spec",
          "",
          "Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations)",
        ),
      );
    }
  }
  return errors;
}

interface ControllerSpecLike {
  replicas?: number;
  selector?: Record<string, string> | {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
  };
  template?: { metadata?: { labels?: Record<string, string> }; spec?: PodSpecLike };
}

/** ReplicationControllers (map selector, Always restarts) and apps/v1 controllers (LabelSelector). */
export function validateController(kind: string, object: ApiObject, old?: ApiObject): FieldError[] {
  const spec = (object.spec ?? {}) as ControllerSpecLike;
  const errors: FieldError[] = [];
  if (spec.replicas !== undefined && spec.replicas < 0) {
    errors.push(invalid("spec.replicas", spec.replicas, "must be greater than or equal to 0"));
  }
  const templateLabels = spec.template?.metadata?.labels ?? {};
  let selector: Selector | undefined;
  if (kind === "ReplicationController") {
    const map = (spec.selector ?? templateLabels) as Record<string, string>;
    if (Object.keys(map).length === 0) errors.push(required("spec.selector", ""));
    else selector = Selector.fromSet(map);
  } else {
    const ls = spec.selector as {
      matchLabels?: Record<string, string>;
      matchExpressions?: unknown[];
    } | undefined;
    if (
      ls === undefined ||
      (Object.keys(ls.matchLabels ?? {}).length === 0 && (ls.matchExpressions ?? []).length === 0)
    ) {
      errors.push(required("spec.selector", ""));
    } else {
      try {
        selector = Selector.fromSet(ls.matchLabels ?? {});
      } catch {
        // reported by the shape check
      }
    }
  }
  if (spec.template === undefined) errors.push(required("spec.template", ""));
  else {
    if (selector !== undefined && !selector.matches(templateLabels)) {
      errors.push(
        invalid(
          "spec.template.metadata.labels",
          templateLabels,
          "`selector` does not match template `labels`",
        ),
      );
    }
    const policies =
      kind === "ReplicationController" || kind === "Deployment" || kind === "ReplicaSet"
        ? ["Always"]
        : ["Always", "OnFailure", "Never"];
    errors.push(...validatePodSpec(spec.template.spec, "spec.template.spec", policies));
  }
  if (old !== undefined && kind !== "ReplicationController") {
    const oldSelector = (old.spec as ControllerSpecLike | undefined)?.selector;
    if (JSON.stringify(oldSelector ?? null) !== JSON.stringify(spec.selector ?? null)) {
      errors.push(invalid("spec.selector", spec.selector ?? {}, "field is immutable"));
    }
  }
  return errors;
}
