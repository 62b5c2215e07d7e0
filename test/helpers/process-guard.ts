/**
 * Records every unhandled promise rejection and uncaught exception of the
 * mocha process, from the moment a spec file imports this module (mocha loads
 * every spec before it runs any) to the end of the run, and fails the run in a
 * root `after` hook if there was one.
 *
 * Why: mocha only forwards an unhandled rejection from user code to listeners
 * on `process`; with none installed it is dropped silently, so a node that
 * forgets a `.catch()` would go unnoticed.
 */
import { inspect } from "node:util";

export interface ProcessIncident {
  kind: "unhandledRejection" | "uncaughtException";
  /** The reason or error, as text (stack when there is one). */
  text: string;
  /** The mocha test running when it happened (best effort). */
  during: string;
}

const incidents: ProcessIncident[] = [];
let current = "(between tests)";

function describe(reason: unknown): string {
  if (reason instanceof Error) return reason.stack ?? `${reason.name}: ${reason.message}`;
  return inspect(reason, { depth: 3 });
}

const guardKey = Symbol.for("node-red-contrib-peplink.process-guard");
const g = globalThis as unknown as Record<symbol, boolean>;
if (!g[guardKey]) {
  g[guardKey] = true;
  process.on("unhandledRejection", (reason) => {
    incidents.push({ kind: "unhandledRejection", text: describe(reason), during: current });
  });
  // A listener on uncaughtExceptionMonitor sees the exception without changing
  // how mocha (or Node) handles it: the failing test still fails as usual.
  process.on("uncaughtExceptionMonitor", (err) => {
    incidents.push({ kind: "uncaughtException", text: describe(err), during: current });
  });

  beforeEach(function () {
    current = this.currentTest?.fullTitle() ?? "(unknown test)";
  });
  afterEach(function () {
    current = `(after ${this.currentTest?.fullTitle() ?? "a test"})`;
  });

  // Root hook: runs once, after every spec of the run.
  after(function () {
    if (incidents.length === 0) return;
    const list = incidents.map((i, n) => `${n + 1}. ${i.kind} during "${i.during}":\n${i.text}`).join("\n");
    throw new Error(`the process saw ${incidents.length} unhandled rejection(s) / uncaught exception(s):\n${list}`);
  });
}

/** What the process has seen so far (a copy). */
export function processIncidents(): ProcessIncident[] {
  return incidents.map((i) => ({ ...i }));
}
