/**
 * The Prometheus text exposition format (version 0.0.4): metric families rendered with HELP and
 * TYPE lines, label values and help text escaped as the format requires. Shared by the
 * components that serve /metrics: counters and gauges computed at scrape time, and histograms.
 *
 * @module
 */

/** Labels of a sample or series. */
export type Labels = Readonly<Record<string, string>>;

/** A counter or gauge and its samples. */
export interface ScalarFamily {
  readonly name: string;
  readonly help: string;
  readonly type: "counter" | "gauge";
  readonly samples: readonly { readonly labels: Labels; readonly value: number }[];
}

/** One labelled histogram: observations counted per upper bound. */
export interface HistogramSeries {
  readonly labels: Labels;
  /** Upper bounds, ascending (+Inf is implied). */
  readonly bounds: readonly number[];
  /** Observations <= each bound (cumulative, as the format wants). */
  readonly cumulative: readonly number[];
  readonly sum: number;
  readonly count: number;
}

/** A histogram family (`_bucket`, `_sum` and `_count` lines per series). */
export interface HistogramFamily {
  readonly name: string;
  readonly help: string;
  readonly type: "histogram";
  readonly series: readonly HistogramSeries[];
}

/** One metric and its samples. */
export type MetricFamily = ScalarFamily | HistogramFamily;

/** Renders metric families as Prometheus text (HELP, TYPE, one line per sample). */
export function renderPrometheus(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    if (family.type !== "histogram") {
      for (const sample of family.samples) {
        lines.push(`${family.name}${labelSet(sample.labels)} ${formatValue(sample.value)}`);
      }
      continue;
    }
    for (const series of family.series) {
      series.bounds.forEach((bound, i) => {
        const labels = labelSet({ ...series.labels, le: formatValue(bound) });
        lines.push(`${family.name}_bucket${labels} ${series.cumulative[i]}`);
      });
      lines.push(
        `${family.name}_bucket${labelSet({ ...series.labels, le: "+Inf" })} ${series.count}`,
      );
      lines.push(`${family.name}_sum${labelSet(series.labels)} ${formatValue(series.sum)}`);
      lines.push(`${family.name}_count${labelSet(series.labels)} ${series.count}`);
    }
  }
  return lines.join("\n") + "\n";
}

function labelSet(labels: Labels): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return pairs.length > 0 ? `{${pairs.join(",")}}` : "";
}

/** The content type of the text exposition format. */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

function escapeLabel(value: string): string {
  return value.replaceAll("\\", "\\\\").replaceAll("\n", "\\n").replaceAll('"', '\\"');
}

function escapeHelp(text: string): string {
  return text.replaceAll("\\", "\\\\").replaceAll("\n", "\\n");
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}
