/**
 * CPU time and memory of another process, read from outside through /proc
 * (Linux): utime + stime of /proc/<pid>/stat in clock ticks, VmRSS of
 * /proc/<pid>/status. Reading from outside adds nothing to the process measured.
 */
"use strict";
const fs = require("node:fs");
const { execFileSync } = require("node:child_process");

let clkTck;
/** Clock ticks per second (`getconf CLK_TCK`, 100 on almost every Linux). */
function clockTicks() {
  if (clkTck === undefined) {
    try {
      clkTck = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      clkTck = 100;
    }
  }
  return clkTck;
}

/** CPU time (user + system) used so far by `pid`, in milliseconds. */
function cpuMs(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may contain spaces: fields after its ")" are fixed.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / clockTicks();
}

/** Resident set size of `pid`, bytes. */
function rssBytes(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) * 1024 : NaN;
}

/** Snapshot for a measurement window. */
function sample(pid) {
  return { at: performance.now(), cpuMs: cpuMs(pid), rss: rssBytes(pid) };
}

module.exports = { clockTicks, cpuMs, rssBytes, sample };
