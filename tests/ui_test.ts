/**
 * The cluster UI (/ui/) in a real browser: headless Chromium (Debian's `chromium`, installed by
 * scripts/ensure_test_tools.sh) driven by playwright-core, which runs under Deno here, against
 * a real `kubeno apiserver` holding nodes and pods this test creates (status set through the
 * API: no kubelet or Docker needed). Also checks that the committed bundle matches its sources.
 *
 * Artifacts: screenshots of a grouped view (desktop and phone sizes) are written to
 * test-results/ui/ (git-ignored).
 *
 * @module
 */
import assert from "node:assert/strict";
import { type Browser, chromium, type Page } from "playwright-core";
import { ApiClient } from "../client/http.ts";
import { type KubeObject, ResourceClient } from "../client/resources.ts";
import { ApiServerProcess, KUBECTL_DIR } from "./support/apiserver_process.ts";
import { eventually } from "./support/wait.ts";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = new URL("../test-results/ui/", import.meta.url);

Deno.test("the committed UI bundle (ui/dist/assets.json) matches its sources", async () => {
  // In a process of its own: esbuild's service process is not always gone when its stop()
  // resolves, which the test sanitizers would report as a leak.
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", new URL("../ui/build.ts", import.meta.url).pathname, "--check"],
    stdout: "null",
    stderr: "piped",
  }).output();
  assert.equal(
    code,
    0,
    `ui/dist/assets.json is stale: run 'scripts/deno task ui:build' and commit it\n` +
      new TextDecoder().decode(stderr),
  );
});

/** The typed clients the test creates objects with. */
function clients(server: ApiServerProcess) {
  const api = new ApiClient([server.url]);
  const id = (resource: string, namespaced: boolean) => ({
    group: "",
    version: "v1",
    resource,
    namespaced,
  });
  return {
    pods: new ResourceClient<KubeObject>(api, id("pods", true)),
    nodes: new ResourceClient<KubeObject>(api, id("nodes", false)),
  };
}

type Clients = ReturnType<typeof clients>;

/** A node that reports Ready (as a kubelet would), with an InternalIP. */
async function createNode(c: Clients, name: string, ip: string): Promise<void> {
  const node = await c.nodes.create({
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name } },
  });
  await c.nodes.updateStatus({
    ...node,
    status: {
      conditions: [{ type: "Ready", status: "True", reason: "KubeletReady" }],
      addresses: [{ type: "InternalIP", address: ip }],
    },
  });
}

/** A pod bound to `node`, Running and ready with `restarts` restarts, at `ip`. */
async function createPod(
  c: Clients,
  name: string,
  labels: Record<string, string>,
  node: string,
  ip: string,
  restarts = 0,
): Promise<void> {
  const pod = await c.pods.create({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", labels },
    spec: {
      nodeName: node,
      containers: [{ name: "app", image: "kubeno/busybox", imagePullPolicy: "IfNotPresent" }],
    },
  });
  await c.pods.updateStatus({
    ...pod,
    status: {
      phase: "Running",
      podIP: ip,
      conditions: [{ type: "Ready", status: "True" }],
      containerStatuses: [{
        name: "app",
        ready: true,
        restartCount: restarts,
        image: "kubeno/busybox",
        imageID: "",
        state: { running: { startedAt: new Date().toISOString() } },
      }],
    },
  });
}

/** The groups the page shows: `path count`, e.g. `/app=web/.node=ui-a 2`, in page order. */
async function shownGroups(page: Page): Promise<string[]> {
  return await page.$$eval(
    "section.group",
    (sections) =>
      sections.map((s) =>
        `${s.getAttribute("data-group")} ${s.querySelector(".group-count")?.textContent}`
      ),
  );
}

/** Waits until the page shows exactly `expected` groups (see {@link shownGroups}). */
async function expectGroups(page: Page, expected: string[], what: string): Promise<void> {
  let last: string[] = [];
  await eventually(
    async () => {
      last = await shownGroups(page);
      return JSON.stringify(last) === JSON.stringify(expected) ? true : undefined;
    },
    `${what}: groups ${JSON.stringify(expected)}`,
    10_000,
  ).catch((error) => {
    throw new Error(`${(error as Error).message}; the page shows ${JSON.stringify(last)}`);
  });
}

/** Card names shown on the page. */
async function shownCards(page: Page): Promise<string[]> {
  return await page.$$eval(".card .card-title", (titles) => titles.map((t) => t.textContent ?? ""));
}

/** `kubectl proxy` on a free loopback port; resolves with its URL once it serves. */
async function startProxy(
  server: ApiServerProcess,
): Promise<{ url: string; stop(): Promise<void> }> {
  const child = new Deno.Command(`${KUBECTL_DIR}/kubectl.1.33`, {
    args: [
      "--kubeconfig",
      `${server.root}/kubeconfig`,
      "--cache-dir",
      `${server.root}/cache-proxy`,
      "proxy",
      "--port",
      "0",
      "--address",
      "127.0.0.1",
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "null",
    env: { HOME: server.root },
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const stop = async () => {
    child.kill("SIGTERM");
    await reader.cancel().catch(() => {});
    await child.status;
  };
  let text = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`kubectl proxy exited: ${text}`);
      text += value;
      const match = /Starting to serve on (127\.0\.0\.1:\d+)/.exec(text);
      if (match) return { url: `http://${match[1]}`, stop };
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

Deno.test("the UI groups, selects and follows the cluster live", async (t) => {
  await Deno.mkdir(ARTIFACTS, { recursive: true });
  let server = await ApiServerProcess.start();
  let browser: Browser | undefined;
  try {
    let c = clients(server);
    await createNode(c, "ui-a", "10.0.0.1");
    await createNode(c, "ui-b", "10.0.0.2");
    await createPod(c, "web-1", { app: "web", tier: "front" }, "ui-a", "10.244.1.2", 3);
    await createPod(c, "web-2", { app: "web", tier: "front" }, "ui-b", "10.244.2.2");
    await createPod(c, "web-3", { app: "web", tier: "front" }, "ui-b", "10.244.2.3");
    await createPod(c, "db-1", { app: "db", tier: "back" }, "ui-a", "10.244.1.3");

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const external: string[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (!["127.0.0.1", "localhost"].includes(url.hostname) && url.protocol !== "data:") {
        external.push(request.url());
      }
    });

    await t.step("grouping by one key shows a group per value with its count", async () => {
      await page.goto(`${server.url}/ui/#/pods/groups/app/selector/`);
      await expectGroups(page, ["/app=db 1", "/app=web 3"], "by app");
      const web1 = page.locator('.card[data-id="default/web-1"]');
      const text = await web1.innerText();
      for (const fact of ["Running", "1/1", "3", "ui-a", "10.244.1.2"]) {
        assert.ok(text.includes(fact), `web-1's card shows ${fact}: ${text}`);
      }
      assert.match(await web1.getAttribute("class") ?? "", /health-ok/);
    });

    await t.step("grouping by two keys nests the groups (seed form of the URL)", async () => {
      await page.goto(`${server.url}/ui/#/groups/app/.node/selector`);
      await expectGroups(page, [
        "/app=db 1",
        "/app=db/.node=ui-a 1",
        "/app=web 3",
        "/app=web/.node=ui-a 1",
        "/app=web/.node=ui-b 2",
      ], "by app, then node");
      await page.screenshot({ path: new URL("grouped.png", ARTIFACTS).pathname, fullPage: true });
    });

    await t.step("a selector (set-based) filters, and the URL keeps it on reload", async () => {
      await page.goto(`${server.url}/ui/#/pods/groups/.node/selector/tier in (front),app!=db`);
      await expectGroups(page, ["/.node=ui-a 1", "/.node=ui-b 2"], "tier in (front)");
      await page.reload();
      await expectGroups(page, ["/.node=ui-a 1", "/.node=ui-b 2"], "after a reload");
      assert.deepEqual((await shownCards(page)).sort(), ["web-1", "web-2", "web-3"]);
    });

    await t.step("a pod created or deleted appears or disappears live", async () => {
      await page.goto(`${server.url}/ui/#/pods/groups/app/selector/`);
      await expectGroups(page, ["/app=db 1", "/app=web 3"], "before");
      await createPod(c, "cache-1", { app: "cache" }, "ui-b", "10.244.2.9");
      await expectGroups(page, ["/app=cache 1", "/app=db 1", "/app=web 3"], "after a create");
      await c.pods.delete("default", "web-2", { gracePeriodSeconds: 0 });
      await expectGroups(page, ["/app=cache 1", "/app=db 1", "/app=web 2"], "after a delete");
    });

    await t.step(
      "the toolbar works from the keyboard and writes the query to the URL",
      async () => {
        await page.goto(`${server.url}/ui/#/pods/groups/app/selector/`);
        await expectGroups(page, ["/app=cache 1", "/app=db 1", "/app=web 2"], "before");
        await page.focus('input[name="groups"]');
        await page.keyboard.press("Control+A");
        await page.keyboard.type("tier");
        await page.keyboard.press("Tab");
        await page.keyboard.type("app in (web,db)");
        await page.keyboard.press("Enter");
        await expectGroups(page, ["/tier=back 1", "/tier=front 2"], "typed query");
        assert.equal(
          decodeURIComponent(new URL(page.url()).hash),
          "#/pods/groups/tier/selector/app in (web,db)",
        );
        // Cards take the focus in turn, and it shows.
        await page.focus('.card[data-id="default/db-1"]');
        await page.keyboard.press("Tab");
        // Page-side expressions as strings: this file is type-checked without the DOM library.
        const focused = await page.evaluate("document.activeElement?.getAttribute('data-id')");
        assert.equal(focused, "default/web-1");
        const outline = await page.evaluate(
          "getComputedStyle(document.activeElement).outlineStyle",
        );
        assert.equal(outline, "solid");
      },
    );

    await t.step("a bad selector shows the API's error in the page", async () => {
      await page.goto(`${server.url}/ui/#/pods/groups/app/selector/tier in (front`);
      const alert = page.locator(".error[role=alert]");
      await alert.waitFor({ timeout: 10_000 });
      const message = await alert.innerText();
      assert.match(message, /unable to parse requirement/);
      assert.equal(await page.locator("section.group").count(), 0);
    });

    await t.step("nodes show as cards with their readiness", async () => {
      await page.goto(`${server.url}/ui/#/nodes/groups/kubernetes.io%2Fhostname/selector/`);
      await expectGroups(page, [
        "/kubernetes.io/hostname=ui-a 1",
        "/kubernetes.io/hostname=ui-b 1",
      ], "nodes by hostname");
      const card = page.locator('.card[data-id="ui-a"]');
      assert.match(await card.innerText(), /Ready[\s\S]*10\.0\.0\.1/);
    });

    await t.step("many pods: a group shows a page of cards and more on request", async () => {
      const names = Array.from({ length: 130 }, (_, i) => `bulk-${i}`);
      for (let i = 0; i < names.length; i += 10) {
        await Promise.all(
          names.slice(i, i + 10).map((name, j) =>
            createPod(c, name, { app: "bulk" }, "ui-a", `10.244.3.${i + j + 1}`)
          ),
        );
      }
      await page.goto(`${server.url}/ui/#/pods/groups/app/selector/app=bulk`);
      await expectGroups(page, ["/app=bulk 130"], "bulk");
      assert.equal((await shownCards(page)).length, 60);
      const more = page.locator("button.more");
      assert.match(await more.innerText(), /70 not shown/);
      await more.focus();
      await page.keyboard.press("Enter");
      await eventually(
        async () => (await shownCards(page)).length === 120 ? true : undefined,
        "120 cards after 'show more'",
        5_000,
      );
    });

    await t.step("on a phone-sized screen nothing overflows sideways", async () => {
      const phone = await browser!.newPage({ viewport: { width: 375, height: 740 } });
      try {
        await phone.goto(`${server.url}/ui/#/pods/groups/app/.node/selector/app!=bulk`);
        await expectGroups(phone, [
          "/app=cache 1",
          "/app=cache/.node=ui-b 1",
          "/app=db 1",
          "/app=db/.node=ui-a 1",
          "/app=web 2",
          "/app=web/.node=ui-a 1",
          "/app=web/.node=ui-b 1",
        ], "phone");
        const overflow = await phone.evaluate<number>(
          "document.documentElement.scrollWidth - document.documentElement.clientWidth",
        );
        assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
        await phone.screenshot({ path: new URL("phone.png", ARTIFACTS).pathname, fullPage: true });
      } finally {
        await phone.close();
      }
    });

    await t.step("it survives an API server restart (reconnects and relists)", async () => {
      await page.goto(`${server.url}/ui/#/pods/groups/app/selector/app!=bulk`);
      await expectGroups(page, ["/app=cache 1", "/app=db 1", "/app=web 2"], "before restart");
      server = await server.restart();
      c = clients(server);
      await createPod(c, "after-1", { app: "after" }, "ui-a", "10.244.1.50");
      await expectGroups(page, [
        "/app=after 1",
        "/app=cache 1",
        "/app=db 1",
        "/app=web 2",
      ], "after the restart");
      assert.match(await page.locator("[role=status]").innerText(), /live/);
    });

    await t.step("the page works through kubectl proxy", async () => {
      const proxy = await startProxy(server);
      try {
        await page.goto(`${proxy.url}/ui`); // the redirect to ui/ keeps to the proxy
        assert.equal(new URL(page.url()).pathname, "/ui/");
        await page.goto(`${proxy.url}/ui/#/pods/groups/app/selector/app in (web,proxied)`);
        await expectGroups(page, ["/app=web 2"], "through the proxy");
        await createPod(c, "proxied-1", { app: "proxied" }, "ui-b", "10.244.2.60");
        await expectGroups(page, ["/app=proxied 1", "/app=web 2"], "live through the proxy");
      } finally {
        await proxy.stop();
      }
    });

    assert.deepEqual(external, [], "the page fetched nothing beyond kubeno");
  } finally {
    await browser?.close();
    await server.stop();
  }
});
