/**
 * `/metrics` in the Prometheus text format: request counts and latency histograms by verb and
 * resource, named and labelled as kube-apiserver's (`apiserver_request_total`,
 * `apiserver_request_duration_seconds`). Watches are counted but not timed (they are long
 * running, as in Kubernetes).
 *
 * @module
 */

import { type Labels, renderPrometheus } from "../cli/prometheus.ts";

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

/** Observations of one series, per bucket (not cumulative). */
interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

/** The API server's request metrics. */
export class ApiMetrics {
  /** Keyed by the labels' canonical text; the labels kept beside. */
  readonly #requests = new Map<string, { labels: Labels; value: number }>();
  readonly #durations = new Map<string, { labels: Labels; histogram: Histogram }>();

  /** Records one request; `seconds` is omitted for watches. */
  record(labels: RequestLabels, seconds?: number): void {
    const key = labelKey(labels);
    const requests = this.#requests.get(key);
    if (requests === undefined) this.#requests.set(key, { labels: sortedLabels(labels), value: 1 });
    else requests.value++;
    if (seconds === undefined) return;
    const { code: _code, ...rest } = labels;
    const durationKey = labelKey(rest);
    let entry = this.#durations.get(durationKey);
    if (entry === undefined) {
      entry = {
        labels: sortedLabels(rest),
        histogram: { counts: BUCKETS.map(() => 0), sum: 0, count: 0 },
      };
      this.#durations.set(durationKey, entry);
    }
    const { histogram } = entry;
    const bucket = BUCKETS.findIndex((bound) => seconds <= bound);
    if (bucket >= 0) histogram.counts[bucket]!++;
    histogram.sum += seconds;
    histogram.count++;
  }

  /** The Prometheus text exposition. */
  render(): string {
    const sorted = <T>(m: Map<string, T>) =>
      [...m].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0).map(([, v]) => v);
    return renderPrometheus([
      {
        name: "apiserver_request_total",
        help:
          "Counter of apiserver requests broken out for each verb, group, version, resource, scope, subresource and HTTP response code.",
        type: "counter",
        samples: sorted(this.#requests),
      },
      {
        name: "apiserver_request_duration_seconds",
        help:
          "Response latency distribution in seconds for each verb, group, version, resource, subresource and scope.",
        type: "histogram",
        series: sorted(this.#durations).map(({ labels, histogram }) => {
          let running = 0;
          return {
            labels,
            bounds: BUCKETS,
            cumulative: histogram.counts.map((n) => running += n),
            sum: histogram.sum,
            count: histogram.count,
          };
        }),
      },
    ]);
  }
}

/** The labels in name order (as kube-apiserver prints them). */
function sortedLabels(labels: Labels): Labels {
  return Object.fromEntries(Object.keys(labels).sort().map((key) => [key, labels[key]!]));
}

/** Labels sorted by name: the same set of labels always gives the same key. */
function labelKey(labels: Labels): string {
  return Object.keys(labels).sort().map((key) => `${key}=${JSON.stringify(labels[key])}`)
    .join(",");
}
