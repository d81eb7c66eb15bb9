/**
 * The replication controller (after kube-controller-manager's): keeps `spec.replicas` pods
 * matching each core/v1 ReplicationController's map selector. The algorithm (expectations,
 * slow-start creates, adoption and release, status) is the one ReplicaSets use, in
 * `replica_core.ts`.
 *
 * @module
 */
import type { Logger } from "../cli/log.ts";
import type { SharedInformers } from "../client/mod.ts";
import { mapSelectorOf, ReplicaController, type ReplicaKind } from "./replica_core.ts";

/** ReplicationControllers: core/v1, `spec.selector` a label map. */
export const REPLICATION_CONTROLLER_KIND: ReplicaKind = {
  apiVersion: "v1",
  kind: "ReplicationController",
  resource: { group: "", version: "v1", resource: "replicationcontrollers", namespaced: true },
  component: "replication-controller",
  selectorOf: mapSelectorOf,
};

/** Keeps ReplicationControllers' pods at their replica counts. */
export class ReplicationController extends ReplicaController {
  constructor(informers: SharedInformers, logger?: Logger) {
    super(informers, REPLICATION_CONTROLLER_KIND, logger);
  }
}
