/**
 * Container resources as the kubelet hands them to the runtime: CPU requests become cgroup CPU
 * shares (cm.MilliCPUToShares), CPU limits a CFS quota over a 100 ms period
 * (milliCPUToQuota), memory limits a hard memory limit. Pure.
 *
 * @module
 */
import { Quantity } from "../api/quantity.ts";
import type { ContainerLike } from "./pod_types.ts";

/** The smallest cgroup v1 cpu.shares value (what a BestEffort container gets). */
export const MIN_SHARES = 2;
/** The largest cgroup v1 cpu.shares value. */
export const MAX_SHARES = 262144;
/** Shares per whole CPU. */
export const SHARES_PER_CPU = 1024;
/** The CFS period, in microseconds (100 ms). */
export const QUOTA_PERIOD = 100000;
/** The smallest CFS quota, in microseconds (1 ms). */
export const MIN_QUOTA_PERIOD = 1000;

/** cpu.shares for a CPU request in millicores, like the kubelet's MilliCPUToShares. */
export function milliCpuToShares(milliCpu: number): number {
  if (milliCpu === 0) return MIN_SHARES; // the kernel's default for "unset" would be 1024
  const shares = Math.floor((milliCpu * SHARES_PER_CPU) / 1000);
  return Math.min(MAX_SHARES, Math.max(MIN_SHARES, shares));
}

/** The CFS quota (µs per `period`) for a CPU limit in millicores; 0 means no limit. */
export function milliCpuToQuota(milliCpu: number, period = QUOTA_PERIOD): number {
  if (milliCpu === 0) return 0;
  return Math.max(MIN_QUOTA_PERIOD, Math.floor((milliCpu * period) / 1000));
}

/** A quantity in millicores (`500m` -> 500, `2` -> 2000); undefined when unset. */
export function milliValue(quantity: string | undefined): number | undefined {
  return quantity === undefined ? undefined : Number(Quantity.parse(quantity).milliValue());
}

/** A quantity in whole units, rounded up (`128Mi` -> 134217728); undefined when unset. */
export function value(quantity: string | undefined): number | undefined {
  return quantity === undefined ? undefined : Number(Quantity.parse(quantity).value());
}

/** The Docker HostConfig resource fields of a container. */
export interface DockerResources {
  readonly CpuShares: number;
  readonly CpuQuota?: number;
  readonly CpuPeriod?: number;
  readonly Memory?: number;
  /** Equal to Memory: no swap on top of the limit (Kubernetes runs without swap). */
  readonly MemorySwap?: number;
}

/**
 * The container's resources for Docker, like calculateLinuxResources: shares from the CPU
 * request (from the limit when only a limit is set; the minimum when neither is), a CFS quota
 * from the CPU limit, the memory limit as Memory.
 */
export function dockerResources(container: ContainerLike): DockerResources {
  const requests = container.resources?.requests ?? {};
  const limits = container.resources?.limits ?? {};
  const cpuRequest = milliValue(requests.cpu);
  const cpuLimit = milliValue(limits.cpu);
  const shares = milliCpuToShares(cpuRequest ?? cpuLimit ?? 0);
  const out: { -readonly [K in keyof DockerResources]: DockerResources[K] } = { CpuShares: shares };
  if (cpuLimit !== undefined && cpuLimit > 0) {
    out.CpuQuota = milliCpuToQuota(cpuLimit);
    out.CpuPeriod = QUOTA_PERIOD;
  }
  const memory = value(limits.memory);
  if (memory !== undefined && memory > 0) {
    out.Memory = memory;
    out.MemorySwap = memory;
  }
  return out;
}
