import assert from "node:assert/strict";
import {
  metricsHandler,
  PROMETHEUS_CONTENT_TYPE,
  ProxyMetrics,
  renderPrometheus,
} from "./metrics.ts";

Deno.test("metrics: Prometheus text with escaped labels", () => {
  const text = renderPrometheus([{
    name: "x_total",
    help: "a\\b",
    type: "counter",
    samples: [{ labels: { l: 'q"\n\\' }, value: 3 }, { labels: {}, value: Infinity }],
  }]);
  assert.equal(
    text,
    '# HELP x_total a\\\\b\n# TYPE x_total counter\nx_total{l="q\\"\\n\\\\"} 3\nx_total +Inf\n',
  );
});

Deno.test("metrics: per service port counters, removed with the service; served at /metrics", async () => {
  const metrics = new ProxyMetrics();
  const stats = metrics.port("ns", "web", "http", "TCP");
  stats.connections += 2;
  stats.bytesIn += 10;
  stats.error("connect");
  assert.equal(metrics.port("ns", "web", "http", "TCP"), stats);
  const text = metrics.render();
  assert.match(
    text,
    /kubeno_proxy_connections_total\{namespace="ns",service="web",port="http",protocol="TCP"\} 2/,
  );
  assert.match(text, /kubeno_proxy_bytes_total\{[^}]*direction="in"\} 10/);
  assert.match(text, /kubeno_proxy_errors_total\{[^}]*reason="connect"\} 1/);

  const server = Deno.serve(
    { hostname: "127.30.0.1", port: 0, onListen: () => {} },
    metricsHandler(metrics),
  );
  try {
    const base = `http://127.30.0.1:${server.addr.port}`;
    const response = await fetch(`${base}/metrics`);
    assert.equal(response.headers.get("content-type"), PROMETHEUS_CONTENT_TYPE);
    assert.match(await response.text(), /kubeno_proxy_connections_total/);
    const missing = await fetch(`${base}/other`);
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
  } finally {
    await server.shutdown();
  }
  metrics.removeService("ns", "web");
  assert.doesNotMatch(metrics.render(), /service="web"/);
});
