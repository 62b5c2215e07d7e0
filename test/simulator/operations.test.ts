import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { startSimulator, type Simulator } from "../../dist/simulator";
import { ApiClient, type AnyJson } from "./helpers";

const FIXTURES = path.resolve(__dirname, "../../test/fixtures/real");
function fixture(name: string): AnyJson {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8"));
}

/** Every key of `expected` appears in `actual` (ignoring the listed ones). */
function assertHasKeys(actual: AnyJson, expected: AnyJson, ignore: string[] = [], where = "object"): void {
  for (const key of Object.keys(expected)) {
    if (ignore.includes(key)) continue;
    assert.ok(
      actual !== null && typeof actual === "object" && key in actual,
      `${where} lacks ${key} (has ${Object.keys(actual ?? {}).join(", ")})`,
    );
  }
}

/** The 41 operations of the API reference. */
const REFERENCE_OPERATIONS: Array<[string, string]> = [
  ["POST", "login"],
  ["POST", "logout"],
  ["GET", "auth.client"],
  ["POST", "auth.client"],
  ["GET", "auth.client.token"],
  ["POST", "auth.token.grant"],
  ["POST", "auth.token.revoke"],
  ["POST", "cmd.billing.newCycle"],
  ["GET", "cmd.carrier.scan"],
  ["POST", "cmd.carrier.scan"],
  ["POST", "cmd.carrier.select"],
  ["POST", "cmd.config.apply"],
  ["POST", "cmd.config.discard"],
  ["POST", "cmd.sendUssd"],
  ["GET", "cmd.sms.get"],
  ["POST", "cmd.sms.sendMessage"],
  ["GET", "cmd.ap"],
  ["POST", "cmd.ap"],
  ["POST", "cmd.cellularModule.rescanNetwork"],
  ["POST", "cmd.cellularModule.reset"],
  ["GET", "cmd.wan.cellular"],
  ["POST", "cmd.wan.cellular"],
  ["POST", "cmd.wifi.connect"],
  ["POST", "cmd.wifi.disconnect"],
  ["POST", "cmd.wifi.forget"],
  ["GET", "cmd.wifi.result"],
  ["GET", "cmd.wifi.scan"],
  ["POST", "config.gpio"],
  ["GET", "config.ssid.profile"],
  ["POST", "config.ssid.profile"],
  ["GET", "config.wan.connection"],
  ["POST", "config.wan.connection"],
  ["POST", "config.wan.connection.priority"],
  ["GET", "info.firmware"],
  ["GET", "info.location"],
  ["GET", "status.client"],
  ["GET", "status.lan.profile"],
  ["GET", "status.pepvpn"],
  ["GET", "status.wan.connection"],
  ["GET", "status.wan.connection.allowance"],
  ["GET", "status.wan.connection.signal"],
];

describe("simulator operations", () => {
  let sim: Simulator;
  let admin: ApiClient;

  before(async () => {
    sim = await startSimulator({ clients: [{ clientId: "cid", clientSecret: "secret", scope: "api" }] });
  });
  beforeEach(async () => {
    sim.control.reset();
    admin = new ApiClient(sim);
    await admin.login();
  });
  afterEach(() => admin.destroy());
  after(() => sim.close());

  it("knows all 41 operations of the reference (none answers Unsupported request)", async () => {
    assert.equal(REFERENCE_OPERATIONS.length, 41);
    for (const [method, endpoint] of REFERENCE_OPERATIONS) {
      const env = method === "GET" ? await admin.get(endpoint, { connId: 4 }) : await admin.post(endpoint, { connId: 4 });
      assert.notEqual(env.message, "Unsupported request", `${method} ${endpoint}`);
      if (endpoint === "logout") await admin.login();
    }
  });

  it("status.wan.connection has the shape of the real 8.3 capture, with order and non-WAN keys", async () => {
    const env = await admin.get("status.wan.connection");
    assert.equal(env.stat, "ok");
    const r = env.response;
    assert.deepEqual(r.order, [1, 2, 3, 4, 5, 6]);
    for (const key of ["timestamp", "reportTimestamp", "supportGatewayProxy"]) assert.ok(key in r, key);
    const real = fixture("status.wan.connection--mbobakov-1.json").response;
    assertHasKeys(r["1"], real["1"], [], "WAN 1");
    assertHasKeys(r["4"], real["3"], [], "cellular WAN");
    assertHasKeys(r["4"].cellular, real["3"].cellular, ["speedfusionConnect5gLte"], "cellular block");
    assertHasKeys(r["4"].cellular.sim["1"], real["3"].cellular.sim["1"], [], "SIM 1");
    assert.deepEqual(r["4"].cellular.sim.order, [1, 2]);
    assertHasKeys(r["4"].cellular.rat[0].band[0], real["3"].cellular.rat[0].band[0], [], "band");
    assertHasKeys(r["5"], real["5"], [], "USB modem");

    assert.equal(r["1"].type, "ethernet");
    assert.equal(r["1"].message, "Connected");
    assert.equal(r["1"].statusLed, "green");
    assert.ok(r["1"].uptime > 0);
    assert.equal(r["2"].message, "Standby");
    assert.equal(r["2"].priority, 2);
    assert.equal(r["3"].type, "wifi");
    assert.equal(r["4"].type, "cellular");
    assert.equal(r["4"].virtualType, "cellular");
    // A cellular WAN on standby: enabled, with an IP, uptime 0, yellow LED (real MAX BR1 capture).
    assert.equal(r["4"].enable, true);
    assert.equal(r["4"].message, "Standby");
    assert.equal(r["4"].statusLed, "yellow");
    assert.equal(r["4"].uptime, 0);
    assert.match(r["4"].ip, /^\d+\.\d+\.\d+\.\d+$/);
    assert.equal(r["4"].cellular.carrier.name, "Carrier1");
    assert.equal(typeof r["4"].cellular.mcc, "string");
    assert.equal(r["5"].type, "modem");
    assert.equal(r["5"].message, "No Device Detected");
    assert.equal(r["5"].statusLed, "empty");
    assert.equal(r["6"].enable, false);
    assert.equal(r["6"].message, "Disabled");
    assert.equal(r["6"].statusLed, "gray");
    assert.ok(!("priority" in r["6"]), "a disabled WAN has no priority");
    assert.ok(!("status" in r["1"]), "there is no status field");

    const one = await admin.get("status.wan.connection", { id: "1 4" });
    assert.deepEqual(one.response.order, [1, 4]);
    assert.ok(!("2" in one.response));
  });

  it("status.wan.connection lite=yes trims details, except on MAX models (as the reference says)", async () => {
    const maxLite = (await admin.get("status.wan.connection", { id: 1, lite: "yes" })).response["1"];
    assert.ok("dns" in maxLite && "mask" in maxLite, "MAX devices ignore lite");
    const balance = await startSimulator({ model: "Balance 310" });
    try {
      const c = new ApiClient(balance);
      await c.login();
      const lite = (await c.get("status.wan.connection", { id: "1 4", lite: "yes" })).response;
      for (const key of ["dns", "mask", "gateway", "method", "routingMode", "mtu"]) assert.ok(!(key in lite["1"]), key);
      assert.ok("ip" in lite["1"] && "message" in lite["1"]);
      assert.ok(!("imei" in lite["4"].cellular) && !("imsi" in lite["4"].cellular.sim["1"]));
      c.destroy();
    } finally {
      await balance.close();
    }
  });

  it("status.wan.connection.allowance nests per-SIM objects for the cellular WAN", async () => {
    const r = (await admin.get("status.wan.connection.allowance")).response;
    assert.deepEqual(r.order, [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(Object.keys(r["2"]).sort(), ["enable", "limit", "percent", "start", "unit", "usage"]);
    assert.deepEqual(r["4"].order, [1, 2]);
    assert.equal(r["4"]["1"].unit, "MB");
    assert.equal(r["4"]["1"].limit, 10240);
    assert.equal(r["4"]["1"].percent, Math.floor((r["4"]["1"].usage * 100) / 10240));
    const only = (await admin.get("status.wan.connection.allowance", { connId: 4 })).response;
    assert.deepEqual(only.order, [4]);
  });

  it("status.wan.connection.signal: null for ethernet, band signal for cellular, beta notice", async () => {
    const env = await admin.get("status.wan.connection.signal");
    assert.deepEqual(env.notice, { status: "beta" });
    const r = env.response;
    assert.equal(r["1"], null);
    assert.equal(r["4"].virtualType, "cellular");
    assert.deepEqual(r["4"].activeSim, { carrierName: "Carrier1", network: "LTE" });
    assert.deepEqual(Object.keys(r["4"].band[0].signal).sort(), ["rsrp", "rsrq", "rssi", "sinr"]);
    const bandOnly = await admin.get("status.wan.connection.signal", { connId: "4", infoType: "band" });
    assert.deepEqual(Object.keys(bandOnly.response["4"]), ["band"]);
    const cellularOnly = await admin.get("status.wan.connection.signal", { virtualType: "cellular" });
    assert.deepEqual(cellularOnly.response.order, [4]);
  });

  it("status.client: clients with active state, vlanId only when tagged", async () => {
    const list = (await admin.get("status.client")).response.list as AnyJson[];
    assert.ok(list.length >= 4);
    const untagged = list.find((c) => c.name === "Dashcam NVR");
    assert.equal(untagged.connectionType, "ethernet");
    assert.ok(!("vlanId" in untagged), "untagged client has no vlanId key");
    const tagged = list.find((c) => c.name === "Passenger Tablet");
    assert.equal(tagged.vlanId, 10);
    assert.equal(tagged.connectionType, "wireless");
    assert.equal(tagged.essid, "Passenger Wi-Fi");
    const inactive = list.find((c) => c.active === false);
    assert.ok(!("connectionType" in inactive), "inactive clients have no connectionType on 8.3");
    const wireless = (await admin.get("status.client", { connectionType: "wireless", activeOnly: "yes", outputWeight: "full" })).response
      .list as AnyJson[];
    assert.ok(wireless.every((c) => c.connectionType === "wireless" && c.active === true));
    assert.ok(wireless.every((c) => typeof c.signal.strength === "number" && c.speed.unit === "kbps" && c.lease.type === "dhcp"));
    const vlan = (await admin.get("status.client", { vlanId: 10 })).response.list as AnyJson[];
    assert.ok(vlan.length > 0 && vlan.every((c) => c.vlanId === 10));
  });

  it("status.lan.profile is keyed by LAN index from 0", async () => {
    assert.deepEqual((await admin.get("status.lan.profile")).response, {
      "0": { ip: "192.168.50.1", mask: 24 },
      "1": { name: "PASSENGER", ip: "10.10.10.1", vlanId: 10, mask: 24 },
      order: [0, 1],
    });
    assert.deepEqual((await admin.get("status.lan.profile", { id: 1 })).response.order, [1]);
  });

  it("status.pepvpn: profile, peer and tunnel with the beta notice", async () => {
    const env = await admin.get("status.pepvpn", { tunnelOption: "1-1" });
    assert.deepEqual(env.notice, { status: "beta" });
    const r = env.response;
    assert.equal(r.profile.siteId, "999");
    assert.deepEqual(r.profile.order, [1]);
    assert.equal(r.profile["1"].status, "CONNECTED");
    const sfc = r.peer.find((p: AnyJson) => p.peerId === "60000-1");
    const real = fixture("status.pepvpn--sjoerger-peer.json").response.peer[0];
    assert.deepEqual(Object.keys(sfc).sort(), Object.keys(real).sort());
    assert.deepEqual(r.tunnel.order, ["1-1"]);
    assert.equal(r.tunnel["1-1"].wan["1"].state, "ACTIVE");
    assert.deepEqual(r.tunnel["1-1"].wan.order, [1, 2, 3, 4, 5, 6]);
    const peersOnly = await admin.get("status.pepvpn", { infoType: "peer" });
    assert.deepEqual(Object.keys(peersOnly.response), ["peer"]);
    const lite = await admin.get("status.pepvpn", { infoType: "profile", lite: "yes" });
    assert.deepEqual(lite.response.profile["1"], { name: "HQ", master: true });
  });

  it("info.firmware and info.location", async () => {
    const fw = (await admin.get("info.firmware")).response;
    assert.deepEqual(fw.order, [1, 2]);
    assert.deepEqual(fw["2"], { version: "8.3.0 build 5229", bootable: true, inUse: true });
    const loc = await admin.get("info.location");
    assert.equal(loc.response.gps, true);
    assert.deepEqual(Object.keys(loc.response.location).sort(), [
      "altitude",
      "hdop",
      "heading",
      "latitude",
      "longitude",
      "pdop",
      "speed",
      "timestamp",
      "vdop",
    ]);
    sim.control.setLocation({ latitude: 51.5, longitude: -0.12 });
    const moved = (await admin.get("info.location")).response;
    assert.equal(moved.location.latitude, 51.5);
    sim.control.setLocation({ gps: false });
    const stale = (await admin.get("info.location")).response;
    assert.equal(stale.gps, false);
    assert.equal(stale.location.latitude, 51.5, "a lost fix keeps the stale location");
  });

  it("cmd.sms.get: the reference's example inbox, grouped by sender, length as a string", async () => {
    const r = (await admin.get("cmd.sms.get", { connId: 4 })).response;
    assert.equal(r.connId, 4);
    assert.equal(r.simId, 1);
    assert.equal(r.sms[0].sender, "988");
    assert.deepEqual(Object.keys(r.sms[0].message[0]), ["id", "date", "timestamp", "length", "message"]);
    assert.equal(r.sms[0].message[0].length, "50");
    assert.match(r.sms[0].message[0].date, /^Feb 17 13:55$/);
    const multi = r.sms.find((s: AnyJson) => s.sender === "+81325359875");
    assert.deepEqual(
      multi.message.map((m: AnyJson) => m.id),
      [2, 6],
    );
    assert.equal(multi.message[0].timestamp, multi.message[1].timestamp);
  });

  it("cmd.sms.sendMessage records the SMS", async () => {
    assert.deepEqual(await admin.post("cmd.sms.sendMessage", { address: "+85235984335", content: "SMS Content" }), { stat: "ok" });
    const sent = sim.control.sentSms();
    assert.equal(sent.length, 1);
    assert.deepEqual({ ...sent[0], time: 0 }, { address: "+85235984335", content: "SMS Content", connId: 4, simId: 1, time: 0 });
  });

  it("cmd.ap GET and POST; a router without AP answers support:false only", async () => {
    assert.deepEqual((await admin.get("cmd.ap")).response, { support: true, enable: true, wanDependent: false });
    assert.deepEqual((await admin.post("cmd.ap", { enable: false })).response, { support: true, enable: false, wanDependent: false });
    assert.equal((await admin.get("cmd.ap")).response.enable, false);
    const noAp = await startSimulator({ apSupport: false });
    try {
      const c = new ApiClient(noAp);
      await c.login();
      assert.deepEqual((await c.get("cmd.ap")).response, { support: false });
      c.destroy();
    } finally {
      await noAp.close();
    }
  });

  it("cmd.wan.cellular GET/POST, including preferredSim null", async () => {
    assert.deepEqual((await admin.get("cmd.wan.cellular", { connId: 4 })).response, { enabledSim: [1, 2], preferredSim: 1 });
    assert.deepEqual(await admin.post("cmd.wan.cellular", { connId: 4, enabledSim: [1, 2], preferredSim: null }), { stat: "ok" });
    assert.deepEqual((await admin.get("cmd.wan.cellular", { connId: "4" })).response, { enabledSim: [1, 2], preferredSim: null });
    assert.deepEqual(await admin.post("cmd.wan.cellular", { connId: "4", enabledSim: [2] }), { stat: "ok" });
    assert.deepEqual((await admin.get("cmd.wan.cellular", { connId: 4 })).response, { enabledSim: [2], preferredSim: null });
    // SIM B is now the active SIM: its carrier shows.
    const wan = (await admin.get("status.wan.connection", { id: 4 })).response["4"];
    assert.equal(wan.cellular.carrier.name, "Carrier2");
    assert.equal(wan.cellular.sim["2"].active, true);
    assert.equal(wan.cellular.sim["1"].active, false);
  });

  it("cmd.billing.newCycle resets the usage of the SIM", async () => {
    assert.deepEqual(await admin.post("cmd.billing.newCycle", { connId: 4, simId: 1 }), { stat: "ok" });
    const r = (await admin.get("status.wan.connection.allowance", { connId: 4 })).response;
    assert.equal(r["4"]["1"].usage, 0);
    assert.ok(r["4"]["2"].usage > 0);
    assert.deepEqual(await admin.post("cmd.billing.newCycle", { connId: 2 }), { stat: "ok" });
    assert.equal((await admin.get("status.wan.connection.allowance", { connId: 2 })).response["2"].usage, 0);
  });

  it("cmd.sendUssd answers the reference's message and the reply arrives as an SMS", async () => {
    assert.deepEqual(await admin.post("cmd.sendUssd", { connId: 4, ussd: "*100#" }), {
      stat: "ok",
      response: { message: "Request is sent successfully" },
    });
    assert.equal(sim.control.sentUssd()[0]?.ussd, "*100#");
    const inbox = (await admin.get("cmd.sms.get", { connId: 4 })).response.sms as AnyJson[];
    const reply = inbox.find((s) => s.sender === "*100#");
    assert.match(reply.message[0].message, /balance/);
  });

  it("cmd.cellularModule.rescanNetwork and reset", async () => {
    assert.deepEqual(await admin.post("cmd.cellularModule.rescanNetwork", { connId: "4" }), { stat: "ok" });
    assert.deepEqual(await admin.post("cmd.cellularModule.reset", { connId: "4" }), { stat: "ok" });
    const wan = (await admin.get("status.wan.connection", { id: 4 })).response["4"];
    assert.equal(wan.message, "Connecting...");
    assert.equal(wan.statusLed, "flash");
  });

  it("cmd.carrier.scan GET/POST and cmd.carrier.select", async () => {
    const idle = (await admin.get("cmd.carrier.scan", { connId: 4, reference: "yes" })).response;
    assert.equal(idle.scanStatus, "done");
    assert.deepEqual(idle.list, []);
    assert.deepEqual(idle.reference, { activeSim: { simId: 1, selectedCarrier: null, cellularNetwork: null } });
    const started = await admin.post("cmd.carrier.scan", { action: ["start"], connId: ["4"], reference: ["yes"] });
    assert.equal(started.response.scanStatus, "scanning");
    assert.deepEqual(await admin.post("cmd.carrier.select", { connId: 4, selectedCarrier: { mcc: "262", mnc: "01", pcs: 0 } }), {
      stat: "ok",
    });
    const ref = (await admin.get("cmd.carrier.scan", { connId: 4, reference: "yes" })).response.reference;
    assert.deepEqual(ref.activeSim.selectedCarrier, { mcc: "262", mnc: "01", pcs: 0, name: "Carrier2" });
    assert.deepEqual(await admin.post("cmd.carrier.select", { connId: 4, selectedCarrier: null }), { stat: "ok" });
    assert.equal((await admin.get("cmd.carrier.scan", { connId: 4, reference: "yes" })).response.reference.activeSim.selectedCarrier, null);
  });

  it("cmd.wifi.scan, connect, result, disconnect, forget", async () => {
    const scan = (await admin.get("cmd.wifi.scan", { connId: 3, infoType: "status config" })).response as AnyJson[];
    assert.equal(scan[0].ssid, "Depot Wi-Fi", "SSIDs with a connect profile come first");
    assert.deepEqual(Object.keys(scan[0]), [
      "ssid",
      "bssid",
      "signalStrength",
      "signalLevel",
      "channel",
      "securityPolicy",
      "status",
      "config",
    ]);
    assert.deepEqual(scan[0].config, { profileId: 1, automatic: true });
    const bySignal = (await admin.get("cmd.wifi.scan", { connId: 3, sortBy: "signal", sortOrder: "desc" })).response as AnyJson[];
    assert.ok(bySignal.every((n, i) => i === 0 || bySignal[i - 1].signalStrength >= n.signalStrength));

    const last = (await admin.get("cmd.wifi.result", { connId: 3 })).response;
    assert.deepEqual(Object.keys(last).sort(), ["bssid", "message", "result", "securityPolicy", "ssid", "timestamp"]);
    assert.deepEqual(await admin.post("cmd.wifi.connect", { connId: 3, ssid: "Cafe Guest", securityPolicy: "open" }), { stat: "ok" });
    assert.deepEqual(await admin.post("cmd.wifi.disconnect", { connId: 3 }), { stat: "ok" });
    assert.deepEqual(await admin.post("cmd.wifi.forget", { connId: 3, ssid: "Depot Wi-Fi", securityPolicy: "wpa-psk" }), { stat: "ok" });
    const after = (await admin.get("cmd.wifi.scan", { connId: 3, infoType: "config" })).response as AnyJson[];
    assert.ok(
      after.every((n) => !("config" in n)),
      "the forgotten profile is gone",
    );
  });

  it("config.gpio reads with an empty list, with the reference map when asked, and updates", async () => {
    const read = await admin.post("config.gpio", { list: [], reference: true });
    assert.deepEqual(read.notice, { status: "beta" });
    assert.deepEqual(read.response.order, [1, 2]);
    assert.deepEqual(read.response["2"], { enable: true, type: "digital_input", mode: "input_sensing", delay: 3 });
    assert.deepEqual(read.response.reference.order, [1, 2]);
    assert.deepEqual(read.response.reference["2"].mode.analog_input, ["input_sensing", "voltage_measurement", "analog_testing"]);
    // The reference's own example request.
    const updated = await admin.post("config.gpio", {
      list: [
        { id: 1, enable: true, type: "digital_output", mode: "toggle_high" },
        { id: 2, enable: true, type: "digital_input", mode: "input_sensing", delay: 3 },
      ],
    });
    assert.deepEqual(updated.response, {
      "1": { enable: true, type: "digital_output", mode: "toggle_high" },
      "2": { enable: true, type: "digital_input", mode: "input_sensing", delay: 3 },
      order: [1, 2],
    });
  });

  it("config.ssid.profile GET and POST", async () => {
    const all = (await admin.get("config.ssid.profile", { id: "1 2" })).response;
    assert.deepEqual(all.order, [1, 2]);
    assert.deepEqual(Object.keys(all["1"]), ["name", "enable", "captivePortal", "incontrolManaged", "broadcast", "security"]);
    assert.equal(all["2"].vlanId, 10);
    const updated = await admin.post("config.ssid.profile", {
      action: "update",
      id: "1",
      enable: true,
      security: { wpa2Personal: { key: "thisIsNewPassword" } },
    });
    assert.deepEqual(updated.response.order, [1]);
    assert.deepEqual(updated.response["1"].security, {
      policy: "WPA2 Personal",
      wpa2Personal: { fastTransition: true, key: "thisIsNewPassword" },
    });
  });

  it("config.wan.connection GET (filtered) and POST", async () => {
    const env = await admin.get("config.wan.connection", { id: "1 2", infoType: "connection healthcheck" });
    assert.deepEqual(env.notice, { status: "beta" });
    const r = env.response;
    assert.deepEqual(r.order, [1, 2]);
    assert.deepEqual(Object.keys(r["1"]), ["name", "asLan", "enable", "active", "connection", "healthcheck"]);
    assert.equal(r["1"].connection.method, "dhcp");
    assert.equal(r["1"].connection.mode, "NAT");
    assert.deepEqual(r["1"].connection.bandwidth.upload, { bandwidth: 100000, unit: "kbps" });
    assert.equal(r["1"].healthcheck.method, "nslookup");
    assert.deepEqual(r["2"].connection.staticIp, { ip: "198.51.100.20", mask: 24, gateway: "198.51.100.1" });
    const cellular = (await admin.get("config.wan.connection", { id: 4 })).response["4"];
    assert.equal(cellular.cellular.simCardScheme, "");
    assert.equal(cellular.cellular.sim[0].bandwidthAllowanceMonitor.monthlyAllowance.unit, "MB");

    const post = await admin.post("config.wan.connection", { action: "update", list: [{ id: 1, enable: true, name: "Fibre" }] });
    assert.equal(post.stat, "ok");
    assert.deepEqual(post.response.order, [1]);
    assert.equal(post.response["1"].name, "Fibre");
  });

  it("config.wan.connection.priority answers name, priority and enable", async () => {
    const env = await admin.post("config.wan.connection.priority", {
      instantActive: true,
      list: [
        { connId: 1, priority: 1 },
        { connId: 2, priority: 2 },
      ],
    });
    assert.deepEqual(env.response, {
      "1": { name: "WAN 1", priority: 1, enable: true },
      "2": { name: "WAN 2", priority: 2, enable: true },
      order: [1, 2],
    });
  });

  it("cmd.config.apply and cmd.config.discard answer ok", async () => {
    assert.deepEqual(await admin.post("cmd.config.apply"), { stat: "ok" });
    assert.deepEqual(await admin.post("cmd.config.discard"), { stat: "ok" });
  });

  it("status.system.info (beyond the reference) names the model", async () => {
    const device = (await admin.get("status.system.info", { infoType: "device" })).response.device;
    assert.equal(device.model, "MAX BR1 Pro 5G");
    assert.equal(device.firmwareVersion, "8.3.0 build 5229");
  });
});
