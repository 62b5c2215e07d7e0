/**
 * Shared pollers' phases (poll-clocks): polls of one device at the same
 * interval take turns instead of all ticking at once, and no poll clock
 * outlives its pollers.
 */
import * as assert from "node:assert/strict";
import { apiClient, device, deviceModule, helper } from "../helpers/node-red";
import { useSimulator } from "../helpers/simulator";
import type { PeplinkDeviceNode } from "../../dist/nodes/shared/device-node";
import type { PollOutcome } from "../../dist/nodes/shared/pollers";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { SharedPollers } = require("../../dist/nodes/shared/pollers.js") as typeof import("../../dist/nodes/shared/pollers");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { runningClocks } = require("../../dist/nodes/shared/poll-clocks.js") as typeof import("../../dist/nodes/shared/poll-clocks");

async function until(predicate: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("shared pollers: phases", function () {
  const handle = useSimulator();
  afterEach(async () => {
    await helper.unload();
  });

  it("two polls of one device at the same interval take turns after the first poll, on one connection", async () => {
    const dev = device(handle.sim, apiClient(handle.sim));
    await helper.load([deviceModule], [dev.node], dev.credentials);
    const node = helper.getNode("dev1") as unknown as PeplinkDeviceNode;
    const seen = [0, 0];
    const count = (i: number) => (o: PollOutcome): void => {
      assert.ok(o.ok, o.ok ? "" : o.error.message);
      seen[i]!++;
    };
    const stops = [
      node.poll({ method: "GET", endpoint: "status.wan.connection", intervalMs: 1000 }, count(0)),
      node.poll({ method: "GET", endpoint: "info.location", intervalMs: 1000 }, count(1)),
    ];
    // The first polls of a deploy run at once (both on their way right after the sign-in).
    await until(() => seen.every((n) => n >= 1), "the first polls");
    handle.sim.control.clearLog();
    const from = [...seen];
    await until(() => seen.every((n, i) => n >= from[i]! + 3), "three more polls of each");
    stops.forEach((stop) => stop());
    const log = handle.sim.control.log();
    assert.ok(log.length >= 6, `polls seen: ${log.length}`);
    assert.equal(handle.sim.control.counters().inFlightPeak, 1, "never two polls at the router at once");
    // Polls that coincide need a second connection (the transport allows 2); polls that take turns reuse the last one.
    assert.equal(new Set(log.map((e) => e.connection)).size, 1, "one TLS connection carries every poll");
  });

  it("stops every poll clock when its pollers stop or close", () => {
    const before = runningClocks();
    const call = (): Promise<never> => new Promise<never>(() => undefined);
    const a = new SharedPollers(call);
    const b = new SharedPollers(call);
    const stopA = a.subscribe({ method: "GET", endpoint: "status.wan.connection", intervalMs: 5000 }, () => undefined);
    a.subscribe({ method: "GET", endpoint: "info.location", intervalMs: 5000 }, () => undefined);
    b.subscribe({ method: "GET", endpoint: "status.wan.connection", intervalMs: 700 }, () => undefined);
    assert.ok(runningClocks() > before);
    stopA();
    a.close();
    b.close();
    assert.equal(runningClocks(), before);
  });
});
