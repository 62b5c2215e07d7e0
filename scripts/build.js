#!/usr/bin/env node
// Builds the package: compiles src/ to dist/ (CommonJS), assembles dist/nodes/
// so that Node-RED finds <type>.js beside <type>.html, icons/ and locales/, and
// writes resources/peplink-editor.js, the script every editor file loads (Node-RED
// serves a package's resources/ folder at resources/<package>/<file>).
"use strict";
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");

const root = path.resolve(__dirname, "..");
const dist = path.join(root, "dist");

function copyDir(from, to) {
  if (!fs.existsSync(from)) return;
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) copyDir(src, dst);
    else fs.copyFileSync(src, dst);
  }
}

fs.rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.json")], {
  stdio: "inherit",
});

const nodesOut = path.join(dist, "nodes");
fs.mkdirSync(nodesOut, { recursive: true });
for (const file of fs.existsSync(path.join(root, "nodes")) ? fs.readdirSync(path.join(root, "nodes")) : []) {
  if (file.endsWith(".html")) fs.copyFileSync(path.join(root, "nodes", file), path.join(nodesOut, file));
}
copyDir(path.join(root, "nodes", "locales"), path.join(nodesOut, "locales"));
copyDir(path.join(root, "icons"), path.join(nodesOut, "icons"));

// resources/peplink-editor.js: the runtime's connection rules, compiled from the same
// TypeScript (src/api/connection-rules.ts, no imports), then the shared editor code.
const resources = path.join(root, "resources");
fs.rmSync(resources, { recursive: true, force: true });
fs.mkdirSync(resources, { recursive: true });
const pkgName = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).name;
const rules = fs.readFileSync(path.join(dist, "api", "connection-rules.js"), "utf8").replace(/^\/\/# sourceMappingURL=.*$/m, "");
const editor = fs.readFileSync(path.join(root, "src", "editor", "peplink-editor.js"), "utf8").replace(/__PACKAGE__/g, pkgName);
fs.writeFileSync(
  path.join(resources, "peplink-editor.js"),
  "/* Built by scripts/build.js from src/api/connection-rules.ts and src/editor/peplink-editor.js: edit those. */\n" +
    "(function () {\n    if (window.PeplinkRules) { return; }\n    var exports = {};\n" +
    rules.replace(/^/gm, "    ").replace(/\s+$/, "") +
    "\n    window.PeplinkRules = exports;\n})();\n" +
    editor,
);

// The simulator bin must be executable when installed from a tarball or a clone.
const cli = path.join(dist, "simulator", "cli.js");
if (fs.existsSync(cli)) fs.chmodSync(cli, 0o755);

// Every node listed in package.json must have been built, with its editor file.
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const missing = [];
for (const [type, file] of Object.entries(pkg["node-red"].nodes)) {
  for (const f of [file, file.replace(/\.js$/, ".html")]) {
    if (!fs.existsSync(path.join(root, f))) missing.push(`${type}: ${f}`);
  }
}
if (missing.length) {
  console.error("build: files named in package.json node-red.nodes are missing:\n  " + missing.join("\n  "));
  process.exit(1);
}
