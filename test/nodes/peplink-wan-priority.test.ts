/**
 * peplink-wan-priority inside Node-RED against the simulator over HTTPS.
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

const priorityModule = nodeModule("peplink-wan-priority");

type WanStatus = { name: string; priority?: number; enable: boolean; message: string };

describe("peplink-wan-priority node", function () {
  const handle = useSimulator();
  afterEach(async () => {
    handle.sim.control.clearFaults();
    await helper.unload();
  });

  async function load(node: Record<string, unknown>): Promise<TestNode> {
    const dev = device(handle.sim, apiClient(handle.sim));
    await helper.load(
      [deviceModule, priorityModule],
      flow([{ id: "n1", type: "peplink-wan-priority", device: "dev1", wires: [["out"]], ...node }], dev),
      dev.credentials,
    );
    return helper.getNode("n1");
  }

  /** What status.wan.connection shows now (the active config). */
  async function wanStatus(): Promise<Record<string, WanStatus>> {
    const dev = helper.getNode("dev1") as unknown as {
      call: (m: string, e: string, p?: object) => Promise<{ response: Record<string, WanStatus> }>;
    };
    return (await dev.call("GET", "status.wan.connection")).response;
  }

  async function apply(): Promise<void> {
    const dev = helper.getNode("dev1") as unknown as { call: (m: string, e: string, p?: object) => Promise<unknown> };
    await dev.call("POST", "cmd.config.apply");
  }

  it("makes cellular primary at once: the answer and status.wan.connection show the new priorities", async () => {
    const n1 = await load({});
    const got = collect(helper.getNode("out"), 1);
    n1.receive({
      payload: [
        { connId: 4, priority: 1 },
        { connId: 1, priority: 2 },
      ],
    });
    const [msg] = await got;
    assert.deepEqual(msg.payload, {
      "1": { name: "WAN 1", priority: 2, enable: true },
      "4": { name: "Cellular", priority: 1, enable: true },
      order: [1, 4],
    });
    assert.deepEqual(msg.peplink, { device: "sim", endpoint: "config.wan.connection.priority", method: "POST" });
    assert.equal(msg.topic, "config.wan.connection.priority");
    const status = await wanStatus();
    assert.equal(status["4"].priority, 1);
    assert.equal(status["1"].priority, 2);
    assert.match(status["4"].message, /^Connected/);
    assert.equal(status["1"].message, "Standby");
  });

  it("applies the settings table when the payload is only a trigger", async () => {
    const n1 = await load({
      rows: [
        { connId: "2", priority: "1", enable: "" },
        { connId: "1", priority: "", enable: "true" },
      ],
    });
    const got = collect(helper.getNode("out"), 1);
    n1.receive({ payload: 1700000000000 });
    const payload = (await got)[0].payload as Record<string, unknown>;
    assert.deepEqual(payload.order, [1, 2]);
    assert.equal((await wanStatus())["2"].priority, 1);
  });

  it("disables and enables a WAN with a single object", async () => {
    const n1 = await load({});
    const out = helper.getNode("out");
    let got = collect(out, 1);
    n1.receive({ payload: { connId: 2, enable: false } });
    assert.deepEqual((await got)[0].payload, { "2": { name: "WAN 2", priority: 2, enable: false }, order: [2] });
    assert.equal((await wanStatus())["2"].message, "Disabled");
    got = collect(out, 1);
    n1.receive({ payload: { connId: "2", enable: "true" } });
    await got;
    assert.equal((await wanStatus())["2"].enable, true);
  });

  it("leaves the change pending when instantActive is off, until cmd.config.apply", async () => {
    const n1 = await load({ instantActive: false });
    const got = collect(helper.getNode("out"), 1);
    n1.receive({ payload: [{ connId: 4, priority: 1 }] });
    const [msg] = await got;
    assert.equal((msg.payload as Record<string, { priority: number }>)["4"].priority, 1, "the saved config has it");
    assert.equal((msg.peplink as Record<string, unknown>).pending, true);
    assert.equal((await wanStatus())["4"].priority, 2, "not active yet");
    await apply();
    assert.equal((await wanStatus())["4"].priority, 1, "active after apply");
  });

  it("lets msg.instantActive override the setting", async () => {
    const n1 = await load({ instantActive: true });
    const got = collect(helper.getNode("out"), 1);
    n1.receive({ instantActive: false, payload: { connId: 4, priority: 1 } });
    await got;
    assert.equal((await wanStatus())["4"].priority, 2);
  });

  it("rejects bad rows before any request, naming the field", async () => {
    const n1 = await load({});
    const cases: Array<[Msg, RegExp]> = [
      [{ payload: { connId: 0, priority: 1 } }, /^payload\.connId: must be an integer from 1 to 255/],
      [{ payload: { connId: "abc", priority: 1 } }, /^payload\.connId: /],
      [{ payload: { connId: "x".repeat(100_000), priority: 1 } }, /^payload\.connId: .*\(got a string of 100000 characters\)/],
      [{ payload: { priority: 1 } }, /^payload\.connId: is required/],
      [{ payload: { connId: "", priority: 1 } }, /^payload\.connId: is required/],
      [{ payload: { connId: 1, priority: 0 } }, /^payload\.priority: must be an integer from 1 to 99/],
      [{ payload: { connId: 1, priority: 100 } }, /^payload\.priority: must be an integer from 1 to 99/],
      [{ payload: { connId: 1, priority: 1.5 } }, /^payload\.priority: /],
      [{ payload: { connId: 1, priority: "high" } }, /^payload\.priority: /],
      [{ payload: { connId: 1, enable: "maybe" } }, /^payload\.enable: must be true or false/],
      [{ payload: { connId: 1 } }, /^payload: must set priority \(1 to 99\), enable \(true\/false\) or both for WAN 1/],
      [{ payload: { connId: 1, prority: 2 } }, /^payload\.prority: is not a known field; allowed: connId, priority, enable/],
      [{ payload: [] }, /^payload: must be a list of 1 to 32 items/],
      [
        {
          payload: [
            { connId: 1, priority: 1 },
            { connId: 1, enable: true },
          ],
        },
        /^payload\[1\]\.connId: must not repeat a WAN/,
      ],
      [{ payload: [{ connId: 1, priority: 1 }, 2] }, /^payload\[1\]: must be an object/],
      [{ payload: [{ connId: 1, priority: 1 }, null] }, /^payload\[1\]: must be an object/],
      [{ payload: "cellular first" }, /^payload: must be \{connId, priority\?, enable\?\} or a list of them \(the node has no rows set\)/],
      [{ instantActive: "perhaps", payload: { connId: 1, priority: 1 } }, /^instantActive: must be true or false/],
    ];
    for (const [msg, pattern] of cases) assert.match(await errorFor(n1, msg), pattern, JSON.stringify(msg).slice(0, 80));
    assert.deepEqual(apiRequests(handle.sim), [], "no API request was sent");
  });

  it("reports a bad settings table when a message arrives, without sending anything", async () => {
    const n1 = await load({ rows: [{ connId: "1", priority: "", enable: "" }] });
    assert.match(await errorFor(n1, {}), /^rows setting\[0\]: must set priority/);
    assert.deepEqual(apiRequests(handle.sim), []);
  });

  it("passes the router's refusal of an unknown WAN to Catch, changing nothing", async () => {
    const n1 = await load({});
    const text = await errorFor(n1, {
      payload: [
        { connId: 2, priority: 1 },
        { connId: 9, priority: 1 },
      ],
    });
    assert.match(text, /^config\.wan\.connection\.priority: Invalid list\[\]\.connId: WAN connection 9 does not exist \(code 400\)/);
    assert.equal((await wanStatus())["2"].priority, 2);
  });

  it("reports device failures to Catch once each, with no output, then recovers", async () => {
    const n1 = await load({ rows: [{ connId: "4", priority: "1" }] });
    handle.sim.control.injectFault({ kind: "http500", endpoint: "config.wan.connection.priority" });
    handle.sim.control.injectFault({ kind: "html", endpoint: "config.wan.connection.priority" });
    const caught = collect(helper.getNode("caught"), 2);
    const out = maybeNext(helper.getNode("out"), 500);
    n1.receive({});
    n1.receive({});
    const errors = (await caught).map(errorText);
    assert.ok(errors.some((e) => /HTTP 500/.test(e)));
    assert.ok(errors.some((e) => /web page, not the API/.test(e)));
    assert.equal(await out, undefined);
    const again = collect(helper.getNode("out"), 1);
    n1.receive({});
    await again;
    assert.equal(requestsTo(handle.sim, "config.wan.connection.priority"), 3);
  });

  it("fails from a read-only client without sending", async () => {
    const dev = device(handle.sim, apiClient(handle.sim, "api.read-only"));
    await helper.load(
      [deviceModule, priorityModule],
      flow([{ id: "n1", type: "peplink-wan-priority", device: "dev1", wires: [["out"]] }], dev),
      dev.credentials,
    );
    assert.match(
      await errorFor(helper.getNode("n1"), { payload: { connId: 4, priority: 1 } }),
      /^config\.wan\.connection\.priority: not sent/,
    );
    assert.deepEqual(apiRequests(handle.sim), []);
  });
});

describe("example flow wan-priority-failover.json", function () {
  const handle = useSimulator();
  afterEach(async () => {
    await helper.unload();
  });

  it("imports and runs against the simulator: cellular primary, back to ethernet, pending change then apply", async () => {
    const { byName: exampleNode } = await loadExample("wan-priority-failover.json", handle.sim);
    const wans = exampleNode("WANs");
    let got = collect(wans, 1);
    exampleNode("cellular primary").receive({});
    let lines = (await got)[0].payload as string[];
    assert.ok(lines.includes("4 Cellular: priority 1, Connected to Carrier1"), lines.join(" | "));
    assert.ok(lines.includes("1 WAN 1: priority 2, Standby"), lines.join(" | "));

    got = collect(wans, 1);
    exampleNode("back to ethernet").receive({});
    lines = (await got)[0].payload as string[];
    assert.ok(lines.includes("1 WAN 1: priority 1, Connected"), lines.join(" | "));

    const changed = collect(exampleNode("changed"), 1);
    exampleNode("disable WAN 2 (pending)").receive({});
    assert.equal(((await changed)[0].peplink as Record<string, unknown>).pending, true);
    got = collect(wans, 1);
    exampleNode("show WANs").receive({});
    assert.ok(
      ((await got)[0].payload as string[]).some((l) => l.startsWith("2 WAN 2: priority 2")),
      "still active before apply",
    );

    got = collect(wans, 1);
    exampleNode("apply pending config").receive({});
    assert.ok(((await got)[0].payload as string[]).includes("2 WAN 2: disabled, Disabled"));
  });
});
