/**
 * An MQTT broker (aedes, a devDependency) on 127.0.0.1, for the demo (`npm
 * start`), the benchmark and the specs: what Home Assistant's Mosquitto add-on
 * is in real life. aedes 1.x is an ES module, hence the dynamic import.
 */
"use strict";
const net = require("net");

/**
 * Starts the broker on `port` (0: a free one). `onPublish(packet, client)` sees
 * every PUBLISH (client null for the broker's own). Answers
 * { port, aedes, sockets, close() }; close() drops every connection first.
 */
async function startMqttBroker({ port = 0, onPublish } = {}) {
  const { Aedes } = await import("aedes");
  const aedes = await Aedes.createBroker();
  if (onPublish) aedes.on("publish", onPublish);
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    aedes.handle(socket);
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    aedes,
    sockets,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        aedes.close(() => server.close(() => resolve()));
      }),
  };
}

/**
 * An `mqtt-broker` config node (Node-RED's core mqtt nodes) for 127.0.0.1:`port`,
 * as the editor saves one; `options` sets a birth or will message (topic and payload).
 */
function mqttBrokerNode(id, name, port, options = {}) {
  const message = (kind, retain) => ({
    [`${kind}Topic`]: options[`${kind}Topic`] || "",
    [`${kind}Qos`]: "0",
    [`${kind}Retain`]: retain,
    [`${kind}Payload`]: options[`${kind}Payload`] || "",
    [`${kind}Msg`]: {},
  });
  return {
    id,
    type: "mqtt-broker",
    name,
    broker: "127.0.0.1",
    port: String(port),
    clientid: "",
    autoConnect: true,
    usetls: false,
    protocolVersion: "4",
    keepalive: "60",
    cleansession: true,
    autoUnsubscribe: true,
    ...message("birth", "true"),
    ...message("close", "false"),
    ...message("will", "true"),
    userProps: "",
    sessionExpiry: "",
  };
}

module.exports = { startMqttBroker, mqttBrokerNode };
