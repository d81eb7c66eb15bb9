/**
 * `/healthz`, `/livez` and `/readyz` as kube-apiserver answers them: `ok` (200) or a failure
 * (500); `?verbose` lists each check as `[+]name ok` / `[-]name failed: reason withheld`;
 * `/livez/<check>` runs one check; `?exclude=<check>` skips one.
 *
 * @module
 */

/** One named health check; it throws (or rejects) when unhealthy. */
export interface HealthCheck {
  readonly name: string;
  check(): Promise<void>;
}

/** Answers a health endpoint (`kind` is "healthz", "livez" or "readyz") for `url`. */
export async function healthResponse(
  kind: string,
  url: URL,
  checks: readonly HealthCheck[],
): Promise<Response> {
  const parts = url.pathname.split("/").filter((p) => p !== "");
  const only = parts[1];
  const excluded = new Set(url.searchParams.getAll("exclude"));
  const selected = only === undefined
    ? checks.filter((c) => !excluded.has(c.name))
    : checks.filter((c) => c.name === only);
  if (only !== undefined && selected.length === 0) {
    return new Response("404 page not found\n", { status: 404 });
  }
  const results = await Promise.all(selected.map(async (c) => {
    try {
      await withTimeout(c.check(), 5000);
      return { name: c.name, ok: true };
    } catch {
      return { name: c.name, ok: false };
    }
  }));
  const healthy = results.every((r) => r.ok);
  const verbose = url.searchParams.has("verbose");
  let body: string;
  if (only !== undefined) {
    body = healthy ? "ok" : "internal server error: reason withheld\n";
  } else if (verbose || !healthy) {
    const lines = results.map((r) =>
      r.ok ? `[+]${r.name} ok` : `[-]${r.name} failed: reason withheld`
    );
    for (const name of excluded) lines.push(`[+]${name} excluded: ok`);
    body = `${lines.join("\n")}\n${kind} check ${healthy ? "passed" : "failed"}\n`;
  } else {
    body = "ok";
  }
  return new Response(body, {
    status: healthy ? 200 : 500,
    headers: { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" },
  });
}

async function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("timed out")), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
