/**
 * peplink-gpio inside Node-RED against the simulator over HTTPS.
 */
import * as assert from "node:assert/strict";
import {
  apiClient,
  collect,
  device,
  deviceModule,
  errorFor,
  errorText,
  flow,
  helper,
  maybeNext,
  nodeModule,
  type Msg,
  type TestNode,
} from "../helpers/node-red";
import { loadExample } from "../helpers/examples";
import { apiRequests, requestsTo, useSimulator } from "../helpers/simulator";

const gpioModule = nodeModule("peplink-gpio");

describe("peplink-gpio node", function () {
  const handle = useSimulator();
  afterEach(async () => {
    handle.sim.control.clearFaults();
    await helper.unload();
  });

  async function load(node: Record<string, unknown>): Promise<TestNode> {
    const dev = device(handle.sim, apiClient(handle.sim));
    await helper.load(
      [deviceModule, gpioModule],
      flow([{ id: "n1", type: "peplink-gpio", device: "dev1", wires: [["out"]], ...node }], dev),
      dev.credentials,
    );
    return helper.getNode("n1");
  }

  it("reads the GPIO map with the reference of supported types and modes", async () => {
    const n1 = await load({ action: "read" });
    const got = collect(helper.getNode("out"), 1);
    n1.receive({ payload: 1700000000000 });
    const [msg] = await got;
    const payload = msg.payload as Record<string, Record<string, unknown>> & {
      order: number[];
      reference: Record<string, { type: string[] }>;
    };
    assert.deepEqual(payload.order, [1, 2]);
    assert.deepEqual(payload["1"], { enable: true, type: "digital_output", mode: "wan_status" });
    assert.deepEqual(payload["2"], { enable: true, type: "digital_input", mode: "input_sensing", delay: 3 });
    assert.deepEqual(payload.reference["1"].type, ["digital_input", "digital_output"]);
    assert.equal((msg.peplink as Record<string, unknown>).endpoint, "config.gpio");
    assert.deepEqual((msg.peplink as Record<string, unknown>).notice, { status: "beta" });
    assert.equal(msg.topic, "config.gpio");
    assert.deepEqual(apiRequests(handle.sim), ["config.gpio"], "a read only reads");
    assert.deepEqual(handle.sim.control.state.saved.gpio["1"], { enable: true, type: "digital_output", mode: "wan_status" });
  });

  it("leaves the reference out when asked to", async () => {
    const n1 = await load({ action: "read", reference: false });
    const got = collect(helper.getNode("out"), 1);
    n1.receive({});
    const payload = (await got)[0].payload as Record<string, unknown>;
    assert.equal(payload.reference, undefined);
    assert.deepEqual(payload.order, [1, 2]);
  });

  it("updates a pin from msg.payload and applies the change", async () => {
    const n1 = await load({ action: "update", reference: false });
    const got = collect(helper.getNode("out"), 1);
    n1.receive({ payload: { id: 1, mode: "toggle_high" } });
    const [msg] = await got;
    const payload = msg.payload as Record<string, Record<string, unknown>>;
    assert.equal(payload["1"].mode, "toggle_high");
    assert.equal(payload.reference, undefined);
    assert.ok((msg.peplink as Record<string, unknown>).applied !== undefined);
    assert.equal(handle.sim.control.state.active.gpio["1"].mode, "toggle_high", "applied: the active config changed");
    assert.deepEqual(apiRequests(handle.sim), ["config.gpio", "config.gpio", "cmd.config.apply"], "reference read, update, apply");
  });

  it("updates several pins from the settings table, leaving them pending when apply is off", async () => {
    const n1 = await load({
      action: "update",
      apply: false,
      pins: [
        { id: "2", enable: "", type: "analog_input", mode: "voltage_measurement", delay: "5" },
        { id: "1", enable: "false", type: "", mode: "", delay: "" },
      ],
    });
    const got = collect(helper.getNode("out"), 1);
    n1.receive({ payload: true });
    const [msg] = await got;
    const payload = msg.payload as Record<string, Record<string, unknown>>;
    assert.deepEqual(payload["2"], { enable: true, type: "analog_input", mode: "voltage_measurement", delay: 5 });
    assert.equal(payload["1"].enable, false);
    assert.equal((msg.peplink as Record<string, unknown>).applied, undefined);
    assert.equal(requestsTo(handle.sim, "cmd.config.apply"), 0);
    assert.equal(handle.sim.control.state.active.gpio["2"].type, "digital_input", "pending: the active config is unchanged");
    assert.equal(handle.sim.control.state.saved.gpio["2"].type, "analog_input");
  });

  it("reads the router's reference once and reuses it for later updates", async () => {
    const n1 = await load({ action: "update" });
    const out = helper.getNode("out");
    let got = collect(out, 1);
    n1.receive({ payload: { id: 2, delay: 10 } });
    await got;
    got = collect(out, 1);
    n1.receive({ payload: [{ id: 2, enable: false }] });
    await got;
    assert.deepEqual(apiRequests(handle.sim), ["config.gpio", "config.gpio", "cmd.config.apply", "config.gpio", "cmd.config.apply"]);
  });

  it("lets msg.action and msg.apply override the settings", async () => {
    const n1 = await load({ action: "read", apply: true });
    const got = collect(helper.getNode("out"), 1);
    n1.receive({ action: "update", apply: false, payload: { id: 1, enable: false } });
    await got;
    assert.equal(handle.sim.control.state.saved.gpio["1"].enable, false);
    assert.equal(requestsTo(handle.sim, "cmd.config.apply"), 0);
  });

  it("rejects bad pins before any request, naming the field", async () => {
    const n1 = await load({ action: "update" });
    const cases: Array<[Msg, RegExp]> = [
      [
        { payload: { id: 1, type: "digital_output", mode: "input_sensing" } },
        /^payload\.mode: must be one of wan_status, toggle_high for type digital_output/,
      ],
      [
        { payload: { id: 2, type: "digital_input", mode: "voltage_measurement" } },
        /^payload\.mode: must be one of input_sensing, ignition_sensing for type digital_input/,
      ],
      [
        { payload: { id: 1, type: "digital_output", mode: "wan_status", delay: 5 } },
        /^payload\.delay: is only for input types \(digital_input, analog_input\), not digital_output/,
      ],
      [
        { payload: { id: 1, type: "analog_input" } },
        /^payload\.mode: is required with a type: for analog_input one of input_sensing, voltage_measurement, analog_testing/,
      ],
      [{ payload: { id: 2, delay: 0 } }, /^payload\.delay: must be an integer from 1 to 3600/],
      [{ payload: { id: 2, delay: 3601 } }, /^payload\.delay: must be an integer from 1 to 3600/],
      [{ payload: { id: 2, delay: "soon" } }, /^payload\.delay: /],
      [{ payload: { id: 2, delay: 1.5 } }, /^payload\.delay: /],
      [{ payload: { mode: "input_sensing" } }, /^payload\.id: is required/],
      [{ payload: { id: 0, enable: true } }, /^payload\.id: must be an integer from 1 to 64/],
      [{ payload: { id: "one", enable: true } }, /^payload\.id: /],
      [{ payload: { id: 1 } }, /^payload: must change at least one of enable, type, mode, delay/],
      [{ payload: { id: 1, enable: "maybe" } }, /^payload\.enable: must be true or false/],
      [
        { payload: { id: 1, type: "pwm", mode: "wan_status" } },
        /^payload\.type: must be one of digital_input, digital_output, analog_input/,
      ],
      [{ payload: { id: 1, mode: "blink" } }, /^payload\.mode: must be one of /],
      [{ payload: { id: 1, mode: "x".repeat(100_000) } }, /^payload\.mode: must be one of .*\(got a string of 100000 characters\)/],
      [{ payload: { id: 1, mode: "wan_status\n" } }, /^payload\.mode: must be one of /],
      [{ payload: { id: 1, dealy: 3 } }, /^payload\.dealy: is not a known field; allowed: id, enable, type, mode, delay/],
      [{ payload: [] }, /^payload: must be a list of 1 to 32 items/],
      [
        {
          payload: [
            { id: 1, enable: true },
            { id: 1, enable: false },
          ],
        },
        /^payload\[1\]\.id: must not repeat a GPIO/,
      ],
      [{ payload: [{ id: 2, enable: true }, "pin 1"] }, /^payload\[1\]: must be an object/],
      [{ payload: "on" }, /^payload: must be a pin \{id, enable\?, type\?, mode\?, delay\?\} or a list of them/],
      [{ action: "write", payload: { id: 1, enable: true } }, /^action: must be one of read, update/],
      [{ apply: "perhaps", payload: { id: 1, enable: true } }, /^apply: must be true or false/],
      [{ reference: 2, payload: { id: 1, enable: true } }, /^reference: must be true or false/],
    ];
    for (const [msg, pattern] of cases) assert.match(await errorFor(n1, msg), pattern, JSON.stringify(msg).slice(0, 80));
    assert.deepEqual(apiRequests(handle.sim), [], "no API request was sent");
  });

  it("checks pins against the router's own reference: read it, then refuse without writing", async () => {
    const n1 = await load({ action: "update" });
    const text1 = await errorFor(n1, { payload: { id: 1, type: "analog_input", mode: "input_sensing" } });
    assert.match(text1, /^payload\.type: must be one of digital_input, digital_output, the types GPIO 1 supports \(got "analog_input"\)/);
    const text2 = await errorFor(n1, {
      payload: [
        { id: 2, enable: true },
        { id: 9, enable: true },
      ],
    });
    assert.match(text2, /^payload\[1\]\.id: must be a GPIO of this router: 1, 2 \(got 9\)/);
    const text3 = await errorFor(n1, { payload: { id: 2, mode: "wan_status" } });
    assert.match(
      text3,
      /^payload\.mode: must be one of input_sensing, ignition_sensing, voltage_measurement, analog_testing, the modes GPIO 2 supports/,
    );
    assert.deepEqual(apiRequests(handle.sim), ["config.gpio"], "one reference read, no update");
    assert.equal(handle.sim.control.state.saved.gpio["1"].type, "digital_output");
  });

  it("reports a bad pins table when a message arrives, without sending anything", async () => {
    const n1 = await load({ action: "update", pins: [{ id: "1", type: "digital_output", mode: "input_sensing" }] });
    const text = await errorFor(n1, {});
    assert.match(text, /^pins setting\[0\]\.mode: must be one of wan_status, toggle_high for type digital_output/);
    const none = await errorFor(n1, { payload: 1 });
    assert.match(none, /^pins setting\[0\]\.mode/);
    assert.deepEqual(apiRequests(handle.sim), []);
  });

  it("asks for pins when neither the message nor the node has any", async () => {
    const n1 = await load({ action: "update", pins: [] });
    assert.match(await errorFor(n1, { payload: 1 }), /^payload: must be a pin .*the node has no pins to update/);
    assert.deepEqual(apiRequests(handle.sim), []);
  });

  it("reports device failures to Catch once each, with no output, then recovers", async () => {
    const n1 = await load({ action: "read" });
    handle.sim.control.injectFault({ kind: "http500", endpoint: "config.gpio" });
    handle.sim.control.injectFault({ kind: "reset", endpoint: "config.gpio" });
    const caught = collect(helper.getNode("caught"), 2);
    const out = maybeNext(helper.getNode("out"), 500);
    n1.receive({});
    n1.receive({});
    const errors = (await caught).map(errorText);
    assert.ok(
      errors.every((e) => /^config\.gpio: /.test(e)),
      errors.join(" | "),
    );
    assert.equal(await out, undefined);
    const again = collect(helper.getNode("out"), 1);
    n1.receive({});
    assert.deepEqual(((await again)[0].payload as { order: number[] }).order, [1, 2]);
  });

  it("reports a failed apply as an error after the update was saved", async () => {
    const n1 = await load({ action: "update" });
    handle.sim.control.injectFault({ kind: "http500", endpoint: "cmd.config.apply" });
    const caught = collect(helper.getNode("caught"), 1);
    const out = maybeNext(helper.getNode("out"), 500);
    n1.receive({ payload: { id: 1, enable: false } });
    assert.match(errorText((await caught)[0]), /^cmd\.config\.apply: .*HTTP 500/);
    assert.equal(await out, undefined);
    assert.equal(handle.sim.control.state.saved.gpio["1"].enable, false);
  });

  it("fails an update from a read-only client without sending it", async () => {
    const dev = device(handle.sim, apiClient(handle.sim, "api.read-only"));
    await helper.load(
      [deviceModule, gpioModule],
      flow([{ id: "n1", type: "peplink-gpio", device: "dev1", action: "update", wires: [["out"]] }], dev),
      dev.credentials,
    );
    const text = await errorFor(helper.getNode("n1"), { payload: { id: 1, enable: false } });
    assert.match(text, /^config\.gpio: not sent/);
    assert.deepEqual(apiRequests(handle.sim), []);
  });
});

describe("example flow gpio-triggered-action.json", function () {
  const handle = useSimulator();
  afterEach(async () => {
    await helper.unload();
  });

  it("imports and runs against the simulator: a GPIO 2 change switches the WAN priorities", async () => {
    const { byName: exampleNode } = await loadExample("gpio-triggered-action.json", handle.sim);
    const priorities = exampleNode("WAN priorities");
    // The first reading (inject "once", 0.1 s after the start) is only the baseline of the filter.
    await collect(exampleNode("only on change"), 1);

    let map = collect(exampleNode("GPIO map"), 1);
    exampleNode("simulate: disable GPIO 2").receive({});
    assert.equal(((await map)[0].payload as Record<string, { enable: boolean }>)["2"].enable, false);
    let got = collect(priorities, 1);
    exampleNode("every 5 s").receive({});
    assert.deepEqual(((await got)[0].payload as Record<string, { priority: number }>)["1"].priority, 1);
    assert.equal(((await got)[0].payload as Record<string, { priority: number }>)["4"].priority, 2);

    map = collect(exampleNode("GPIO map"), 1);
    exampleNode("simulate: enable GPIO 2").receive({});
    await map;
    got = collect(priorities, 1);
    exampleNode("every 5 s").receive({});
    assert.equal(((await got)[0].payload as Record<string, { priority: number }>)["4"].priority, 1, "cellular primary");
  });
});
