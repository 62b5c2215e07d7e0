/**
 * The connect gate: connections set up a limited number at a time, first come
 * first served, for every client of the process together; a burst of routers
 * larger than the gate still gets one TLS connection and one sign-in each.
 */
import * as assert from "node:assert/strict";
import { PeplinkClient } from "../../dist/api";
import { ConnectGate, MAX_SETUPS, connectGate } from "../../dist/api/connect-gate";
import { createCertificate, startSimulator, type Simulator } from "../../dist/simulator";

describe("connect gate", () => {
  it("lets `limit` set-ups run at once and starts the others in arrival order as places free up", () => {
    const gate = new ConnectGate(2);
    const started: string[] = [];
    const enter = (name: string): boolean => gate.enter(() => started.push(name));
    assert.equal(enter("a"), true);
    assert.equal(enter("b"), true);
    assert.equal(enter("c"), false);
    assert.equal(enter("d"), false);
    assert.deepEqual([gate.active, gate.queued], [2, 2]);
    gate.leave();
    assert.deepEqual(started, ["c"], "the first one waiting takes the place");
    assert.deepEqual([gate.active, gate.queued], [2, 1]);
    gate.leave();
    gate.leave();
    assert.deepEqual(started, ["c", "d"]);
    gate.leave();
    assert.deepEqual([gate.active, gate.queued], [0, 0]);
  });

  describe("a burst of routers larger than the gate", function () {
    this.timeout(60_000);
    const ROUTERS = MAX_SETUPS + 36;
    let sims: Simulator[] = [];
    const clients: PeplinkClient[] = [];

    before(async () => {
      const { key, cert } = createCertificate();
      sims = await Promise.all(Array.from({ length: ROUTERS }, () => startSimulator({ certificate: { key, cert } })));
    });
    after(async () => {
      await Promise.all(clients.map((c) => c.close({ logout: false })));
      await Promise.all(sims.map((s) => s.close()));
    });

    it("answers every first call, with one TLS connection and one grant per router, and leaves the gate empty", async () => {
      // The real gate, watched at each entry: how many set-ups ran at once and whether any had to wait.
      let peak = 0;
      let peakQueued = 0;
      const enter = connectGate.enter.bind(connectGate);
      connectGate.enter = (setup: () => void): boolean => {
        const now = enter(setup);
        peak = Math.max(peak, connectGate.active);
        peakQueued = Math.max(peakQueued, connectGate.queued);
        return now;
      };
      for (const sim of sims) {
        const { clientId, clientSecret } = sim.control.createClient({ name: "burst", scope: "api" });
        clients.push(
          new PeplinkClient({
            host: sim.host,
            port: sim.port,
            tls: { mode: "pin", fingerprint: sim.fingerprint! },
            auth: { mode: "client", clientId, clientSecret },
          }),
        );
      }
      // Every client's first calls at once (two each, as a status and a WAN-events poll after a deploy).
      try {
        await Promise.all(clients.flatMap((c) => [c.get("status.wan.connection"), c.get("info.location")]));
      } finally {
        connectGate.enter = enter;
      }
      for (const sim of sims) {
        const c = sim.control.counters();
        assert.deepEqual([c.tlsHandshakes, c.grants, c.requests], [1, 1, 3], `router ${sim.port}`);
      }
      assert.equal(peak, MAX_SETUPS, "the gate ran as many set-ups at once as it allows, no more");
      assert.ok(peakQueued > 0, "set-ups beyond the gate waited for their turn");
      assert.deepEqual([connectGate.active, connectGate.queued], [0, 0]);
    });
  });
});
