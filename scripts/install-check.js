#!/usr/bin/env node
/**
 * Installs the package the way a user does, from the packed tarball, and
 * checks that Node-RED loads it. Run by .ci/run after `npm test`.
 *
 *   1. `npm pack` (prepack builds): size, file count, and what must and must
 *      not be in it (no source maps, no declarations outside dist/api, every
 *      node's .js and .html, the files the editor loads from resources/).
 *   2. For each Node-RED (the development one, then 5.x on Node.js 22 and
 *      3.1.x from scripts/lib/matrix.js), two fresh user directories:
 *        a. `npm install <tarball>` in the user directory (what ~/.node-red or
 *           the Home Assistant add-on's Node-RED directory gets), then start
 *           Node-RED: every node type loads without error, editor files, help,
 *           icons, resources and examples are served, and a flow built from the
 *           installed nodes reads the WAN status of the simulator started from
 *           the installed package's own `peplink-simulator` bin;
 *        b. Manage palette ▸ Install ▸ upload: the tarball is posted to a running
 *           Node-RED (POST /nodes, as the editor does) and its node types appear.
 *
 * Usage: node scripts/install-check.js [--keep] [target…]   targets: dev, node-red-5, node-red-3.1
 */
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawn, execFileSync } = require("child_process");
const { TARGETS, prepareTarget, npm } = require("./lib/matrix");
const { freePort, prepareUserDir, startNodeRed, deployFlows, request, root } = require("./lib/node-red-runner");

const MODULE = "node-red-contrib-peplink";
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const TYPES = Object.keys(pkg["node-red"].nodes);

const args = process.argv.slice(2);
const keep = args.includes("--keep");
const wanted = args.filter((a) => !a.startsWith("--"));

const problems = [];
function check(ok, what) {
  if (!ok) problems.push(what);
  return ok;
}

/** 1. Packs the checkout and checks the tarball's contents. */
function pack(into) {
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", into], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  }).toString();
  // prepack's build output may precede the JSON.
  const info = JSON.parse(out.slice(out.indexOf("[")))[0];
  const files = info.files.map((f) => f.path);
  console.log(
    `install-check: ${info.filename}: ${(info.size / 1024).toFixed(1)} kB packed, ${(info.unpackedSize / 1024).toFixed(1)} kB unpacked, ${files.length} files`,
  );
  const maps = files.filter((f) => f.endsWith(".map"));
  check(maps.length === 0, `the tarball holds source maps of sources it does not ship: ${maps.slice(0, 3).join(", ")}…`);
  const stray = files.filter((f) => f.endsWith(".d.ts") && !f.startsWith("dist/api/"));
  check(stray.length === 0, `the tarball holds declarations outside dist/api: ${stray.slice(0, 3).join(", ")}…`);
  const dev = files.filter((f) => /^(src|test|bench|scripts|\.ci)\//.test(f));
  check(dev.length === 0, `the tarball holds development files: ${dev.slice(0, 3).join(", ")}…`);
  for (const file of Object.values(pkg["node-red"].nodes)) {
    check(files.includes(file), `the tarball lacks ${file}`);
    check(files.includes(file.replace(/\.js$/, ".html")), `the tarball lacks ${file.replace(/\.js$/, ".html")}`);
  }
  check(files.includes(pkg.types), `the tarball lacks the API declarations ${pkg.types}`);
  check(files.includes(pkg.bin["peplink-simulator"]), "the tarball lacks the simulator bin");
  check(
    files.some((f) => f.startsWith("examples/")),
    "the tarball has no examples/",
  );
  // Every file an editor file loads from resources/<module>/ must be shipped.
  for (const html of files.filter((f) => f.startsWith("dist/nodes/") && f.endsWith(".html"))) {
    const text = fs.readFileSync(path.join(root, html), "utf8");
    for (const [, file] of text.matchAll(new RegExp(`resources/${MODULE}/([\\w./-]+)`, "g"))) {
      check(files.includes(`resources/${file}`), `${html} loads resources/${MODULE}/${file}, which the tarball lacks`);
    }
  }
  return path.join(into, info.filename);
}

function settingsFor(extra = {}) {
  return { logging: { console: { level: "warn", metrics: false, audit: false } }, ...extra };
}

/** A fresh Node-RED user directory, as `node-red` creates one. */
function freshUserDir(parent, name) {
  const dir = path.join(parent, name);
  prepareUserDir(dir, settingsFor(), { link: false });
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "node-red-project", description: "A Node-RED Project", version: "0.0.1", private: true }, null, 2),
  );
  return dir;
}

async function getJson(url, what) {
  const res = await request(url, { headers: { accept: "application/json" } });
  if (res.status !== 200) throw new Error(`${what}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
  return JSON.parse(res.text);
}

/** Every node type of the package is registered, enabled and loaded without error. */
async function checkTypes(url, label) {
  const sets = (await getJson(`${url}/nodes`, "GET /nodes")).filter((s) => s.module === MODULE);
  const loaded = new Set(sets.flatMap((s) => s.types));
  const missing = TYPES.filter((t) => !loaded.has(t));
  check(missing.length === 0, `${label}: node types not loaded: ${missing.join(", ")}`);
  for (const set of sets) check(set.enabled !== false && !set.err, `${label}: ${set.id}: ${set.err || "disabled"}`);
  return sets;
}

/** Editor files, help, icons, resources and examples, as the editor asks for them. */
async function checkEditor(url, label) {
  const html = (await request(`${url}/nodes`, { headers: { accept: "text/html" } })).text;
  for (const type of TYPES) {
    check(html.includes(`data-template-name="${type}"`), `${label}: no editor form for ${type}`);
    check(html.includes(`data-help-name="${type}"`), `${label}: no help for ${type}`);
  }
  for (const [, file] of html.matchAll(new RegExp(`resources/${MODULE}/([\\w./-]+)`, "g"))) {
    const res = await request(`${url}/resources/${MODULE}/${file}`);
    check(res.status === 200, `${label}: resources/${MODULE}/${file} answers HTTP ${res.status}`);
  }
  const icons = (await getJson(`${url}/icons`, "GET /icons"))[MODULE] || [];
  for (const icon of fs.readdirSync(path.join(root, "icons"))) check(icons.includes(icon), `${label}: icon ${icon} is not served`);
  // Import ▸ Examples ▸ node-red-contrib-peplink: every example listed and readable.
  const listed = await getJson(`${url}/library/examples/flows/${MODULE}`, "GET the examples list");
  const shipped = fs.readdirSync(path.join(root, "examples")).filter((f) => f.endsWith(".json"));
  const names = listed.map((e) => (typeof e === "string" ? e : e.fn)).filter(Boolean);
  check(names.length === shipped.length, `${label}: Import ▸ Examples lists ${names.length} of the ${shipped.length} example flows`);
  for (const name of names) {
    const flow = await getJson(`${url}/library/examples/flows/${MODULE}/${encodeURIComponent(name)}`, `GET example ${name}`);
    check(Array.isArray(flow) && flow.length > 0, `${label}: example ${name} is not a flow`);
  }
}

/** Starts the installed package's own simulator bin; resolves { port, fingerprint, stop }. */
function startInstalledSimulator(userDir, node, port) {
  const bin = path.join(userDir, "node_modules", ".bin", "peplink-simulator");
  check(fs.existsSync(bin), "npm did not link the peplink-simulator bin");
  const child = spawn(node, [fs.realpathSync(bin), "--https", "--port", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    // Whatever goes wrong before it is up, the process does not outlive the check.
    const fail = (err) => {
      clearTimeout(timer);
      if (child.exitCode === null) child.kill("SIGTERM");
      reject(err);
    };
    const timer = setTimeout(() => fail(new Error(`the simulator did not start:\n${output}`)), 20_000);
    const onData = (chunk) => {
      output += chunk;
      const fingerprint = /fingerprint: ([0-9A-F:]{95})/.exec(output);
      if (!fingerprint) return;
      clearTimeout(timer);
      resolve({
        fingerprint: fingerprint[1],
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", done);
            child.kill("SIGTERM");
          }),
      });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (c) => (output += c));
    child.once("exit", (code) => fail(new Error(`the simulator exited (${code}):\n${output}`)));
  });
}

/** A flow of installed nodes reads the WAN status of the simulator into global context. */
async function checkFlow(url, label, simPort, fingerprint) {
  const flow = [
    { id: "ic-tab", type: "tab", label: "install check" },
    {
      id: "ic-dev",
      type: "peplink-device",
      name: "installed",
      host: "127.0.0.1",
      port: String(simPort),
      protocol: "https",
      trust: "pin",
      fingerprint,
      authMode: "login",
      credentials: { username: "admin", password: "admin" },
    },
    {
      id: "ic-inject",
      type: "inject",
      z: "ic-tab",
      once: true,
      onceDelay: 0.2,
      repeat: "",
      payload: "",
      payloadType: "date",
      wires: [["ic-status"]],
    },
    {
      id: "ic-status",
      type: "peplink-status",
      z: "ic-tab",
      device: "ic-dev",
      endpoint: "status.wan.connection",
      interval: "0",
      wires: [["ic-save"]],
    },
    {
      id: "ic-save",
      type: "change",
      z: "ic-tab",
      rules: [{ t: "set", p: "wans", pt: "global", to: "payload", tot: "msg" }],
      wires: [],
    },
  ];
  await deployFlows(url, flow);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await request(`${url}/context/global/wans`);
    if (res.status === 200) {
      const entry = JSON.parse(res.text);
      const value = entry && entry.memory ? entry.memory : entry;
      // Node-RED encodes the value for the editor: { msg: JSON text, format: "Object" }, "(undefined)" until set.
      if (value && value.format && value.format !== "undefined") {
        const wans = JSON.parse(value.msg);
        const count = Object.keys(wans).filter((k) => /^\d+$/.test(k)).length;
        check(count > 0, `${label}: the installed peplink-status read no WAN: ${value.msg.slice(0, 200)}`);
        return count;
      }
    }
    if (Date.now() > deadline) {
      check(false, `${label}: the installed flow gave no WAN status within 20 s`);
      return 0;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function withNodeRed(target, userDir, body) {
  const port = await freePort();
  const red = await startNodeRed({ userDir, port, quiet: true, node: target.node, redJs: target.redJs });
  try {
    return await body(red.url);
  } catch (err) {
    check(false, `${target.label}: ${err.message}\n${red.output().slice(-2000)}`);
    return undefined;
  } finally {
    await red.stop();
  }
}

async function checkTarget(target, tarball, parent) {
  const started = Date.now();
  // a. npm install <tarball> in the user directory.
  const installed = freshUserDir(parent, `${target.name}-npm`);
  npm(["install", "--no-audit", "--no-fund", "--omit=dev", tarball], installed);
  const simPort = await freePort();
  const sim = await startInstalledSimulator(installed, target.node, simPort);
  let wans = 0;
  try {
    await withNodeRed(target, installed, async (url) => {
      await checkTypes(url, `${target.label} (npm install)`);
      await checkEditor(url, `${target.label} (npm install)`);
      wans = await checkFlow(url, `${target.label} (npm install)`, simPort, sim.fingerprint);
    });
  } finally {
    await sim.stop();
  }
  // b. The palette manager's upload.
  const uploaded = freshUserDir(parent, `${target.name}-upload`);
  await withNodeRed(target, uploaded, async (url) => {
    const form = new FormData();
    form.append("tarball", new Blob([fs.readFileSync(tarball)], { type: "application/gzip" }), path.basename(tarball));
    const res = await fetch(`${url}/nodes`, { method: "POST", body: form, headers: { accept: "application/json" } });
    const text = await res.text();
    if (!check(res.status === 200, `${target.label} (palette upload): HTTP ${res.status} ${text.slice(0, 300)}`)) return;
    await checkTypes(url, `${target.label} (palette upload)`);
  });
  console.log(
    `install-check: ${target.label}: ${TYPES.length} node types from npm install and from a palette upload; the installed flow read ${wans} WANs from the installed simulator (${((Date.now() - started) / 1000).toFixed(0)} s)`,
  );
}

async function main() {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), "peplink-install-"));
  try {
    const tarball = pack(parent);
    const targets = [
      {
        name: "dev",
        label: `Node-RED ${require("node-red/package.json").version} on Node.js ${process.version}`,
        node: process.execPath,
        redJs: undefined,
      },
    ];
    for (const t of TARGETS.filter((x) => !wanted.length || wanted.includes(x.name))) {
      const ready = prepareTarget(t);
      targets.push({
        name: t.name,
        label: `Node-RED ${ready.redVersion} on Node.js ${ready.nodeVersion}`,
        node: ready.node,
        redJs: ready.redJs,
      });
    }
    for (const target of targets.filter((t) => !wanted.length || wanted.includes(t.name))) await checkTarget(target, tarball, parent);
  } finally {
    if (keep) console.log(`install-check: kept ${parent}`);
    else fs.rmSync(parent, { recursive: true, force: true });
  }
  if (problems.length) {
    console.error(`install-check: FAILED\n  ${problems.join("\n  ")}`);
    process.exit(1);
  }
  console.log("install-check: passed");
}

main().catch((err) => {
  console.error(`install-check: ${err.stack || err.message}`);
  process.exit(1);
});
