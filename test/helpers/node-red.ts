/**
 * Runs nodes inside Node-RED (node-red-node-test-helper) against the simulator.
 * Flows are built from small helpers; messages are collected from helper nodes
 * and errors from a real Catch node.
 */
import * as assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import helper = require("node-red-node-test-helper");
import type { TestNode } from "node-red-node-test-helper";
import type { Simulator } from "../../dist/simulator";

// PEPLINK_NODE_RED: another Node-RED install (a folder holding node_modules/node-red) to run the
// specs on, e.g. Node-RED 5 or 3.1 in .ci/run's version matrix; default the devDependency.
const nodeRedMain = process.env.PEPLINK_NODE_RED
  ? require.resolve("node-red", { paths: [process.env.PEPLINK_NODE_RED] })
  : require.resolve("node-red");
helper.init(nodeRedMain);

export { helper };
export type { TestNode };

// --- message catalogues -----------------------------------------------------
// The test helper hands every node file a RED._ that answers the key itself.
// Node-RED's registry instead loads dist/nodes/locales/<lang>/<type>.json as the
// namespace "<package>/<type>" and binds the file's RED._ to it: the specs do the
// same with the i18n of the Node-RED under test, so statuses read as users see them.

const PACKAGE = "node-red-contrib-peplink";
const LOCALES = join(__dirname, "..", "..", "dist", "nodes", "locales");
interface I18n {
  init(settings: object): unknown;
  registerMessageCatalog(namespace: string, dir: string, file: string): Promise<void>;
  _(key: string, values?: object): string;
}

const i18n = (require(require.resolve("@node-red/util", { paths: [dirname(nodeRedMain)] })) as { i18n: I18n }).i18n;
const catalogues: Promise<void> = (async () => {
  await i18n.init({ lang: "en-US" });
  for (const file of readdirSync(join(LOCALES, "en-US")).filter((f) => f.endsWith(".json"))) {
    await i18n.registerMessageCatalog(`${PACKAGE}/${file.replace(/\.json$/, "")}`, LOCALES, file);
  }
})();
// A root hook: every spec that loads nodes waits for the catalogues once.
before(() => catalogues);

export type NodeModule = (RED: unknown) => unknown;

/** A node file's module, given a RED whose `_` reads the file's catalogue as in Node-RED. */
export function withCatalogue(type: string, module: NodeModule): NodeModule {
  return (red) => {
    const bound = Object.create(red as object) as { _: (key: string, values?: object) => string };
    bound._ = (key, values) => i18n._(key.includes(":") ? key : `${PACKAGE}/${type}:${key}`, values);
    return module(bound);
  };
}

export function nodeModule(type: string): NodeModule {
  return withCatalogue(type, require(`../../dist/nodes/${type}.js`) as NodeModule);
}

export const deviceModule = nodeModule("peplink-device");

export interface DeviceOptions {
  id?: string;
  authMode?: "client" | "login";
  trust?: "pin" | "verify" | "insecure";
  fingerprint?: string;
  scope?: string;
  timeout?: number;
  maxConcurrent?: number;
  name?: string;
  port?: number;
}

/** A peplink-device config node for the simulator, and its credentials. */
export function device(
  sim: Simulator,
  credentials: Record<string, string>,
  options: DeviceOptions = {},
): { node: Record<string, unknown>; credentials: Record<string, Record<string, string>> } {
  const id = options.id ?? "dev1";
  return {
    node: {
      id,
      type: "peplink-device",
      name: options.name ?? "sim",
      host: sim.host,
      port: String(options.port ?? sim.port),
      protocol: sim.protocol,
      trust: options.trust ?? "pin",
      fingerprint: options.fingerprint ?? sim.fingerprint ?? "",
      authMode: options.authMode ?? (credentials.username ? "login" : "client"),
      scope: options.scope ?? "",
      timeout: options.timeout ?? 10,
      maxConcurrent: options.maxConcurrent ?? 2,
    },
    credentials: { [id]: credentials },
  };
}

/** A fresh read-write API client on the simulator. */
export function apiClient(sim: Simulator, scope: "api" | "api.read-only" = "api"): Record<string, string> {
  const created = sim.control.createClient({ name: `test-${scope}`, scope });
  return { clientId: created.clientId, clientSecret: created.clientSecret };
}

/** A flow with `nodes`, a device, a helper node "out" wired from `wireFrom`, and a Catch node wired to "caught". */
export function flow(nodes: Array<Record<string, unknown>>, dev: { node: Record<string, unknown> }): Array<Record<string, unknown>> {
  return [
    { id: "f1", type: "tab", label: "test" },
    ...nodes.map((n) => ({ z: "f1", ...n })),
    { ...dev.node },
    { id: "out", type: "helper", z: "f1" },
    // Not id "catch": Node-RED would take the type value "catch" for a reference to that id.
    { id: "catcher", type: "catch", z: "f1", scope: null, uncaught: false, wires: [["caught"]] },
    { id: "caught", type: "helper", z: "f1" },
  ];
}

export type Msg = Record<string, unknown>;

/** Waits for `count` messages on a node, or rejects after `ms`. */
export function collect(node: TestNode, count: number, ms = 8000): Promise<Msg[]> {
  return new Promise((resolve, reject) => {
    const got: Msg[] = [];
    const timer = setTimeout(() => {
      node.removeListener("input", onInput);
      reject(new Error(`expected ${count} message(s) on ${node.id}, got ${got.length} within ${ms} ms`));
    }, ms);
    const onInput = (msg: Msg): void => {
      got.push(msg);
      if (got.length >= count) {
        clearTimeout(timer);
        node.removeListener("input", onInput);
        resolve(got);
      }
    };
    node.on("input", onInput);
  });
}

/** Resolves with the next message, or with undefined if none comes within `ms`. */
export function maybeNext(node: TestNode, ms: number): Promise<Msg | undefined> {
  return collect(node, 1, ms).then(
    (msgs) => msgs[0],
    () => undefined,
  );
}

/** The message text of the error a Catch node passed on. */
export function errorText(msg: Msg): string {
  return (msg.error as { message: string }).message;
}

/** Sends `msg` to `node` and resolves with the text of the error the Catch node ("caught") gets. */
export async function errorFor(node: TestNode, msg: Msg): Promise<string> {
  const caught = collect(helper.getNode("caught"), 1);
  node.receive(msg);
  return errorText((await caught)[0]);
}

/** What one input message led to: an output (at "out") or a Catch-able error (at "caught"). */
export interface Outcome {
  kind: "out" | "error";
  msg: Msg;
}

/** Sends one message to node `id` (default "n1") and resolves with its single outcome. */
export function outcome(msg: Msg, options: { id?: string; ms?: number } = {}): Promise<Outcome> {
  const out = helper.getNode("out");
  const caught = helper.getNode("caught");
  return new Promise((resolve, reject) => {
    const finish = (result: Outcome | Error): void => {
      clearTimeout(timer);
      out.removeListener("input", onOut);
      caught.removeListener("input", onErr);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onOut = (m: Msg): void => finish({ kind: "out", msg: m });
    const onErr = (m: Msg): void => finish({ kind: "error", msg: m });
    const timer = setTimeout(() => finish(new Error("no output and no error")), options.ms ?? 8000);
    out.on("input", onOut);
    caught.on("input", onErr);
    helper.getNode(options.id ?? "n1").receive(msg);
  });
}

/** The error text of an outcome that must be an error. */
export function outcomeError(o: Outcome): string {
  assert.equal(o.kind, "error", `expected an error, got output ${JSON.stringify(o.msg.payload)}`);
  return errorText(o.msg);
}

/** The payload of an outcome that must be an output. */
export function outcomePayload(o: Outcome): Record<string, unknown> {
  assert.equal(o.kind, "out", o.kind === "error" ? `expected output, got error ${errorText(o.msg)}` : "");
  return o.msg.payload as Record<string, unknown>;
}

/** Resolves with the first status a node shows that matches `predicate`. */
export function statusMatching(
  node: TestNode,
  predicate: (status: { fill?: string; shape?: string; text?: string }) => boolean,
  ms = 8000,
): Promise<{ fill?: string; shape?: string; text?: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      node.removeListener("call:status", onStatus);
      reject(new Error(`no matching status on ${node.id} within ${ms} ms`));
    }, ms);
    const onStatus = (call: { args: Array<{ fill?: string; shape?: string; text?: string }> }): void => {
      const status = call.args[0];
      if (status && predicate(status)) {
        clearTimeout(timer);
        node.removeListener("call:status", onStatus);
        resolve(status);
      }
    };
    node.on("call:status", onStatus);
  });
}

/** Resolves once `predicate()` is true (checked every 20 ms), or rejects after `ms` naming `what`. */
export async function until(predicate: () => boolean, what = "a condition", ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
