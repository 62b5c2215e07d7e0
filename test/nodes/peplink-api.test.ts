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
    await helper.load(
      [deviceModule, apiModule],
      flow([{ id: "n1", type: "peplink-api", device: "dev1", wires: [["out"]], ...node }], dev),
      dev.credentials,
    );
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
    await helper.setFlows(
      nodes.filter((n) => n.id !== "n1"),
      "nodes",
      dev.credentials,
    );
    await until(() => handle.sim.control.counters().inFlight === 0, "the request to be aborted", 3_000);
    assert.equal(await caught, undefined, "a message cut off by a redeploy is not reported as an error");
    assert.ok(helper.getNode("dev1"), "the device was not restarted");
  });

  it("GETs an endpoint with msg.payload as query and outputs the response with msg.peplink", async () => {
    await load({ method: "GET", endpoint: "status.wan.connection" });
    const got = collect(helper.getNode("out"), 1);
    helper.getNode("n1").receive({ payload: { id: [1, 2] } });
    const [msg] = await got;
    const payload = msg.payload as Record<string, unknown>;
    assert.deepEqual((payload.order as unknown[]).map(Number), [1, 2]);
    assert.deepEqual(msg.peplink, { device: "sim", endpoint: "status.wan.connection", method: "GET" });
    assert.equal(msg.topic, "status.wan.connection");
  });

  it("takes endpoint and method from the message, and keeps an existing topic", async () => {
    await load({ method: "GET", endpoint: "status.wan.connection" });
    const got = collect(helper.getNode("out"), 1);
    helper.getNode("n1").receive({ endpoint: "cmd.ap", method: "POST", payload: { enable: false }, topic: "mine" });
    const [msg] = await got;
    assert.equal((msg.payload as { enable: boolean }).enable, false);
    assert.equal(msg.topic, "mine");
    assert.equal(handle.sim.control.state.ap.enable, false);
  });

  it("uses the node's parameters when the payload is only a trigger", async () => {
    await load({ method: "GET", endpoint: "status.wan.connection", params: '{"id": 3}' });
    const got = collect(helper.getNode("out"), 1);
    helper.getNode("n1").receive({ payload: 1700000000000 });
    const [msg] = await got;
    assert.deepEqual(((msg.payload as Record<string, unknown>).order as unknown[]).map(Number), [3]);
  });

  it("applies pending config after a successful write when asked", async () => {
    await load({ method: "POST", endpoint: "config.wan.connection.priority", afterWrite: "apply" });
    const got = collect(helper.getNode("out"), 1);
    helper.getNode("n1").receive({ payload: { list: [{ connId: 2, priority: 1 }] } });
    const [msg] = await got;
    assert.ok((msg.peplink as Record<string, unknown>).applied !== undefined);
    assert.equal(requestsTo(handle.sim, "cmd.config.apply"), 1);
  });

  it("reports a device fail answer to Catch as '<endpoint>: <message> (code n)'", async () => {
    await load({ method: "POST", endpoint: "cmd.sms.sendMessage" });
    const caught = collect(helper.getNode("caught"), 1);
    const out = maybeNext(helper.getNode("out"), 500);
    helper.getNode("n1").receive({ payload: { address: "12345", content: "hi" } });
    const [err] = await caught;
    assert.match((err.error as { message: string }).message, /^cmd\.sms\.sendMessage: .+ \(code \d+\)$/);
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
      { endpoint: "LOGIN" },
      { endpoint: "auth.Token.grant", method: "POST", payload: { clientId: "x", clientSecret: "y" } },
      { method: "POST", endpoint: "cmd.ap", payload: JSON.parse('{"enable":false,"__proto__":{"polluted":true}}') as object },
      { method: "POST", endpoint: "cmd.ap", payload: { settings: { constructor: { prototype: {} } } } },
    ];
    const caught = collect(helper.getNode("caught"), bad.length);
    for (const msg of bad) helper.getNode("n1").receive(msg);
    const errors = (await caught).map((m) => (m.error as { message: string }).message);
    assert.match(errors[0], /^endpoint: /);
    assert.match(errors[2], /^method: must be one of GET, POST/);
    assert.match(errors[3], /^payload: /);
    // Errors found before the call come first: match by content, not by position.
    for (const expected of [
      /^endpoint: LOGIN is handled by the client itself/,
      /^endpoint: auth\.Token\.grant is handled by the client itself/,
      /^payload\.__proto__: is a reserved name/,
      /^payload\.settings\.constructor: is a reserved name/,
    ]) {
      assert.ok(
        errors.some((e) => expected.test(e)),
        `${expected} among:\n${errors.join("\n")}`,
      );
    }
    assert.equal(handle.sim.control.state.ap.enable, true, "the AP was not switched");
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

  describe("secrets in the router's answers", () => {
    const ADMIN = { username: "admin", password: "admin" };
    const bySecret = (text: string, secrets: string[]): string[] => secrets.filter((secret) => text.includes(secret));

    it("hides client secrets (GET auth.client), a new client's secret (POST auth.client) and access tokens (GET auth.client.token)", async () => {
      const existing = handle.sim.control.createClient({ name: "existing", scope: "api" });
      await load({ method: "GET", endpoint: "auth.client" }, ADMIN);
      const got = collect(helper.getNode("out"), 3);
      const n1 = helper.getNode("n1");
      n1.receive({});
      n1.receive({ method: "POST", endpoint: "auth.client", payload: { action: "add", name: "made-by-flow", scope: "api.read-only" } });
      n1.receive({ endpoint: "auth.client.token" });
      const outputs = await got;
      const find = (method: string, endpoint: string): Msg => {
        const found = outputs.find(
          (m) =>
            (m.peplink as { method: string; endpoint: string }).method === method &&
            (m.peplink as { endpoint: string }).endpoint === endpoint,
        );
        assert.ok(found, `${method} ${endpoint} answered`);
        return found;
      };
      const [list, created, tokens] = [find("GET", "auth.client"), find("POST", "auth.client"), find("GET", "auth.client.token")];
      const clients = list.payload as Array<{ clientId: string; clientSecret: string }>;
      assert.ok(
        clients.some((c) => c.clientId === existing.clientId),
        "the list still names the clients",
      );
      assert.ok(
        clients.every((c) => c.clientSecret === "********"),
        JSON.stringify(clients),
      );
      assert.equal((list.peplink as { secretsHidden: number }).secretsHidden, clients.length);
      const made = created.payload as { clientId: string; clientSecret: string; name: string };
      assert.equal(made.name, "made-by-flow");
      assert.equal(made.clientSecret, "********");
      const tokenList = tokens.payload as Array<{ accessToken: string; clientId: string }>;
      assert.ok(
        tokenList.every((t) => t.accessToken === "********"),
        JSON.stringify(tokenList),
      );
      const issued = [existing.clientSecret, ...handle.sim.control.issuedSecrets()];
      assert.deepEqual(bySecret(JSON.stringify([list, created, tokens]), issued), [], "no secret or token in any output");
    });

    it("shows them with the documented opt-in (Show secrets), which a message cannot switch on", async () => {
      const existing = handle.sim.control.createClient({ name: "existing", scope: "api" });
      await load({ method: "GET", endpoint: "auth.client", showSecrets: true }, ADMIN);
      const got = collect(helper.getNode("out"), 1);
      helper.getNode("n1").receive({ showSecrets: false });
      const [list] = await got;
      const clients = list.payload as Array<{ clientId: string; clientSecret: string }>;
      assert.equal(clients.find((c) => c.clientId === existing.clientId)?.clientSecret, existing.clientSecret);
      assert.equal((list.peplink as { secretsHidden?: number }).secretsHidden, undefined);
    });

    it("a message cannot unhide: showSecrets in the message does nothing", async () => {
      const existing = handle.sim.control.createClient({ name: "existing", scope: "api" });
      await load({ method: "GET", endpoint: "auth.client" }, ADMIN);
      const got = collect(helper.getNode("out"), 1);
      helper.getNode("n1").receive({ showSecrets: true });
      const [list] = await got;
      assert.ok(!JSON.stringify(list).includes(existing.clientSecret));
    });
  });

  it("a full queue fails the extra message at once, Catch-able, with the count in the status", async () => {
    const dev = device(handle.sim, apiClient(handle.sim), { maxConcurrent: 1, timeout: 30 });
    dev.node.queueLimit = 2;
    await helper.load(
      [deviceModule, apiModule],
      flow([{ id: "n1", type: "peplink-api", device: "dev1", method: "GET", endpoint: "cmd.ap", wires: [["out"]] }], dev),
      dev.credentials,
    );
    const deviceNode = helper.getNode("dev1") as unknown as { call: (m: string, e: string) => Promise<unknown> };
    await deviceNode.call("GET", "info.firmware");
    handle.sim.control.injectFault({ kind: "latency", latencyMs: 300, count: 10, endpoint: "cmd.ap" });
    const n1 = helper.getNode("n1");
    const statuses: Array<{ text?: string }> = [];
    n1.on("call:status", (call: { args: [{ text?: string }] }) => statuses.push(call.args[0]));
    const out = collect(helper.getNode("out"), 3);
    const caught = collect(helper.getNode("caught"), 2);
    for (let i = 0; i < 5; i++) n1.receive({ i });
    const errors = (await caught).map((m) => (m.error as { message: string }).message);
    for (const e of errors) assert.match(e, /^cmd\.ap: not sent: the request queue of 127\.0\.0\.1:\d+ is full \(2 waiting, 1 in flight\)/);
    assert.equal((await out).length, 3, "1 in flight and 2 waiting are answered");
    assert.ok(
      statuses.some((st) => st.text === "queue full: 2 waiting"),
      JSON.stringify(statuses),
    );
    assert.equal(requestsTo(handle.sim, "cmd.ap"), 3);
  });

  it("fails a write from a read-only client without sending it", async () => {
    await load({ method: "POST", endpoint: "cmd.ap" }, apiClient(handle.sim, "api.read-only"));
    const caught = collect(helper.getNode("caught"), 1);
    helper.getNode("n1").receive({ payload: { enable: true } });
    const [err] = await caught;
    assert.match((err.error as { message: string }).message, /^cmd\.ap: not sent/);
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
      return (await got)[0];
    };
    const vpn = await run("PepVPN peers");
    assert.deepEqual(vpn.peplink, {
      device: "Simulator (127.0.0.1:8443)",
      endpoint: "status.pepvpn",
      method: "GET",
      notice: { status: "beta" },
    });
    assert.ok(Array.isArray((vpn.payload as { peer?: unknown[] }).peer), "the peers were asked for");

    const renamed = await run("rename SSID 2");
    assert.equal((renamed.peplink as { endpoint: string }).endpoint, "config.ssid.profile");
    assert.ok((renamed.peplink as { applied?: unknown }).applied !== undefined, "applied after the write");
    assert.equal(handle.sim.control.state.active.ssid["2"].name, "Guest (renamed by Node-RED)");

    const location = await run("GET info.location (msg.endpoint)");
    assert.equal((location.peplink as { endpoint: string }).endpoint, "info.location");
    assert.equal(await maybeNext(example.byName("error"), 200), undefined, "no error");
  });
});
