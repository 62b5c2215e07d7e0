/**
 * Starts one simulator per spec file (HTTPS on loopback) and resets it before
 * each test, so tests see a fresh device and a fresh request log.
 */
import { startSimulator, type Simulator, type SimulatorOptions } from "../../dist/simulator";

export interface SimulatorHandle {
  /** The running simulator (valid inside tests). */
  readonly sim: Simulator;
}

export function useSimulator(options: SimulatorOptions = {}): SimulatorHandle {
  let sim: Simulator | undefined;
  before(async () => {
    sim = await startSimulator({ https: true, ...options });
  });
  beforeEach(() => {
    sim!.control.reset();
  });
  after(async () => {
    await sim?.close();
  });
  return {
    get sim(): Simulator {
      if (!sim) throw new Error("simulator not started");
      return sim;
    },
  };
}

/** Counts requests to one endpoint in the simulator's log. */
export function requestsTo(sim: Simulator, endpoint: string): number {
  return sim.control.log().filter((entry) => entry.endpoint === endpoint).length;
}

/** Endpoints of the requests in the simulator's log other than signing in (auth.token.grant, login). */
export function apiRequests(sim: Simulator): string[] {
  return sim.control
    .log()
    .map((entry) => entry.endpoint)
    .filter((endpoint) => endpoint !== "auth.token.grant" && endpoint !== "login");
}
