import assert from "node:assert/strict";
import { renderPrometheus } from "./prometheus.ts";

Deno.test("counters, gauges and histograms render in the text exposition format", () => {
  const text = renderPrometheus([
    {
      name: "requests_total",
      help: "Requests.\nSecond line \\ here",
      type: "counter",
      samples: [{ labels: { path: 'a"b' }, value: 3 }, { labels: {}, value: Infinity }],
    },
    {
      name: "latency_seconds",
      help: "Latency.",
      type: "histogram",
      series: [{
        labels: { verb: "GET" },
        bounds: [0.1, 1],
        cumulative: [2, 5],
        sum: 1.5,
        count: 6,
      }],
    },
  ]);
  assert.equal(
    text,
    [
      "# HELP requests_total Requests.\\nSecond line \\\\ here",
      "# TYPE requests_total counter",
      'requests_total{path="a\\"b"} 3',
      "requests_total +Inf",
      "# HELP latency_seconds Latency.",
      "# TYPE latency_seconds histogram",
      'latency_seconds_bucket{verb="GET",le="0.1"} 2',
      'latency_seconds_bucket{verb="GET",le="1"} 5',
      'latency_seconds_bucket{verb="GET",le="+Inf"} 6',
      'latency_seconds_sum{verb="GET"} 1.5',
      'latency_seconds_count{verb="GET"} 6',
      "",
    ].join("\n"),
  );
});
