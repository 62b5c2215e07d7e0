/**
 * Figure "Home Assistant": what one router costs with peplink-homeassistant —
 * MQTT messages the node publishes and requests the router gets, per minute —
 * idle and with one WAN flapping (WAN 1 flips at every poll, through the
 * simulator's control API), alone and beside a peplink-status node that polls
 * status.wan.connection at the same interval (the shared pollers: it should
 * add no request for that endpoint).
 *
 * The broker is aedes in this process (loopback); Node-RED is a fresh process
 * with its core mqtt-broker node. Messages are counted at the broker (every
 * PUBLISH from a client), requests at the simulator (sign-in excluded).
 */
"use strict";
const https = require("node:https");
const F = require("../lib/flows");
const { startBenchNodeRed } = require("../lib/node-red");
const { sleep, waitFor } = require("../lib/util");
const { mqttBrokerNode, startMqttBroker } = require("../../scripts/lib/mqtt-broker");

const INTERVAL_S = 10;

/** The broker, counting every PUBLISH from a client (not the broker's own $SYS messages). */
async function startBroker() {
  const counts = { messages: 0, bytes: 0 };
  const broker = await startMqttBroker({
    onPublish: (packet, client) => {
      if (!client) return;
      counts.messages++;
      counts.bytes += packet.payload ? packet.payload.length : 0;
    },
  });
  return { port: broker.port, counts, close: broker.close };
}

function haNode(id, deviceId, brokerId) {
  return {
    id,
    type: "peplink-homeassistant",
    z: F.TAB,
    name: "",
    device: deviceId,
    broker: brokerId,
    prefix: "homeassistant",
    baseTopic: "peplink",
    interval: INTERVAL_S,
    deviceName: "",
    smsTo: "",
    smsConnId: "",
    smsEvents: true,
    wires: [[]],
  };
}

/** POST to the simulator's control API (self-signed: not verified, loopback only). */
function control(port, route, body) {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = https.request(
      {
        host: "127.0.0.1",
        port,
        path: `/_simulator${route}`,
        method: "POST",
        rejectUnauthorized: false,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(data) },
      },
      (res) => {
        res.resume();
        res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`control ${route}: HTTP ${res.statusCode}`))));
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

function apiRequests(counters) {
  let n = 0;
  for (const [endpoint, count] of Object.entries(counters.byEndpoint))
    if (endpoint !== "auth.token.grant" && endpoint !== "login") n += count;
  return n;
}

/** One window: messages and requests per minute (and per endpoint), optionally flapping WAN 1 at every poll. */
async function measure(host, port, broker, { seconds, flapping }) {
  const before = (await host.call("counters", { ports: [port] }))[0];
  const messages = broker.counts.messages;
  let flips = 0;
  let stop = false;
  const flapper = (async () => {
    while (flapping && !stop) {
      await sleep(INTERVAL_S * 1000);
      if (stop) break;
      await control(port, "/wan/1", { state: flips % 2 === 0 ? "disconnected" : "connected" });
      flips++;
    }
  })();
  await sleep(seconds * 1000);
  stop = true;
  await flapper;
  const after = (await host.call("counters", { ports: [port] }))[0];
  const perMin = (n) => (n * 60) / seconds;
  const byEndpoint = {};
  for (const [endpoint, count] of Object.entries(after.byEndpoint)) {
    const d = count - (before.byEndpoint[endpoint] || 0);
    if (d > 0 && endpoint !== "auth.token.grant" && endpoint !== "login") byEndpoint[endpoint] = perMin(d);
  }
  if (flapping && flips % 2 === 1) await control(port, "/wan/1", { state: "connected" });
  return {
    seconds,
    flips,
    mqttPerMin: perMin(broker.counts.messages - messages),
    requestsPerMin: perMin(apiRequests(after) - apiRequests(before)),
    wanPollsPerMin: byEndpoint["status.wan.connection"] || 0,
    byEndpoint,
  };
}

/**
 * Runs the four windows: alone idle, alone flapping, with a peplink-status
 * node idle, with it flapping. `seconds` per window (default 60).
 */
async function homeAssistant(host, progress, { seconds = 60 } = {}) {
  const { ports, fingerprint } = await host.start(1);
  const port = ports[0];
  const broker = await startBroker();
  const red = await startBenchNodeRed();
  const results = {};
  try {
    const base = [
      F.tab("fig: Home Assistant"),
      F.device("dev", "router", port, fingerprint),
      mqttBrokerNode("mqtt", "bench broker", broker.port),
      haNode("ha", "dev", "mqtt"),
    ];
    const withStatus = [...base, F.status("status", "dev", "status.wan.connection", INTERVAL_S, [])];
    for (const [name, flows] of [
      ["alone", base],
      ["withStatus", withStatus],
    ]) {
      const published = broker.counts.messages;
      await red.deploy(flows);
      // Announced and every poller running (the SIM and SMS pollers join after the first WAN answer).
      await waitFor(async () => broker.counts.messages > published + 40, { timeoutMs: 30_000, everyMs: 200 });
      await sleep(2 * INTERVAL_S * 1000);
      results[name] = {
        idle: await measure(host, port, broker, { seconds, flapping: false }),
        flapping: await measure(host, port, broker, { seconds, flapping: true }),
      };
      const r = results[name];
      progress(
        `  ${name}: idle ${r.idle.mqttPerMin.toFixed(1)} MQTT/min, ${r.idle.requestsPerMin.toFixed(1)} requests/min; ` +
          `flapping ${r.flapping.mqttPerMin.toFixed(1)} MQTT/min, ${r.flapping.requestsPerMin.toFixed(1)} requests/min`,
      );
    }
  } finally {
    await red.stop();
    await broker.close();
    await host.call("closeAll");
  }
  return { intervalS: INTERVAL_S, ...results };
}

const START = "<!-- figure: homeassistant -->";
const END = "<!-- /figure: homeassistant -->";
const f1 = (n) => (Math.round(n * 10) / 10).toString();

/** The figure's table (terminal) and its section of docs/benchmarks.md (between markers). */
function render(r, machineLine = "") {
  const rows = [];
  for (const [label, key] of [
    ["peplink-homeassistant alone", "alone"],
    ["… and a peplink-status node (status.wan.connection, same interval)", "withStatus"],
  ]) {
    for (const state of ["idle", "flapping"]) {
      const m = r[key][state];
      rows.push(
        `| ${label} | ${state === "idle" ? "idle" : `WAN 1 flapping (${m.flips} flips)`} | ${f1(m.mqttPerMin)} | ${f1(m.requestsPerMin)} | ${f1(m.wanPollsPerMin)} |`,
      );
    }
  }
  const byEndpoint = Object.entries(r.alone.idle.byEndpoint)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([e, n]) => `\`${e}\` ${f1(n)}`)
    .join(", ");
  const table = [
    `Home Assistant (one router, poll every ${r.intervalS} s, ${r.alone.idle.seconds} s per window):`,
    ...rows.map((row) =>
      row
        .replace(/^\| | \|$/g, "")
        .split(" | ")
        .join("  ·  "),
    ),
  ].join("\n");
  const markdown = `${START}
### Home Assistant (peplink-homeassistant)

One router (the simulator), one \`peplink-homeassistant\` node polling every
${r.intervalS} s, Node-RED's core \`mqtt-broker\` node and an aedes broker on
loopback. MQTT messages are every PUBLISH the node sent (counted at the
broker), requests every API request the router got (sign-in excluded), per
minute over ${r.alone.idle.seconds} s windows after the entities were
announced. *Flapping*: WAN 1 disconnected / connected again at every poll
through the simulator's control API. The second pair of rows adds a
\`peplink-status\` node reading \`status.wan.connection\` at the same interval.${machineLine ? `\n\n${machineLine}` : ""}

| flow | router | MQTT messages / min | router requests / min | of them \`status.wan.connection\` |
|---|---|---|---|---|
${rows.join("\n")}

- Idle, the node publishes **nothing** (states on change only; uptime and GPS
  timestamps are not published); a WAN flip publishes its state,
  connectivity and attributes, and those of the WANs that take over (failover).
- The requests are one per source and poll: ${byEndpoint} (per minute).
  The identity (\`status.system.info\`, \`info.firmware\`) is read at start and
  after an outage only.
- With the \`peplink-status\` node beside it the router gets the **same**
  number of requests: both join the device's shared poller.

Run this figure alone: \`npm run build && node bench/figures/homeassistant.js\`
(rewrites this section of docs/benchmarks.md).
${END}
`;
  return { table, markdown };
}

/** Puts the section into docs/benchmarks.md: replaces the marked one, else appends it. */
function writeSection(file, markdown) {
  const fs = require("node:fs");
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  const next =
    a >= 0 && b > a ? `${text.slice(0, a)}${markdown.trimEnd()}${text.slice(b + END.length)}` : `${text.trimEnd()}\n\n${markdown}`;
  fs.writeFileSync(file, next.endsWith("\n") ? next : `${next}\n`);
}

module.exports = { homeAssistant, render };

// `node bench/figures/homeassistant.js [seconds]`: this figure alone, into its section of docs/benchmarks.md.
if (require.main === module) {
  const path = require("node:path");
  const { startSimHost } = require("../lib/sims");
  const { machine } = require("../lib/report");
  (async () => {
    const host = await startSimHost();
    try {
      const seconds = Number(process.argv[2]) || 60;
      const result = await homeAssistant(host, (t) => process.stderr.write(`${t}\n`), { seconds });
      const m = machine();
      const { table, markdown } = render(
        result,
        `Measured on ${m.cpu}, ${m.cores} cores · Node.js ${m.node} · Node-RED ${m.nodeRed} · ${m.date}.`,
      );
      process.stdout.write(`${table}\n`);
      writeSection(path.join(__dirname, "..", "..", "docs", "benchmarks.md"), markdown);
    } finally {
      await host.stop();
    }
  })().catch((err) => {
    process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  });
}
