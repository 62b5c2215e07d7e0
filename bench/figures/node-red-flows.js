/**
 * Figures 4 and 5: nodes inside a real Node-RED (a fresh process per run),
 * polling simulators in the simulator host process.
 */
"use strict";
const F = require("../lib/flows");
const proc = require("../lib/proc");
const { startBenchNodeRed } = require("../lib/node-red");
const { sleep, waitFor } = require("../lib/util");

const ENDPOINT = "status.wan.connection";

const wallNow = () => performance.timeOrigin + performance.now();

/**
 * Waits until the middle between two updates of `key` (recorded at a steady
 * `intervalMs`), at least `minMs` from now, so that a snapshot taken then has
 * no request in flight. Falls back to `minMs` when nothing was recorded yet.
 */
async function midTick(red, key, intervalMs, minMs = 50) {
  const stamps = (await red.records())[key] || [];
  if (stamps.length === 0) return sleep(minMs);
  const last = stamps[stamps.length - 1];
  const now = wallNow();
  const k = Math.max(0, Math.ceil((now + minMs - last - intervalMs / 2) / intervalMs));
  return sleep(last + k * intervalMs + intervalMs / 2 - now);
}

/**
 * Figure 4: 20 peplink-status nodes, same endpoint, no parameters, every 1 s,
 * on one device; each wired to a recorder. After ~10 ticks, read (between two
 * ticks) how many messages each node sent and how many requests the router saw.
 */
async function sharedPollers(host, progress, { nodes = 20, ticks = 10 } = {}) {
  const { ports, fingerprint } = await host.start(1);
  const port = ports[0];
  const red = await startBenchNodeRed();
  try {
    const flows = [F.tab("fig 4: shared pollers"), F.device("dev", "router", port, fingerprint), F.recorder("rec", "msg.topic")];
    for (let i = 0; i < nodes; i++) flows.push(F.status(`status-${i}`, "dev", ENDPOINT, 1, ["rec"], { topic: `node ${i + 1}` }));
    await red.deploy(flows);
    // Wait for the tick count, then half a tick more so that no request is in flight.
    await waitFor(
      async () => {
        const r = await red.records();
        return Object.keys(r).length === nodes && Object.values(r).every((list) => list.length >= ticks);
      },
      { timeoutMs: (ticks + 10) * 1000, everyMs: 200 },
    );
    await sleep(500);
    const records = await red.records();
    const counters = (await host.call("counters", { ports: [port] }))[0];
    const perNode = Object.values(records).map((list) => list.length);
    const requests = counters.byEndpoint[ENDPOINT] || 0;
    const tickCount = Math.max(...perNode);
    progress(`  ${nodes} nodes, ${tickCount} ticks, ${requests} requests`);
    return {
      nodes: perNode.length,
      ticks: tickCount,
      minMessagesPerNode: Math.min(...perNode),
      requests,
      requestsPerTick: requests / tickCount,
      grants: counters.grants,
      tlsHandshakes: counters.tlsHandshakes,
    };
  } finally {
    await red.stop();
  }
}

/** Figure 5, core nodes: what a forum answer builds (log in on every tick, then GET with the cookie). */
function coreFlow(port) {
  const base = `https://127.0.0.1:${port}/api`;
  const http = (id, name, method, url, wires) => ({
    id,
    type: "http request",
    z: F.TAB,
    name,
    method,
    ret: "obj",
    paytoqs: "ignore",
    url,
    tls: "tls",
    persist: false,
    proxy: "",
    insecureHTTPParser: false,
    authType: "",
    senderr: false,
    headers: [],
    wires: [wires],
  });
  return [
    F.tab("fig 5: core nodes"),
    {
      id: "tls",
      type: "tls-config",
      name: "router (self-signed)",
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
    {
      id: "tick",
      type: "inject",
      z: F.TAB,
      name: "every 1 s",
      props: [{ p: "payload" }],
      repeat: "1",
      crontab: "",
      once: true,
      onceDelay: 0.1,
      topic: "",
      payload: "",
      payloadType: "date",
      wires: [["login-body"]],
    },
    F.fn(
      "login-body",
      "login body",
      'msg.headers = { "Content-Type": "application/json" };\nmsg.payload = { username: "admin", password: "admin" };\nreturn msg;',
      ["login"],
    ),
    http("login", "POST /api/login", "POST", `${base}/login`, ["cookie"]),
    F.fn(
      "cookie",
      "cookie header",
      [
        'const cookies = msg.headers["set-cookie"] || [];',
        'const bauth = cookies.map((c) => c.split(";")[0]).find((c) => c.startsWith("bauth="));',
        'if (!bauth) { node.error("login failed", msg); return null; }',
        "msg.headers = { Cookie: bauth };",
        "delete msg.payload;",
        "return msg;",
      ].join("\n"),
      ["status"],
    ),
    http("status", `GET /api/${ENDPOINT}`, "GET", `${base}/${ENDPOINT}`, ["ok"]),
    F.fn("ok", "status ok?", 'if (msg.payload && msg.payload.stat === "ok") global.get("benchRecord")("update");\nreturn null;'),
  ];
}

/** Figure 5, this package: one peplink-status node (login mode, same user), every 1 s. */
function packageFlow(port, fingerprint) {
  return [
    F.tab("fig 5: peplink-status"),
    F.device("dev", "router", port, fingerprint, "login"),
    F.status("st", "dev", ENDPOINT, 1, ["ok"]),
    F.fn("ok", "record", 'global.get("benchRecord")("update");\nreturn null;'),
  ];
}

/**
 * Figure 5: each flow alone in a fresh Node-RED against a fresh simulator.
 * After a warm-up (Node-RED's own start-up work, incl. V8's memory reducer a few
 * seconds after start, settles in it), a window of about `seconds` that starts
 * and ends between two updates: status updates (messages that
 * reached the last node with the router's answer), the router's requests and
 * new TLS connections, and Node-RED's CPU time (from /proc) in the window.
 *
 * A third fresh Node-RED with an empty flow gives the idle baseline for the same
 * window: an idle Node-RED spends a few ms of CPU a second on its own (timers,
 * GC), as much as one poll a second costs, and that baseline moves by several
 * ms/s from one start to the next. CPU per update is reported both raw and
 * above that baseline.
 */
async function versusCore(host, progress, { seconds = 40, warmupS = 10 } = {}) {
  const out = { idle: await idleBaseline(seconds, warmupS) };
  progress(`  idle Node-RED: ${out.idle.cpuMs} ms CPU in ${Math.round(out.idle.seconds)} s`);
  for (const variant of ["core", "package"]) {
    const { ports, fingerprint } = await host.start(1);
    const port = ports[0];
    const red = await startBenchNodeRed();
    try {
      await red.deploy(variant === "core" ? coreFlow(port) : packageFlow(port, fingerprint));
      await sleep(warmupS * 1000);
      await midTick(red, "update", 1000);
      const c0 = (await host.call("counters", { ports: [port] }))[0];
      const n0 = ((await red.records()).update || []).length;
      const s0 = proc.sample(red.pid);
      await sleep(seconds * 1000 - 600);
      await midTick(red, "update", 1000);
      const s1 = proc.sample(red.pid);
      const n1 = ((await red.records()).update || []).length;
      const c1 = (await host.call("counters", { ports: [port] }))[0];
      const updates = n1 - n0;
      const requests = c1.requests - c0.requests;
      const connections = c1.tlsHandshakes - c0.tlsHandshakes;
      const logins = c1.logins - c0.logins;
      const cpuMs = s1.cpuMs - s0.cpuMs;
      const windowS = (s1.at - s0.at) / 1000;
      const idleMs = (out.idle.cpuMs * windowS) / out.idle.seconds;
      out[variant] = {
        seconds: windowS,
        updates,
        requests,
        connections,
        logins,
        cpuMs,
        requestsPerUpdate: requests / updates,
        connectionsPerUpdate: connections / updates,
        loginsPerUpdate: logins / updates,
        cpuMsPerUpdate: cpuMs / updates,
        cpuMsAboveIdlePerUpdate: Math.max(0, cpuMs - idleMs) / updates,
        rss: s1.rss,
      };
      progress(`  ${variant}: ${updates} updates, ${requests} requests, ${connections} new TLS connections, ${cpuMs} ms CPU`);
    } finally {
      await red.stop();
    }
  }
  return out;
}

/** Node-RED's own CPU with an empty flow, over the same warm-up and window as the two variants. */
async function idleBaseline(seconds, warmupS) {
  const red = await startBenchNodeRed();
  try {
    await red.deploy([F.tab("fig 5: idle Node-RED")]);
    await sleep(warmupS * 1000);
    const s0 = proc.sample(red.pid);
    await sleep(seconds * 1000);
    const s1 = proc.sample(red.pid);
    return { seconds: (s1.at - s0.at) / 1000, cpuMs: s1.cpuMs - s0.cpuMs };
  } finally {
    await red.stop();
  }
}

module.exports = { sharedPollers, versusCore, coreFlow, packageFlow };
