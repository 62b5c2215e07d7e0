/**
 * Building blocks of the reliability suite: simulators that can be stopped
 * and restarted on the same port (same or another certificate), flows with
 * one tab per cell (node, device, output, Catch and Complete wired to helper
 * nodes), and a tracker that follows every input message to its end: an
 * output, a Catch-able error, both, several, or none.
 */
import { createCertificate, startSimulator, type Simulator, type SimulatorOptions } from "../../dist/simulator";
import { mqttNodesModule } from "../helpers/mqtt";
import { deviceModule, helper, nodeModule, type TestNode } from "../helpers/node-red";
import type { Msg, NodeDescriptor } from "./catalogue";

export type NodeModule = (RED: unknown) => void;

export const NODE_TYPES = [
  "peplink-api",
  "peplink-ap",
  "peplink-sim",
  "peplink-wifi",
  "peplink-gpio",
  "peplink-wan-priority",
  "peplink-cellular",
  "peplink-sms-send",
  "peplink-sms-in",
  "peplink-status",
  "peplink-wan-events",
] as const;

/** The node without inputs, driven over MQTT (lifecycle, bad commands): not in the input catalogue. */
export const HA_TYPE = "peplink-homeassistant";

/** The device module, every flow node module, and Node-RED's core mqtt nodes (for peplink-homeassistant). */
export const ALL_MODULES: NodeModule[] = [deviceModule, ...NODE_TYPES.map((t) => nodeModule(t)), nodeModule(HA_TYPE), mqttNodesModule()];

/** Two certificates: the router's own (pinned) and the one that replaces it. */
export const CERT_A = createCertificate({ hosts: ["127.0.0.1"], commonName: "Reliability router" });
export const CERT_B = createCertificate({ hosts: ["127.0.0.1"], commonName: "Impostor" });

/** Simulator options that keep the suite fast (short Wi-Fi, scan and reset delays). */
export const FAST: SimulatorOptions = { wifiConnectDelayMs: 100, carrierScanDurationMs: 100, cellularResetDurationMs: 100 };

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Resolves once `predicate()` holds (checked every 20 ms); rejects after `ms` naming `what`. */
export async function until(predicate: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * A simulator that keeps its port across restarts. A restart is a reboot of
 * the router: sessions, tokens and state are gone; the API clients given in
 * the options are registered again.
 */
export class SimBox {
  sim!: Simulator;
  private port = 0;
  running = false;

  constructor(readonly options: SimulatorOptions) {}

  async start(override: SimulatorOptions = {}): Promise<Simulator> {
    this.sim = await startSimulator({ https: true, certificate: CERT_A, ...FAST, ...this.options, ...override, port: this.port });
    this.port = this.sim.port;
    this.running = true;
    return this.sim;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.sim.close();
  }

  /** Stops and starts again on the same port; `override` replaces options for this start (e.g. another certificate). */
  async restart(override: SimulatorOptions = {}): Promise<Simulator> {
    await this.stop();
    return this.start(override);
  }

  get portNumber(): number {
    return this.port;
  }
}

export interface DeviceOptions {
  authMode?: "client" | "login";
  /** Request timeout, seconds. */
  timeout?: number;
  maxConcurrent?: number;
  name?: string;
  fingerprint?: string;
}

/** A peplink-device config node for `box`'s simulator, pinned to certificate A. */
export function deviceNode(id: string, box: SimBox, options: DeviceOptions = {}): Record<string, unknown> {
  return {
    id,
    type: "peplink-device",
    name: options.name ?? `router ${id}`,
    host: "127.0.0.1",
    port: String(box.portNumber),
    protocol: "https",
    trust: "pin",
    fingerprint: options.fingerprint ?? CERT_A.fingerprint,
    authMode: options.authMode ?? "client",
    scope: "",
    timeout: options.timeout ?? 1,
    maxConcurrent: options.maxConcurrent ?? 2,
  };
}

/** Ids of one cell's nodes (one tab each). */
export interface CellIds {
  tab: string;
  node: string;
  out: string;
  caught: string;
  completed: string;
}

export function cellIds(prefix: string): CellIds {
  return { tab: `${prefix}t`, node: `${prefix}n`, out: `${prefix}o`, caught: `${prefix}c`, completed: `${prefix}d` };
}

/**
 * One tab: the node under test wired to a helper node, a Catch node (all
 * nodes of the tab) and a Complete node (the node under test), each wired to
 * a helper node.
 */
export function cellFlow(
  ids: CellIds,
  desc: NodeDescriptor,
  deviceId: string,
  config: Record<string, unknown> = {},
): Array<Record<string, unknown>> {
  return [
    { id: ids.tab, type: "tab", label: ids.tab },
    { id: ids.node, type: desc.type, z: ids.tab, device: deviceId, ...desc.config, ...config, wires: [[ids.out]] },
    { id: ids.out, type: "helper", z: ids.tab },
    { id: `${ids.tab}k`, type: "catch", z: ids.tab, scope: null, uncaught: false, wires: [[ids.caught]] },
    { id: ids.caught, type: "helper", z: ids.tab },
    { id: `${ids.tab}m`, type: "complete", z: ids.tab, scope: [ids.node], uncaught: false, wires: [[ids.completed]] },
    { id: ids.completed, type: "helper", z: ids.tab },
  ];
}

export interface Status {
  fill?: string;
  shape?: string;
  text?: string;
}

/** How one input message ended. */
export type Verdict = "output" | "error" | "lost" | "output and error" | "done twice" | "duplicate output";

interface InputRecord {
  rid: string;
  /** The node the input was sent to: only its done() calls count. */
  node: string;
  what: string;
  outputs: number;
  /** Errors seen by the Catch node. */
  errors: string[];
  /** done() without error, seen by the Complete node. */
  completes: number;
  /** done() calls seen by the runtime (with or without error), whatever the state of the flow. */
  dones: number;
  doneErrors: number;
}

let ridCounter = 0;
/** Every tracked input, by rid. */
const allRecords = new Map<string, InputRecord>();

/**
 * Patches the test helper for the reliability suite; returns the undo (the
 * other specs run with the helper as it is).
 *
 * - node-red-node-test-helper registers the core catch/status/complete
 *   modules once per node of that type in the flow, so a flow with two Catch
 *   nodes fails with "catch already registered": register each once per load
 *   (the helper makes a new RED object for every load).
 * - Every done() of every node is counted at the runtime's own entry point
 *   (Node.prototype._complete), so that a done() called twice, or after the
 *   flow was stopped (where Complete and Catch nodes no longer listen), is seen.
 */
export function patchHelper(): () => void {
  const h = helper as unknown as {
    _nodeModules: Record<string, (red: object) => unknown>;
    _NodePrototype: { _complete: (this: unknown, msg: unknown, error: unknown) => unknown };
  };
  const modules = { ...h._nodeModules };
  for (const type of Object.keys(modules)) {
    const register = modules[type];
    const done = new WeakSet<object>();
    h._nodeModules[type] = (red: object) => {
      if (done.has(red)) return undefined;
      done.add(red);
      return register(red);
    };
  }
  const proto = h._NodePrototype;
  const complete = proto._complete;
  proto._complete = function (this: unknown, msg: unknown, error: unknown) {
    const rid = msg && typeof msg === "object" ? (msg as { rid?: unknown }).rid : undefined;
    const rec = typeof rid === "string" ? allRecords.get(rid) : undefined;
    // Catch and Complete nodes complete the same message too: only the node under test counts.
    if (rec && (this as { id?: unknown }).id === rec.node) {
      rec.dones++;
      if (error) rec.doneErrors++;
    }
    return complete.call(this, msg, error);
  };
  return () => {
    Object.assign(h._nodeModules, modules);
    proto._complete = complete;
  };
}

/** Sends a copy of `msg` with a fresh rid into node `nodeId` of the current deploy; returns the rid. */
export function sendTracked(nodeId: string, msg: Msg, what = ""): string {
  const rid = `r${++ridCounter}`;
  allRecords.set(rid, { rid, node: nodeId, what, outputs: 0, errors: [], completes: 0, dones: 0, doneErrors: 0 });
  helper.getNode(nodeId).receive({ ...msg, rid });
  return rid;
}

/** What happened to a tracked input so far. */
export function recordOf(rid: string): Readonly<InputRecord> | undefined {
  return allRecords.get(rid);
}

/** Counts outputs on helper node `id` for tracked inputs (by rid); returns what it did not know. */
export function countOutputs(id: string, other: (msg: Msg) => void = () => undefined): void {
  helper.getNode(id).on("input", (msg: Msg) => {
    const rec = typeof msg.rid === "string" ? allRecords.get(msg.rid) : undefined;
    if (rec) rec.outputs++;
    else other(msg);
  });
}

/**
 * Follows the messages sent into one node: outputs (helper "out"), Catch-able
 * errors (Catch → helper), and done() without error (Complete → helper), by a
 * `rid` property put on each input. Messages the node makes up by itself
 * (polls, SMS) carry no rid and are kept apart.
 */
export class Tracker {
  readonly records = new Map<string, InputRecord>();
  /** Output messages without a rid (polls, received SMS, WAN events). */
  readonly spontaneous: Msg[] = [];
  /** Catch-able errors without a rid (poll outages, bad settings at start). */
  readonly spontaneousErrors: string[] = [];
  readonly statuses: Status[] = [];
  private node!: TestNode;

  constructor(
    readonly ids: CellIds,
    readonly multi = false,
  ) {}

  /** Hooks into the nodes of the current deploy (call after every load). */
  attach(): this {
    this.node = helper.getNode(this.ids.node);
    if (!this.node) throw new Error(`node ${this.ids.node} is not deployed`);
    this.node.on("call:status", (call: { args: Status[] }) => {
      if (call.args[0]) this.statuses.push(call.args[0]);
    });
    countOutputs(this.ids.out, (msg) => this.spontaneous.push(msg));
    helper.getNode(this.ids.caught).on("input", (msg: Msg) => {
      const text = (msg.error as { message?: string } | undefined)?.message ?? String(msg.error);
      const rec = typeof msg.rid === "string" ? this.records.get(msg.rid) : undefined;
      if (rec) rec.errors.push(text);
      else this.spontaneousErrors.push(text);
    });
    helper.getNode(this.ids.completed).on("input", (msg: Msg) => {
      const rec = typeof msg.rid === "string" ? this.records.get(msg.rid) : undefined;
      if (rec) rec.completes++;
    });
    return this;
  }

  /** Sends a copy of `msg` with a fresh rid; returns the rid. */
  send(msg: Msg, what = ""): string {
    const rid = `r${++ridCounter}`;
    const rec: InputRecord = { rid, node: this.ids.node, what, outputs: 0, errors: [], completes: 0, dones: 0, doneErrors: 0 };
    this.records.set(rid, rec);
    allRecords.set(rid, rec);
    this.node.receive({ ...msg, rid });
    return rid;
  }

  ended(rid: string): boolean {
    const rec = this.records.get(rid);
    return !!rec && (rec.completes > 0 || rec.errors.length > 0);
  }

  /** Waits until every input has ended (or `ms` passed), then `graceMs` more for late duplicates. */
  async settle(rids: readonly string[] = [...this.records.keys()], ms = 15_000, graceMs = 250): Promise<void> {
    const end = Date.now() + ms;
    while (Date.now() < end && !rids.every((r) => this.ended(r))) await sleep(20);
    await sleep(graceMs);
  }

  verdict(rid: string): Verdict {
    const rec = this.records.get(rid);
    if (!rec) return "lost";
    if (rec.dones > 1) return rec.doneErrors > 0 && rec.doneErrors < rec.dones ? "output and error" : "done twice";
    const ends = rec.completes + rec.errors.length;
    if (ends === 0 || rec.dones === 0) return "lost";
    if (ends > 1) return rec.completes > 0 && rec.errors.length > 0 ? "output and error" : "done twice";
    if (rec.errors.length === 1) return rec.outputs > 0 ? "output and error" : "error";
    if (rec.outputs === 0) return "lost";
    if (rec.outputs > 1 && !this.multi) return "duplicate output";
    return "output";
  }

  error(rid: string): string | undefined {
    return this.records.get(rid)?.errors[0];
  }

  outputs(rid: string): number {
    return this.records.get(rid)?.outputs ?? 0;
  }

  lastStatus(): Status | undefined {
    return this.statuses[this.statuses.length - 1];
  }

  get nodeId(): string {
    return this.ids.node;
  }
}

/**
 * Waits until the simulator has been quiet for `quietMs` (no new request, none
 * in flight), at least `minMs` after the call.
 */
export async function quiet(box: SimBox, quietMs = 250, minMs = 150, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  await sleep(minMs);
  let seen = box.sim.control.counters().requests;
  let since = Date.now();
  while (Date.now() < end) {
    await sleep(25);
    const c = box.sim.control.counters();
    if (c.requests !== seen || c.inFlight > 0) {
      seen = c.requests;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
  throw new Error("the simulator did not become quiet");
}
