#!/usr/bin/env node
/**
 * `npm run bench` (after `npm run build`): measures the seven figures of
 * issue 7 in one run, prints the table and writes docs/benchmarks.md.
 *
 * Simulated routers run in a process of their own (lib/sim-host.js); the API
 * client figures run in this process, the Node-RED figures in a fresh Node-RED
 * per figure (lib/node-red.js), measured from outside through /proc.
 * Benchmarks, not tests: nothing here is timed against a threshold except the
 * exact targets 2–4 (counts), the comparison of figure 5 and the growth of
 * figure 6. The exit code is 1 when one of them is missed.
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

async function main() {
  // `node bench/run.js --render FILE`: the table and the page again from a run's raw results.
  const renderAt = process.argv.indexOf("--render");
  if (renderAt > 0) return finish(report(JSON.parse(fs.readFileSync(process.argv[renderAt + 1], "utf8"))));
  if (!fs.existsSync(path.join(__dirname, "..", "dist", "api", "index.js"))) {
    throw new Error("dist/ is missing: run `npm run bench` (it builds first) or `npm run build`");
  }
  if (process.platform !== "linux") throw new Error("the benchmark reads CPU time and RSS from /proc: Linux only");
  const host = await startSimHost();
  const results = { machine: machine() };
  try {
    progress("figure 1: client overhead (2000 sequential calls, PeplinkClient vs bare https keep-alive)");
    results.overhead = await client.clientOverhead(host, progress);
    await host.call("closeAll");
    progress(`  ratio ${results.overhead.ratio.toFixed(2)}`);

    progress("figure 2: handshakes and logins over 1000 polls");
    results.handshakes = await client.handshakes(host);
    await host.call("closeAll");
    progress(`  token: ${results.handshakes.client.tlsHandshakes} TLS, ${results.handshakes.client.auth} grant; session: ${results.handshakes.login.tlsHandshakes} TLS, ${results.handshakes.login.auth} login`);

    progress("figure 3: single flight (100 concurrent first calls)");
    results.singleFlight = await client.singleFlight(host);
    await host.call("closeAll");
    progress(`  ${results.singleFlight.client.auth} grant, ${results.singleFlight.login.auth} login`);

    progress("figure 4: shared pollers (20 peplink-status nodes in Node-RED)");
    results.shared = await nodeRed.sharedPollers(host, progress);
    await host.call("closeAll");

    progress("figure 5: core-node flow vs peplink-status (40 s each, fresh Node-RED and simulator)");
    results.versus = await nodeRed.versusCore(host, progress, { seconds: 40 });
    await host.call("closeAll");

    progress("figure 6: fleet (N = 10, 100, 500 routers in another process)");
    results.fleet = await fleet(host, progress, { sizes: [10, 100, 500], windowS: 30, warmupS: 10 });

    progress("figure 7: soak (10,000 polls)");
    results.soak = await soak(host, progress);

    progress("figure Home Assistant: MQTT messages and router requests per minute (60 s windows)");
    results.homeAssistant = await homeAssistant(host, progress);
  } finally {
    await host.stop();
  }
  results.wallS = (performance.now() - started) / 1000;
  const raw = path.join(os.tmpdir(), "peplink-bench-results.json");
  fs.writeFileSync(raw, JSON.stringify(results, null, 2));
  progress(`raw results: ${raw}`);
  finish(report(results));
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
