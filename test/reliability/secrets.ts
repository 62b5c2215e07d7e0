/**
 * Secrets: every credential gets a unique marker value (API client secret,
 * login password, Wi-Fi key, EAP password, the admin password used once for
 * "create API client", keys sent in messages, wrong ones for the failure
 * paths). Every node runs through success and failure paths, then:
 *
 * - in this process (node-red-node-test-helper): every log call (the
 *   helper's spy on RED.log, debug and trace included), every status, send,
 *   log/warn/error/debug/trace call of every node, every output and Catch
 *   message (with the error's stack), and the admin endpoints' answers;
 * - in a real Node-RED (scripts/lib/node-red-runner.js) with adminAuth and a
 *   credentialSecret, logging at trace level to a file: the log, the debug
 *   output of every message and status, the admin endpoints' answers, and
 *   every file Node-RED wrote in its user directory;
 *
 * must contain no marker, no access token and no session cookie the
 * simulator issued. The credentials file must be encrypted; the editor's
 * credential API must not hand out password-type credentials; the admin
 * endpoints refuse a caller without a token (401) and a read-only admin user
 * on every endpoint that may use stored credentials (401), without a request
 * to the router. The api node's outputs of auth.client / auth.client.token
 * are part of what is searched: their secrets must be hidden.
 */
import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { inspect } from "node:util";
import { helper } from "../helpers/node-red";
import { descriptor, type Msg } from "./catalogue";
import { ALL_MODULES, CERT_B, NODE_TYPES, SimBox, Tracker, cellIds, deviceNode, sleep, until } from "./harness";
import { tally } from "./tally";

interface Runner {
  freePort(preferred?: number): Promise<number>;
  prepareUserDir(dir: string, extraSettings?: Record<string, unknown>): void;
  startNodeRed(o: {
    userDir: string;
    port: number;
    quiet?: boolean;
    env?: Record<string, string>;
  }): Promise<{ url: string; stop(): Promise<void>; output(): string }>;
  deployFlows(url: string, flows: object[], headers?: Record<string, string>): Promise<void>;
  request(
    url: string,
    o?: { method?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; text: string }>;
}

const runner = require("../../scripts/lib/node-red-runner.js") as Runner;

function marker(name: string): string {
  return `MRK-${name}-${crypto.randomBytes(4).toString("hex")}`;
}

/** One unique marker per credential. */
const M = {
  clientSecret: marker("client-secret"),
  password: marker("login-password"),
  wrongSecret: marker("wrong-client-secret"),
  wrongPassword: marker("wrong-password"),
  pinnedSecret: marker("secret-behind-a-changed-certificate"),
  wifiKey: marker("wifi-key"),
  wifiWrongKey: marker("wifi-wrong-key"),
  eapPassword: marker("eap-password"),
  msgKey: marker("msg-key"),
  msgPassword: marker("msg-eap-password"),
  badMsgKey: marker("bad-key"),
  adminPassword: marker("admin-password"),
  adminWrong: marker("admin-wrong-password"),
  testWrong: marker("test-wrong-password"),
  testSecret: marker("test-client-secret"),
};
const CLIENT_ID = "rel-secret-client";
const TEST_CLIENT_ID = "rel-secret-test-client";

/** A simulator that knows the markers: as client secrets, passwords, and keys of its Wi-Fi networks. */
function secretSim(): SimBox {
  return new SimBox({
    users: [
      { username: "admin", password: M.password, role: "admin" },
      { username: "creator", password: M.adminPassword, role: "admin" },
      { username: "viewer", password: "viewer", role: "readonly" },
    ],
    clients: [
      { clientId: CLIENT_ID, clientSecret: M.clientSecret, scope: "api" },
      { clientId: TEST_CLIENT_ID, clientSecret: M.testSecret, scope: "api" },
    ],
  });
}

function setNetworkSecrets(box: SimBox): void {
  const state = box.sim.control.state as unknown as {
    wans: Record<string, { wifi?: { scan: Array<{ ssid: string; key?: string; password?: string }> } }>;
  };
  for (const wan of Object.values(state.wans)) {
    for (const net of wan.wifi?.scan ?? []) {
      if (net.ssid === "Office WPA2") net.key = M.wifiKey;
      if (net.ssid === "Campus EAP") net.password = M.eapPassword;
    }
  }
}

/** Text of anything a test collected: errors with their stacks and own fields, objects deep, buffers as text. */
function textOf(value: unknown): string {
  const seen = new WeakSet<object>();
  const walk = (v: unknown, depth: number): string => {
    if (v === null || v === undefined) return String(v);
    if (typeof v === "string") return v;
    if (typeof v !== "object" && typeof v !== "function") return String(v);
    if (typeof v === "function") return "";
    if (seen.has(v)) return "";
    seen.add(v);
    if (Buffer.isBuffer(v)) return v.toString("utf8");
    if (depth > 8) return inspect(v, { depth: 0 });
    const parts: string[] = [];
    if (v instanceof Error) parts.push(v.name, v.message, v.stack ?? "", String((v as { cause?: unknown }).cause ?? ""));
    for (const key of Object.getOwnPropertyNames(v)) {
      // Node-RED's runtime objects link to everything; what a node *says* is in the call arguments.
      if (key === "_flow" || key === "_alias" || key === "wires" || key === "_closeCallbacks" || key === "_events") continue;
      let child: unknown;
      try {
        child = (v as Record<string, unknown>)[key];
      } catch {
        continue;
      }
      parts.push(`${key}: ${walk(child, depth + 1)}`);
    }
    return parts.join("\n");
  };
  return walk(value, 0);
}

/** Every occurrence of a marker or an issued secret in `texts` (by source name). */
function leaks(texts: Array<[string, string]>, issued: readonly string[]): string[] {
  const secrets: Array<[string, string]> = [...Object.entries(M), ...issued.map((s, i): [string, string] => [`issued secret #${i}`, s])];
  const found: string[] = [];
  for (const [source, text] of texts) {
    for (const [name, secret] of secrets) {
      if (secret && text.includes(secret)) {
        const at = text.indexOf(secret);
        found.push(`${name} in ${source}: …${text.slice(Math.max(0, at - 80), at + secret.length + 20).replace(/\s+/g, " ")}…`);
      }
    }
  }
  return found;
}

/** The environment of the real Node-RED: message-borne secrets, read by JSONata ($env) in the injects. */
const ENV: Record<string, string> = { REL_MSG_KEY: M.msgKey, REL_MSG_PASSWORD: M.msgPassword, REL_BAD_KEY: M.badMsgKey };

/** A JSONata object expression for `payload`, with markers replaced by $env() reads. */
function jsonata(payload: Record<string, unknown>): string {
  const fields = Object.entries(payload).map(([k, v]) => {
    const name = Object.entries(ENV).find(([, secret]) => typeof v === "string" && v.startsWith(secret))?.[0];
    const rest = name && typeof v === "string" ? v.slice(ENV[name].length) : "";
    const value = name ? `$env(${JSON.stringify(name)})${rest ? ` & ${JSON.stringify(rest)}` : ""}` : JSON.stringify(v);
    return `${JSON.stringify(k)}: ${value}`;
  });
  return `{ ${fields.join(", ")} }`;
}

/** Good inputs, and the nodes' extra settings for the secret runs. */
function goodInput(type: string): Msg {
  return descriptor(type).good;
}

export function secrets(): void {
  describe("secrets: no marker, token or cookie anywhere", function () {
    describe("in this process (test helper, every log level)", function () {
      const box = secretSim();
      const texts: Array<[string, string]> = [];
      let issued: string[] = [];
      let hiddenInOutputs = 0;

      before(async function () {
        this.timeout(90_000);
        await box.start();
        setNetworkSecrets(box);
        const flows: Array<Record<string, unknown>> = [
          deviceNode("sdevc", box, { timeout: 2 }),
          deviceNode("sdevl", box, { timeout: 2, authMode: "login" }),
          deviceNode("sdevbadc", box, { timeout: 2 }),
          deviceNode("sdevbadl", box, { timeout: 2, authMode: "login" }),
          // Pinned to another certificate: its secret must never be sent, nor shown.
          deviceNode("sdevpin", box, { timeout: 2, fingerprint: CERT_B.fingerprint }),
        ];
        const creds: Record<string, Record<string, string>> = {
          sdevc: { clientId: CLIENT_ID, clientSecret: M.clientSecret },
          sdevl: { username: "admin", password: M.password },
          sdevbadc: { clientId: CLIENT_ID, clientSecret: M.wrongSecret },
          sdevbadl: { username: "admin", password: M.wrongPassword },
          sdevpin: { clientId: CLIENT_ID, clientSecret: M.pinnedSecret },
        };
        const trackers: Array<{ tracker: Tracker; msgs: Msg[] }> = [];
        const add = (
          prefix: string,
          type: string,
          device: string,
          config: Record<string, unknown> = {},
          nodeCreds?: Record<string, string>,
          msgs: Msg[] = [goodInput(type)],
        ): void => {
          const ids = cellIds(prefix);
          const desc = descriptor(type);
          flows.push(
            { id: ids.tab, type: "tab", label: prefix },
            { id: ids.node, type, z: ids.tab, device, ...desc.config, ...config, wires: [[ids.out]] },
            { id: ids.out, type: "helper", z: ids.tab },
            { id: `${ids.tab}k`, type: "catch", z: ids.tab, scope: null, uncaught: false, wires: [[ids.caught]] },
            { id: ids.caught, type: "helper", z: ids.tab },
            { id: `${ids.tab}m`, type: "complete", z: ids.tab, scope: [ids.node], uncaught: false, wires: [[ids.completed]] },
            { id: ids.completed, type: "helper", z: ids.tab },
          );
          if (nodeCreds) creds[ids.node] = nodeCreds;
          trackers.push({ tracker: new Tracker(ids, desc.multi), msgs });
        };
        NODE_TYPES.forEach((type, i) => {
          add(`ok${i}`, type, i % 2 ? "sdevl" : "sdevc");
          add(`bad${i}`, type, i % 2 ? "sdevbadl" : "sdevbadc");
          add(`pin${i}`, type, "sdevpin");
        });
        add("wkey", "peplink-wifi", "sdevc", { ssid: "Office WPA2", securityPolicy: "wpa-psk" }, { key: M.wifiKey }, [
          { payload: 1 },
          { payload: { ssid: "Office WPA2", securityPolicy: "wpa-psk", key: M.msgKey } },
          { payload: { ssid: "Office WPA2", securityPolicy: "wpa-psk", key: `${M.badMsgKey}\n` } },
          { action: "forget", payload: { key: M.badMsgKey } },
        ]);
        // The router's own secrets through the generic api node (admin login): hidden in every output.
        const API_SECRETS: Array<[string, Record<string, unknown>, Msg]> = [
          ["aclients", { method: "GET", endpoint: "auth.client" }, {}],
          ["atokens", { method: "GET", endpoint: "auth.client.token" }, {}],
          ["anew", { method: "POST", endpoint: "auth.client" }, { payload: { action: "add", name: "rel-new", scope: "api.read-only" } }],
        ];
        for (const [prefix, config, msg] of API_SECRETS) add(prefix, "peplink-api", "sdevl", config, undefined, [msg]);
        // They run once each, one after the other, after the other runs: a fixed count of hidden secrets.
        const apiSecretTrackers = trackers.splice(-API_SECRETS.length);
        add("wwrong", "peplink-wifi", "sdevl", { ssid: "Office WPA2", securityPolicy: "wpa-psk" }, { key: M.wifiWrongKey });
        add(
          "weap",
          "peplink-wifi",
          "sdevc",
          { ssid: "Campus EAP", securityPolicy: "wpa-eap", loginId: "student", eapMethod: "PEAP" },
          { password: M.eapPassword },
          [{ payload: 1 }, { payload: { ssid: "Campus EAP", securityPolicy: "wpa-eap", loginId: "student", password: M.msgPassword } }],
        );

        await helper.load(ALL_MODULES, flows, creds);
        for (const t of trackers) t.tracker.attach();
        for (const [prefix] of API_SECRETS) {
          helper.getNode(cellIds(prefix).out).on("input", (m: Msg) => {
            hiddenInOutputs += Number((m.peplink as { secretsHidden?: number } | undefined)?.secretsHidden ?? 0);
          });
        }
        // Wi-Fi connects of different nodes would replace each other on the one Wi-Fi WAN: one at a time.
        const wifi = trackers.filter(
          (t) =>
            t.tracker.ids.node.startsWith("w") || descriptor("peplink-wifi").type === flows.find((n) => n.id === t.tracker.ids.node)?.type,
        );
        const run = async (wifiInTurn: boolean): Promise<void> => {
          const others = wifiInTurn ? trackers.filter((t) => !wifi.includes(t)) : trackers;
          const rids = others.flatMap((t) => t.msgs.map((m) => t.tracker.send(m)));
          for (const t of wifiInTurn ? wifi : []) {
            for (const m of t.msgs) {
              const rid = t.tracker.send(m);
              await t.tracker.settle([rid], 20_000, 0);
            }
          }
          await Promise.all(
            others.map((t) =>
              t.tracker.settle(
                rids.filter((r) => t.tracker.records.has(r)),
                20_000,
                0,
              ),
            ),
          );
        };
        // Success and failure paths, then device faults (messages of every error class), then an expired token.
        await run(true);
        for (const kind of ["http500", "html", "malformed", "reset"] as const) {
          box.sim.control.injectFault({ kind, count: 3 });
          await run(false);
          box.sim.control.clearFaults();
        }
        box.sim.control.expireTokens();
        box.sim.control.expireSessions();
        await run(false);
        await sleep(300);
        for (const t of apiSecretTrackers) {
          t.tracker.attach();
          for (const m of t.msgs) await t.tracker.settle([t.tracker.send(m)], 20_000, 0);
        }

        // The admin endpoints (no adminAuth in the test helper: every answer is collected).
        const settings = {
          host: "127.0.0.1",
          port: String(box.portNumber),
          protocol: "https",
          trust: "pin",
          fingerprint: box.sim.fingerprint,
          authMode: "client",
          timeout: "2",
        };
        const calls: Array<[string, () => PromiseLike<{ status: number; text: string }>]> = [
          [
            "test (client)",
            () =>
              helper
                .request()
                .post("/peplink/device/test")
                .send({ settings, credentials: { clientId: TEST_CLIENT_ID, clientSecret: M.testSecret } }),
          ],
          [
            "test (stored secret)",
            () =>
              helper
                .request()
                .post("/peplink/device/test")
                .send({ id: "sdevc", settings, credentials: { clientId: CLIENT_ID, clientSecret: "__PWRD__" } }),
          ],
          [
            "test (login)",
            () =>
              helper
                .request()
                .post("/peplink/device/test")
                .send({
                  id: "sdevl",
                  settings: { ...settings, authMode: "login" },
                  credentials: { username: "admin", password: "__PWRD__" },
                }),
          ],
          [
            "test (wrong password)",
            () =>
              helper
                .request()
                .post("/peplink/device/test")
                .send({ settings: { ...settings, authMode: "login" }, credentials: { username: "admin", password: M.testWrong } }),
          ],
          [
            "test (changed certificate)",
            () =>
              helper
                .request()
                .post("/peplink/device/test")
                .send({
                  settings: { ...settings, fingerprint: CERT_B.fingerprint },
                  credentials: { clientId: CLIENT_ID, clientSecret: M.clientSecret },
                }),
          ],
          [
            "create-client",
            () =>
              helper
                .request()
                .post("/peplink/device/create-client")
                .send({ settings, credentials: { username: "creator", password: M.adminPassword }, name: "Reliability", scope: "api" }),
          ],
          [
            "create-client (wrong password)",
            () =>
              helper
                .request()
                .post("/peplink/device/create-client")
                .send({ settings, credentials: { username: "creator", password: M.adminWrong }, name: "Reliability", scope: "api" }),
          ],
          ["wans (deployed)", () => helper.request().post("/peplink/device/wans").send({ id: "sdevc" })],
          [
            "wans (settings)",
            () =>
              helper
                .request()
                .post("/peplink/device/wans")
                .send({ settings, credentials: { clientId: CLIENT_ID, clientSecret: M.clientSecret } }),
          ],
          ["wans (failing device)", () => helper.request().post("/peplink/device/wans").send({ id: "sdevbadc" })],
          ["operations", () => helper.request().get("/peplink/operations")],
          ["status endpoints", () => helper.request().get("/peplink/status/endpoints")],
        ];
        for (const [name, call] of calls) {
          const res = await call();
          texts.push([`admin endpoint ${name} (HTTP ${res.status})`, res.text]);
        }
        assert.equal(JSON.parse(texts[0][1]).ok, true, `test connection works: ${texts[0][1]}`);
        assert.match(texts[5][1], /"clientSecret"/, "create-client answers the new client");

        // Everything the nodes said and sent, and every log line.
        const proto = (helper as unknown as { _NodePrototype: Record<string, { args?: unknown[][] }> })._NodePrototype;
        for (const method of ["log", "status", "warn", "error", "debug", "trace", "send"]) {
          (proto[method]?.args ?? []).forEach((args, i) => texts.push([`node ${method} call #${i}`, textOf(args)]));
        }
        helper.log().args.forEach((args, i) => texts.push([`log line #${i}`, textOf(args)]));
        for (const { tracker } of trackers) {
          tracker.spontaneous.forEach((m, i) => texts.push([`${tracker.nodeId} poll output #${i}`, textOf(m)]));
          tracker.spontaneousErrors.forEach((e, i) => texts.push([`${tracker.nodeId} poll error #${i}`, e]));
          for (const rec of tracker.records.values()) for (const e of rec.errors) texts.push([`${tracker.nodeId} error`, e]);
        }
        issued = box.sim.control.issuedSecrets();
      });

      after(async () => {
        await helper.unload();
        await box.stop();
      });

      it("collects from every path: logs at debug level, outputs, errors of every kind", () => {
        const all = texts.map(([, t]) => t).join("\n");
        assert.ok(issued.length >= 4, `the simulator issued sessions and tokens (${issued.length})`);
        assert.match(all, /authentication failed/, "failure path: refused credentials");
        assert.match(all, /does not match the pinned fingerprint/, "failure path: changed certificate");
        assert.match(all, /HTTP 500|web page|not valid JSON|reset/, "failure path: device faults");
        assert.match(all, /PSK_AUTH_FAIL/, "failure path: wrong Wi-Fi key");
        assert.match(all, /"?result"?: '?"?CONNECTED/, "success path: Wi-Fi connected with the key credential");
        // Node-RED's levels: 50 debug, 60 trace.
        assert.ok(
          helper.log().args.some((a) => (a[0] as { level?: number }).level === 50),
          "debug-level log lines were collected",
        );
      });

      it("the api node hid the router's client secrets and access tokens (GET auth.client, auth.client.token, POST auth.client)", () => {
        tally.secretsHidden += hiddenInOutputs;
        // Two clients with marker secrets, one new client, and at least one live token.
        assert.ok(hiddenInOutputs >= 4, `secrets hidden: ${hiddenInOutputs}`);
      });

      it("no marker, token or session cookie in logs, statuses, messages, errors or admin answers", () => {
        tally.secretTexts += texts.length;
        const found = leaks(texts, issued);
        tally.leaked += found.length;
        assert.deepEqual(found, []);
      });
    });

    describe("in a real Node-RED with adminAuth and credentialSecret (trace logging)", function () {
      const box = secretSim();
      let dir = "";
      let red: Awaited<ReturnType<Runner["startNodeRed"]>> | undefined;
      let logFile = "";
      const texts: Array<[string, string]> = [];
      const denied: string[] = [];
      let issued: string[] = [];
      let credFile = "";
      let adminToken = "";
      let requestsFromReader = -1;

      before(async function () {
        this.timeout(120_000);
        await box.start();
        setNetworkSecrets(box);
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "peplink-reliability-"));
        logFile = path.join(dir, "trace.log");

        const bcrypt = require("bcryptjs") as { hashSync(s: string, rounds: number): string };
        runner.prepareUserDir(dir, {
          credentialSecret: `rel-credential-secret-${crypto.randomBytes(8).toString("hex")}`,
          adminAuth: {
            type: "credentials",
            users: [
              { username: "owner", password: bcrypt.hashSync("owner-pass", 8), permissions: "*" },
              { username: "reader", password: bcrypt.hashSync("reader-pass", 8), permissions: "read" },
            ],
          },
        });
        // Keep the generated settings, add a logger that writes every line (trace level) to a file.
        const settingsFile = path.join(dir, "settings.js");
        const generated = fs.readFileSync(settingsFile, "utf8").replace(/^module\.exports = /, "const settings = ");
        fs.writeFileSync(
          settingsFile,
          `${generated}\nconst fs = require("fs");\nconst util = require("util");\n` +
            `settings.logging = { console: { level: "off" }, file: { level: "trace", metrics: false, audit: true, handler: () => (msg) => {\n` +
            `  fs.appendFileSync(${JSON.stringify(logFile)}, util.inspect(msg, { depth: 8, breakLength: Infinity }) + "\\n");\n} } };\n` +
            `module.exports = settings;\n`,
        );
        const port = await runner.freePort();
        red = await runner.startNodeRed({ userDir: dir, port, quiet: true, env: ENV });

        const token = async (username: string, password: string, scope: string): Promise<string> => {
          const res = await runner.request(`${red!.url}/auth/token`, {
            method: "POST",
            body: { client_id: "node-red-admin", grant_type: "password", scope, username, password },
          });
          assert.equal(res.status, 200, `token for ${username}: ${res.text}`);
          return (JSON.parse(res.text) as { access_token: string }).access_token;
        };
        adminToken = await token("owner", "owner-pass", "*");
        const readerToken = await token("reader", "reader-pass", "read");
        const auth = (t: string): Record<string, string> => ({ authorization: `Bearer ${t}` });

        // The flow: devices with marker credentials, every node on a good and a failing device, Wi-Fi keys.
        const devices = [
          { ...deviceNode("rdevc", box, { timeout: 2 }), credentials: { clientId: CLIENT_ID, clientSecret: M.clientSecret } },
          { ...deviceNode("rdevl", box, { timeout: 2, authMode: "login" }), credentials: { username: "admin", password: M.password } },
          { ...deviceNode("rdevbad", box, { timeout: 2 }), credentials: { clientId: CLIENT_ID, clientSecret: M.wrongSecret } },
          {
            ...deviceNode("rdevbadl", box, { timeout: 2, authMode: "login" }),
            credentials: { username: "admin", password: M.wrongPassword },
          },
        ];
        const flow: Array<Record<string, unknown>> = [{ id: "rt", type: "tab", label: "secrets" }, ...devices];
        const tags: string[] = [];
        const wifiTags: string[] = [];
        const injectFor = (id: string, target: string, msg: Msg, wifi: boolean): void => {
          const tag = `tag-${id}`;
          (wifi ? wifiTags : tags).push(tag);
          // A JSONata payload reads message-borne secrets from the environment: they are the message's, not the flow's.
          const payload =
            typeof msg.payload === "string"
              ? { v: msg.payload, vt: "str" }
              : msg.payload && typeof msg.payload === "object" && JSON.stringify(msg.payload).includes("MRK-")
                ? { v: jsonata(msg.payload as Record<string, unknown>), vt: "jsonata" }
                : { v: JSON.stringify(msg.payload ?? ""), vt: "json" };
          const props = [
            { p: "payload", ...payload },
            { p: "tag", v: tag, vt: "str" },
            ...Object.entries(msg)
              .filter(([k]) => k !== "payload")
              .map(([k, v]) => ({ p: k, v: typeof v === "string" ? v : JSON.stringify(v), vt: typeof v === "string" ? "str" : "json" })),
          ];
          flow.push({ id, type: "inject", z: "rt", props, repeat: "", once: false, topic: "", wires: [[target]] });
        };
        const addNode = (
          id: string,
          type: string,
          device: string,
          config: Record<string, unknown> = {},
          credentials?: Record<string, string>,
          msgs: Msg[] = [goodInput(type)],
        ): void => {
          flow.push({
            id,
            type,
            z: "rt",
            device,
            ...descriptor(type).config,
            ...config,
            ...(credentials ? { credentials } : {}),
            wires: [["rdbg"]],
          });
          msgs.forEach((m, i) => injectFor(`${id}i${i}`, id, m, type === "peplink-wifi"));
        };
        NODE_TYPES.forEach((type, i) => {
          addNode(`rok${i}`, type, i % 2 ? "rdevl" : "rdevc");
          addNode(`rbad${i}`, type, i % 2 ? "rdevbadl" : "rdevbad");
        });
        addNode("rwkey", "peplink-wifi", "rdevc", { ssid: "Office WPA2", securityPolicy: "wpa-psk" }, { key: M.wifiKey }, [
          { payload: 1 },
          { payload: { ssid: "Office WPA2", securityPolicy: "wpa-psk", key: M.msgKey } },
          { payload: { ssid: "Office WPA2", securityPolicy: "wpa-psk", key: `${M.badMsgKey}\n` } },
        ]);
        addNode("raclients", "peplink-api", "rdevl", { method: "GET", endpoint: "auth.client" }, undefined, [{ payload: "" }]);
        addNode("ratokens", "peplink-api", "rdevl", { method: "GET", endpoint: "auth.client.token" }, undefined, [{ payload: "" }]);
        addNode("ranew", "peplink-api", "rdevl", { method: "POST", endpoint: "auth.client" }, undefined, [
          { payload: { action: "add", name: "rel-new", scope: "api.read-only" } },
        ]);
        addNode("rwwrong", "peplink-wifi", "rdevl", { ssid: "Office WPA2", securityPolicy: "wpa-psk" }, { key: M.wifiWrongKey });
        addNode(
          "rweap",
          "peplink-wifi",
          "rdevc",
          { ssid: "Campus EAP", securityPolicy: "wpa-eap", loginId: "student", eapMethod: "PEAP" },
          { password: M.eapPassword },
          [{ payload: 1 }, { payload: { ssid: "Campus EAP", securityPolicy: "wpa-eap", loginId: "student", password: M.msgPassword } }],
        );
        flow.push(
          {
            id: "rdbg",
            type: "debug",
            z: "rt",
            active: true,
            tosidebar: true,
            console: true,
            tostatus: false,
            complete: "true",
            wires: [],
          },
          { id: "rcatch", type: "catch", z: "rt", scope: null, uncaught: false, wires: [["rdbgc"]] },
          {
            id: "rdbgc",
            type: "debug",
            z: "rt",
            active: true,
            tosidebar: true,
            console: true,
            tostatus: false,
            complete: "true",
            wires: [],
          },
          { id: "rstatus", type: "status", z: "rt", scope: null, wires: [["rdbgs"]] },
          {
            id: "rdbgs",
            type: "debug",
            z: "rt",
            active: true,
            tosidebar: true,
            console: true,
            tostatus: false,
            complete: "true",
            wires: [],
          },
        );

        // Without a token nothing is deployed.
        await assert.rejects(runner.deployFlows(red.url, flow), /HTTP 401/);
        await runner.deployFlows(red.url, flow, auth(adminToken));
        await sleep(500);
        const logText = (): string => (fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : "");
        const trigger = async (tag: string): Promise<void> => {
          const res = await runner.request(`${red!.url}/inject/${tag.slice(4)}`, { method: "POST", headers: auth(adminToken) });
          assert.equal(res.status, 200, `inject ${tag}: ${res.text}`);
        };
        const arrived = (list: string[]): Promise<void> =>
          until(
            () => list.every((t) => logText().includes(t)),
            "every injected message to reach a debug node (output or Catch)",
            30_000,
          ).catch((err: Error) => {
            throw new Error(`${err.message}; missing: ${list.filter((t) => !logText().includes(t)).join(", ")}`);
          });
        for (const tag of tags) await trigger(tag);
        // Wi-Fi connects of different nodes would replace each other on the one Wi-Fi WAN: one at a time.
        for (const tag of wifiTags) {
          await trigger(tag);
          await arrived([tag]);
        }
        await arrived(tags);

        // The admin endpoints, as the editor calls them (owner), and as nobody / a reader may not.
        const settings = {
          host: "127.0.0.1",
          port: String(box.portNumber),
          protocol: "https",
          trust: "pin",
          fingerprint: box.sim.fingerprint,
          authMode: "client",
          timeout: "2",
        };
        const endpoints: Array<[string, string, string, unknown]> = [
          ["test", "POST", "/peplink/device/test", { settings, credentials: { clientId: TEST_CLIENT_ID, clientSecret: M.testSecret } }],
          [
            "test (stored)",
            "POST",
            "/peplink/device/test",
            { id: "rdevc", settings, credentials: { clientId: CLIENT_ID, clientSecret: "__PWRD__" } },
          ],
          [
            "test (wrong)",
            "POST",
            "/peplink/device/test",
            { settings: { ...settings, authMode: "login" }, credentials: { username: "admin", password: M.testWrong } },
          ],
          [
            "create-client",
            "POST",
            "/peplink/device/create-client",
            { settings, credentials: { username: "creator", password: M.adminPassword }, name: "Reliability", scope: "api.read-only" },
          ],
          [
            "create-client (wrong)",
            "POST",
            "/peplink/device/create-client",
            { settings, credentials: { username: "creator", password: M.adminWrong }, name: "Reliability", scope: "api" },
          ],
          ["wans", "POST", "/peplink/device/wans", { id: "rdevc" }],
          ["operations", "GET", "/peplink/operations", undefined],
          ["status endpoints", "GET", "/peplink/status/endpoints", undefined],
        ];
        for (const [name, method, url, body] of endpoints) {
          const anonymous = await runner.request(`${red.url}${url}`, { method, body });
          if (anonymous.status !== 401) denied.push(`${name} without a token: HTTP ${anonymous.status}`);
          const res = await runner.request(`${red.url}${url}`, { method, body, headers: auth(adminToken) });
          texts.push([`admin endpoint ${name} (HTTP ${res.status})`, res.text]);
          if (res.status !== 200 && !/wrong/.test(name)) denied.push(`${name} as the owner: HTTP ${res.status} ${res.text}`);
        }
        box.sim.control.clearLog();
        for (const [name, method, url, body] of endpoints) {
          const res = await runner.request(`${red.url}${url}`, { method, body, headers: auth(readerToken) });
          // Every route that may sign in with stored credentials needs write permission (wans too).
          const write = /test|create-client|wans/.test(name);
          if (write && res.status !== 401) denied.push(`${name} as a read-only user: HTTP ${res.status} (expected 401)`);
          if (!write && res.status !== 200) denied.push(`${name} as a read-only user: HTTP ${res.status} (expected 200: it only reads)`);
          texts.push([`admin endpoint ${name} as reader (HTTP ${res.status})`, res.text]);
        }
        requestsFromReader = box.sim.control
          .log()
          .filter(
            (e) =>
              e.endpoint !== "status.wan.connection" &&
              e.endpoint !== "cmd.sms.get" &&
              e.endpoint !== "auth.token.grant" &&
              e.endpoint !== "login",
          ).length;
        // The editor's credential API: passwords are never sent back, only "has_…".
        for (const [type, id] of [
          ["peplink-device", "rdevc"],
          ["peplink-device", "rdevl"],
          ["peplink-wifi", "rwkey"],
          ["peplink-wifi", "rweap"],
        ] as const) {
          const res = await runner.request(`${red.url}/credentials/${type}/${id}`, { headers: auth(adminToken) });
          texts.push([`editor credentials of ${id} (HTTP ${res.status})`, res.text]);
        }

        await red.stop();
        red = undefined;
        issued = box.sim.control.issuedSecrets();
        // Every file Node-RED wrote (the package link is not its own).
        const walk = (d: string): string[] =>
          fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => {
            const p = path.join(d, e.name);
            if (e.isSymbolicLink()) return [];
            return e.isDirectory() ? walk(p) : [p];
          });
        for (const file of walk(dir)) texts.push([path.relative(dir, file), fs.readFileSync(file, "utf8")]);
        credFile = path.join(dir, "flows_cred.json");
      });

      after(async function () {
        this.timeout(20_000);
        await red?.stop();
        await box.stop();
        if (dir && !process.env.RELIABILITY_KEEP) fs.rmSync(dir, { recursive: true, force: true });
      });

      it("ran every node through success and failure paths (the trace log shows both)", () => {
        const log = texts.find(([name]) => name === "trace.log")?.[1] ?? "";
        assert.ok(/level: 50\b/.test(log), "debug lines were logged (trace level on)");
        for (const seen of [/authentication failed/, /PSK_AUTH_FAIL/, /EAP_AUTH_FAIL/, /result: 'CONNECTED'/, /payload\.key: must be/])
          assert.ok(seen.test(log), `the log shows ${seen}`);
        assert.ok(issued.length >= 4, "sessions and tokens were issued");
      });

      it("the credentials file is encrypted, the flow file holds no credential", () => {
        const raw = fs.existsSync(credFile) ? fs.readFileSync(credFile, "utf8") : texts.find(([name]) => name === "flows_cred.json")?.[1];
        assert.ok(raw, "flows_cred.json was written");
        const parsed = JSON.parse(raw) as Record<string, unknown>;
        assert.deepEqual(Object.keys(parsed), ["$"], "only Node-RED's encrypted blob");
        assert.match(String(parsed.$), /^[0-9a-f]{32}[A-Za-z0-9+/=]+$/, "an IV and base64 cipher text");
        const flows = texts.find(([name]) => name === "flows.json")?.[1] ?? "";
        assert.ok(flows.includes("peplink-device") && !/"credentials"/.test(flows), "flows.json has the devices but no credentials");
      });

      it("admin endpoints: 401 without a token; a read-only user may read metadata but not test, create clients or list WANs", () => {
        assert.deepEqual(denied, []);
        assert.equal(requestsFromReader, 0, "the refused calls sent nothing to the router");
      });

      it("no marker, token or session cookie in the log, debug output, admin answers or any file Node-RED wrote", () => {
        tally.secretTexts += texts.length;
        const found = leaks(texts, issued);
        tally.leaked += found.length;
        assert.deepEqual(found, []);
      });
    });
  });
}
