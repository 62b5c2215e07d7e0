import * as assert from "node:assert/strict";
import { startSimulator, type Simulator } from "../../dist/simulator";
import { ApiClient, agentFor, eventually, raw } from "./helpers";

describe("simulator faults", () => {
  let sim: Simulator;
  let c: ApiClient;

  before(async () => {
    sim = await startSimulator({ clients: [{ clientId: "cid", clientSecret: "secret", scope: "api" }] });
  });
  beforeEach(async () => {
    sim.control.reset();
    c = new ApiClient(sim);
    await c.login();
    sim.control.clearLog();
  });
  afterEach(() => c.destroy());
  after(() => sim.close());

  function lastEntry(): ReturnType<Simulator["control"]["log"]>[number] {
    const entry = sim.control.log().at(-1);
    assert.ok(entry, "a log entry");
    return entry;
  }

  it("latency: delays, then answers normally", async () => {
    sim.control.injectFault({ kind: "latency", latencyMs: 200, endpoint: "cmd.ap" });
    const env = await c.get("cmd.ap");
    assert.equal(env.stat, "ok");
    const entry = lastEntry();
    assert.equal(entry.fault, "latency");
    assert.equal(entry.stat, "ok");
    assert.ok(entry.durationMs >= 190, `waited ${entry.durationMs} ms`);
  });

  it("http500: HTTP 500 with an HTML body", async () => {
    sim.control.injectFault({ kind: "http500" });
    const reply = await c.getRaw("status.wan.connection");
    assert.equal(reply.status, 500);
    assert.match(reply.headers["content-type"] ?? "", /text\/html/);
    assert.deepEqual([lastEntry().status, lastEntry().fault], [500, "http500"]);
    assert.equal((await c.getRaw("status.wan.connection")).status, 200, "count defaults to 1");
  });

  it("html: the web admin page with HTTP 200", async () => {
    sim.control.injectFault({ kind: "html" });
    const reply = await c.getRaw("status.wan.connection");
    assert.equal(reply.status, 200);
    assert.match(reply.headers["content-type"] ?? "", /^text\/html/);
    assert.match(reply.text, /<form[^>]*login|name="login"/);
    assert.throws(() => JSON.parse(reply.text));
  });

  it("malformed: truncated JSON labelled application/json", async () => {
    sim.control.injectFault({ kind: "malformed" });
    const reply = await c.getRaw("status.wan.connection");
    assert.equal(reply.status, 200);
    assert.match(reply.headers["content-type"] ?? "", /application\/json/);
    assert.match(reply.text, /^\{"stat":"ok"/);
    assert.throws(() => JSON.parse(reply.text), SyntaxError);
  });

  it("http401: HTTP 401 with a JSON fail envelope (the session stays valid)", async () => {
    sim.control.injectFault({ kind: "http401" });
    const reply = await c.getRaw("cmd.ap");
    assert.equal(reply.status, 401);
    assert.deepEqual(JSON.parse(reply.text), { stat: "fail", code: 401, message: "Unauthorized" });
    assert.equal((await c.get("cmd.ap")).stat, "ok");
  });

  it("grant-internal-error: only auth.token.grant fails, with code 401 Internal Error", async () => {
    sim.control.injectFault({ kind: "grant-internal-error" });
    assert.equal((await c.get("cmd.ap")).stat, "ok", "other endpoints are not affected");
    const token = new ApiClient(sim);
    try {
      assert.deepEqual(await token.grant("cid", "secret"), { stat: "fail", code: 401, message: "Internal Error" });
      assert.equal((await token.grant("cid", "secret")).stat, "ok", "a retry succeeds");
    } finally {
      token.destroy();
    }
    assert.equal(sim.control.counters().grants, 2);
  });

  it("hang: accepts the request and never answers until the client gives up", async () => {
    sim.control.injectFault({ kind: "hang", endpoint: "status.wan.connection" });
    await assert.rejects(
      raw(sim, "GET", "/api/status.wan.connection", { headers: { cookie: c.cookie ?? "" }, timeoutMs: 300, agent: false }),
      /client timeout/,
    );
    const entry = await eventually(async () => {
      const e = lastEntry();
      assert.equal(e.fault, "hang");
      return e;
    });
    assert.equal(entry.status, 0);
    assert.equal(entry.stat, undefined);
    await eventually(async () => assert.equal(sim.control.counters().inFlight, 0));
  });

  it("reset: destroys the socket without answering", async () => {
    sim.control.injectFault({ kind: "reset" });
    await assert.rejects(
      raw(sim, "GET", "/api/cmd.ap", { headers: { cookie: c.cookie ?? "" }, agent: false }),
      (err: NodeJS.ErrnoException) => ["ECONNRESET", "EPIPE"].includes(err.code ?? "") || /socket hang up/.test(err.message),
    );
    assert.deepEqual([lastEntry().status, lastEntry().fault], [0, "reset"]);
    assert.equal((await c.get("cmd.ap")).stat, "ok");
  });

  it("act-then-reset: carries the request out, then destroys the socket without answering", async () => {
    sim.control.injectFault({ kind: "act-then-reset", endpoint: "cmd.ap" });
    const before = sim.control.state.ap.enable;
    await assert.rejects(
      raw(sim, "POST", "/api/cmd.ap", {
        headers: { cookie: c.cookie ?? "", "content-type": "application/json" },
        body: JSON.stringify({ enable: !before }),
        agent: false,
      }),
      (err: NodeJS.ErrnoException) => ["ECONNRESET", "EPIPE"].includes(err.code ?? "") || /socket hang up/.test(err.message),
    );
    assert.deepEqual([lastEntry().status, lastEntry().fault], [0, "act-then-reset"]);
    assert.equal(sim.control.state.ap.enable, !before, "the change was made");
  });

  it("count, endpoint filter, Infinity and clearFaults", async () => {
    sim.control.injectFault({ kind: "http500", count: 2, endpoint: "status.wan.connection" });
    assert.equal((await c.getRaw("cmd.ap")).status, 200, "another endpoint is not affected");
    assert.equal((await c.getRaw("status.wan.connection")).status, 500);
    assert.equal((await c.getRaw("status.wan.connection")).status, 500);
    assert.equal((await c.getRaw("status.wan.connection")).status, 200);

    sim.control.injectFault({ kind: "http500", count: Infinity });
    for (let i = 0; i < 5; i++) assert.equal((await c.getRaw("cmd.ap")).status, 500);
    sim.control.clearFaults();
    assert.equal((await c.getRaw("cmd.ap")).status, 200);
    assert.equal(sim.control.counters().faultsApplied, 7);
  });

  it("rejects unknown fault kinds and bad counts", () => {
    assert.throws(() => sim.control.injectFault({ kind: "explode" as "html" }), /unknown fault kind/);
    assert.throws(() => sim.control.injectFault({ kind: "html", count: 0 }), /count/);
  });

  it("close() ends a hanging request", async () => {
    const s = await startSimulator();
    const agent = agentFor(s);
    try {
      s.control.injectFault({ kind: "hang", count: Infinity });
      const pending = raw(s, "GET", "/api/cmd.ap", { agent });
      await eventually(async () => assert.equal(s.control.counters().inFlight, 1));
      await s.close();
      await assert.rejects(pending);
      assert.equal(s.control.counters().inFlight, 0);
    } finally {
      agent.destroy();
      await s.close();
    }
  });
});
