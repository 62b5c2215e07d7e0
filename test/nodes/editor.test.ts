/**
 * The editors' own checks (nodes/<type>.html `defaults` validators), run
 * without a browser: they agree with what the runtime accepts, so a form is
 * not red for a value that works, nor clean for one the node refuses.
 */
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { editorAccepts, editorDefinition, editorVerdict, peplinkEditor } from "../helpers/editor";
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
    for (const bad of ["0", "256", "1, 300", "x"])
      assert.equal(editorAccepts("peplink-wan-events", "connIds", bad), false, `connIds ${bad}`);

    assert.equal(
      editorAccepts("peplink-wan-priority", "rows", [
        { connId: "4", priority: "1" },
        { connId: 255, enable: false },
      ]),
      true,
    );
    for (const bad of ["0", "256", "x"]) {
      assert.equal(editorAccepts("peplink-wan-priority", "rows", [{ connId: bad, priority: "1" }]), false, `row connId ${bad}`);
    }
  });

  it("intervals take ${ENV} and their range (status: 0 or 0.1 to 86400 s; WAN events: 1 to 3600 s)", () => {
    for (const ok of ["0", "0.1", "10", 86400, "${POLL}"])
      assert.equal(editorAccepts("peplink-status", "interval", ok), true, `status interval ${ok}`);
    for (const bad of ["0.05", "86401", "x", "-1"])
      assert.equal(editorAccepts("peplink-status", "interval", bad), false, `status interval ${bad}`);
    for (const ok of ["1", 5, "3600", "${EVERY}"])
      assert.equal(editorAccepts("peplink-wan-events", "interval", ok), true, `wan-events interval ${ok}`);
    for (const bad of ["0", "3601", "", "x"])
      assert.equal(editorAccepts("peplink-wan-events", "interval", bad), false, `wan-events interval ${bad}`);
  });
});

/** A usable device (the simulator's kind), for changing one setting at a time. */
const BASE = {
  host: "192.168.50.1",
  port: "",
  protocol: "https",
  trust: "pin",
  fingerprint: "AB:".repeat(31) + "AB",
  authMode: "client",
  scope: "",
  timeout: 10,
  maxConcurrent: 2,
  queueLimit: 1000,
};
const CREDENTIALS = { clientId: "id", clientSecret: "secret", username: "admin", password: "pw" };

/** [field, value, other settings]: a table of settings at and beyond the limits. */
const DEVICE_CASES: Array<[keyof typeof BASE, unknown, Partial<typeof BASE>?]> = [
  ["host", "192.168.50.1"],
  ["host", " router.example.com "],
  ["host", "fe80::1"],
  ["host", "[2001:db8::1]"],
  ["host", "::ffff:192.168.1.1"],
  ["host", ""],
  ["host", "http://192.168.50.1"],
  ["host", "192.168.50.1:443"],
  ["host", "admin@router"],
  ["host", "999.1.1.1"],
  ["host", "router/path"],
  ["host", "a".repeat(254)],
  ["port", ""],
  ["port", "1"],
  ["port", 65535],
  ["port", "0"],
  ["port", "65536"],
  ["port", "44.3"],
  ["port", "https"],
  ["protocol", "http"],
  ["protocol", "ftp"],
  ["trust", "verify"],
  ["trust", "insecure"],
  ["trust", "trust-me"],
  ["trust", "trust-me", { protocol: "http" }],
  ["fingerprint", ""],
  ["fingerprint", "", { trust: "verify" }],
  ["fingerprint", "", { protocol: "http" }],
  ["fingerprint", "ab ".repeat(31) + "ab"],
  ["fingerprint", "sha256/" + "0".repeat(64)],
  ["fingerprint", "AB:CD"],
  ["fingerprint", "AB:CD", { trust: "insecure" }],
  ["authMode", "login"],
  ["authMode", "token"],
  ["scope", "api"],
  ["scope", "api.read-only"],
  ["scope", "admin"],
  ["scope", "admin", { authMode: "login" }],
  ["timeout", ""],
  ["timeout", "1"],
  ["timeout", "2.5"],
  ["timeout", 300],
  ["timeout", "0.5"],
  ["timeout", "301"],
  ["timeout", "600"],
  ["timeout", "ten"],
  ["maxConcurrent", "1"],
  ["maxConcurrent", 8],
  ["maxConcurrent", "0"],
  ["maxConcurrent", "9"],
  ["maxConcurrent", "32"],
  ["maxConcurrent", "1.5"],
  ["queueLimit", "1"],
  ["queueLimit", "10000"],
  ["queueLimit", "0"],
  ["queueLimit", "10001"],
];

describe("editor and runtime agree on the device settings", function () {
  const { clientOptionsFrom, DeviceSettingError } =
    require("../../dist/nodes/shared/device-settings") as typeof import("../../dist/nodes/shared/device-settings");

  const { PeplinkClient } = require("../../dist/api/client") as typeof import("../../dist/api/client");

  /** What the config node says: undefined when it takes the settings, else the refused field and its message. */
  function runtimeVerdict(settings: Record<string, unknown>): { field: string; message: string } | undefined {
    try {
      clientOptionsFrom(settings, CREDENTIALS);
      return undefined;
    } catch (err) {
      assert.ok(err instanceof DeviceSettingError, `a setting error, not ${String(err)}`);
      return { field: err.field, message: err.message };
    }
  }

  it("every case of the table: the form is red exactly where the node refuses, with the node's words", () => {
    let refused = 0;
    for (const [field, value, others] of DEVICE_CASES) {
      const settings = { ...BASE, ...others, [field]: value };
      const runtime = runtimeVerdict(settings);
      const editor = editorVerdict("peplink-device", field, value, { ...BASE, ...others });
      const what = `${field} = ${JSON.stringify(value)}${others ? ` with ${JSON.stringify(others)}` : ""}`;
      if (runtime) {
        refused++;
        assert.equal(runtime.field, field, `${what}: the node names the field`);
        assert.ok(runtime.message.startsWith(`${field}: `), `${what}: the message names the field`);
        // The editor answers the same rule in the editor's language (here en-US: the node's English);
        // an empty required field is Node-RED's own "required" mark.
        if (!(value === "" && editorDefinition("peplink-device").defaults[field]?.required)) {
          assert.equal(editor, runtime.message.slice(field.length + 2), `${what}: the editor's reason`);
        } else assert.equal(editor, false, `${what}: required`);
      } else {
        assert.equal(editor, true, `${what}: the node takes it, so the form does`);
      }
    }
    assert.ok(
      refused >= 25 && refused < DEVICE_CASES.length - 15,
      `the table has both kinds (${refused} refused of ${DEVICE_CASES.length})`,
    );
  });

  it("the client library takes what the node takes and refuses what it refuses: one set of limits", () => {
    const auth = { mode: "client" as const, clientId: "id", clientSecret: "secret" };
    const library = (options: Record<string, unknown>): boolean => {
      try {
        new PeplinkClient({ host: "192.168.50.1", tls: { mode: "insecure" }, auth, ...options }).close().catch(() => undefined);
        return true;
      } catch {
        return false;
      }
    };
    const node = (settings: Record<string, unknown>): boolean => runtimeVerdict({ ...BASE, ...settings }) === undefined;
    for (const seconds of [0.5, 0.999, 1, 2.5, 300, 300.5, 600]) {
      assert.equal(library({ timeoutMs: seconds * 1000 }), node({ timeout: seconds }), `timeout ${seconds} s`);
    }
    for (const n of [0, 1, 8, 9, 32]) assert.equal(library({ maxConcurrent: n }), node({ maxConcurrent: n }), `maxConcurrent ${n}`);
    for (const n of [0, 1, 10_000, 10_001, 100_000]) assert.equal(library({ maxQueued: n }), node({ queueLimit: n }), `queue limit ${n}`);
    for (const n of [0, 1, 65535, 65536]) assert.equal(library({ port: n }), node({ port: n }), `port ${n}`);
    for (const host of ["fe80::1", "[::1]", "router.local", "http://x", "a@b", "1.2.3.4:80"])
      assert.equal(library({ host }), node({ host }), `host ${host}`);
  });

  it("connection-ID and interval validators give their reason in the editor's language", () => {
    assert.equal(editorVerdict("peplink-sim", "connId", "256"), "must be a WAN connection ID from 1 to 255");
    assert.equal(editorVerdict("peplink-wan-events", "interval", "0"), "must be a number of seconds from 1 to 3600");
    assert.equal(editorVerdict("peplink-status", "interval", "0.01"), "must be 0 (only on input) or a number of seconds from 0.1 to 86400");
    // A node's own text (its catalogue, not the shared one).
    assert.equal(
      editorVerdict("peplink-sms-send", "to", "0123"),
      "must be phone numbers in international format (+ and 2 to 15 digits), separated by commas",
    );
  });
});

describe("the shared form rows", () => {
  it("every flow node's template has the Device row, and Name last; the rows expand to the inputs Node-RED binds", () => {
    const expand = peplinkEditor().expandTemplate as (text: string) => string;
    for (const type of Object.keys(PEPLINK_NODES).filter((t) => t !== "peplink-device")) {
      const html = readFileSync(join(__dirname, "..", "..", "nodes", `${type}.html`), "utf8");
      const template = /<script type="text\/html" data-template-name="([^"]+)">([\s\S]*?)<\/script>/.exec(html);
      assert.ok(template && template[1] === type, `${type}: a template`);
      const rows = [...template[2].matchAll(/data-peplink-row="(\w+)"/g)].map((m) => m[1]);
      assert.equal(rows[0], "device", `${type}: the Device row comes first`);
      assert.equal(rows[rows.length - 1], "name", `${type}: the Name row comes last`);
      assert.ok(!/id="node-input-(device|name)"/.test(template[2]), `${type}: no hand-written Device or Name row`);
      const expanded = expand(template[2]);
      assert.ok(!expanded.includes("data-peplink-row"), `${type}: every row expands`);
      for (const row of rows) assert.ok(expanded.includes(`id="node-input-${row}"`), `${type}: the ${row} row has its input`);
      assert.match(
        html,
        /^<script src="resources\/node-red-contrib-peplink\/peplink-editor\.js"><\/script>/,
        `${type}: loads the shared script first`,
      );
    }
  });
});
