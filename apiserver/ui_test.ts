import assert from "node:assert/strict";
import assets from "../ui/dist/assets.json" with { type: "json" };
import { isUiPath, uiResponse } from "./ui.ts";

const get = (path: string, headers: HeadersInit = {}) => {
  const url = new URL(path, "http://127.0.0.1:6443");
  return uiResponse(new Request(url, { headers }), url);
};

Deno.test("isUiPath takes /ui and what is under /ui/ only", () => {
  assert.ok(isUiPath("/ui"));
  assert.ok(isUiPath("/ui/"));
  assert.ok(isUiPath("/ui/app.js"));
  assert.ok(!isUiPath("/uix"));
  assert.ok(!isUiPath("/api/v1/ui"));
});

Deno.test("/ui redirects relatively to ui/ (works behind kubectl proxy)", async () => {
  const response = get("/ui");
  assert.equal(response.status, 301);
  assert.equal(response.headers.get("location"), "ui/");
  await response.body?.cancel();
});

Deno.test("the page: HTML, revalidated on every load, with a same-origin CSP", async () => {
  const response = get("/ui/");
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "text/html; charset=utf-8");
  assert.equal(response.headers.get("cache-control"), "no-cache");
  assert.match(response.headers.get("content-security-policy") ?? "", /default-src 'self'/);
  const page = await response.text();
  assert.ok(page.includes(`app.js?v=${assets["app.js"].hash}`));
  assert.ok(page.includes(`app.css?v=${assets["app.css"].hash}`));
});

Deno.test("assets: content types; cached for good only at the current version", async () => {
  const js = get(`/ui/app.js?v=${assets["app.js"].hash}`);
  assert.equal(js.headers.get("content-type"), "text/javascript; charset=utf-8");
  assert.equal(js.headers.get("cache-control"), "public, max-age=31536000, immutable");
  assert.equal(await js.text(), assets["app.js"].body);
  const css = get("/ui/app.css?v=old");
  assert.equal(css.headers.get("content-type"), "text/css; charset=utf-8");
  assert.equal(css.headers.get("cache-control"), "no-cache");
  await css.body?.cancel();
});

Deno.test("a matching If-None-Match is answered 304 without a body", () => {
  const response = get("/ui/app.css", { "if-none-match": `W/"x", "${assets["app.css"].hash}"` });
  assert.equal(response.status, 304);
  assert.equal(response.body, null);
});

Deno.test("unknown files and other methods are Status errors", async () => {
  const missing = get("/ui/secret.txt");
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).reason, "NotFound");
  const url = new URL("http://127.0.0.1:6443/ui/");
  const post = uiResponse(new Request(url, { method: "POST" }), url);
  assert.equal(post.status, 405);
  assert.match((await post.json()).message, /GET and HEAD/);
});
