import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as https from "node:https";
import * as path from "node:path";
import type * as net from "node:net";
import { createCertificate, startSimulator, type Simulator } from "../../dist/simulator";
import { ApiClient, agentFor, control, eventually, raw } from "./helpers";

describe("simulator server, request log and control API", () => {
  let sim: Simulator;

  before(async () => {
    sim = await startSimulator();
  });
  beforeEach(() => sim.control.reset());
  after(() => sim.close());

  describe("request log and counters", () => {
    it("logs each /api request with its outcome, credential kind and connection", async () => {
      const c = new ApiClient(sim);
      try {
        await c.login("admin", "wrong");
        await c.login();
        await c.get("status.wan.connection");
        await c.get("nope");
        await c.post("logout");
        const log = sim.control.log();
        assert.deepEqual(
          log.map((e) => [e.seq, e.method, e.endpoint, e.status, e.stat, e.code, e.auth]),
          [
            [1, "POST", "login", 200, "fail", 401, "none"],
            [2, "POST", "login", 200, "ok", undefined, "none"],
            [3, "GET", "status.wan.connection", 200, "ok", undefined, "cookie"],
            [4, "GET", "nope", 200, "fail", 404, "cookie"],
            [5, "POST", "logout", 200, "ok", undefined, "cookie"],
          ],
        );
        assert.ok(log.every((e) => typeof e.time === "number" && e.time > 0 && e.durationMs >= 0 && e.connection >= 1));
        const counters = sim.control.counters();
        assert.equal(counters.requests, 5);
        assert.equal(counters.logins, 2);
        assert.equal(counters.logouts, 1);
        assert.equal(counters.grants, 0);
        assert.deepEqual(counters.byEndpoint, { login: 2, "status.wan.connection": 1, nope: 1, logout: 1 });
        assert.equal(counters.inFlight, 0);
      } finally {
        c.destroy();
      }
    });

    it("counts one TCP connection and TLS handshake for a keep-alive client, one per request without keep-alive", async () => {
      const s = await startSimulator();
      try {
        const keepAlive = new ApiClient(s, new https.Agent({ keepAlive: true, maxSockets: 1, ca: s.certificate?.cert }));
        await keepAlive.login();
        for (let i = 0; i < 10; i++) await keepAlive.get("status.wan.connection");
        keepAlive.destroy();
        let counters = s.control.counters();
        assert.equal(counters.requests, 11);
        assert.equal(counters.connections, 1);
        assert.equal(counters.tlsHandshakes, 1);
        assert.equal(new Set(s.control.log().map((e) => e.connection)).size, 1);

        s.control.clearLog();
        for (let i = 0; i < 3; i++) await raw(s, "GET", "/api/info.firmware", { agent: false });
        counters = s.control.counters();
        assert.equal(counters.connections, 3);
        assert.equal(counters.tlsHandshakes, 3);
        assert.equal(new Set(s.control.log().map((e) => e.connection)).size, 3);
      } finally {
        await s.close();
      }
    });

    it("tracks in-flight requests and their peak; clearLog resets the peak", async () => {
      const c = new ApiClient(sim);
      try {
        await c.login();
        sim.control.injectFault({ kind: "latency", latencyMs: 1000, count: Infinity, endpoint: "cmd.ap" });
        const during = Promise.all([1, 2, 3, 4, 5].map(() => c.get("cmd.ap")));
        await eventually(async () => assert.equal(sim.control.counters().inFlight, 5));
        const results = await during;
        assert.ok(results.every((r) => r.stat === "ok"));
        const counters = sim.control.counters();
        assert.equal(counters.inFlight, 0);
        assert.equal(counters.inFlightPeak, 5);
        assert.equal(counters.faultsApplied, 5);
        sim.control.clearLog();
        assert.deepEqual(sim.control.counters().inFlightPeak, 0);
        assert.deepEqual(sim.control.log(), []);
      } finally {
        c.destroy();
      }
    });

    it("counts token grants and keeps at most logLimit entries", async () => {
      const s = await startSimulator({ logLimit: 3 });
      try {
        const created = s.control.createClient({ name: "bench" });
        const c = new ApiClient(s);
        await c.grant(created.clientId, created.clientSecret);
        for (let i = 0; i < 4; i++) await c.get("cmd.ap");
        c.destroy();
        const log = s.control.log();
        assert.deepEqual(
          log.map((e) => e.seq),
          [3, 4, 5],
        );
        assert.ok(log.every((e) => e.auth === "token"));
        assert.equal(s.control.counters().grants, 1);
        assert.equal(s.control.counters().requests, 5);
      } finally {
        await s.close();
      }
    });
  });

  describe("control API over HTTP", () => {
    it("lists its routes and is not logged as API traffic", async () => {
      const list = await control(sim, "GET", "");
      assert.equal(list.status, 200);
      assert.ok(list.json.routes.some((r: string) => r.includes("/_simulator/fault")));
      await control(sim, "GET", "/counters");
      assert.equal(sim.control.counters().requests, 0);
    });

    it("drives the device: SMS, WAN state, location, state patch, expiry, faults, clients, reset", async () => {
      const c = new ApiClient(sim);
      try {
        await c.login();
        const sms = await control(sim, "POST", "/sms", { sender: "+4917012345678", content: "from outside", connId: 4 });
        assert.equal(sms.status, 200);
        assert.equal(sms.json.ids.length, 1);
        const inbox = (await c.get("cmd.sms.get", { connId: 4 })).response.sms;
        assert.ok(inbox.some((s: { sender: string }) => s.sender === "+4917012345678"));

        assert.equal((await control(sim, "POST", "/wan/1", { state: "disconnected" })).status, 200);
        assert.equal((await c.get("status.wan.connection", { id: 1 })).response["1"].message, "No Cable Detected");

        await control(sim, "POST", "/location", { latitude: 48.85, longitude: 2.35 });
        assert.equal((await c.get("info.location")).response.location.latitude, 48.85);

        await control(sim, "POST", "/state", { ap: { wanDependent: true } });
        assert.equal((await c.get("cmd.ap")).response.wanDependent, true);
        assert.equal((await control(sim, "GET", "/state")).json.ap.wanDependent, true);

        await c.post("cmd.sms.sendMessage", { address: "+4917012345678", content: "out" });
        assert.deepEqual(
          (await control(sim, "GET", "/sent-sms")).json.map((m: { content: string }) => m.content),
          ["out"],
        );

        await control(sim, "POST", "/fault", { kind: "http500", count: "Infinity", endpoint: "cmd.ap" });
        assert.equal((await c.getRaw("cmd.ap")).status, 500);
        assert.equal((await c.getRaw("cmd.ap")).status, 500);
        await control(sim, "DELETE", "/fault");
        assert.equal((await c.getRaw("cmd.ap")).status, 200);

        const created = await control(sim, "POST", "/clients", { name: "remote", scope: "api.read-only" });
        const tokenClient = new ApiClient(sim);
        assert.equal((await tokenClient.grant(created.json.clientId, created.json.clientSecret)).response.scope, "api.read-only");
        await control(sim, "POST", "/expire", { tokens: true });
        assert.equal((await tokenClient.get("cmd.ap")).message, "Invalid access token");
        assert.equal((await c.get("cmd.ap")).stat, "ok", "sessions untouched");
        tokenClient.destroy();

        await control(sim, "POST", "/expire", {});
        assert.equal((await c.get("cmd.ap")).message, "Unauthorized");

        const log = await control(sim, "GET", "/log");
        assert.ok(log.json.length > 0);
        const counters = await control(sim, "GET", "/counters");
        assert.equal(counters.json.requests, log.json.length);

        await control(sim, "POST", "/reset");
        await c.login();
        assert.equal((await c.get("status.wan.connection", { id: 1 })).response["1"].message, "Connected");
      } finally {
        c.destroy();
      }
    });

    it("answers errors as JSON with HTTP 4xx", async () => {
      assert.equal((await control(sim, "GET", "/nothing")).status, 405);
      assert.equal((await control(sim, "POST", "/nothing")).status, 404);
      const badState = await control(sim, "POST", "/wan/1", { state: "exploded" });
      assert.equal(badState.status, 400);
      assert.match(badState.json.error, /state must be one of/);
      assert.equal((await control(sim, "POST", "/wan/99", { state: "connected" })).status, 400);
      assert.equal((await control(sim, "POST", "/fault", { kind: "nope" })).status, 400);
      const badJson = await raw(sim, "POST", "/_simulator/sms", { body: "{", agent: false });
      assert.equal(badJson.status, 400);
    });
  });

  it("serves the web admin page outside /api", async () => {
    const page = await raw(sim, "GET", "/", { agent: false });
    assert.equal(page.status, 200);
    assert.match(page.headers["content-type"] ?? "", /text\/html/);
    assert.equal((await raw(sim, "GET", "/favicon.ico", { agent: false })).status, 404);
  });

  it("runs several instances at once, sharing one certificate", async () => {
    const certificate = createCertificate();
    const sims = await Promise.all(Array.from({ length: 20 }, () => startSimulator({ certificate })));
    try {
      assert.equal(new Set(sims.map((s) => s.port)).size, 20);
      assert.ok(sims.every((s) => s.fingerprint === certificate.fingerprint));
      const clients = sims.map((s) => new ApiClient(s));
      const logins = await Promise.all(clients.map((c) => c.login()));
      assert.ok(logins.every((l) => l.stat === "ok"));
      sims[0]?.control.setWanState(1, "disconnected");
      const first = await clients[0]?.get("status.wan.connection", { id: 1 });
      const second = await clients[1]?.get("status.wan.connection", { id: 1 });
      assert.equal(first?.response["1"].message, "No Cable Detected");
      assert.equal(second?.response["1"].message, "Connected", "instances do not share state");
      assert.ok(sims.every((s) => s.control.counters().logins === 1));
      for (const c of clients) c.destroy();
    } finally {
      await Promise.all(sims.map((s) => s.close()));
    }
  });

  it("close() destroys open keep-alive sockets, is idempotent, and frees the port", async () => {
    const s = await startSimulator();
    const agent = agentFor(s);
    const c = new ApiClient(s, agent);
    await c.login();
    const sockets: net.Socket[] = Object.values(agent.freeSockets).flat() as net.Socket[];
    assert.equal(sockets.length, 1, "one idle keep-alive socket");
    const closed = new Promise<void>((resolve) => sockets[0]?.once("close", () => resolve()));
    await s.close();
    await closed;
    await s.close();
    await assert.rejects(raw(s, "GET", "/api/info.firmware", { agent: false }));
    const again = await startSimulator({ port: s.port });
    assert.equal(again.port, s.port);
    await again.close();
    agent.destroy();
  });

  describe("command line", () => {
    const cli = path.resolve(__dirname, "../../dist/simulator/cli.js");

    it("prints the URL, fingerprint and credentials, answers curl-style calls, stops cleanly on SIGTERM", async () => {
      const child = spawn(
        process.execPath,
        [cli, "--port", "0", "--https", "--user", "boss", "--password", "s3cret", "--client-id", "cli-id", "--client-secret", "cli-secret"],
        {
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      try {
        let out = "";
        child.stdout.on("data", (d: Buffer) => (out += d.toString()));
        await eventually(async () => assert.match(out, /Press Ctrl-C to stop/));
        const url = /listening on (https:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] ?? "";
        const fingerprint = /fingerprint: ([0-9A-F:]+)/.exec(out)?.[1];
        assert.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);
        assert.match(out, /boss \/ s3cret \(admin\)/);
        assert.match(out, /viewer \/ viewer \(readonly\)/);
        assert.match(out, /API client: id cli-id, secret cli-secret/);
        assert.match(out, new RegExp(`Control API: ${url.replace(/[.]/g, "\\.")}/_simulator`));

        const login = await new Promise<{ cookie: string; body: string; fingerprint: string }>((resolve, reject) => {
          const req = https.request(
            `${url}/api/login`,
            { method: "POST", rejectUnauthorized: false, headers: { "content-type": "application/json" }, agent: false },
            (res) => {
              let body = "";
              res.on("data", (d: Buffer) => (body += d.toString()));
              res.on("end", () => {
                const tlsSocket = res.socket as unknown as { getPeerCertificate(): { fingerprint256: string } };
                resolve({
                  cookie: (res.headers["set-cookie"]?.[0] ?? "").split(";")[0] ?? "",
                  body,
                  fingerprint: tlsSocket.getPeerCertificate().fingerprint256,
                });
              });
            },
          );
          req.on("error", reject);
          req.end(JSON.stringify({ username: "boss", password: "s3cret" }));
        });
        assert.equal(login.fingerprint, fingerprint);
        assert.deepEqual(JSON.parse(login.body), { stat: "ok", response: { permission: { GET: 1, POST: 1 } } });
        const status = await new Promise<string>((resolve, reject) => {
          https
            .get(
              `${url}/api/status.wan.connection`,
              { rejectUnauthorized: false, headers: { cookie: login.cookie }, agent: false },
              (res) => {
                let body = "";
                res.on("data", (d: Buffer) => (body += d.toString()));
                res.on("end", () => resolve(body));
              },
            )
            .on("error", reject);
        });
        assert.deepEqual(JSON.parse(status).response.order, [1, 2, 3, 4, 5, 6]);

        const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
        child.kill("SIGTERM");
        assert.equal(await exit, 0);
      } finally {
        if (child.exitCode === null) child.kill("SIGKILL");
      }
    });

    it("--help prints usage; an unknown option exits 2", async () => {
      const run = (args: string[]): Promise<{ code: number | null; out: string; err: string }> =>
        new Promise((resolve) => {
          const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
          let out = "";
          let err = "";
          child.stdout.on("data", (d: Buffer) => (out += d.toString()));
          child.stderr.on("data", (d: Buffer) => (err += d.toString()));
          child.on("exit", (code) => resolve({ code, out, err }));
        });
      const help = await run(["--help"]);
      assert.equal(help.code, 0);
      assert.match(help.out, /Usage: peplink-simulator/);
      const bad = await run(["--bogus"]);
      assert.equal(bad.code, 2);
      assert.match(bad.err, /unknown option --bogus/);
    });
  });
});
