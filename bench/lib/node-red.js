/**
 * A fresh Node-RED for one benchmark figure: its own temporary user directory
 * with this package linked in (scripts/lib/node-red-runner.js), started with
 * --expose-gc, plus two bench-only hooks that live in that user directory's
 * settings.js (never in the package):
 *
 * - `benchRecord(key)` / `benchCount(key)` in the global context, for a
 *   function node after the node measured: a sub-millisecond wall-clock stamp
 *   (performance.timeOrigin + performance.now()) or a count per key;
 * - admin routes `/_bench/records`, `/_bench/counts`, `/_bench/clear`,
 *   `/_bench/gc` (full GC, then process.memoryUsage()) and
 *   `/_bench/profile/start|stop` (a CPU profile, for BENCH_PROFILE runs only).
 *
 * CPU time and RSS are read from outside through /proc (proc.js): Node-RED is
 * started as `node red.js`, so the PID held is Node-RED itself.
 */
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { prepareUserDir, startNodeRed, deployFlows, request, freePort } = require("../../scripts/lib/node-red-runner");

const HOOKS = `
// ---- benchmark hooks (bench/lib/node-red.js); not part of the package ----
const bench = { records: Object.create(null), counts: Object.create(null) };
const benchNow = () => performance.timeOrigin + performance.now();
module.exports.functionGlobalContext = {
  benchRecord(key) {
    const t = benchNow();
    (bench.records[key] || (bench.records[key] = [])).push(t);
  },
  benchCount(key) {
    bench.counts[key] = (bench.counts[key] || 0) + 1;
  },
};
module.exports.httpAdminMiddleware = function (req, res, next) {
  const json = (value) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(value));
  };
  if (req.url === "/_bench/records") return json(bench.records);
  if (req.url === "/_bench/counts") return json(bench.counts);
  if (req.url === "/_bench/clear") {
    bench.records = Object.create(null);
    bench.counts = Object.create(null);
    return json({});
  }
  // CPU profile of Node-RED (BENCH_PROFILE=dir, fleet figure): sampling costs CPU, so never in a measured run.
  if (req.url === "/_bench/profile/start") {
    const inspector = require("node:inspector");
    bench.profiler = new inspector.Session();
    bench.profiler.connect();
    bench.profiler.post("Profiler.enable", () => bench.profiler.post("Profiler.start", () => json({})));
    return;
  }
  if (req.url === "/_bench/profile/stop") {
    bench.profiler.post("Profiler.stop", (err, result) => {
      bench.profiler.disconnect();
      json(err ? { error: String(err) } : result.profile);
    });
    return;
  }
  if (req.url === "/_bench/gc") {
    const gc = typeof global.gc === "function";
    if (gc) {
      global.gc();
      global.gc();
    }
    return json({ gc, ...process.memoryUsage() });
  }
  next();
};
`;

async function startBenchNodeRed({ nodeOptions = "--expose-gc" } = {}) {
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), "peplink-bench-nr-"));
  prepareUserDir(userDir, { logging: { console: { level: "warn", metrics: false, audit: false } } });
  fs.appendFileSync(path.join(userDir, "settings.js"), HOOKS);
  const port = await freePort();
  const red = await startNodeRed({ userDir, port, quiet: true, env: { NODE_OPTIONS: nodeOptions } });

  async function getJson(route) {
    const res = await request(`${red.url}${route}`);
    if (res.status !== 200) throw new Error(`${route}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
    return JSON.parse(res.text);
  }

  return {
    pid: red.pid,
    url: red.url,
    output: red.output,
    deploy: (flows) => deployFlows(red.url, flows),
    /** { key: [stamp ms, …] } from benchRecord. */
    records: () => getJson("/_bench/records"),
    /** { key: count } from benchCount. */
    counts: () => getJson("/_bench/counts"),
    clear: () => getJson("/_bench/clear"),
    /** Forces a full GC inside Node-RED; answers process.memoryUsage() after it. */
    gc: () => getJson("/_bench/gc"),
    /** Starts / stops a CPU profile of Node-RED (stop answers the .cpuprofile content). */
    profileStart: () => getJson("/_bench/profile/start"),
    profileStop: () => getJson("/_bench/profile/stop"),
    async stop() {
      await red.stop();
      fs.rmSync(userDir, { recursive: true, force: true });
    },
  };
}

module.exports = { startBenchNodeRed };
