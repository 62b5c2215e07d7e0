/**
 * The transport on its own (below the client): keep-alive connections left
 * idle are closed after idleSocketMs, a connection in use is kept.
 */
import * as assert from "node:assert/strict";
import { Transport } from "../../dist/api/transport";
import { useSimulator } from "../helpers/simulator";

async function until(predicate: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("Transport", () => {
  const handle = useSimulator();

  it("closes a keep-alive connection left idle for idleSocketMs, and keeps one in use", async () => {
    const sim = handle.sim;
    const transport = new Transport({
      host: sim.host,
      port: sim.port,
      protocol: "https",
      trust: { mode: "pin", fingerprint: sim.fingerprint! },
      maxSockets: 2,
      idleSocketMs: 400,
    });
    try {
      const get = (): Promise<unknown> =>
        transport.send({ method: "GET", endpoint: "info.firmware", path: "/api/info.firmware", timeoutMs: 5_000 });
      await get();
      assert.equal(transport.connections, 1);
      // Used every 100 ms for twice the idle time: the same connection all along.
      for (let i = 0; i < 8; i++) {
        await new Promise((r) => setTimeout(r, 100));
        await get();
      }
      assert.equal(transport.connections, 1);
      assert.equal(new Set(sim.control.log().map((e) => e.connection)).size, 1, "one connection carried every request");
      await until(() => transport.connections === 0, "the idle connection to close");
    } finally {
      transport.close();
    }
  });
});
