/**
 * Who a router is for Home Assistant (src/nodes/homeassistant/identity.ts),
 * from real routers' answers (test/fixtures/real). The simulator, like the
 * captured routers, reports no WAN MAC addresses (the reference lists `mac`
 * in status.wan.connection, but none of the captures has it), so the MAC and
 * fallback branches are checked here with a caller that answers from the
 * fixtures; the node spec covers the device-config fallback end to end.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { PeplinkApiError, PeplinkHttpError, PeplinkNotJsonError, PeplinkTransportError } from "../../dist/api/errors";
import { readIdentity } from "../../dist/nodes/homeassistant/identity";

const FIXTURES = path.resolve(__dirname, "../../test/fixtures/real");

function fixture(name: string): unknown {
  return (JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8")) as { response: unknown }).response;
}

/** A response, or an Error to throw as the router's or the transport's failure. */
type Answer = unknown;

/** A caller that answers each endpoint from `answers` (an Error is thrown as the router's or the transport's failure). */
function caller(answers: Record<string, Answer>) {
  const calls: string[] = [];
  const call = <T>(method: string, endpoint: string): Promise<{ response: T; notice: undefined }> => {
    calls.push(`${method} ${endpoint}`);
    const answer = answers[endpoint];
    if (answer instanceof Error) return Promise.reject(answer);
    return Promise.resolve({ response: answer as T, notice: undefined });
  };
  return { call, calls };
}

const UNSUPPORTED = (endpoint: string): PeplinkApiError => new PeplinkApiError(endpoint, 404, "Unsupported request");
/** Two firmware slots; the second one runs. */
const FIRMWARE = { "1": { version: "8.1.3 build 5140", inUse: false }, "2": { version: "8.2.0 build 5188", inUse: true } };

describe("Home Assistant identity of a router", () => {
  it("uses the serial number of status.system.info (a real Balance 710 answer) and the firmware slot in use", async () => {
    const { call, calls } = caller({
      "status.system.info": fixture("status.system.info--halocal-b710-device.json"),
      "info.firmware": FIRMWARE,
    });
    const identity = await readIdentity(call, fixture("status.wan.connection--halocal-b710.json"), "dev1");
    assert.deepEqual(identity, {
      id: "ab12-bc34-de56",
      source: "serial",
      serial: "AB12-BC34-DE56",
      name: "Example Site Balance 710",
      model: "Peplink Balance 710",
      productCode: "BPL-710",
      hwVersion: "3",
      firmware: "8.2.0 build 5188",
    });
    assert.deepEqual(calls, ["GET status.system.info", "GET info.firmware"]);
  });

  it("without status.system.info: the MAC of the first WAN in the router's order (not the keys') that reports one", async () => {
    const wans = fixture("status.wan.connection--halocal-b710.json") as Record<string, Record<string, unknown>> & { order: number[] };
    // WAN 1 reports none; WANs 3 and 2 do, and the router lists WAN 3 before WAN 2: its order decides, not the keys'.
    wans.order = [1, 3, 2, ...wans.order.filter((id) => id > 3)];
    wans["2"].mac = "00:1A:DD:BB:CC:02";
    wans["3"].mac = "00:1A:DD:BB:CC:03";
    const { call } = caller({ "status.system.info": UNSUPPORTED("status.system.info"), "info.firmware": FIRMWARE });
    const identity = await readIdentity(call, wans, "dev1");
    assert.equal(identity.source, "mac");
    assert.equal(identity.id, "001addbbcc03", "colons dropped, lower case");
    assert.equal(identity.mac, "00:1A:DD:BB:CC:03");
    assert.equal(identity.firmware, "8.2.0 build 5188");
    assert.equal(identity.serial, undefined);
  });

  it("neither a serial number nor a WAN MAC (the real captures): the peplink-device config node's id", async () => {
    const { call } = caller({
      "status.system.info": { device: { serialNumber: "  ", name: "Router" } },
      "info.firmware": UNSUPPORTED("info.firmware"),
    });
    const identity = await readIdentity(call, fixture("status.wan.connection--sctl-maxbr1.json"), "a1b2.c3");
    // Facts the router did not give are left undefined (JSON drops them).
    assert.deepEqual(JSON.parse(JSON.stringify(identity)), { id: "nr-a1b2_c3", source: "device-config", name: "Router" });
  });

  it("an endpoint answered with a web page or HTTP 404 counts as not on this router, not as no answer", async () => {
    for (const refusal of [
      new PeplinkNotJsonError("status.system.info", 200, "text/html", true),
      new PeplinkHttpError("status.system.info", 404, "Not Found"),
    ]) {
      const { call } = caller({ "status.system.info": refusal, "info.firmware": FIRMWARE });
      const identity = await readIdentity(call, fixture("status.wan.connection--sctl-maxbr1.json"), "dev1");
      assert.deepEqual([identity.source, identity.firmware], ["device-config", "8.2.0 build 5188"], refusal.name);
    }
  });

  it("no answer, or cut-off JSON, is not a reason to fall back: the read fails, to be tried again", async () => {
    for (const failure of [
      new PeplinkTransportError("status.system.info", "timeout", "no answer within 10 s"),
      new PeplinkNotJsonError("status.system.info", 200, "application/json", false),
    ]) {
      const { call } = caller({ "status.system.info": failure, "info.firmware": FIRMWARE });
      await assert.rejects(readIdentity(call, fixture("status.wan.connection--halocal-b710.json"), "dev1"), failure.constructor as never);
    }
  });
});
