/** Flow builders for the Node-RED figures. */
"use strict";
const { BENCH_CLIENT } = require("./sims");

const TAB = "bench-tab";

function tab(label) {
  return { id: TAB, type: "tab", label };
}

/** A peplink-device for a simulator on 127.0.0.1:`port` (certificate pinned). */
function device(id, name, port, fingerprint, auth = "client") {
  return {
    id,
    type: "peplink-device",
    name,
    host: "127.0.0.1",
    port: String(port),
    protocol: "https",
    trust: "pin",
    fingerprint,
    authMode: auth,
    scope: "",
    timeout: 10,
    maxConcurrent: 2,
    credentials:
      auth === "client"
        ? { clientId: BENCH_CLIENT.clientId, clientSecret: BENCH_CLIENT.clientSecret }
        : { username: "admin", password: "admin" },
  };
}

function status(id, deviceId, endpoint, intervalS, wires, extra = {}) {
  return {
    id,
    type: "peplink-status",
    z: TAB,
    name: "",
    device: deviceId,
    endpoint,
    params: {},
    interval: intervalS,
    onlyChanged: false,
    ignoreKeys: "timestamp, reportTimestamp, uptime",
    topic: "",
    wires: [wires],
    ...extra,
  };
}

function wanEvents(id, deviceId, intervalS, wires = []) {
  return {
    id,
    type: "peplink-wan-events",
    z: TAB,
    name: "",
    device: deviceId,
    interval: intervalS,
    connIds: "",
    emitOnStart: false,
    wires: [wires],
  };
}

function fn(id, name, func, wires = []) {
  return {
    id,
    type: "function",
    z: TAB,
    name,
    func,
    outputs: 1,
    timeout: 0,
    noerr: 0,
    initialize: "",
    finalize: "",
    libs: [],
    wires: [wires],
  };
}

/** A function node that stamps each message under `keyExpr` (JS expression over msg). */
function recorder(id, keyExpr) {
  return fn(id, "bench: record", `global.get("benchRecord")(${keyExpr});\nreturn null;`);
}

/** A function node that counts each message under `keyExpr`. */
function counter(id, keyExpr) {
  return fn(id, "bench: count", `global.get("benchCount")(${keyExpr});\nreturn null;`);
}

module.exports = { TAB, tab, device, status, wanEvents, fn, recorder, counter };
