import * as assert from "node:assert/strict";
import { startSimulator, type Simulator } from "../../dist/simulator";
import { ApiClient, raw, type Envelope } from "./helpers";

function assertFail(env: Envelope, pattern: RegExp, code = 400): void {
  assert.equal(env.stat, "fail", `expected a fail, got ${JSON.stringify(env)}`);
  assert.equal(env.code, code);
  assert.match(env.message ?? "", pattern);
}

describe("simulator input validation", () => {
  let sim: Simulator;
  let c: ApiClient;

  before(async () => {
    sim = await startSimulator();
    c = new ApiClient(sim);
    await c.login();
  });
  afterEach(async () => {
    sim.control.reset();
    await c.login();
  });
  after(async () => {
    c.destroy();
    await sim.close();
  });

  it("unknown endpoints and wrong methods answer Unsupported request inside HTTP 200", async () => {
    const reply = await c.getRaw("status.nothing");
    assert.equal(reply.status, 200);
    assert.deepEqual(JSON.parse(reply.text), { stat: "fail", code: 404, message: "Unsupported request" });
    assertFail(await c.post("cmd.sms.get", { connId: 4 }), /^Unsupported request$/, 404);
    assertFail(await c.get("cmd.sms.sendMessage"), /^Unsupported request$/, 404);
    const put = await raw(sim, "PUT", "/api/cmd.ap", { headers: { cookie: c.cookie ?? "" }, agent: false });
    assert.deepEqual(JSON.parse(put.text), { stat: "fail", code: 404, message: "Unsupported request" });
  });

  it("a body that is not a JSON object fails", async () => {
    const reply = await raw(sim, "POST", "/api/cmd.ap", {
      body: "{not json",
      headers: { "content-type": "application/json", cookie: c.cookie ?? "" },
      agent: false,
    });
    assert.equal(reply.status, 200);
    assertFail(JSON.parse(reply.text), /JSON object/);
    const array = await raw(sim, "POST", "/api/cmd.ap", {
      body: "[1]",
      headers: { "content-type": "application/json", cookie: c.cookie ?? "" },
      agent: false,
    });
    assertFail(JSON.parse(array.text), /JSON object/);
    const huge = JSON.stringify({ enable: true, padding: "x".repeat(1100 * 1024) });
    const big = await raw(sim, "POST", "/api/cmd.ap", {
      body: huge,
      headers: { "content-type": "application/json", cookie: c.cookie ?? "" },
      agent: false,
    });
    assertFail(JSON.parse(big.text), /^Request body too large$/);
  });

  describe("SMS", () => {
    const valid = ["+85235984335", "+12", "+123456789012345"];
    const invalid = ["85235984335", "+0123456", "+1", "+1234567890123456", "+1234a5678", "", "+ 123456"];
    for (const address of valid) {
      it(`accepts address ${address}`, async () => {
        assert.deepEqual(await c.post("cmd.sms.sendMessage", { connId: 4, address, content: "hi" }), { stat: "ok" });
      });
    }
    for (const address of invalid) {
      it(`rejects address "${address}"`, async () => {
        assertFail(await c.post("cmd.sms.sendMessage", { connId: 4, address, content: "hi" }), /^Invalid address: it must begin with '\+'/);
        assert.deepEqual(sim.control.sentSms(), []);
      });
    }
    it("requires an address and limits the content length (GSM 1530, Unicode 670)", async () => {
      assertFail(await c.post("cmd.sms.sendMessage", { connId: 4, content: "hi" }), /^Missing parameter: address$/);
      assertFail(await c.post("cmd.sms.sendMessage", { address: "+4917012345678", content: "x".repeat(1531) }), /longer than 1530/);
      assert.equal((await c.post("cmd.sms.sendMessage", { address: "+4917012345678", content: "x".repeat(1530) })).stat, "ok");
      assertFail(await c.post("cmd.sms.sendMessage", { address: "+4917012345678", content: "é€😀".repeat(300) }), /longer than 670/);
    });
    it("connId must name a cellular WAN", async () => {
      assertFail(
        await c.post("cmd.sms.sendMessage", { connId: 1, address: "+4917012345678" }),
        /^Invalid connId: WAN connection 1 is not a cellular WAN$/,
      );
      assertFail(await c.get("cmd.sms.get", { connId: 42 }), /^Invalid connId: WAN connection 42 does not exist$/);
      assertFail(await c.get("cmd.sms.get"), /^Missing parameter: connId$/);
      assertFail(await c.get("cmd.sms.get", { connId: "four" }), /^Invalid connId: must be an integer/);
    });
  });

  it("numeric parameters are accepted as strings", async () => {
    assert.equal((await c.get("cmd.sms.get", { connId: "4" })).stat, "ok");
    assert.equal((await c.post("cmd.cellularModule.rescanNetwork", { connId: "4" })).stat, "ok");
    assert.equal((await c.post("cmd.billing.newCycle", { connId: "4", simId: "2" })).stat, "ok");
  });

  it("multi-value parameters are space separated (and accept commas)", async () => {
    assert.deepEqual((await c.get("status.wan.connection", { id: "2 3" })).response.order, [2, 3]);
    assert.deepEqual((await c.get("status.wan.connection", { id: "1,4" })).response.order, [1, 4]);
    assert.deepEqual((await c.get("config.ssid.profile", { id: "2" })).response.order, [2]);
  });

  it("cellular: simId, enabledSim, preferredSim", async () => {
    assertFail(await c.post("cmd.billing.newCycle", { connId: 4, simId: 3 }), /^Invalid simId: must be an integer between 1 and 2$/);
    assertFail(await c.post("cmd.wan.cellular", { connId: 4, enabledSim: [] }), /at least one SIM/);
    assertFail(await c.post("cmd.wan.cellular", { connId: 4, enabledSim: [1, 3] }), /^Invalid enabledSim/);
    assertFail(await c.post("cmd.wan.cellular", { connId: 4, enabledSim: [1, 1] }), /listed twice/);
    assertFail(await c.post("cmd.wan.cellular", { connId: 4, enabledSim: [1], preferredSim: 2 }), /one of the enabled SIMs/);
    assertFail(await c.post("cmd.wan.cellular", { connId: 3, enabledSim: [1] }), /not a cellular WAN/);
    assert.deepEqual(await c.post("cmd.wan.cellular", { connId: 4, preferredSim: null }), { stat: "ok" });
  });

  it("null is refused where it means nothing", async () => {
    assertFail(await c.post("cmd.ap", { enable: null }), /^Invalid enable: null is not allowed/);
    assertFail(await c.post("cmd.sms.sendMessage", { connId: 4, address: "+4917012345678", content: null }), /^Invalid content: null/);
    assertFail(await c.post("config.wan.connection", { action: "update", list: [{ id: 1, name: null }] }), /^Invalid list\[\]\.name: null/);
    // ...and accepted where the reference gives it a meaning.
    assert.equal(
      (await c.post("config.wan.connection", { action: "update", list: [{ id: 1, schedule: null, physical: { mtu: null } }] })).stat,
      "ok",
    );
  });

  it("USSD codes are 0-9, * and #", async () => {
    assertFail(
      await c.post("cmd.sendUssd", { connId: 4, ussd: "*100#A" }),
      /^Invalid ussd: only the characters 0-9, \* and # are allowed$/,
    );
    assertFail(await c.post("cmd.sendUssd", { connId: 4 }), /^Missing parameter: ussd$/);
    assertFail(await c.post("cmd.sendUssd", { connId: 1, ussd: "*100#" }), /not a cellular WAN/);
  });

  it("carrier selection: mcc 3 digits, mnc 2-3 digits, pcs 0 or 1", async () => {
    const select = (carrier: unknown): Promise<Envelope> => c.post("cmd.carrier.select", { connId: 4, selectedCarrier: carrier });
    assertFail(await select({ mcc: "26", mnc: "01", pcs: 0 }), /^Invalid selectedCarrier\.mcc: must be 3 digits$/);
    assertFail(await select({ mcc: "262", mnc: "1", pcs: 0 }), /^Invalid selectedCarrier\.mnc: must be 2 or 3 digits$/);
    assertFail(await select({ mcc: "262", mnc: "0123", pcs: 0 }), /mnc/);
    assertFail(await select({ mcc: "262", mnc: "01", pcs: 2 }), /pcs/);
    assertFail(await select({ mcc: "262", mnc: "01" }), /^Missing parameter: selectedCarrier\.pcs$/);
    assertFail(await c.post("cmd.carrier.select", { connId: 4 }), /^Missing parameter: selectedCarrier$/);
    assert.equal((await select({ mcc: "262", mnc: "003", pcs: 1, name: "Mine" })).stat, "ok");
    assertFail(await c.get("cmd.carrier.scan", { connId: 1 }), /^Carrier scan is not supported on WAN connection 1$/);
  });

  it("Wi-Fi connect: connId kind, securityPolicy, key rules", async () => {
    const connect = (body: Record<string, unknown>): Promise<Envelope> => c.post("cmd.wifi.connect", { connId: 3, ...body });
    assertFail(await c.post("cmd.wifi.connect", { connId: 4, ssid: "x", securityPolicy: "open" }), /not a Wi-Fi WAN/);
    assertFail(
      await connect({ ssid: "Office WPA2", securityPolicy: "wpa2" }),
      /^Invalid securityPolicy: must be one of open, wep, wpa-eap, wpa-psk, 8021x$/,
    );
    assertFail(await connect({ ssid: "Office WPA2", securityPolicy: "wpa-psk" }), /^Missing parameter: key/);
    assertFail(await connect({ ssid: "Office WPA2", securityPolicy: "wpa-psk", key: "short" }), /8 to 63 characters/);
    assertFail(await connect({ ssid: "Legacy WEP", securityPolicy: "wep", key: "1234" }), /WEP key/);
    assertFail(await connect({ ssid: "Campus EAP", securityPolicy: "wpa-eap" }), /loginId and password/);
    assertFail(await connect({ ssid: "Unknown" }), /^Missing parameter: securityPolicy/);
    assertFail(await connect({ securityPolicy: "open" }), /^Missing parameter: ssid$/);
    assertFail(await connect({ ssid: "Cafe Guest", securityPolicy: "open", preferredBssid: "nope" }), /preferredBssid/);
    // A connect profile supplies the key (and the policy), as in the reference's example.
    assert.deepEqual(await connect({ ssid: "Depot Wi-Fi" }), { stat: "ok" });
    assertFail(await c.post("cmd.wifi.forget", { connId: 3, ssid: "Depot Wi-Fi" }), /^Missing parameter: securityPolicy$/);
  });

  it("GPIO: type and mode per the reference map, delay 1-3600 for inputs only", async () => {
    const gpio = (item: Record<string, unknown>): Promise<Envelope> => c.post("config.gpio", { list: [item] });
    assertFail(await gpio({ id: 3 }), /GPIO 3 does not exist/);
    assertFail(await gpio({ enable: true }), /^Missing parameter: list\[\]\.id$/);
    assertFail(await gpio({ id: 1, type: "analog_input" }), /GPIO 1 supports digital_input, digital_output/);
    assertFail(await gpio({ id: 1, type: "digital_input", mode: "wan_status" }), /supports mode input_sensing, ignition_sensing/);
    assertFail(await gpio({ id: 2, type: "digital_input", mode: "input_sensing", delay: 0 }), /between 1 and 3600/);
    assertFail(await gpio({ id: 2, delay: 3601 }), /between 1 and 3600/);
    assertFail(await gpio({ id: 1, delay: 5 }), /only for input types/);
    assertFail(await gpio({ id: 2, type: "digital_output" }), /GPIO 2 supports digital_input, analog_input/);
    const ok = await gpio({ id: 2, type: "analog_input", mode: "voltage_measurement", delay: 60 });
    assert.deepEqual(ok.response["2"], { enable: true, type: "analog_input", mode: "voltage_measurement", delay: 60 });
    // A failing item leaves every item unchanged.
    await c.post("config.gpio", {
      list: [
        { id: 1, enable: false },
        { id: 2, delay: 0 },
      ],
    });
    assert.equal((await c.post("config.gpio", {})).response["1"].enable, true);
  });

  it("WAN priority: positive integers on existing WANs", async () => {
    const prio = (item: Record<string, unknown>): Promise<Envelope> => c.post("config.wan.connection.priority", { list: [item] });
    assertFail(await prio({ connId: 1, priority: 0 }), /^Invalid list\[\]\.priority: must be an integer between 1 and 99$/);
    assertFail(await prio({ connId: 1, priority: 1.5 }), /priority/);
    assertFail(await prio({ connId: 9, priority: 1 }), /WAN connection 9 does not exist/);
    assertFail(await prio({ priority: 1 }), /^Missing parameter: list\[\]\.connId$/);
    assert.equal((await prio({ connId: "2", priority: "3" })).response["2"].priority, 3);
  });

  it("config.wan.connection: structure, ranges and WAN kinds", async () => {
    const update = (item: Record<string, unknown>): Promise<Envelope> =>
      c.post("config.wan.connection", { action: "update", list: [item] });
    assertFail(await c.post("config.wan.connection", { list: [] }), /^Missing parameter: action$/);
    assertFail(await c.post("config.wan.connection", { action: "delete", list: [] }), /^Invalid action: must be one of update$/);
    assertFail(await update({ id: 1, physical: { mtu: 9001 } }), /mtu: must be an integer between 576 and 1500/);
    assertFail(await update({ id: 1, healthcheck: { enable: true, interval: 2 } }), /interval: must be an integer between 5 and 3600/);
    assertFail(await update({ id: 1, healthcheck: { interval: 10 } }), /^Missing parameter: list\[\]\.healthcheck\.enable$/);
    assertFail(await update({ id: 1, connection: { method: { type: "staticIp", detail: { ip: "1.2.3.4", mask: 24 } } } }), /gateway/);
    assertFail(
      await update({ id: 1, connection: { method: { type: "staticIp", detail: { ip: "1.2.3.999", mask: 24, gateway: "1.2.3.1" } } } }),
      /IPv4/,
    );
    assertFail(await update({ id: 1, cellular: { simCardScheme: "1" } }), /not a cellular WAN/);
    assertFail(await update({ id: 4, physical: { speed: "Auto" } }), /only for ethernet/);
    assertFail(await update({ id: 4, cellular: { simCardScheme: "remote_sim" } }), /remote SIM is not supported/);
    assertFail(await update({ id: 1, connection: { bandwidth: { upload: { value: 11, unit: "Gbps" } } } }), /at most 10 Gbps/);
    assertFail(await update({ name: "x" }), /^Missing parameter: list\[\]\.id$/);
  });

  it("SSID profile: action, id, key length", async () => {
    assertFail(await c.post("config.ssid.profile", { id: 1 }), /^Missing parameter: action$/);
    assertFail(await c.post("config.ssid.profile", { action: "update", id: 7 }), /SSID profile 7 does not exist/);
    assertFail(
      await c.post("config.ssid.profile", { action: "update", id: 1, security: { wpa2Personal: { key: "short" } } }),
      /between 8 and 63/,
    );
    assertFail(
      await c.post("config.ssid.profile", { action: "update", id: 2, security: { wpaWpa2Personal: { fastTransition: true } } }),
      /fast transition/,
    );
  });
});
