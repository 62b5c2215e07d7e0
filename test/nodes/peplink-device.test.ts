/**
 * peplink-device inside Node-RED: shared client, status propagation, shared
 * pollers, close/logout, and the editor's admin endpoints.
 */
import * as assert from "node:assert/strict";
import { apiClient, collect, device, deviceModule, flow, helper, nodeModule, statusMatching } from "../helpers/node-red";
import { Catcher } from "../helpers/catcher";
import { requestsTo, useSimulator } from "../helpers/simulator";
import type { PeplinkDeviceNode } from "../../dist/nodes/shared/device-node";

const apiModule = nodeModule("peplink-api");

describe("peplink-device config node", function () {
  const handle = useSimulator();
  afterEach(async () => {
    await helper.unload();
  });

  it("shares one client: two nodes, many messages, one token grant", async () => {
    const dev = device(handle.sim, apiClient(handle.sim));
    await helper.load(
      [deviceModule, apiModule],
      flow(
        [
          { id: "a", type: "peplink-api", device: "dev1", method: "GET", endpoint: "info.firmware", wires: [["out"]] },
          { id: "b", type: "peplink-api", device: "dev1", method: "GET", endpoint: "cmd.ap", wires: [["out"]] },
        ],
        dev,
      ),
      dev.credentials,
    );
    const got = collect(helper.getNode("out"), 20);
    for (let i = 0; i < 10; i++) {
      helper.getNode("a").receive({});
      helper.getNode("b").receive({});
    }
    await got;
    assert.equal(handle.sim.control.counters().grants, 1);
  });

  it("shows the device's state in the status of its users (auth failed, then connected)", async () => {
    const dev = device(handle.sim, { clientId: "wrong", clientSecret: "wrong" });
    await helper.load(
      [deviceModule, apiModule],
      flow([{ id: "a", type: "peplink-api", device: "dev1", method: "GET", endpoint: "info.firmware", wires: [["out"]] }], dev),
      dev.credentials,
    );
    const failed = statusMatching(helper.getNode("a"), (s) => s.text === "auth failed");
    const caught = collect(helper.getNode("caught"), 1);
    helper.getNode("a").receive({});
    await failed;
    const [err] = await caught;
    assert.match((err.error as { message: string }).message, /authentication failed/);
    assert.doesNotMatch((err.error as { message: string }).message, /wrong/);
  });

  it("flags unusable settings on the node that uses them, without sending anything", async () => {
    const dev = device(handle.sim, {}, { authMode: "client" });
    await helper.load(
      [deviceModule, apiModule],
      flow([{ id: "a", type: "peplink-api", device: "dev1", method: "GET", endpoint: "info.firmware", wires: [["out"]] }], dev),
      dev.credentials,
    );
    const caught = collect(helper.getNode("caught"), 1);
    helper.getNode("a").receive({});
    const [err] = await caught;
    assert.match((err.error as { message: string }).message, /clientId: is required/);
    assert.equal(handle.sim.control.log().length, 0);
  });

  it("runs one request per tick for identical polls from several subscribers (shared pollers)", async () => {
    const dev = device(handle.sim, apiClient(handle.sim));
    await helper.load([deviceModule], [dev.node], dev.credentials);
    const node = helper.getNode("dev1") as unknown as PeplinkDeviceNode;
    const seen: number[] = [0, 0, 0];
    const stops = [0, 1, 2].map((i) =>
      node.poll({ method: "GET", endpoint: "status.wan.connection", params: { id: [1, 2] }, intervalMs: 200 }, (o) => {
        if (o.ok) seen[i]++;
      }),
    );
    // Same endpoint, params in another key order: still the same poller.
    const stopOther = node.poll(
      { method: "GET", endpoint: "status.wan.connection", params: { id: [1, 2] }, intervalMs: 200 },
      () => undefined,
    );
    await new Promise((r) => setTimeout(r, 1_050));
    stops.forEach((s) => s());
    stopOther();
    const requests = requestsTo(handle.sim, "status.wan.connection");
    assert.ok(
      seen.every((n) => n >= 4),
      `every subscriber got every tick: ${seen.join(",")}`,
    );
    assert.equal(requests, seen[0], "one request per tick, not one per subscriber");
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(requestsTo(handle.sim, "status.wan.connection"), requests, "no polling once everyone unsubscribed");
  });

  it("logs the session out when closed", async () => {
    const dev = device(handle.sim, { username: "admin", password: "admin" });
    await helper.load(
      [deviceModule, apiModule],
      flow([{ id: "a", type: "peplink-api", device: "dev1", method: "GET", endpoint: "info.firmware", wires: [["out"]] }], dev),
      dev.credentials,
    );
    const got = collect(helper.getNode("out"), 1);
    helper.getNode("a").receive({});
    await got;
    await helper.unload();
    assert.equal(handle.sim.control.counters().logouts, 1);
  });

  describe("admin endpoints", () => {
    let deployedClientId = "";
    beforeEach(async () => {
      const dev = device(handle.sim, apiClient(handle.sim));
      deployedClientId = dev.credentials.dev1.clientId!;
      await helper.load([deviceModule], [dev.node], dev.credentials);
    });

    function settings(extra: Record<string, unknown> = {}): Record<string, unknown> {
      return {
        host: handle.sim.host,
        port: String(handle.sim.port),
        protocol: "https",
        trust: "pin",
        fingerprint: handle.sim.fingerprint,
        authMode: "client",
        ...extra,
      };
    }

    it("test connection on unsaved settings answers firmware, access and fingerprint", async () => {
      const { clientId, clientSecret } = apiClient(handle.sim);
      const res = await helper
        .request()
        .post("/peplink/device/test")
        .send({ settings: settings(), credentials: { clientId, clientSecret } });
      const body = res.body as Record<string, unknown>;
      assert.equal(body.ok, true, JSON.stringify(body));
      assert.match(String(body.firmware), /build/);
      assert.equal(body.readOnly, false);
      assert.equal((body.certificate as { fingerprint: string }).fingerprint, handle.sim.fingerprint);
      assert.equal(body.pinned, true);
    });

    it("test connection without a pin shows the certificate and sends no credentials", async () => {
      const res = await helper
        .request()
        .post("/peplink/device/test")
        .send({ settings: settings({ fingerprint: "" }), credentials: { clientId: "x", clientSecret: "y" } });
      const body = res.body as Record<string, unknown>;
      assert.equal(body.ok, false);
      assert.equal(body.stage, "certificate");
      assert.equal((body.certificate as { fingerprint: string }).fingerprint, handle.sim.fingerprint);
      assert.equal(handle.sim.control.log().length, 0);
    });

    it("test connection uses the deployed credentials for __PWRD__", async () => {
      const res = await helper
        .request()
        .post("/peplink/device/test")
        .send({ id: "dev1", settings: settings(), credentials: { clientId: deployedClientId, clientSecret: "__PWRD__" } });
      assert.equal((res.body as { ok: boolean }).ok, true, JSON.stringify(res.body));
    });

    describe("stored credentials go nowhere but the deployed target", () => {
      // The other hosts: the same port on another loopback address, and another port on this one.
      let otherHost: Catcher;
      let otherPort: Catcher;
      before(async () => {
        otherHost = await new Catcher("127.0.0.2").start(handle.sim.port);
        otherPort = await new Catcher("127.0.0.1").start();
      });
      after(async () => {
        await otherHost.stop();
        await otherPort.stop();
      });
      beforeEach(() => {
        otherHost.reset();
        otherPort.reset();
        handle.sim.control.clearLog();
      });

      const changed: Array<[string, () => Record<string, unknown>, string]> = [
        ["another host", () => settings({ host: "127.0.0.2" }), "clientSecret"],
        ["another port", () => settings({ port: String(otherPort.port) }), "clientSecret"],
        ["http instead of https", () => settings({ protocol: "http", port: String(otherPort.port) }), "clientSecret"],
        ["TLS trust insecure", () => settings({ trust: "insecure" }), "clientSecret"],
        ["TLS trust verify", () => settings({ trust: "verify" }), "clientSecret"],
        ["another pinned fingerprint", () => settings({ fingerprint: "AA:".repeat(31) + "AA" }), "clientSecret"],
      ];
      for (const [what, changedSettings, field] of changed) {
        for (const route of ["test", "wans"] as const) {
          it(`${route}: ${what} with the "unchanged" marker is refused, naming ${field}; nothing is sent anywhere`, async () => {
            const res = await helper
              .request()
              .post(`/peplink/device/${route}`)
              .send({
                id: "dev1",
                settings: { ...changedSettings(), timeout: "1" },
                credentials: { clientId: deployedClientId, clientSecret: "__PWRD__" },
              });
            assert.equal(res.status, 400, JSON.stringify(res.body));
            assert.equal((res.body as { field: string }).field, field);
            assert.match((res.body as { error: string }).error, /stored only for the deployed device/);
            assert.equal(otherHost.connections + otherPort.connections, 0, "no connection to another host");
            assert.equal(handle.sim.control.log().length, 0, "no request to the deployed router either");
          });
        }
      }

      it("create-client: a login password marker is refused for another host", async () => {
        const res = await helper
          .request()
          .post("/peplink/device/create-client")
          .send({
            id: "dev1",
            settings: settings({ host: "127.0.0.2", timeout: "1" }),
            credentials: { username: "admin", password: "__PWRD__" },
            name: "x",
            scope: "api",
          });
        assert.equal(res.status, 400, JSON.stringify(res.body));
        assert.equal((res.body as { field: string }).field, "password");
        assert.equal(otherHost.connections, 0);
      });

      it("the auth mode is part of the target: a client device's id does not lend a login password", async () => {
        const res = await helper
          .request()
          .post("/peplink/device/test")
          .send({ id: "dev1", settings: settings({ authMode: "login" }), credentials: { username: "admin", password: "__PWRD__" } });
        assert.equal(res.status, 400, JSON.stringify(res.body));
        assert.equal((res.body as { field: string }).field, "password");
        assert.equal(handle.sim.control.log().length, 0);
      });

      it("an absent secret is not filled in from the deployed node (only the explicit marker is)", async () => {
        const res = await helper
          .request()
          .post("/peplink/device/test")
          .send({ id: "dev1", settings: settings(), credentials: { clientId: deployedClientId } });
        const body = res.body as { ok?: boolean; field?: string };
        assert.notEqual(body.ok, true, JSON.stringify(body));
        assert.equal(body.field, "clientSecret");
        assert.equal(handle.sim.control.log().length, 0);
      });

      it("control: a secret typed in for another host does reach it (the catcher sees clients)", async () => {
        const res = await helper
          .request()
          .post("/peplink/device/test")
          .send({
            settings: settings({ host: "127.0.0.2", trust: "insecure", timeout: "1" }),
            credentials: { clientId: "typed-id", clientSecret: "typed-secret" },
          });
        assert.equal((res.body as { ok: boolean }).ok, false, JSON.stringify(res.body));
        assert.equal(otherHost.connections, 1);
      });
    });

    it("test connection reports a wrong password readably, without echoing it", async () => {
      const res = await helper
        .request()
        .post("/peplink/device/test")
        .send({ settings: settings({ authMode: "login" }), credentials: { username: "admin", password: "bad-pass-marker" } });
      const body = res.body as Record<string, unknown>;
      assert.equal(body.ok, false);
      assert.equal(body.stage, "authentication");
      assert.match(String(body.error), /authentication failed/);
      assert.doesNotMatch(JSON.stringify(body), /bad-pass-marker/);
    });

    it("creates an API client from an admin login", async () => {
      const res = await helper
        .request()
        .post("/peplink/device/create-client")
        .send({ settings: settings(), credentials: { username: "admin", password: "admin" }, name: "Node-RED", scope: "api.read-only" });
      const body = res.body as Record<string, string>;
      assert.equal(res.status, 200, JSON.stringify(body));
      assert.match(body.clientId, /^[0-9a-f]{16,}$/);
      assert.equal(body.scope, "api.read-only");
      const test = await helper
        .request()
        .post("/peplink/device/test")
        .send({ settings: settings(), credentials: { clientId: body.clientId, clientSecret: body.clientSecret } });
      assert.equal((test.body as { readOnly: boolean }).readOnly, true);
    });

    it("refuses to create a client with bad input, naming the field", async () => {
      const res = await helper
        .request()
        .post("/peplink/device/create-client")
        .send({ settings: settings(), credentials: { username: "admin", password: "admin" }, name: "", scope: "api" });
      assert.equal(res.status, 400);
      assert.equal((res.body as { field: string }).field, "name");
    });

    it("lists WAN connections of the deployed device", async () => {
      const res = await helper.request().post("/peplink/device/wans").send({ id: "dev1" });
      const wans = (res.body as { wans: Array<{ id: number; type: string; name: string }> }).wans;
      assert.ok(wans.length >= 4, JSON.stringify(res.body));
      assert.ok(wans.some((w) => w.type === "cellular"));
      assert.ok(wans.some((w) => w.type === "wifi"));
    });

    it("serves the endpoint metadata for pickers", async () => {
      const res = await helper.request().get("/peplink/operations");
      assert.equal((res.body as unknown[]).length, 41);
    });
  });
});
