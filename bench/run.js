#!/usr/bin/env node
/**
 * `npm run bench` (after `npm run build`): measures the seven figures of
 * issue 7 and the Home Assistant figure in one run, prints the table and
 * writes docs/benchmarks.md.
 * `node bench/run.js client` (or any figure's key or number, and
 * `--fleet-sizes 10,100`) measures only those and prints them as JSON.
 *
 * Simulated routers run in a process of their own (lib/sim-host.js; the
 * largest fleets in as many as the open-files limit needs, lib/sim-pool.js);
 * the API client figures run in this process, the Node-RED figures in a fresh
 * Node-RED per figure (lib/node-red.js), measured from outside through /proc.
 * Benchmarks, not tests: nothing here is timed against a threshold except the
 * exact targets 2–4 (counts), the comparison of figure 5 and the growth and
 * the connections per router of figure 6. The exit code is 1 when one of
 * them is missed.
 */
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { startSimHost } = require("./lib/sims");
const client = require("./figures/client");
const nodeRed = require("./figures/node-red-flows");
const { fleet } = require("./figures/fleet");
const { soak } = require("./figures/soak");
const { homeAssistant } = require("./figures/homeassistant");
const { machine, render, verdicts } = require("./lib/report");

/** Fleet sizes of figure 6 (routers). */
const FLEET_SIZES = [10, 100, 500, 2000, 5000];

const started = performance.now();
const elapsed = () => ((performance.now() - started) / 1000).toFixed(1).padStart(6);
const progress = (text) => process.stderr.write(`[${elapsed()} s] ${text}\n`);

/** Table and docs/benchmarks.md from results; answers the checks. */
function report(results) {
  const checks = verdicts(results);
  const { table, markdown } = render(results, checks);
  process.stdout.write(`\n${table}\n`);
  const out = path.join(__dirname, "..", "docs", "benchmarks.md");
  fs.writeFileSync(out, markdown);
  progress(`wrote ${path.relative(process.cwd(), out)}; benchmark wall time ${results.wallS.toFixed(0)} s`);
  return checks;
}

/** The figures, in order: key (also accepted on the command line), number, what it measures. */
const FIGURES = [
  ["overhead", 1, "client overhead (6000 sequential calls, PeplinkClient vs bare https keep-alive)"],
  ["handshakes", 2, "handshakes and logins over 1000 polls"],
  ["single-flight", 3, "single flight (100 concurrent first calls)"],
  ["shared", 4, "shared pollers (20 peplink-status nodes in Node-RED)"],
  ["versus", 5, "core-node flow vs peplink-status (40 s each, fresh Node-RED and simulator)"],
  ["fleet", 6, "fleet (routers in another process)"],
  ["soak", 7, "soak (10,000 polls)"],
  ["homeassistant", "Home Assistant", "MQTT messages and router requests per minute (60 s windows)"],
];
/** Names that pick one figure besides its key and number. */
const ALIASES = { client: "overhead", ha: "homeassistant" };

/**
 * `node bench/run.js [figure…] [--fleet-sizes 10,100] [--render FILE]`: with no
 * figure named, every figure, and docs/benchmarks.md is written; with some
 * (`client`, `1`, `fleet`…), only those, printed as JSON (the page needs all).
 */
function parseArgs(argv) {
  const wanted = new Set();
  const out = { figures: wanted, fleetSizes: FLEET_SIZES, render: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--render") out.render = argv[++i];
    else if (arg === "--fleet-sizes") out.fleetSizes = argv[++i].split(",").map(Number);
    else {
      const key = ALIASES[arg] ?? FIGURES.find(([k, n]) => k === arg || String(n) === arg)?.[0];
      if (!key) throw new Error(`unknown figure ${arg}; figures: ${FIGURES.map(([k, n]) => `${n} ${k}`).join(", ")} (or client)`);
      wanted.add(key);
    }
  }
  if (out.fleetSizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error("--fleet-sizes: comma-separated router counts");
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  // `node bench/run.js --render FILE`: the table and the page again from a run's raw results.
  if (args.render) return finish(report(JSON.parse(fs.readFileSync(args.render, "utf8"))));
  if (!fs.existsSync(path.join(__dirname, "..", "dist", "api", "index.js"))) {
    throw new Error("dist/ is missing: run `npm run bench` (it builds first) or `npm run build`");
  }
  if (process.platform !== "linux") throw new Error("the benchmark reads CPU time and RSS from /proc: Linux only");
  const all = args.figures.size === 0;
  const runs = (key) => all || args.figures.has(key);
  const host = await startSimHost();
  const results = { machine: machine() };
  const figure = (key) => {
    const [, n, what] = FIGURES.find(([k]) => k === key);
    progress(`figure ${n}: ${key === "fleet" ? `fleet (N = ${args.fleetSizes.join(", ")} routers in another process)` : what}`);
  };
  try {
    if (runs("overhead")) {
      figure("overhead");
      results.overhead = await client.clientOverhead(host, progress);
      await host.call("closeAll");
      progress(`  ratio ${results.overhead.ratio.toFixed(3)}`);
    }
    if (runs("handshakes")) {
      figure("handshakes");
      results.handshakes = await client.handshakes(host);
      await host.call("closeAll");
      progress(
        `  token: ${results.handshakes.client.tlsHandshakes} TLS, ${results.handshakes.client.auth} grant; session: ${results.handshakes.login.tlsHandshakes} TLS, ${results.handshakes.login.auth} login`,
      );
    }
    if (runs("single-flight")) {
      figure("single-flight");
      results.singleFlight = await client.singleFlight(host);
      await host.call("closeAll");
      progress(`  ${results.singleFlight.client.auth} grant, ${results.singleFlight.login.auth} login`);
    }
    if (runs("shared")) {
      figure("shared");
      results.shared = await nodeRed.sharedPollers(host, progress);
      await host.call("closeAll");
    }
    if (runs("versus")) {
      figure("versus");
      results.versus = await nodeRed.versusCore(host, progress, { seconds: 40 });
      await host.call("closeAll");
    }
    if (runs("fleet")) {
      figure("fleet");
      results.fleet = await fleet(host, progress, { sizes: args.fleetSizes, windowS: 30, warmupS: 10 });
    }
    if (runs("soak")) {
      figure("soak");
      results.soak = await soak(host, progress);
    }
    if (runs("homeassistant")) {
      figure("homeassistant");
      results.homeAssistant = await homeAssistant(host, progress);
    }
  } finally {
    await host.stop();
  }
  results.wallS = (performance.now() - started) / 1000;
  const raw = path.join(os.tmpdir(), all ? "peplink-bench-results.json" : "peplink-bench-partial.json");
  fs.writeFileSync(raw, JSON.stringify(results, null, 2));
  progress(`raw results: ${raw}`);
  if (all) return finish(report(results));
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  progress(`only ${[...args.figures].join(", ")}: docs/benchmarks.md left as it was (it is written by a run of every figure)`);
}

function finish(checks) {
  const missed = checks.filter((c) => !c.ok);
  if (missed.length) {
    process.stderr.write(`\nTARGET MISSED:\n${missed.map((c) => `  - ${c.what}: ${c.detail}`).join("\n")}\n`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
