/**
 * The UI's entry point (bundled by ui/build.ts): renders the page against the API server that
 * served it. The page is at `<prefix>/ui/`, so the API is at `<prefix>/`: relative, which keeps
 * it working through `kubectl proxy`.
 *
 * @module
 */
import { h, render } from "preact";
import { App } from "./app.ts";
import { RelativeApiClient } from "./live.ts";

const root = document.getElementById("app");
if (root === null) throw new Error("the page has no #app element");
root.textContent = ""; // the "loading…" placeholder: preact renders beside what it did not make
render(h(App, { api: new RelativeApiClient([new URL("../", location.href)]) }), root);
