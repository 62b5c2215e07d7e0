/**
 * The demo flow `npm start` deploys: router status and WAN events in the debug
 * sidebar, a failover-to-SMS alert, incoming SMS (with an SMS command that
 * switches the AP), and buttons that drive the simulator (unplug a WAN, text
 * the router). Built for one running simulator: its port, certificate
 * fingerprint and a fresh API client, and the demo's MQTT broker (Home
 * Assistant section). Laid out to fit the workspace of a 1600 px wide window
 * beside the palette and the debug sidebar (the browser test checks it).
 */
"use strict";
const { mqttBrokerNode } = require("./lib/mqtt-broker");

/**
 * @param {{ port: number, fingerprint: string, clientId: string, clientSecret: string, mqttPort: number }} sim
 * @returns {object[]} flow nodes (the device carries its credentials for the deploy)
 */
function demoFlow(sim) {
  const z = "demo-tab";
  const control = `https://127.0.0.1:${sim.port}/_simulator`;
  const debug = (id, name, x, y, complete = "payload", tostatus = true) => ({
    id,
    type: "debug",
    z,
    name,
    active: true,
    tosidebar: true,
    console: false,
    tostatus,
    complete,
    targetType: complete === "true" ? "full" : "msg",
    statusVal: "payload",
    statusType: "auto",
    x,
    y,
    wires: [],
  });
  const inject = (id, name, payload, x, y, wires) => ({
    id,
    type: "inject",
    z,
    name,
    props: [{ p: "payload" }],
    repeat: "",
    crontab: "",
    once: false,
    onceDelay: 0.1,
    topic: "",
    payload: JSON.stringify(payload),
    payloadType: "json",
    x,
    y,
    wires: [wires],
  });
  const post = (id, name, url, x, y) => ({
    id,
    type: "http request",
    z,
    name,
    method: "POST",
    ret: "obj",
    paytoqs: "ignore",
    url,
    tls: "demo-tls-insecure",
    persist: false,
    proxy: "",
    insecureHTTPParser: false,
    authType: "",
    senderr: false,
    headers: [],
    x,
    y,
    wires: [[]],
  });

  return [
    { id: z, type: "tab", label: "Peplink demo", disabled: false, info: "Deployed by `npm start` against the Peplink simulator." },
    {
      id: "demo-readme",
      type: "comment",
      z,
      name: "Peplink demo: a simulated router — open me",
      info:
        `This flow talks to the Peplink simulator at https://127.0.0.1:${sim.port} (started by \`npm start\`).\n\n` +
        "* **Router status**: WAN status every 10 s (only when it changes) and the GPS position.\n" +
        "* **Failover alert**: WAN events → when a WAN goes down, an SMS is sent.\n" +
        "* **Incoming SMS**: every new SMS, and an SMS command: text `AP OFF` / `AP ON` to switch the Wi-Fi AP.\n" +
        "* **Try it**: the buttons unplug / re-plug WAN 1 and text the router, through the simulator's control API.\n" +
        `* **Home Assistant**: the router as a Home Assistant device over MQTT discovery, on the demo's broker mqtt://127.0.0.1:${sim.mqttPort}; ` +
        "the two MQTT watchers show the discovery configs and the states as Home Assistant would receive them.\n\n" +
        "The device node pins the simulator's certificate and signs in with an API client, as you would with a real router.",
      x: 220,
      y: 40,
      wires: [],
    },
    {
      id: "demo-device",
      type: "peplink-device",
      name: "Simulated router",
      host: "127.0.0.1",
      port: String(sim.port),
      protocol: "https",
      trust: "pin",
      fingerprint: sim.fingerprint,
      authMode: "client",
      scope: "",
      timeout: 10,
      maxConcurrent: 2,
      queueLimit: 1000,
      credentials: { clientId: sim.clientId, clientSecret: sim.clientSecret },
    },
    {
      id: "demo-tls-insecure",
      type: "tls-config",
      name: "simulator control (self-signed)",
      cert: "",
      key: "",
      ca: "",
      certname: "",
      keyname: "",
      caname: "",
      servername: "",
      verifyservercert: false,
      alpnprotocol: "",
    },

    // Router status
    { id: "demo-c-status", type: "comment", z, name: "Router status", x: 130, y: 100, wires: [] },
    {
      id: "demo-status-wan",
      type: "peplink-status",
      z,
      name: "WAN status",
      device: "demo-device",
      endpoint: "status.wan.connection",
      params: {},
      interval: 10,
      onlyChanged: true,
      ignoreKeys: "timestamp, reportTimestamp, uptime",
      topic: "",
      x: 150,
      y: 140,
      wires: [["demo-debug-wan"]],
    },
    debug("demo-debug-wan", "WAN status", 380, 140),
    {
      id: "demo-status-gps",
      type: "peplink-status",
      z,
      name: "GPS position",
      device: "demo-device",
      endpoint: "info.location",
      params: {},
      interval: 30,
      onlyChanged: false,
      ignoreKeys: "timestamp",
      topic: "",
      x: 150,
      y: 180,
      wires: [["demo-debug-gps"]],
    },
    debug("demo-debug-gps", "GPS", 380, 180),

    // Failover alert
    { id: "demo-c-failover", type: "comment", z, name: "Failover alert: a WAN goes down → SMS", x: 190, y: 240, wires: [] },
    {
      id: "demo-wan-events",
      type: "peplink-wan-events",
      z,
      name: "WAN events",
      device: "demo-device",
      interval: 2,
      connIds: "",
      emitOnStart: false,
      x: 140,
      y: 280,
      wires: [["demo-debug-events", "demo-is-down"]],
    },
    debug("demo-debug-events", "WAN event", 380, 280),
    {
      id: "demo-is-down",
      type: "switch",
      z,
      name: "went down?",
      property: "payload.state",
      propertyType: "msg",
      rules: [{ t: "eq", v: "disconnected", vt: "str" }],
      checkall: "true",
      repair: false,
      outputs: 1,
      x: 380,
      y: 320,
      wires: [["demo-alert-text"]],
    },
    {
      id: "demo-alert-text",
      type: "function",
      z,
      name: "alert text",
      func:
        "const w = msg.payload;\n" +
        "msg.payload = `Router alert: WAN ${w.connId} (${w.name}) is ${w.state}: ${w.message}. Was ${w.previousState}.`;\n" +
        "return msg;",
      outputs: 1,
      timeout: 0,
      noerr: 0,
      initialize: "",
      finalize: "",
      libs: [],
      x: 540,
      y: 320,
      wires: [["demo-sms-send"]],
    },
    {
      id: "demo-sms-send",
      type: "peplink-sms-send",
      z,
      name: "SMS the on-call phone",
      device: "demo-device",
      to: "+15550001111",
      toType: "str",
      connId: "",
      x: 730,
      y: 320,
      wires: [["demo-debug-sent"]],
    },
    // No status text under it: the SMS node above says whom it sent to, and the flow stays narrow.
    debug("demo-debug-sent", "SMS sent", 920, 320, "true", false),

    // Incoming SMS and an SMS command
    { id: "demo-c-sms", type: "comment", z, name: "Incoming SMS, and the SMS command AP ON / AP OFF", x: 220, y: 380, wires: [] },
    {
      id: "demo-sms-in",
      type: "peplink-sms-in",
      z,
      name: "SMS in (cellular WAN 4)",
      device: "demo-device",
      connId: "4",
      interval: 3,
      emitExisting: false,
      topic: "",
      x: 160,
      y: 420,
      wires: [["demo-debug-sms", "demo-ap-command"]],
    },
    debug("demo-debug-sms", "SMS received", 400, 420, "true"),
    {
      id: "demo-ap-command",
      type: "function",
      z,
      name: "AP ON / AP OFF?",
      func:
        "const text = String(msg.payload).trim().toUpperCase();\n" +
        "if (text === 'AP ON') { msg.payload = 'on'; return msg; }\n" +
        "if (text === 'AP OFF') { msg.payload = 'off'; return msg; }\n" +
        "return null;",
      outputs: 1,
      timeout: 0,
      noerr: 0,
      initialize: "",
      finalize: "",
      libs: [],
      x: 410,
      y: 460,
      wires: [["demo-ap"]],
    },
    {
      id: "demo-ap",
      type: "peplink-ap",
      z,
      name: "Wi-Fi AP",
      device: "demo-device",
      action: "read",
      topic: "",
      x: 610,
      y: 460,
      wires: [["demo-debug-ap"]],
    },
    debug("demo-debug-ap", "AP state", 800, 460),

    // Simulator controls
    { id: "demo-c-try", type: "comment", z, name: "Try it: drive the simulator (its control API)", x: 210, y: 520, wires: [] },
    inject("demo-unplug", "Unplug WAN 1", { state: "disconnected" }, 140, 560, ["demo-wan1"]),
    inject("demo-plug", "Plug WAN 1 back", { state: "connected" }, 150, 600, ["demo-wan1"]),
    post("demo-wan1", "set WAN 1 state", `${control}/wan/1`, 400, 580),
    inject("demo-text-hello", "Text the router: hello", { sender: "+15559876543", content: "Hello from the demo phone" }, 170, 650, [
      "demo-sms",
    ]),
    inject("demo-text-ap-off", "Text the router: AP OFF", { sender: "+15559876543", content: "AP OFF" }, 170, 690, ["demo-sms"]),
    inject("demo-text-ap-on", "Text the router: AP ON", { sender: "+15559876543", content: "AP ON" }, 170, 730, ["demo-sms"]),
    post("demo-sms", "inject an SMS", `${control}/sms`, 420, 690),

    // Home Assistant over MQTT discovery
    { id: "demo-c-ha", type: "comment", z, name: "Home Assistant: the router as a device (MQTT discovery)", x: 790, y: 520, wires: [] },
    mqttBrokerNode("demo-mqtt", "demo broker (embedded)", sim.mqttPort),
    {
      id: "demo-ha",
      type: "peplink-homeassistant",
      z,
      name: "Home Assistant",
      device: "demo-device",
      broker: "demo-mqtt",
      prefix: "homeassistant",
      baseTopic: "peplink",
      interval: 10,
      deviceName: "",
      smsTo: "+15550001111",
      smsConnId: "",
      smsEvents: true,
      x: 640,
      y: 560,
      wires: [["demo-debug-ha"]],
    },
    debug("demo-debug-ha", "HA commands and SMS", 900, 560, "true"),
    {
      id: "demo-ha-configs",
      type: "mqtt in",
      z,
      name: "discovery configs",
      topic: "homeassistant/#",
      qos: "0",
      datatype: "auto-detect",
      broker: "demo-mqtt",
      nl: false,
      rap: true,
      rh: 0,
      inputs: 0,
      x: 640,
      y: 610,
      wires: [["demo-debug-ha-configs"]],
    },
    debug("demo-debug-ha-configs", "discovery", 900, 610),
    {
      id: "demo-ha-states",
      type: "mqtt in",
      z,
      name: "states",
      topic: "peplink/#",
      qos: "0",
      datatype: "auto-detect",
      broker: "demo-mqtt",
      nl: false,
      rap: true,
      rh: 0,
      inputs: 0,
      x: 630,
      y: 650,
      wires: [["demo-debug-ha-states"]],
    },
    debug("demo-debug-ha-states", "state", 900, 650),
  ];
}

module.exports = { demoFlow };
