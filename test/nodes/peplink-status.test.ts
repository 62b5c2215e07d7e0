/**
 * peplink-status inside Node-RED against the simulator over HTTPS: polling
 * through shared pollers, input calls with msg.params / msg.endpoint, "only
 * when changed", parameter checks before any request, outages.
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
  statusMatching,
  until,
  type Msg,
  type TestNode,
} from "../helpers/node-red";
import { loadExample } from "../helpers/examples";
import { apiRequests, requestsTo, useSimulator } from "../helpers/simulator";

const statusModule = nodeModule("peplink-status");

/** Counts every message a node receives from now on. */
function counter(node: TestNode): { readonly count: number; readonly messages: Msg[] } {
  const messages: Msg[] = [];
  node.on("input", (msg: Msg) => messages.push(msg));
  return {
    get count() {
      return messages.length;
    },
    messages,
  };
}

function errorOf(msg: Msg | undefined): string {
  return (msg?.error as { message?: string } | undefined)?.message ?? "";
}

describe("peplink-status node", function () {
  const handle = useSimulator({ wifiConnectDelayMs: 200 });
  afterEach(async () => {
    await helper.unload();
  });

  async function load(nodes: Array<Record<string, unknown>>, deviceOptions: Parameters<typeof device>[2] = {}): Promise<void> {
    const dev = device(handle.sim, apiClient(handle.sim), deviceOptions);
    const full = nodes.map((n, i) => ({ id: `n${i + 1}`, type: "peplink-status", device: "dev1", wires: [["out"]], interval: 0, ...n }));
    await helper.load([deviceModule, statusModule], flow(full, dev), dev.credentials);
  }

  it("polls on an interval; three nodes with the same endpoint, parameters and interval share one request per tick", async () => {
    const same = { endpoint: "status.wan.connection", params: { id: [1, 2] }, interval: 0.25 };
    await load([same, { ...same, params: { id: "1 2" } }, same]);
    const msgs = await collect(helper.getNode("out"), 9);
    const requests = requestsTo(handle.sim, "status.wan.connection");
    // 9 messages = 3 ticks × 3 nodes; a fourth tick may be on its way.
    assert.ok(requests >= 3 && requests <= 4, `expected 3–4 requests for 9 messages, got ${requests}`);
    const msg = msgs[0];
    assert.equal(msg.topic, "status.wan.connection");
    assert.deepEqual(msg.peplink, { device: "sim", endpoint: "status.wan.connection", method: "GET" });
    assert.deepEqual((msg.payload as { order: unknown[] }).order.map(Number), [1, 2]);
  });

  it("calls on input with msg.params merged over the settings, and msg.endpoint for another read", async () => {
    await load([{ endpoint: "status.wan.connection", params: { id: [1], lite: "no" }, topic: "wans" }]);
    const n1 = helper.getNode("n1");
    const got = collect(helper.getNode("out"), 3);
    n1.receive({ params: { id: "2, 3" } });
    n1.receive({ params: { id: null } });
    n1.receive({ endpoint: "info.location", topic: "mine" });
    // Two requests run at once (the device's queue): tell the answers apart by content.
    const msgs = await got;
    const c = msgs.find((m) => (m.peplink as { endpoint: string }).endpoint === "info.location");
    const wans = msgs
      .filter((m) => m !== c)
      .sort((x, y) => (x.payload as { order: unknown[] }).order.length - (y.payload as { order: unknown[] }).order.length);
    const [a, b] = wans;
    assert.deepEqual((a.payload as { order: unknown[] }).order.map(Number), [2, 3]);
    assert.equal(a.topic, "wans");
    assert.deepEqual((b.payload as { order: unknown[] }).order.map(Number), [1, 2, 3, 4, 5, 6], "null removes the configured id");
    assert.equal((c!.payload as { gps: boolean }).gps, true);
    assert.equal(c!.topic, "wans", "the topic setting wins");
    assert.deepEqual(c!.peplink, { device: "sim", endpoint: "info.location", method: "GET" });
    const wanCalls = handle.sim.control.log().filter((e) => e.endpoint === "status.wan.connection");
    assert.equal(wanCalls.length, 2);
  });

  it("sends a yes/no parameter given as a boolean as yes/no, and lists as space-separated values", async () => {
    await load([{ endpoint: "status.client" }]);
    const got = collect(helper.getNode("out"), 1);
    helper
      .getNode("n1")
      .receive({ params: { activeOnly: true, connectionType: "wireless,ethernet", infoType: ["ip", "name", "connectionType", "active"] } });
    const [msg] = await got;
    const list = (msg.payload as { list: Array<Record<string, unknown>> }).list;
    assert.ok(list.length > 0);
    for (const client of list) {
      assert.equal(client.active, true, "activeOnly: true was sent as yes");
      assert.ok(["ethernet", "wireless"].includes(client.connectionType as string));
      assert.deepEqual(
        Object.keys(client).filter((k) => !["ip", "name", "connectionType", "active"].includes(k)),
        [],
        "only the infoType fields",
      );
    }
  });

  it("takes a parameter from an environment variable (${NAME} in a field)", async () => {
    process.env.PEPLINK_STATUS_TEST_WIFI = "3";
    try {
      await load([{ endpoint: "cmd.wifi.result", params: { connId: "${PEPLINK_STATUS_TEST_WIFI}" } }]);
      const got = collect(helper.getNode("out"), 1);
      helper.getNode("n1").receive({});
      const [msg] = await got;
      assert.equal(msg.topic, "cmd.wifi.result");
      assert.ok(handle.sim.control.log().some((e) => e.endpoint === "cmd.wifi.result" && e.stat === "ok"));
    } finally {
      delete process.env.PEPLINK_STATUS_TEST_WIFI;
    }
  });

  it("with 'only when changed' stays quiet while nothing changes and fires on a change; input calls always answer", async () => {
    await load([{ endpoint: "status.wan.connection", interval: 0.2, onlyChanged: true, ignoreKeys: "timestamp, reportTimestamp, uptime" }]);
    const out = counter(helper.getNode("out"));
    await until(() => out.count === 1, "the first poll's output");
    const before = requestsTo(handle.sim, "status.wan.connection");
    await until(() => requestsTo(handle.sim, "status.wan.connection") >= before + 3, "three more polls");
    assert.equal(out.count, 1, "unchanged polls send nothing");

    const answer = collect(helper.getNode("out"), 1);
    helper.getNode("n1").receive({ topic: "ask" });
    const [asked] = await answer;
    assert.equal(asked.topic, "ask", "an input call always outputs, changed or not");

    const changed = collect(helper.getNode("out"), 1);
    handle.sim.control.setWanState(1, "disconnected");
    const [msg] = await changed;
    assert.equal((msg.payload as Record<string, { message: string }>)["1"].message, "No Cable Detected");
  });

  it("rejects bad parameters and endpoints before any request, naming the field", async () => {
    await load([{ endpoint: "status.client", params: { activeOnly: "yes" } }]);
    const cases: Array<[Msg, RegExp]> = [
      [{ params: { outputWeight: "heavy" } }, /^params\.outputWeight: must be one of full, normal, lite \(got "heavy"\)/],
      [{ params: { vlanId: "ten" } }, /^params\.vlanId: must be an integer from 1 to 4094/],
      [{ params: { size: -1 } }, /^params\.size: must be an integer from 1/],
      [{ params: { size: 2.5 } }, /^params\.size: /],
      [{ params: { activeOnly: "maybe" } }, /^params\.activeOnly: must be one of yes, no/],
      [{ params: { connectionType: ["ethernet", "carrier-pigeon"] } }, /^params\.connectionType\[1\]: must be one of ethernet, wireless/],
      [{ params: { prority: 1 } }, /^params\.prority: is not a parameter of status\.client; allowed: vlanId, /],
      [{ params: "vlanId=1" }, /^params: must be an object/],
      [{ params: [1, 2] }, /^params: must be an object/],
      [{ endpoint: "cmd.wifi.scan" }, /^params\.connId: is required by cmd\.wifi\.scan/],
      [
        { endpoint: "cmd.wifi.scan", params: { connId: 3, sortBy: "loudness" } },
        /^params\.sortBy: must be one of name, security, signal, channel/,
      ],
      [{ endpoint: "cmd.wifi.scan", params: { connId: 0 } }, /^params\.connId: must be an integer from 1 to 255/],
      [{ endpoint: "cmd.wifi.scan", params: { connId: "" } }, /^params\.connId: must be an integer/],
      [{ endpoint: "cmd.carrier.scan", params: { connId: 4 } }, /^params\.reference: is required by cmd\.carrier\.scan/],
      [{ endpoint: "status.wan.connection", params: { id: "" } }, /^params\.id: must be a list of values \(got an empty string\)/],
      [
        { endpoint: "status.pepvpn", params: { searchPattern: "x".repeat(100_000) } },
        /^params\.searchPattern: must be at most 256 characters \(got a string of 100000 characters\)/,
      ],
      [
        { endpoint: "status.pepvpn", params: { searchPattern: "HQ\nrm -rf" } },
        /^params\.searchPattern: must be a single line without control characters/,
      ],
      [{ endpoint: "status.pepvpn", params: { infoType: "tunnel peers" } }, /^params\.infoType\[1\]: must be one of profile, peer, tunnel/],
      [{ endpoint: "info.firmware", params: { id: 1 } }, /^params\.id: is not allowed: info\.firmware takes no parameters/],
      [{ endpoint: "auth.client" }, /^endpoint: "auth\.client" is not a readable endpoint/],
      [{ endpoint: "cmd.sms.sendMessage" }, /^endpoint: "cmd\.sms\.sendMessage" is not a readable endpoint/],
      [{ endpoint: "status.wan" }, /^endpoint: must be a readable endpoint, one of .*status\.wan\.connection/],
      [{ endpoint: "x".repeat(100_000) }, /^endpoint: must be a readable endpoint, .* \(got a string of 100000 characters\)$/],
      [{ endpoint: "info.location\r\n" }, /^endpoint: must be a readable endpoint/],
      [{ endpoint: 42 }, /^endpoint: must be a readable endpoint, .* \(got 42\)$/],
    ];
    const caught = collect(helper.getNode("caught"), cases.length);
    const out = maybeNext(helper.getNode("out"), 300);
    for (const [msg] of cases) helper.getNode("n1").receive(msg);
    const errors = (await caught).map(errorOf);
    cases.forEach(([, pattern], i) => assert.match(errors[i], pattern, `case ${i}`));
    assert.equal(await out, undefined, "no output for bad input");
    assert.deepEqual(apiRequests(handle.sim), [], "no API request was sent");
  });

  it("rejects a connId of the wrong WAN kind (Wi-Fi scan on ethernet, SMS on Wi-Fi) without calling the endpoint", async () => {
    await load([{ endpoint: "cmd.wifi.scan", params: { connId: 3, sortBy: "signal" } }]);
    const n1 = helper.getNode("n1");
    const ok = collect(helper.getNode("out"), 1);
    n1.receive({});
    const [scan] = await ok;
    assert.ok(Array.isArray(scan.payload), "a scan list");
    handle.sim.control.clearLog();

    const caught = collect(helper.getNode("caught"), 3);
    n1.receive({ params: { connId: 1 } });
    n1.receive({ params: { connId: 99 } });
    n1.receive({ endpoint: "cmd.sms.get", params: { connId: 3 } });
    const errors = (await caught).map(errorOf);
    assert.match(
      errors[0],
      /^params\.connId: WAN 1 \(WAN 1, ethernet\) is not a Wi-Fi WAN; Wi-Fi WANs on this router: 3 \(Wi-Fi WAN, wifi\)$/,
    );
    assert.match(errors[1], /^params\.connId: WAN 99 does not exist on this router; Wi-Fi WANs on this router: 3/);
    assert.match(
      errors[2],
      /^params\.connId: WAN 3 \(Wi-Fi WAN, wifi\) is not a cellular WAN; cellular WANs on this router: 4 \(Cellular, cellular\)$/,
    );
    assert.deepEqual(apiRequests(handle.sim), [], "no API request for the wrong kind (the WAN list is cached)");
  });

  it("reports bad settings: a wrong-kind connId stops polling with one Catch-able error; a bad endpoint fails each input", async () => {
    await load([
      { endpoint: "cmd.wifi.scan", params: { connId: 1 }, interval: 0.2 },
      { endpoint: "auth.client", wires: [["out"]] },
    ]);
    const red = statusMatching(helper.getNode("n1"), (s) => s.fill === "red" && /bad input: connId setting/.test(s.text ?? ""));
    const [err] = await collect(helper.getNode("caught"), 1);
    assert.match(errorOf(err), /^connId setting: WAN 1 \(WAN 1, ethernet\) is not a Wi-Fi WAN/);
    await red;
    const caught = collect(helper.getNode("caught"), 1);
    helper.getNode("n2").receive({});
    assert.match(errorOf((await caught)[0]), /^endpoint setting: "auth\.client" is not a readable endpoint/);
    assert.equal(requestsTo(handle.sim, "cmd.wifi.scan"), 0);
    assert.equal(requestsTo(handle.sim, "auth.client"), 0);
  });

  it("keeps polling through an outage: one error to Catch, red status, then an info line and normal output without redeploy", async () => {
    await load([{ endpoint: "info.firmware", interval: 0.2 }], { timeout: 1 });
    const n1 = helper.getNode("n1");
    const out = counter(helper.getNode("out"));
    const caught = counter(helper.getNode("caught"));
    await until(() => out.count >= 1, "the first poll");
    const red = statusMatching(n1, (s) => s.fill === "red");
    const recovered = new Promise<string>((resolve) => {
      n1.on("call:log", (call: { args: unknown[] }) => {
        if (/answers again/.test(String(call.args[0]))) resolve(String(call.args[0]));
      });
    });
    // Several failing ticks of two kinds: one outage.
    handle.sim.control.injectFault({ kind: "hang", count: 2, endpoint: "info.firmware" });
    handle.sim.control.injectFault({ kind: "http500", count: 3, endpoint: "info.firmware" });
    await red;
    const sentBefore = out.count;
    assert.match(await recovered, /^info\.firmware: the router answers again$/);
    await until(() => out.count > sentBefore, "output after recovery");
    assert.equal(caught.count, 1, "exactly one error for the whole outage");
    assert.match(errorOf(caught.messages[0]), /^info\.firmware: /);
    assert.deepEqual(caught.messages[0].peplink, { device: "sim", endpoint: "info.firmware", method: "GET" });
    // Counted when each request arrives: a hung request enters the log only when its socket closes, which the
    // client may put off (a timed-out GET keeps its connection a while for a late answer).
    assert.equal(handle.sim.control.counters().faultsApplied, 5, "every failing tick was a real request (both faults used up)");
  });

  it("reports a device fail answer of an input call to Catch, with no output", async () => {
    await load([{ endpoint: "info.location" }]);
    handle.sim.control.injectFault({ kind: "malformed", count: 1, endpoint: "info.location" });
    const caught = collect(helper.getNode("caught"), 1);
    const out = maybeNext(helper.getNode("out"), 300);
    helper.getNode("n1").receive({});
    assert.match(errorOf((await caught)[0]), /^info\.location: /);
    assert.equal(await out, undefined);
    const again = collect(helper.getNode("out"), 1);
    helper.getNode("n1").receive({});
    await again;
  });

  it("stops polling when the node is removed", async () => {
    await load([{ endpoint: "info.firmware", interval: 0.2 }]);
    const out = counter(helper.getNode("out"));
    await until(() => out.count >= 2, "two polls");
    await helper.unload();
    const after = requestsTo(handle.sim, "info.firmware");
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(requestsTo(handle.sim, "info.firmware"), after);
  });

  it("example status-poll.json runs against the simulator", async () => {
    await loadExample("status-poll.json", handle.sim);
    const [wan] = await collect(helper.getNode("ex-status-debug-wan"), 1);
    assert.deepEqual((wan.payload as { order: unknown[] }).order.map(Number), [1, 2, 3, 4, 5, 6]);
    const [gps] = await collect(helper.getNode("ex-status-debug-gps"), 1);
    assert.equal(gps.topic, "gps");
    const signal = collect(helper.getNode("ex-status-debug-scan"), 2);
    helper.getNode("ex-status-inject-signal").receive({});
    helper.getNode("ex-status-inject-scan").receive({});
    const answers = await signal;
    const endpoints = answers.map((m) => (m.peplink as { endpoint: string }).endpoint).sort();
    assert.deepEqual(endpoints, ["cmd.wifi.scan", "status.wan.connection.signal"]);
    const caught = await maybeNext(helper.getNode("ex-status-debug-errors"), 200);
    assert.equal(caught, undefined, "no errors");
  });

  it("serves the readable endpoints with their parameters to the editor", async () => {
    await load([{ endpoint: "info.firmware" }]);
    {
      const res = await helper.request().get("/peplink/status/endpoints").expect(200);
      const list = res.body as Array<{ endpoint: string; area: string; params: Array<{ name: string; wanTypes?: string[] }> }>;
      const endpoints = list.map((e) => e.endpoint);
      assert.ok(endpoints.includes("status.wan.connection") && endpoints.includes("cmd.wifi.scan") && endpoints.includes("cmd.sms.get"));
      assert.ok(!endpoints.includes("auth.client") && !endpoints.includes("auth.client.token"));
      assert.equal(endpoints.length, 16);
      const scan = list.find((e) => e.endpoint === "cmd.wifi.scan")!;
      assert.deepEqual(scan.params.find((p) => p.name === "connId")!.wanTypes, ["wifi", "wireless"]);
    }
  });
});
