/**
 * The ReplicaSet controller (after kube-controller-manager's): keeps `spec.replicas` pods
 * matching each apps/v1 ReplicaSet's LabelSelector (matchLabels and matchExpressions). The
 * algorithm is the replication controller's, in `replica_core.ts`; Deployments drive
 * ReplicaSets by setting their `spec.replicas`.
 *
 * @module
 */
import type { Logger } from "../cli/log.ts";
import type { SharedInformers } from "../client/mod.ts";
import { labelSelectorOf, ReplicaController, type ReplicaKind } from "./replica_core.ts";

/** ReplicaSets: apps/v1, `spec.selector` a meta/v1 LabelSelector. */
export const REPLICA_SET_KIND: ReplicaKind = {
  apiVersion: "apps/v1",
  kind: "ReplicaSet",
  resource: { group: "apps", version: "v1", resource: "replicasets", namespaced: true },
  component: "replicaset-controller",
  selectorOf: labelSelectorOf,
};

/** Keeps ReplicaSets' pods at their replica counts. */
export class ReplicaSetController extends ReplicaController {
  constructor(informers: SharedInformers, logger?: Logger) {
    super(informers, REPLICA_SET_KIND, logger);
  }
}
