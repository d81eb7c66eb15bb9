/**
 * Service admission: ClusterIP allocation from the service CIDR (10.96.0.0/12 by default;
 * 10.96.0.1 is the `kubernetes` service's, 10.96.0.10 the DNS service's when asked for) and
 * NodePort allocation from 30000-32767, with Kubernetes' messages for conflicts.
 *
 * Allocations are derived from the services in the store (a linearizable list) under a lock in
 * this process; deleting a service frees its addresses. Several API servers allocating at the
 * same instant could pick the same address: the allocation is re-checked against the store
 * before the create, which narrows but does not close that window (a replicated allocation map
 * is future work).
 *
 * @module
 */
import { FieldError } from "../../api/validation.ts";
import { invalid } from "../rest/invalid.ts";
import type { ApiObject } from "../rest/metadata.ts";
import type { KindHooks } from "../rest/resources.ts";

interface ServicePort {
  name?: string;
  port?: number;
  nodePort?: number;
  protocol?: string;
}

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: ServicePort[];
  selector?: Record<string, string>;
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
}

/** The service CIDR and NodePort range. */
export interface ServiceRanges {
  /** First address of the CIDR, as a 32-bit number, and its size. */
  readonly cidr: string;
  readonly nodePortMin: number;
  readonly nodePortMax: number;
}

const DEFAULT_RANGES: ServiceRanges = {
  cidr: "10.96.0.0/12",
  nodePortMin: 30000,
  nodePortMax: 32767,
};

function ipToNumber(ip: string): number | undefined {
  const parts = ip.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    return undefined;
  }
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

function numberToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/**
 * The size of the static band at the bottom of a service range of `size` addresses:
 * min(max(16, size/16), 256) as in Kubernetes (KEP-3070), none when the range is too small.
 */
export function staticBand(size: number): number {
  const band = Math.min(Math.max(16, Math.floor(size / 16)), 256);
  return band >= size - 2 ? 2 : band;
}

/** Admission hooks for services; `listServices` reads every service from the store. */
export function serviceHooks(
  listServices?: () => Promise<ApiObject[]>,
  ranges: ServiceRanges = DEFAULT_RANGES,
): KindHooks & { bind(list: () => Promise<ApiObject[]>): void } {
  let list = listServices;
  let lock: Promise<void> = Promise.resolve();
  const [base, bits] = ranges.cidr.split("/");
  const start = ipToNumber(base!)!;
  const size = 2 ** (32 - Number(bits));

  const used = async () => {
    const services = list === undefined ? [] : await list();
    const ips = new Set<string>();
    const ports = new Set<number>();
    for (const svc of services) {
      const spec = (svc.spec ?? {}) as ServiceSpec;
      for (const ip of spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])) ips.add(ip);
      for (const port of spec.ports ?? []) if (port.nodePort) ports.add(port.nodePort);
    }
    return { ips, ports };
  };

  const validate = (object: ApiObject): FieldError[] => {
    const spec = (object.spec ?? {}) as ServiceSpec;
    const errors: FieldError[] = [];
    const type = spec.type ?? "ClusterIP";
    if (!["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"].includes(type)) {
      errors.push(
        new FieldError(
          "FieldValueNotSupported",
          "spec.type",
          type,
          'supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
        ),
      );
    }
    if (type !== "ExternalName" && (spec.ports ?? []).length === 0 && spec.clusterIP !== "None") {
      errors.push(new FieldError("FieldValueRequired", "spec.ports", "", ""));
    }
    const names = new Set<string>();
    (spec.ports ?? []).forEach((port, i) => {
      if (port.port === undefined || port.port < 1 || port.port > 65535) {
        errors.push(
          new FieldError(
            "FieldValueInvalid",
            `spec.ports[${i}].port`,
            port.port ?? 0,
            "must be between 1 and 65535, inclusive",
          ),
        );
      }
      if ((spec.ports ?? []).length > 1 && !port.name) {
        errors.push(new FieldError("FieldValueRequired", `spec.ports[${i}].name`, "", ""));
      }
      if (port.name) {
        if (names.has(port.name)) {
          errors.push(
            new FieldError("FieldValueDuplicate", `spec.ports[${i}].name`, port.name, ""),
          );
        }
        names.add(port.name);
      }
      if (port.nodePort !== undefined && type === "ClusterIP") {
        errors.push(
          new FieldError(
            "FieldValueForbidden",
            `spec.ports[${i}].nodePort`,
            port.nodePort,
            "may not be used when `type` is 'ClusterIP'",
          ),
        );
      }
    });
    return errors;
  };

  const allocate = async (object: ApiObject, old: ApiObject | undefined): Promise<void> => {
    const spec = (object.spec ??= {}) as ServiceSpec;
    const name = object.metadata.name ?? "";
    const type = spec.type ?? "ClusterIP";
    const { ips, ports } = await used();
    const oldSpec = (old?.spec ?? {}) as ServiceSpec;
    for (const ip of oldSpec.clusterIPs ?? []) ips.delete(ip);
    for (const port of oldSpec.ports ?? []) if (port.nodePort) ports.delete(port.nodePort);
    if (type !== "ExternalName") {
      if (
        old !== undefined && oldSpec.clusterIP &&
        (spec.clusterIP === undefined || spec.clusterIP === "")
      ) {
        spec.clusterIP = oldSpec.clusterIP;
      }
      if (spec.clusterIP === undefined || spec.clusterIP === "") {
        // As kube-apiserver does, dynamic allocation prefers the upper part of the range and
        // leaves the lowest addresses (the static band) to services that ask for a fixed IP,
        // such as the cluster DNS at .10; the network address, .1 (the API) and the broadcast
        // address are never handed out.
        const band = staticBand(size);
        let ip: string | undefined;
        for (let i = 0; i < 64 && ip === undefined; i++) {
          const candidate = numberToIp(
            start + band + Math.floor(Math.random() * (size - 1 - band)),
          );
          if (!ips.has(candidate)) ip = candidate;
        }
        const scan = [
          [start + band, start + size - 1],
          [start + 2, start + band],
        ] as const;
        for (const [from, to] of scan) {
          for (let n = from; ip === undefined && n < to; n++) {
            if (!ips.has(numberToIp(n))) ip = numberToIp(n);
          }
        }
        if (ip === undefined) {
          throw invalid("Service", "", name, [
            new FieldError(
              "FieldValueInvalid",
              "spec.clusterIPs",
              [],
              "failed to allocate IP: range is full",
            ),
          ]);
        }
        spec.clusterIP = ip;
      } else if (spec.clusterIP !== "None" && spec.clusterIP !== oldSpec.clusterIP) {
        const n = ipToNumber(spec.clusterIP);
        if (n === undefined || n <= start || n >= start + size - 1) {
          throw invalid("Service", "", name, [
            new FieldError(
              "FieldValueInvalid",
              "spec.clusterIPs",
              [spec.clusterIP],
              `failed to allocate IP ${spec.clusterIP}: the provided IP (${spec.clusterIP}) is not in the valid range. The range of valid IPs is ${ranges.cidr}`,
            ),
          ]);
        }
        if (ips.has(spec.clusterIP)) {
          throw invalid("Service", "", name, [
            new FieldError(
              "FieldValueInvalid",
              "spec.clusterIPs",
              [spec.clusterIP],
              `failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`,
            ),
          ]);
        }
      }
      spec.clusterIPs = [spec.clusterIP];
      if (spec.clusterIP !== "None") {
        spec.ipFamilies ??= ["IPv4"];
        spec.ipFamilyPolicy ??= "SingleStack";
      }
    }
    if (type === "NodePort" || type === "LoadBalancer") {
      const errors: FieldError[] = [];
      (spec.ports ?? []).forEach((port, i) => {
        if (port.nodePort) {
          const unchanged = (oldSpec.ports ?? []).some((p) => p.nodePort === port.nodePort);
          if (port.nodePort < ranges.nodePortMin || port.nodePort > ranges.nodePortMax) {
            errors.push(
              new FieldError(
                "FieldValueInvalid",
                `spec.ports[${i}].nodePort`,
                port.nodePort,
                `provided port is not in the valid range. The range of valid ports is ${ranges.nodePortMin}-${ranges.nodePortMax}`,
              ),
            );
          } else if (ports.has(port.nodePort) && !unchanged) {
            errors.push(
              new FieldError(
                "FieldValueInvalid",
                `spec.ports[${i}].nodePort`,
                port.nodePort,
                "provided port is already allocated",
              ),
            );
          }
          ports.add(port.nodePort);
          return;
        }
        for (let attempt = 0; attempt < 10_000; attempt++) {
          const candidate = ranges.nodePortMin +
            Math.floor(Math.random() * (ranges.nodePortMax - ranges.nodePortMin + 1));
          if (!ports.has(candidate)) {
            port.nodePort = candidate;
            ports.add(candidate);
            break;
          }
        }
      });
      if (errors.length > 0) throw invalid("Service", "", name, errors);
    }
  };

  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const run = lock.then(work);
    lock = run.then(() => {}, () => {});
    return run;
  };

  return {
    bind(listFn) {
      list = listFn;
    },
    validate,
    admitCreate: (object) => serialized(() => allocate(object, undefined)),
    admitUpdate: (object, old) => serialized(() => allocate(object, old)),
  };
}
