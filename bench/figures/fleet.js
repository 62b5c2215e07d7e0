/**
 * Figure 6: one Node-RED polling N simulated routers that run in the
 * simulator host process (another process). Each router has a peplink-device
 * (API client, certificate pinned), a peplink-status node reading info.location
 * (GPS, what a vehicle dashboard shows) every 5 s and a peplink-wan-events node
 * (status.wan.connection, every 5 s): two polls per router per tick.
 *
 * Measured in a window of `windowS` seconds after a warm-up:
 * - CPU %: Node-RED's utime+stime over the window (/proc), % of one core;
 * - RSS: Node-RED's VmRSS at the end of the window; per router: RSS and V8
 *   heap in use after a full GC at the end, minus the same after a full GC of
 *   the same Node-RED before the flows were deployed, divided by N;
 * - poll latency: a function node after each status node stamps each message
 *   (sub-ms wall clock); the simulator host stamps each request's arrival the
 *   same way; latency = message stamp − arrival of that poll's request (the
 *   latest info.location request of that router before the message: one
 *   poller per router and endpoint never has two requests running). It covers
 *   the router's work, the answer's way back, TLS, parsing, the shared
 *   poller's delivery and Node-RED's message passing to the next node;
 * - missed ticks: gaps in each router's sequence of status messages and of
 *   wan-events requests (a gap of k intervals = k − 1 missed ticks), i.e. ticks
 *   the shared poller skipped because the previous request was still running,
 *   or polls that failed;
 * - new TLS connections in the window (all routers), and the connections that
 *   carried the polls of the window, per router (from the simulators' logs).
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const F = require("../lib/flows");
const proc = require("../lib/proc");
const { startBenchNodeRed } = require("../lib/node-red");
const { startFleetSims } = require("../lib/sim-pool");
const { percentile, sleep, waitFor } = require("../lib/util");

const STATUS_ENDPOINT = "info.location";
const WAN_ENDPOINT = "status.wan.connection";
const INTERVAL_S = 5;

function fleetFlows(ports, fingerprint) {
  const flows = [F.tab("fig 6: fleet"), F.recorder("rec", "msg.peplink.device")];
  ports.forEach((port, i) => {
    flows.push(F.device(`dev-${i}`, `p${port}`, port, fingerprint));
    flows.push(F.status(`status-${i}`, `dev-${i}`, STATUS_ENDPOINT, INTERVAL_S, ["rec"]));
    flows.push(F.wanEvents(`wan-${i}`, `dev-${i}`, INTERVAL_S));
  });
  return flows;
}

/** Missed ticks in a sorted list of stamps taken every `intervalMs`. */
function missedIn(stamps, intervalMs) {
  let missed = 0;
  for (let i = 1; i < stamps.length; i++) missed += Math.max(0, Math.round((stamps[i] - stamps[i - 1]) / intervalMs) - 1);
  return missed;
}

async function fleetRun(mainHost, n, progress, { windowS = 30, warmupS = 10, idleSettleS = 10 } = {}) {
  const simsStarted = performance.now();
  const host = await startFleetSims(mainHost, n);
  const { ports, fingerprint } = host;
  progress(
    `  N=${n}: ${n} routers started in ${((performance.now() - simsStarted) / 1000).toFixed(1)} s, ${host.processes} simulator process${host.processes > 1 ? "es" : ""}`,
  );
  const red = await startBenchNodeRed();
  try {
    // Idle baseline once Node-RED's start-up work is over (V8's memory reducer
    // shrinks the heap some 8 s after start; measured earlier, the baseline
    // would be tens of MB too high).
    await sleep(idleSettleS * 1000);
    const idleGc = await red.gc();
    const idleRss = proc.rssBytes(red.pid);
    const deployedAt = Date.now();
    progress(`  N=${n}: deploying`);
    await red.deploy(fleetFlows(ports, fingerprint));
    progress(`  N=${n}: deployed in ${((Date.now() - deployedAt) / 1000).toFixed(1)} s`);
    // Every router answered once, then the warm-up (start-up work settles).
    let said = Date.now();
    await waitFor(
      async () => {
        const answered = Object.keys(await red.records()).length;
        if (answered < n && Date.now() - said >= 10_000) {
          said = Date.now();
          const t = await host.call("total", { ports });
          progress(
            `  N=${n}: ${answered} routers answered ${((said - deployedAt) / 1000).toFixed(0)} s after the deploy (${t.tlsHandshakes} TLS connections, ${t.grants} grants)`,
          );
        }
        return answered >= n;
      },
      { timeoutMs: 60_000 + 30 * n, everyMs: 500 },
    );
    const firstAllMs = Date.now() - deployedAt;
    await sleep(warmupS * 1000);

    await red.clear();
    const before = await host.call("total", { ports });
    await host.call("clearLog", { ports });
    await host.call("stamp", { on: true, clear: true });
    const profileDir = process.env.BENCH_PROFILE;
    if (profileDir) await red.profileStart();
    const u0 = await host.call("usage");
    const s0 = proc.sample(red.pid);
    await sleep(windowS * 1000);
    const s1 = proc.sample(red.pid);
    const u1 = await host.call("usage");
    if (profileDir) {
      const file = path.join(profileDir, `fleet-${n}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(await red.profileStop()));
      progress(`  N=${n}: CPU profile of the window in ${file} (profiled: these figures are not for the table)`);
    }
    const t1 = await host.call("total", { ports }); // counters of the window (cleared at its start)
    await host.call("stamp", { on: false });
    const records = await red.records();
    const arrivals = await host.call("arrivals");
    const logs = await host.call("log", { ports });
    const gc = await red.gc();
    const rssAfterGc = proc.rssBytes(red.pid);
    // TLS connections that carried polls in the window, per router.
    const connectionsUsed = logs.map((l) => new Set(l.entries.map((e) => e.connection)).size);

    const intervalMs = INTERVAL_S * 1000;
    const latencies = [];
    let missed = 0;
    let statusMessages = 0;
    let wanPolls = 0;
    for (const port of ports) {
      const outs = records[`p${port}`] || [];
      const reqs = (arrivals[port] || []).filter((a) => a.endpoint === STATUS_ENDPOINT).map((a) => a.at);
      const wan = (arrivals[port] || []).filter((a) => a.endpoint === WAN_ENDPOINT).map((a) => a.at);
      statusMessages += outs.length;
      wanPolls += wan.length;
      missed += missedIn(outs, intervalMs) + missedIn(wan, intervalMs);
      let j = 0;
      for (const out of outs) {
        while (j + 1 < reqs.length && reqs[j + 1] <= out) j++;
        if (reqs.length && reqs[j] <= out) latencies.push(out - reqs[j]);
      }
    }
    const wallS = (s1.at - s0.at) / 1000;
    const cpuMs = s1.cpuMs - s0.cpuMs;
    const polls = t1.requests;
    const result = {
      routers: n,
      simProcesses: host.processes,
      windowS: wallS,
      firstAllMs,
      cpuPercent: (cpuMs / 1000 / wallS) * 100,
      cpuMsPerRouterPerMin: (cpuMs / n) * (60 / wallS),
      cpuMsPerPoll: cpuMs / polls,
      polls,
      statusMessages,
      wanPolls,
      expectedTicks: Math.round((n * 2 * wallS) / INTERVAL_S),
      missedTicks: missed,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      latencySamples: latencies.length,
      rss: s1.rss,
      idleRss,
      rssAfterGc,
      rssPerRouterKb: (rssAfterGc - idleRss) / n / 1024,
      idleHeap: idleGc.heapUsed,
      heapAfterGc: gc.heapUsed,
      heapPerRouterKb: (gc.heapUsed - idleGc.heapUsed) / n / 1024,
      newTls: t1.tlsHandshakes,
      tlsTotal: before.tlsHandshakes + t1.tlsHandshakes,
      grants: before.grants + t1.grants,
      connectionsPerRouter: connectionsUsed.reduce((a, b) => a + b, 0) / n,
      simCpuPercent: ((u1.cpuUs - u0.cpuUs) / 1e6 / wallS) * 100,
    };
    progress(
      `  N=${n}: CPU ${result.cpuPercent.toFixed(1)} %, RSS ${(result.rss / 2 ** 20).toFixed(0)} MB, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ` +
        `missed ${missed}/${result.expectedTicks}, new TLS ${result.newTls}, ${polls} polls`,
    );
    return result;
  } finally {
    await red.stop();
    await host.release();
  }
}

async function fleet(host, progress, { sizes = [10, 100, 500], windowS = 30, warmupS = 10 } = {}) {
  const runs = [];
  for (const n of sizes) runs.push(await fleetRun(host, n, progress, { windowS, warmupS }));
  return runs;
}

module.exports = { fleet, fleetRun };
