/**
 * peplink-wan-events inside Node-RED against the simulator over HTTPS: one
 * message per WAN whose state changes, filter, states at start, input
 * re-emits, WANs that disappear and come back, outages, bad settings.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  apiClient,
  collect,
  device,
  deviceModule,
  flow,
  helper,
  maybeNext,
  nodeModule,
  statusMatching,
  type Msg,
  type TestNode,
  until,
} from "../helpers/node-red";
import { loadExample } from "../helpers/examples";
import { requestsTo, useSimulator, type SimulatorHandle } from "../helpers/simulator";

const eventsModule = nodeModule("peplink-wan-events");

const wanState = require("../../dist/nodes/wan-events/wan-state.js") as {
  deriveState(wan: Record<string, unknown>): string;
  summarize(connId: number, wan: Record<string, unknown>): Record<string, unknown>;
};

const { WanTracker } = require("../../dist/nodes/wan-events/tracker.js") as {
  WanTracker: new (filter?: Set<number>) => { apply(response: unknown, event: string): Array<Record<string, unknown>> };
};
const FIXTURES = path.resolve(__dirname, "../../test/fixtures/real");

interface Payload {
  connId: number;
  name: string;
  state: string;
  previousState: string | null;
  changed: boolean;
  event: string;
  message: string;
  statusLed: string;
  type: string;
  enable: boolean;
  ip?: string;
  priority?: number;
  uptime?: number;
  cellular?: { carrier?: string; signalLevel?: number; activeSim?: number; network?: string };
}

const payloadOf = (msg: Msg | undefined): Payload => msg!.payload as Payload;

/** Counts every message a node receives from now on. */
function counter(node: TestNode): Msg[] {
  const messages: Msg[] = [];
  node.on("input", (msg: Msg) => messages.push(msg));
  return messages;
}

function loader(handle: SimulatorHandle) {
  return async (node: Record<string, unknown>, deviceOptions: Parameters<typeof device>[2] = {}): Promise<TestNode> => {
    const dev = device(handle.sim, apiClient(handle.sim), deviceOptions);
    const full = {
      id: "n1",
      type: "peplink-wan-events",
      device: "dev1",
      wires: [["out"]],
      interval: 1,
      connIds: "",
      emitOnStart: false,
      ...node,
    };
    await helper.load([deviceModule, eventsModule], flow([full], dev), dev.credentials);
    return helper.getNode("n1");
  };
}

/** Resolves once the node has seen its first answer (its status shows the WAN summary). */
function baseline(node: TestNode): Promise<unknown> {
  return statusMatching(node, (s) => / up/.test(s.text ?? ""));
}

describe("peplink-wan-events node", function () {
  const handle = useSimulator({ autoFailover: false });
  const load = loader(handle);
  afterEach(async () => {
    await helper.unload();
  });

  it("emits one message for the WAN whose state changed, with previousState; nothing for unchanged WANs", async () => {
    const n1 = await load({});
    const out = counter(helper.getNode("out"));
    await baseline(n1);
    assert.equal(out.length, 0, "the first poll only records the baseline");
    const polled = requestsTo(handle.sim, "status.wan.connection");
    handle.sim.control.setWanState(1, "disconnected");
    await until(() => out.length >= 1, "the change");
    const msg = out[0];
    const p = payloadOf(msg);
    assert.equal(msg.topic, "wan/1");
    assert.deepEqual(msg.peplink, { device: "sim", endpoint: "status.wan.connection", method: "GET" });
    assert.equal(p.connId, 1);
    assert.equal(p.name, "WAN 1");
    assert.equal(p.state, "disconnected");
    assert.equal(p.previousState, "connected");
    assert.equal(p.changed, true);
    assert.equal(p.event, "change");
    assert.equal(p.message, "No Cable Detected");
    assert.equal(p.statusLed, "red");
    assert.equal(p.type, "ethernet");
    assert.equal(p.enable, true);
    assert.equal(p.ip, undefined);
    // A request is sent only after the previous one was answered: now + 2 means a poll after the change was seen.
    const now = requestsTo(handle.sim, "status.wan.connection");
    await until(() => requestsTo(handle.sim, "status.wan.connection") >= now + 2, "a later poll to be answered");
    assert.ok(now > polled);
    assert.equal(out.length, 1, "no message for unchanged WANs or unchanged polls");

    handle.sim.control.setWanState(1, "connected");
    await until(() => out.length >= 2, "the way back");
    assert.equal(payloadOf(out[1]).state, "connected");
    assert.equal(payloadOf(out[1]).previousState, "disconnected");
    assert.equal(payloadOf(out[1]).ip, "203.0.113.10");
  });

  it("shares one request per tick with other nodes watching the same endpoint at the same interval", async () => {
    const dev = device(handle.sim, apiClient(handle.sim));
    const base = { type: "peplink-wan-events", device: "dev1", interval: 1, wires: [["out"]] };
    await helper.load(
      [deviceModule, eventsModule, nodeModule("peplink-status")],
      flow(
        [
          { ...base, id: "n1", connIds: "1", emitOnStart: true },
          { ...base, id: "n2", connIds: "4" },
          {
            id: "n3",
            type: "peplink-status",
            device: "dev1",
            endpoint: "status.wan.connection",
            params: {},
            interval: 1,
            wires: [["out"]],
          },
        ],
        dev,
      ),
      dev.credentials,
    );
    const out = counter(helper.getNode("out"));
    const polls = (): number => out.filter((m) => m.topic === "status.wan.connection").length;
    await until(() => polls() >= 3, "three ticks of the status node");
    const requests = requestsTo(handle.sim, "status.wan.connection");
    assert.ok(requests >= 3 && requests <= 4, `expected 3–4 requests for 3 ticks of 3 nodes, got ${requests}`);
    assert.equal(out.filter((m) => m.topic === "wan/1").length, 1, "the start message of n1");
  });

  it("watches only the WANs in connIds", async () => {
    const n1 = await load({ connIds: "1, 4" });
    const out = counter(helper.getNode("out"));
    await baseline(n1);
    handle.sim.control.setWanState(2, "disconnected");
    handle.sim.control.setWanState(4, "disconnected");
    await until(() => out.length >= 1, "the change of WAN 4");
    assert.equal(await maybeNext(helper.getNode("out"), 300), undefined, "nothing for WAN 2");
    assert.equal(out.length, 1);
    assert.equal(out[0].topic, "wan/4");
    assert.equal(payloadOf(out[0]).state, "disconnected");
    assert.equal(payloadOf(out[0]).previousState, "standby");
  });

  it("emits the current states once at start (previousState null), with the state derived from message and LED", async () => {
    await load({ emitOnStart: true });
    const msgs = await collect(helper.getNode("out"), 6);
    const byId = new Map(msgs.map((m) => [payloadOf(m).connId, payloadOf(m)]));
    assert.deepEqual([...byId.keys()], [1, 2, 3, 4, 5, 6], "in the router's order");
    const states = Object.fromEntries([...byId].map(([id, p]) => [id, p.state]));
    assert.deepEqual(states, { 1: "connected", 2: "standby", 3: "disconnected", 4: "standby", 5: "no-device", 6: "disabled" });
    for (const p of byId.values()) {
      assert.equal(p.previousState, null);
      assert.equal(p.event, "start");
    }
    // A cellular WAN on standby: enabled, with an IP, uptime 0, yellow LED.
    const cell = byId.get(4)!;
    assert.equal(cell.type, "cellular");
    assert.equal(cell.enable, true);
    assert.equal(cell.statusLed, "yellow");
    assert.equal(cell.uptime, 0);
    assert.ok(cell.ip);
    assert.equal(cell.cellular?.carrier, "Carrier1");
    assert.equal(cell.cellular?.activeSim, 1);
    assert.equal(byId.get(6)!.enable, false);
    assert.equal(byId.get(6)!.priority, undefined);
    assert.equal(await maybeNext(helper.getNode("out"), 300), undefined, "once");
  });

  it("re-emits the current state of every watched WAN on input, the first reusing the message", async () => {
    const n1 = await load({ connIds: "4 1" });
    await baseline(n1);
    const got = collect(helper.getNode("out"), 2);
    n1.receive({ _msgid: "m1", topic: "ask", payload: "now" });
    const msgs = await got;
    assert.deepEqual(
      msgs.map((m) => m.topic),
      ["wan/1", "wan/4"],
    );
    assert.equal(msgs[0]._msgid, "m1");
    for (const m of msgs) {
      const p = payloadOf(m);
      assert.equal(p.event, "input");
      assert.equal(p.changed, false);
      assert.equal(p.previousState, p.state);
    }
  });

  it("reports a WAN that disappears as removed, and its return", async () => {
    const n1 = await load({});
    const out = counter(helper.getNode("out"));
    await baseline(n1);
    handle.sim.control.state.wanOrder = [1, 2, 3, 4, 6];
    await until(() => out.length >= 1, "the removal");
    assert.equal(payloadOf(out[0]).connId, 5);
    assert.equal(payloadOf(out[0]).state, "removed");
    assert.equal(payloadOf(out[0]).previousState, "no-device");
    handle.sim.control.state.wanOrder = [1, 2, 3, 4, 5, 6];
    await until(() => out.length >= 2, "the return");
    assert.equal(payloadOf(out[1]).state, "no-device");
    assert.equal(payloadOf(out[1]).previousState, "removed");
    assert.equal(out.length, 2);
  });

  it("keeps polling through an outage: one error to Catch, then an info line, no spurious events", async () => {
    const n1 = await load({}, { timeout: 1 });
    const out = counter(helper.getNode("out"));
    const caught = counter(helper.getNode("caught"));
    await baseline(n1);
    const red = statusMatching(n1, (s) => s.fill === "red");
    const recovered = new Promise<void>((resolve) => {
      n1.on("call:log", (call: { args: unknown[] }) => {
        if (/^status\.wan\.connection: the router answers again$/.test(String(call.args[0]))) resolve();
      });
    });
    handle.sim.control.injectFault({ kind: "http500", count: 2, endpoint: "status.wan.connection" });
    handle.sim.control.injectFault({ kind: "hang", count: 1, endpoint: "status.wan.connection" });
    await red;
    await recovered;
    assert.equal(caught.length, 1, "one error for the outage");
    assert.match(String((caught[0].error as { message: string }).message), /^status\.wan\.connection: /);
    handle.sim.control.setWanState(1, "disconnected");
    await until(() => out.length >= 1, "a change after the outage");
    assert.equal(out.length, 1, "nothing sent for the outage itself");
    assert.equal(payloadOf(out[0]).connId, 1);
  });

  it("rejects bad settings on input without any request, and warns about WANs the router lacks", async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ interval: 0.5 }, /^interval setting: must be 1 to 3600 seconds \(got 0\.5\)$/],
      [{ interval: "often" }, /^interval setting: must be 1 to 3600 seconds/],
      [{ connIds: "1, x" }, /^connIds setting\[1\]: must be an integer from 1 to 255 \(got "x"\)$/],
      [{ connIds: "0" }, /^connIds setting: must be an integer from 1 to 255/],
    ];
    for (const [settings, pattern] of cases) {
      const n1 = await load(settings);
      const caught = collect(helper.getNode("caught"), 1);
      n1.receive({});
      assert.match(String(((await caught)[0].error as { message: string }).message), pattern);
      await helper.unload();
    }
    assert.equal(requestsTo(handle.sim, "status.wan.connection"), 0);

    const n1 = await load({ connIds: "9" });
    const warned = new Promise<string>((resolve) => n1.on("call:warn", (call: { args: unknown[] }) => resolve(String(call.args[0]))));
    assert.match(await warned, /^connIds: the router has no WAN 9/);
    const caught = collect(helper.getNode("caught"), 1);
    n1.receive({});
    assert.match(
      String(((await caught)[0].error as { message: string }).message),
      /^connIds setting: none of the watched WANs \(9\) exists/,
    );
  });
});

describe("peplink-wan-events node with failover", function () {
  const handle = useSimulator();
  const load = loader(handle);
  afterEach(async () => {
    await helper.unload();
  });

  it("reports every WAN the failover moves: the failed one and those that take over", async () => {
    const n1 = await load({});
    await baseline(n1);
    const got = collect(helper.getNode("out"), 3);
    handle.sim.control.setWanState(1, "disconnected");
    const changes = (await got).map((m) => payloadOf(m));
    assert.deepEqual(
      changes.map((p) => [p.connId, p.previousState, p.state]),
      [
        [1, "connected", "disconnected"],
        [2, "standby", "connected"],
        [4, "standby", "connected"],
      ],
    );
    assert.match(changes[2].message, /^Connected to Carrier1$/);
  });

  it("example wan-events.json runs against the simulator: states at start, then the unplugged WAN through the switch", async () => {
    await loadExample("wan-events.json", handle.sim, {
      // The example checks every 5 s; 1 s keeps the test short and changes nothing else.
      change: (nodes) => {
        for (const n of nodes) if (n.type === "peplink-wan-events") n.interval = 1;
      },
    });
    const start = await collect(helper.getNode("ex-wan-debug-all"), 6);
    assert.ok(start.every((m) => payloadOf(m).event === "start"));
    const down = collect(helper.getNode("ex-wan-debug-down"), 1);
    helper.getNode("ex-wan-inject-unplug").receive({});
    const [msg] = await down;
    assert.equal(msg.topic, "wan/1");
    assert.equal(payloadOf(msg).state, "disconnected");
    assert.equal(handle.sim.control.state.wans["1"].link, "disconnected");
  });
});

describe("peplink-wan-events node on firmware before 8.0.1 (gobi)", function () {
  const handle = useSimulator({ firmware: "8.0.0 build 1234", autoFailover: false });
  const load = loader(handle);
  afterEach(async () => {
    await helper.unload();
  });

  it("reports the cellular WAN as type cellular, on standby, with its carrier", async () => {
    await load({ emitOnStart: true, connIds: "4" });
    const [msg] = await collect(helper.getNode("out"), 1);
    const p = payloadOf(msg);
    assert.equal(p.type, "cellular");
    assert.equal(p.state, "standby");
    assert.equal(p.cellular?.carrier, "Carrier1");
  });
});

describe("WAN state derivation", function () {
  it("derives states from message first, then the LED", () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ enable: true, message: "Connected", statusLed: "green" }, "connected"],
      [{ enable: true, message: "Connected to Carrier1", statusLed: "green" }, "connected"],
      [{ enable: true, message: "Standby", statusLed: "yellow", ip: "10.0.0.2", uptime: 0 }, "standby"],
      [{ enable: true, message: "Cold Standby", statusLed: "yellow" }, "standby"],
      [{ enable: true, message: "Connecting...", statusLed: "flash" }, "connecting"],
      [{ enable: true, message: "Obtaining IP Address", statusLed: "yellow" }, "connecting"],
      [{ enable: true, message: "No Cable Detected", statusLed: "red" }, "disconnected"],
      [{ enable: true, message: "Disconnected", statusLed: "red" }, "disconnected"],
      [{ enable: true, message: "No SIM Card Detected", statusLed: "red" }, "disconnected"],
      [{ enable: true, message: "No Device Detected", statusLed: "empty" }, "no-device"],
      [{ enable: false, message: "Disabled", statusLed: "gray" }, "disabled"],
      [{ enable: false, message: "Connected", statusLed: "green" }, "disabled"],
      [{ enable: true, scheduledOff: true, message: "Scheduled off", statusLed: "gray" }, "disabled"],
      [{ enable: true, message: "Something new", statusLed: "yellow" }, "standby"],
      [{ enable: true, message: "Something new", statusLed: "green" }, "connected"],
      [{ enable: true, message: "Something new", statusLed: "purple" }, "unknown"],
      [{}, "unknown"],
    ];
    for (const [wan, state] of cases) assert.equal(wanState.deriveState(wan), state, JSON.stringify(wan));
  });

  it("reads the real routers' answers via order, with gobi/cellular summaries", () => {
    const read = (name: string): unknown =>
      (JSON.parse(fs.readFileSync(path.join(FIXTURES, `status.wan.connection--${name}.json`), "utf8")) as { response: unknown }).response;
    const statesOf = (name: string): Array<[unknown, unknown]> =>
      new WanTracker().apply(read(name), "input").map((p) => [p.connId, p.state]);
    assert.deepEqual(statesOf("mbobakov-1"), [
      [1, "disconnected"],
      [2, "disconnected"],
      [3, "connected"],
      [4, "connected"],
      [5, "no-device"],
      [6, "disabled"],
      [7, "disabled"],
      [8, "disabled"],
    ]);
    assert.deepEqual(statesOf("sctl-maxbr1"), [
      [1, "connected"],
      [2, "standby"],
      [3, "disabled"],
    ]);
    assert.deepEqual(
      statesOf("halocal-b710").map(([, s]) => s),
      ["connected", "connected", "connected", "disabled", "disabled", "disabled", "disabled", "disabled"],
    );
    const standby = new WanTracker(new Set([2])).apply(read("sctl-maxbr1"), "input")[0];
    assert.equal(standby.type, "cellular");
    assert.equal(standby.ip, "10.5.217.34");
    assert.deepEqual(standby.cellular, { carrier: "ROGERS", rsrp: -111, rsrq: -18 });
    // Firmware before 8.0.1: type and details under "gobi".
    const gobi = wanState.summarize(9, {
      name: "LTE",
      enable: true,
      message: "Connected to X",
      statusLed: "green",
      type: "gobi",
      gobi: { carrier: { name: "X" }, signalLevel: 4 },
    });
    assert.equal(gobi.type, "cellular");
    assert.deepEqual(gobi.cellular, { carrier: "X", signalLevel: 4 });
  });
});
