/**
 * Figures 1–3: the API client on its own (no Node-RED), in this process,
 * against simulators in the simulator host process.
 */
"use strict";
const https = require("node:https");
const path = require("node:path");
const { PeplinkClient } = require(path.join(__dirname, "..", "..", "dist", "api"));
const { BENCH_CLIENT } = require("../lib/sims");

function clientFor(port, fingerprint, mode = "client") {
  return new PeplinkClient({
    host: "127.0.0.1",
    port,
    tls: { mode: "pin", fingerprint },
    auth:
      mode === "client"
        ? { mode: "client", clientId: BENCH_CLIENT.clientId, clientSecret: BENCH_CLIENT.clientSecret }
        : { mode: "login", username: "admin", password: "admin" },
  });
}

/** One bare keep-alive HTTPS request; reads the body and parses the JSON, as any caller must. */
function bareRequest(agent, port, method, path, body) {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        agent,
        host: "127.0.0.1",
        port,
        method,
        path,
        headers: {
          accept: "application/json",
          ...(body ? { "content-type": "application/json", "content-length": Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
          } catch (err) {
            reject(err);
          }
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * Figure 1: 6000 sequential status.wan.connection calls through PeplinkClient
 * vs a bare https request with a keep-alive agent (token in the query, JSON
 * parsed). After a warm-up of 3000 each, 30 rounds of 200 alternate which goes
 * first, so that drift of the machine hits both alike.
 */
async function clientOverhead(host, progress) {
  const { ports, fingerprint } = await host.start(1);
  const port = ports[0];
  const client = clientFor(port, fingerprint);
  const agent = new https.Agent({ keepAlive: true, maxSockets: 1, rejectUnauthorized: false });
  const grant = await bareRequest(
    agent,
    port,
    "POST",
    "/api/auth.token.grant",
    JSON.stringify({ clientId: BENCH_CLIENT.clientId, clientSecret: BENCH_CLIENT.clientSecret }),
  );
  const tokenPath = `/api/status.wan.connection?accessToken=${encodeURIComponent(grant.response.accessToken)}`;

  const viaClient = async (n) => {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await client.get("status.wan.connection");
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  const viaBare = async (n) => {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      const body = await bareRequest(agent, port, "GET", tokenPath);
      if (body.stat !== "ok") throw new Error(`bare request failed: ${JSON.stringify(body)}`);
    }
    return Number(process.hrtime.bigint() - t) / 1e6;
  };

  // Both paths need a few thousand calls before V8 has optimized them (the
  // client's time per call keeps falling for ~5000 calls): warm up well.
  for (let i = 0; i < 3; i++) {
    await viaClient(1000);
    await viaBare(1000);
  }
  let clientMs = 0;
  let bareMs = 0;
  // 30 rounds: with 10, one round disturbed by other work on a shared machine moved the ratio by 0.05.
  const rounds = 30;
  const perRound = 200;
  const roundRatios = [];
  for (let r = 0; r < rounds; r++) {
    let c;
    let b;
    if (r % 2 === 0) {
      c = await viaClient(perRound);
      b = await viaBare(perRound);
    } else {
      b = await viaBare(perRound);
      c = await viaClient(perRound);
    }
    clientMs += c;
    bareMs += b;
    roundRatios.push(c / b);
  }
  progress(`  round ratios ${roundRatios.map((v) => v.toFixed(2)).join(" ")}`);
  await client.close();
  agent.destroy();
  const calls = rounds * perRound;
  return {
    calls,
    clientMs,
    bareMs,
    ratio: clientMs / bareMs,
    minRatio: Math.min(...roundRatios),
    maxRatio: Math.max(...roundRatios),
    clientUsPerCall: (clientMs * 1000) / calls,
    bareUsPerCall: (bareMs * 1000) / calls,
  };
}

async function countersOf(host, port) {
  return (await host.call("counters", { ports: [port] }))[0];
}

/** Figure 2: 1000 sequential polls on one client: TLS connections and login/grant requests the router saw. */
async function handshakes(host) {
  const out = {};
  for (const mode of ["client", "login"]) {
    const { ports, fingerprint } = await host.start(1);
    const client = clientFor(ports[0], fingerprint, mode);
    for (let i = 0; i < 1000; i++) await client.get("status.wan.connection");
    const c = await countersOf(host, ports[0]);
    await client.close();
    out[mode] = {
      polls: c.byEndpoint["status.wan.connection"] || 0,
      connections: c.connections,
      tlsHandshakes: c.tlsHandshakes,
      auth: mode === "client" ? c.grants : c.logins,
    };
  }
  return out;
}

/** Figure 3: 100 concurrent first calls on a fresh client: login/grant requests (single flight). */
async function singleFlight(host) {
  const out = {};
  for (const mode of ["client", "login"]) {
    const { ports, fingerprint } = await host.start(1);
    const client = clientFor(ports[0], fingerprint, mode);
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => client.get("status.wan.connection")));
    const failed = results.filter((r) => r.status === "rejected").length;
    const c = await countersOf(host, ports[0]);
    await client.close();
    out[mode] = {
      calls: 100,
      failed,
      auth: mode === "client" ? c.grants : c.logins,
      inFlightPeak: c.inFlightPeak,
      connections: c.connections,
    };
  }
  return out;
}

module.exports = { clientOverhead, handshakes, singleFlight };
