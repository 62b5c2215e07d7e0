/**
 * peplink-homeassistant inside Node-RED, against the simulator over HTTPS and
 * a real MQTT broker (aedes on 127.0.0.1) through Node-RED's own mqtt-broker
 * node; a real MQTT client plays Home Assistant.
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
} from "../helpers/node-red";
import { checkDiscovery, expandTopic, parseConfigs, type ParsedConfig } from "../helpers/ha-discovery";
import { brokerNode, HaClient, mqttNodesModule, startBroker, type Broker, type BrokerNodeOptions } from "../helpers/mqtt";
import { apiRequests, requestsTo, useSimulator, type SimulatorHandle } from "../helpers/simulator";

const haModule = nodeModule("peplink-homeassistant");
const statusModule = nodeModule("peplink-status");
const mqttModule = mqttNodesModule();

const RID = "1934-a1b2-c3d4";
const BASE = `peplink/${RID}`;
const NODE_ID = `peplink_${RID}`;
const PREFIX = "homeassistant";

/** Every entity key of the default simulator (all features, WAN 1–6, cellular WAN 4 with two SIMs). */
const FULL_KEYS = [
  "firmware",
  "clients",
  "ap",
  "location",
  "sms",
  ...[1, 2, 3, 4, 5, 6].flatMap((id) => [`wan${id}_state`, `wan${id}_connected`, `wan${id}_priority`]),
  "wan1_usage",
  "wan2_usage",
  "wan2_allowance",
  "wan3_usage",
  "wan5_usage",
  "wan6_usage",
  "wan4_rssi",
  "wan4_rsrp",
  "wan4_rsrq",
  "wan4_sinr",
  "wan4_signal_level",
  "wan4_carrier",
  "wan4_sim",
  "wan4_reset",
  "wan4_rescan",
  "wan4_sms",
  "wan4_sim1_usage",
  "wan4_sim1_allowance",
  "wan4_sim2_usage",
  "wan4_sim2_allowance",
].sort();

interface Loaded {
  credentials: Record<string, Record<string, string>>;
}

let broker: Broker;
let ha: HaClient;

function haNode(config: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: "n1", type: "peplink-homeassistant", name: "", device: "dev1", broker: "mqtt1", interval: 1, wires: [["out"]], ...config };
}

async function load(
  handle: SimulatorHandle,
  config: Record<string, unknown> = {},
  extra: Array<Record<string, unknown>> = [],
  brokerOptions: BrokerNodeOptions = {},
  scope: "api" | "api.read-only" = "api",
): Promise<Loaded> {
  const dev = device(handle.sim, apiClient(handle.sim, scope));
  const nodes = flow([haNode(config), ...extra], dev);
  nodes.push(brokerNode(broker, brokerOptions));
  await helper.load([deviceModule, haModule, statusModule, mqttModule], nodes, dev.credentials);
  return { credentials: dev.credentials };
}

/** The retained configs of this router, parsed. */
async function configs(): Promise<ParsedConfig[]> {
  const { configs: parsed, problems } = parseConfigs(PREFIX, await broker.retained(`${PREFIX}/#`));
  assert.deepEqual(problems, []);
  return parsed;
}

function keysOf(parsed: ParsedConfig[]): string[] {
  return parsed.map((c) => c.objectId).sort();
}

/** Waits until the router is announced (availability online and `count` configs, or the full set). */
async function announced(keys: string[] = FULL_KEYS): Promise<ParsedConfig[]> {
  await ha.nextOn(`${BASE}/availability`, "online");
  let parsed: ParsedConfig[] = [];
  const end = Date.now() + 8000;
  for (;;) {
    parsed = await configs();
    if (keys.every((k) => parsed.some((c) => c.objectId === k))) return parsed;
    if (Date.now() > end) assert.fail(`announced: missing ${keys.filter((k) => !parsed.some((c) => c.objectId === k)).join(", ")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function config(parsed: ParsedConfig[], key: string): Record<string, unknown> {
  const found = parsed.find((c) => c.objectId === key);
  assert.ok(found, `no config for ${key}`);
  return found.config;
}

async function retainedState(key: string): Promise<string | undefined> {
  return (await broker.retained(`${BASE}/${key}`)).get(`${BASE}/${key}`);
}

/** Resolves once the retained state of `key` is `value`. */
async function stateBecomes(key: string, value: string): Promise<void> {
  const end = Date.now() + 8000;
  for (;;) {
    const now = await retainedState(key);
    if (now === value) return;
    if (Date.now() > end) assert.fail(`state of ${key} is ${JSON.stringify(now)}, not ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** What a node logged as warnings. */
function warningsOf(id: string): string[] {
  return (helper.log().args as Array<[{ level?: number; id?: string; msg?: unknown }]>)
    .map((call) => call[0])
    .filter((e) => e.level === 30 && e.id === id)
    .map((e) => String(e.msg));
}

/** POSTs in the simulator's request log. */
function posts(handle: SimulatorHandle): string[] {
  return handle.sim.control
    .log()
    .filter((e) => e.method === "POST" && e.endpoint !== "auth.token.grant" && e.endpoint !== "login")
    .map((e) => e.endpoint);
}

describe("peplink-homeassistant node", function () {
  const handle = useSimulator({ cellularResetDurationMs: 100 });

  beforeEach(async () => {
    broker = await startBroker();
    ha = await HaClient.connect(broker, [`${PREFIX}/#`, "peplink/#"]);
  });
  afterEach(async () => {
    await helper.unload();
    await ha.close();
    await broker.close();
  });

  it("announces the router as one device: retained configs valid against Home Assistant's discovery schema", async () => {
    await load(handle);
    const parsed = await announced();
    assert.deepEqual(keysOf(parsed), FULL_KEYS);
    const retained = await broker.retained("#");
    assert.deepEqual(checkDiscovery(parsed, { retained }), []);
    for (const c of parsed) {
      assert.equal(c.nodeId, NODE_ID);
      assert.equal(c.config.unique_id, `${NODE_ID}_${c.objectId}`);
      assert.deepEqual(c.config.device, {
        identifiers: [NODE_ID],
        name: handle.sim.control.state.device.name,
        manufacturer: "Peplink",
        model: "MAX BR1 Pro 5G",
        serial_number: "1934-A1B2-C3D4",
        hw_version: handle.sim.control.state.device.hardwareRevision,
        sw_version: "8.3.0 build 5229",
        configuration_url: `https://127.0.0.1:${handle.sim.port}/`,
      });
      assert.deepEqual(c.config.availability, [{ topic: `${BASE}/availability` }]);
    }
    // The values Home Assistant shows.
    const expected: Record<string, string> = {
      wan1_state: "connected",
      wan1_connected: "ON",
      wan2_state: "standby",
      wan2_connected: "OFF",
      wan4_state: "standby",
      wan5_state: "no-device",
      wan6_state: "disabled",
      wan6_priority: "None",
      wan1_priority: "1",
      wan4_carrier: "Carrier1",
      wan4_sim: "Both, prefer SIM A",
      ap: "ON",
      clients: String(handle.sim.control.state.clients.filter((c) => c.active).length),
      firmware: "8.3.0 build 5229",
      wan2_allowance: "51200",
    };
    for (const [key, value] of Object.entries(expected)) assert.equal(retained.get(`${BASE}/${key}`), value, key);
    assert.equal(retained.get(`${BASE}/wan4_rsrp`), String(handle.sim.control.state.wans["4"].cellular!.signal.rsrp));
    const attributes = JSON.parse(retained.get(`${BASE}/wan4_state/attributes`)!) as Record<string, unknown>;
    assert.equal(attributes.message, "Standby");
    const location = JSON.parse(retained.get(`${BASE}/location/attributes`)!) as Record<string, unknown>;
    assert.equal(location.latitude, handle.sim.control.state.location!.location.latitude);
    assert.equal(location.fix, true);
    // Units and classes where Home Assistant draws graphs.
    assert.deepEqual(
      [
        config(parsed, "wan4_rsrp").device_class,
        config(parsed, "wan4_rsrp").unit_of_measurement,
        config(parsed, "wan4_rsrq").unit_of_measurement,
      ],
      ["signal_strength", "dBm", "dB"],
    );
    assert.deepEqual(
      [config(parsed, "wan1_usage").state_class, config(parsed, "wan1_usage").unit_of_measurement],
      ["total_increasing", "MB"],
    );
    assert.equal(config(parsed, "wan1_connected").device_class, "connectivity");
  });

  it("a bad payload on every command topic is logged with a clear error naming it, and nothing is sent to the router", async () => {
    await load(handle);
    const parsed = await announced();
    const controls = parsed.filter((c) => c.config.command_topic !== undefined);
    assert.deepEqual(controls.map((c) => c.objectId).sort(), [
      "ap",
      "sms",
      "wan1_priority",
      "wan2_priority",
      "wan3_priority",
      "wan4_priority",
      "wan4_rescan",
      "wan4_reset",
      "wan4_sim",
      "wan5_priority",
      "wan6_priority",
    ]);
    const bad: Record<string, Array<string | Buffer>> = {
      // The Buffer: "O" and a cut-off 4-byte sequence (decodes to U+FFFD of the same byte length).
      ap: ["MAYBE", "", "ON\n", "read", Buffer.from([0x4f, 0xf0, 0x90, 0x80])],
      wan4_sim: ["SIM C", "read", "", "sim3"],
      wan4_reset: ["press", "", "RESET"],
      wan4_rescan: ["PRESS\n", "1"],
      sms: ["", '{"to":"12345","message":"x"}', '{"message":"hi","to":"+4917012345678","cc":1}', "{broken"],
    };
    for (const c of controls.filter((x) => x.objectId.endsWith("_priority"))) bad[c.objectId] = ["0", "100", "1.5", "two", ""];
    handle.sim.control.clearLog();
    const caught = helper.getNode("caught");
    let count = 0;
    for (const c of controls) {
      const topic = expandTopic(c.config, String(c.config.command_topic));
      for (const payload of bad[c.objectId] ?? []) {
        const error = collect(caught, 1);
        await ha.publish(topic, payload);
        const text = errorText((await error)[0]);
        assert.match(
          text,
          new RegExp(`^command on ${topic.replace(/[/]/g, "\\/")}: payload(\\.\\w+)?: `),
          `${c.objectId} ${JSON.stringify(payload)}: ${text}`,
        );
        count++;
      }
    }
    // sms without a recipient: the node has none set.
    const error = collect(caught, 1);
    await ha.publish(`${BASE}/sms/set`, "hello");
    assert.match(errorText((await error)[0]), /payload\.to: no recipient/);
    assert.deepEqual(
      controls.filter((c) => !bad[c.objectId]?.length).map((c) => c.objectId),
      [],
      "every control announced got bad payloads",
    );
    assert.equal(
      count,
      Object.values(bad).reduce((n, list) => n + list.length, 0),
      "every bad payload was tried",
    );
    assert.equal(await maybeNext(caught, 200), undefined, "one error per bad payload, no more");
    assert.deepEqual(posts(handle), [], "no command reached the router");
    assert.equal(await maybeNext(helper.getNode("out"), 100), undefined, "no command output");
  });

  it("commands from Home Assistant reach the router: AP switch, SIM select, priority, cellular reset and rescan, SMS", async () => {
    await load(handle, { smsTo: "+4917012345678" });
    await announced();
    const out = helper.getNode("out");

    let done = collect(out, 1);
    await ha.publish(`${BASE}/ap/set`, "OFF");
    let msg = (await done)[0];
    assert.equal(handle.sim.control.state.ap.enable, false);
    assert.deepEqual([msg.topic, msg.payload, (msg.peplink as Msg).endpoint], ["homeassistant/ap", "off", "cmd.ap"]);
    await stateBecomes("ap", "OFF");

    done = collect(out, 1);
    await ha.publish(`${BASE}/wan4_sim/set`, "SIM B only");
    await done;
    assert.equal(handle.sim.control.state.active.wan["4"].cellular!.simCardScheme, "2");
    await stateBecomes("wan4_sim", "SIM B only");

    done = collect(out, 1);
    await ha.publish(`${BASE}/wan2_priority/set`, "3.0");
    msg = (await done)[0]!;
    assert.equal(msg.payload, 3);
    assert.equal(handle.sim.control.state.active.wan["2"].priority, 3, "applied at once (instantActive)");
    await stateBecomes("wan2_priority", "3");

    handle.sim.control.clearLog();
    done = collect(out, 2);
    await ha.publish(`${BASE}/wan4_reset/set`, "PRESS");
    await ha.publish(`${BASE}/wan4_rescan/set`, "PRESS");
    await done;
    assert.deepEqual(posts(handle).sort(), ["cmd.cellularModule.rescanNetwork", "cmd.cellularModule.reset"]);

    done = collect(out, 2);
    await ha.publish(`${BASE}/sms/set`, "Router says hi");
    await ha.publish(`${BASE}/sms/set`, JSON.stringify({ to: ["+4915112345678"], message: "To another phone", connId: 4 }));
    const sent = await done;
    assert.deepEqual(
      handle.sim.control.sentSms().map((m) => [m.address, m.content]),
      [
        ["+4917012345678", "Router says hi"],
        ["+4915112345678", "To another phone"],
      ],
    );
    assert.deepEqual(sent[1].payload, { to: ["+4915112345678"], sent: ["+4915112345678"] });
  });

  it("a read-only API client: controls become sensors of their state, no buttons or SMS notify, a command is refused unsent", async () => {
    await load(handle, {}, [], {}, "api.read-only");
    const readOnlyKeys = FULL_KEYS.filter((k) => !["sms", "wan4_reset", "wan4_rescan"].includes(k));
    const parsed = await announced(readOnlyKeys);
    assert.deepEqual(keysOf(parsed), readOnlyKeys);
    assert.deepEqual(checkDiscovery(parsed, { retained: await broker.retained("#") }), []);
    const component = (key: string): string => parsed.find((c) => c.objectId === key)!.component;
    assert.deepEqual(
      [component("ap"), component("wan4_sim"), component("wan1_priority")],
      ["binary_sensor", "sensor", "sensor"],
      "the AP switch, SIM select and priority number are read-only entities",
    );
    for (const c of parsed) {
      assert.equal(c.config.command_topic, undefined, `${c.objectId} has no command topic`);
      assert.notEqual(c.config.entity_category, "config", `${c.objectId}: sensors cannot be config entities`);
    }
    await stateBecomes("ap", "ON");
    await stateBecomes("wan4_sim", "Both, prefer SIM A");
    await stateBecomes("wan1_priority", "1");

    // A command anyway (a stale Home Assistant entity, a hand-made publish): refused by the node, nothing sent.
    handle.sim.control.clearLog();
    const error = collect(helper.getNode("caught"), 1);
    await ha.publish(`${BASE}/ap/set`, "OFF");
    assert.match(
      errorText((await error)[0]),
      new RegExp(`^command on ${BASE}/ap/set: topic: no control "ap": the device signs in read-only`),
    );
    assert.deepEqual(posts(handle), []);
    assert.equal(handle.sim.control.state.ap.enable, true);
  });

  it("a router without a serial number (and, like real routers, no WAN MAC) is identified by its device config node, with a warning", async () => {
    // The MAC branch is covered in homeassistant-identity.test.ts: neither the simulator nor the captured routers report WAN MACs.
    handle.sim.control.state.device.serialNumber = "";
    await load(handle);
    await ha.nextOn("peplink/nr-dev1/availability", "online");
    const parsed = (await configs()).filter((c) => c.nodeId === "peplink_nr-dev1");
    assert.ok(
      parsed.some((c) => c.objectId === "wan1_state"),
      "announced under the device config node's id",
    );
    const deviceBlock = parsed[0].config.device as { identifiers: string[]; serial_number?: string; sw_version?: string };
    assert.deepEqual(deviceBlock.identifiers, ["peplink_nr-dev1"]);
    assert.equal(deviceBlock.serial_number, undefined);
    assert.equal(deviceBlock.sw_version, "8.3.0 build 5229", "the other facts are still read");
    const warnings = warningsOf("n1");
    assert.ok(
      warnings.some((w) => /identified by its peplink-device config node \(dev1\)/.test(w)),
      warnings.join("\n"),
    );
  });

  it("ignores a retained command (it would run again at every restart) and says so; live commands still run", async () => {
    await ha.publish(`${BASE}/ap/set`, "OFF", true);
    await load(handle);
    await announced();
    await until(() => warningsOf("n1").some((w) => w.includes(`ignored a retained command on ${BASE}/ap/set`)), "the warning");
    assert.equal(handle.sim.control.state.ap.enable, true);
    assert.deepEqual(posts(handle), []);
    await ha.publish(`${BASE}/ap/set`, "OFF");
    await until(() => !handle.sim.control.state.ap.enable, "the live command");
  });

  it("publishes state on change only: nothing while the router stays the same, only what changed when a WAN changes", async () => {
    await load(handle);
    await announced();
    // Two polls for everything to settle (the SIM and SMS pollers start after the first WAN answer).
    await sleep(2200);
    const from = ha.messages.length;
    const polls = requestsTo(handle.sim, "status.wan.connection");
    await sleep(3200);
    assert.ok(requestsTo(handle.sim, "status.wan.connection") - polls >= 2, "the router was polled");
    assert.deepEqual(
      ha.messages.slice(from).map((m) => m.topic),
      [],
      "no message while nothing changed",
    );

    handle.sim.control.setWanState(3, "connected");
    await ha.nextOn(`${BASE}/wan3_state`, "connected", from);
    await sleep(1200);
    const changed = new Set(ha.messages.slice(from).map((m) => m.topic));
    // The Wi-Fi WAN connected: its state, connectivity, attributes (message, IP) and signal (a new entity).
    for (const topic of [
      `${BASE}/wan3_state`,
      `${BASE}/wan3_connected`,
      `${BASE}/wan3_state/attributes`,
      `${BASE}/wan3_signal`,
      `${PREFIX}/sensor/${NODE_ID}/wan3_signal/config`,
    ]) {
      assert.ok(changed.has(topic), `${topic} published`);
    }
    for (const topic of changed) {
      assert.ok(/wan3_|^peplink\/[^/]+\/wan[0-9]+_(state|connected)/.test(topic), `only what changed: ${topic}`);
    }
  });

  it("availability: online, offline while the router does not answer, online again when it does", async () => {
    await load(handle);
    await announced();
    const from = ha.messages.length;
    const caught = collect(helper.getNode("caught"), 1);
    handle.sim.control.injectFault({ kind: "http500", count: Infinity });
    await ha.nextOn(`${BASE}/availability`, "offline", from);
    assert.equal((await broker.retained(`${BASE}/availability`)).get(`${BASE}/availability`), "offline");
    assert.match(errorText((await caught)[0]), /^status\.wan\.connection: the router answered HTTP 500/);
    handle.sim.control.clearFaults();
    await ha.nextOn(`${BASE}/availability`, "online", ha.messages.length);
    // Configs stay announced through the outage.
    assert.deepEqual(keysOf(await configs()), FULL_KEYS);
  });

  it("another router at the same address after an outage: the old device's entities go, the new one is announced", async () => {
    await load(handle);
    await announced();
    handle.sim.control.injectFault({ kind: "http500", count: Infinity });
    await ha.nextOn(`${BASE}/availability`, "offline");
    // A replacement router (another serial number) answers at the same address.
    handle.sim.control.state.device.serialNumber = "2001-AAAA-BBBB";
    handle.sim.control.clearFaults();
    await ha.nextOn("peplink/2001-aaaa-bbbb/availability", "online");
    await until(() => warningsOf("n1").some((w) => w.includes("now 2001-aaaa-bbbb (was 1934-a1b2-c3d4)")), "the identity-changed warning");
    const parsed = await configs();
    assert.deepEqual(
      parsed.filter((c) => c.nodeId === NODE_ID).map((c) => c.objectId),
      [],
      "the old router's configs are removed",
    );
    assert.ok(parsed.some((c) => c.nodeId === "peplink_2001-aaaa-bbbb" && c.objectId === "wan1_state"));
  });

  it("offline on redeploy and when Node-RED stops the node; deleting the node removes its entities (empty retained configs)", async () => {
    const { credentials } = await load(handle);
    await announced();
    // A redeploy of the flows: the old node closes (offline), the new one comes back online.
    const from = ha.messages.length;
    const flows = (helper as unknown as { _redNodes: { getFlows(): { flows: object[] } } })._redNodes.getFlows().flows;
    const changed = flows.map((n) => ((n as Msg).id === "n1" ? { ...(n as Msg), interval: 2 } : n));
    await helper.setFlows(changed, "full", credentials);
    const off = await ha.nextOn(`${BASE}/availability`, "offline", from);
    await ha.nextOn(`${BASE}/availability`, "online", ha.messages.indexOf(off) + 1);
    assert.deepEqual(keysOf(await configs()), FULL_KEYS, "configs stay on a redeploy");

    // Deleted: empty retained configs, states cleared.
    await helper.setFlows(
      changed.filter((n) => (n as Msg).id !== "n1"),
      "full",
      credentials,
    );
    await until(() => ha.messages.some((m) => m.topic.endsWith("/wan4_sim/config") && m.payload === ""), "empty config of wan4_sim");
    const end = Date.now() + 5000;
    while ((await configs()).length > 0 && Date.now() < end) await sleep(50);
    assert.deepEqual(keysOf(await configs()), [], "every config removed");
    const left = [...(await broker.retained("peplink/#")).keys()];
    assert.deepEqual(left, [], "no retained state left");
  });

  it("offline when the flows stop (Node-RED shuts down)", async () => {
    await load(handle);
    await announced();
    await helper.unload();
    await until(() => ha.messages.some((m) => m.topic === `${BASE}/availability` && m.payload === "offline"), "offline");
    assert.equal((await broker.retained(`${BASE}/availability`)).get(`${BASE}/availability`), "offline");
    assert.deepEqual(keysOf(await configs()), FULL_KEYS, "a stop is not a removal: the entities stay");
  });

  it("publishes every config again when Home Assistant sends its birth message", async () => {
    await load(handle);
    await announced();
    await sleep(1200);
    const from = ha.messages.length;
    await ha.publish(`${PREFIX}/status`, "online");
    await until(() => ha.messages.slice(from).filter((m) => m.topic.endsWith("/config")).length >= FULL_KEYS.length, "every config again");
    const again = ha.messages.slice(from);
    assert.ok(
      again.some((m) => m.topic === `${BASE}/availability` && m.payload === "online"),
      "availability again",
    );
    assert.ok(
      again.some((m) => m.topic === `${BASE}/wan1_state` && m.payload === "connected"),
      "states again",
    );
    // Something else on the status topic is not a birth.
    const later = ha.messages.length;
    await ha.publish(`${PREFIX}/status`, "offline");
    await sleep(300);
    assert.equal(ha.messages.slice(later).filter((m) => m.topic.endsWith("/config")).length, 0);
  });

  it("announces nothing for what the router lacks: no AP, no GPS, no cellular WAN", async () => {
    handle.sim.control.state.ap.support = false;
    handle.sim.control.state.location = null;
    const state = handle.sim.control.state;
    state.wanOrder = state.wanOrder.filter((id) => id !== 4);
    await load(handle);
    await announced(["wan1_state"]);
    await sleep(1500);
    const keys = keysOf(await configs());
    for (const key of keys) assert.ok(!/^(ap|location|sms)$|^wan4_/.test(key), `${key} is not announced`);
    assert.ok(keys.includes("wan5_state") && keys.includes("clients"));
    // No cellular WAN: no SIM or SMS poll either.
    assert.equal(requestsTo(handle.sim, "cmd.wan.cellular") + requestsTo(handle.sim, "cmd.sms.get"), 0);
  });

  it("announces the location only once the router has a GPS fix", async () => {
    handle.sim.control.setLocation({ gps: false });
    await load(handle);
    await announced(["wan1_state"]);
    await sleep(1200);
    assert.ok(!keysOf(await configs()).includes("location"), "no tracker without a fix");
    handle.sim.control.setLocation({ latitude: 52.52, longitude: 13.405 });
    await until(() => ha.messages.some((m) => m.topic.endsWith("/location/config")), "tracker announced");
    const attributes = JSON.parse((await broker.retained(`${BASE}/location/attributes`)).get(`${BASE}/location/attributes`)!) as Msg;
    assert.deepEqual([attributes.latitude, attributes.longitude, attributes.fix], [52.52, 13.405, true]);
  });

  it("removes the entities of a WAN the router no longer has", async () => {
    await load(handle);
    await announced();
    const state = handle.sim.control.state;
    state.wanOrder = state.wanOrder.filter((id) => id !== 5);
    await until(
      () => ha.messages.some((m) => m.topic === `${PREFIX}/sensor/${NODE_ID}/wan5_state/config` && m.payload === ""),
      "wan5 removed",
    );
    await sleep(200);
    const keys = keysOf(await configs());
    assert.deepEqual(
      keys.filter((k) => k.startsWith("wan5_")),
      [],
    );
    assert.ok(keys.includes("wan4_state"));
  });

  it("removes retained configs an earlier run left for entities the router no longer has", async () => {
    // As if a WAN 9 existed when Node-RED last ran, and a setting announced something under another key.
    const stale = [`${PREFIX}/sensor/${NODE_ID}/wan9_state/config`, `${PREFIX}/event/${NODE_ID}/wan4_sms_old/config`];
    for (const topic of stale) await ha.publish(topic, JSON.stringify({ name: "old", state_topic: "~/old", "~": BASE }), true);
    const other = `${PREFIX}/sensor/peplink_someone-else/wan9_state/config`;
    await ha.publish(other, JSON.stringify({ name: "another router" }), true);
    await load(handle);
    await announced();
    await until(() => stale.every((t) => ha.messages.some((m) => m.topic === t && m.payload === "")), "the stale configs cleared", 10_000);
    const retained = await broker.retained(`${PREFIX}/#`);
    for (const topic of stale) assert.ok(!retained.has(topic), `${topic} removed`);
    assert.ok(retained.has(other), "another router's config is not touched");
    assert.deepEqual(
      keysOf(await configs()).filter((k) => !k.startsWith("wan9")),
      FULL_KEYS,
    );
  });

  it("a received SMS becomes an event (not retained) and an output message", async () => {
    await load(handle);
    await announced();
    await sleep(1500);
    const from = ha.messages.length;
    const out = collect(helper.getNode("out"), 1);
    handle.sim.control.injectSms({ sender: "+4917099999999", content: "Gate open" });
    const event = await ha.next((m) => m.topic === `${BASE}/wan4_sms`, "SMS event", 8000, from);
    assert.equal(event.retain, false);
    const payload = JSON.parse(event.payload) as Msg;
    assert.deepEqual([payload.event_type, payload.from, payload.text], ["received", "+4917099999999", "Gate open"]);
    const msg = (await out)[0];
    assert.deepEqual([msg.payload, msg.from, msg.topic], ["Gate open", "+4917099999999", "sms/+4917099999999"]);
    assert.equal((await broker.retained(`${BASE}/wan4_sms`)).size, 0);
  });

  it("adds no router request for an endpoint a peplink-status node polls at the same interval", async () => {
    const status = {
      id: "s1",
      type: "peplink-status",
      device: "dev1",
      endpoint: "status.wan.connection",
      params: "",
      interval: 1,
      onlyChanged: false,
      topic: "",
      wires: [["out2"]],
    };
    await load(handle, {}, [status, { id: "out2", type: "helper" }]);
    await announced();
    await sleep(1500);
    handle.sim.control.clearLog();
    const statusOut = collect(helper.getNode("out2"), 3, 6000);
    await statusOut;
    const wanPolls = requestsTo(handle.sim, "status.wan.connection");
    // Three ticks of the shared poller: three requests (four if a tick fell just before the log was cleared), not six.
    assert.ok(wanPolls >= 3 && wanPolls <= 4, `status.wan.connection polled ${wanPolls} times for 3 status outputs`);
    assert.ok(
      apiRequests(handle.sim).every((e) => e !== "status.system.info"),
      "the identity is not read per tick",
    );
  });

  it("uses the broker's Last Will as a second availability topic when the broker node has a will and a birth on one topic", async () => {
    await load(handle, {}, [], {
      willTopic: "nodered/status",
      willPayload: "offline",
      birthTopic: "nodered/status",
      birthPayload: "online",
    });
    const parsed = await announced();
    assert.deepEqual(config(parsed, "wan1_state").availability, [
      { topic: `${BASE}/availability` },
      { topic: "nodered/status", payload_available: "online", payload_not_available: "offline" },
    ]);
    assert.equal(config(parsed, "wan1_state").availability_mode, "all");
    assert.deepEqual(checkDiscovery(parsed, { retained: await broker.retained("#") }), []);
  });

  it("publishes everything again after the MQTT connection was lost", async () => {
    await load(handle);
    await announced();
    // Drop every client (our HA client too, so reconnect it) while the broker keeps its retained messages.
    broker.dropClients();
    await ha.close().catch(() => undefined);
    ha = await HaClient.connect(broker, [`${PREFIX}/#`, "peplink/#"]);
    await ha.next((m) => m.topic === `${BASE}/availability` && !m.retain, "availability published again after reconnect", 15000);
    // Live (not retained) copies reach the new subscriber only when the node publishes them again: every config.
    const republished = (): Set<string> =>
      new Set(ha.messages.filter((m) => !m.retain && m.topic.endsWith("/config")).map((m) => m.topic.split("/")[3]));
    await until(() => FULL_KEYS.every((k) => republished().has(k)), "every config published again", 15000).catch(() =>
      assert.fail(`not published again: ${FULL_KEYS.filter((k) => !republished().has(k)).join(", ")}`),
    );
  });

  it("a second node for the same router reports it and publishes nothing (the unique ids would clash)", async () => {
    const second = haNode({ id: "n2", baseTopic: "other", wires: [[]] });
    await load(handle, {}, [second]);
    // Reported when the second node has read the router's identity (after the deploy): to Catch.
    const error = await collect(helper.getNode("caught"), 1);
    assert.match(errorText(error[0]), /^router 1934-a1b2-c3d4 is already published by another peplink-homeassistant node/);
    // Whichever of the two read the identity first publishes; the other publishes nothing at all.
    await until(() => ha.messages.some((m) => m.topic.endsWith("/availability") && m.payload === "online"), "one node online");
    await sleep(1200);
    const bases = new Set((await configs()).map((c) => c.config["~"]));
    assert.equal(bases.size, 1, `configs of one node only: ${[...bases].join(", ")}`);
    const other = [...bases][0] === BASE ? "other" : "peplink";
    assert.deepEqual([...(await broker.retained(`${other}/#`)).keys()], [], "the refused node published no state");
  });

  it("reports bad settings once, to Catch, and does nothing", async () => {
    await load(handle, { interval: 0, prefix: "home/#" });
    const caught = await collect(helper.getNode("caught"), 1);
    assert.match(errorText(caught[0]), /^prefix setting: must be topic levels/);
    assert.equal(await maybeNext(helper.getNode("caught"), 300), undefined, "reported once");
    assert.deepEqual(apiRequests(handle.sim), []);
    assert.equal((await broker.retained("#")).size, 0);
  });
});
