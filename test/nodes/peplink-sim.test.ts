/**
 * peplink-sim inside Node-RED against the simulator over HTTPS.
 */
import * as assert from "node:assert/strict";
import {
  apiClient,
  collect,
  device,
  deviceModule,
  flow,
  helper,
  maybeNext,
  nodeModule,
  outcome,
  outcomeError as errorText,
  outcomePayload as payloadOf,
  statusMatching,
  until,
  type Msg,
} from "../helpers/node-red";
import { loadExample } from "../helpers/examples";
import { requestsTo, useSimulator, type SimulatorHandle } from "../helpers/simulator";

const simModule = nodeModule("peplink-sim");
const cellularModule = nodeModule("peplink-cellular");
const CELLULAR = 4;

/** Loads the node(s) and waits until the WAN list read at start has been answered. */
async function load(
  handle: SimulatorHandle,
  node: Record<string, unknown>,
  options: { creds?: Record<string, string>; extra?: Array<Record<string, unknown>> } = {},
): Promise<void> {
  const dev = device(handle.sim, options.creds ?? apiClient(handle.sim));
  const nodes = [{ id: "n1", type: "peplink-sim", device: "dev1", wires: [["out"]], ...node }, ...(options.extra ?? [])];
  await helper.load([deviceModule, simModule, cellularModule], flow(nodes, dev), dev.credentials);
  await until(() => handle.sim.control.log().some((e) => e.endpoint === "status.wan.connection" && e.status !== 0), "the WAN list");
}

function simConfig(handle: SimulatorHandle): { simCardScheme: string; preferredSim: number | null } {
  const cellular = handle.sim.control.state.active.wan[String(CELLULAR)].cellular!;
  return { simCardScheme: cellular.simCardScheme, preferredSim: cellular.preferredSim };
}

describe("peplink-sim node", function () {
  const handle = useSimulator();
  afterEach(async () => {
    await helper.unload();
  });

  it("reads enabledSim/preferredSim with GET cmd.wan.cellular and shows them", async () => {
    await load(handle, { connId: "4", action: "read" });
    const status = statusMatching(helper.getNode("n1"), (s) => s.text === "SIM 1+2, prefers 1");
    const o = await outcome({});
    assert.deepEqual(payloadOf(o), { enabledSim: [1, 2], preferredSim: 1 });
    assert.deepEqual(o.msg.peplink, { device: "sim", endpoint: "cmd.wan.cellular", method: "GET" });
    assert.equal(o.msg.topic, "cmd.wan.cellular");
    await status;
    assert.equal(requestsTo(handle.sim, "cmd.wan.cellular"), 1);
  });

  it("selects SIM B only from the setting and outputs the setting read back", async () => {
    await load(handle, { connId: "4", action: "sim2", topic: "sim" });
    const status = statusMatching(helper.getNode("n1"), (s) => s.text === "SIM 2");
    const o = await outcome({ payload: Date.now() });
    assert.deepEqual(payloadOf(o), { enabledSim: [2], preferredSim: null });
    assert.deepEqual(o.msg.peplink, { device: "sim", endpoint: "cmd.wan.cellular", method: "POST" });
    assert.equal(o.msg.topic, "sim");
    assert.deepEqual(simConfig(handle), { simCardScheme: "2", preferredSim: null });
    assert.deepEqual(
      handle.sim.control
        .log()
        .filter((e) => e.endpoint === "cmd.wan.cellular")
        .map((e) => e.method),
      ["POST", "GET"],
      "the change, then the read-back",
    );
    await status;
  });

  it('takes the choice from msg.payload: 1, "2", "both", action names and { enabledSim, preferredSim }', async () => {
    await load(handle, { connId: "4", action: "read" });
    const table: Array<[unknown, { enabledSim: number[]; preferredSim: number | null }]> = [
      [1, { enabledSim: [1], preferredSim: null }],
      ["2", { enabledSim: [2], preferredSim: null }],
      ["both", { enabledSim: [1, 2], preferredSim: null }],
      ["Prefer2", { enabledSim: [1, 2], preferredSim: 2 }],
      [
        { enabledSim: [2, 1], preferredSim: 1 },
        { enabledSim: [1, 2], preferredSim: 1 },
      ],
      // An explicit null clears the preference (it must be sent, not left out).
      [{ preferredSim: null }, { enabledSim: [1, 2], preferredSim: null }],
      [{ preferredSim: 2 }, { enabledSim: [1, 2], preferredSim: 2 }],
      [{ enabledSim: 1 }, { enabledSim: [1], preferredSim: null }],
      ["SIM1", { enabledSim: [1], preferredSim: null }],
      [{ enabledSim: [1, 2] }, { enabledSim: [1, 2], preferredSim: null }],
      ["read", { enabledSim: [1, 2], preferredSim: null }],
    ];
    for (const [payload, expected] of table) {
      const o = await outcome({ payload });
      assert.deepEqual(payloadOf(o), expected, `payload ${JSON.stringify(payload)}`);
    }
    assert.deepEqual(simConfig(handle), { simCardScheme: "", preferredSim: null });
  });

  it("takes the WAN from msg.connId over the setting", async () => {
    await load(handle, { connId: "", action: "read" });
    assert.deepEqual(payloadOf(await outcome({ connId: 4 })), { enabledSim: [1, 2], preferredSim: 1 });
    assert.deepEqual(payloadOf(await outcome({ connId: "4", payload: 2 })), { enabledSim: [2], preferredSim: null });
  });

  it("rejects bad input before sending anything, naming the field and what is allowed", async () => {
    await load(handle, { connId: "4", action: "read" });
    handle.sim.control.clearLog();
    const table: Array<[Msg, RegExp]> = [
      [{ payload: 3 }, /^payload: must be 1 or 2 \(use only that SIM\), "both", "read"/],
      [{ payload: 0 }, /^payload: must be 1 or 2/],
      [{ payload: -1 }, /^payload: must be 1 or 2/],
      [{ payload: 1.5 }, /^payload: must be 1 or 2/],
      [{ payload: "3" }, /^payload: must be 1 or 2.*\(got "3"\)$/],
      [{ payload: "sim3" }, /^payload: /],
      [{ payload: true }, /^payload: /],
      [{ payload: [1, 2] }, /^payload: .*\(got an array of 2\)$/],
      [{ payload: "x".repeat(100_000) }, /^payload: .*\(got a string of 100000 characters\)$/],
      [{ payload: "both\n" }, /^payload: /],
      [{ payload: "sim\u00001" }, /^payload: /],
      [{ payload: {} }, /^payload: must set enabledSim .* and\/or preferredSim/],
      [{ payload: { enabledSim: [] } }, /^payload\.enabledSim: must be a list of 1 to 2 items/],
      [{ payload: { enabledSim: null } }, /^payload\.enabledSim: must be a list of 1 to 2 items \(got null\)/],
      [{ payload: { enabledSim: [1, 1] } }, /^payload\.enabledSim: must not list a SIM twice/],
      [{ payload: { enabledSim: [1, 2, 1] } }, /^payload\.enabledSim: must be a list of 1 to 2 items/],
      [{ payload: { enabledSim: [3] } }, /^payload\.enabledSim\[0\]: must be an integer from 1 to 2 \(got 3\)/],
      [{ payload: { enabledSim: ["a"] } }, /^payload\.enabledSim\[0\]: must be an integer from 1 to 2/],
      [
        { payload: { enabledSim: [1], preferredSim: 2 } },
        /^payload\.preferredSim: must be one of the enabled SIMs \(1\) or null \(got 2\)/,
      ],
      [{ payload: { preferredSim: 3 } }, /^payload\.preferredSim: must be an integer from 1 to 2/],
      [{ payload: { preferredSim: "" } }, /^payload\.preferredSim: must be an integer from 1 to 2/],
      [{ payload: { enabledSm: [1] } }, /^payload\.enabledSm: is not a known field; allowed: enabledSim, preferredSim/],
      [{ connId: 1 }, /^connId: WAN 1 \(WAN 1, ethernet\) is not a cellular WAN; cellular WANs on this router: 4 \(Cellular, cellular\)/],
      [{ connId: 3, payload: 2 }, /^connId: WAN 3 \(Wi-Fi WAN, wifi\) is not a cellular WAN/],
      [{ connId: 5 }, /^connId: WAN 5 \(USB, modem\) is not a cellular WAN/],
      [{ connId: 99 }, /^connId: WAN 99 does not exist on this router/],
      [{ connId: 0 }, /^connId: must be an integer from 1 to 255 \(got 0\)/],
      [{ connId: "four" }, /^connId: must be an integer from 1 to 255/],
      [{ connId: "" }, /^connId: must be an integer from 1 to 255 \(got an empty string\)/],
      [{ connId: 4.5 }, /^connId: must be an integer/],
      [{ connId: null }, /^connId: must be an integer/],
    ];
    for (const [msg, expected] of table) {
      const text = errorText(await outcome(msg));
      assert.match(text, expected, JSON.stringify(msg).slice(0, 60));
      assert.ok(text.length < 400, "long values are described, not echoed");
    }
    assert.equal(handle.sim.control.log().length, 0, "no request at all was sent");
    assert.deepEqual(simConfig(handle), { simCardScheme: "", preferredSim: 1 });
  });

  it("rejects a non-cellular or missing connId setting and an unknown action setting without a request", async () => {
    await load(handle, { connId: "1", action: "sim2" });
    handle.sim.control.clearLog();
    assert.match(errorText(await outcome({})), /^connId setting: WAN 1 \(WAN 1, ethernet\) is not a cellular WAN/);
    await helper.unload();
    await load(handle, { connId: "", action: "sim2" });
    handle.sim.control.clearLog();
    assert.match(errorText(await outcome({})), /^connId: is missing: choose a WAN/);
    await helper.unload();
    await load(handle, { connId: "4", action: "sim3" });
    handle.sim.control.clearLog();
    assert.match(errorText(await outcome({})), /^action setting: must be one of read, sim1, sim2, both, prefer1, prefer2 \(got "sim3"\)/);
    assert.equal(handle.sim.control.log().length, 0);
  });

  it("reads the WAN list once per device, shared by the SIM and cellular nodes", async () => {
    await load(
      handle,
      { connId: "4", action: "read" },
      {
        extra: [
          { id: "n2", type: "peplink-sim", device: "dev1", connId: "4", action: "read", wires: [["out"]] },
          { id: "n3", type: "peplink-cellular", device: "dev1", connId: "4", action: "rescan-network", wires: [["out"]] },
        ],
      },
    );
    for (const id of ["n1", "n2", "n1", "n2"]) payloadOf(await outcome({}, { id }));
    payloadOf(await outcome({}, { id: "n3" }));
    assert.equal(requestsTo(handle.sim, "status.wan.connection"), 1);
  });

  it("reads the WAN list again when the router rejects the WAN (its configuration changed)", async () => {
    await load(handle, { connId: "4", action: "read" });
    // The router's WAN 4 is no longer cellular, but the node's list still says so.
    handle.sim.control.state.wans[String(CELLULAR)].type = "modem";
    assert.match(errorText(await outcome({})), /^cmd\.wan\.cellular: Invalid connId: WAN connection 4 is not a cellular WAN \(code 400\)/);
    handle.sim.control.clearLog();
    assert.match(errorText(await outcome({})), /^connId setting: WAN 4 \(Cellular, modem\) is not a cellular WAN/);
    assert.deepEqual(
      handle.sim.control.log().map((e) => e.endpoint),
      ["status.wan.connection"],
      "only the list was read again",
    );
  });

  it("reports a failed read of the WAN list as the message's error, then recovers", async () => {
    handle.sim.control.injectFault({ kind: "http500", count: 2, endpoint: "status.wan.connection" });
    const dev = device(handle.sim, apiClient(handle.sim));
    await helper.load(
      [deviceModule, simModule],
      flow([{ id: "n1", type: "peplink-sim", device: "dev1", connId: "4", action: "read", wires: [["out"]] }], dev),
      dev.credentials,
    );
    await until(() => requestsTo(handle.sim, "status.wan.connection") >= 1, "the failed warm-up");
    assert.match(errorText(await outcome({})), /^status\.wan\.connection: the router answered HTTP 500/);
    assert.equal(requestsTo(handle.sim, "cmd.wan.cellular"), 0);
    assert.deepEqual(payloadOf(await outcome({})), { enabledSim: [1, 2], preferredSim: 1 });
  });

  it("reports device failures (HTTP 500, web page, malformed JSON) to Catch, then recovers", async () => {
    await load(handle, { connId: "4", action: "sim1" });
    for (const kind of ["http500", "html", "malformed"] as const) {
      handle.sim.control.injectFault({ kind, count: 1, endpoint: "cmd.wan.cellular" });
      assert.match(errorText(await outcome({})), /^cmd\.wan\.cellular: /, kind);
      assert.equal(await maybeNext(helper.getNode("out"), 100), undefined, `no output after ${kind}`);
    }
    assert.deepEqual(payloadOf(await outcome({})), { enabledSim: [1], preferredSim: null });
    assert.equal(requestsTo(handle.sim, "status.wan.connection"), 1, "a device failure does not discard the WAN list");
  });

  it("fails a change from a read-only client without sending it, but reads", async () => {
    await load(handle, { connId: "4", action: "sim2" }, { creds: apiClient(handle.sim, "api.read-only") });
    assert.match(errorText(await outcome({})), /^cmd\.wan\.cellular: not sent/);
    assert.equal(handle.sim.control.log().filter((e) => e.endpoint === "cmd.wan.cellular").length, 0);
    assert.deepEqual(payloadOf(await outcome({ payload: "read" })), { enabledSim: [1, 2], preferredSim: 1 });
  });
});

// ------------------------------------------------------------------ examples

describe("peplink-sim example flow", function () {
  const handle = useSimulator();
  afterEach(async () => {
    await helper.unload();
  });

  it("sim-switch-allowance.json: below 90 % nothing changes; above it the WAN uses only SIM 2; the inject restores both", async () => {
    await loadExample("sim-switch-allowance.json", handle.sim);
    const status = helper.getNode("sim-allowance-status");
    const usage = helper.getNode("sim-allowance-usage-debug");
    const result = helper.getNode("sim-allowance-result");

    let seen = collect(usage, 1);
    status.receive({});
    assert.equal((await seen)[0].payload, 22.9, "SIM A: 2345 of 10240 MB");
    assert.equal(await maybeNext(result, 500), undefined, "below 90 %: no switch");

    handle.sim.control.state.wans[String(CELLULAR)].cellular!.sims["1"].usageMb = 9800;
    seen = collect(usage, 1);
    let switched = collect(result, 1);
    status.receive({});
    assert.equal((await seen)[0].payload, 95.7);
    assert.deepEqual((await switched)[0].payload, { enabledSim: [2], preferredSim: null });
    assert.deepEqual(simConfig(handle), { simCardScheme: "2", preferredSim: null });

    switched = collect(result, 1);
    helper.getNode("sim-allowance-both").receive({});
    assert.deepEqual((await switched)[0].payload, { enabledSim: [1, 2], preferredSim: null });

    switched = collect(result, 1);
    helper.getNode("sim-allowance-test").receive({});
    assert.deepEqual((await switched)[0].payload, { enabledSim: [2], preferredSim: null }, "the test inject switches too");
  });
});
