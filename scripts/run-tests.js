#!/usr/bin/env node
// Compiles the TypeScript specs in test/ (against the built dist/ types) and runs
// them with mocha. Arguments are passed to mocha, e.g. a folder or --grep:
//   node scripts/run-tests.js .test-out/api
"use strict";
const fs = require("fs");
const path = require("path");
const { execFileSync, spawnSync } = require("child_process");

const root = path.resolve(__dirname, "..");
const out = path.join(root, ".test-out");
fs.rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "test", "tsconfig.json")], {
  stdio: "inherit",
});

const args = process.argv.slice(2);
const specs = args.some((a) => !a.startsWith("-")) ? [] : [path.join(".test-out", "**", "*.test.js")];
const mocha = require.resolve("mocha/bin/mocha.js");
const result = spawnSync(
  process.execPath,
  // --expose-gc: the reliability suite compares heap sizes after garbage collection.
  // The process guard fails the run on any unhandled rejection or uncaught exception.
  [
    "--expose-gc",
    mocha,
    "--require",
    path.join(".test-out", "helpers", "process-guard.js"),
    "--recursive",
    "--timeout",
    "20000",
    "--exit",
    ...specs,
    ...args,
  ],
  { stdio: "inherit", cwd: root },
);
process.exit(result.status === null ? 1 : result.status);
