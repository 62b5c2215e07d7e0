/**
 * The benchmark's side of the simulator host (sim-host.js): forks it, sends
 * commands over IPC, stops it.
 */
"use strict";
const path = require("node:path");
const { fork } = require("node:child_process");

/** A bench API client registered on every simulator (client auth mode). */
const BENCH_CLIENT = { name: "bench", clientId: "bench-client", clientSecret: "bench-secret-0123456789", scope: "api" };

async function startSimHost() {
  const child = fork(path.join(__dirname, "sim-host.js"), [], {
    execArgv: process.env.SIM_PROF ? ["--cpu-prof", "--cpu-prof-dir=" + process.env.SIM_PROF] : [],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let nextId = 0;
  const pending = new Map();
  child.on("message", ({ id, result, error }) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    if (error) p.reject(new Error(`sim-host: ${error}`));
    else p.resolve(result);
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.once("exit", (code) => {
    for (const p of pending.values()) p.reject(new Error(`sim-host exited (${code})`));
    pending.clear();
  });

  function call(cmd, args) {
    return new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      child.send({ id, cmd, args });
    });
  }

  return {
    pid: child.pid,
    call,
    /** Starts `count` simulators (HTTPS, the bench client registered); resolves with their ports. */
    async start(count, options = {}) {
      return call("start", { count, options: { clients: [BENCH_CLIENT], ...options } });
    },
    async stop() {
      if (child.exitCode !== null) return;
      await call("closeAll").catch(() => undefined);
      child.disconnect();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

module.exports = { startSimHost, BENCH_CLIENT };
