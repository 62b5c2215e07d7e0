"use strict";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Percentile (0–100) of a numeric array, nearest-rank. */
function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Waits until `check()` resolves truthy (polled every `everyMs`), or `timeoutMs` passed; resolves with the last value. */
async function waitFor(check, { timeoutMs = 30_000, everyMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value || Date.now() > deadline) return value;
    await sleep(everyMs);
  }
}

function mb(bytes) {
  return bytes / (1024 * 1024);
}

function fmt(n, digits = 1) {
  if (n === undefined || n === null || Number.isNaN(n)) return "–";
  return Number(n).toFixed(digits);
}

module.exports = { sleep, percentile, waitFor, mb, fmt };
