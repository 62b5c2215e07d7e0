/**
 * The editors' own checks (nodes/<type>.html `defaults` validators), run
 * without a browser: they agree with what the runtime accepts, so a form is
 * not red for a value that works, nor clean for one the node refuses.
 */
import * as assert from "node:assert/strict";
import { editorAccepts, editorDefinition } from "../helpers/editor";
import { PEPLINK_NODES } from "../helpers/examples";

/** The runtime takes WAN connection IDs 1 to 255 (asConnId). */
const GOOD_IDS = ["1", "4", "255", 12];
const BAD_IDS = ["0", "256", "999", "1000", "x", "1.5", "-1", "01"];

describe("editor checks", function () {
  it("every connId setting takes 1 to 255 and refuses anything else; empty where the WAN is optional", () => {
    const types = Object.keys(PEPLINK_NODES).filter((type) => "connId" in editorDefinition(type).defaults);
    assert.deepEqual(types.sort(), ["peplink-cellular", "peplink-sim", "peplink-sms-in", "peplink-sms-send", "peplink-wifi"]);
    for (const type of types) {
      for (const id of GOOD_IDS) assert.equal(editorAccepts(type, "connId", id), true, `${type} takes connId ${JSON.stringify(id)}`);
      for (const id of BAD_IDS) assert.equal(editorAccepts(type, "connId", id), false, `${type} refuses connId ${JSON.stringify(id)}`);
      // SMS in reads one SIM's inbox: it needs its WAN; the others let the router (or the message) choose.
      assert.equal(editorAccepts(type, "connId", ""), type !== "peplink-sms-in", `${type}: empty connId`);
    }
  });

  it("WAN lists and tables take IDs 1 to 255 only", () => {
    assert.equal(editorAccepts("peplink-wan-events", "connIds", "1, 4 255"), true);
    assert.equal(editorAccepts("peplink-wan-events", "connIds", ""), true, "all WANs");
    assert.equal(editorAccepts("peplink-wan-events", "connIds", "${WANS}"), true, "an environment variable");
    for (const bad of ["0", "256", "1, 300", "x"]) assert.equal(editorAccepts("peplink-wan-events", "connIds", bad), false, `connIds ${bad}`);

    assert.equal(editorAccepts("peplink-wan-priority", "rows", [{ connId: "4", priority: "1" }, { connId: 255, enable: false }]), true);
    for (const bad of ["0", "256", "x"]) {
      assert.equal(editorAccepts("peplink-wan-priority", "rows", [{ connId: bad, priority: "1" }]), false, `row connId ${bad}`);
    }
  });

  it("intervals take ${ENV} and their range (status: 0 or 0.1 to 86400 s; WAN events: 1 to 3600 s)", () => {
    for (const ok of ["0", "0.1", "10", 86400, "${POLL}"]) assert.equal(editorAccepts("peplink-status", "interval", ok), true, `status interval ${ok}`);
    for (const bad of ["0.05", "86401", "x", "-1"]) assert.equal(editorAccepts("peplink-status", "interval", bad), false, `status interval ${bad}`);
    for (const ok of ["1", 5, "3600", "${EVERY}"]) assert.equal(editorAccepts("peplink-wan-events", "interval", ok), true, `wan-events interval ${ok}`);
    for (const bad of ["0", "3601", "", "x"]) assert.equal(editorAccepts("peplink-wan-events", "interval", bad), false, `wan-events interval ${bad}`);
  });
});
