import * as assert from "node:assert/strict";
import { startSimulator, type Simulator } from "../../dist/simulator";
import { ApiClient, eventually, type AnyJson } from "./helpers";

async function wan(c: ApiClient, id: number): Promise<AnyJson> {
  return (await c.get("status.wan.connection", { id })).response[String(id)];
}

describe("simulator device behaviour", () => {
  let sim: Simulator;
  let c: ApiClient;

  async function restart(options: Parameters<typeof startSimulator>[0] = {}): Promise<void> {
    c?.destroy();
    await sim?.close();
    sim = await startSimulator(options);
    c = new ApiClient(sim);
    await c.login();
  }

  afterEach(async () => {
    c?.destroy();
    await sim?.close();
  });

  describe("Wi-Fi WAN", () => {
    it("shows the outcome only after the connect delay, with a newer timestamp", async () => {
      await restart({ wifiConnectDelayMs: 60000 });
      const before = (await c.get("cmd.wifi.result", { connId: 3 })).response;
      const requestSecond = Math.floor(Date.now() / 1000);
      assert.deepEqual(
        await c.post("cmd.wifi.connect", { connId: 3, ssid: "Office WPA2", securityPolicy: "wpa-psk", key: "office-secret-42" }),
        { stat: "ok" },
      );
      assert.deepEqual((await c.get("cmd.wifi.result", { connId: 3 })).response, before, "still the previous result");
      assert.equal((await wan(c, 3)).message, "Connecting...");
      const scan = (await c.get("cmd.wifi.scan", { connId: 3, infoType: "status" })).response as AnyJson[];
      assert.deepEqual(scan.find((n) => n.ssid === "Office WPA2").status, { inUse: true, connected: false });

      await restart({ wifiConnectDelayMs: 100 });
      await c.post("cmd.wifi.connect", { connId: 3, ssid: "Office WPA2", securityPolicy: "wpa-psk", key: "office-secret-42" });
      const result = await eventually(async () => {
        const r = (await c.get("cmd.wifi.result", { connId: 3 })).response;
        assert.equal(r.result, "CONNECTED");
        return r;
      });
      assert.ok(result.timestamp > requestSecond, "the result is newer than the request");
      assert.equal(result.ssid, "Office WPA2");
      assert.equal(result.bssid, "02:50:43:00:00:02");
      assert.equal(result.message, "connected to Office WPA2 (02:50:43:00:00:02)");
      const w = await wan(c, 3);
      assert.equal(w.message, "Connected");
      assert.equal(w.statusLed, "green");
      assert.equal(w.wireless.ssid, "Office WPA2");
      const signal = (await c.get("status.wan.connection.signal", { connId: 3 })).response["3"];
      assert.deepEqual(signal.wifi, { ssid: "Office WPA2", securityPolicy: "wpa-psk" });
      // The successful connect saved a profile: connecting again needs no key.
      const scan2 = (await c.get("cmd.wifi.scan", { connId: 3, infoType: "config status" })).response as AnyJson[];
      const office = scan2.find((n) => n.ssid === "Office WPA2");
      assert.ok(office.config.profileId > 1);
      assert.deepEqual(office.status, { inUse: true, connected: true });

      assert.deepEqual(await c.post("cmd.wifi.disconnect", { connId: 3, ssid: "Office WPA2" }), { stat: "ok" });
      assert.equal((await wan(c, 3)).message, "Disconnected");
    });

    for (const [name, body, expected] of [
      ["an unknown SSID", { ssid: "Nowhere", securityPolicy: "open" }, "AP_NOT_FOUND"],
      ["a wrong key", { ssid: "Office WPA2", securityPolicy: "wpa-psk", key: "not-the-key" }, "PSK_AUTH_FAIL"],
      ["wrong EAP credentials", { ssid: "Campus EAP", securityPolicy: "wpa-eap", loginId: "student", password: "nope" }, "EAP_AUTH_FAIL"],
      ["an out-of-range network", { ssid: "Far Away Wi-Fi", securityPolicy: "wpa-psk", key: "far-away-key" }, "TIMEOUT"],
      ["the wrong security policy", { ssid: "Cafe Guest", securityPolicy: "wpa-psk", key: "whatever-key" }, "UNKNOWN_FAIL"],
      ["an open network", { ssid: "Cafe Guest", securityPolicy: "open" }, "CONNECTED"],
      ["a WEP network with its key", { ssid: "Legacy WEP", securityPolicy: "wep", key: "12345" }, "CONNECTED"],
      [
        "the right EAP credentials",
        { ssid: "Campus EAP", securityPolicy: "wpa-eap", loginId: "student", password: "campus-pass" },
        "CONNECTED",
      ],
      ["a saved profile", { ssid: "Depot Wi-Fi" }, "CONNECTED"],
    ] as const) {
      it(`connecting with ${name} ends in ${expected}`, async () => {
        await restart({ wifiConnectDelayMs: 20 });
        await c.post("cmd.wifi.connect", { connId: 3, ...body });
        const r = await eventually(async () => {
          const res = (await c.get("cmd.wifi.result", { connId: 3 })).response;
          assert.equal(res.ssid, body.ssid);
          // The initial result is an hour old; a recent timestamp means the outcome of this connect.
          assert.ok(res.timestamp * 1000 > Date.now() - 60000, "the new result");
          return res;
        });
        assert.equal(r.result, expected);
        assert.equal((await wan(c, 3)).message, expected === "CONNECTED" ? "Connected" : "Disconnected");
      });
    }

    it("forget removes the profile and drops the connection using it", async () => {
      await restart({ wifiConnectDelayMs: 10 });
      await c.post("cmd.wifi.connect", { connId: 3, ssid: "Depot Wi-Fi" });
      await eventually(async () => assert.equal((await wan(c, 3)).message, "Connected"));
      assert.deepEqual(await c.post("cmd.wifi.forget", { connId: 3, ssid: "Depot Wi-Fi", securityPolicy: "wpa-psk" }), { stat: "ok" });
      assert.equal((await wan(c, 3)).message, "Disconnected");
      const again = await c.post("cmd.wifi.connect", { connId: 3, ssid: "Depot Wi-Fi" });
      assert.equal(again.stat, "fail", "without the profile the policy and key are needed again");
    });
  });

  describe("pending configuration", () => {
    it("config.wan.connection changes show in config at once and in status only after apply", async () => {
      await restart();
      await c.post("config.wan.connection", { action: "update", list: [{ id: 2, name: "Backup DSL", connection: { priority: 3 } }] });
      const cfg = (await c.get("config.wan.connection", { id: 2 })).response["2"];
      assert.equal(cfg.name, "Backup DSL");
      assert.equal(cfg.connection.priority, 3);
      let status = await wan(c, 2);
      assert.equal(status.name, "WAN 2");
      assert.equal(status.priority, 2);
      assert.deepEqual(await c.post("cmd.config.apply"), { stat: "ok" });
      status = await wan(c, 2);
      assert.equal(status.name, "Backup DSL");
      assert.equal(status.priority, 3);
    });

    it("discard drops pending changes", async () => {
      await restart();
      await c.post("config.wan.connection", { action: "update", list: [{ id: 1, enable: false }] });
      assert.equal((await c.get("config.wan.connection", { id: 1 })).response["1"].enable, false);
      assert.equal((await wan(c, 1)).message, "Connected");
      assert.deepEqual(await c.post("cmd.config.discard"), { stat: "ok" });
      assert.equal((await c.get("config.wan.connection", { id: 1 })).response["1"].enable, true);
      await c.post("cmd.config.apply");
      assert.equal((await wan(c, 1)).message, "Connected");
    });

    it("disabling the primary WAN by config and applying fails over to the standby WANs", async () => {
      await restart();
      await c.post("config.wan.connection.priority", { list: [{ connId: 1, enable: false }] });
      assert.equal((await wan(c, 1)).message, "Connected", "pending until apply");
      await c.post("cmd.config.apply");
      const one = await wan(c, 1);
      assert.equal(one.message, "Disabled");
      assert.ok(!("priority" in one));
      assert.equal((await wan(c, 2)).message, "Connected");
      assert.equal((await wan(c, 4)).message, "Connected to Carrier1");
    });

    it("priority changes with instantActive take effect at once", async () => {
      await restart();
      await c.post("config.wan.connection.priority", {
        instantActive: "true",
        list: [
          { connId: 4, priority: 1 },
          { connId: 1, priority: 2 },
        ],
      });
      const cell = await wan(c, 4);
      assert.equal(cell.priority, 1);
      assert.equal(cell.message, "Connected to Carrier1");
      assert.equal(cell.statusLed, "green");
      assert.equal((await wan(c, 1)).message, "Standby");
    });

    it("SSID profile changes apply to the access point on apply (status.client essid)", async () => {
      await restart();
      await c.post("config.ssid.profile", { action: "update", id: 2, name: "Bus Wi-Fi" });
      assert.equal((await c.get("config.ssid.profile", { id: 2 })).response["2"].name, "Bus Wi-Fi");
      const essids = async (): Promise<string[]> =>
        ((await c.get("status.client", { vlanId: 10 })).response.list as AnyJson[]).map((x) => x.essid as string);
      assert.deepEqual([...new Set(await essids())], ["Passenger Wi-Fi"]);
      await c.post("cmd.config.apply");
      assert.deepEqual([...new Set(await essids())], ["Bus Wi-Fi"]);
    });

    it("GPIO changes are saved config too", async () => {
      await restart();
      await c.post("config.gpio", { list: [{ id: 1, enable: false }] });
      assert.equal(sim.control.state.saved.gpio["1"]?.enable, false);
      assert.equal(sim.control.state.active.gpio["1"]?.enable, true);
      await c.post("cmd.config.apply");
      assert.equal(sim.control.state.active.gpio["1"]?.enable, false);
    });
  });

  describe("cellular", () => {
    it("a carrier scan goes from scanning to done with a list", async () => {
      await restart({ carrierScanDurationMs: 150 });
      const start = await c.post("cmd.carrier.scan", { action: "start", connId: 4 });
      assert.equal(start.response.scanStatus, "scanning");
      const done = await eventually(async () => {
        const r = (await c.get("cmd.carrier.scan", { connId: 4 })).response;
        assert.equal(r.scanStatus, "done");
        return r;
      });
      assert.ok(typeof done.timestamp === "number" && done.timestamp > 0);
      assert.deepEqual(done.list[0], { name: "Carrier1", mobileType: "LTE", mcc: "262", mnc: "02", pcs: 0 });
      assert.equal(done.list.length, 3);
      assert.ok(!("reference" in done), "reference only when asked");
    });

    it("a module reset shows connecting, then the WAN comes back", async () => {
      await restart({ cellularResetDurationMs: 150 });
      await c.post("cmd.cellularModule.reset", { connId: 4 });
      const during = await wan(c, 4);
      assert.equal(during.message, "Connecting...");
      assert.ok(!("ip" in during));
      assert.equal((await c.get("status.wan.connection.signal", { connId: 4 })).response["4"].band, undefined);
      await eventually(async () => assert.equal((await wan(c, 4)).message, "Standby"));
    });

    it("SMS injection: single, long (multipart by length) and explicit parts, per SIM", async () => {
      await restart();
      const single = sim.control.injectSms({ sender: "+4917012345678", content: "Hello" });
      assert.equal(single.length, 1);
      const long = sim.control.injectSms({ sender: "+4917099999999", content: "a".repeat(400) });
      assert.equal(long.length, 3, "400 GSM characters are 3 parts of 153");
      const parts = sim.control.injectSms({ sender: "Bank", content: "Your code is 1234. Do not share it.", parts: 2 });
      assert.equal(parts.length, 2);
      const inbox = (await c.get("cmd.sms.get", { connId: 4 })).response.sms as AnyJson[];
      const bank = inbox.find((s) => s.sender === "Bank");
      assert.deepEqual(
        bank.message.map((m: AnyJson) => m.id),
        parts,
      );
      assert.equal(bank.message.map((m: AnyJson) => m.message).join(""), "Your code is 1234. Do not share it.");
      assert.equal(bank.message[0].timestamp, bank.message[1].timestamp);
      const longGroup = inbox.find((s) => s.sender === "+4917099999999");
      assert.deepEqual(
        longGroup.message.map((m: AnyJson) => m.length),
        ["153", "153", "94"],
      );
      // SIM B has its own inbox, seen once SIM B is the active SIM.
      sim.control.injectSms({ sender: "+4917011111111", content: "to SIM B", simId: 2 });
      await c.post("cmd.wan.cellular", { connId: 4, preferredSim: 2 });
      const simB = (await c.get("cmd.sms.get", { connId: 4 })).response;
      assert.equal(simB.simId, 2);
      assert.deepEqual(
        simB.sms.map((s: AnyJson) => s.sender),
        ["+4917011111111"],
      );
    });
  });

  describe("WAN state and failover", () => {
    it("setWanState derives message, LED, uptime, ip and enable", async () => {
      await restart();
      sim.control.setWanState(4, "connected", { uptimeSec: 120 });
      let w = await wan(c, 4);
      assert.equal(w.message, "Connected to Carrier1");
      assert.equal(w.statusLed, "green");
      assert.ok(w.uptime >= 120);
      sim.control.setWanState(4, "standby");
      w = await wan(c, 4);
      assert.deepEqual([w.enable, w.statusLed, w.message, w.uptime, typeof w.ip], [true, "yellow", "Standby", 0, "string"]);
      sim.control.setWanState(2, "disconnected");
      w = await wan(c, 2);
      assert.deepEqual([w.message, w.statusLed, "ip" in w], ["No Cable Detected", "red", false]);
      sim.control.setWanState(4, "disconnected");
      assert.equal((await wan(c, 4)).message, "Disconnected");
      sim.control.setWanState(2, "disabled");
      w = await wan(c, 2);
      assert.deepEqual([w.enable, w.message, w.statusLed, "priority" in w], [false, "Disabled", "gray", false]);
      sim.control.setWanState(2, "connecting");
      w = await wan(c, 2);
      assert.deepEqual([w.enable, w.message, w.statusLed], [true, "Connecting...", "flash"]);
      sim.control.setWanState(1, "connected", { message: "Connected (custom)", ip: "192.0.2.99" });
      w = await wan(c, 1);
      assert.deepEqual([w.message, w.ip], ["Connected (custom)", "192.0.2.99"]);
    });

    it("standby WANs take over when the primary goes down and step back when it returns", async () => {
      await restart();
      sim.control.setWanState(1, "disconnected");
      assert.equal((await wan(c, 2)).message, "Connected");
      assert.equal((await wan(c, 4)).message, "Connected to Carrier1");
      sim.control.setWanState(1, "connected");
      assert.equal((await wan(c, 2)).message, "Standby");
      assert.equal((await wan(c, 4)).message, "Standby");
      // PepVPN follows: with every WAN down the tunnel falls back to START.
      for (const id of [1, 2, 4]) sim.control.setWanState(id, "disconnected");
      const peer = (await c.get("status.pepvpn", { infoType: "peer" })).response.peer[0];
      assert.equal(peer.status, "START");
    });

    it("autoFailover:false leaves other WANs alone", async () => {
      await restart({ autoFailover: false });
      sim.control.setWanState(1, "disconnected");
      assert.equal((await wan(c, 2)).message, "Standby");
    });
  });

  describe("firmware styles", () => {
    it("firmware before 8.0.1 reports cellular WANs as gobi and uses the older field names", async () => {
      await restart({ firmware: "7.1.1 build 3000" });
      const w = await wan(c, 4);
      assert.equal(w.type, "gobi");
      assert.ok("gobi" in w && !("cellular" in w));
      assert.ok(Array.isArray(w.gobi.band));
      assert.equal(w.mode, "NAT");
      const scan = (await c.get("cmd.wifi.scan", { connId: 3 })).response as AnyJson[];
      assert.ok("signal" in scan[0] && !("signalStrength" in scan[0]));
      const inactive = ((await c.get("status.client")).response.list as AnyJson[]).find((x) => x.active === false);
      assert.equal(inactive.connectionType, "ethernet");
      const fw = (await c.get("info.firmware")).response;
      assert.equal(fw["2"].version, "7.1.1 build 3000");
    });
  });

  it("reset() returns to the initial device and drops sessions", async () => {
    await restart();
    await c.post("cmd.ap", { enable: false });
    sim.control.setWanState(1, "disconnected");
    sim.control.injectFault({ kind: "http500", count: Infinity });
    sim.control.reset();
    assert.equal(sim.control.log().length, 0);
    assert.equal(sim.control.counters().requests, 0);
    assert.deepEqual(await c.get("cmd.ap"), { stat: "fail", code: 401, message: "Unauthorized" });
    await c.login();
    assert.equal((await c.get("cmd.ap")).response.enable, true);
    assert.equal((await wan(c, 1)).message, "Connected");
  });
});
