/**
 * Builds the UI: bundles ui/src/main.ts and its imports (preact, the typed client, label
 * selectors) with esbuild into one minified script, and writes it with the page and the style
 * sheet into ui/dist/assets.json, which the API server imports (so the bundle is part of the
 * module graph and travels wherever the server's code does).
 *
 * The bundle is committed; tests/ui_test.ts checks it matches its sources.
 *
 * Usage: `scripts/deno task ui:build` (write), `scripts/deno run -A ui/build.ts --check` (exit 1
 * when ui/dist/assets.json is stale).
 *
 * @module
 */
import * as esbuild from "esbuild";

/** One file the UI serves. */
export interface UiAsset {
  readonly contentType: string;
  /** The first 16 hex digits of the body's SHA-256: its ETag and cache-busting version. */
  readonly hash: string;
  readonly body: string;
}

/** Every file under /ui/, by name ("index.html" is the page). */
export type UiAssets = Readonly<Record<string, UiAsset>>;

/** Where the committed bundle is. */
export const ASSETS_PATH = new URL("dist/assets.json", import.meta.url);

const SOURCES = new URL("src/", import.meta.url);

async function asset(contentType: string, body: string): Promise<UiAsset> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body));
  const hash = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("")
    .slice(0, 16);
  return { contentType, hash, body };
}

/** Bundles the UI from its sources (deterministic: same sources, same bytes). */
export async function buildAssets(): Promise<UiAssets> {
  let script: string;
  try {
    const result = await esbuild.build({
      entryPoints: [new URL("main.ts", SOURCES).pathname],
      absWorkingDir: new URL("..", import.meta.url).pathname,
      bundle: true,
      format: "esm",
      target: "es2022",
      platform: "browser",
      minify: true,
      legalComments: "none",
      charset: "utf8",
      write: false,
      logLevel: "silent",
    });
    script = result.outputFiles[0]!.text;
  } finally {
    await esbuild.stop();
  }
  const js = await asset("text/javascript; charset=utf-8", script);
  const css = await asset(
    "text/css; charset=utf-8",
    await Deno.readTextFile(new URL("app.css", SOURCES)),
  );
  const page = (await Deno.readTextFile(new URL("index.html", SOURCES)))
    .replace("{{app.js}}", js.hash)
    .replace("{{app.css}}", css.hash);
  return {
    "index.html": await asset("text/html; charset=utf-8", page),
    "app.css": css,
    "app.js": js,
  };
}

/** The file's text: JSON as `deno fmt` leaves it. */
export function serializeAssets(assets: UiAssets): string {
  return `${JSON.stringify(assets, null, 2)}\n`;
}

if (import.meta.main) {
  const text = serializeAssets(await buildAssets());
  const check = Deno.args.includes("--check");
  const current = await Deno.readTextFile(ASSETS_PATH).catch(() => "");
  if (check) {
    if (current !== text) {
      console.error("ui: ui/dist/assets.json is stale: run 'scripts/deno task ui:build'");
      Deno.exit(1);
    }
  } else if (current !== text) {
    await Deno.writeTextFile(ASSETS_PATH, text);
    console.error(`ui: wrote ${ASSETS_PATH.pathname}`);
  }
}
