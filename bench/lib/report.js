/** The benchmark's table (terminal) and docs/benchmarks.md. */
"use strict";
const os = require("node:os");
const path = require("node:path");
const { fmt, mb } = require("./util");

function machine() {
  const cpus = os.cpus();
  let nodeRed = "?";
  try {
    nodeRed = require(path.join(__dirname, "..", "..", "node_modules", "node-red", "package.json")).version;
  } catch {
    /* not installed */
  }
  return {
    cpu: cpus[0] ? cpus[0].model.trim() : "unknown",
    cores: cpus.length,
    node: process.version,
    nodeRed,
    os: `${os.type()} ${os.release()}`,
    memoryGb: os.totalmem() / 2 ** 30,
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
  };
}

const x = (v, d = 2) => `${fmt(v, d)}×`;
const ms = (v, d = 1) => `${fmt(v, d)} ms`;

/** Targets 2–4 exactly, figure 5's comparison, figure 6's growth, figure 7's memory. */
function verdicts(r) {
  const checks = [];
  const add = (what, ok, detail) => checks.push({ what, ok, detail });
  const h = r.handshakes;
  add(
    "2 handshakes and logins",
    h.client.tlsHandshakes === 1 && h.client.auth === 1 && h.login.tlsHandshakes === 1 && h.login.auth === 1,
    `token ${h.client.tlsHandshakes} TLS / ${h.client.auth} grant, session ${h.login.tlsHandshakes} TLS / ${h.login.auth} login (target 1 and 1)`,
  );
  const s = r.singleFlight;
  add(
    "3 single flight",
    s.client.auth === 1 && s.login.auth === 1 && s.client.failed === 0 && s.login.failed === 0,
    `${s.client.auth} grant, ${s.login.auth} login, ${s.client.failed + s.login.failed} failed calls (target 1)`,
  );
  const p = r.shared;
  add(
    "4 shared pollers",
    p.nodes === 20 && p.requests === p.ticks && p.minMessagesPerNode === p.ticks,
    `${p.requests} requests for ${p.ticks} ticks of ${p.nodes} nodes (target 1 per tick)`,
  );
  const v = r.versus;
  add(
    "5 below the core-node flow",
    v.package.requestsPerUpdate < v.core.requestsPerUpdate &&
      v.package.connectionsPerUpdate <= v.core.connectionsPerUpdate &&
      v.package.cpuMsAboveIdlePerUpdate <= v.core.cpuMsAboveIdlePerUpdate,
    `requests ${fmt(v.package.requestsPerUpdate, 2)} vs ${fmt(v.core.requestsPerUpdate, 2)}, CPU above idle ${ms(v.package.cpuMsAboveIdlePerUpdate, 2)} vs ${ms(v.core.cpuMsAboveIdlePerUpdate, 2)} per update`,
  );
  const g = growth(r.fleet);
  if (g) {
    add(
      "6 fleet cost grows no faster than linearly",
      g.cpuPerRouter <= 1.25 && g.heapPerRouter <= 1.25 && g.p99 < g.routers,
      `CPU per router ${x(g.cpuPerRouter)} (N=${g.small}→${g.large}), heap per router ${x(g.heapPerRouter)} (N=${g.mid}→${g.large}), p99 ${x(g.p99, 1)} for ${x(g.routers, 0)} the routers`,
    );
  }
  const f = r.fleet;
  add(
    "6 one TLS connection and one sign-in per router",
    f.every((run) => run.tlsTotal === run.routers && run.grants === run.routers),
    f
      .map((run) => `N=${run.routers}: ${fmt(run.tlsTotal / run.routers, 2)} TLS / ${fmt(run.grants / run.routers, 2)} grants per router`)
      .join(", ") + " since the deploy (target 1 and 1)",
  );
  const k = r.soak;
  const heapGrowth = k.after.heapUsed - k.before.heapUsed;
  add(
    "7 no memory growth",
    heapGrowth < 2 * 2 ** 20,
    `heap after GC ${fmt(mb(k.before.heapUsed))} → ${fmt(mb(k.after.heapUsed))} MB over ${k.polls} polls`,
  );
  return checks;
}

/** Growth of per-router costs from the smallest to the largest fleet. */
function growth(runs) {
  if (!runs || runs.length < 2) return undefined;
  const small = runs[0];
  const large = runs[runs.length - 1];
  const mid = runs.length > 2 ? runs[runs.length - 2] : small;
  return {
    small: small.routers,
    mid: mid.routers,
    large: large.routers,
    routers: large.routers / small.routers,
    cpuPerRouter: large.cpuMsPerRouterPerMin / small.cpuMsPerRouterPerMin,
    cpuPerPoll: large.cpuMsPerPoll / small.cpuMsPerPoll,
    heapPerRouter: large.heapPerRouterKb / mid.heapPerRouterKb,
    rssPerRouter: large.rssPerRouterKb / mid.rssPerRouterKb,
    p50: large.p50 / small.p50,
    p99: large.p99 / small.p99,
  };
}

/** What one more router costs, from the second-largest to the largest fleet (after a full GC in both). */
function marginal(runs) {
  if (!runs || runs.length < 2) return undefined;
  const a = runs[runs.length - 2];
  const b = runs[runs.length - 1];
  const n = b.routers - a.routers;
  return {
    from: a.routers,
    to: b.routers,
    rssKb: (b.rssAfterGc - a.rssAfterGc) / n / 1024,
    heapKb: (b.heapAfterGc - a.heapAfterGc) / n / 1024,
    cpuMsPerMin: (b.cpuMsPerRouterPerMin * b.routers - a.cpuMsPerRouterPerMin * a.routers) / n,
  };
}

function mdTable(header, rows) {
  const line = (cells) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** A plain-text table for the terminal (columns padded). */
function textTable(header, rows) {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells
      .map((c, i) => String(c).padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

function mark(checks, prefix) {
  const c = checks.find((k) => k.what.startsWith(prefix));
  return c ? (c.ok ? "✔" : "✘ missed") : "";
}

function summaryRows(r, checks) {
  const o = r.overhead;
  const h = r.handshakes;
  const s = r.singleFlight;
  const p = r.shared;
  const v = r.versus;
  const g = growth(r.fleet);
  const k = r.soak;
  const f = r.fleet;
  const big = f[f.length - 1];
  return [
    [
      "1",
      `Client overhead: ${o.calls} sequential status calls`,
      `PeplinkClient takes ${x(o.ratio)} the time of a bare keep-alive \`https\` request (rounds ${x(o.minRatio)}–${x(o.maxRatio)}; ${fmt(o.clientUsPerCall, 0)} vs ${fmt(o.bareUsPerCall, 0)} µs per call)`,
      "ratio",
    ],
    [
      "2",
      "Handshakes and logins over 1000 polls",
      `token: ${h.client.tlsHandshakes} TLS connection, ${h.client.auth} grant · session: ${h.login.tlsHandshakes} TLS connection, ${h.login.auth} login`,
      `1 and 1 ${mark(checks, "2 ")}`,
    ],
    [
      "3",
      "Single flight: 100 concurrent first calls",
      `${s.client.auth} grant (token) · ${s.login.auth} login (session); ${200 - s.client.failed - s.login.failed}/200 calls answered`,
      `1 ${mark(checks, "3 ")}`,
    ],
    [
      "4",
      "Shared pollers: 20 `peplink-status` nodes, same endpoint, every 1 s",
      `${p.requests} requests for ${p.ticks} ticks = ${fmt(p.requestsPerTick, 2)} per tick (${p.grants} grant, ${p.tlsHandshakes} TLS connection)`,
      `1 ${mark(checks, "4 ")}`,
    ],
    [
      "5",
      `Core-node flow vs \`peplink-status\`, every 1 s, ${fmt(v.package.seconds, 0)} s each`,
      `per status update: ${fmt(v.core.requestsPerUpdate, 2)} vs ${fmt(v.package.requestsPerUpdate, 2)} requests, ${fmt(v.core.connectionsPerUpdate, 2)} vs ${fmt(v.package.connectionsPerUpdate, 2)} new TLS connections, ${fmt(v.core.loginsPerUpdate, 2)} vs ${fmt(v.package.loginsPerUpdate, 2)} logins, Node-RED CPU above its idle baseline ${ms(v.core.cpuMsAboveIdlePerUpdate, 2)} vs ${ms(v.package.cpuMsAboveIdlePerUpdate, 2)} (idle Node-RED: ${ms(v.idle.cpuMs / v.idle.seconds, 2)} a second)`,
      `package below ${mark(checks, "5 ")}`,
    ],
    [
      "6",
      `Fleet: N = ${f.map((run) => run.routers).join(", ")} routers, status + wan-events at 5 s each`,
      `N=${big.routers}: CPU ${fmt(big.cpuPercent)} % of a core (${ms(big.cpuMsPerRouterPerMin)} per router per minute), RSS ${fmt(mb(big.rss), 0)} MB (${fmt(big.rssPerRouterKb, 0)} KB per router), p50/p99 ${ms(big.p50)} / ${ms(big.p99)}, ${big.missedTicks} missed ticks, ${fmt(big.tlsTotal / big.routers, 2)} TLS connection and ${fmt(big.grants / big.routers, 2)} grant per router; N=${g.small}→${g.large}: CPU per router ${x(g.cpuPerRouter)}, p99 ${x(g.p99, 1)}; N=${g.mid}→${g.large}: heap per router ${x(g.heapPerRouter)}`,
      `≤ linear ${mark(checks, "6 fleet")}; 1 and 1 ${mark(checks, "6 one")}`,
    ],
    [
      "7",
      `Soak: ${k.polls} polls (${k.routers} routers)`,
      `RSS ${fmt(mb(k.before.rss))} → ${fmt(mb(k.after.rss))} MB, heap after GC ${fmt(mb(k.before.heapUsed))} → ${fmt(mb(k.after.heapUsed))} MB`,
      `no growth ${mark(checks, "7 ")}`,
    ],
  ];
}

function fleetRows(runs) {
  return runs.map((f) => [
    String(f.routers),
    String(f.simProcesses ?? 1),
    `${fmt(f.firstAllMs / 1000)} s`,
    String(f.polls),
    `${fmt(f.cpuPercent)} %`,
    ms(f.cpuMsPerRouterPerMin),
    ms(f.cpuMsPerPoll, 2),
    `${fmt(mb(f.rss), 0)} MB`,
    `${kbOrDash(f.rssPerRouterKb)} / ${kbOrDash(f.heapPerRouterKb)} KB`,
    ms(f.p50),
    ms(f.p99),
    `${f.missedTicks} / ${f.expectedTicks}`,
    String(f.newTls),
    `${fmt(f.tlsTotal / f.routers, 2)} / ${fmt(f.connectionsPerRouter, 2)}`,
    fmt(f.grants / f.routers, 2),
  ]);
}

const FLEET_HEADER = [
  "routers",
  "simulator processes",
  "every router answered, after the deploy",
  "polls in window",
  "Node-RED CPU (of 1 core)",
  "CPU per router per min",
  "CPU per poll",
  "RSS",
  "RSS / heap per router",
  "latency p50",
  "latency p99",
  "missed ticks",
  "new TLS in window",
  "TLS connections per router: opened since the deploy / used in window",
  "grants per router since the deploy",
];

const GROWTH_HEADER = ["N", "routers", "CPU per router", "CPU per poll", "RSS per router", "heap per router", "latency p50", "latency p99"];

/** Memory per router: at small N the process's own growth and GC timing outweigh the routers, so a figure at or below zero says "within the noise", not "negative memory". */
function kbOrDash(kb) {
  return kb > 0 ? fmt(kb, 0) : "–";
}

/** A growth factor; "–" when the smaller fleet's figure is not above zero (its memory per router is within the noise). */
function factor(large, small, digits = 2) {
  return small > 0 ? x(large / small, digits) : "–";
}

function growthRows(runs) {
  const rows = [];
  const last = runs[runs.length - 1];
  for (const from of runs.slice(0, -1)) {
    rows.push([
      `${from.routers} → ${last.routers}`,
      x(last.routers / from.routers, 0),
      x(last.cpuMsPerRouterPerMin / from.cpuMsPerRouterPerMin),
      x(last.cpuMsPerPoll / from.cpuMsPerPoll),
      factor(last.rssPerRouterKb, from.rssPerRouterKb),
      factor(last.heapPerRouterKb, from.heapPerRouterKb),
      x(last.p50 / from.p50, 1),
      x(last.p99 / from.p99, 1),
    ]);
  }
  return rows;
}

function render(r, checks) {
  const m = r.machine;
  const machineLine = `${m.cpu}, ${m.cores} cores, ${fmt(m.memoryGb, 0)} GB · ${m.os} · Node.js ${m.node} · Node-RED ${m.nodeRed} · ${m.date}`;
  const summaryHeader = ["#", "figure", "result", "target"];
  const summary = summaryRows(r, checks);

  const table = [
    `Machine: ${machineLine}`,
    "",
    textTable(summaryHeader, summary),
    "",
    "Fleet (figure 6):",
    textTable(FLEET_HEADER, fleetRows(r.fleet)),
    "",
    "Growth with the number of routers (per-router costs: ≤ 1× is linear or better):",
    textTable(GROWTH_HEADER, growthRows(r.fleet)),
    marginalLine(r.fleet),
    "",
    `Benchmark wall time: ${fmt(r.wallS, 0)} s`,
  ].join("\n");

  const v = r.versus;
  const k = r.soak;
  const o = r.overhead;
  const markdown = `# Benchmarks

Written by \`npm run bench\` (\`bench/run.js\`); do not edit by hand — the
method text below lives in \`bench/lib/report.js\`. Figures from one run,
side by side; where the machine's noise matters, ratios rather than absolute
times. Benchmarks, not tests: \`npm test\` has no timed assertion.

**Machine:** ${machineLine}.
**Benchmark wall time:** ${fmt(r.wallS, 0)} s (including starting ${2 + r.fleet.length + 2} Node-RED processes).

## Results

${mdTable(summaryHeader, summary)}

### Fleet (figure 6)

${mdTable(FLEET_HEADER, fleetRows(r.fleet))}

Growth with the number of routers:

${mdTable(GROWTH_HEADER, growthRows(r.fleet))}

Per-router costs at most 1× = the cost grows linearly (or slower) with the
number of routers; latency ratios compare with the routers' ratio. Memory per
router of the small fleets is within the noise of Node-RED's own memory
(RSS may even come out below the idle baseline: "–").
${marginalLine(r.fleet)}

### Core nodes vs \`peplink-status\` (figure 5)

${mdTable(
  ["per window", "core-node flow", "peplink-status"],
  [
    ["window", `${fmt(v.core.seconds)} s`, `${fmt(v.package.seconds)} s`],
    ["status updates", String(v.core.updates), String(v.package.updates)],
    ["requests the router saw", String(v.core.requests), String(v.package.requests)],
    ["of them logins (new sessions)", String(v.core.logins), String(v.package.logins)],
    ["new TLS connections", String(v.core.connections), String(v.package.connections)],
    ["Node-RED CPU time", ms(v.core.cpuMs, 0), ms(v.package.cpuMs, 0)],
    ["**per update:** requests", fmt(v.core.requestsPerUpdate, 2), fmt(v.package.requestsPerUpdate, 2)],
    ["**per update:** new TLS connections", fmt(v.core.connectionsPerUpdate, 2), fmt(v.package.connectionsPerUpdate, 2)],
    ["**per update:** Node-RED CPU", ms(v.core.cpuMsPerUpdate, 2), ms(v.package.cpuMsPerUpdate, 2)],
    ["**per update:** Node-RED CPU above idle", ms(v.core.cpuMsAboveIdlePerUpdate, 2), ms(v.package.cpuMsAboveIdlePerUpdate, 2)],
  ],
)}

An idle Node-RED (empty flow, same warm-up and window) used ${ms(v.idle.cpuMs, 0)} of CPU in
${fmt(v.idle.seconds)} s, ${ms(v.idle.cpuMs / v.idle.seconds, 2)} a second: at one update a second that
baseline is as large as the work measured, and it moves by several ms/s from
one Node-RED start to the next on a shared VM, so the raw CPU per update is
mostly Node-RED's own. "Above idle" subtracts the baseline (0 when the flow's
window came out below it). The cost of one poll is clearer in the fleet
figure: CPU per poll at N = 5,000.

### Soak (figure 7)

${mdTable(
  ["polls after warm-up", "RSS", "V8 heap in use (after full GC)"],
  k.points.map((pt) => [String(pt.polls - k.before.polls), `${fmt(mb(pt.rss))} MB`, `${fmt(mb(pt.heapUsed), 2)} MB`]),
)}

${k.routers} routers, a \`peplink-status\` node each every ${k.intervalS} s and a
\`peplink-wan-events\` node each every 1 s: ${k.polls} polls, ${k.statusMessages} status
messages in all, ${k.grants} grants and ${k.tlsHandshakes} TLS connections for the whole run.
Heap growth over the second half: ${fmt(k.heapSlopePer1000 / 1024, 1)} KB per 1,000 polls.

### Targets

${checks.map((c) => `- ${c.ok ? "✔" : "✘ **missed**"} ${c.what}: ${c.detail}`).join("\n")}

## Method

All routers are \`peplink-simulator\` instances (HTTPS, one shared self-signed
certificate, pinned by every client) in a **separate process**
(\`bench/lib/sim-host.js\`, driven over IPC), so the router side's CPU never counts
as the client's or Node-RED's; everything talks over loopback. The simulator
counts TCP connections, TLS handshakes, logins, grants and requests per
endpoint; the host also stamps each request's arrival with a sub-millisecond
wall clock. Each Node-RED figure starts a **fresh Node-RED** (\`node red.js\`,
Node-RED ${m.nodeRed}, a temporary user directory with this package linked in,
\`--expose-gc\`) and deploys its flow through the admin API. Node-RED's CPU time
(utime + stime) and RSS are read **from outside**, from \`/proc/<pid>/stat\` and
\`/proc/<pid>/status\`; CPU time has a resolution of one clock tick (10 ms), so
windows are long enough for hundreds of ticks. Two bench-only hooks live in the
temporary \`settings.js\`, never in the package: \`benchRecord\`/\`benchCount\` in the
global context for a function node after the node measured, and admin routes
that return those stamps and force a full GC.

1. **Client overhead.** One \`PeplinkClient\` (API client, token, pinned
   certificate) and one bare \`https.request\` with a keep-alive agent (token in the
   query, body read and \`JSON.parse\`d — what any caller must do) call
   \`GET status.wan.connection\` sequentially on the same simulator. After 3000
   warm-up calls each (V8 needs a few thousand calls to optimize both paths),
   30 rounds of 200 alternate which goes first; the ratio
   is the sum of the client's times over the sum of the bare requests' times
   (the range of the rounds' ratios shows the noise).
   Both include the simulator's answer time, so the ratio understates the
   client's own overhead, which is the difference (${fmt(o.clientUsPerCall - o.bareUsPerCall, 0)} µs per call here).
   \`node bench/run.js client\` measures this figure alone (a few seconds):
   on a machine shared with other work, run it several times to see the noise.
2. **Handshakes and logins.** A fresh client on a fresh simulator makes 1000
   sequential calls; the simulator's counters give TLS handshakes and
   grants (client ID/secret) or logins (user/password), once for each mode.
3. **Single flight.** A fresh client gets 100 calls at once (\`Promise.all\`)
   before it has a token or session; the simulator counts grants/logins.
4. **Shared pollers.** 20 \`peplink-status\` nodes on one device, all
   \`status.wan.connection\` without parameters every 1 s, each wired to a
   recorder. Once every node sent ${p(r.shared.ticks)} messages, half a tick later (no
   request in flight), requests the simulator saw / messages per node.
5. **Versus what users do today.** The core-node flow is what forum answers
   build: \`inject\` every 1 s → \`function\` (JSON body and header) → \`http request\`
   POST \`/api/login\` → \`function\` (takes \`bauth\` from \`set-cookie\`, sets the
   \`Cookie\` header) → \`http request\` GET \`/api/status.wan.connection\` (parsed
   JSON), both \`http request\` nodes with a \`tls-config\` that does not verify the
   certificate and default settings otherwise. The package's flow is one
   \`peplink-status\` node (same user and password, certificate pinned) every 1 s.
   Both end in the same function node, which stamps each answer with
   \`stat: "ok"\` — a *status update*. Each flow runs alone, in a fresh Node-RED,
   against a fresh simulator; after a 10 s warm-up (Node-RED's own start-up
   work, V8's memory reducer included, is over by then), a window of about 40 s
   that starts and ends halfway between two updates (no request in flight at
   either end). Per update: the router's requests and new TLS connections and
   Node-RED's CPU time in the window. The CPU time includes whatever Node-RED
   does in the background during the window; it is the same for both flows.
6. **Fleet scale.** N simulated routers, each a simulator on a port of its own, in
   as few simulator processes as the file-descriptor limit allows (\`bench/lib/sim-pool.js\`:
   two descriptors per router — its listening socket and its one connection —, a
   process holds (hard limit − 256) / 3 routers; ${simProcessesText(r.fleet)}). One Node-RED with, per
   router, a \`peplink-device\` (client ID/secret, pinned), a \`peplink-status\` node
   reading \`info.location\` (GPS, what a vehicle dashboard shows) every 5 s and a
   \`peplink-wan-events\` node (\`status.wan.connection\`, every 5 s): two polls per
   router per tick, the same interval at every N. Every status node is wired to one
   recorder function node. The deploy starts every router at once; *every router
   answered* is the time from the deploy until each one's status node sent a
   message. After that and a 10 s warm-up, a 30 s window:
   - *CPU*: Node-RED's CPU time over the window, as % of one core, per router
     per minute and per poll;
   - *RSS*: Node-RED's RSS at the end of the window. *RSS / heap per router*:
     RSS and V8 heap in use after a full GC at the end, minus the same after a
     full GC of the same Node-RED before the deploy (10 s after its start, once
     its start-up work is over), divided by N;
   - *latency*: the recorder stamps each status message; the simulator process
     stamps each request's arrival (both \`performance.timeOrigin +
     performance.now()\`, one clock on one machine); latency = message stamp −
     arrival of the \`info.location\` request of that router just before it (one
     poller per router and endpoint never has two requests running, so that
     request is the one answered). It covers the router's work, the answer's
     way back, TLS, parsing, the shared poller's delivery and Node-RED's
     message passing — not the time before the request left Node-RED, which
     shows up as missed ticks when it matters;
   - *missed ticks*: gaps in each router's sequence of status messages and of
     wan-events requests seen by its simulator: a gap of k intervals counts k − 1
     (ticks the shared poller skipped because the previous request was still
     running, or polls that failed), out of the expected ticks (2 × N × window / 5 s);
   - *new TLS in window* (all routers) and *TLS connections per router*: opened
     since the deploy (handshakes) / the distinct connections that carried a
     router's polls in the window (simulator logs); *grants per router*: sign-ins
     since the deploy (target: 1 and 1 for the life of the deploy).
   Growth: each smaller fleet against the largest. The verdict takes per-router
   CPU from the smallest to the largest N (Node-RED's fixed costs make small
   fleets look dearer per router, so this is the strict direction),
   per-router heap from the middle to the largest N (at N = 10 the routers'
   memory is within the noise of a 30 MB heap), and p99 latency from the
   smallest to the largest N. Linear or better = per-router costs at most 1.25×
   (noise allowance) and p99 growing less than the number of routers.
7. **Soak.** ${k.routers} routers, one \`peplink-status\` node each every ${k.intervalS} s and a
   \`peplink-wan-events\` node each every 1 s (≈ ${fmt(k.routers / k.intervalS + k.routers, 0)} polls/s), the status
   messages counted by a function node. After 2,000 warm-up polls (the heap grows
   a little while code warms up, then stays flat), a full GC inside Node-RED,
   then RSS and heap in use; again after every 2,500 of the next 10,000 polls.
   "No growth" = less than 2 MB more heap after 10,000 polls (200 bytes per
   poll: keeping even one parsed answer per poll would show several times that).

## Notes

- **Phase slots (package change made for figure 6).** A deploy starts every
  poller within milliseconds; each poller used to keep that phase with its own
  \`setInterval\`, so a fleet polled in one burst per interval (500 routers × 2
  polls = 1000 requests at once every 5 s). Measured before the change, p99
  latency at N = 500 was 66 ms and 459 ms in two runs (event loop blocked that
  long at each tick), and a device's two polls always coincided, keeping two
  TLS connections per router busy. Spreading every poller to its own phase
  fixed the latency (p99 5–6 ms) but nearly doubled Node-RED's CPU (8–9 %
  instead of 5 % at N = 500; 5.2 % instead of 2.0 % at N = 100): on this
  machine a poll that wakes an idle process alone costs about 3× one that runs
  in a batch of 10 or more (seen with the bare client too, and in the simulator
  process). Pollers now poll once at start, then join one of the interval's
  250 ms *phase slots*, and the pollers of a slot share one timer
  (\`src/nodes/shared/poll-clocks.ts\`): bursts stay small (pollers × 250 ms /
  interval), CPU stays at the batched level, a device's polls take turns on
  one connection.
- **One connection per router (issue 12).** The first polls of a device are
  due together, right after its sign-in; with two requests in flight the
  agent opened a second TLS connection for the second one (2.00 connections
  opened per router, 1.00 used, and 236 KB of RSS per router at N = 500).
  Now a call that finds every connection of its router busy waits for one
  (\`src/api/queue.ts\`): a keep-alive connection answers sooner than a new
  one is set up. It opens another only for a burst (8 calls waiting) or when
  the busy call takes over 1 s (at most a quarter of its timeout), never
  while a connection is being set up (nor while the process sets up other
  routers' connections: see the next note); a second connection that exists
  is used at once, so concurrency under load is unchanged.
- **Deploy storms (N ≥ 2,000; package change made for figure 6).** A deploy
  starts every device at once. Measured before the change: N = 2,000 took 52 s
  until every router had answered, with 2.39 TLS connections and 1.41 grants
  per router; 2,000 bare clients (no Node-RED) making their first calls
  together saw every one of them time out: handshakes in flight share the
  event loops, so all finish late, near the end of the burst, and past the
  10 s timeout all fail and start over. Now (\`src/api/connect-gate.ts\`,
  \`transport.ts\`):
  - connections are set up through a process-wide gate, 64 at a time, first
    come first served, each with the one TLS context of its trust mode (not
    a context per connection: 0.3 ms and an OpenSSL context each); a turn
    goes to the router's oldest request still waiting, and a request whose
    turn comes with too little time left (a tenth of its timeout, or twice
    what set-ups take lately) fails before anything is sent — its poll comes
    again at the next tick;
  - a sign-in, shared by every caller, counts its timeout from when a
    connection takes it, not while it waits at the gate: it is not given up
    (and sent again) just when its turn has come; each caller still fails at
    its own deadline;
  - a call with under a tenth of its timeout left after the queue and the
    sign-in is not sent, and a GET that times out once sent keeps its
    connection for as long again in case the answer still comes (a loaded
    event loop reads answers late rather than never): giving up a sent
    request used to cost its connection;
  - a request settles once its connection is back in the pool, and a call
    held for a busy connection is decided after the I/O that is ready: under
    load Node reports an answer's end before it frees the connection, and
    runs due timers before reading sockets.${storm(r.fleet)}
- **Client overhead (figure 1)** was 1.13× (122 vs 108 µs per call). The
  call path lost its async functions (eight \`await\`s on its way; a call
  is now one transport promise and one continuation when the credential is
  at hand and a slot is free), its timer per request (one deadline sweep
  per router, re-armed only for an earlier deadline), the header object (a raw header array with the
  Host header built once: Node otherwise validates each header through
  \`setHeader\` and works out Host every time), \`res.headers\` (built on first
  access; the two headers needed are read from the raw list), the linear
  operation lookup (a map), the token's encoding per call (once per grant)
  and copies of the request; the agent's idle timeout (a socket timeout,
  refreshed on every read and write: ~5 µs a request) became one idle sweep
  per router.
- **Where Node-RED's CPU goes** (a CPU profile of Node-RED polling 2,000
  routers, made apart from this run): about half Node's HTTP, TLS and socket
  code (writing requests through TLS alone ~10 %), a fifth garbage
  collection, a quarter the package's own code (most of it \`JSON.parse\` of
  the answers; the client's call path itself ~1 %), 3 % Node-RED's runtime
  and 2 % the function node after the status nodes. The client's debug line
  per request took 5 % before it was skipped when no log handler writes debug
  lines (Node-RED builds an Error, with its stack, for every log call), and
  the status texts from the message catalogues 25 % before a text once looked
  up through Node-RED's i18next was kept (\`src/nodes/shared/i18n.ts\`). ${(() => {
    const big = r.fleet[r.fleet.length - 1];
    return `At N = ${big.routers}, the simulator process${(big.simProcesses ?? 1) > 1 ? "es" : ""} (all ${big.routers} routers) used ${fmt(big.simCpuPercent)} % of a core, Node-RED ${fmt(big.cpuPercent)} %.`;
  })()}
- **Memory per router** is mostly native.${
    marginal(r.fleet)
      ? ` Of the ${fmt(marginal(r.fleet).rssKb, 0)} KB of RSS one more router costs,
  ${fmt(marginal(r.fleet).heapKb, 0)} KB are V8 heap (device, client, two nodes, their state);`
      : ""
  } its
  one TLS client connection costs ~75–100 KB of RSS (OpenSSL buffers;
  measured apart with 500 bare clients). Before issue 12 every router also
  held a second, idle connection and an OpenSSL context per connection.
- **Figure 5's core-node flow** logs in on every tick: one new web-admin
  session per update on the router (real routers cap sessions), twice the
  requests, and a new TLS connection for ${fmt(100 * v.core.connectionsPerUpdate, 0)} % of the updates: with
  default settings (*keep-alive* off) the \`http request\` nodes reuse a
  connection only now and then. The \`peplink-status\` node signs in once and
  keeps its connection.
`;
  // The Home Assistant figure renders its own section (bench/figures/homeassistant.js).
  const ha = r.homeAssistant ? require("../figures/homeassistant").render(r.homeAssistant) : undefined;
  return ha ? { table: `${table}\n\n${ha.table}`, markdown: `${markdown}\n${ha.markdown}` } : { table, markdown };
}

/** The fleets of 2,000 routers or more: how long until every router answered, connections and grants per router. */
function storm(runs) {
  const big = runs.filter((run) => run.routers >= 2000);
  if (!big.length) return "";
  return ` In this run: ${big
    .map(
      (run) =>
        `N = ${run.routers}, every router answered ${fmt(run.firstAllMs / 1000)} s after the deploy, with ${fmt(run.tlsTotal / run.routers, 2)} TLS connections and ${fmt(run.grants / run.routers, 2)} grants per router`,
    )
    .join("; ")}.`;
}

/** How many simulator processes the fleets took, and what the largest cost them. */
function simProcessesText(runs) {
  const big = runs[runs.length - 1];
  const most = Math.max(...runs.map((run) => run.simProcesses ?? 1));
  const held = most === 1 ? "here one process held every fleet" : `here the largest fleet took ${most} processes`;
  return `${held}, using ${fmt(big.simCpuPercent)} % of a core at N = ${big.routers}`;
}

function marginalLine(runs) {
  const m = marginal(runs);
  if (!m) return "";
  return `One more router (N = ${m.from} → ${m.to}) costs Node-RED ${fmt(m.rssKb, 0)} KB of RSS, ${fmt(m.heapKb, 0)} KB of V8 heap and ${ms(m.cpuMsPerMin)} of CPU per minute.`;
}

function p(n) {
  return String(n);
}

module.exports = { machine, verdicts, render, growth };
