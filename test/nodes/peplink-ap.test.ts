/**
 * peplink-ap inside Node-RED against the simulator over HTTPS.
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
} from "../helpers/node-red";
import { loadExample } from "../helpers/examples";
import { apiRequests, requestsTo, useSimulator, type SimulatorHandle } from "../helpers/simulator";

const apModule = nodeModule("peplink-ap");

async function load(handle: SimulatorHandle, node: Record<string, unknown>, creds?: Record<string, string>): Promise<void> {
  const dev = device(handle.sim, creds ?? apiClient(handle.sim));
  await helper.load(
    [deviceModule, apModule],
    flow([{ id: "n1", type: "peplink-ap", device: "dev1", wires: [["out"]], ...node }], dev),
    dev.credentials,
  );
}

describe("peplink-ap node", function () {
  const handle = useSimulator();
  afterEach(async () => {
    await helper.unload();
  });

  it("reads the AP state with GET cmd.ap and shows it in the status", async () => {
    await load(handle, { action: "read" });
    const status = statusMatching(helper.getNode("n1"), (s) => s.text === "AP on");
    const o = await outcome({});
    assert.deepEqual(payloadOf(o), { support: true, enable: true, wanDependent: false });
    assert.deepEqual(o.msg.peplink, { device: "sim", endpoint: "cmd.ap", method: "GET" });
    assert.equal(o.msg.topic, "cmd.ap");
    await status;
    assert.equal(requestsTo(handle.sim, "cmd.ap"), 1);
  });

  it("switches the AP off and on from the setting, outputs the state after it and shows it", async () => {
    await load(handle, { action: "off", topic: "ap" });
    const status = statusMatching(helper.getNode("n1"), (s) => s.text === "AP off");
    const o = await outcome({ payload: 1_700_000_000_000 });
    assert.deepEqual(payloadOf(o), { support: true, enable: false, wanDependent: false });
    assert.deepEqual(o.msg.peplink, { device: "sim", endpoint: "cmd.ap", method: "POST" });
    assert.equal(o.msg.topic, "ap");
    assert.equal(handle.sim.control.state.ap.enable, false);
    await status;
    const log = handle.sim.control.log().filter((e) => e.endpoint === "cmd.ap");
    assert.deepEqual(
      log.map((e) => e.method),
      ["POST"],
      "on/off is one request",
    );
  });

  it("takes the action from msg.payload: booleans, 1/0 and words in any case", async () => {
    await load(handle, { action: "read" });
    const table: Array<[unknown, boolean]> = [
      [false, false],
      [true, true],
      ["OFF", false],
      [" on ", true],
      [0, false],
      [1, true],
      ["false", false],
      ["True", true],
      ["toggle", false],
      ["TOGGLE", true],
    ];
    for (const [payload, enable] of table) {
      const o = await outcome({ payload });
      assert.equal(payloadOf(o).enable, enable, `payload ${JSON.stringify(payload)}`);
      assert.equal(handle.sim.control.state.ap.enable, enable, `router state after ${JSON.stringify(payload)}`);
    }
    handle.sim.control.clearLog();
    const read = await outcome({ payload: "Read" });
    assert.equal(payloadOf(read).enable, true);
    assert.deepEqual(
      handle.sim.control.log().map((e) => `${e.method} ${e.endpoint}`),
      ["GET cmd.ap"],
    );
  });

  it("toggles: reads, then sets the opposite", async () => {
    await load(handle, { action: "toggle" });
    const first = await outcome({});
    assert.equal(payloadOf(first).enable, false);
    assert.equal(handle.sim.control.state.ap.enable, false);
    const second = await outcome({ payload: "" });
    assert.equal(payloadOf(second).enable, true);
    assert.equal(handle.sim.control.state.ap.enable, true);
    const log = handle.sim.control.log().filter((e) => e.endpoint === "cmd.ap");
    assert.deepEqual(
      log.map((e) => e.method),
      ["GET", "POST", "GET", "POST"],
    );
  });

  it("uses the setting for an empty or timestamp payload", async () => {
    await load(handle, { action: "off" });
    for (const payload of [undefined, null, "", Date.now()]) {
      handle.sim.control.state.ap.enable = true;
      const o = await outcome({ payload });
      assert.equal(payloadOf(o).enable, false, `payload ${String(payload)}`);
    }
  });

  it("rejects bad payloads before sending anything, naming payload and the allowed values", async () => {
    await load(handle, { action: "read" });
    const bad: unknown[] = [
      "maybe",
      "AP ON",
      2,
      -1,
      0.5,
      12345,
      Number.NaN,
      { enable: true },
      [true],
      "x".repeat(100_000),
      "on\nok",
      "on\n",
      "\toff",
      "o\u0000n",
      "   ",
    ];
    for (const payload of bad) {
      const text = errorText(await outcome({ payload }));
      assert.match(
        text,
        /^payload: must be true, false, 1, 0, "on", "off", "toggle" or "read"/,
        `payload ${JSON.stringify(payload)?.slice(0, 30)}`,
      );
      assert.ok(text.length < 300, "a long value is described, not echoed");
    }
    assert.deepEqual(apiRequests(handle.sim), [], "no API request was sent");
    assert.equal(handle.sim.control.state.ap.enable, true);
  });

  it("rejects an unknown action setting before sending anything", async () => {
    await load(handle, { action: "blink" });
    const text = errorText(await outcome({}));
    assert.match(text, /^action setting: must be one of on, off, toggle, read \(got "blink"\)/);
    assert.deepEqual(apiRequests(handle.sim), []);
  });

  it("sends exactly one output per message, never an error with it", async () => {
    await load(handle, { action: "on" });
    const outs = collect(helper.getNode("out"), 5);
    for (let i = 0; i < 5; i++) helper.getNode("n1").receive({});
    await outs;
    assert.equal(await maybeNext(helper.getNode("caught"), 300), undefined);
    assert.equal(await maybeNext(helper.getNode("out"), 200), undefined, "no extra output");
  });

  it("reports device failures (HTTP 500, web page, malformed JSON, reset) to Catch, then recovers", async () => {
    await load(handle, { action: "on" });
    for (const kind of ["http500", "html", "malformed", "reset"] as const) {
      // A switch is a command: after a reset it is not sent again (outcome unknown), so one reset is enough.
      handle.sim.control.injectFault({ kind, count: 1, endpoint: "cmd.ap" });
      const o = await outcome({});
      assert.match(errorText(o), kind === "reset" ? /^cmd\.ap: outcome unknown: / : /^cmd\.ap: /, kind);
      assert.equal(await maybeNext(helper.getNode("out"), 100), undefined, `no output after ${kind}`);
    }
    const again = await outcome({});
    assert.equal(payloadOf(again).enable, true);
  });

  it("reports a fault on the read of a toggle as one error and switches nothing", async () => {
    await load(handle, { action: "toggle" });
    handle.sim.control.injectFault({ kind: "http500", count: 1, endpoint: "cmd.ap" });
    assert.match(errorText(await outcome({})), /^cmd\.ap: the router answered HTTP 500/);
    assert.equal(handle.sim.control.log().filter((e) => e.endpoint === "cmd.ap" && e.method === "POST").length, 0);
    assert.equal(handle.sim.control.state.ap.enable, true);
  });

  it("fails a switch from a read-only client without sending it, but reads", async () => {
    await load(handle, { action: "off" }, apiClient(handle.sim, "api.read-only"));
    assert.match(errorText(await outcome({})), /^cmd\.ap: not sent/);
    assert.equal(handle.sim.control.log().filter((e) => e.endpoint === "cmd.ap" && e.method === "POST").length, 0);
    assert.equal(payloadOf(await outcome({ payload: "read" })).enable, true);
  });

  it("says when no device is selected", async () => {
    await helper.load(
      [deviceModule, apModule],
      flow([{ id: "n1", type: "peplink-ap", device: "", action: "on", wires: [["out"]] }], device(handle.sim, {})),
      {},
    );
    assert.match(errorText(await outcome({})), /^device: no peplink-device is selected/);
  });
});

describe("peplink-ap node on a router without access point", function () {
  const handle = useSimulator({ apSupport: false });
  afterEach(async () => {
    await helper.unload();
  });

  it("reads support:false as an answer and shows 'no AP'", async () => {
    await load(handle, { action: "read" });
    const status = statusMatching(helper.getNode("n1"), (s) => s.text === "no AP");
    assert.deepEqual(payloadOf(await outcome({})), { support: false });
    await status;
  });

  it("fails on, off and toggle with a clear error instead of a silent no-op", async () => {
    await load(handle, { action: "read" });
    assert.match(errorText(await outcome({ payload: "on" })), /^cmd\.ap: .*not supported/i);
    assert.equal(errorText(await outcome({ payload: "off" })), "cmd.ap: this router has no access point (support: false)");
    handle.sim.control.clearLog();
    assert.equal(errorText(await outcome({ payload: "toggle" })), "cmd.ap: this router has no access point (support: false)");
    assert.deepEqual(
      handle.sim.control
        .log()
        .filter((e) => e.endpoint === "cmd.ap")
        .map((e) => e.method),
      ["GET"],
      "toggle stops after reading support:false",
    );
    assert.equal(await maybeNext(helper.getNode("out"), 100), undefined, "no output for any of them");
  });
});

// ------------------------------------------------------------------ examples

describe("peplink-ap example flows", function () {
  const handle = useSimulator();
  afterEach(async () => {
    await helper.unload();
  });

  it("ap-control.json: the injects switch the simulator's AP off, toggle it and read it", async () => {
    await loadExample("ap-control.json", handle.sim);
    const debug = helper.getNode("ap-control-debug");
    for (const [inject, enable] of [
      ["ap-control-off", false],
      ["ap-control-toggle", true],
      ["ap-control-off", false],
      ["ap-control-on", true],
      ["ap-control-read", true],
    ] as const) {
      const got = collect(debug, 1);
      helper.getNode(inject).receive({});
      const [msg] = await got;
      assert.equal((msg.payload as { enable: boolean }).enable, enable, inject);
      assert.equal(handle.sim.control.state.ap.enable, enable);
    }
    assert.equal(handle.sim.control.counters().logins, 1, "the example's admin/admin login works");
  });

  it("ap-off-when-parked.json: switches the AP off when parked, on when moving (each once)", async () => {
    await loadExample("ap-off-when-parked.json", handle.sim, {
      change: (nodes) => {
        const decide = nodes.find((n) => n.id === "ap-parked-decide")!;
        // No waiting in a test: "parked for a while" becomes "parked".
        decide.func = String(decide.func).replace("const WAIT_MS = 2 * 60 * 1000;", "const WAIT_MS = 0;");
        assert.match(String(decide.func), /const WAIT_MS = 0;/);
      },
    });
    const gps = helper.getNode("ap-parked-status");
    const debug = helper.getNode("ap-parked-debug");

    let got = collect(debug, 1);
    gps.receive({});
    assert.equal(((await got)[0].payload as { enable: boolean }).enable, false, "parked: AP off");
    assert.equal(handle.sim.control.state.ap.enable, false);

    gps.receive({});
    assert.equal(await maybeNext(debug, 500), undefined, "still parked: nothing sent again");

    handle.sim.control.setLocation({ speed: 50 });
    got = collect(debug, 1);
    gps.receive({});
    assert.equal(((await got)[0].payload as { enable: boolean }).enable, true, "moving: AP on");
    assert.equal(handle.sim.control.state.ap.enable, true);
    assert.equal(requestsTo(handle.sim, "cmd.ap"), 2);
  });
});
