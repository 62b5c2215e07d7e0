/**
 * peplink-api inside Node-RED against the simulator over HTTPS.
 */
import * as assert from "node:assert/strict";
import { apiClient, collect, device, deviceModule, flow, helper, maybeNext, nodeModule, until, type Msg } from "../helpers/node-red";
import { loadExample } from "../helpers/examples";
import { requestsTo, useSimulator } from "../helpers/simulator";

const apiModule = nodeModule("peplink-api");

describe("peplink-api node", function () {
  const handle = useSimulator();
  afterEach(async () => {
    await helper.unload();
  });

  async function load(node: Record<string, unknown>, creds?: Record<string, string>): Promise<void> {
    const dev = device(handle.sim, creds ?? apiClient(handle.sim));
    await helper.load([deviceModule, apiModule], flow([{ id: "n1", type: "peplink-api", device: "dev1", wires: [["out"]], ...node }], dev), dev.credentials);
  }

  it("aborts its request in flight when it is redeployed away while the device stays up", async () => {
    const dev = device(handle.sim, apiClient(handle.sim), { timeout: 60 });
    const nodes = flow([{ id: "n1", type: "peplink-api", device: "dev1", method: "GET", endpoint: "cmd.ap", wires: [["out"]] }], dev);
    await helper.load([deviceModule, apiModule], nodes, dev.credentials);
    const deviceNode = helper.getNode("dev1") as unknown as { call: (m: string, e: string) => Promise<unknown> };
    await deviceNode.call("GET", "info.firmware");
    handle.sim.control.injectFault({ kind: "hang", count: 1, endpoint: "cmd.ap" });
    const caught = maybeNext(helper.getNode("caught"), 1_500);
    helper.getNode("n1").receive({});
    await until(() => handle.sim.control.counters().inFlight === 1, "the hanging request");
    // A "modified nodes" deploy without the api node: the device (and its client) keeps running.
    await helper.setFlows(nodes.filter((n) => n.id !== "n1"), "nodes", dev.credentials);
    await until(() => handle.sim.control.counters().inFlight === 0, "the request to be aborted", 3_000);
    assert.equal(await caught, undefined, "a message cut off by a redeploy is not reported as an error");
    assert.ok(helper.getNode("dev1"), "the device was not restarted");
  });

  it("GETs an endpoint with msg.payload as query and outputs the response with msg.peplink", async () => {
    await load({ method: "GET", endpoint: "status.wan.connection" });
    const got = collect(helper.getNode("out"), 1);
    helper.getNode("n1").receive({ payload: { id: [1, 2] } });
    const [msg] = await got;
    const payload = msg!.payload as Record<string, unknown>;
    assert.deepEqual((payload.order as unknown[]).map(Number), [1, 2]);
    assert.deepEqual(msg!.peplink, { device: "sim", endpoint: "status.wan.connection", method: "GET" });
    assert.equal(msg!.topic, "status.wan.connection");
  });

  it("takes endpoint and method from the message, and keeps an existing topic", async () => {
    await load({ method: "GET", endpoint: "status.wan.connection" });
    const got = collect(helper.getNode("out"), 1);
    helper.getNode("n1").receive({ endpoint: "cmd.ap", method: "POST", payload: { enable: false }, topic: "mine" });
    const [msg] = await got;
    assert.equal((msg!.payload as { enable: boolean }).enable, false);
    assert.equal(msg!.topic, "mine");
    assert.equal(handle.sim.control.state.ap.enable, false);
  });

  it("uses the node's parameters when the payload is only a trigger", async () => {
    await load({ method: "GET", endpoint: "status.wan.connection", params: '{"id": 3}' });
    const got = collect(helper.getNode("out"), 1);
    helper.getNode("n1").receive({ payload: 1700000000000 });
    const [msg] = await got;
    assert.deepEqual(((msg!.payload as Record<string, unknown>).order as unknown[]).map(Number), [3]);
  });

  it("applies pending config after a successful write when asked", async () => {
    await load({ method: "POST", endpoint: "config.wan.connection.priority", afterWrite: "apply" });
    const got = collect(helper.getNode("out"), 1);
    helper.getNode("n1").receive({ payload: { list: [{ connId: 2, priority: 1 }] } });
    const [msg] = await got;
    assert.ok((msg!.peplink as Record<string, unknown>).applied !== undefined);
    assert.equal(requestsTo(handle.sim, "cmd.config.apply"), 1);
  });

  it("reports a device fail answer to Catch as '<endpoint>: <message> (code n)'", async () => {
    await load({ method: "POST", endpoint: "cmd.sms.sendMessage" });
    const caught = collect(helper.getNode("caught"), 1);
    const out = maybeNext(helper.getNode("out"), 500);
    helper.getNode("n1").receive({ payload: { address: "12345", content: "hi" } });
    const [err] = await caught;
    assert.match((err!.error as { message: string }).message, /^cmd\.sms\.sendMessage: .+ \(code \d+\)$/);
    assert.equal(await out, undefined, "no output for a failed call");
  });

  it("rejects bad input before sending anything", async () => {
    await load({ method: "GET", endpoint: "status.wan.connection" });
    const bad: Msg[] = [
      { endpoint: "status wan" },
      { endpoint: "x".repeat(500) },
      { method: "DELETE" },
      { payload: [1, 2, 3] },
      { endpoint: "login" },
      { endpoint: 42 },
    ];
    const caught = collect(helper.getNode("caught"), bad.length);
    for (const msg of bad) helper.getNode("n1").receive(msg);
    const errors = (await caught).map((m) => (m.error as { message: string }).message);
    assert.match(errors[0]!, /^endpoint: /);
    assert.match(errors[2]!, /^method: must be one of GET, POST/);
    assert.match(errors[3]!, /^payload: /);
    assert.equal(handle.sim.control.log().filter((e) => e.endpoint !== "auth.token.grant").length, 0, "no API request was sent");
  });

  it("reports device failures (HTTP 500, web page) to Catch and recovers", async () => {
    await load({ method: "GET", endpoint: "info.firmware" });
    const n1 = helper.getNode("n1");
    const ok = collect(helper.getNode("out"), 1);
    n1.receive({});
    await ok;
    handle.sim.control.injectFault({ kind: "http500", count: 1 });
    handle.sim.control.injectFault({ kind: "html", count: 1 });
    const caught = collect(helper.getNode("caught"), 2);
    n1.receive({});
    n1.receive({});
    const errors = (await caught).map((m) => (m.error as { message: string }).message);
    assert.ok(errors.some((e) => /HTTP 500/.test(e)));
    assert.ok(errors.some((e) => /web page, not the API/.test(e)));
    const again = collect(helper.getNode("out"), 1);
    n1.receive({});
    await again;
  });

  it("fails a write from a read-only client without sending it", async () => {
    await load({ method: "POST", endpoint: "cmd.ap" }, apiClient(handle.sim, "api.read-only"));
    const caught = collect(helper.getNode("caught"), 1);
    helper.getNode("n1").receive({ payload: { enable: true } });
    const [err] = await caught;
    assert.match((err!.error as { message: string }).message, /^cmd\.ap: not sent/);
    assert.equal(requestsTo(handle.sim, "cmd.ap"), 0);
  });
});

describe("peplink-api example flow", function () {
  const handle = useSimulator();
  afterEach(async () => {
    await helper.unload();
  });

  it("api-call.json: reads the PepVPN peers, renames SSID 2 and applies it, reads any endpoint from msg.endpoint", async () => {
    const example = await loadExample("api-call.json", handle.sim);
    const answer = example.byName("API answer");
    const run = async (inject: string): Promise<Msg> => {
      const got = collect(answer, 1);
      example.byName(inject).receive({});
      return (await got)[0]!;
    };
    const vpn = await run("PepVPN peers");
    assert.deepEqual(vpn.peplink, { device: "Simulator (127.0.0.1:8443)", endpoint: "status.pepvpn", method: "GET", notice: { status: "beta" } });
    assert.ok(Array.isArray((vpn.payload as { peer?: unknown[] }).peer), "the peers were asked for");

    const renamed = await run("rename SSID 2");
    assert.equal((renamed.peplink as { endpoint: string }).endpoint, "config.ssid.profile");
    assert.ok((renamed.peplink as { applied?: unknown }).applied !== undefined, "applied after the write");
    assert.equal(handle.sim.control.state.active.ssid["2"]!.name, "Guest (renamed by Node-RED)");

    const location = await run("GET info.location (msg.endpoint)");
    assert.equal((location.peplink as { endpoint: string }).endpoint, "info.location");
    assert.equal(await maybeNext(example.byName("error"), 200), undefined, "no error");
  });
});
