/**
 * Loads `examples/<file>.json` into Node-RED as a user imports it, pointed at
 * the test simulator:
 *
 * - node `credentials` go to the credentials map Node-RED keeps them in;
 * - every `peplink-device` gets the simulator's host, port and protocol; its
 *   TLS trust stays `insecure` when the example says so, anything else pins
 *   the simulator's certificate (a fresh one at each start); its login stays;
 * - URLs of the simulator's control API (`https://127.0.0.1:8443/...`, used by
 *   core http request nodes) point at the test simulator;
 * - `debug` nodes become `helper` nodes (same id and name) to read what they
 *   would show;
 * - `mqtt-broker` nodes point at the test's broker (`options.mqtt`), when given;
 * - every peplink node module is loaded, and the core modules of the node
 *   types the example uses.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Simulator } from "../../dist/simulator";
import { helper, nodeModule, type TestNode } from "./node-red";

export type FlowNode = Record<string, unknown>;
export type Credentials = Record<string, Record<string, unknown>>;
type NodeModule = (RED: unknown) => void;

const ROOT = join(__dirname, "..", "..");
export const EXAMPLES_DIR = join(ROOT, "examples");
/** Where the examples expect the simulator (`npx peplink-simulator --https`). */
export const EXAMPLE_SIMULATOR_URL = "https://127.0.0.1:8443";

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { "node-red": { nodes: Record<string, string> } };

/** The peplink node types the package registers (`package.json` `node-red.nodes`), with their built module. */
export const PEPLINK_NODES: Readonly<Record<string, string>> = pkg["node-red"].nodes;

/** Core node types examples may use, and their module under `@node-red/nodes/core/`. */
export const CORE_NODES: Readonly<Record<string, string>> = {
  tab: "",
  inject: "common/20-inject.js",
  debug: "common/21-debug.js",
  complete: "common/24-complete.js",
  catch: "common/25-catch.js",
  status: "common/25-status.js",
  "link in": "common/60-link.js",
  "link out": "common/60-link.js",
  comment: "common/90-comment.js",
  function: "function/10-function.js",
  switch: "function/10-switch.js",
  change: "function/15-change.js",
  range: "function/16-range.js",
  template: "function/80-template.js",
  delay: "function/89-delay.js",
  trigger: "function/89-trigger.js",
  rbe: "function/rbe.js",
  "tls-config": "network/05-tls.js",
  "mqtt-broker": "network/10-mqtt.js",
  "mqtt in": "network/10-mqtt.js",
  "mqtt out": "network/10-mqtt.js",
  "http request": "network/21-httprequest.js",
  json: "parsers/70-JSON.js",
  split: "sequence/17-split.js",
  join: "sequence/17-split.js",
};

/** The example files, sorted (a new file is picked up by every test that iterates them). */
export function exampleFiles(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort();
}

/** An example's nodes exactly as the file has them (a fresh copy each call). */
export function readExample(file: string): FlowNode[] {
  return JSON.parse(readFileSync(join(EXAMPLES_DIR, file), "utf8")) as FlowNode[];
}

export interface ExampleOptions {
  /**
   * Edits the prepared nodes before they are loaded (e.g. a shorter poll
   * interval for a test); return a new list or change them in place.
   */
  change?: (nodes: FlowNode[]) => FlowNode[] | void;
  /** The MQTT broker of the test (aedes on loopback) that `mqtt-broker` nodes use instead of theirs. */
  mqtt?: { port: number };
}

/** An example prepared for the test simulator (see the file comment), not loaded. */
export function exampleFlow(file: string, sim: Simulator, options: ExampleOptions = {}): { nodes: FlowNode[]; credentials: Credentials } {
  const credentials: Credentials = {};
  let nodes = readExample(file).map((original): FlowNode => {
    const { credentials: creds, ...n } = original;
    if (creds) credentials[n.id as string] = creds as Record<string, unknown>;
    if (n.type === "debug") return { id: n.id, type: "helper", z: n.z, name: n.name, wires: [] };
    if (n.type === "peplink-device") {
      Object.assign(n, { host: sim.host, port: String(sim.port), protocol: sim.protocol });
      if (n.trust !== "insecure") Object.assign(n, { trust: "pin", fingerprint: sim.fingerprint ?? "" });
    }
    if (typeof n.url === "string") n.url = n.url.replace(EXAMPLE_SIMULATOR_URL, sim.url);
    if (n.type === "mqtt-broker" && options.mqtt) Object.assign(n, { broker: "127.0.0.1", port: String(options.mqtt.port) });
    return n;
  });
  if (options.change) nodes = options.change(nodes) ?? nodes;
  return { nodes, credentials };
}

/** Every peplink module, and the core modules of the node types in `nodes`. */
export function modulesFor(nodes: FlowNode[]): NodeModule[] {
  const peplink = Object.keys(PEPLINK_NODES).map((type) => nodeModule(type));
  const core = new Set<string>();
  for (const n of nodes) {
    const type = String(n.type);
    if (type === "helper" || type in PEPLINK_NODES) continue;
    const file = CORE_NODES[type];
    if (file === undefined) throw new Error(`examples helper: no module known for node type "${type}" (node ${String(n.id)})`);
    if (file) core.add(file);
  }
  // The core nodes of the Node-RED the specs run on (PEPLINK_NODE_RED: the version matrix), not always the devDependency's.
  const from = process.env.PEPLINK_NODE_RED ? { paths: [process.env.PEPLINK_NODE_RED] } : undefined;
  return [...peplink, ...[...core].map((file) => require(require.resolve(`@node-red/nodes/core/${file}`, from)) as NodeModule)];
}

export interface LoadedExample {
  /** The nodes as loaded. */
  nodes: FlowNode[];
  /** The node named `name`; throws when no node, or more than one, has that name. */
  byName(name: string): TestNode;
}

/** Loads an example into Node-RED against the simulator (see the file comment). */
export async function loadExample(file: string, sim: Simulator, options: ExampleOptions = {}): Promise<LoadedExample> {
  const { nodes, credentials } = exampleFlow(file, sim, options);
  await helper.load(modulesFor(nodes), nodes, credentials);
  return {
    nodes,
    byName(name: string): TestNode {
      const ids = nodes.filter((n) => n.name === name).map((n) => String(n.id));
      if (ids.length !== 1)
        throw new Error(`${file}: ${ids.length === 0 ? "no node" : `${ids.length} nodes (${ids.join(", ")})`} named "${name}"`);
      return helper.getNode(ids[0]);
    },
  };
}
