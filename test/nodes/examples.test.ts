/**
 * Every file in examples/ (read from the directory: a new example is covered
 * without touching this spec): it parses, uses only peplink and core node
 * types, only properties the node editors know, the one shared simulator
 * device, ids of its own, a comment that says how to run it; and it loads into
 * Node-RED against the simulator without errors or warnings from the peplink
 * nodes, and its injects make something arrive at a debug node (or a Catch).
 */
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CORE_NODES, PEPLINK_NODES, exampleFiles, loadExample, readExample, type FlowNode } from "../helpers/examples";
import { helper, until, type Msg } from "../helpers/node-red";
import { useSimulator } from "../helpers/simulator";
import { startBroker, type Broker } from "../helpers/mqtt";

/** The device every example uses: importing several examples adds one device, not one each. */
const SHARED_DEVICE = {
  id: "peplink-simulator-device",
  type: "peplink-device",
  name: "Simulator (127.0.0.1:8443)",
  host: "127.0.0.1",
  port: "8443",
  protocol: "https",
  trust: "insecure",
  fingerprint: "",
  authMode: "login",
  scope: "",
  timeout: 10,
  maxConcurrent: 2,
  queueLimit: 1000,
  credentials: { username: "admin", password: "admin" },
};

/** What each example's comment must say. */
const RUN_IT = "npx peplink-simulator --https";
const TRUST_NOTE = "for the simulator only: pin your router's certificate";

/** Properties Node-RED itself gives any node (position, wiring, group, description…). */
const NODE_RED_KEYS = new Set(["id", "type", "z", "g", "x", "y", "w", "h", "wires", "info", "d", "l", "credentials"]);

type ValueKind = "object" | "array" | "boolean" | "number" | "string" | "other";

/**
 * The top-level keys of the `<block>: {` object literal in nodes/<type>.html
 * (`defaults` or `credentials`): the properties the editor knows, each with
 * the kind of its default `value` (the editor form writes that kind back).
 */
function editorProperties(type: string, block: "defaults" | "credentials"): Map<string, ValueKind> {
  const html = readFileSync(join(__dirname, "..", "..", "nodes", `${type}.html`), "utf8");
  const registration = html.indexOf(`registerType("${type}"`);
  assert.ok(registration >= 0, `nodes/${type}.html registers ${type}`);
  const start = html.indexOf(`${block}: {`, registration);
  const properties = new Map<string, ValueKind>();
  if (start < 0) return properties;
  let depth = 0;
  for (let i = html.indexOf("{", start); i < html.length; i++) {
    const c = html[i];
    if (c === "/" && html[i + 1] === "/") {
      // Skip a line comment (an apostrophe in it is not a string).
      i = html.indexOf("\n", i) - 1;
      continue;
    }
    if (c === '"' || c === "'") {
      // Skip a string literal (a brace inside it is not structure).
      for (i++; i < html.length && html[i] !== c; i++) if (html[i] === "\\") i++;
      continue;
    }
    if (c === "}" && --depth === 0) return properties;
    if (c === "{") depth++;
    if (depth === 1 && (c === "{" || c === "," || c === "\n")) {
      const key = /^\s*([A-Za-z_$][\w$]*)\s*:\s*(?:\{\s*value:\s*(\{\}|\[\]|true|false|-?\d[\d.]*|"|'))?/.exec(html.slice(i + 1, i + 300));
      if (key) properties.set(key[1], kindOfLiteral(key[2]));
    }
  }
  throw new Error(`nodes/${type}.html: ${block} is not closed`);
}

function kindOfLiteral(literal: string | undefined): ValueKind {
  if (literal === undefined) return "other";
  if (literal === "{}") return "object";
  if (literal === "[]") return "array";
  if (literal === "true" || literal === "false") return "boolean";
  if (literal === '"' || literal === "'") return "string";
  return "number";
}

/** Whether an example's value is what the editor form keeps for a default of that kind. */
function fitsKind(value: unknown, kind: ValueKind): boolean {
  switch (kind) {
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "array":
      return Array.isArray(value);
    case "boolean":
      return typeof value === "boolean";
    case "number":
      // Text inputs give strings; a number, a numeric string, empty or ${ENV} is what the form can hold.
      return (
        typeof value === "number" ||
        (typeof value === "string" && (value === "" || !Number.isNaN(Number(value)) || /^\$\{\w+\}$/.test(value)))
      );
    case "string":
      return typeof value === "string";
    default:
      return true;
  }
}

function idsOf(nodes: FlowNode[]): string[] {
  return nodes.map((n) => String(n.id));
}

describe("examples/", function () {
  const files = exampleFiles();

  it("holds examples", () => {
    assert.ok(files.length >= 13, files.join(", "));
  });

  for (const file of files) {
    describe(file, function () {
      it("parses: one tab, every node with an id and a type, on that tab", () => {
        const nodes = readExample(file);
        assert.ok(Array.isArray(nodes) && nodes.length > 0);
        for (const n of nodes) assert.ok(typeof n.id === "string" && n.id && typeof n.type === "string", JSON.stringify(n).slice(0, 80));
        const tabs = nodes.filter((n) => n.type === "tab");
        assert.equal(tabs.length, 1, "one tab");
        for (const n of nodes) if (n.z !== undefined) assert.equal(n.z, tabs[0].id, `${String(n.id)} is on the example's tab`);
        assert.equal(new Set(idsOf(nodes)).size, nodes.length, "ids unique within the file");
      });

      it("uses only the package's node types and core types", () => {
        for (const n of readExample(file)) {
          const type = String(n.type);
          assert.ok(
            type in PEPLINK_NODES || (type in CORE_NODES && !type.startsWith("peplink")),
            `${String(n.id)}: unknown node type ${type}`,
          );
        }
      });

      it("uses only properties the peplink node editors know (nodes/<type>.html defaults and credentials): all of them, each of its kind", () => {
        for (const n of readExample(file)) {
          const type = String(n.type);
          if (!(type in PEPLINK_NODES)) continue;
          const defaults = editorProperties(type, "defaults");
          const unknown = Object.keys(n).filter((k) => !defaults.has(k) && !NODE_RED_KEYS.has(k));
          assert.deepEqual(unknown, [], `${String(n.id)} (${type}): properties not in the editor's defaults`);
          const missing = [...defaults.keys()].filter((k) => !(k in n));
          assert.deepEqual(missing, [], `${String(n.id)} (${type}): properties the editor saves, missing`);
          const misfits = [...defaults]
            .filter(([k, kind]) => !fitsKind(n[k], kind))
            .map(([k, kind]) => `${k}: ${JSON.stringify(n[k])} (the editor keeps a ${kind})`);
          assert.deepEqual(misfits, [], `${String(n.id)} (${type}): values the editor form does not hold`);
          const credentials = editorProperties(type, "credentials");
          const unknownCredentials = Object.keys((n.credentials as object | undefined) ?? {}).filter((k) => !credentials.has(k));
          assert.deepEqual(unknownCredentials, [], `${String(n.id)} (${type}): credentials the editor does not know`);
        }
      });

      it("uses the shared simulator device, for every peplink node", () => {
        const nodes = readExample(file);
        const devices = nodes.filter((n) => n.type === "peplink-device");
        assert.equal(devices.length, 1, "one device node");
        assert.deepEqual(devices[0], SHARED_DEVICE);
        for (const n of nodes) {
          if (String(n.type).startsWith("peplink-") && n.type !== "peplink-device")
            assert.equal(n.device, SHARED_DEVICE.id, `${String(n.id)} uses the shared device`);
        }
      });

      it("says what it shows and how to run it in a comment", () => {
        const comments = readExample(file).filter((n) => n.type === "comment");
        assert.ok(comments.length >= 1, "a comment node");
        const text = comments.map((c) => `${String(c.name ?? "")}\n${String(c.info ?? "")}`).join("\n");
        assert.ok(text.includes(RUN_IT), `the comment says: ${RUN_IT}`);
        assert.ok(text.includes(TRUST_NOTE), `the comment says: ${TRUST_NOTE}`);
        assert.ok(
          comments.some((c) => String(c.info ?? "").length >= 80),
          "the comment explains the example",
        );
      });
    });
  }

  it("keeps node ids apart: one prefix per example (its tab's id without 'tab'), the device shared", () => {
    const prefixes = new Map<string, string>();
    for (const file of files) {
      const nodes = readExample(file);
      const tab = String(nodes.find((n) => n.type === "tab")!.id);
      assert.match(tab, /^[a-z0-9-]+-tab$/, `${file}: the tab id is <prefix>-tab`);
      const prefix = tab.slice(0, -"tab".length);
      for (const id of idsOf(nodes)) if (id !== SHARED_DEVICE.id) assert.ok(id.startsWith(prefix), `${file}: ${id} starts with ${prefix}`);
      for (const [other, otherFile] of prefixes) {
        assert.ok(
          !prefix.startsWith(other) && !other.startsWith(prefix),
          `${file} (${prefix}) and ${otherFile} (${other}): prefixes overlap`,
        );
      }
      prefixes.set(prefix, file);
    }
    const all = files.flatMap((f) => idsOf(readExample(f))).filter((id) => id !== SHARED_DEVICE.id);
    assert.equal(new Set(all).size, all.length, "ids unique across examples");
  });
});

interface LogEntry {
  level?: number;
  type?: string;
  id?: string;
  msg?: unknown;
}

const FATAL = 10;
const ERROR = 20;
const WARN = 30;

/** What the peplink nodes logged at the given levels. */
function peplinkLog(levels: number[]): string[] {
  return (helper.log().args as Array<[LogEntry]>)
    .map((call) => call[0])
    .filter((e) => e && levels.includes(e.level as number) && String(e.type) in PEPLINK_NODES)
    .map((e) => `${String(e.type)} ${String(e.id)}: ${String(e.msg)}`);
}

describe("examples/ against the simulator", function () {
  const handle = useSimulator({ carrierScanDurationMs: 300, wifiConnectDelayMs: 100 });
  // Examples with an mqtt-broker node use this one (aedes on loopback) instead of localhost:1883.
  let broker: Broker;
  beforeEach(async () => {
    broker = await startBroker();
  });
  afterEach(async () => {
    await helper.unload();
    await broker.close();
  });

  for (const file of exampleFiles()) {
    it(`${file}: loads without peplink errors or warnings; its injects reach a debug node or a Catch`, async () => {
      const example = await loadExample(file, handle.sim, { mqtt: { port: broker.port } });
      const received: Array<{ id: string; msg: Msg }> = [];
      for (const n of example.nodes) {
        if (n.type === "helper") helper.getNode(String(n.id)).on("input", (msg: Msg) => received.push({ id: String(n.id), msg }));
      }
      // What the example does by itself at start (sign in, first polls) has been answered.
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(peplinkLog([FATAL, ERROR, WARN]), [], "no error or warning at start");

      const injects = example.nodes.filter((n) => n.type === "inject");
      if (injects.length > 0) received.length = 0;
      // One at a time until something arrives (two simulated SMS from one sender in the same second would be one SMS).
      for (const inject of injects) {
        helper.getNode(String(inject.id)).receive({});
        if (received.length === 0) await until(() => received.length > 0, "", 1100).catch(() => undefined);
      }
      await until(() => received.length > 0, `a message at a debug node or a Catch of ${file} (${injects.length} injects)`);
      // Let the other injects' messages arrive too, then: errors only where a Catch shows them.
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(peplinkLog([FATAL, WARN]), [], "no warning");
      const caughtBy = new Set(example.nodes.filter((n) => n.type === "catch").flatMap((n) => (n.wires as string[][]).flat()));
      const caught = received.filter((r) => caughtBy.has(r.id)).length;
      const errors = peplinkLog([ERROR]);
      assert.ok(
        errors.length <= caught,
        `every peplink error reaches a Catch: ${errors.length} logged, ${caught} caught\n${errors.join("\n")}`,
      );
    });
  }
});
