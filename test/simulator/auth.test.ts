import * as assert from "node:assert/strict";
import { startSimulator, type Simulator } from "../../dist/simulator";
import { ApiClient, delay, raw } from "./helpers";

const UNAUTHORIZED = { stat: "fail", code: 401, message: "Unauthorized" };
const INVALID_TOKEN = { stat: "fail", code: 401, message: "Invalid access token" };
const DENIED = { stat: "fail", code: 401, message: "Permission denied" };

describe("simulator authentication", () => {
  let sim: Simulator;
  const clients: ApiClient[] = [];
  function client(s: Simulator = sim): ApiClient {
    const c = new ApiClient(s);
    clients.push(c);
    return c;
  }

  before(async () => {
    sim = await startSimulator({
      clients: [
        { name: "rw", clientId: "rw-client", clientSecret: "rw-secret", scope: "api" },
        { name: "ro", clientId: "ro-client", clientSecret: "ro-secret", scope: "api.read-only" },
      ],
      clientCreateIntervalMs: 300,
    });
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
    sim.control.reset();
  });
  after(() => sim.close());

  describe("login", () => {
    it("sets an HttpOnly SameSite=Strict bauth cookie over HTTPS and grants GET and POST to admin", async () => {
      const reply = await raw(sim, "POST", "/api/login", {
        body: JSON.stringify({ username: "admin", password: "admin" }),
        headers: { "content-type": "application/json" },
        agent: false,
      });
      assert.equal(reply.status, 200);
      assert.match(reply.headers["content-type"] ?? "", /application\/json/);
      const cookie = reply.headers["set-cookie"]?.[0] ?? "";
      assert.match(cookie, /^bauth=[0-9a-f]{48}; HttpOnly; SameSite=Strict$/);
      assert.deepEqual(JSON.parse(reply.text), { stat: "ok", response: { permission: { GET: 1, POST: 1 } } });
    });

    it("uses a pauth cookie over plain HTTP, and only that cookie authenticates there", async () => {
      const plain = await startSimulator({ https: false });
      try {
        const c = client(plain);
        await c.login();
        assert.match(c.cookie ?? "", /^pauth=[0-9a-f]{48}$/);
        assert.equal((await c.get("status.wan.connection")).stat, "ok");
        c.cookie = (c.cookie ?? "").replace("pauth=", "bauth=");
        assert.deepEqual(await c.get("status.wan.connection"), UNAUTHORIZED);
      } finally {
        await plain.close();
      }
    });

    it("accepts a form-encoded body", async () => {
      const reply = await raw(sim, "POST", "/api/login", {
        body: "username=viewer&password=viewer",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        agent: false,
      });
      assert.deepEqual(JSON.parse(reply.text), { stat: "ok", response: { permission: { GET: 1, POST: 0 } } });
      assert.match(reply.headers["set-cookie"]?.[0] ?? "", /^bauth=/);
    });

    it("reads a JSON body sent with a form content type (curl -d without -H)", async () => {
      const reply = await raw(sim, "POST", "/api/login", {
        body: JSON.stringify({ username: "admin", password: "admin" }),
        headers: { "content-type": "application/x-www-form-urlencoded" },
        agent: false,
      });
      assert.equal(JSON.parse(reply.text).stat, "ok");
    });

    it("fails inside HTTP 200 on wrong credentials and sets no cookie", async () => {
      const reply = await raw(sim, "POST", "/api/login", {
        body: JSON.stringify({ username: "admin", password: "wrong" }),
        headers: { "content-type": "application/json" },
        agent: false,
      });
      assert.equal(reply.status, 200);
      assert.equal(reply.headers["set-cookie"], undefined);
      assert.deepEqual(JSON.parse(reply.text), { stat: "fail", code: 401, message: "Invalid username or password" });
    });

    it("answers 401 Unauthorized inside HTTP 200 without a session", async () => {
      const reply = await raw(sim, "GET", "/api/status.wan.connection", { agent: false });
      assert.equal(reply.status, 200);
      assert.deepEqual(JSON.parse(reply.text), UNAUTHORIZED);
      const c = client();
      c.cookie = "bauth=0123456789abcdef";
      assert.deepEqual(await c.get("cmd.ap"), UNAUTHORIZED);
    });

    it("logout invalidates the session", async () => {
      const c = client();
      await c.login();
      assert.deepEqual(await c.post("logout"), { stat: "ok" });
      assert.deepEqual(await c.get("status.wan.connection"), UNAUTHORIZED);
    });

    it("expireSessions() makes the next call answer Unauthorized", async () => {
      const c = client();
      await c.login();
      assert.equal((await c.get("cmd.ap")).stat, "ok");
      sim.control.expireSessions();
      assert.deepEqual(await c.get("cmd.ap"), UNAUTHORIZED);
      await c.login();
      assert.equal((await c.get("cmd.ap")).stat, "ok");
    });

    it("a read-only user reads but cannot change anything", async () => {
      const c = client();
      const login = await c.login("viewer", "viewer");
      assert.deepEqual(login.response, { permission: { GET: 1, POST: 0 } });
      assert.equal((await c.get("status.wan.connection")).stat, "ok");
      assert.equal((await c.get("config.ssid.profile")).stat, "ok");
      assert.deepEqual(await c.post("cmd.ap", { enable: false }), DENIED);
      assert.deepEqual(await c.post("cmd.sms.sendMessage", { address: "+85235984335", content: "x" }), DENIED);
      assert.deepEqual(await c.get("auth.client"), DENIED);
      assert.equal(sim.control.state.ap.enable, true);
      assert.deepEqual(sim.control.sentSms(), []);
      // An empty config.gpio POST only reads, so it is allowed.
      assert.equal((await c.post("config.gpio", {})).stat, "ok");
      assert.deepEqual(await c.post("config.gpio", { list: [{ id: 1, enable: false }] }), DENIED);
    });

    it("info.firmware answers before login with only the firmware in use", async () => {
      const anonymous = client();
      const before = await anonymous.get("info.firmware");
      assert.deepEqual(before, { stat: "ok", response: { "2": { version: "8.3.0 build 5229", bootable: true, inUse: true }, order: [2] } });
      await anonymous.login();
      const after = await anonymous.get("info.firmware");
      assert.deepEqual(after.response.order, [1, 2]);
      assert.equal(after.response["1"].inUse, false);
    });
  });

  describe("session idle timeout", () => {
    it("expires an idle session and keeps an active one alive", async () => {
      const short = await startSimulator({ sessionIdleTimeoutSec: 1 });
      try {
        const idle = client(short);
        const busy = client(short);
        await idle.login();
        await busy.login();
        for (let i = 0; i < 8; i++) {
          await delay(200);
          assert.equal((await busy.get("cmd.ap")).stat, "ok", "activity refreshes the idle timer");
        }
        assert.deepEqual(await idle.get("cmd.ap"), UNAUTHORIZED);
        assert.equal((await busy.get("cmd.ap")).stat, "ok");
      } finally {
        await short.close();
      }
    });
  });

  describe("client credentials", () => {
    it("grants a token with numeric expiresIn and authorizationType 3, usable as accessToken", async () => {
      const c = client();
      const grant = await c.grant("rw-client", "rw-secret");
      assert.equal(grant.stat, "ok");
      assert.match(grant.response.accessToken, /^[0-9a-f]{32}$/);
      assert.deepEqual(
        { ...grant.response, accessToken: "x" },
        { accessToken: "x", authorizationType: 3, scope: "api", expiresIn: 172800 },
      );
      assert.equal((await c.get("status.wan.connection")).stat, "ok");
      assert.deepEqual(await c.post("cmd.ap", { enable: false }), {
        stat: "ok",
        response: { support: true, enable: false, wanDependent: false },
      });
      assert.equal(sim.control.log().at(-1)?.auth, "token");
    });

    it("answers expiresIn and authorizationType as strings with expiresInAsString", async () => {
      const s = await startSimulator({
        expiresInAsString: true,
        tokenLifetimeSec: 3600,
        clients: [{ clientId: "a", clientSecret: "b", scope: "api" }],
      });
      try {
        const grant = await client(s).grant("a", "b");
        assert.equal(grant.response.expiresIn, "3600");
        assert.equal(grant.response.authorizationType, "3");
      } finally {
        await s.close();
      }
    });

    it("rejects a wrong secret and an unknown token", async () => {
      const c = client();
      assert.deepEqual(await c.grant("rw-client", "nope"), { stat: "fail", code: 401, message: "Invalid client ID or client secret" });
      c.token = "0123456789abcdef0123456789abcdef";
      assert.deepEqual(await c.get("status.wan.connection"), INVALID_TOKEN);
    });

    it("tokens expire after expiresIn seconds", async () => {
      const s = await startSimulator({ tokenLifetimeSec: 1, clients: [{ clientId: "a", clientSecret: "b", scope: "api" }] });
      try {
        const c = client(s);
        const grant = await c.grant("a", "b");
        assert.equal(grant.response.expiresIn, 1);
        assert.equal((await c.get("cmd.ap")).stat, "ok");
        await delay(1100);
        const reply = await c.getRaw("cmd.ap");
        assert.equal(reply.status, 200);
        assert.deepEqual(JSON.parse(reply.text), INVALID_TOKEN);
      } finally {
        await s.close();
      }
    });

    it("expireTokens() and revokeTokens() invalidate every token", async () => {
      const c = client();
      await c.grant("rw-client", "rw-secret");
      sim.control.expireTokens();
      assert.deepEqual(await c.get("cmd.ap"), INVALID_TOKEN);
      await c.grant("rw-client", "rw-secret");
      assert.equal((await c.get("cmd.ap")).stat, "ok");
      sim.control.revokeTokens();
      assert.deepEqual(await c.get("cmd.ap"), INVALID_TOKEN);
    });

    it("a read-only client reads status but gets 401 on config reads and on writes", async () => {
      const c = client();
      const grant = await c.grant("ro-client", "ro-secret");
      assert.equal(grant.response.scope, "api.read-only");
      assert.equal((await c.get("status.wan.connection")).stat, "ok");
      assert.equal((await c.get("cmd.wan.cellular", { connId: 4 })).stat, "ok");
      assert.deepEqual(await c.get("config.wan.connection"), UNAUTHORIZED);
      assert.deepEqual(await c.get("config.ssid.profile"), UNAUTHORIZED);
      assert.deepEqual(await c.post("cmd.ap", { enable: false }), DENIED);
      assert.deepEqual(await c.post("config.wan.connection.priority", { list: [{ connId: 1, priority: 2 }] }), DENIED);
    });

    it("scope: narrowing works, widening fails, and rejectGrantScope emulates firmware that refuses an explicit scope", async () => {
      const c = client();
      const narrowed = await c.grant("rw-client", "rw-secret", "api.read-only");
      assert.equal(narrowed.response.scope, "api.read-only");
      assert.deepEqual(await c.post("cmd.ap", { enable: true }), DENIED);
      const widened = await c.grant("ro-client", "ro-secret", "api");
      assert.equal(widened.stat, "fail");
      assert.equal(widened.code, 401);
      assert.equal((await c.grant("rw-client", "rw-secret", "api")).stat, "ok");

      const strict = await startSimulator({ rejectGrantScope: true, clients: [{ clientId: "a", clientSecret: "b", scope: "api" }] });
      try {
        const s = client(strict);
        assert.deepEqual(await s.grant("a", "b", "api"), { stat: "fail", code: 401, message: "Invalid scope" });
        assert.equal((await s.grant("a", "b")).stat, "ok");
        assert.equal((await s.grant("a", "b", "api.read-only")).stat, "ok");
      } finally {
        await strict.close();
      }
    });
  });

  describe("client and token management", () => {
    it("admin lists, adds and removes clients; the new client can grant tokens", async () => {
      const admin = client();
      await admin.login();
      const list = await admin.get("auth.client");
      const ids = list.response.map((x: { clientId: string }) => x.clientId);
      assert.ok(ids.includes("rw-client") && ids.includes("ro-client"), `clients: ${ids}`);
      const count = ids.length;
      assert.deepEqual(Object.keys(list.response[0]).sort(), [
        "clientId",
        "clientSecret",
        "confidential",
        "createTimestamp",
        "name",
        "scope",
      ]);

      const added = await admin.post("auth.client", { action: "add", name: "Node-RED", scope: "api" });
      assert.equal(added.stat, "ok");
      assert.equal(added.response.name, "Node-RED");
      assert.equal(added.response.scope, "api");
      assert.equal(added.response.confidential, false);
      assert.match(added.response.clientId, /^[0-9a-f]{32}$/);
      assert.match(added.response.clientSecret, /^[0-9a-f]{32}$/);

      const user = client();
      assert.equal((await user.grant(added.response.clientId, added.response.clientSecret)).stat, "ok");
      const tokens = await admin.get("auth.client.token", { clientId: added.response.clientId });
      assert.equal(tokens.response.length, 1);
      assert.deepEqual(
        { ...tokens.response[0], createTimestamp: 0 },
        {
          accessToken: user.token,
          clientId: added.response.clientId,
          clientName: "Node-RED",
          authorizationType: 3,
          scope: "api",
          createTimestamp: 0,
        },
      );

      assert.deepEqual(await admin.post("auth.client", { action: "remove", clientId: added.response.clientId }), { stat: "ok" });
      assert.equal((await admin.get("auth.client")).response.length, count);
      assert.deepEqual(await user.get("cmd.ap"), INVALID_TOKEN);
      assert.equal((await admin.post("auth.client", { action: "remove", clientId: added.response.clientId })).stat, "fail");
    });

    it("only an admin session manages clients and tokens", async () => {
      const rw = client();
      await rw.grant("rw-client", "rw-secret");
      assert.deepEqual(await rw.get("auth.client"), DENIED);
      assert.deepEqual(await rw.post("auth.client", { action: "add", name: "x", scope: "api" }), DENIED);
      assert.deepEqual(await rw.get("auth.client.token"), DENIED);
      const readWriteUser = await startSimulator({ users: [{ username: "ops", password: "pw", role: "readwrite" }] });
      try {
        const ops = client(readWriteUser);
        assert.deepEqual((await ops.login("ops", "pw")).response, { permission: { GET: 1, POST: 1 } });
        assert.equal((await ops.post("cmd.ap", { enable: true })).stat, "ok");
        assert.deepEqual(await ops.get("auth.client"), DENIED);
      } finally {
        await readWriteUser.close();
      }
    });

    it("rate-limits client creation: a second add soon after the first waits", async () => {
      const admin = client();
      await admin.login();
      const [a, b] = await Promise.all([
        admin.post("auth.client", { action: "add", name: "first", scope: "api" }),
        admin.post("auth.client", { action: "add", name: "second", scope: "api.read-only" }),
      ]);
      assert.equal(a.stat, "ok");
      assert.equal(b.stat, "ok");
      const adds = sim.control.log().filter((e) => e.endpoint === "auth.client" && e.method === "POST");
      assert.equal(adds.length, 2);
      const slowest = Math.max(...adds.map((e) => e.durationMs));
      assert.ok(slowest >= 250, `the second add should have waited for the 300 ms interval (took ${slowest} ms)`);
    });

    it("revokes a token as admin or by itself", async () => {
      const one = client();
      const two = client();
      await one.grant("ro-client", "ro-secret");
      await two.grant("rw-client", "rw-secret");
      // A token may revoke itself, even a read-only one, but not another.
      assert.deepEqual(await one.post("auth.token.revoke", { accessToken: two.token }), DENIED);
      assert.deepEqual(await one.post("auth.token.revoke", { accessToken: one.token }), { stat: "ok" });
      assert.deepEqual(await one.get("cmd.ap"), INVALID_TOKEN);
      const admin = client();
      await admin.login();
      assert.deepEqual(await admin.post("auth.token.revoke", { accessToken: two.token }), { stat: "ok" });
      assert.deepEqual(await two.get("cmd.ap"), INVALID_TOKEN);
    });

    it("control.createClient prepares credentials without a login", async () => {
      const created = sim.control.createClient({ name: "prepared", scope: "api.read-only" });
      const c = client();
      const grant = await c.grant(created.clientId, created.clientSecret);
      assert.equal(grant.response.scope, "api.read-only");
    });
  });
});
