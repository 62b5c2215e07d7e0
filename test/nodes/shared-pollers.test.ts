/**
 * Shared pollers' phases (poll-clocks): polls of one device at the same
 * interval take turns instead of all ticking at once, and no poll clock
 * outlives its pollers.
 */
import * as assert from "node:assert/strict";
import { apiClient, device, deviceModule, flow, helper, nodeModule, type Msg } from "../helpers/node-red";
import { useSimulator } from "../helpers/simulator";
import type { PeplinkDeviceNode } from "../../dist/nodes/shared/device-node";
import type { PollOutcome } from "../../dist/nodes/shared/pollers";

const { SharedPollers } = require("../../dist/nodes/shared/pollers.js") as typeof import("../../dist/nodes/shared/pollers");

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
    const count =
      (i: number) =>
      (o: PollOutcome): void => {
        assert.ok(o.ok, o.ok ? "" : o.error.message);
        seen[i]++;
      };
    const stops = [
      node.poll({ method: "GET", endpoint: "status.wan.connection", intervalMs: 1000 }, count(0)),
      node.poll({ method: "GET", endpoint: "info.location", intervalMs: 1000 }, count(1)),
    ];
    // The first polls of a deploy are due at once (both right after the sign-in); the phases start after them.
    await until(() => seen.every((n) => n >= 1), "the first polls");
    handle.sim.control.clearLog();
    const from = [...seen];
    await until(() => seen.every((n, i) => n >= from[i] + 3), "three more polls of each");
    stops.forEach((stop) => stop());
    const log = handle.sim.control.log();
    assert.ok(log.length >= 6, `polls seen: ${log.length}`);
    assert.equal(handle.sim.control.counters().inFlightPeak, 1, "never two polls at the router at once");
    // Polls that take turns reuse the last connection (and coinciding ones wait for it: see the next spec).
    assert.equal(new Set(log.map((e) => e.connection)).size, 1, "one TLS connection carries every poll");
  });

  for (const mode of ["client", "login"] as const) {
    it(`a deploy of several pollers of different endpoints on one device uses 1 TLS connection and 1 ${mode === "client" ? "grant" : "login"} (${mode})`, async () => {
      const credentials = mode === "client" ? apiClient(handle.sim) : { username: "admin", password: "admin" };
      const dev = device(handle.sim, credentials);
      const status = (id: string, endpoint: string): Record<string, unknown> => ({
        id,
        type: "peplink-status",
        device: "dev1",
        endpoint,
        params: {},
        interval: 1,
        wires: [["out"]],
      });
      // Five pollers on one device, all started by one deploy: three status endpoints, WAN
      // events, and an SMS inbox (which reads the WAN list first, one more call at start).
      const nodes = [
        status("s1", "status.wan.connection"),
        status("s2", "info.location"),
        status("s3", "info.firmware"),
        { id: "w1", type: "peplink-wan-events", device: "dev1", interval: 1, connIds: "", emitOnStart: false, wires: [["out"]] },
        { id: "i1", type: "peplink-sms-in", device: "dev1", connId: "4", interval: 1, emitExisting: false, topic: "", wires: [["out"]] },
      ];
      await helper.load(
        [deviceModule, nodeModule("peplink-status"), nodeModule("peplink-wan-events"), nodeModule("peplink-sms-in")],
        flow(nodes, dev),
        dev.credentials,
      );
      const topics = new Map<string, number>();
      helper.getNode("out").on("input", (msg: Msg) => topics.set(String(msg.topic), (topics.get(String(msg.topic)) ?? 0) + 1));
      const polls = (endpoint: string): number => handle.sim.control.log().filter((e) => e.endpoint === endpoint).length;
      // A period of polls: the first ones (all due at once, right after signing in) and three more ticks of each.
      await until(
        () =>
          ["status.wan.connection", "info.location", "info.firmware", "cmd.sms.get"].every((e) => polls(e) >= 4) &&
          ["status.wan.connection", "info.location", "info.firmware"].every((t) => (topics.get(t) ?? 0) >= 4),
        "four polls of every endpoint, and the status nodes' messages",
      );
      const counters = handle.sim.control.counters();
      const log = handle.sim.control.log();
      assert.ok(
        log.every((e) => e.stat === "ok"),
        "every request answered",
      );
      assert.equal(counters.tlsHandshakes, 1, `TLS connections: ${counters.tlsHandshakes}`);
      assert.equal(counters.connections, 1, `TCP connections: ${counters.connections}`);
      assert.equal(mode === "client" ? counters.grants : counters.logins, 1);
      assert.equal(new Set(log.map((e) => e.connection)).size, 1, "one connection carried every request");
    });
  }

  it("a listener that throws does not keep the outcome from the others, and is reported", async () => {
    const reported: string[] = [];
    const call = (): Promise<never> => Promise.resolve({ response: { ok: 1 }, notice: undefined } as never);
    const pollers = new SharedPollers(call, (endpoint, err) => reported.push(`${endpoint}: ${err.message}`));
    const spec = { method: "GET" as const, endpoint: "info.firmware", intervalMs: 60_000 };
    let second = 0;
    pollers.subscribe(spec, () => {
      throw new Error("node broke");
    });
    pollers.subscribe(spec, () => second++);
    try {
      const end = Date.now() + 2000;
      while (second === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      assert.equal(second, 1, "the second listener got the outcome");
      assert.deepEqual(reported, ["info.firmware: node broke"]);
    } finally {
      pollers.close();
    }
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
