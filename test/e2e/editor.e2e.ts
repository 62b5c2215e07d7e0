/**
 * The editor as a new user meets it, in a real browser (Debian's Chromium driven
 * by playwright-core): the palette, a status node, a new device config node
 * (test connection, pin the certificate, create an API client, validation and
 * readable errors), the WAN pickers, deploy and the debug sidebar, every node's
 * help; then the demo flow of `npm start` (scripts/demo-flow.js) with its story
 * in the debug sidebar. The same run saves the README's screenshots (only
 * when every step passed) to .screenshots/, or to docs/images/ with
 * `npm run screenshots`.
 *
 * Not part of `npm test` (the file is not a *.test.js): run it with
 * `npm run test:e2e` (scripts/e2e.js). Needs /usr/bin/chromium
 * (`apt-get install -y chromium`), or CHROMIUM=/path/to/chromium.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { startSimulator, type Simulator } from "../../dist/simulator";
import { HaClient, startBroker, type Broker } from "../helpers/mqtt";

const root = path.resolve(__dirname, "..", "..");

interface NodeRed {
  url: string;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}
interface Runner {
  freePort(preferred?: number): Promise<number>;
  prepareUserDir(dir: string, extraSettings?: Record<string, unknown>): void;
  startNodeRed(options: { userDir: string; port: number; quiet?: boolean; env?: Record<string, string> }): Promise<NodeRed>;
  deployFlows(url: string, flows: object[]): Promise<void>;
}
interface DemoFlow {
  demoFlow(sim: {
    port: number;
    fingerprint: string;
    clientId: string;
    clientSecret: string;
    mqttPort: number;
  }): Array<{ id: string; type: string; name?: string }>;
}

const runner = require(path.join(root, "scripts", "lib", "node-red-runner.js")) as Runner;

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
/**
 * Where the screenshots go: an ignored folder on every run (CI, npm run
 * test:e2e), docs/images only with `npm run screenshots` — a test run must not
 * rewrite tracked files.
 */
const IMAGES = process.env.PEPLINK_SCREENSHOTS_DIR
  ? path.resolve(root, process.env.PEPLINK_SCREENSHOTS_DIR)
  : path.join(root, ".screenshots");
const PALETTE_CATEGORY = "peplink";

// ---------------------------------------------------------------------------
// What the palette must show, from the package itself: every node type that
// package.json registers and every editor file in nodes/ (so a node type that
// is missing from package.json, or fails to load, fails the palette check).

interface NodeTypeInfo {
  type: string;
  config: boolean;
}

function nodeTypes(): NodeTypeInfo[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { "node-red": { nodes: Record<string, string> } };
  const types = new Set(Object.keys(pkg["node-red"].nodes));
  const configTypes = new Set<string>();
  for (const file of fs.readdirSync(path.join(root, "nodes")).filter((f) => f.endsWith(".html"))) {
    const html = fs.readFileSync(path.join(root, "nodes", file), "utf8");
    for (const m of html.matchAll(/RED\.nodes\.registerType\(\s*["']([^"']+)["']\s*,\s*\{([\s\S]*?)\bcategory\s*:\s*["']([^"']+)["']/g)) {
      types.add(m[1]);
      if (m[3] === "config") configTypes.add(m[1]);
    }
  }
  return [...types].sort().map((type) => ({ type, config: configTypes.has(type) }));
}

// ---------------------------------------------------------------------------

describe("editor (browser)", function () {
  this.timeout(120_000);

  const expected = nodeTypes();
  const paletteTypes = expected.filter((t) => !t.config).map((t) => t.type);
  const configType = expected.find((t) => t.config)?.type ?? "peplink-device";

  let sim: Simulator;
  /** The demo's MQTT broker (npm start embeds one the same way). */
  let mqttBroker: Broker | undefined;
  let red: NodeRed | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "peplink-e2e-"));
  const shots = path.join(tmp, "screenshots");
  const pageErrors: string[] = [];
  /** The answers to the editor's requests for the package's resources/ files. */
  const resourceAnswers: string[] = [];
  const consoleErrors: string[] = [];
  let failed = false;
  /** Node ids on the workspace, by role. */
  const ids: Record<string, string> = {};

  before(async function () {
    try {
      await start();
    } catch (err) {
      failed = true; // afterEach does not run for a failed before hook
      if (red) console.error(`  Node-RED log (tail):\n${red.output().split("\n").slice(-40).join("\n").replace(/^/gm, "    ")}`);
      throw err;
    }
  });

  async function start(): Promise<void> {
    fs.mkdirSync(shots, { recursive: true });
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM`);
    }
    sim = await startSimulator({ https: true });
    mqttBroker = await startBroker();
    const userDir = path.join(tmp, "node-red");
    // As npm start prepares it: no tips over the sidebar, which opens on Debug; peplink first in the palette.
    runner.prepareUserDir(userDir);
    red = await runner.startNodeRed({ userDir, port: await runner.freePort(), quiet: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    });
    page = await openPage(1400, 1000);
  }

  /** A new browser window (its own storage, as a new user's) on this Node-RED, watched for errors. */
  async function openPage(width: number, height: number): Promise<Page> {
    const context = await browser!.newContext({ viewport: { width, height } });
    // Only this Node-RED: the editor would also fetch the Flow Library catalogue from the internet.
    const local = red!.url;
    await context.route(
      (url) => !url.href.startsWith(local),
      (route) => route.abort("blockedbyclient"),
    );
    const opened = await context.newPage();
    opened.setDefaultTimeout(30_000);
    opened.on("response", (res) => {
      if (res.url().includes("/resources/node-red-contrib-peplink/"))
        resourceAnswers.push(`${res.status()} ${new URL(res.url()).pathname}`);
    });
    opened.on("pageerror", (err) => pageErrors.push(err.stack || err.message));
    opened.on("requestfailed", (req) => {
      if (req.url().startsWith(local)) consoleErrors.push(`request failed: ${req.method()} ${req.url()} (${req.failure()?.errorText})`);
    });
    opened.on("console", (msg) => {
      if (msg.type() === "error" && !/ERR_BLOCKED_BY_CLIENT/.test(msg.text())) consoleErrors.push(msg.text());
    });
    return opened;
  }

  afterEach(async function () {
    if (this.currentTest?.state !== "failed") return;
    failed = true;
    const diag = path.join(tmp, "failure");
    fs.mkdirSync(diag, { recursive: true });
    const shot = path.join(diag, `${(this.currentTest.title || "test").replace(/[^A-Za-z0-9]+/g, "-").slice(0, 60)}.png`);
    try {
      await page?.screenshot({ path: shot });
      console.error(`\n  screenshot of the failure: ${shot}`);
    } catch (err) {
      console.error(`\n  no screenshot: ${(err as Error).message}`);
    }
    const log = (red?.output() ?? "").split("\n").slice(-40).join("\n");
    console.error(`  Node-RED log (tail):\n${log.replace(/^/gm, "    ")}`);
    if (pageErrors.length) console.error(`  page errors:\n${pageErrors.join("\n").replace(/^/gm, "    ")}`);
    if (consoleErrors.length) console.error(`  console errors:\n${consoleErrors.join("\n").replace(/^/gm, "    ")}`);
    const requests = sim?.control
      .log()
      .slice(-10)
      .map((e) => `${e.method} ${e.endpoint} → ${e.status}`);
    if (requests?.length) console.error(`  last simulator requests:\n    ${requests.join("\n    ")}`);
  });

  after(async function () {
    await browser?.close().catch(() => undefined);
    await red?.stop();
    await mqttBroker?.close();
    await sim?.close();
    if (failed) console.error(`  kept for diagnosis: ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  });

  // --- helpers --------------------------------------------------------------

  const chart = (): Locator => page.locator("#red-ui-workspace-chart");
  const paletteNode = (type: string): Locator => page.locator(`#red-ui-palette .red-ui-palette-node[data-palette-type="${type}"]`);
  const nodeOnChart = (id: string): Locator => page.locator(`#red-ui-workspace-chart g.red-ui-flow-node-group[id="${id}"]`);
  const testResult = (): Locator => page.locator("#peplink-device-test-result");
  const createResult = (): Locator => page.locator("#peplink-device-create-result");

  async function filterPalette(text: string): Promise<void> {
    const search = page.locator("#red-ui-palette-search input");
    await search.fill("");
    await search.pressSequentially(text);
  }

  /** Drags a node type from the palette onto the workspace; returns the new node's id. */
  async function addNode(type: string, x: number, y: number): Promise<string> {
    const before = await page.evaluate(() => {
      const list: string[] = [];
      RED.nodes.eachNode((n: { id: string }) => void list.push(n.id));
      return list;
    });
    // The palette filters on the label (e.g. "peplink home assistant" for peplink-homeassistant).
    const label = (await paletteNode(type).getAttribute("data-palette-label")) ?? type.replace(/-/g, " ");
    await filterPalette(label);
    await paletteNode(type).waitFor({ state: "visible" });
    // A drag that starts under a palette tooltip can be lost on a busy machine: try again, a few times.
    for (let attempt = 1; ; attempt++) {
      await page.mouse.move(700, 600);
      await page
        .locator(".red-ui-popover:visible")
        .first()
        .waitFor({ state: "hidden" })
        .catch(() => undefined);
      await paletteNode(type).dragTo(chart(), { targetPosition: { x, y } });
      try {
        const id = await page.waitForFunction(
          ([t, known]) => {
            let found: string | undefined;
            RED.nodes.eachNode((n: { id: string; type: string }) => {
              if (n.type === t && !known.includes(n.id)) found = n.id;
            });
            return found;
          },
          [type, before] as const,
          { timeout: 10_000 },
        );
        return (await id.jsonValue()) as string;
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
  }

  async function openNode(id: string): Promise<void> {
    await nodeOnChart(id).locator("rect.red-ui-flow-node").dblclick();
    await page.locator("#node-dialog-ok").waitFor({ state: "visible" });
  }

  async function closeNode(): Promise<void> {
    await page.click("#node-dialog-ok");
    await page.locator("#node-dialog-ok").waitFor({ state: "detached" });
  }

  /** Wires the output port of one node to the input port of another with the mouse. */
  async function wire(from: string, to: string): Promise<void> {
    const a = await nodeOnChart(from).locator(".red-ui-flow-port-output .red-ui-flow-port").boundingBox();
    const b = await nodeOnChart(to).locator(".red-ui-flow-port-input .red-ui-flow-port").boundingBox();
    assert.ok(a && b, "both ports are on screen");
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
    await page.mouse.up();
    await page.waitForFunction(
      ([s, t]) => {
        let linked = false;
        RED.nodes.eachLink((l: { source: { id: string }; target: { id: string } }) => {
          if (l.source.id === s && l.target.id === t) linked = true;
        });
        return linked;
      },
      [from, to] as const,
    );
  }

  /** The element is shown in full inside the box (not cut off at its edge). */
  async function assertFits(inner: Locator, outer: Locator, what: string): Promise<void> {
    const a = await inner.boundingBox();
    const b = await outer.boundingBox();
    assert.ok(a && b, `${what} is on screen`);
    assert.ok(
      a.x >= b.x - 1 && a.x + a.width <= b.x + b.width + 1,
      `${what} fits in its box (${JSON.stringify(a)} in ${JSON.stringify(b)})`,
    );
  }

  /** Clicks a dialog button that answers in a result box; returns the box's final text. */
  async function press(button: string, box: Locator): Promise<string> {
    await page.click(button); // the handler shows "Testing…" / "Creating…" at once
    await box.evaluate(
      (el) =>
        new Promise<void>((resolve) => {
          const done = (): boolean => !/^(Testing|Creating)…$/.test((el.textContent || "").trim());
          if (done()) return resolve();
          const observer = new MutationObserver(() => {
            if (done()) {
              observer.disconnect();
              resolve();
            }
          });
          observer.observe(el, { childList: true, subtree: true, characterData: true });
        }),
    );
    return (await box.innerText()).trim();
  }

  /** Waits (the editor validates on change, some fields a moment later) until the field is red or not. */
  async function expectRed(selector: string, red: boolean, what: string): Promise<void> {
    try {
      await page.waitForFunction(
        ([sel, want]) => document.querySelector(sel)?.classList.contains("input-error") === want,
        [selector, red] as const,
        { timeout: 10_000 },
      );
    } catch {
      assert.fail(
        `${what}: ${selector} should ${red ? "" : "not "}have the input-error class (value ${JSON.stringify(await page.inputValue(selector))})`,
      );
    }
  }

  async function setField(selector: string, value: string): Promise<void> {
    await page.fill(selector, value);
    await page.locator(selector).press("Tab"); // the editor validates on change
  }

  /** No catalogue key shows raw (an unresolved `peplink-ap.label.action`) and no `__value__` is left unfilled. */
  async function assertTranslated(area: Locator, what: string): Promise<void> {
    const texts = await area.evaluate((el) => {
      const out = [(el as HTMLElement).innerText];
      el.querySelectorAll("[placeholder], [title]").forEach((e) =>
        out.push(e.getAttribute("placeholder") || "", e.getAttribute("title") || ""),
      );
      el.querySelectorAll("option").forEach((o) => out.push(o.textContent || ""));
      return out.join("\n");
    });
    const raw = texts.match(/\b(?:common|peplink-[a-z-]+)\.[A-Za-z-]+\.[\w.-]+|__\w+__/g);
    assert.equal(raw, null, `${what}: unresolved catalogue keys or placeholders: ${raw?.join(", ")}`);
  }

  /** A message a user can read: no stack trace, no secret echoed, no HTML. */
  function assertReadable(text: string, secret?: string): void {
    assert.ok(text.length < 600, `short enough to read (${text.length} chars): ${text}`);
    assert.doesNotMatch(text, /\n\s*at\s+\S+\s+\(|\bat\s+[\w.<>]+\s+\([^)]*:\d+:\d+\)|node:internal|\.js:\d+/, `no stack trace: ${text}`);
    if (secret) assert.ok(!text.includes(secret), `the password is not echoed: ${text}`);
    assert.doesNotMatch(text, /<\/?[a-z]+[^>]*>|undefined|\[object Object\]/i, `no markup or placeholders: ${text}`);
  }

  async function shot(name: string, target?: Locator, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
    await page.mouse.move(0, 0); // no hover effects or tooltips in the pictures
    await page
      .locator(".red-ui-popover:visible")
      .first()
      .waitFor({ state: "hidden" })
      .catch(() => undefined);
    const file = path.join(shots, name);
    if (target) await target.screenshot({ path: file });
    else await page.screenshot({ path: file, clip });
  }

  function simWans(): Array<{ id: number; type: string }> {
    const state = sim.control.state;
    return state.wanOrder.map((id) => ({ id, type: state.wans[String(id)].type }));
  }

  /** Opens a WAN picker and answers its options as { id, type }. */
  async function pickerOptions(row: Locator): Promise<Array<{ id: number; type: string; text: string }>> {
    await row.locator(".peplink-wan-pick").click();
    const select = row.locator(".peplink-wan-select");
    await select.waitFor({ state: "visible" });
    const texts = await select.locator("option").allInnerTexts();
    return texts
      .filter((t) => !/choose a WAN/.test(t))
      .map((text) => {
        const m = /^(\d+): .* \(([\w-]+)[,)]/.exec(text);
        assert.ok(m, `a WAN option reads "<id>: <name> (<type>…)": ${text}`);
        return { id: Number(m[1]), type: m[2], text };
      });
  }

  // --- the walk --------------------------------------------------------------

  it(`shows every node type under the "${PALETTE_CATEGORY}" palette category`, async () => {
    await page.goto(red!.url);
    await page.locator("#red-ui-palette-container .red-ui-palette-node").first().waitFor({ timeout: 60_000 });
    // Node types register one by one; wait for the category to settle, then compare.
    const category = page.locator(`#red-ui-palette-container-${PALETTE_CATEGORY}`);
    await category.waitFor({ state: "attached", timeout: 60_000 });
    // The flow tab appears once every node definition has loaded and the flows are in.
    await page.locator("#red-ui-workspace-tabs .red-ui-tab").first().waitFor({ timeout: 60_000 });
    const shown = await category.locator(".red-ui-palette-node").evaluateAll((els) => els.map((e) => e.getAttribute("data-palette-type")));
    const missing = paletteTypes.filter((t) => !shown.includes(t));
    assert.deepEqual(missing, [], `node types missing from the ${PALETTE_CATEGORY} palette category (shown: ${shown.join(", ")})`);
    assert.deepEqual([...shown].sort(), [...paletteTypes].sort(), "the category shows exactly the package's node types");
    assert.equal((await page.locator(`#red-ui-palette-header-${PALETTE_CATEGORY}`).innerText()).trim(), PALETTE_CATEGORY);
    // The config node is registered (it lives in the config sidebar, not the palette).
    assert.equal(await page.evaluate((t) => RED.nodes.getType(t)?.category, configType), "config");

    // The editor opens on the Debug tab, with the peplink category open and on screen without scrolling.
    await page.locator("#red-ui-sidebar-tabs li.active#red-ui-tab-debug").waitFor({ state: "attached" });
    const header = await page.locator(`#red-ui-palette-header-${PALETTE_CATEGORY}`).boundingBox();
    const palette = await page.locator("#red-ui-palette .red-ui-palette-scroll").boundingBox();
    const firstNode = await category.locator(".red-ui-palette-node").first().boundingBox();
    assert.ok(header && palette && firstNode, "the category header and its first node are laid out");
    assert.ok(
      header.y >= palette.y && firstNode.y + firstNode.height <= palette.y + palette.height,
      `the ${PALETTE_CATEGORY} category is in view (${JSON.stringify({ header, firstNode, palette })})`,
    );
    assert.ok(await category.isVisible(), "the category is open");

    // Every editor file loaded the shared script from the package's resources/ folder.
    assert.ok(
      resourceAnswers.includes("200 /resources/node-red-contrib-peplink/peplink-editor.js"),
      `the shared script was served (${resourceAnswers.join(", ")})`,
    );
    assert.deepEqual(
      resourceAnswers.filter((a) => !a.startsWith("200 ")),
      [],
      "no resource request failed",
    );
    assert.equal(await page.evaluate(() => typeof (window as unknown as { PeplinkEditor?: unknown }).PeplinkEditor), "object");

    await filterPalette(PALETTE_CATEGORY);
    // Wait until the filter has hidden every other category (nodes and headers).
    await page.waitForFunction((name) => {
      const shown = (selector: string): HTMLElement[] =>
        Array.from(document.querySelectorAll<HTMLElement>(selector)).filter((e) => e.offsetParent !== null);
      const nodes = shown("#red-ui-palette .red-ui-palette-node");
      const headers = shown("#red-ui-palette .red-ui-palette-header");
      return (
        nodes.length > 0 &&
        nodes.every((e) => (e.getAttribute("data-palette-type") || "").startsWith(name)) &&
        headers.every((e) => (e.textContent || "").trim() === name)
      );
    }, PALETTE_CATEGORY);
    const box = await page.locator("#red-ui-palette").boundingBox();
    const last = await category.locator(".red-ui-palette-node").last().boundingBox();
    assert.ok(box && last);
    await shot("palette.png", undefined, {
      x: box.x,
      y: box.y,
      width: box.width,
      height: Math.min(box.height, last.y + last.height + 24 - box.y),
    });
  });

  it("adds a peplink status node and opens a new device config node from it", async () => {
    ids.status = await addNode("peplink-status", 420, 100);
    await openNode(ids.status);
    // The endpoint list comes from the runtime's catalog.
    await page.locator('#node-input-endpoint option[value="status.wan.connection.signal"]').waitFor({ state: "attached" });
    assert.equal(await page.inputValue("#node-input-endpoint"), "status.wan.connection");
    await expectRed("#node-input-device", true, "no device yet: the field is red");
    await page.click("#node-input-btn-device-add");
    await page.locator("#node-config-input-host").waitFor({ state: "visible" });
    assert.ok(await page.locator("#peplink-device-create").isHidden(), "the create-client panel is closed until asked for");
  });

  it("marks bad settings red and says what is wrong", async () => {
    await assertTranslated(page.locator("#node-config-dialog-edit-form"), "the device dialog");
    assert.equal(
      (await page.locator('label[for="node-config-input-authMode"]').innerText()).trim(),
      "Sign in with",
      "a label from the catalogue",
    );
    await page.fill("#node-config-input-name", "Simulator");
    await setField("#node-config-input-host", "127.0.0.1");
    await expectRed("#node-config-input-host", false, "an address is fine");
    await setField("#node-config-input-host", "http://127.0.0.1");
    await expectRed("#node-config-input-host", true, "a host with http:// is red");
    await expectRed("#node-config-input-port", false, "an empty port (the default) is fine");
    await setField("#node-config-input-port", "70000");
    await expectRed("#node-config-input-port", true, "port 70000 is red");
    await expectRed("#node-config-input-fingerprint", true, "no pinned fingerprint yet: red");

    const text = await press("#peplink-device-test", testResult());
    assert.match(text, /^Failed \(settings\): host: must be an IP address or host name/, `the result: ${text}`);
    assertReadable(text);

    await setField("#node-config-input-host", "127.0.0.1");
    await setField("#node-config-input-port", String(sim.port));
    await expectRed("#node-config-input-host", false, "a plain address is fine");
    await expectRed("#node-config-input-port", false, "the simulator's port is fine");
  });

  it("tests the connection: shows the certificate, not pinned yet, and pins it", async () => {
    const text = await press("#peplink-device-test", testResult());
    assert.match(text, /^Failed \(certificate\): not pinned yet/, `the result: ${text}`);
    const fingerprint = testResult().locator(".peplink-fingerprint");
    assert.equal((await fingerprint.innerText()).replace(/\s+/g, ""), sim.fingerprint);
    await assertFits(fingerprint, testResult(), "the fingerprint");
    await page.click("#peplink-device-pin");
    assert.equal(await page.inputValue("#node-config-input-fingerprint"), sim.fingerprint);
    assert.equal(await page.inputValue("#node-config-input-trust"), "pin");
    await expectRed("#node-config-input-fingerprint", false, "a pinned fingerprint is fine");
  });

  it("Create API client… with a wrong admin password shows a readable error", async () => {
    await page.click("#peplink-device-create-toggle");
    await page.locator("#peplink-device-create").waitFor({ state: "visible" });
    const wrong = "Wrong-e2e-Passw0rd";
    await page.fill("#peplink-device-admin-user", "admin");
    await page.fill("#peplink-device-admin-password", wrong);
    const text = await press("#peplink-device-create-go", createResult());
    assert.match(text, /^Failed: auth\.client: authentication failed: Invalid username or password/, `the result: ${text}`);
    assertReadable(text, wrong);
    assert.doesNotMatch(text, /next attempt/, "a one-shot dialog announces no retry");
    assert.equal(await page.inputValue("#node-config-input-clientId"), "", "nothing filled in");
  });

  it("Create API client… with the admin login fills in the client ID and secret", async () => {
    await page.fill("#peplink-device-admin-password", "admin");
    const text = await press("#peplink-device-create-go", createResult());
    assert.match(text, /^Created client Node-RED \(api\); client ID and secret filled in/, `the result: ${text}`);
    assert.match(await page.inputValue("#node-config-input-clientId"), /^\S{8,}$/);
    assert.match(await page.inputValue("#node-config-input-clientSecret"), /^\S{8,}$/);
    assert.equal(await page.inputValue("#node-config-input-authMode"), "client");
    assert.equal(await page.inputValue("#peplink-device-admin-password"), "", "the admin password is not kept in the form");
    await page.click("#peplink-device-create-toggle");
    await page.locator("#peplink-device-create").waitFor({ state: "hidden" });
  });

  it("a wrong password in login mode shows a readable error", async () => {
    const wrong = "Another-wr0ng-one";
    await page.selectOption("#node-config-input-authMode", "login");
    await page.locator("#node-config-input-username").waitFor({ state: "visible" });
    await page.fill("#node-config-input-username", "admin");
    await page.fill("#node-config-input-password", wrong);
    const text = await press("#peplink-device-test", testResult());
    assert.match(
      text,
      /^Failed \(authentication\): info\.firmware: authentication failed: Invalid username or password/,
      `the result: ${text}`,
    );
    assertReadable(text, wrong);
    assert.doesNotMatch(text, /next attempt/);
    await page.fill("#node-config-input-password", "");
    await page.selectOption("#node-config-input-authMode", "client");
    await page.locator("#node-config-input-clientId").waitFor({ state: "visible" });
  });

  it("tests the connection again: connected, firmware and the pinned certificate", async () => {
    const text = await press("#peplink-device-test", testResult());
    assert.match(text, /^Connected\./, `the result: ${text}`);
    assert.match(text, /^Firmware: /m, `the result shows the firmware: ${text}`);
    assert.equal((await testResult().locator(".peplink-firmware").innerText()).trim(), sim.control.state.device.firmware);
    assert.match(text, /Access: read-write/);
    assert.equal((await testResult().locator(".peplink-fingerprint").innerText()).replace(/\s+/g, ""), sim.fingerprint);
    await assertFits(testResult().locator(".peplink-fingerprint"), testResult(), "the fingerprint");
    assert.match(text, /\(pinned\)/);
    await testResult().scrollIntoViewIfNeeded();
    await shot("config-dialog.png");
  });

  it("adds the device and picks WANs in the status node's WAN picker", async () => {
    await page.click("#node-config-dialog-ok");
    await page.locator("#node-config-input-host").waitFor({ state: "detached" });
    ids.device = await page.inputValue("#node-input-device");
    assert.notEqual(ids.device, "_ADD_");
    await expectRed("#node-input-device", false, "the new device is chosen");
    assert.equal((await page.locator("#node-input-device option:checked").textContent())?.trim(), "Simulator");

    // status.wan.connection: the WAN IDs field has a picker listing every WAN of the router.
    const row = page.locator('.peplink-status-param[data-param="id"]');
    const options = await pickerOptions(row);
    assert.deepEqual(
      options.map((o) => ({ id: o.id, type: o.type })),
      simWans(),
      "the picker lists the simulator's WANs",
    );
    const select = row.locator(".peplink-wan-select");
    await select.selectOption("1");
    await select.selectOption("4");
    assert.equal(await page.inputValue("#peplink-status-param-id"), "1, 4");
    await shot("status-node.png");
    await closeNode();
    assert.deepEqual(await page.evaluate((id) => RED.nodes.node(id).params, ids.status), { id: [1, 4] });
  });

  it("the WAN picker of peplink sim offers only cellular WANs", async () => {
    ids.sim = await addNode("peplink-sim", 420, 180);
    await openNode(ids.sim);
    await page.selectOption("#node-input-device", { label: "Simulator" });
    const row = page.locator("#node-input-connId").locator("xpath=..");
    const options = await pickerOptions(row);
    const cellular = simWans().filter((w) => w.type === "cellular");
    assert.ok(cellular.length > 0 && cellular.length < simWans().length, "the simulator has cellular and other WANs");
    assert.deepEqual(
      options.map((o) => ({ id: o.id, type: o.type })),
      cellular,
      "only the cellular WANs",
    );
    await row.locator(".peplink-wan-select").selectOption(String(cellular[0].id));
    assert.equal(await page.inputValue("#node-input-connId"), String(cellular[0].id));
    await expectRed("#node-input-connId", false, "the picked WAN is valid");
    await closeNode();
  });

  it("deploys, and the status node's output shows in the debug sidebar", async () => {
    ids.inject = await addNode("inject", 180, 140);
    ids.debug = await addNode("debug", 680, 140);
    await wire(ids.inject, ids.status);
    await wire(ids.inject, ids.sim);
    await wire(ids.status, ids.debug);
    await wire(ids.sim, ids.debug);
    await filterPalette(PALETTE_CATEGORY);

    await page.click("#red-ui-header-button-deploy");
    await page.locator(".red-ui-notification", { hasText: "Successfully deployed" }).waitFor();
    await page.locator("#red-ui-header-button-deploy.disabled").waitFor({ state: "attached" });

    await page.click("#red-ui-tab-debug-link-button");
    await nodeOnChart(ids.inject).locator(".red-ui-flow-node-button").click();
    const message = page.locator(`.red-ui-debug-msg.red-ui-debug-msg-node-${ids.debug}`, {
      has: page.locator(".red-ui-debug-msg-topic", { hasText: "status.wan.connection" }),
    });
    await message.waitFor({ timeout: 30_000 });
    // Open the payload and WAN 1 as a user would.
    await message.locator(".red-ui-debug-msg-object-handle").first().click();
    await message.locator('.red-ui-debug-msg-row:has(> .red-ui-debug-msg-object-key:text-is("1"))').click();
    await message.locator('.red-ui-debug-msg-object-key:text-is("name")').first().waitFor();
    const text = await message.innerText();
    assert.match(text, /name: "WAN 1"/);
    assert.match(text, /message: "Connected"/);
    const keys = await message.locator(".red-ui-debug-msg-element .red-ui-debug-msg-object-key").allInnerTexts();
    assert.ok(keys.includes("4") && !keys.includes("2"), `only the picked WANs 1 and 4 were read (keys: ${keys.join(", ")})`);
    // The SIM node answered too.
    await page
      .locator(`.red-ui-debug-msg.red-ui-debug-msg-node-${ids.debug}`, {
        has: page.locator(".red-ui-debug-msg-topic", { hasText: "cmd.wan.cellular" }),
      })
      .waitFor();
    // The status node's status under it is not an error.
    const status = nodeOnChart(ids.status).locator(".red-ui-flow-node-status-label");
    await status.waitFor();
    assert.doesNotMatch((await status.textContent()) ?? "", /fail|error|unreachable|mismatch/i);
    // Let the "deployed" / "injected" notifications go before the picture.
    await page
      .locator(".red-ui-notification")
      .first()
      .waitFor({ state: "hidden", timeout: 15_000 })
      .catch(() => undefined);
    await page
      .waitForFunction(() => document.querySelectorAll(".red-ui-notification").length === 0, undefined, { timeout: 15_000 })
      .catch(() => undefined);
    await shot("first-flow.png");
  });

  it("every node's help renders in the help sidebar with Inputs, Outputs and Details", async () => {
    await page.click("#red-ui-tab-help-link-button");
    const help = page.locator(".red-ui-sidebar-help-stack > .red-ui-panel > .red-ui-help");
    const checkHelp = async (type: string, title: string): Promise<void> => {
      await help.locator("h1.red-ui-help-title", { hasText: title }).waitFor();
      const headings = (await help.locator("h3").allInnerTexts()).map((h) => h.trim());
      for (const h of ["Inputs", "Outputs", "Details"])
        assert.ok(headings.includes(h), `${type}: help has "${h}" (has: ${headings.join(", ")})`);
      const body = (await help.innerText()).trim();
      assert.ok(body.length > 200, `${type}: the help says something`);
      await assertTranslated(help, `${type}'s help`);
    };

    await filterPalette(PALETTE_CATEGORY);
    for (const type of paletteTypes) {
      const node = paletteNode(type);
      const label = (await node.locator(".red-ui-palette-label").innerText()).replace(/\s+/g, " ").trim();
      // The palette node's tooltip (it ends with "<module> : <type>") has the "show help" button.
      const popover = page.locator(".red-ui-popover:visible", { has: page.locator("p", { hasText: new RegExp(`: ${type}$`) }) });
      const book = popover.locator("button:has(i.fa-book)");
      for (let attempt = 0; ; attempt++) {
        await page.mouse.move(700, 600);
        await page.locator(".red-ui-popover:visible").first().waitFor({ state: "hidden" });
        await node.hover();
        try {
          await book.waitFor({ state: "visible", timeout: 5_000 });
          break;
        } catch (err) {
          if (attempt >= 2) throw err;
        }
      }
      await book.click();
      await checkHelp(type, label);
    }

    // The config node has no palette entry: the help tab's own index lists it.
    const search = page.locator(".red-ui-sidebar-info:has(.red-ui-sidebar-help-stack) .red-ui-info-toolbar input");
    await search.fill("");
    await search.pressSequentially(configType);
    await page.locator(".red-ui-sidebar-help-toc .red-ui-treeList-label", { hasText: configType }).first().click();
    await checkHelp(configType, configType);
  });

  it("every node's form shows its texts from the catalogues, with the shared Device / Topic / Name rows", async () => {
    const labels: Record<string, string> = {};
    for (const type of paletteTypes) {
      const id = await addNode(type, 560, 420);
      await openNode(id);
      const form = page.locator("#dialog-form");
      await form.locator("#node-input-device").waitFor({ state: "attached" });
      await assertTranslated(form, `${type}'s form`);
      labels[type] = (await form.locator('label[for="node-input-device"]').innerText()).trim();
      assert.equal((await form.locator('label[for="node-input-name"]').innerText()).trim(), "Name", `${type}: the shared Name row`);
      assert.ok(
        await page.locator("#node-input-device").evaluate((el) => el.tagName === "SELECT"),
        `${type}: Node-RED made the Device row a config-node select`,
      );
      await page.click("#node-dialog-cancel");
      await page.locator("#node-dialog-cancel").waitFor({ state: "detached" });
      await page.evaluate((nodeId) => {
        RED.nodes.remove(nodeId);
        RED.view.redraw(true);
      }, id);
    }
    assert.deepEqual(new Set(Object.values(labels)), new Set(["Device"]), "every form's Device label comes from the shared catalogue");
  });

  it("the demo flow of npm start shows its story in the debug sidebar", async () => {
    // scripts/demo-flow.js, deployed as `npm start` does (replacing the flow above).

    const { demoFlow } = require(path.join(root, "scripts", "demo-flow.js")) as DemoFlow;
    const client = sim.control.createClient({ name: "Node-RED demo", scope: "api" });
    const flow = demoFlow({ port: sim.port, fingerprint: sim.fingerprint!, ...client, mqttPort: mqttBroker!.port });
    await runner.deployFlows(red!.url, flow);
    // As a new user opens `npm start`'s editor: a fresh window, 1600 px wide.
    await page.context().close();
    page = await openPage(1600, 1000);
    await page.goto(red!.url);
    await page.locator("#red-ui-workspace-tabs .red-ui-tab", { hasText: "Peplink demo" }).first().waitFor({ timeout: 60_000 });
    await page.locator('#red-ui-workspace-chart g.red-ui-flow-node-group[id="demo-sms-in"]').waitFor();
    // It opens on the Debug tab, the story's place, with the peplink category in view.
    await page.locator("#red-ui-sidebar-tabs li.active#red-ui-tab-debug").waitFor({ state: "attached" });
    const palette = await page.locator("#red-ui-palette .red-ui-palette-scroll").boundingBox();
    const header = await page.locator(`#red-ui-palette-header-${PALETTE_CATEGORY}`).boundingBox();
    assert.ok(
      palette && header && header.y >= palette.y && header.y + header.height <= palette.y + palette.height,
      "the peplink category is in view",
    );
    const debugOf = (id: string): Locator => page.locator(`.red-ui-debug-msg.red-ui-debug-msg-node-${id}`);

    // The status poll reports at once; then a WAN fails and an SMS arrives, as in npm start's story.
    // (Its first WAN status went out before the page loaded; the poll sends again when WAN 1 changes.)
    await page
      .locator('#red-ui-workspace-chart g.red-ui-flow-node-group[id="demo-sms-in"] .red-ui-flow-node-status-label', { hasText: "watching" })
      .waitFor();
    sim.control.setWanState(1, "disconnected");
    sim.control.injectSms({ sender: "+15559876543", content: "Hello from the demo phone" });
    await debugOf("demo-debug-wan").first().waitFor({ timeout: 30_000 });
    const event = debugOf("demo-debug-events").filter({ hasText: "disconnected" }).first();
    await event.waitFor({ timeout: 30_000 });
    await debugOf("demo-debug-sent").first().waitFor({ timeout: 30_000 });
    await debugOf("demo-debug-sms").first().waitFor({ timeout: 30_000 });
    assert.match(await event.innerText(), /WAN 1/);

    // Open the WAN event and the received SMS, as a user would.
    await event.locator(".red-ui-debug-msg-object-handle").first().click();
    const sms = debugOf("demo-debug-sms").first();
    await sms.locator(".red-ui-debug-msg-object-handle").first().click();
    assert.match(await sms.innerText(), /Hello from the demo phone/);
    // No node of the demo reports a problem with the router.
    const statuses = await page.locator("#red-ui-workspace-chart .red-ui-flow-node-status-label").allTextContents();
    const problems = statuses.filter((t) => /fail|error|unreachable|mismatch|unavailable/i.test(t));
    assert.deepEqual(problems, [], `node statuses: ${statuses.join(" | ")}`);
    // A wider debug sidebar for the picture (the flow still fits).
    const separator = await page.locator("#red-ui-sidebar-separator").boundingBox();
    if (separator) {
      await page.mouse.move(separator.x + separator.width / 2, separator.y + separator.height / 2);
      await page.mouse.down();
      await page.mouse.move(separator.x - 50, separator.y + separator.height / 2, { steps: 8 });
      await page.mouse.up();
    }
    await page
      .locator(".red-ui-notification")
      .first()
      .waitFor({ state: "hidden", timeout: 15_000 })
      .catch(() => undefined);
    // The whole flow fits: no node is cut off by the workspace's edges, and it spans at most 1600 px.
    const chart = await page.locator("#red-ui-workspace-chart").boundingBox();
    const boxes = await page.locator("#red-ui-workspace-chart g.red-ui-flow-node-group").evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { id: e.id, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      }),
    );
    assert.ok(chart && boxes.length >= 20, `the demo's nodes are drawn (${boxes.length})`);
    const left = Math.min(...boxes.map((b) => b.left));
    const right = Math.max(...boxes.map((b) => b.right));
    assert.ok(right - left <= 1600, `the flow is ${Math.round(right - left)} px wide`);
    const cut = boxes.filter(
      (b) => b.left < chart.x || b.right > chart.x + chart.width || b.top < chart.y || b.bottom > chart.y + chart.height,
    );
    assert.deepEqual(
      cut.map((b) => b.id),
      [],
      `nodes outside the visible workspace (${JSON.stringify(chart)})`,
    );
    await shot("demo-flow.png");
  });

  it("the demo's Home Assistant node announces the router: its discovery topics in the debug sidebar", async () => {
    const debugOf = (id: string): Locator => page.locator(`.red-ui-debug-msg.red-ui-debug-msg-node-${id}`);
    await nodeOnChart("demo-ha").locator(".red-ui-flow-node-status-label", { hasText: "online" }).waitFor({ timeout: 30_000 });
    // Home Assistant (re)starts: its birth message makes the node publish every config again, now in view.
    await page.click("#red-ui-sidebar-debug-clear");
    const ha = await HaClient.connect(mqttBroker!, "homeassistant/#");
    try {
      await ha.publish("homeassistant/status", "online");
      const config = debugOf("demo-debug-ha-configs").filter({ hasText: "homeassistant/sensor/peplink_" }).first();
      await config.waitFor({ timeout: 30_000 });
      await debugOf("demo-debug-ha-configs").nth(10).waitFor({ timeout: 30_000 });
      const topics = await page.locator(".red-ui-debug-msg-node-demo-debug-ha-configs .red-ui-debug-msg-topic").allInnerTexts();
      assert.ok(
        topics.some((t) => /^homeassistant\/switch\/peplink_[\w-]+\/ap\/config\b/.test(t.trim())),
        `the AP switch is announced: ${topics.slice(0, 5).join(" | ")}`,
      );
      // The state sensor of WAN 1 opened, as a user would look at one config.
      const wan = debugOf("demo-debug-ha-configs").filter({ hasText: "/wan1_state/config" }).first();
      await wan.locator(".red-ui-debug-msg-object-handle").first().click();
      assert.match(await wan.innerText(), /unique_id/);
    } finally {
      await ha.close();
    }
    await page
      .locator(".red-ui-notification")
      .first()
      .waitFor({ state: "hidden", timeout: 15_000 })
      .catch(() => undefined);
    await shot("homeassistant-topics.png");
  });

  it("raised no errors in the page", () => {
    if (consoleErrors.length) console.log(`    (console, for information: ${consoleErrors.join(" | ")})`);
    assert.deepEqual(pageErrors, [], "uncaught errors in the editor");
    const ours = consoleErrors.filter((e) => /peplink/i.test(e));
    assert.deepEqual(ours, [], "console errors about peplink");
  });

  it(`saves the screenshots to ${path.relative(root, IMAGES)}`, () => {
    fs.mkdirSync(IMAGES, { recursive: true });
    for (const file of fs.readdirSync(shots)) fs.copyFileSync(path.join(shots, file), path.join(IMAGES, file));
    console.log(
      `    screenshots: ${fs
        .readdirSync(shots)
        .map((f) => path.relative(root, path.join(IMAGES, f)))
        .join(", ")}`,
    );
  });
});

// The editor's globals, as used above.
declare const RED: {
  nodes: {
    eachNode(cb: (n: { id: string; type: string }) => void): void;
    eachLink(cb: (l: { source: { id: string }; target: { id: string } }) => void): void;
    getType(type: string): { category?: string } | undefined;
    node(id: string): Record<string, unknown>;
    remove(id: string): unknown;
  };
  view: { redraw(full?: boolean): void };
};
