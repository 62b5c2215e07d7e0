#!/usr/bin/env node
/**
 * `npm start`: the simulator, an MQTT broker (aedes, embedded, loopback) for
 * the Home Assistant part, plus a local Node-RED (user dir .node-red-demo/)
 * with this package and the demo flow wired to both. Prints the editor URL and
 * how to watch the MQTT topics; Ctrl-C stops everything it started.
 */
"use strict";
const path = require("path");
const fs = require("fs");
const { startSimulator } = require("../dist/simulator");
const { freePort, prepareUserDir, startNodeRed, deployFlows, root } = require("./lib/node-red-runner");
const { demoFlow } = require("./demo-flow");
const { startMqttBroker } = require("./lib/mqtt-broker");

const userDir = path.join(root, ".node-red-demo");
const timers = [];

function later(ms, what, action) {
  timers.push(
    setTimeout(() => {
      console.log(`[demo] ${what}`);
      try {
        action();
      } catch (err) {
        console.error(`[demo] ${what} failed: ${err.message}`);
      }
    }, ms),
  );
}

async function main() {
  const simPort = await freePort(8443);
  const sim = await startSimulator({ port: simPort });
  const client = sim.control.createClient({ name: "Node-RED demo", scope: "api" });
  console.log(`Peplink simulator on ${sim.url} (certificate SHA-256 ${sim.fingerprint})`);
  console.log(`  web admin users: admin/admin, viewer/viewer (read-only); control API ${sim.url}/_simulator`);
  // 1883 when free, like a Mosquitto next door.
  const mqtt = await startMqttBroker({ port: await freePort(1883) });
  console.log(`MQTT broker (embedded aedes) on mqtt://127.0.0.1:${mqtt.port}`);

  // The demo flow is rebuilt at each start: the simulator's certificate (and so
  // the pinned fingerprint) and its API client are new each time.
  prepareUserDir(userDir);
  for (const file of ["flows.json", "flows_cred.json", ".flows.json.backup", ".flows_cred.json.backup"]) {
    fs.rmSync(path.join(userDir, file), { force: true });
  }
  const redPort = await freePort(1880);
  const red = await startNodeRed({ userDir, port: redPort });

  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    timers.forEach(clearTimeout);
    console.log("\n[demo] stopping Node-RED and the simulator…");
    await red.stop();
    await mqtt.close();
    await sim.close();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  await deployFlows(red.url, demoFlow({ port: sim.port, fingerprint: sim.fingerprint, ...client, mqttPort: mqtt.port }));
  console.log("");
  console.log(`  Node-RED editor:  ${red.url}/   (open the debug sidebar to watch the demo)`);
  console.log(`  Simulator:        ${sim.url}   (self-signed; the demo flow pins its certificate)`);
  console.log(`  MQTT broker:      mqtt://127.0.0.1:${mqtt.port}   (Home Assistant discovery under homeassistant/, states under peplink/)`);
  console.log(`  Watch the topics: npx mqtt sub -h 127.0.0.1 -p ${mqtt.port} -t 'homeassistant/#' -t 'peplink/#' -v`);
  console.log(
    "                    (a real Home Assistant: point the demo's broker node at its Mosquitto add-on, see docs/homeassistant.md)",
  );
  console.log("  Ctrl-C stops both.\n");

  // A short scripted story, so the debug sidebar shows every part working.
  later(6_000, "an SMS arrives on the router", () =>
    sim.control.injectSms({ sender: "+15559876543", content: "Hello from the demo phone" }),
  );
  later(12_000, "WAN 1 loses its cable: watch the WAN event and the SMS alert", () => sim.control.setWanState(1, "disconnected"));
  later(30_000, "WAN 1 is back", () => sim.control.setWanState(1, "connected"));
  later(33_000, "story done — use the inject buttons of the 'Try it' group to drive the simulator", () => undefined);
}

main().catch((err) => {
  console.error(`[demo] ${err.stack || err.message}`);
  process.exit(1);
});
