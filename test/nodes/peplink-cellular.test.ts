/**
 * peplink-cellular inside Node-RED against the simulator over HTTPS.
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
  outcome as outcomeOf,
  outcomeError as errorText,
  outcomePayload as payloadOf,
  statusMatching,
  until,
  type Msg,
  type Outcome,
} from "../helpers/node-red";
import { loadExample } from "../helpers/examples";
import { requestsTo, useSimulator, type SimulatorHandle } from "../helpers/simulator";

const cellularModule = nodeModule("peplink-cellular");
const CELLULAR = "4";

/** One input's outcome; carrier scans take a while. */
function outcome(msg: Msg): Promise<Outcome> {
  return outcomeOf(msg, { ms: 15000 });
}

function cellularNode(node: Record<string, unknown>): Record<string, unknown> {
  return { id: "n1", type: "peplink-cellular", device: "dev1", connId: CELLULAR, wires: [["out"]], ...node };
}

/** Loads the node and waits until the WAN list read at start has been answered. */
async function load(
  handle: SimulatorHandle,
  node: Record<string, unknown>,
  creds?: Record<string, string>,
): Promise<{ credentials: Record<string, Record<string, string>>; flow: Array<Record<string, unknown>> }> {
  const dev = device(handle.sim, creds ?? apiClient(handle.sim));
  const nodes = flow([cellularNode(node)], dev);
  await helper.load([deviceModule, cellularModule], nodes, dev.credentials);
  await until(() => handle.sim.control.log().some((e) => e.endpoint === "status.wan.connection" && e.status !== 0), "the WAN list");
  return { credentials: dev.credentials, flow: nodes };
}

function simCard(handle: SimulatorHandle, simId: "1" | "2") {
  return handle.sim.control.state.wans[CELLULAR].cellular!.sims[simId];
}

describe("peplink-cellular node", function () {
  const handle = useSimulator({ carrierScanDurationMs: 300, cellularResetDurationMs: 300 });
  afterEach(async () => {
    await helper.unload();
  });

  it("sends a USSD code from the setting and outputs the router's answer", async () => {
    await load(handle, { action: "send-ussd", ussd: "*100#" });
    const status = statusMatching(helper.getNode("n1"), (s) => s.text === "USSD sent");
    const o = await outcome({ payload: Date.now() });
    assert.deepEqual(payloadOf(o), { message: "Request is sent successfully" });
    assert.deepEqual(o.msg.peplink, { device: "sim", endpoint: "cmd.sendUssd", method: "POST", action: "send-ussd" });
    assert.equal(o.msg.topic, "cmd.sendUssd");
    const sent = handle.sim.control.sentUssd();
    assert.equal(sent.length, 1);
    assert.deepEqual({ ussd: sent[0].ussd, connId: sent[0].connId, simId: sent[0].simId }, { ussd: "*100#", connId: 4, simId: 1 });
    await status;
  });

  it("takes the USSD code from msg.payload (text or { ussd, simId })", async () => {
    await load(handle, { action: "send-ussd", ussd: "*100#" });
    payloadOf(await outcome({ payload: "*123#" }));
    payloadOf(await outcome({ payload: { ussd: "#101#", simId: 2 } }));
    assert.deepEqual(
      handle.sim.control.sentUssd().map((u) => [u.ussd, u.simId]),
      [
        ["*123#", 1],
        ["#101#", 2],
      ],
    );
  });

  it("resets the cellular module", async () => {
    await load(handle, { action: "reset-module" });
    const o = await outcome({});
    assert.deepEqual(payloadOf(o), { connId: 4 }, "the router only acknowledges: the parameters sent are the output");
    assert.deepEqual(o.msg.peplink, { device: "sim", endpoint: "cmd.cellularModule.reset", method: "POST", action: "reset-module" });
    assert.notEqual(handle.sim.control.state.wans[CELLULAR].cellular!.resetUntil, undefined, "the module is resetting");
    assert.equal(requestsTo(handle.sim, "cmd.cellularModule.reset"), 1);
  });

  it("rescans the network", async () => {
    await load(handle, { action: "rescan-network" });
    const status = statusMatching(helper.getNode("n1"), (s) => s.text === "rescan started");
    assert.deepEqual(payloadOf(await outcome({})), { connId: 4 });
    assert.equal(requestsTo(handle.sim, "cmd.cellularModule.rescanNetwork"), 1);
    await status;
  });

  it("starts a new billing cycle for a SIM, and for a non-cellular WAN", async () => {
    await load(handle, { action: "new-billing-cycle", simId: "2" });
    simCard(handle, "2").usageMb = 1234;
    simCard(handle, "1").usageMb = 99;
    assert.deepEqual(payloadOf(await outcome({})), { connId: 4, simId: 2 });
    assert.equal(simCard(handle, "2").usageMb, 0);
    assert.equal(simCard(handle, "1").usageMb, 99, "only the SIM asked for");
    assert.deepEqual(payloadOf(await outcome({ connId: 2, payload: {} })), { connId: 2, simId: 2 });
    assert.equal(handle.sim.control.state.wans["2"].usageMb, 0, "WAN 2's cycle restarted");
  });

  it("selects a carrier from the settings, from a scan entry in msg.payload, and goes back to automatic", async () => {
    await load(handle, { action: "carrier-select", mcc: "262", mnc: "01", pcs: "0" });
    const first = await outcome({});
    assert.deepEqual(payloadOf(first), { connId: 4, selectedCarrier: { mcc: "262", mnc: "01", pcs: 0 } });
    assert.deepEqual(simCard(handle, "1").selectedCarrier, { mcc: "262", mnc: "01", pcs: 0, name: "Carrier2" });

    // An entry of a scan list, as it comes (one-digit mnc, mobileType), for SIM B.
    const second = await outcome({ payload: { name: "Carrier3", mobileType: "3G", mcc: "262", mnc: "3", pcs: 0, simId: 2 } });
    assert.deepEqual(payloadOf(second), { connId: 4, simId: 2, selectedCarrier: { mcc: "262", mnc: "03", pcs: 0, name: "Carrier3" } });
    assert.equal(simCard(handle, "2").selectedCarrier?.mnc, "03");

    const auto = await outcome({ action: "carrier-auto" });
    assert.deepEqual(payloadOf(auto), { connId: 4, selectedCarrier: null });
    assert.deepEqual(auto.msg.peplink, { device: "sim", endpoint: "cmd.carrier.select", method: "POST", action: "carrier-auto" });
    assert.equal(simCard(handle, "1").selectedCarrier, null, "SIM A (active) is automatic again");
    assert.notEqual(simCard(handle, "2").selectedCarrier, null, "SIM B keeps its choice");
  });

  it("scans for carriers: starts the scan, polls until done and outputs the final result", async () => {
    await load(handle, { action: "carrier-scan" });
    const scanning = statusMatching(helper.getNode("n1"), (s) => s.text === "scanning…");
    const found = statusMatching(helper.getNode("n1"), (s) => s.text === "carriers found: 3");
    const o = await outcome({});
    const result = payloadOf(o);
    assert.equal(result.scanStatus, "done");
    assert.equal((result.list as unknown[]).length, 3);
    assert.equal(typeof result.timestamp, "number");
    assert.deepEqual(result.reference, { activeSim: { simId: 1, selectedCarrier: null, cellularNetwork: null } });
    assert.deepEqual(o.msg.peplink, { device: "sim", endpoint: "cmd.carrier.scan", method: "GET", action: "carrier-scan" });
    const calls = handle.sim.control
      .log()
      .filter((e) => e.endpoint === "cmd.carrier.scan")
      .map((e) => e.method);
    assert.equal(calls[0], "POST", "the scan is started first");
    assert.ok(calls.length >= 2 && calls.slice(1).every((m) => m === "GET"), `then polled: ${calls.join(",")}`);
    await scanning;
    await found;
  });

  it("takes the action from msg.action and the WAN from msg.connId", async () => {
    await load(handle, { action: "send-ussd", connId: "" });
    const o = await outcome({ action: "rescan-network", connId: "4" });
    assert.deepEqual(payloadOf(o), { connId: 4 });
    assert.equal((o.msg.peplink as { action: string }).action, "rescan-network");
  });

  it("rejects bad input before sending anything, naming the field and what is allowed", async () => {
    await load(handle, { action: "send-ussd", ussd: "*100#" });
    handle.sim.control.clearLog();
    const table: Array<[Msg, RegExp]> = [
      [
        { action: "explode" },
        /^action: must be one of reset-module, rescan-network, send-ussd, new-billing-cycle, carrier-scan, carrier-select, carrier-auto \(got "explode"\)/,
      ],
      [{ action: 42 }, /^action: must be one of /],
      [{ action: "" }, /^action: must be one of .*\(got an empty string\)/],
      [{ payload: "*100#abc" }, /^payload: must be a USSD code of digits, \* and # only/],
      [{ payload: { ussd: "" } }, /^payload\.ussd: must be a non-empty string/],
      [{ payload: { ussd: 100 } }, /^payload\.ussd: must be a string \(got 100\)/],
      [{ payload: "1".repeat(183) }, /^payload: must be at most 182 characters/],
      [{ payload: "x".repeat(100_000) }, /^payload: must be at most 182 characters \(got a string of 100000 characters\)/],
      [{ payload: "*100#\n" }, /^payload: must be a single line without control characters/],
      [{ payload: "*1\u00000#" }, /^payload: must be a single line without control characters/],
      [{ payload: { ussd: "*100#", simId: 3 } }, /^payload\.simId: must be an integer from 1 to 2 \(got 3\)/],
      [{ payload: { ussd: "*100#", simId: "B" } }, /^payload\.simId: must be an integer from 1 to 2/],
      [{ payload: { usd: "*100#" } }, /^payload\.usd: is not a known field; allowed: ussd, simId, mcc, mnc, pcs, name, mobileType/],
      [{ payload: ["*100#"] }, /^payload: must be an object of parameters/],
      [{ action: "carrier-select" }, /^mcc: is required for carrier-select: must be 3 digits/],
      [
        { action: "carrier-select", payload: { mcc: "26", mnc: "01" } },
        /^payload\.mcc: must be 3 digits as a string, e\.g\. "262" \(got "26"\)/,
      ],
      [{ action: "carrier-select", payload: { mcc: 262, mnc: "01" } }, /^payload\.mcc: must be 3 digits as a string/],
      [{ action: "carrier-select", payload: { mcc: "2620", mnc: "01" } }, /^payload\.mcc: /],
      [{ action: "carrier-select", payload: { mcc: "262" } }, /^mnc: is required for carrier-select/],
      [{ action: "carrier-select", payload: { mcc: "262", mnc: "1234" } }, /^payload\.mnc: must be 2 or 3 digits as a string/],
      [{ action: "carrier-select", payload: { mcc: "262", mnc: 1 } }, /^payload\.mnc: must be 2 or 3 digits as a string/],
      [{ action: "carrier-select", payload: { mcc: "262", mnc: "0a" } }, /^payload\.mnc: /],
      [{ action: "carrier-select", payload: { mcc: "262", mnc: "01", pcs: 2 } }, /^payload\.pcs: must be an integer from 0 to 1 \(got 2\)/],
      [
        { action: "carrier-select", payload: { mcc: "262", mnc: "01", name: "n".repeat(65) } },
        /^payload\.name: must be at most 64 characters/,
      ],
      [{ action: "carrier-select", payload: { mcc: "262", mnc: "01", name: "a\nb" } }, /^payload\.name: must be a single line/],
      [{ action: "new-billing-cycle", payload: { simId: 0 } }, /^payload\.simId: must be an integer from 1 to 2 \(got 0\)/],
      [
        { action: "reset-module", connId: 1 },
        /^connId: WAN 1 \(WAN 1, ethernet\) is not a cellular WAN; cellular WANs on this router: 4 \(Cellular, cellular\)/,
      ],
      [{ action: "carrier-scan", connId: 3 }, /^connId: WAN 3 \(Wi-Fi WAN, wifi\) is not a cellular WAN/],
      [{ connId: 2 }, /^connId: WAN 2 \(WAN 2, ethernet\) is not a cellular WAN/],
      [{ action: "carrier-auto", connId: 6 }, /^connId: WAN 6 .* is not a cellular WAN/],
      [{ action: "new-billing-cycle", connId: 99 }, /^connId: WAN 99 does not exist on this router; WANs on this router: 1, 2, 3, 4, 5, 6/],
      [{ connId: 256 }, /^connId: must be an integer from 1 to 255 \(got 256\)/],
      [{ connId: "4; drop" }, /^connId: must be an integer from 1 to 255/],
    ];
    for (const [msg, expected] of table) {
      const text = errorText(await outcome(msg));
      assert.match(text, expected, JSON.stringify(msg).slice(0, 80));
      assert.ok(text.length < 400, "long values are described, not echoed");
    }
    assert.equal(handle.sim.control.log().length, 0, "no request at all was sent");
    assert.equal(handle.sim.control.sentUssd().length, 0);
  });

  it("needs a USSD code, an action setting and a WAN, and says so without a request", async () => {
    await load(handle, { action: "send-ussd", ussd: "" });
    handle.sim.control.clearLog();
    assert.match(errorText(await outcome({ payload: Date.now() })), /^ussd: is required for send-ussd/);
    await helper.unload();
    await load(handle, { action: "", connId: "4" });
    handle.sim.control.clearLog();
    assert.match(errorText(await outcome({})), /^action setting: must be one of /);
    await helper.unload();
    await load(handle, { action: "rescan-network", connId: "" });
    handle.sim.control.clearLog();
    assert.match(errorText(await outcome({})), /^connId: is missing/);
    await helper.unload();
    await load(handle, { action: "carrier-scan", scanTimeout: "0" });
    handle.sim.control.clearLog();
    assert.match(errorText(await outcome({})), /^scanTimeout setting: must be an integer from 1 to 600 \(got "0"\)/);
    assert.equal(handle.sim.control.log().length, 0);
  });

  it("reports the router's refusal as '<endpoint>: <message> (code n)'", async () => {
    await load(handle, { action: "send-ussd", ussd: "*100#" });
    handle.sim.control.setWanState(4, "disabled");
    assert.equal(errorText(await outcome({})), "cmd.sendUssd: WAN connection 4 is disabled (code 400)");
    assert.equal(await maybeNext(helper.getNode("out"), 100), undefined);
  });

  it("reports device failures (HTTP 500, web page, malformed JSON, hang past the timeout) to Catch, then recovers", async () => {
    const dev = device(handle.sim, apiClient(handle.sim), { timeout: 1 });
    await helper.load([deviceModule, cellularModule], flow([cellularNode({ action: "send-ussd", ussd: "*100#" })], dev), dev.credentials);
    await until(() => requestsTo(handle.sim, "status.wan.connection") >= 1, "the WAN list");
    for (const kind of ["http500", "html", "malformed", "hang"] as const) {
      handle.sim.control.injectFault({ kind, count: 1, endpoint: "cmd.sendUssd" });
      assert.match(errorText(await outcome({})), /^cmd\.sendUssd: /, kind);
      assert.equal(await maybeNext(helper.getNode("out"), 100), undefined, `no output after ${kind}`);
    }
    assert.deepEqual(payloadOf(await outcome({})), { message: "Request is sent successfully" });
  });

  it("reports a fault while polling a carrier scan as one error", async () => {
    await load(handle, { action: "carrier-scan" });
    handle.sim.control.injectFault({ kind: "http500", count: 1, endpoint: "cmd.carrier.scan" });
    assert.match(errorText(await outcome({})), /^cmd\.carrier\.scan: the router answered HTTP 500/);
    assert.equal(await maybeNext(helper.getNode("out"), 100), undefined);
    assert.equal(payloadOf(await outcome({})).scanStatus, "done");
  });
});

describe("peplink-cellular node, long carrier scans", function () {
  const handle = useSimulator({ carrierScanDurationMs: 60_000 });
  afterEach(async () => {
    await helper.unload();
  });

  it("ends the wait with a timeout error when the scan does not finish in time", async () => {
    await load(handle, { action: "carrier-scan", scanTimeout: "1" });
    const status = statusMatching(helper.getNode("n1"), (s) => s.text === "timeout");
    const text = errorText(await outcome({}));
    assert.match(text, /^cmd\.carrier\.scan: the carrier scan did not finish within 1 s \(scanStatus still "scanning"\)/);
    assert.equal(await maybeNext(helper.getNode("out"), 100), undefined, "no output");
    await status;
    const calls = handle.sim.control
      .log()
      .filter((e) => e.endpoint === "cmd.carrier.scan")
      .map((e) => e.method);
    assert.deepEqual(calls, ["POST", "GET"], "one start and one poll within 1 s");
  });

  it("stops waiting when the node is closed: no further request, no output, no error", async () => {
    const loaded = await load(handle, { action: "carrier-scan", scanTimeout: "30" });
    const out = maybeNext(helper.getNode("out"), 3000);
    const caught = maybeNext(helper.getNode("caught"), 3000);
    helper.getNode("n1").receive({});
    await until(() => handle.sim.control.log().some((e) => e.endpoint === "cmd.carrier.scan" && e.method === "GET"), "the first poll");
    // Redeploy without the node; the device (and its client) stays, so a leftover timer would still reach the router.
    await helper.setFlows(
      loaded.flow.filter((n) => n.id !== "n1"),
      "nodes",
      loaded.credentials,
    );
    const closedAt = handle.sim.control.log().length;
    await new Promise((r) => setTimeout(r, 2500));
    const after = handle.sim.control.log().slice(closedAt);
    assert.deepEqual(
      after.map((e) => `${e.method} ${e.endpoint}`),
      [],
      "no request after close",
    );
    assert.equal(await out, undefined);
    assert.equal(await caught, undefined);
  });
});

// ------------------------------------------------------------------ examples

describe("peplink-cellular example flow", function () {
  const handle = useSimulator({ carrierScanDurationMs: 300 });
  afterEach(async () => {
    await helper.unload();
  });

  it("cellular-actions.json: every inject does its action on the simulator; the bad one is refused", async () => {
    await loadExample("cellular-actions.json", handle.sim);
    await until(() => requestsTo(handle.sim, "status.wan.connection") >= 1, "the WAN list");
    const debug = helper.getNode("cellular-actions-debug");
    const run = async (inject: string): Promise<Msg> => {
      const got = collect(debug, 1, 15000);
      helper.getNode(inject).receive({});
      return (await got)[0];
    };
    assert.deepEqual((await run("cellular-actions-ussd")).payload, { message: "Request is sent successfully" });
    assert.equal(handle.sim.control.sentUssd()[0]?.ussd, "*100#");
    assert.equal(((await run("cellular-actions-scan")).payload as { scanStatus: string }).scanStatus, "done");
    await run("cellular-actions-select");
    assert.equal(simCard(handle, "1").selectedCarrier?.name, "Carrier2");
    await run("cellular-actions-auto");
    assert.equal(simCard(handle, "1").selectedCarrier, null);
    simCard(handle, "1").usageMb = 500;
    await run("cellular-actions-cycle");
    assert.equal(simCard(handle, "1").usageMb, 0);
    await run("cellular-actions-rescan");
    assert.equal(requestsTo(handle.sim, "cmd.cellularModule.rescanNetwork"), 1);
    await run("cellular-actions-reset");
    assert.equal(requestsTo(handle.sim, "cmd.cellularModule.reset"), 1);

    const errors = helper.getNode("cellular-actions-errors");
    const refused = collect(errors, 1);
    helper.getNode("cellular-actions-bad").receive({});
    assert.match(((await refused)[0].error as { message: string }).message, /^payload: must be a USSD code/);
    assert.equal(handle.sim.control.sentUssd().length, 1);
  });
});
