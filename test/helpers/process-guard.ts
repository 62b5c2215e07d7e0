/**
 * Records every unhandled promise rejection, uncaught exception and process
 * warning of the mocha process and fails the run if there was one. scripts/run-tests.js
 * loads it with `--require`, so it guards the whole run whatever specs run;
 * mocha picks up `mochaHooks` as root hooks.
 *
 * Why: mocha only forwards an unhandled rejection from user code to listeners
 * on `process`; with none installed it is dropped silently, so a node that
 * forgets a `.catch()` would go unnoticed.
 */
import { inspect } from "node:util";

export interface ProcessIncident {
  kind: "unhandledRejection" | "uncaughtException" | "warning";
  /** The reason or error, as text (stack when there is one). */
  text: string;
  /** The mocha test running when it happened (best effort). */
  during: string;
}

interface GuardState {
  incidents: ProcessIncident[];
  current: string;
}

// One state per process, even if this module were loaded twice (by --require and by a spec).
const key = Symbol.for("node-red-contrib-peplink.process-guard");
const holder = globalThis as unknown as Record<symbol, GuardState | undefined>;
const state: GuardState = holder[key] ?? (holder[key] = install());

function describe(reason: unknown): string {
  if (reason instanceof Error) return reason.stack ?? `${reason.name}: ${reason.message}`;
  return inspect(reason, { depth: 3 });
}

function install(): GuardState {
  const s: GuardState = { incidents: [], current: "(before the first test)" };
  process.on("unhandledRejection", (reason) => {
    s.incidents.push({ kind: "unhandledRejection", text: describe(reason), during: s.current });
  });
  // The monitor sees the exception without changing how mocha (or Node) handles it.
  process.on("uncaughtExceptionMonitor", (err) => {
    s.incidents.push({ kind: "uncaughtException", text: describe(err), during: s.current });
  });
  // Any process warning fails the run too (MaxListenersExceededWarning, deprecations…): a warning in
  // a user's log is a defect of ours until proven otherwise.
  process.on("warning", (warning) => {
    s.incidents.push({ kind: "warning", text: describe(warning), during: s.current });
  });
  return s;
}

/** What the process has seen so far (a copy). */
export function processIncidents(): ProcessIncident[] {
  return state.incidents.map((i) => ({ ...i }));
}

/** A readable list of the incidents, for an assertion message. */
export function describeIncidents(list: readonly ProcessIncident[] = state.incidents): string {
  return list.map((i, n) => `${n + 1}. ${i.kind} during "${i.during}":\n${i.text}`).join("\n");
}

interface HookContext {
  currentTest?: { fullTitle(): string };
}

/** Root hooks (mocha `--require`): name the running test, and fail the run at its end if anything was seen. */
export const mochaHooks = {
  beforeEach(this: HookContext): void {
    state.current = this.currentTest?.fullTitle() ?? "(unknown test)";
  },
  afterEach(this: HookContext): void {
    state.current = `(after "${this.currentTest?.fullTitle() ?? "a test"}")`;
  },
  afterAll(): void {
    if (state.incidents.length === 0) return;
    throw new Error(
      `the process saw ${state.incidents.length} unhandled rejection(s) / uncaught exception(s) / warning(s):\n${describeIncidents()}`,
    );
  },
};
