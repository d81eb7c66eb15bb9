/**
 * `/metrics` in the Prometheus text format: request counts and latency histograms by verb and
 * resource, named and labelled as kube-apiserver's (`apiserver_request_total`,
 * `apiserver_request_duration_seconds`). Watches are counted but not timed (they are long
 * running, as in Kubernetes).
 *
 * @module
 */

/** Histogram buckets, in seconds (a subset of kube-apiserver's). */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 2, 5, 10, 30, 60];

/** The labels of one request. */
export interface RequestLabels extends Readonly<Record<string, string>> {
  readonly verb: string;
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly subresource: string;
  readonly scope: string;
  readonly code: string;
}

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

/** The API server's request metrics. */
export class ApiMetrics {
  readonly #requests = new Map<string, number>();
  readonly #durations = new Map<string, Histogram>();

  /** Records one request; `seconds` is omitted for watches. */
  record(labels: RequestLabels, seconds?: number): void {
    const key = labelText(labels);
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
    if (seconds === undefined) return;
    const { code: _code, ...rest } = labels;
    const durationKey = labelText(rest);
    const histogram = this.#durations.get(durationKey) ??
      { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
    BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) histogram.counts[i]!++;
    });
    histogram.sum += seconds;
    histogram.count++;
    this.#durations.set(durationKey, histogram);
  }

  /** The Prometheus text exposition. */
  render(): string {
    const lines = [
      "# HELP apiserver_request_total Counter of apiserver requests broken out for each verb, group, version, resource, scope, subresource and HTTP response code.",
      "# TYPE apiserver_request_total counter",
    ];
    for (const [labels, value] of [...this.#requests].sort()) {
      lines.push(`apiserver_request_total{${labels}} ${value}`);
    }
    lines.push(
      "# HELP apiserver_request_duration_seconds Response latency distribution in seconds for each verb, group, version, resource, subresource and scope.",
      "# TYPE apiserver_request_duration_seconds histogram",
    );
    for (const [labels, histogram] of [...this.#durations].sort(([a], [b]) => a.localeCompare(b))) {
      BUCKETS.forEach((bound, i) => {
        lines.push(
          `apiserver_request_duration_seconds_bucket{${labels},le="${bound}"} ${
            histogram.counts[i]
          }`,
        );
      });
      lines.push(
        `apiserver_request_duration_seconds_bucket{${labels},le="+Inf"} ${histogram.count}`,
      );
      lines.push(`apiserver_request_duration_seconds_sum{${labels}} ${histogram.sum}`);
      lines.push(`apiserver_request_duration_seconds_count{${labels}} ${histogram.count}`);
    }
    return lines.join("\n") + "\n";
  }
}

function labelText(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels).sort()
    .map((key) => `${key}="${labels[key]!.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)
    .join(",");
}
