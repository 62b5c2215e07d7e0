/**
 * Starts a local Node-RED (its own user dir, this package linked in) for the
 * demo, the browser test and the benchmarks. Node-RED is started as
 * `node node_modules/node-red/red.js -u DIR -p PORT`, so the PID we hold is
 * Node-RED itself and stopping it stops everything it started.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const http = require("http");
const net = require("net");
const { spawn } = require("child_process");

const root = path.resolve(__dirname, "..", "..");

/** A free TCP port on 127.0.0.1 (preferring `preferred` when it is free). */
function freePort(preferred) {
  const tryPort = (port) =>
    new Promise((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(undefined));
      server.listen(port, "127.0.0.1", () => {
        const found = server.address().port;
        server.close(() => resolve(found));
      });
    });
  return (preferred ? tryPort(preferred) : Promise.resolve(undefined)).then((port) => port || tryPort(0));
}

/**
 * Writes DIR/settings.js (no welcome tour, no telemetry or update dialogs) and
 * links this package (or `packageDir`, a copy of it) into DIR/node_modules, so
 * Node-RED loads it like an installed package (palette, icons, examples under
 * Import ▸ Examples). `{ link: false }` leaves node_modules alone
 * (scripts/install-check.js installs the packed tarball there instead).
 */
function prepareUserDir(dir, extraSettings = {}, { link = true, packageDir = root } = {}) {
  fs.mkdirSync(path.join(dir, "node_modules"), { recursive: true });
  if (link) {
    const linked = path.join(dir, "node_modules", "node-red-contrib-peplink");
    fs.rmSync(linked, { recursive: true, force: true });
    fs.symlinkSync(packageDir, linked, "junction");
  }
  const settings = {
    flowFile: "flows.json",
    credentialSecret: "peplink-local-demo",
    uiHost: "127.0.0.1",
    logging: { console: { level: "info", metrics: false, audit: false } },
    telemetry: { enabled: false, updateNotification: false },
    diagnostics: { enabled: false, ui: false },
    editorTheme: { tours: false, projects: { enabled: false }, header: { title: "Node-RED · Peplink" } },
    // The peplink category first in the palette: on screen, open, when the editor opens.
    paletteCategories: ["peplink", "subflows", "common", "function", "network", "sequence", "parser", "storage"],
    ...extraSettings,
  };
  fs.writeFileSync(path.join(dir, "settings.js"), `module.exports = ${JSON.stringify(settings, null, 2)};\n`);
  // The editor's user settings (kept where a user changed them): the sidebar opens on the
  // Debug tab, where the demo tells its story; no tips or tours over it.
  const users = path.join(dir, ".config.users.json");
  if (!fs.existsSync(users)) {
    const editor = {
      view: { "view-show-tips": false, "view-show-welcome-tours": false },
      sidebar: { order: ["debug", "info", "help", "config", "context"] },
    };
    fs.writeFileSync(users, JSON.stringify({ _: { editor } }, null, 2));
  }
}

function request(url, { method = "GET", body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { ...(body ? { "content-type": "application/json" } : {}), ...headers } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode, text }));
    });
    req.on("error", reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

/**
 * Starts Node-RED and resolves once its admin API answers. `node` and `redJs`
 * choose another Node.js binary and Node-RED install (scripts/lib/matrix.js);
 * by default this Node.js and PEPLINK_NODE_RED's or the development Node-RED.
 */
async function startNodeRed({ userDir, port, quiet = false, env = {}, node = process.execPath, redJs }) {
  // PEPLINK_NODE_RED: another Node-RED install to start (see scripts/test-matrix.js).
  const red =
    redJs ??
    (process.env.PEPLINK_NODE_RED
      ? path.join(path.dirname(require.resolve("node-red/package.json", { paths: [process.env.PEPLINK_NODE_RED] })), "red.js")
      : path.join(root, "node_modules", "node-red", "red.js"));
  const child = spawn(node, [red, "-u", userDir, "-p", String(port)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: quiet ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"],
  });
  let output = "";
  if (quiet) {
    child.stdout.on("data", (c) => (output = (output + c).slice(-20000)));
    child.stderr.on("data", (c) => (output = (output + c).slice(-20000)));
  }
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Node-RED exited with code ${child.exitCode}\n${output}`);
    try {
      const res = await request(`${url}/settings`);
      if (res.status === 200 || res.status === 401) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`Node-RED did not start within 60 s\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Deploys a full flow set (nodes may carry `credentials`) through the admin API. */
async function deployFlows(url, flows, headers = {}) {
  const res = await request(`${url}/flows`, {
    method: "POST",
    body: flows,
    headers: { "Node-RED-Deployment-Type": "full", "Node-RED-API-Version": "v1", ...headers },
  });
  if (res.status !== 204 && res.status !== 200) throw new Error(`deploy failed: HTTP ${res.status} ${res.text}`);
}

module.exports = { freePort, prepareUserDir, startNodeRed, deployFlows, request, root };
