/**
 * peplink-wifi inside Node-RED against the simulator over HTTPS.
 */
import * as assert from "node:assert/strict";
import {
  apiClient,
  collect,
  device,
  deviceModule,
  errorText,
  flow,
  helper,
  maybeNext,
  nodeModule,
  until,
  type Msg,
  type TestNode,
} from "../helpers/node-red";
import { loadExample } from "../helpers/examples";
import { apiRequests, requestsTo, useSimulator, type SimulatorHandle } from "../helpers/simulator";

const wifiModule = nodeModule("peplink-wifi");
const WIFI = "3";

type Status = { fill?: string; shape?: string; text?: string };

/** API requests other than authentication. */
/** Every status the node shows, from now on. */
function recordStatus(node: TestNode): Status[] {
  const seen: Status[] = [];
  node.on("call:status", (call: { args: Status[] }) => {
    if (call.args[0]) seen.push(call.args[0]);
  });
  return seen;
}

type Dev = ReturnType<typeof device>;

function setup(handle: SimulatorHandle) {
  return async function load(node: Record<string, unknown>, creds: Record<string, string> = {}): Promise<TestNode & { dev: Dev }> {
    const dev = device(handle.sim, apiClient(handle.sim));
    const nodes = flow(
      [{ id: "n1", type: "peplink-wifi", device: "dev1", connId: WIFI, action: "connect", timeout: 10, wires: [["out"]], ...node }],
      dev,
    );
    await helper.load([deviceModule, wifiModule], nodes, { ...dev.credentials, n1: creds });
    // The node reads the WAN list once at start (to refuse non-Wi-Fi WANs without a request):
    // wait for it, then start the simulator's log afresh.
    await until(() => requestsTo(handle.sim, "status.wan.connection") >= 1);
    handle.sim.control.clearLog();
    return Object.assign(helper.getNode("n1"), { dev });
  };
}

async function wanMessage(id: number, deviceId = "dev1"): Promise<string> {
  const dev = helper.getNode(deviceId) as unknown as {
    call: (m: string, e: string, p: object) => Promise<{ response: Record<string, { message: string }> }>;
  };
  const res = await dev.call("GET", "status.wan.connection", { id });
  return res.response[String(id)].message;
}

describe("peplink-wifi node", function () {
  const handle = useSimulator({ wifiConnectDelayMs: 200 });
  const load = setup(handle);
  afterEach(async () => {
    handle.sim.control.clearFaults();
    await helper.unload();
  });

  describe("connect", () => {
    it("connects with the key credential, waits for the new result and the Wi-Fi WAN comes up", async () => {
      const n1 = await load({ ssid: "Office WPA2", securityPolicy: "wpa-psk" }, { key: "office-secret-42" });
      const statuses = recordStatus(n1);
      const got = collect(helper.getNode("out"), 1);
      n1.receive({ payload: 1700000000000 });
      const [msg] = await got;
      const payload = msg.payload as Record<string, unknown>;
      assert.equal(payload.result, "CONNECTED");
      assert.equal(payload.connected, true);
      assert.equal(payload.ssid, "Office WPA2");
      assert.deepEqual(msg.peplink, { device: "sim", endpoint: "cmd.wifi.connect", method: "POST" });
      assert.equal(msg.topic, "cmd.wifi.connect");
      assert.equal(await wanMessage(3), "Connected");
      assert.ok(statuses.some((s) => s.fill === "green" && /connected: Office WPA2/.test(s.text ?? "")));
      const all = JSON.stringify([msg, statuses, helper.log().args]);
      assert.ok(!all.includes("office-secret-42"), "the key appears nowhere");
    });

    it("reports a wrong key as PSK_AUTH_FAIL (an output, not an error) and removes msg.payload.key", async () => {
      const n1 = await load({});
      const statuses = recordStatus(n1);
      const got = collect(helper.getNode("out"), 1);
      const caught = maybeNext(helper.getNode("caught"), 300);
      n1.receive({ payload: { ssid: "Office WPA2", securityPolicy: "wpa-psk", key: "Wr0ng-Key-4711" } });
      const [msg] = await got;
      const payload = msg.payload as Record<string, unknown>;
      assert.equal(payload.result, "PSK_AUTH_FAIL");
      assert.equal(payload.connected, false);
      assert.equal(payload.key, undefined);
      assert.equal(await caught, undefined);
      assert.notEqual(await wanMessage(3), "Connected");
      const all = JSON.stringify([msg, statuses, helper.log().args]);
      assert.ok(!all.includes("Wr0ng-Key-4711"), "the key appears nowhere");
      assert.ok(statuses.some((s) => /PSK_AUTH_FAIL/.test(s.text ?? "")));
    });

    it("reports an unknown SSID as AP_NOT_FOUND", async () => {
      const n1 = await load({});
      const got = collect(helper.getNode("out"), 1);
      n1.receive({ payload: { ssid: "Nowhere Net", securityPolicy: "open" } });
      const payload = (await got)[0].payload as Record<string, unknown>;
      assert.equal(payload.result, "AP_NOT_FOUND");
      assert.equal(payload.connected, false);
    });

    it("connects with the router's saved profile when only the SSID is given", async () => {
      const n1 = await load({ ssid: "Depot Wi-Fi" });
      const got = collect(helper.getNode("out"), 1);
      n1.receive({});
      const payload = (await got)[0].payload as Record<string, unknown>;
      assert.equal(payload.result, "CONNECTED");
      assert.equal(payload.securityPolicy, "wpa-psk");
    });

    it("connects to a WPA-EAP network with the EAP password credential; a wrong one is EAP_AUTH_FAIL", async () => {
      const n1 = await load(
        { ssid: "Campus EAP", securityPolicy: "wpa-eap", loginId: "student", eapMethod: "PEAP", eapPhase2: "MSCHAPV2" },
        { password: "campus-pass" },
      );
      const got = collect(helper.getNode("out"), 2);
      n1.receive({});
      n1.receive({ payload: { password: "Not-The-Pass" } });
      const [ok, bad] = await got;
      assert.equal((ok.payload as Record<string, unknown>).result, "CONNECTED");
      assert.equal((bad.payload as Record<string, unknown>).result, "EAP_AUTH_FAIL");
      const all = JSON.stringify([ok, bad, helper.log().args]);
      assert.ok(!all.includes("campus-pass") && !all.includes("Not-The-Pass"));
    });

    it("does not apply the node's security settings to another SSID named in the message", async () => {
      const n1 = await load({ ssid: "Office WPA2", securityPolicy: "wpa-psk" }, { key: "office-secret-42" });
      const caught = collect(helper.getNode("caught"), 1);
      n1.receive({ payload: { ssid: "Legacy WEP" } });
      // Without a profile for Legacy WEP and without the node's wpa-psk settings the router asks for the policy.
      assert.match(errorText((await caught)[0]), /^cmd\.wifi\.connect: Missing parameter: securityPolicy/);
      assert.ok(!JSON.stringify(helper.log().args).includes("office-secret-42"));
    });

    it("runs two connects one after the other, each with its own outcome", async () => {
      const n1 = await load({});
      const got = collect(helper.getNode("out"), 2);
      n1.receive({ payload: { ssid: "Office WPA2", securityPolicy: "wpa-psk", key: "bad-key-123" } });
      n1.receive({ payload: { ssid: "Cafe Guest", securityPolicy: "open" } });
      const [first, second] = await got;
      assert.equal((first.payload as Record<string, unknown>).result, "PSK_AUTH_FAIL");
      assert.equal((second.payload as Record<string, unknown>).result, "CONNECTED");
      assert.equal((second.payload as Record<string, unknown>).ssid, "Cafe Guest");
    });

    it("times out as an error when cmd.wifi.result hangs, without sending an output", async () => {
      const n1 = await load({ ssid: "Office WPA2", securityPolicy: "wpa-psk", timeout: 2 }, { key: "office-secret-42" });
      const caught = collect(helper.getNode("caught"), 1);
      const outputs: Msg[] = [];
      helper.getNode("out").on("input", (m: Msg) => outputs.push(m));
      n1.receive({});
      await until(() => requestsTo(handle.sim, "cmd.wifi.connect") === 1, "the connect request");
      handle.sim.control.injectFault({ kind: "hang", endpoint: "cmd.wifi.result", count: Infinity });
      const [err] = await caught;
      assert.match(errorText(err), /^cmd\.wifi\.connect: no result for "Office WPA2" within 2 s/);
      assert.deepEqual(outputs, []);
    });
  });

  describe("other actions", () => {
    it("scans with sortBy/sortOrder/infoType and adds signalDbm", async () => {
      const n1 = await load({ action: "scan", sortBy: "name" });
      const got = collect(helper.getNode("out"), 2);
      n1.receive({});
      n1.receive({ payload: { sortBy: "signal", sortOrder: "desc", infoType: ["status", "config"] } });
      const [byName, bySignal] = await got;
      const names = (byName.payload as Array<{ ssid: string }>).map((e) => e.ssid);
      assert.deepEqual(
        names,
        [...names].sort((a, b) => a.localeCompare(b)),
      );
      const list = bySignal.payload as Array<{ ssid: string; signalDbm: number; signalStrength: number; status?: object; config?: object }>;
      assert.equal(list.length, 6);
      assert.deepEqual(
        list.map((e) => e.signalDbm),
        list.map((e) => e.signalStrength),
      );
      assert.deepEqual(
        list.map((e) => e.signalDbm),
        [...list.map((e) => e.signalDbm)].sort((a, b) => b - a),
      );
      assert.ok(list.every((e) => e.status !== undefined));
      assert.ok(list.find((e) => e.ssid === "Depot Wi-Fi")?.config);
      assert.equal(bySignal.topic, "cmd.wifi.scan");
    });

    it("disconnects and forgets; a forgotten profile no longer connects by SSID alone", async () => {
      const n1 = await load({ ssid: "Depot Wi-Fi" });
      const out = helper.getNode("out");
      let got = collect(out, 1);
      n1.receive({});
      assert.equal(((await got)[0].payload as Record<string, unknown>).result, "CONNECTED");

      got = collect(out, 1);
      n1.receive({ action: "disconnect" });
      const [disc] = await got;
      assert.deepEqual(disc.payload, { connId: 3, ssid: "Depot Wi-Fi" });
      assert.equal(disc.topic, "cmd.wifi.disconnect");
      assert.notEqual(await wanMessage(3), "Connected");

      got = collect(out, 1);
      n1.receive({ action: "forget", payload: { securityPolicy: "wpa-psk" } });
      assert.deepEqual((await got)[0].payload, { connId: 3, ssid: "Depot Wi-Fi", securityPolicy: "wpa-psk" });

      const caught = collect(helper.getNode("caught"), 1);
      n1.receive({});
      assert.match(errorText((await caught)[0]), /^cmd\.wifi\.connect: Missing parameter: securityPolicy/);
    });

    it("reads the last result with connected:false/true", async () => {
      const n1 = await load({ action: "result" });
      const got = collect(helper.getNode("out"), 1);
      n1.receive({});
      const payload = (await got)[0].payload as Record<string, unknown>;
      assert.equal(payload.result, "TIMEOUT");
      assert.equal(payload.connected, false);
    });

    it("lets msg.connId and msg.action override the settings", async () => {
      const n1 = await load({ action: "connect", connId: "" });
      const got = collect(helper.getNode("out"), 1);
      n1.receive({ action: "result", connId: 3 });
      assert.equal(((await got)[0].payload as Record<string, unknown>).result, "TIMEOUT");
    });
  });

  describe("bad input", () => {
    it("rejects each bad input before any request, naming the field; secrets are never echoed", async () => {
      const n1 = await load({ ssid: "Office WPA2", securityPolicy: "wpa-psk" });
      const cases: Array<[Msg, RegExp]> = [
        [{ action: "jump" }, /^action: must be one of connect, disconnect, forget, scan, result/],
        [{ action: 7 }, /^action: /],
        [{ connId: 0 }, /^connId: must be an integer from 1 to 255/],
        [{ connId: "three" }, /^connId: /],
        [{ connId: 3.5 }, /^connId: /],
        [{ payload: { ssid: "" } }, /^payload\.ssid: must be a non-empty string/],
        [{ payload: { ssid: "x".repeat(100_000) } }, /^payload\.ssid: must be at most/],
        [{ payload: { ssid: "two\nlines" } }, /^payload\.ssid: must be a single line/],
        [{ payload: { ssid: "é".repeat(17) } }, /^payload\.ssid: must be 1 to 32 bytes/],
        [{ payload: { ssid: 42 } }, /^payload\.ssid: must be a string/],
        [{ payload: { securityPolicy: "wpa3" } }, /^payload\.securityPolicy: must be one of open, wep, wpa-psk, wpa-eap, 8021x/],
        [
          { payload: { key: "Zq9#x" } },
          /^payload\.key: must be 8 to 63 printable ASCII characters or 64 hexadecimal digits for wpa-psk \(got 5 characters\)/,
        ],
        [{ payload: { key: "g".repeat(64) } }, /^payload\.key: must be 8 to 63 /],
        [{ payload: { key: 12345678 } }, /^payload\.key: must be a string .*\(got a number\)/],
        [{ payload: { key: "Zq9#x\u0007abc" } }, /^payload\.key: .*outside printable ASCII/],
        [
          { payload: { ssid: "Legacy WEP", securityPolicy: "wep", key: "Yw7$plk" } },
          /^payload\.key: must be 5 or 13 printable ASCII characters, or 10 or 26 hexadecimal digits for wep/,
        ],
        [
          { payload: { ssid: "Cafe Guest", securityPolicy: "open", key: "Zq9#xZq9#x" } },
          /^payload\.key: is only for wep and wpa-psk \(securityPolicy is open\)/,
        ],
        [{ payload: { ssid: "Other", key: "Zq9#xZq9#x" } }, /^payload\.securityPolicy: is required with a key/],
        [{ payload: { loginId: "student" } }, /^payload\.loginId: is only for wpa-eap and 8021x/],
        [
          { payload: { ssid: "Campus EAP", securityPolicy: "wpa-eap", eapMethod: "MD5" } },
          /^payload\.eapMethod: must be one of TTLS, PEAP/,
        ],
        [
          { payload: { ssid: "Campus EAP", securityPolicy: "wpa-eap", eapPhase2: "EAP-TLS" } },
          /^payload\.eapPhase2: must be one of CHAP, MSCHAP, MSCHAPV2, PAP/,
        ],
        [
          { payload: { ssid: "Campus EAP", securityPolicy: "wpa-eap", password: "" } },
          /^payload\.password: must be a single line .*\(got an empty string\)/,
        ],
        [{ payload: { preferredBssid: "zz:zz" } }, /^payload\.preferredBssid: must be a MAC address/],
        [{ payload: { sssid: "typo" } }, /^payload\.sssid: is not a known field; allowed: ssid, /],
        [{ payload: [{ ssid: "Cafe Guest" }] }, /^payload: must be an object/],
        [{ timeout: 0 }, /^timeout: must be an integer from 1 to 600/],
        [{ timeout: 10_000 }, /^timeout: /],
        [{ action: "scan", payload: { sortBy: "size" } }, /^payload\.sortBy: must be one of name, security, signal, channel/],
        [{ action: "scan", payload: { sortOrder: "up" } }, /^payload\.sortOrder: must be one of asc, desc/],
        [{ action: "scan", payload: { infoType: "all" } }, /^payload\.infoType: must be one of status, config/],
        [{ action: "scan", payload: { infoType: ["status", "status"] } }, /^payload\.infoType: must not repeat/],
        [{ action: "scan", payload: { key: "Zq9#xZq9#x" } }, /^payload\.key: is only for the connect action/],
        [{ action: "forget", payload: { ssid: "Cafe Guest" } }, /^securityPolicy: is required to forget a network/],
        [{ action: "disconnect", payload: { ssid: "a\u0000b" } }, /^payload\.ssid: must be a single line without control characters/],
        [{ action: "result", payload: { connId: 3 } }, /^payload\.connId: is not a known field/],
      ];
      const outputs: Msg[] = [];
      helper.getNode("out").on("input", (m: Msg) => outputs.push(m));
      const errors: Msg[] = [];
      // One at a time, so each error is matched with its case.
      for (const [msg, pattern] of cases) {
        const caught = collect(helper.getNode("caught"), 1);
        n1.receive(msg);
        const [err] = await caught;
        const text = errorText(err);
        assert.match(text, pattern, `${JSON.stringify(msg).slice(0, 80)} → ${text}`);
        errors.push(err);
      }
      assert.deepEqual(outputs, []);
      assert.deepEqual(apiRequests(handle.sim), [], "no API request was sent");
      // The messages Catch received (payload included), their errors and the log.
      const all = JSON.stringify([errors, helper.log().args]);
      for (const secret of ["Zq9#x", "Yw7$plk", "12345678"]) assert.ok(!all.includes(secret), `${secret} is not echoed`);
    });

    it("rejects a missing SSID or connId and bad settings before any request", async () => {
      const n1 = await load({ connId: "", ssid: "" });
      const caught = collect(helper.getNode("caught"), 2);
      n1.receive({});
      n1.receive({ connId: 3 });
      const errors = (await caught).map(errorText);
      assert.match(errors[0], /^connId: is missing: choose a WAN in the node's Connection setting or send msg.connId/);
      assert.match(errors[1], /^ssid: is required/);
      assert.deepEqual(apiRequests(handle.sim), []);
    });

    it("checks the key credential against the policy without revealing it", async () => {
      const n1 = await load({ ssid: "Office WPA2", securityPolicy: "wpa-psk" }, { key: "Tiny7" });
      const caught = collect(helper.getNode("caught"), 1);
      n1.receive({});
      const err = errorText((await caught)[0]);
      assert.match(err, /^key \(node credential\): must be 8 to 63 .*\(got 5 characters\)/);
      assert.ok(!err.includes("Tiny7"));
      assert.deepEqual(apiRequests(handle.sim), []);
    });

    it("refuses a WAN that is not a Wi-Fi WAN, or does not exist, without any request", async () => {
      const n1 = await load({ connId: "1", ssid: "Cafe Guest", securityPolicy: "open" });
      const caught = collect(helper.getNode("caught"), 2);
      n1.receive({});
      n1.receive({ action: "scan", connId: 4 });
      const errors = (await caught).map(errorText).sort(); // "connId setting: …" sorts before "connId: …"
      assert.match(errors[0], /^connId setting: WAN 1 \(WAN 1, ethernet\) is not a Wi-Fi WAN; Wi-Fi WANs on this router: 3 /);
      assert.match(errors[1], /^connId: WAN 4 \(Cellular, cellular\) is not a Wi-Fi WAN/);
      assert.equal(handle.sim.control.log().length, 0, "nothing was sent");
    });
  });

  describe("device failures", () => {
    it("reports HTTP 500, a web page and a malformed answer to Catch, once each, then recovers", async () => {
      const n1 = await load({ action: "scan" });
      handle.sim.control.injectFault({ kind: "http500", endpoint: "cmd.wifi.scan" });
      handle.sim.control.injectFault({ kind: "html", endpoint: "cmd.wifi.scan" });
      handle.sim.control.injectFault({ kind: "malformed", endpoint: "cmd.wifi.scan" });
      const caught = collect(helper.getNode("caught"), 3);
      const out = maybeNext(helper.getNode("out"), 500);
      n1.receive({});
      n1.receive({});
      n1.receive({});
      const errors = (await caught).map(errorText);
      assert.ok(errors.some((e) => /^cmd\.wifi\.scan: .*HTTP 500/.test(e)));
      assert.ok(errors.some((e) => /^cmd\.wifi\.scan: .*web page, not the API/.test(e)));
      assert.ok(errors.some((e) => /^cmd\.wifi\.scan: .*not valid JSON/.test(e)));
      assert.equal(await out, undefined);
      const again = collect(helper.getNode("out"), 1);
      n1.receive({});
      assert.equal(((await again)[0].payload as unknown[]).length, 6);
    });

    it("reports a failed connect request to Catch without waiting, then connects", async () => {
      const n1 = await load({ ssid: "Cafe Guest", securityPolicy: "open" });
      handle.sim.control.injectFault({ kind: "http500", endpoint: "cmd.wifi.connect" });
      const caught = collect(helper.getNode("caught"), 1);
      n1.receive({});
      assert.match(errorText((await caught)[0]), /^cmd\.wifi\.connect: /);
      assert.equal(requestsTo(handle.sim, "cmd.wifi.result"), 1, "only the baseline read, no wait");
      const got = collect(helper.getNode("out"), 1);
      n1.receive({});
      assert.equal(((await got)[0].payload as Record<string, unknown>).result, "CONNECTED");
    });
  });
});

describe("peplink-wifi node with a slow router", function () {
  const handle = useSimulator({ wifiConnectDelayMs: 5000 });
  const load = setup(handle);
  afterEach(async () => {
    await helper.unload();
  });

  it("times out as an error when the outcome comes later than the timeout", async () => {
    const n1 = await load({ ssid: "Cafe Guest", securityPolicy: "open", timeout: 1 });
    const statuses = recordStatus(n1);
    const caught = collect(helper.getNode("caught"), 1);
    n1.receive({});
    const [err] = await caught;
    assert.match(errorText(err), /^cmd\.wifi\.connect: no result for "Cafe Guest" within 1 s/);
    assert.ok(statuses.some((s) => s.fill === "red" && s.text === "timeout"));
  });

  it("stops waiting on close: no output, no error and no request afterwards", async () => {
    const n1 = await load({ ssid: "Cafe Guest", securityPolicy: "open", timeout: 30 });
    const out = maybeNext(helper.getNode("out"), 2000);
    const caught = maybeNext(helper.getNode("caught"), 2000);
    n1.receive({});
    await until(() => requestsTo(handle.sim, "cmd.wifi.result") >= 2, "the wait to begin polling");
    // Redeploy without the wifi node: it is closed (removed), the device stays.
    await helper.setFlows(flow([], n1.dev), "nodes", n1.dev.credentials);
    const lastSeq = handle.sim.control.log().at(-1)?.seq ?? 0;
    assert.equal(await out, undefined);
    assert.equal(await caught, undefined);
    const after = handle.sim.control.log().filter((e) => e.seq > lastSeq && e.endpoint.startsWith("cmd.wifi"));
    assert.deepEqual(after, [], "no cmd.wifi request after close");
  });
});

describe("example flow wifi-join-depot.json", function () {
  const handle = useSimulator({ wifiConnectDelayMs: 200 });
  afterEach(async () => {
    await helper.unload();
  });

  it("imports and runs against the simulator: joins, reports a wrong key, scans, leaves", async () => {
    const { byName: exampleNode } = await loadExample("wifi-join-depot.json", handle.sim);
    const byName = (name: string): TestNode => exampleNode(name);
    let got = collect(byName("joined"), 1);
    byName("arrived at depot").receive({});
    assert.equal(((await got)[0].payload as Record<string, unknown>).connected, true);

    got = collect(byName("not joined"), 1);
    byName("office, wrong key").receive({});
    const failed = (await got)[0];
    assert.equal((failed.payload as Record<string, unknown>).result, "PSK_AUTH_FAIL");
    assert.ok(!JSON.stringify(failed).includes("not-the-key"));

    got = collect(byName("networks"), 1);
    byName("scan").receive({});
    const list = (await got)[0].payload as Array<{ signalDbm: number }>;
    assert.deepEqual(
      list.map((e) => e.signalDbm),
      [...list.map((e) => e.signalDbm)].sort((a, b) => b - a),
    );

    got = collect(byName("left"), 1);
    byName("leave").receive({});
    await got;
    assert.notEqual(await wanMessage(3, "peplink-simulator-device"), "Connected");
  });
});
