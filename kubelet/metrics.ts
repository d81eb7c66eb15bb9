/**
 * The kubelet's /metrics: what runs on this node (pods by phase, containers by state, restarts),
 * computed from the pods bound to it at scrape time, plus counters of the runtime's events
 * (containers started, killed, probe failures, back-offs) as they happen.
 *
 * @module
 */
import { type MetricFamily, renderPrometheus } from "../cli/prometheus.ts";
import type { PodEvent, RuntimeListener } from "./pod_runtime.ts";

/** The parts of a pod's status the metrics read. */
export interface PodForMetrics {
  readonly status?: unknown;
}

interface StatusShape {
  phase?: string;
  containerStatuses?: {
    restartCount?: number;
    state?: { running?: unknown; waiting?: unknown; terminated?: unknown };
  }[];
}

/** Counts runtime events and renders the node's metrics. */
export class KubeletMetrics implements RuntimeListener {
  readonly #nodeName: string;
  readonly #pods: () => readonly PodForMetrics[];
  /** `type\u0000reason` → count. */
  readonly #events = new Map<string, number>();

  /** `pods` lists the pods bound to this node (the agent's cache). */
  constructor(nodeName: string, pods: () => readonly PodForMetrics[]) {
    this.#nodeName = nodeName;
    this.#pods = pods;
  }

  /** Counts a runtime event (a {@link RuntimeListener} callback). */
  event(event: PodEvent): void {
    const key = `${event.type}\u0000${event.reason}`;
    this.#events.set(key, (this.#events.get(key) ?? 0) + 1);
  }

  /** The metrics as Prometheus text. */
  render(): string {
    const phases = new Map<string, number>();
    const states = new Map<string, number>([["running", 0], ["waiting", 0], ["exited", 0]]);
    let restarts = 0;
    for (const pod of this.#pods()) {
      const status = (pod.status ?? {}) as StatusShape;
      const phase = status.phase ?? "Pending";
      phases.set(phase, (phases.get(phase) ?? 0) + 1);
      for (const container of status.containerStatuses ?? []) {
        restarts += container.restartCount ?? 0;
        const state = container.state?.running !== undefined
          ? "running"
          : container.state?.terminated !== undefined
          ? "exited"
          : "waiting";
        states.set(state, (states.get(state) ?? 0) + 1);
      }
    }
    const families: MetricFamily[] = [
      {
        name: "kubelet_node_name",
        help: "The node's name. The count is always 1.",
        type: "gauge",
        samples: [{ labels: { node: this.#nodeName }, value: 1 }],
      },
      {
        name: "kubelet_running_pods",
        help: "Number of pods bound to this node whose phase is Running.",
        type: "gauge",
        samples: [{ labels: {}, value: phases.get("Running") ?? 0 }],
      },
      {
        name: "kubeno_kubelet_pods",
        help: "Number of pods bound to this node, by phase.",
        type: "gauge",
        samples: [...phases].sort().map(([phase, value]) => ({ labels: { phase }, value })),
      },
      {
        name: "kubelet_running_containers",
        help: "Number of containers of this node's pods, by state.",
        type: "gauge",
        samples: [...states].map(([state, value]) => ({
          labels: { container_state: state },
          value,
        })),
      },
      {
        name: "kubeno_kubelet_container_restarts",
        help: "Sum of the restart counts of this node's containers.",
        type: "gauge",
        samples: [{ labels: {}, value: restarts }],
      },
      {
        name: "kubeno_kubelet_runtime_events_total",
        help: "Pod runtime events (Started, Killing, Unhealthy, BackOff...) by type and reason.",
        type: "counter",
        samples: [...this.#events].sort().map(([key, value]) => {
          const [type = "", reason = ""] = key.split("\u0000");
          return { labels: { type, reason }, value };
        }),
      },
    ];
    return renderPrometheus(families);
  }
}
