/**
 * Stored router credentials never reach another host (issue 14), proven in a
 * real Node-RED with adminAuth (an owner with every permission, a reader with
 * "read" only) and a credentialSecret.
 *
 * Two devices are deployed with marker credentials (an API client secret, an
 * admin password). Every editor route that can use stored credentials is
 * called with the editor's "unchanged" marker (`__PWRD__`) and settings that
 * differ from the deployed ones in one way each — another host (same port on
 * 127.0.0.2), another port, http instead of https, another TLS trust, another
 * pinned certificate, another auth mode — as the reader and as the owner.
 * TCP listeners stand in for the other hosts and record every connection.
 *
 * Must hold: the reader gets 401 on every such route; the owner gets 400
 * naming the credential; no listener sees a connection; the deployed router
 * sees no request during the probes; no marker appears in any answer. A
 * control call with a typed-in secret does reach the listener (it works).
 */
import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Catcher } from "../helpers/catcher";
import { CERT_A, CERT_B, SimBox, deviceNode } from "./harness";
import { tally } from "./tally";

interface Runner {
  freePort(preferred?: number): Promise<number>;
  prepareUserDir(dir: string, extraSettings?: Record<string, unknown>): void;
  startNodeRed(o: { userDir: string; port: number; quiet?: boolean }): Promise<{ url: string; stop(): Promise<void>; output(): string }>;
  deployFlows(url: string, flows: object[], headers?: Record<string, string>): Promise<void>;
  request(
    url: string,
    o?: { method?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; text: string }>;
}

const runner = require("../../scripts/lib/node-red-runner.js") as Runner;

const SECRET = `MRK-stored-client-secret-${crypto.randomBytes(4).toString("hex")}`;
const PASSWORD = `MRK-stored-admin-password-${crypto.randomBytes(4).toString("hex")}`;
const CLIENT_ID = "rel-stored-client";

interface Probe {
  name: string;
  route: "test" | "wans" | "create-client";
  body: Record<string, unknown>;
  /** The credential the owner's 400 must name. */
  field: "clientSecret" | "password";
}

export function storedCredentials(): void {
  describe("stored credentials stay with the deployed router (real Node-RED, adminAuth)", function () {
    const box = new SimBox({
      users: [{ username: "admin", password: PASSWORD, role: "admin" }],
      clients: [{ clientId: CLIENT_ID, clientSecret: SECRET, scope: "api" }],
    });
    let dir = "";
    let red: Awaited<ReturnType<Runner["startNodeRed"]>> | undefined;
    let otherHost: Catcher | undefined;
    let otherPort: Catcher | undefined;
    const problems: string[] = [];
    const answers: string[] = [];
    let probes = 0;
    let simRequests = -1;
    let controlConnections = 0;

    before(async function () {
      this.timeout(90_000);
      await box.start();
      otherHost = await new Catcher("127.0.0.2").start(box.portNumber);
      otherPort = await new Catcher("127.0.0.1").start();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "peplink-stored-"));

      const bcrypt = require("bcryptjs") as { hashSync(s: string, rounds: number): string };
      runner.prepareUserDir(dir, {
        credentialSecret: `rel-${crypto.randomBytes(8).toString("hex")}`,
        logging: { console: { level: "off" } },
        adminAuth: {
          type: "credentials",
          users: [
            { username: "owner", password: bcrypt.hashSync("owner-pass", 8), permissions: "*" },
            { username: "reader", password: bcrypt.hashSync("reader-pass", 8), permissions: "read" },
          ],
        },
      });
      red = await runner.startNodeRed({ userDir: dir, port: await runner.freePort(), quiet: true });
      const token = async (username: string, password: string, scope: string): Promise<string> => {
        const res = await runner.request(`${red!.url}/auth/token`, {
          method: "POST",
          body: { client_id: "node-red-admin", grant_type: "password", scope, username, password },
        });
        assert.equal(res.status, 200, res.text);
        return (JSON.parse(res.text) as { access_token: string }).access_token;
      };
      const owner = { authorization: `Bearer ${await token("owner", "owner-pass", "*")}` };
      const reader = { authorization: `Bearer ${await token("reader", "reader-pass", "read")}` };
      await runner.deployFlows(
        red.url,
        [
          { id: "st", type: "tab", label: "stored" },
          { ...deviceNode("sdevc", box, { timeout: 2 }), credentials: { clientId: CLIENT_ID, clientSecret: SECRET } },
          { ...deviceNode("sdevl", box, { timeout: 2, authMode: "login" }), credentials: { username: "admin", password: PASSWORD } },
        ],
        owner,
      );

      const deployed = {
        host: "127.0.0.1",
        port: String(box.portNumber),
        protocol: "https",
        trust: "pin",
        fingerprint: CERT_A.fingerprint,
        authMode: "client",
        timeout: "1",
      };
      const client = (changes: Record<string, unknown>): Record<string, unknown> => ({
        id: "sdevc",
        settings: { ...deployed, ...changes },
        credentials: { clientId: CLIENT_ID, clientSecret: "__PWRD__" },
      });
      const login = (changes: Record<string, unknown>): Record<string, unknown> => ({
        id: "sdevl",
        settings: { ...deployed, authMode: "login", ...changes },
        credentials: { username: "admin", password: "__PWRD__" },
      });
      const changes: Array<[string, Record<string, unknown>]> = [
        ["another host", { host: "127.0.0.2" }],
        ["another port", { port: String(otherPort.port) }],
        ["http instead of https", { protocol: "http", port: String(otherPort.port) }],
        ["TLS trust insecure", { trust: "insecure" }],
        ["TLS trust verify", { trust: "verify" }],
        ["another pinned certificate", { fingerprint: CERT_B.fingerprint }],
      ];
      const list: Probe[] = [];
      for (const [what, change] of changes) {
        list.push({ name: `test, ${what} (client secret)`, route: "test", body: client(change), field: "clientSecret" });
        list.push({ name: `test, ${what} (login password)`, route: "test", body: login(change), field: "password" });
        list.push({ name: `wans, ${what}`, route: "wans", body: client(change), field: "clientSecret" });
        list.push({
          name: `create-client, ${what}`,
          route: "create-client",
          body: { ...login(change), name: "x", scope: "api" },
          field: "password",
        });
      }
      list.push({
        name: "test, client device id lending a login password",
        route: "test",
        body: { ...client({ authMode: "login" }), credentials: { username: "admin", password: "__PWRD__" } },
        field: "password",
      });

      box.sim.control.clearLog();
      for (const probe of list) {
        const url = `${red.url}/peplink/device/${probe.route}`;
        const asReader = await runner.request(url, { method: "POST", body: probe.body, headers: reader });
        if (asReader.status !== 401) problems.push(`${probe.name} as the reader: HTTP ${asReader.status} (expected 401) ${asReader.text}`);
        const asOwner = await runner.request(url, { method: "POST", body: probe.body, headers: owner });
        answers.push(asReader.text, asOwner.text);
        let field = "";
        try {
          field = String((JSON.parse(asOwner.text) as { field?: unknown }).field);
        } catch {
          /* reported below */
        }
        if (asOwner.status !== 400 || field !== probe.field)
          problems.push(`${probe.name} as the owner: HTTP ${asOwner.status} (expected 400 naming ${probe.field}) ${asOwner.text}`);
        probes += 2;
      }
      simRequests = box.sim.control.log().length;

      // Control: the same route with a typed-in secret does go to the other host (the listener sees clients).
      const control = await runner.request(`${red.url}/peplink/device/test`, {
        method: "POST",
        body: {
          settings: { ...deployed, host: "127.0.0.2", trust: "insecure" },
          credentials: { clientId: "typed", clientSecret: "typed-secret" },
        },
        headers: owner,
      });
      answers.push(control.text);
      controlConnections = otherHost.connections;
    });

    after(async function () {
      this.timeout(20_000);
      await red?.stop();
      await otherHost?.stop();
      await otherPort?.stop();
      await box.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it("the reader is refused (401) and the owner gets a 400 naming the credential, on every probe", () => {
      tally.credentialProbes += probes;
      assert.deepEqual(problems, []);
    });

    it("no other host saw a connection, the deployed router no request, no answer a marker", () => {
      const connections = (otherHost?.connections ?? 0) - controlConnections + (otherPort?.connections ?? 0);
      const received = `${otherHost?.received() ?? ""}${otherPort?.received() ?? ""}`;
      const leakedTo = [SECRET, PASSWORD].filter((m) => received.includes(m) || answers.some((a) => a.includes(m)));
      tally.reachedOtherHost += connections + leakedTo.length;
      assert.equal(connections, 0, "connections to another host");
      assert.equal(simRequests, 0, "requests to the deployed router during the probes");
      assert.deepEqual(leakedTo, []);
    });

    it("control: a typed-in secret for another host does reach it", () => {
      assert.equal(controlConnections, 1);
    });
  });
}
