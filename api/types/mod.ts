/**
 * The API object definitions: meta/v1, core/v1, apps/v1, batch/v1, coordination.k8s.io/v1,
 * discovery.k8s.io/v1, autoscaling/v1 and authentication.k8s.io/v1 schemas with their inferred
 * TypeScript types, and the registry of served kinds. Pure: no I/O.
 *
 * @module
 */
export * from "./meta_v1.ts";
export * from "./core_v1_common.ts";
export * from "./core_v1_volume.ts";
export * from "./core_v1_container.ts";
export * from "./core_v1_affinity.ts";
export * from "./core_v1_pod.ts";
export * from "./core_v1_service.ts";
export * from "./core_v1_endpoints.ts";
export * from "./core_v1_replication_controller.ts";
export * from "./core_v1_node.ts";
export * from "./core_v1_namespace.ts";
export * from "./core_v1_event.ts";
export * from "./core_v1_config.ts";
export * from "./core_v1_service_account.ts";
export * from "./core_v1_binding.ts";
export * from "./apps_v1.ts";
export * from "./coordination_v1.ts";
export * from "./discovery_v1.ts";
export * from "./autoscaling_v1.ts";
export * from "./batch_v1.ts";
export * from "./authentication_v1.ts";
export * from "./image.ts";
export * from "./registry.ts";
