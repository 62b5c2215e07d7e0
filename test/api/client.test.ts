/**
 * PeplinkClient against the simulator over real HTTPS on loopback: both auth
 * modes, expiry and re-auth, single flight, back-off, read-only rejection, TLS
 * modes, every fault kind, timeouts, the queue limit, close() and secrets.
 */
import * as assert from "node:assert/strict";
import * as util from "node:util";
import {
  PeplinkApiError,
  PeplinkAuthError,
  PeplinkCertificateMismatchError,
  PeplinkClient,
  PeplinkClosedError,
  PeplinkHttpError,
  PeplinkInputError,
  PeplinkNotJsonError,
  PeplinkOutcomeUnknownError,
  PeplinkPermissionError,
  PeplinkQueueFullError,
  PeplinkTransportError,
  type PeplinkClientOptions,
} from "../../dist/api";
import { startSimulator, type Simulator } from "../../dist/simulator";
import { requestsTo, useSimulator } from "../helpers/simulator";

function clientFor(sim: Simulator, auth: PeplinkClientOptions["auth"], extra: Partial<PeplinkClientOptions> = {}): PeplinkClient {
  return new PeplinkClient({
    host: sim.host,
    port: sim.port,
    protocol: sim.protocol,
    tls: sim.fingerprint ? { mode: "pin", fingerprint: sim.fingerprint } : undefined,
    auth,
    ...extra,
  });
}

async function rejects<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof type, `expected ${type.name}, got ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
    return err;
  }
  throw new assert.AssertionError({ message: `expected ${type.name}, but the call succeeded` });
}

describe("PeplinkClient", function () {
  const handle = useSimulator();
  let clients: PeplinkClient[] = [];
  const track = (c: PeplinkClient): PeplinkClient => {
    clients.push(c);
    return c;
  };
  afterEach(async () => {
    await Promise.all(clients.map((c) => c.close({ logout: false })));
    clients = [];
  });

  function tokenClient(extra: Partial<PeplinkClientOptions> = {}, scope: "api" | "api.read-only" = "api"): PeplinkClient {
    const { clientId, clientSecret } = handle.sim.control.createClient({ name: "test", scope });
    return track(clientFor(handle.sim, { mode: "client", clientId, clientSecret }, extra));
  }

  describe("client ID/secret → access token", () => {
    it("grants one token and sends it as the accessToken query parameter on every call", async () => {
      const client = tokenClient();
      const wans = await client.get("status.wan.connection");
      assert.ok(Array.isArray(wans.order), "status.wan.connection has an order array");
      await client.get("info.firmware");
      const counters = handle.sim.control.counters();
      assert.equal(counters.grants, 1);
      const calls = handle.sim.control.log().filter((e) => e.endpoint !== "auth.token.grant");
      assert.equal(calls.length, 2);
      assert.ok(
        calls.every((e) => e.auth === "token"),
        "every call carried the token",
      );
      assert.equal(client.access?.access, "api");
      assert.equal(client.access?.readOnly, false);
    });

    it("accepts expiresIn as a string (some firmware)", async () => {
      const sim = await startSimulator({ expiresInAsString: true, tokenLifetimeSec: 3600 });
      try {
        const { clientId, clientSecret } = sim.control.createClient({ name: "s", scope: "api" });
        const client = track(clientFor(sim, { mode: "client", clientId, clientSecret }));
        await client.get("info.firmware");
        await client.get("info.firmware");
        assert.equal(sim.control.counters().grants, 1, "the string expiresIn was understood (no re-grant per call)");
      } finally {
        await sim.close();
      }
    });

    it("renews the token before expiresIn runs out", async () => {
      const sim = await startSimulator({ tokenLifetimeSec: 1 });
      try {
        const { clientId, clientSecret } = sim.control.createClient({ name: "s", scope: "api" });
        const client = track(clientFor(sim, { mode: "client", clientId, clientSecret }));
        await client.get("info.firmware");
        await new Promise((r) => setTimeout(r, 1_000));
        await client.get("info.firmware");
        const log = sim.control.log();
        assert.equal(sim.control.counters().grants, 2, "a second grant before the call");
        assert.ok(
          log.every((e) => e.stat !== "fail"),
          "no call was refused: the token was renewed first",
        );
      } finally {
        await sim.close();
      }
    });

    it("grants again once and retries when the token expired or was revoked (401 inside HTTP 200)", async () => {
      // (info.firmware also answers without a session, so use an endpoint that needs one.)
      const client = tokenClient();
      await client.get("cmd.ap");
      handle.sim.control.expireTokens();
      const ap = await client.get("cmd.ap");
      assert.equal(ap.support, true);
      assert.equal(handle.sim.control.counters().grants, 2);
      handle.sim.control.revokeTokens();
      await client.get("cmd.ap");
      assert.equal(handle.sim.control.counters().grants, 3);
    });

    it("retries a transient 'Internal Error' grant failure", async () => {
      handle.sim.control.injectFault({ kind: "grant-internal-error", count: 1 });
      const client = tokenClient();
      await client.get("info.firmware");
      assert.equal(handle.sim.control.counters().grants, 2);
    });

    it("makes exactly one grant for 50 concurrent first calls (single flight)", async () => {
      const client = tokenClient();
      await Promise.all(Array.from({ length: 50 }, () => client.get("status.wan.connection")));
      assert.equal(handle.sim.control.counters().grants, 1);
      assert.equal(requestsTo(handle.sim, "status.wan.connection"), 50);
    });

    it("handles HTTP 401 (some firmware) like a 401 inside HTTP 200", async () => {
      const client = tokenClient();
      await client.get("info.firmware");
      handle.sim.control.injectFault({ kind: "http401", count: 1, endpoint: "info.firmware" });
      await client.get("info.firmware");
      assert.equal(handle.sim.control.counters().grants, 2);
    });
  });

  describe("user login → session cookie", () => {
    it("logs in once and sends the bauth cookie over HTTPS", async () => {
      const client = track(clientFor(handle.sim, { mode: "login", username: "admin", password: "admin" }));
      await client.get("status.wan.connection");
      await client.get("cmd.ap");
      const counters = handle.sim.control.counters();
      assert.equal(counters.logins, 1);
      const calls = handle.sim.control.log().filter((e) => e.endpoint !== "login");
      assert.ok(calls.every((e) => e.auth === "cookie"));
      assert.equal(client.access?.readOnly, false);
    });

    it("uses the pauth cookie over plain HTTP", async () => {
      const sim = await startSimulator({ https: false });
      try {
        const client = track(clientFor(sim, { mode: "login", username: "admin", password: "admin" }));
        const fw = await client.get("info.firmware");
        assert.ok(fw);
        assert.equal(sim.control.counters().logins, 1);
        assert.ok(sim.control.log().some((e) => e.endpoint === "info.firmware" && e.auth === "cookie"));
      } finally {
        await sim.close();
      }
    });

    it("logs in again once when the session expired", async () => {
      const client = track(clientFor(handle.sim, { mode: "login", username: "admin", password: "admin" }));
      await client.get("cmd.ap");
      handle.sim.control.expireSessions();
      await client.get("cmd.ap");
      assert.equal(handle.sim.control.counters().logins, 2);
    });

    it("makes exactly one login for 50 concurrent first calls", async () => {
      const client = track(clientFor(handle.sim, { mode: "login", username: "admin", password: "admin" }));
      await Promise.all(Array.from({ length: 50 }, () => client.get("info.firmware")));
      assert.equal(handle.sim.control.counters().logins, 1);
    });

    it("logout() ends the session on the router", async () => {
      const client = track(clientFor(handle.sim, { mode: "login", username: "admin", password: "admin" }));
      await client.get("info.firmware");
      await client.logout();
      assert.equal(handle.sim.control.counters().logouts, 1);
      await client.get("info.firmware");
      assert.equal(handle.sim.control.counters().logins, 2, "a new session after logout");
    });
  });

  describe("wrong credentials", () => {
    it("surfaces an auth error and backs off with a growing delay instead of hammering", async () => {
      const client = track(
        clientFor(
          handle.sim,
          { mode: "client", clientId: "nope", clientSecret: "wrong-secret-marker" },
          { authBackoff: { initialMs: 300, maxMs: 10_000 } },
        ),
      );
      const first = await rejects(client.get("info.firmware"), PeplinkAuthError);
      assert.match(first.message, /^info\.firmware: authentication failed/);
      assert.ok(first.retryAt && first.retryAt > Date.now());
      // Calls during the back-off fail at once without a grant request.
      await rejects(client.get("info.firmware"), PeplinkAuthError);
      await rejects(client.get("status.wan.connection"), PeplinkAuthError);
      assert.equal(handle.sim.control.counters().grants, 1);
      await new Promise((r) => setTimeout(r, 350));
      const second = await rejects(client.get("info.firmware"), PeplinkAuthError);
      assert.equal(handle.sim.control.counters().grants, 2);
      const firstDelay = first.retryAt - handle.sim.control.log()[0].time;
      const secondDelay = second.retryAt! - Date.now();
      assert.ok(secondDelay > firstDelay, `the second delay (${secondDelay} ms) is longer than the first (${firstDelay} ms)`);
      assert.equal(client.state.state, "auth-failed");
    });

    it("refuses a wrong password for a login the same way", async () => {
      const client = track(clientFor(handle.sim, { mode: "login", username: "admin", password: "not-the-password" }));
      const err = await rejects(client.get("info.firmware"), PeplinkAuthError);
      assert.doesNotMatch(err.message, /not-the-password/);
      await rejects(client.get("info.firmware"), PeplinkAuthError);
      assert.equal(handle.sim.control.counters().logins, 1);
    });

    it("announces no next attempt when there is no back-off (the editor's one-shot test)", async () => {
      const client = track(
        clientFor(
          handle.sim,
          { mode: "login", username: "admin", password: "not-the-password" },
          { authBackoff: { initialMs: 0, maxMs: 0 } },
        ),
      );
      const err = await rejects(client.get("info.firmware"), PeplinkAuthError);
      assert.equal(err.retryAt, undefined);
      assert.doesNotMatch(err.message, /next attempt/);
    });
  });

  describe("read-only access", () => {
    it("rejects write calls of a read-only client without sending them", async () => {
      const client = tokenClient({}, "api.read-only");
      await client.get("cmd.ap");
      const err = await rejects(client.post("cmd.ap", { enable: false }), PeplinkPermissionError);
      assert.match(err.message, /^cmd\.ap: not sent/);
      assert.equal(handle.sim.control.log().filter((e) => e.endpoint === "cmd.ap" && e.method === "POST").length, 0);
      assert.equal(client.access?.readOnly, true);
    });

    it("rejects write calls of a read-only user without sending them, even as the first call", async () => {
      const client = track(clientFor(handle.sim, { mode: "login", username: "viewer", password: "viewer" }));
      await rejects(client.post("cmd.sms.sendMessage", { address: "+85235984335", content: "x" }), PeplinkPermissionError);
      assert.equal(requestsTo(handle.sim, "cmd.sms.sendMessage"), 0);
      assert.equal(handle.sim.control.counters().logins, 1, "it logged in to learn the permission");
    });

    it("reports 'Permission denied' (an admin endpoint with a client token) without re-granting", async () => {
      const client = tokenClient();
      const err = await rejects(client.authClientList(), PeplinkPermissionError);
      assert.match(err.message, /^auth\.client: the router refused this call: Permission denied \(code 401\)/);
      await rejects(client.authClientList(), PeplinkPermissionError);
      assert.equal(handle.sim.control.counters().grants, 1);
    });

    it("reports a read-only client's 401 on GET config.* as a permission error, without re-granting", async () => {
      const client = tokenClient({}, "api.read-only");
      await client.get("info.firmware");
      await rejects(client.get("config.wan.connection"), PeplinkPermissionError);
      await rejects(client.get("config.wan.connection"), PeplinkPermissionError);
      assert.equal(handle.sim.control.counters().grants, 1);
    });
  });

  describe("TLS trust", () => {
    it("refuses the self-signed certificate in verify mode with advice to pin", async () => {
      const client = tokenClient({ tls: { mode: "verify" } });
      const err = await rejects(client.get("info.firmware"), PeplinkTransportError);
      assert.equal(err.reason, "tls");
      assert.match(err.message, /pin/);
      assert.equal(handle.sim.control.log().length, 0, "nothing reached the API");
    });

    it("accepts it in verify mode when its certificate is given as CA", async () => {
      const client = tokenClient({ tls: { mode: "verify", ca: handle.sim.certificate!.cert } });
      assert.ok(await client.get("info.firmware"));
    });

    it("accepts the pinned certificate, in any fingerprint spelling", async () => {
      const spelled = handle.sim.fingerprint!.replace(/:/g, "").toLowerCase();
      const client = tokenClient({ tls: { mode: "pin", fingerprint: spelled } });
      assert.ok(await client.get("info.firmware"));
    });

    it("refuses another certificate under a pin, naming both fingerprints, before sending anything", async () => {
      const other = await startSimulator();
      try {
        const { clientId, clientSecret } = other.control.createClient({ name: "x", scope: "api" });
        const client = track(
          new PeplinkClient({
            host: other.host,
            port: other.port,
            tls: { mode: "pin", fingerprint: handle.sim.fingerprint! },
            auth: { mode: "client", clientId, clientSecret },
          }),
        );
        const err = await rejects(client.get("info.firmware"), PeplinkCertificateMismatchError);
        assert.equal(err.expectedFingerprint, handle.sim.fingerprint);
        assert.equal(err.presentedFingerprint, other.fingerprint);
        assert.ok(err.message.includes(handle.sim.fingerprint!) && err.message.includes(other.fingerprint!));
        assert.equal(other.control.log().length, 0, "no request (and no secret) reached the impostor");
        assert.equal(client.state.state, "certificate-mismatch");
      } finally {
        await other.close();
      }
    });

    it("accepts any certificate in insecure mode", async () => {
      const client = tokenClient({ tls: { mode: "insecure" } });
      assert.ok(await client.get("info.firmware"));
    });

    it("refuses a trust mode other than pin, verify or insecure (an empty one is not a silent insecure)", () => {
      for (const mode of ["", "none", "PIN"]) {
        assert.throws(
          () =>
            new PeplinkClient({
              host: "127.0.0.1",
              tls: { mode } as unknown as { mode: "insecure" },
              auth: { mode: "login", username: "a", password: "b" },
            }),
          (err: unknown) => err instanceof PeplinkInputError && err.field === "tls",
          JSON.stringify(mode),
        );
      }
    });

    it("rejects a malformed pin at construction", () => {
      assert.throws(
        () =>
          new PeplinkClient({
            host: "127.0.0.1",
            tls: { mode: "pin", fingerprint: "abc" },
            auth: { mode: "login", username: "a", password: "b" },
          }),
        (err: unknown) => err instanceof PeplinkInputError && err.field === "fingerprint",
      );
    });
  });

  describe("host", () => {
    const make = (host: string): PeplinkClient =>
      new PeplinkClient({ host, tls: { mode: "insecure" }, auth: { mode: "login", username: "a", password: "b" } });

    for (const host of [
      "user@host",
      "admin:pw@10.0.0.1",
      "host#@other",
      "host:8443",
      "192.168.50.1:443",
      "[::1]:443",
      "host?x",
      "host/path",
      "https://router",
      "a b",
      "999.1.1.1",
      "router.123",
      "",
    ]) {
      it(`refuses ${JSON.stringify(host)} with an input error naming host`, () => {
        assert.throws(
          () => make(host),
          (err: unknown) => err instanceof PeplinkInputError && err.field === "host",
        );
      });
    }

    it("accepts IPv4, IPv6 (brackets optional) and host names, trimmed", () => {
      assert.equal(make(" 192.168.50.1 ").host, "192.168.50.1");
      assert.equal(make("[fe80::1]").host, "fe80::1");
      assert.equal(make("::1").host, "::1");
      assert.equal(make("router.local").host, "router.local");
      assert.equal(make("br1-pro").host, "br1-pro");
    });
  });

  describe("faults", () => {
    it("HTTP 500 → PeplinkHttpError", async () => {
      const client = tokenClient();
      await client.get("info.firmware");
      handle.sim.control.injectFault({ kind: "http500", count: 1 });
      const err = await rejects(client.get("status.wan.connection"), PeplinkHttpError);
      assert.equal(err.status, 500);
      assert.match(err.message, /^status\.wan\.connection: the router answered HTTP 500/);
      assert.ok(await client.get("status.wan.connection"), "the next call works again");
    });

    it("HTML page → PeplinkNotJsonError saying the API may be disabled", async () => {
      const client = tokenClient();
      await client.get("info.firmware");
      handle.sim.control.injectFault({ kind: "html", count: 1 });
      const err = await rejects(client.get("status.wan.connection"), PeplinkNotJsonError);
      assert.equal(err.looksLikeHtml, true);
      assert.match(err.message, /web page, not the API.*API enabled/);
      assert.equal(client.state.state, "api-unavailable");
      await client.get("status.wan.connection");
      assert.equal(client.state.state, "connected");
    });

    it("malformed JSON → PeplinkNotJsonError", async () => {
      const client = tokenClient();
      await client.get("info.firmware");
      handle.sim.control.injectFault({ kind: "malformed", count: 1 });
      const err = await rejects(client.get("status.wan.connection"), PeplinkNotJsonError);
      assert.equal(err.looksLikeHtml, false);
    });

    it("a hang → timeout after timeoutMs", async () => {
      const client = tokenClient({ timeoutMs: 1000 });
      await client.get("info.firmware");
      handle.sim.control.injectFault({ kind: "hang", count: 1 });
      const err = await rejects(client.get("status.wan.connection"), PeplinkTransportError);
      assert.equal(err.reason, "timeout");
      assert.match(err.message, /within 1000 ms/);
      assert.equal(client.state.state, "unreachable");
      assert.ok(await client.get("status.wan.connection"));
      assert.equal(client.state.state, "connected");
    });

    it("a reset on a kept-alive connection is retried once on a fresh one", async () => {
      const client = tokenClient();
      await client.get("info.firmware");
      handle.sim.control.injectFault({ kind: "reset", count: 1 });
      assert.ok(await client.get("status.wan.connection"));
      assert.equal(requestsTo(handle.sim, "status.wan.connection"), 2);
    });

    it("repeated resets → PeplinkTransportError reason reset", async () => {
      const client = tokenClient();
      await client.get("info.firmware");
      handle.sim.control.injectFault({ kind: "reset", count: 2 });
      const err = await rejects(client.get("status.wan.connection"), PeplinkTransportError);
      assert.equal(err.reason, "reset");
    });

    describe("commands are never sent twice", () => {
      const SMS = { address: "+85235984335", content: "once only" };

      it("acted, then reset on a reused connection: outcome unknown, not repeated (one SMS)", async () => {
        const client = tokenClient();
        await client.get("info.firmware");
        handle.sim.control.clearLog();
        handle.sim.control.injectFault({ kind: "act-then-reset", endpoint: "cmd.sms.sendMessage" });
        const err = await rejects(client.post("cmd.sms.sendMessage", SMS), PeplinkOutcomeUnknownError);
        assert.equal(err.reason, "reset");
        assert.equal(err.code, "OUTCOME_UNKNOWN");
        assert.match(
          err.message,
          /^cmd\.sms\.sendMessage: outcome unknown: the connection to 127\.0\.0\.1:\d+ broke after the request was sent .* not sent again/,
        );
        assert.equal(requestsTo(handle.sim, "cmd.sms.sendMessage"), 1);
        assert.equal(handle.sim.control.sentSms().length, 1, "the router sent it once");
      });

      it("reset before acting: outcome unknown too (the client cannot tell), still sent once", async () => {
        const client = tokenClient();
        await client.get("info.firmware");
        handle.sim.control.clearLog();
        handle.sim.control.injectFault({ kind: "reset", endpoint: "cmd.sms.sendMessage" });
        await rejects(client.post("cmd.sms.sendMessage", SMS), PeplinkOutcomeUnknownError);
        assert.equal(requestsTo(handle.sim, "cmd.sms.sendMessage"), 1);
        assert.equal(handle.sim.control.sentSms().length, 0);
      });

      it("a GET reset on a reused connection is sent once more and answers (safe to repeat)", async () => {
        const client = tokenClient();
        await client.get("info.firmware");
        handle.sim.control.clearLog();
        handle.sim.control.injectFault({ kind: "act-then-reset", endpoint: "status.wan.connection" });
        assert.ok(await client.get("status.wan.connection"));
        assert.equal(requestsTo(handle.sim, "status.wan.connection"), 2);
      });

      it("a command does not use a keep-alive connection idle for over 2 s: a fresh one, nothing written to the old", async () => {
        const client = tokenClient();
        await client.get("info.firmware");
        const warm = handle.sim.control.log().at(-1)!.connection;
        await new Promise((r) => setTimeout(r, 2_300));
        handle.sim.control.clearLog();
        await client.post("cmd.sms.sendMessage", SMS);
        const [sms] = handle.sim.control.log();
        assert.equal(sms?.endpoint, "cmd.sms.sendMessage");
        assert.notEqual(sms.connection, warm, "sent on a fresh connection");
        assert.equal(handle.sim.control.log().length, 1, "one request: the retired connection carried nothing");
        assert.equal(handle.sim.control.sentSms().length, 1);
        // A read after the same idle time keeps using the pooled connection.
        await new Promise((r) => setTimeout(r, 2_300));
        await client.get("info.firmware");
        assert.equal(handle.sim.control.log().at(-1)!.connection, sms.connection, "a GET reuses the idle connection");
      });
    });

    it("connection refused → PeplinkTransportError reason refused", async () => {
      const sim = await startSimulator();
      const port = sim.port;
      const fingerprint = sim.fingerprint!;
      await sim.close();
      const client = track(
        new PeplinkClient({
          host: "127.0.0.1",
          port,
          tls: { mode: "pin", fingerprint },
          auth: { mode: "client", clientId: "a", clientSecret: "b" },
        }),
      );
      const err = await rejects(client.get("info.firmware"), PeplinkTransportError);
      assert.equal(err.reason, "refused");
      assert.match(err.message, /^auth\.token\.grant: connection refused/);
    });

    it("slow answers within the timeout succeed", async () => {
      const client = tokenClient({ timeoutMs: 2_000 });
      await client.get("info.firmware");
      handle.sim.control.injectFault({ kind: "latency", latencyMs: 300, count: 3 });
      const results = await Promise.all([client.get("info.firmware"), client.get("info.firmware"), client.get("info.firmware")]);
      assert.equal(results.length, 3);
    });

    it("a fail answer → PeplinkApiError with endpoint, code and device message", async () => {
      const client = tokenClient();
      const err = await rejects(client.post("cmd.sms.sendMessage", { address: "0123", content: "x" }), PeplinkApiError);
      assert.equal(err.endpoint, "cmd.sms.sendMessage");
      assert.equal(typeof err.code, "number");
      assert.ok(err.deviceMessage.length > 0);
      assert.equal(err.message, `cmd.sms.sendMessage: ${err.deviceMessage} (code ${err.code})`);
    });

    it("an unknown endpoint → the device's fail answer", async () => {
      const client = tokenClient();
      const err = await rejects(client.call("GET", "status.nothing.here"), PeplinkApiError);
      assert.match(err.deviceMessage, /unsupported/i);
    });
  });

  describe("queue, input and close", () => {
    it("never has more requests in flight than maxConcurrent", async () => {
      const client = tokenClient({ maxConcurrent: 2 });
      await client.get("info.firmware");
      handle.sim.control.clearLog();
      handle.sim.control.injectFault({ kind: "latency", latencyMs: 50, count: 20 });
      await Promise.all(Array.from({ length: 20 }, () => client.get("status.wan.connection")));
      assert.equal(handle.sim.control.counters().inFlightPeak, 2);
      assert.equal(client.stats().peakInFlight, 2);
    });

    it("calls that coincide share one keep-alive connection: one TLS connection for the first calls of a client and later pairs", async () => {
      const client = tokenClient({ maxConcurrent: 2 });
      // All due at once before the client has a token: one grant, then one at a time on its connection.
      await Promise.all([
        client.get("status.wan.connection"),
        client.get("info.location"),
        client.get("info.firmware"),
        client.get("cmd.ap"),
      ]);
      await Promise.all([client.get("status.wan.connection"), client.get("info.location")]);
      const counters = handle.sim.control.counters();
      assert.equal(counters.grants, 1);
      assert.equal(counters.tlsHandshakes, 1, `TLS connections: ${counters.tlsHandshakes}`);
      assert.equal(new Set(handle.sim.control.log().map((e) => e.connection)).size, 1);
      assert.equal(counters.inFlightPeak, 1, "the calls took turns");
    });

    it("a call behind a hung one does not wait for its timeout: it opens a second connection", async () => {
      const client = tokenClient({ maxConcurrent: 2, timeoutMs: 20_000 });
      await client.get("info.firmware");
      handle.sim.control.injectFault({ kind: "hang", count: 1, endpoint: "status.wan.connection" });
      let hungSettled = false;
      const hung = client.get("status.wan.connection").finally(() => (hungSettled = true));
      hung.catch(() => undefined);
      await client.get("info.location");
      assert.equal(hungSettled, false, "answered while the other call still hangs");
      const log = handle.sim.control.log();
      assert.equal(handle.sim.control.counters().tlsHandshakes, 2);
      assert.notEqual(log.at(-1)!.connection, log[0].connection, "on a second connection");
      await client.close({ logout: false });
      await rejects(hung, PeplinkClosedError);
    });

    it("sends multi-value parameters space-separated and leaves absent ones out", async () => {
      const client = tokenClient();
      const two = await client.get("status.wan.connection", { id: [1, 2] });
      assert.deepEqual(two.order.map(Number), [1, 2]);
    });

    it("refuses bad endpoint names and params before sending", async () => {
      const client = tokenClient();
      await rejects(client.call("GET", "status wan"), PeplinkInputError);
      await rejects(client.call("GET", "../etc/passwd"), PeplinkInputError);
      await rejects(client.call("GET", "login"), PeplinkInputError);
      await rejects(client.call("PUT" as "GET", "status.wan.connection"), PeplinkInputError);
      await rejects(client.get("status.wan.connection", [1] as unknown as object), PeplinkInputError);
      for (const timeoutMs of [Number.NaN, 0, -5, 2 ** 31, 300_001]) {
        const err = await rejects(client.get("status.wan.connection", undefined, { timeoutMs }), PeplinkInputError);
        assert.equal(err.field, "timeoutMs", String(timeoutMs));
      }
      assert.equal(handle.sim.control.log().length, 0);
    });

    it("refuses the endpoints the client owns in any letter case, sending nothing", async () => {
      const client = tokenClient();
      for (const endpoint of ["LOGIN", "Logout", "auth.Token.grant", "AUTH.TOKEN.GRANT"]) {
        const err = await rejects(client.call("POST", endpoint), PeplinkInputError);
        assert.equal(err.field, "endpoint");
        assert.match(err.message, /handled by the client itself/);
      }
      assert.equal(handle.sim.control.log().length, 0);
    });

    it("refuses __proto__, constructor and prototype keys in a POST body, naming the path, before signing in", async () => {
      const client = tokenClient();
      const bodies: Array<[string, object]> = [
        ["params.__proto__", JSON.parse('{"address":"1","content":"x","__proto__":{"admin":true}}') as object],
        ["params.constructor", { address: "1", content: "x", constructor: { prototype: {} } }],
        ["params.list[0].prototype", { list: [{ prototype: 1 }] }],
      ];
      for (const [field, body] of bodies) {
        const err = await rejects(client.call("POST", "cmd.sms.sendMessage", body), PeplinkInputError);
        assert.equal(err.field, field);
        assert.match(err.message, /reserved name/);
      }
      assert.equal(handle.sim.control.log().length, 0, "nothing sent, not even a token grant");
    });

    it("one deadline per call: time in the queue counts, later callers fail with a timeout instead of waiting", async () => {
      const client = tokenClient({ maxConcurrent: 2, timeoutMs: 1_000 });
      await client.get("info.firmware");
      handle.sim.control.clearLog();
      handle.sim.control.injectFault({ kind: "latency", latencyMs: 400, count: 50 });
      const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => client.get("status.wan.connection")));
      const ok = outcomes.filter((o) => o.status === "fulfilled").length;
      const failed = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as Error] : []));
      // 2 in flight × (1000 ms / 400 ms) rounds: at most 6 get their answer within the deadline.
      assert.ok(ok >= 2 && ok <= 6, `answered within the deadline: ${ok}`);
      assert.equal(ok + failed.length, 20);
      for (const err of failed) {
        assert.ok(err instanceof PeplinkTransportError && err.reason === "timeout", String(err));
      }
      assert.ok(
        failed.some((err) =>
          /not sent: no free slot .* within the 1000 ms timeout \(waited in the request queue behind \d+ other call/.test(err.message),
        ),
        failed.map(String).join("\n"),
      );
      assert.ok(requestsTo(handle.sim, "status.wan.connection") < 20, "calls that timed out in the queue were never sent");
      assert.equal(client.stats().queued, 0, "nothing left waiting");
    });

    it("a full queue refuses the next call at once with a clear error and the count", async () => {
      const client = tokenClient({ maxConcurrent: 1, maxQueued: 3, timeoutMs: 5_000 });
      await client.get("info.firmware");
      handle.sim.control.clearLog();
      handle.sim.control.injectFault({ kind: "latency", latencyMs: 200, count: 10 });
      const calls = Array.from({ length: 6 }, () => client.get("status.wan.connection"));
      const outcomes = await Promise.allSettled(calls);
      const full = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as Error] : []));
      assert.equal(outcomes.filter((o) => o.status === "fulfilled").length, 4, "1 in flight + 3 waiting");
      assert.equal(full.length, 2);
      for (const err of full) {
        assert.ok(err instanceof PeplinkQueueFullError, String(err));
        assert.equal(err.reason, "queue-full");
        assert.equal(err.waiting, 3);
        assert.match(
          err.message,
          /^status\.wan\.connection: not sent: the request queue of 127\.0\.0\.1:\d+ is full \(3 waiting, 1 in flight\)/,
        );
      }
      assert.equal(requestsTo(handle.sim, "status.wan.connection"), 4);
      assert.equal(client.stats().queueFull, 2);
    });

    it("a call aborted while its sign-in hangs ends at once as aborted, not at its timeout", async () => {
      const client = tokenClient({ timeoutMs: 15_000 });
      handle.sim.control.injectFault({ kind: "hang", count: 1, endpoint: "auth.token.grant" });
      const abort = new AbortController();
      const call = rejects(client.get("status.wan.connection", undefined, { signal: abort.signal }), PeplinkTransportError);
      while (handle.sim.control.counters().grants === 0) await new Promise((r) => setTimeout(r, 10));
      abort.abort();
      const err = await call;
      assert.equal(err.reason, "aborted", err.message);
      assert.equal(requestsTo(handle.sim, "status.wan.connection"), 0, "nothing sent for it");
      await client.close({ logout: false });
    });

    it("close() aborts calls in flight and queued, revokes the token, and later calls fail fast", async () => {
      const client = tokenClient({ maxConcurrent: 1, timeoutMs: 5_000 });
      await client.get("info.firmware");
      handle.sim.control.injectFault({ kind: "hang", count: 1 });
      // Handlers are attached at once: the rejections must not count as unhandled.
      const inFlight = rejects(client.get("status.wan.connection"), PeplinkClosedError);
      const queued = rejects(client.get("status.wan.connection"), PeplinkClosedError);
      await new Promise((r) => setTimeout(r, 100));
      await client.close();
      await inFlight;
      await queued;
      await rejects(client.get("info.firmware"), PeplinkClosedError);
      assert.equal(requestsTo(handle.sim, "auth.token.revoke"), 1, "the token was revoked on close");
      assert.equal(client.state.state, "closed");
    });

    it("close() logs a session out", async () => {
      const client = track(clientFor(handle.sim, { mode: "login", username: "admin", password: "admin" }));
      await client.get("info.firmware");
      await client.close();
      assert.equal(handle.sim.control.counters().logouts, 1);
    });
  });

  describe("secrets", () => {
    it("never shows the secret or the access token in errors, inspect output or state", async () => {
      const secret = "S3CRET-MARKER-0001";
      const bad = track(clientFor(handle.sim, { mode: "client", clientId: "id-x", clientSecret: secret }));
      const err = await rejects(bad.get("info.firmware"), PeplinkAuthError);
      const client = tokenClient();
      await client.get("info.firmware");
      const grantLog = handle.sim.control.log();
      assert.ok(grantLog.length > 0);
      const token = handle.sim.control.issuedSecrets().at(-1)!;
      const { clientSecret } = handle.sim.control.createClient({ name: "y", scope: "api" });
      for (const text of [
        err.message,
        JSON.stringify(err),
        util.inspect(err, { depth: 5 }),
        util.inspect(client, { depth: 5 }),
        util.inspect(bad, { depth: 5 }),
        JSON.stringify(client.state),
        JSON.stringify(client.stats()),
      ]) {
        assert.ok(!text.includes(secret), "client secret leaked");
        assert.ok(!text.includes(token), "access token leaked");
        assert.ok(!text.includes(clientSecret));
      }
    });
  });
});
