/**
 * The cluster UI under `/ui/`: the page, its script and its style sheet, from the bundle that
 * ui/build.ts makes (ui/dist/assets.json, imported so it is part of the server's module graph).
 *
 * Caching: the page is revalidated on every load (`no-cache` + ETag); it names the script and
 * style sheet with `?v=<hash>`, and a request with the current hash is cached for good
 * (`immutable`), so a new build is picked up at the next reload and nothing stale is ever run.
 * A Content-Security-Policy of 'self' keeps the page from fetching anything beyond kubeno.
 *
 * @module
 */
import assets from "../ui/dist/assets.json" with { type: "json" };
import { ApiError } from "./errors.ts";
import { errorResponse } from "./status.ts";

interface Asset {
  readonly contentType: string;
  readonly hash: string;
  readonly body: string;
}

const FILES: Readonly<Record<string, Asset>> = assets;

const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

/** True for the paths the UI answers: `/ui` and everything under `/ui/`. */
export function isUiPath(pathname: string): boolean {
  return pathname === "/ui" || pathname.startsWith("/ui/");
}

/**
 * Answers a request for a UI path (see {@link isUiPath}). `/ui` redirects to `/ui/` with a
 * relative Location, so it also works behind `kubectl proxy` prefixes; unknown files are a 404
 * Status; methods other than GET and HEAD a 405 Status.
 */
export function uiResponse(request: Request, url: URL): Response {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return errorResponse(
      new ApiError("MethodNotAllowed", 405, `the UI answers GET and HEAD, not ${request.method}`),
    );
  }
  if (url.pathname === "/ui") {
    return new Response(null, { status: 301, headers: { location: "ui/" } });
  }
  const name = url.pathname.slice("/ui/".length) || "index.html";
  const file = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
  if (file === undefined) {
    return errorResponse(new ApiError("NotFound", 404, `the UI has no file ${name}`));
  }
  const etag = `"${file.hash}"`;
  const versioned = name !== "index.html" && url.searchParams.get("v") === file.hash;
  const headers = {
    ...SECURITY_HEADERS,
    "content-type": file.contentType,
    etag,
    "cache-control": versioned ? "public, max-age=31536000, immutable" : "no-cache",
  };
  const match = request.headers.get("if-none-match")?.split(",").some((t) => t.trim() === etag);
  if (match) return new Response(null, { status: 304, headers });
  return new Response(request.method === "HEAD" ? null : file.body, { headers });
}
