/**
 * Simulated routers for the fleet figure, in as few simulator processes as
 * the file-descriptor limit allows.
 *
 * One simulator process serves many routers, each on a port of its own (a
 * listening socket and, with one keep-alive connection per router, one
 * accepted socket: two file descriptors per router). Node raises its soft
 * limit of open files to the hard limit at start, so a process holds
 * (hard limit − reserve) / FDS_PER_ROUTER routers; a fleet larger than that
 * gets more processes (all with the benchmark's certificate). CPU is not the
 * reason for more processes: one process serves 5,000 routers polled every
 * 5 s with a fraction of a core (the table shows it).
 *
 * The pool answers the sim-host commands the fleet figure uses, merged over
 * its processes (counters summed, logs and arrival stamps joined).
 */
"use strict";
const fs = require("node:fs");
const { startSimHost } = require("./sims");

/** File descriptors per router in a simulator process: listener + connection, with room for a second connection. */
const FDS_PER_ROUTER = 3;
const FD_RESERVE = 256;

/** The hard limit of open files (what Node raises the soft limit to), from /proc. */
function openFilesLimit() {
  const limits = fs.readFileSync("/proc/self/limits", "utf8");
  const match = /^Max open files\s+(\S+)\s+(\S+)/m.exec(limits);
  if (!match) return 1024;
  return match[2] === "unlimited" ? Number.MAX_SAFE_INTEGER : Number(match[2]);
}

/** Routers one simulator process can serve within the file-descriptor limit. */
function routersPerProcess() {
  return Math.max(1, Math.floor((openFilesLimit() - FD_RESERVE) / FDS_PER_ROUTER));
}

/**
 * Checks that Node-RED (one connection per router) and the simulator
 * processes fit in the file-descriptor limit; throws saying what to raise.
 */
function checkLimits(routers) {
  const limit = openFilesLimit();
  if (routers + FD_RESERVE > limit) {
    throw new Error(
      `a fleet of ${routers} routers needs more than ${routers + FD_RESERVE} open files in Node-RED; the hard limit is ${limit} (raise it: ulimit -Hn, or LimitNOFILE)`,
    );
  }
}

/**
 * Starts `count` routers: on `mainHost` as far as it holds them, the rest in
 * extra simulator processes. Resolves with { ports, fingerprint, processes,
 * call(cmd, args), release() }; release() closes the routers and stops the
 * extra processes.
 */
async function startFleetSims(mainHost, count) {
  checkLimits(count);
  const perProcess = routersPerProcess();
  const hosts = [mainHost];
  const ports = [];
  let fingerprint;
  try {
    const first = await mainHost.start(Math.min(count, perProcess));
    ports.push(...first.ports);
    fingerprint = first.fingerprint;
    if (ports.length < count) {
      const certificate = await mainHost.call("certificate");
      while (ports.length < count) {
        const extra = await startSimHost();
        hosts.push(extra);
        await extra.call("useCertificate", certificate);
        const more = await extra.start(Math.min(count - ports.length, perProcess));
        ports.push(...more.ports);
      }
    }
  } catch (err) {
    await release(hosts).catch(() => undefined);
    throw err;
  }

  async function call(cmd, args) {
    const answers = await Promise.all(hosts.map((h) => h.call(cmd, args)));
    return merge(cmd, answers);
  }

  return { ports, fingerprint, processes: hosts.length, call, release: () => release(hosts) };
}

async function release(hosts) {
  await hosts[0].call("closeAll");
  await Promise.all(hosts.slice(1).map((h) => h.stop()));
}

/** One answer from the answers of every process. */
function merge(cmd, answers) {
  if (answers.length === 1) return answers[0];
  switch (cmd) {
    case "total": {
      const sum = { ...answers[0], byEndpoint: { ...answers[0].byEndpoint } };
      for (const a of answers.slice(1)) {
        for (const k of ["sims", "requests", "logins", "grants", "logouts", "connections", "tlsHandshakes", "faultsApplied"])
          sum[k] += a[k];
        sum.inFlightPeak = Math.max(sum.inFlightPeak, a.inFlightPeak);
        for (const [e, n] of Object.entries(a.byEndpoint)) sum.byEndpoint[e] = (sum.byEndpoint[e] || 0) + n;
      }
      return sum;
    }
    case "usage":
      return answers.reduce((a, b) => ({ cpuUs: a.cpuUs + b.cpuUs, rss: a.rss + b.rss }));
    case "log":
    case "counters":
      return answers.flat();
    case "arrivals":
      return Object.assign({}, ...answers);
    default:
      return answers[0];
  }
}

module.exports = { startFleetSims, routersPerProcess, openFilesLimit };
