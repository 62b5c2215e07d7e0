/**
 * Figure 7: soak. One Node-RED polls `routers` simulated routers (another
 * process): per router a peplink-status node on status.wan.connection every
 * `intervalS` and a peplink-wan-events node every 1 s, the status messages
 * counted by a function node. After a warm-up of 2,000 polls (the heap grows a
 * little while code warms up, then stays flat), a full GC inside Node-RED
 * (--expose-gc, a bench-only admin route), then RSS (from /proc) and the V8
 * heap in use; the same after every 2,500 of the next 10,000 polls.
 */
"use strict";
const F = require("../lib/flows");
const proc = require("../lib/proc");
const { startBenchNodeRed } = require("../lib/node-red");
const { waitFor } = require("../lib/util");

async function polls(host, ports) {
  return (await host.call("total", { ports })).requests;
}

async function soak(host, progress, { routers = 20, intervalS = 0.1, warmupPolls = 2000, soakPolls = 10_000, samples = 4 } = {}) {
  const { ports, fingerprint } = await host.start(routers);
  const red = await startBenchNodeRed();
  try {
    const flows = [F.tab("fig 7: soak"), F.counter("count", "'status'")];
    ports.forEach((port, i) => {
      flows.push(F.device(`dev-${i}`, `p${port}`, port, fingerprint));
      flows.push(F.status(`status-${i}`, `dev-${i}`, "status.wan.connection", intervalS, ["count"]));
      flows.push(F.wanEvents(`wan-${i}`, `dev-${i}`, 1));
    });
    await red.deploy(flows);
    const rate = routers / intervalS + routers;
    const timeoutMs = ((soakPolls + warmupPolls) / rate) * 3000 + 30_000;
    const checkpoint = async () => {
      const gc = await red.gc();
      return { polls: await polls(host, ports), rss: proc.rssBytes(red.pid), heapUsed: gc.heapUsed, gc: gc.gc };
    };
    await waitFor(async () => (await polls(host, ports)) >= warmupPolls, { timeoutMs, everyMs: 250 });
    const points = [await checkpoint()];
    const first = points[0];
    progress(
      `  after ${first.polls} warm-up polls: RSS ${(first.rss / 2 ** 20).toFixed(1)} MB, heap ${(first.heapUsed / 2 ** 20).toFixed(1)} MB`,
    );
    for (let k = 1; k <= samples; k++) {
      const target = first.polls + Math.round((soakPolls * k) / samples);
      await waitFor(async () => (await polls(host, ports)) >= target, { timeoutMs, everyMs: 250 });
      const point = await checkpoint();
      points.push(point);
      progress(
        `  +${point.polls - first.polls} polls: RSS ${(point.rss / 2 ** 20).toFixed(1)} MB, heap ${(point.heapUsed / 2 ** 20).toFixed(1)} MB`,
      );
    }
    const last = points[points.length - 1];
    const half = points[Math.floor(points.length / 2)];
    const counters = await host.call("total", { ports });
    const counts = await red.counts();
    return {
      routers,
      intervalS,
      polls: last.polls - first.polls,
      before: first,
      after: last,
      points,
      /** Heap growth per 1,000 polls over the second half (after GC at both ends), bytes. */
      heapSlopePer1000: ((last.heapUsed - half.heapUsed) / (last.polls - half.polls)) * 1000,
      statusMessages: counts.status || 0,
      grants: counters.grants,
      tlsHandshakes: counters.tlsHandshakes,
      gc: first.gc,
    };
  } finally {
    await red.stop();
    await host.call("closeAll");
  }
}

module.exports = { soak };
