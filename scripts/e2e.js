#!/usr/bin/env node
// The browser test of the editor (test/e2e/*.e2e.ts): compiles the specs like
// `npm test` does and runs only the e2e ones with mocha. Run after a build:
//   npm run test:e2e                 (builds first)
//   CHROMIUM=/path/to/chromium node scripts/e2e.js
// Needs Debian's chromium (apt-get install -y chromium); never downloads a browser.
// Screenshots go to .screenshots/ (ignored); `--update-docs` (npm run screenshots)
// writes them to docs/images/ instead, the README's pictures.
"use strict";
const fs = require("fs");
const path = require("path");
const { execFileSync, spawnSync } = require("child_process");

const root = path.resolve(__dirname, "..");
const out = path.join(root, ".test-out");
const chromium = process.env.CHROMIUM || "/usr/bin/chromium";
if (!fs.existsSync(chromium)) {
  console.error(`e2e: ${chromium} not found. Install Debian's chromium (apt-get install -y chromium) or set CHROMIUM.`);
  process.exit(1);
}
if (!fs.existsSync(path.join(root, "dist", "nodes"))) {
  console.error("e2e: dist/ is missing; run npm run build first (npm run test:e2e does).");
  process.exit(1);
}

fs.rmSync(path.join(out, "e2e"), { recursive: true, force: true });
try {
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "test", "tsconfig.json")], {
    stdio: "inherit",
  });
} catch {
  console.error("e2e: the specs do not compile (see above)");
  process.exit(1);
}
const specs = fs
  .readdirSync(path.join(out, "e2e"))
  .filter((f) => f.endsWith(".e2e.js"))
  .map((f) => path.join(".test-out", "e2e", f));
const mocha = require.resolve("mocha/bin/mocha.js");
const started = Date.now();
const updateDocs = process.argv.includes("--update-docs");
const args = process.argv.slice(2).filter((a) => a !== "--update-docs");
const result = spawnSync(process.execPath, [mocha, "--timeout", "120000", "--bail", "--exit", ...specs, ...args], {
  stdio: "inherit",
  cwd: root,
  env: { ...process.env, ...(updateDocs ? { PEPLINK_SCREENSHOTS_DIR: path.join("docs", "images") } : {}) },
});
console.log(`e2e: ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(result.status === null ? 1 : result.status);
