/**
 * Every operation of the reference, called through its typed client method
 * against the simulator, with the response shape checked. The last test
 * proves from the simulator's log that all 41 operations were exercised.
 */
import * as assert from "node:assert/strict";
import { entriesInOrder, OPERATIONS, PeplinkClient, valuesInOrder } from "../../dist/api";
import { CELLULAR_WAN_ID, WIFI_WAN_ID } from "../../dist/simulator";
import { useSimulator } from "../helpers/simulator";

describe("every API operation through the typed client", function () {
  const handle = useSimulator({ wifiConnectDelayMs: 100, carrierScanDurationMs: 100, clientCreateIntervalMs: 0 });
  const seen = new Set<string>();
  let admin: PeplinkClient;
  let token: PeplinkClient;

  beforeEach(() => {
    const sim = handle.sim;
    const base = { host: sim.host, port: sim.port, tls: { mode: "pin" as const, fingerprint: sim.fingerprint! } };
    admin = new PeplinkClient({ ...base, auth: { mode: "login", username: "admin", password: "admin" } });
    const created = sim.control.createClient({ name: "ops", scope: "api" });
    token = new PeplinkClient({ ...base, auth: { mode: "client", ...created } });
  });
  afterEach(async () => {
    await admin.close();
    await token.close();
    for (const entry of handle.sim.control.log()) if (entry.stat === "ok") seen.add(`${entry.method} ${entry.endpoint}`);
  });

  it("authentication: login, auth.client (list/add/remove), auth.client.token, token grant and revoke, logout", async () => {
    const added = await admin.authClientAdd({ name: "Ops client", scope: "api.read-only" });
    assert.match(added.clientId, /^[0-9a-f]+$/);
    assert.equal(added.scope, "api.read-only");
    const list = await admin.authClientList();
    assert.ok(list.some((c) => c.clientId === added.clientId && c.name === "Ops client"));
    const viaToken = new PeplinkClient({
      host: handle.sim.host,
      port: handle.sim.port,
      tls: { mode: "insecure" },
      auth: { mode: "client", clientId: added.clientId, clientSecret: added.clientSecret },
    });
    await viaToken.infoFirmware();
    const tokens = await admin.authClientToken({ clientId: added.clientId });
    assert.equal(tokens.length, 1);
    assert.equal(Number(tokens[0].authorizationType), 3);
    await admin.authTokenRevoke({ accessToken: tokens[0].accessToken });
    assert.equal((await admin.authClientToken({ clientId: added.clientId })).length, 0);
    await viaToken.close({ logout: false });
    await admin.authClientRemove({ clientId: added.clientId });
    assert.ok(!(await admin.authClientList()).some((c) => c.clientId === added.clientId));
    await admin.logout();
  });

  it("WAN status, allowance and signal", async () => {
    const wans = await token.statusWanConnection();
    const list = entriesInOrder(wans);
    assert.ok(list.length >= 4);
    const cellular = list.find(([, w]) => w.type === "cellular");
    assert.ok(cellular, "a cellular WAN");
    assert.ok(list.some(([, w]) => w.type === "wifi"));
    for (const [, wan] of list) {
      assert.equal(typeof wan.name, "string");
      assert.equal(typeof wan.message, "string");
      assert.equal(typeof wan.statusLed, "string");
    }
    const allowance = await token.statusWanConnectionAllowance({ connId: CELLULAR_WAN_ID });
    assert.ok(allowance && typeof allowance === "object");
    const signal = await token.statusWanConnectionSignal({ connId: CELLULAR_WAN_ID });
    assert.ok(signal && typeof signal === "object");
  });

  it("firmware, location, clients, LAN profiles, PepVPN", async () => {
    const fw = valuesInOrder(await token.infoFirmware());
    assert.equal(fw.length, 2);
    assert.equal(fw.filter((s) => s.inUse).length, 1);
    const loc = await token.infoLocation();
    assert.equal(typeof loc.gps, "boolean");
    assert.equal(typeof loc.location?.latitude, "number");
    const clients = await token.statusClient({ connectionType: ["ethernet", "wireless"], activeOnly: "yes" });
    assert.ok(clients.list.length > 0);
    assert.ok(clients.list.every((c) => c.active !== false));
    const lan = entriesInOrder(await token.statusLanProfile());
    assert.ok(lan.length >= 1);
    assert.equal(typeof lan[0][1].ip, "string");
    const vpn = await token.statusPepvpn({ infoType: ["profile", "peer"] });
    assert.ok(vpn.profile && vpn.peer);
  });

  it("access point: read and switch", async () => {
    assert.equal((await token.cmdAp()).support, true);
    const off = await token.cmdApSet({ enable: false });
    assert.equal(off.enable, false);
    assert.equal((await token.cmdAp()).enable, false);
  });

  it("SMS: send and read the inbox", async () => {
    await token.cmdSmsSendMessage({ connId: CELLULAR_WAN_ID, address: "+85235984335", content: "hello" });
    assert.equal(handle.sim.control.sentSms().at(-1)?.address, "+85235984335");
    handle.sim.control.injectSms({ sender: "+15551234567", content: "ping" });
    const inbox = await token.cmdSmsGet({ connId: CELLULAR_WAN_ID });
    assert.ok(inbox.sms.some((thread) => thread.sender === "+15551234567"));
  });

  it("cellular: SIM selection, module reset and rescan, USSD, billing cycle, carrier scan and select", async () => {
    await token.cmdWanCellularSet({ connId: CELLULAR_WAN_ID, enabledSim: [2], preferredSim: null });
    const sims = await token.cmdWanCellular({ connId: CELLULAR_WAN_ID });
    assert.deepEqual(sims.enabledSim, [2]);
    await token.cmdCellularModuleRescanNetwork({ connId: CELLULAR_WAN_ID });
    await token.cmdCellularModuleReset({ connId: CELLULAR_WAN_ID });
    const ussd = await token.cmdSendUssd({ connId: CELLULAR_WAN_ID, ussd: "*109#" });
    assert.equal(typeof ussd.message, "string");
    await token.cmdBillingNewCycle({ connId: CELLULAR_WAN_ID, simId: 1 });
    const started = await token.cmdCarrierScanStart({ connId: CELLULAR_WAN_ID });
    assert.ok(started.scanStatus === "scanning" || started.scanStatus === "done");
    await new Promise((r) => setTimeout(r, 200));
    const scan = await token.cmdCarrierScan({ connId: CELLULAR_WAN_ID, reference: "yes" });
    assert.equal(scan.scanStatus, "done");
    assert.ok(scan.list.length > 0);
    const carrier = scan.list[0];
    await token.cmdCarrierSelect({
      connId: CELLULAR_WAN_ID,
      selectedCarrier: { mcc: carrier.mcc, mnc: carrier.mnc, pcs: carrier.pcs === 1 ? 1 : 0 },
    });
  });

  it("Wi-Fi WAN: scan, connect, result, disconnect, forget", async () => {
    const scan = await token.cmdWifiScan({ connId: WIFI_WAN_ID, sortBy: "signal", sortOrder: "desc", infoType: "status" });
    assert.ok(scan.length > 0);
    const open = scan.find((n) => n.securityPolicy === "open");
    assert.ok(open, "the simulator offers an open network");
    const before = Math.floor(Date.now() / 1000);
    await token.cmdWifiConnect({ connId: WIFI_WAN_ID, ssid: open.ssid, securityPolicy: "open" });
    await new Promise((r) => setTimeout(r, 250));
    const result = await token.cmdWifiResult({ connId: WIFI_WAN_ID });
    assert.equal(result.result, "CONNECTED");
    assert.ok((result.timestamp ?? 0) >= before, "a result newer than the request");
    await token.cmdWifiDisconnect({ connId: WIFI_WAN_ID });
    await token.cmdWifiForget({ connId: WIFI_WAN_ID, ssid: open.ssid, securityPolicy: "open" });
  });

  it("GPIO, SSID profiles, WAN config and priority, with apply and discard", async () => {
    const gpio = await token.configGpio({ list: [], reference: true });
    assert.ok(gpio.order.length >= 2);
    assert.ok(gpio.reference);
    const ssids = entriesInOrder(await token.configSsidProfile());
    assert.ok(ssids.length >= 2);
    await token.configSsidProfileUpdate({ id: Number(ssids[0][0]), broadcast: false });
    const config = entriesInOrder(await token.configWanConnection({ id: [1, 2] }));
    assert.equal(config.length, 2);
    await token.configWanConnectionUpdate({ list: [{ id: 1, name: "Fibre" }] });
    await token.cmdConfigDiscard();
    assert.notEqual(entriesInOrder(await token.configWanConnection({ id: 1 }))[0][1].name, "Fibre");
    const priority = await token.configWanConnectionPriority({ list: [{ connId: 2, priority: 1 }] });
    assert.equal(entriesInOrder(priority)[0][1].priority, 1);
    await token.cmdConfigApply();
    const status = await token.statusWanConnection({ id: 2 });
    assert.equal(status["2"]?.priority, 1);
  });

  it("exercised every operation of the reference", () => {
    const missing = OPERATIONS.map((op) => `${op.method} ${op.endpoint}`).filter((key) => !seen.has(key));
    assert.deepEqual(missing, []);
    assert.equal(OPERATIONS.length, 41);
  });
});
