/**
 * Simulator host: runs many simulated routers in a process of its own (forked by
 * the benchmark with an IPC channel), so that the router side's CPU never counts
 * as the client's or Node-RED's. All instances share one certificate.
 *
 * Besides the simulator's own counters and log, every /api/* request's arrival
 * is stamped here with a sub-millisecond wall clock (performance.timeOrigin +
 * performance.now(), comparable across processes on one machine), because the
 * simulator's log has millisecond times only and the fleet figure computes poll
 * latencies of a few milliseconds from it.
 *
 * Protocol: the parent sends { id, cmd, args }, the host answers { id, result }
 * or { id, error }.
 */
"use strict";
const https = require("node:https");
const path = require("node:path");

const now = () => performance.timeOrigin + performance.now();

/** Arrival stamps by listening port: [{ endpoint, at }]. */
const arrivals = new Map();
let stamping = false;

// Wrap https.createServer before the simulator uses it (its compiled code reads
// the module property at call time), to see each request as it arrives.
const createServer = https.createServer;
https.createServer = function (...args) {
  const server = createServer.apply(this, args);
  server.prependListener("request", (req) => {
    if (!stamping) return;
    const url = req.url || "";
    if (!url.startsWith("/api/")) return;
    const q = url.indexOf("?");
    const endpoint = url.slice(5, q < 0 ? undefined : q);
    const port = req.socket.localPort;
    let list = arrivals.get(port);
    if (!list) arrivals.set(port, (list = []));
    list.push({ endpoint, at: now() });
  });
  return server;
};

const { startSimulator, createCertificate } = require(path.join(__dirname, "..", "..", "dist", "simulator"));

/** Started simulators, in the order they were started. */
let sims = [];
let certificate;

const commands = {
  /** Starts `count` simulators with `options`; answers their ports and the shared fingerprint. */
  async start({ count, options = {} }) {
    if (!certificate) certificate = createCertificate();
    const started = [];
    // A few at a time keeps the listen() calls from piling up.
    for (let i = 0; i < count; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, count - i) }, () =>
          startSimulator({ ...options, certificate: { key: certificate.key, cert: certificate.cert } }),
        ),
      );
      started.push(...batch);
    }
    sims.push(...started);
    return { ports: started.map((s) => s.port), fingerprint: started[0] && started[0].fingerprint, host: started[0] && started[0].host };
  },

  /** The certificate every simulator of this process uses (for another process of the same fleet). */
  certificate() {
    if (!certificate) certificate = createCertificate();
    return { key: certificate.key, cert: certificate.cert };
  },

  /** Uses this certificate for the simulators started from now on. */
  useCertificate({ key, cert }) {
    certificate = { key, cert };
    return true;
  },

  /** Counters of every simulator (or the given ports). */
  counters({ ports } = {}) {
    return select(ports).map((s) => ({ port: s.port, ...s.control.counters() }));
  },

  /** Counters summed over every simulator (byEndpoint summed too; inFlightPeak is the max). */
  total({ ports } = {}) {
    const sum = {
      sims: 0,
      requests: 0,
      byEndpoint: {},
      logins: 0,
      grants: 0,
      logouts: 0,
      connections: 0,
      tlsHandshakes: 0,
      inFlightPeak: 0,
      faultsApplied: 0,
    };
    for (const s of select(ports)) {
      const c = s.control.counters();
      sum.sims++;
      for (const k of ["requests", "logins", "grants", "logouts", "connections", "tlsHandshakes", "faultsApplied"]) sum[k] += c[k];
      sum.inFlightPeak = Math.max(sum.inFlightPeak, c.inFlightPeak);
      for (const [e, n] of Object.entries(c.byEndpoint)) sum.byEndpoint[e] = (sum.byEndpoint[e] || 0) + n;
    }
    return sum;
  },

  /** The simulators' own request logs (compact), by port. */
  log({ ports } = {}) {
    return select(ports).map((s) => ({
      port: s.port,
      entries: s.control
        .log()
        .map((e) => ({ time: e.time, endpoint: e.endpoint, stat: e.stat, connection: e.connection, durationMs: e.durationMs })),
    }));
  },

  /** Starts/stops stamping arrivals; `clear` drops what was stamped. */
  stamp({ on, clear }) {
    stamping = !!on;
    if (clear) arrivals.clear();
    return true;
  },

  /** Arrival stamps by port: { [port]: [{ endpoint, at }] }. */
  arrivals() {
    return Object.fromEntries(arrivals);
  },

  clearLog({ ports } = {}) {
    for (const s of select(ports)) s.control.clearLog();
    return true;
  },

  reset({ ports } = {}) {
    for (const s of select(ports)) s.control.reset();
    return true;
  },

  /** This process's CPU time (µs) and RSS, for context. */
  usage() {
    const cpu = process.cpuUsage();
    return { cpuUs: cpu.user + cpu.system, rss: process.memoryUsage().rss };
  },

  async closeAll() {
    const closing = sims;
    sims = [];
    arrivals.clear();
    await Promise.all(closing.map((s) => s.close()));
    return true;
  },
};

function select(ports) {
  if (!ports) return sims;
  const wanted = new Set(ports);
  return sims.filter((s) => wanted.has(s.port));
}

process.on("message", async (message) => {
  const { id, cmd, args } = message;
  try {
    const fn = commands[cmd];
    if (!fn) throw new Error(`unknown command ${cmd}`);
    const result = await fn(args || {});
    process.send({ id, result });
  } catch (err) {
    process.send({ id, error: err && err.stack ? err.stack : String(err) });
  }
});

process.on("disconnect", () => {
  // The benchmark went away: stop serving.
  void commands.closeAll().finally(() => process.exit(0));
});
