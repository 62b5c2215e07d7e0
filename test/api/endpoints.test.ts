/**
 * OPERATIONS against the API reference's list of operations, and the named
 * methods of PeplinkOperations against OPERATIONS.
 */
import * as assert from "node:assert/strict";
import type { CallOptions } from "../../dist/api/call-options";
import {
  OPERATIONS,
  OPERATION_AREAS,
  findOperation,
  type GetEndpointName,
  type GetEndpoints,
  type HttpMethod,
  type PostEndpointName,
  type PostEndpoints,
} from "../../dist/api/endpoints";
import { PeplinkOperations } from "../../dist/api/operations";
import type * as T from "../../dist/api/types";

/**
 * The 41 operations of the reference (`grep -nE '^(GET|POST) /api/'` from
 * `POST /api/login` on), in its order. Hard-listed: CI has no copy of the
 * reference.
 */
const REFERENCE = [
  "POST login",
  "POST logout",
  "GET auth.client",
  "POST auth.client",
  "GET auth.client.token",
  "POST auth.token.grant",
  "POST auth.token.revoke",
  "POST cmd.billing.newCycle",
  "GET cmd.carrier.scan",
  "POST cmd.carrier.scan",
  "POST cmd.carrier.select",
  "POST cmd.config.apply",
  "POST cmd.config.discard",
  "POST cmd.sendUssd",
  "GET cmd.sms.get",
  "POST cmd.sms.sendMessage",
  "GET cmd.ap",
  "POST cmd.ap",
  "POST cmd.cellularModule.rescanNetwork",
  "POST cmd.cellularModule.reset",
  "GET cmd.wan.cellular",
  "POST cmd.wan.cellular",
  "POST cmd.wifi.connect",
  "POST cmd.wifi.disconnect",
  "POST cmd.wifi.forget",
  "GET cmd.wifi.result",
  "GET cmd.wifi.scan",
  "POST config.gpio",
  "GET config.ssid.profile",
  "POST config.ssid.profile",
  "GET config.wan.connection",
  "POST config.wan.connection",
  "POST config.wan.connection.priority",
  "GET info.firmware",
  "GET info.location",
  "GET status.client",
  "GET status.lan.profile",
  "GET status.pepvpn",
  "GET status.wan.connection",
  "GET status.wan.connection.allowance",
  "GET status.wan.connection.signal",
] as const;

/** POSTs that do not change the router (sessions and tokens). */
const NON_WRITE_POSTS = ["login", "logout", "auth.token.grant", "auth.token.revoke"];
/** Operations the client performs itself, without a named method. */
const CLIENT_HANDLED = ["POST login", "POST logout", "POST auth.token.grant"];
const ADMIN = ["GET auth.client", "POST auth.client", "GET auth.client.token"];
const NO_AUTH = ["POST login", "POST auth.token.grant"];

const key = (op: { method: string; endpoint: string }): string => `${op.method} ${op.endpoint}`;

// Compile time: the hard list and the typed maps agree both ways.
type Listed = (typeof REFERENCE)[number];
type Mapped = `GET ${GetEndpointName}` | `POST ${PostEndpointName}`;
type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
const mapsMatchReference: Equal<Listed, Mapped> = true;

/** Records calls instead of sending them. */
class Recorder extends PeplinkOperations {
  readonly calls: Array<{ method: HttpMethod; endpoint: string; params: unknown; options: CallOptions | undefined }> = [];

  override get<E extends GetEndpointName>(
    endpoint: E,
    params?: GetEndpoints[E]["params"],
    options?: CallOptions,
  ): Promise<GetEndpoints[E]["response"]> {
    this.calls.push({ method: "GET", endpoint, params, options });
    return Promise.resolve(undefined as unknown as GetEndpoints[E]["response"]);
  }

  override post<E extends PostEndpointName>(
    endpoint: E,
    body?: PostEndpoints[E]["params"],
    options?: CallOptions,
  ): Promise<PostEndpoints[E]["response"]> {
    this.calls.push({ method: "POST", endpoint, params: body, options });
    return Promise.resolve(undefined as unknown as PostEndpoints[E]["response"]);
  }
}

// Compile time: what the typed surface accepts and refuses. Never called.
async function typeChecks(c: Recorder): Promise<void> {
  // No params needed where the operation has none.
  const fw: T.InfoFirmwareResponse = await c.get("info.firmware");
  const wans: T.StatusWanConnectionResponse = await c.get("status.wan.connection", { id: [1, 2], lite: "yes" });
  const applied: T.CmdConfigApplyResponse = await c.cmdConfigApply();
  await c.statusWanConnection({ id: 3 });
  await c.cmdWanCellularSet({ connId: 2, enabledSim: [1, 2], preferredSim: null });
  await c.configGpio({ list: [{ id: 1, type: "digital_input", mode: "ignition_sensing", delay: 3 }] });
  await c.authClientAdd({ name: "Node-RED", scope: "api" });
  // @ts-expect-error unknown endpoint
  await c.get("status.nothing");
  // @ts-expect-error login is a POST
  await c.get("login");
  // @ts-expect-error id is numeric
  await c.statusWanConnection({ id: "one" });
  // @ts-expect-error address is required
  await c.cmdSmsSendMessage({ content: "hi" });
  // @ts-expect-error a digital output has no input_sensing mode
  await c.configGpio({ list: [{ id: 1, type: "digital_output", mode: "input_sensing" }] });
  // @ts-expect-error SIM slots are 1 and 2
  await c.cmdWanCellularSet({ connId: 2, preferredSim: 3 });
  // @ts-expect-error lite is yes/no
  await c.statusWanConnection({ lite: true });
  // @ts-expect-error the named method fills in the action
  await c.configWanConnectionUpdate({ action: "update", list: [] });
  // @ts-expect-error scope is closed on input
  await c.authClientAdd({ name: "x", scope: "admin" });
  void [fw, wans, applied];
}
void typeChecks;

describe("OPERATIONS", () => {
  it("lists exactly the 41 operations of the reference, in its order", () => {
    assert.equal(mapsMatchReference, true);
    assert.equal(REFERENCE.length, 41);
    assert.deepEqual(OPERATIONS.map(key), [...REFERENCE]);
  });

  it("has no duplicate operation and no duplicate method name", () => {
    assert.equal(new Set(OPERATIONS.map(key)).size, OPERATIONS.length);
    const names = OPERATIONS.map((op) => op.methodName).filter((n) => n !== "");
    assert.equal(new Set(names).size, names.length);
  });

  it("names a method of PeplinkOperations for each operation but the client-handled ones", () => {
    for (const op of OPERATIONS) {
      if (CLIENT_HANDLED.includes(key(op))) {
        assert.equal(op.methodName, "", key(op));
        continue;
      }
      const method: unknown = (PeplinkOperations.prototype as unknown as Record<string, unknown>)[op.methodName];
      assert.equal(typeof method, "function", `${key(op)}: no method ${op.methodName}`);
    }
  });

  it("marks every POST as a write except login, logout and the token grant/revoke; no GET", () => {
    for (const op of OPERATIONS) {
      const expected = op.method === "POST" && !NON_WRITE_POSTS.includes(op.endpoint);
      assert.equal(op.write, expected, key(op));
    }
  });

  it("needs no session for login and token grant, an admin one for client management", () => {
    for (const op of OPERATIONS) {
      const expected = NO_AUTH.includes(key(op)) ? "none" : ADMIN.includes(key(op)) ? "admin" : "required";
      assert.equal(op.auth, expected, key(op));
    }
  });

  it("puts every operation in a picker area and uses every area", () => {
    for (const op of OPERATIONS) assert.ok((OPERATION_AREAS as readonly string[]).includes(op.area), `${key(op)}: ${op.area}`);
    assert.deepEqual(new Set(OPERATIONS.map((op) => op.area)), new Set(OPERATION_AREAS));
  });

  it("has a summary, a 7.x/8.x since version and well-formed params", () => {
    for (const op of OPERATIONS) {
      assert.ok(op.summary.length > 10 && !op.summary.includes("\n"), key(op));
      assert.match(op.since, /^[78]\.\d+\.\d+$/, key(op));
      assert.equal(new Set(op.params.map((p) => p.name)).size, op.params.length, `${key(op)}: duplicate param`);
      for (const p of op.params) {
        assert.ok(p.description.length > 0, `${key(op)} ${p.name}`);
        if (p.values) assert.ok(p.values.length > 0, `${key(op)} ${p.name}`);
      }
    }
  });

  it("matches the reference on some specific points", () => {
    assert.equal(findOperation("GET", "status.wan.connection")?.since, "8.0.0");
    assert.equal(findOperation("POST", "config.gpio")?.stability, "beta");
    assert.equal(findOperation("GET", "cmd.ap")?.stability, "alpha");
    assert.deepEqual(
      findOperation("POST", "cmd.sms.sendMessage")
        ?.params.filter((p) => p.required)
        .map((p) => p.name),
      ["address"],
    );
    assert.equal(findOperation("GET", "status.client")?.params.find((p) => p.name === "connectionType")?.type, "list");
  });

  it("findOperation tells GET and POST apart and knows nothing else", () => {
    assert.equal(findOperation("GET", "cmd.ap")?.methodName, "cmdAp");
    assert.equal(findOperation("POST", "cmd.ap")?.methodName, "cmdApSet");
    assert.equal(findOperation("GET", "login"), undefined);
    assert.equal(findOperation("GET", "status.traffic"), undefined);
  });
});

describe("PeplinkOperations named methods", () => {
  type Named = (arg?: unknown, options?: CallOptions) => Promise<unknown>;
  const sample = { connId: 4, address: "+85200000000", accessToken: "t" };

  it("each calls its own operation, passing params and options through", async () => {
    for (const op of OPERATIONS.filter((o) => o.methodName !== "")) {
      const rec = new Recorder();
      const fn = (rec as unknown as Record<string, Named>)[op.methodName];
      const options: CallOptions = { timeoutMs: 1234 };
      // Methods without params take the options first.
      const takesParams = op.params.length > 0;
      await (takesParams ? fn.call(rec, sample, options) : fn.call(rec, options));
      assert.equal(rec.calls.length, 1, op.methodName);
      const [call] = rec.calls;
      assert.equal(`${call.method} ${call.endpoint}`, key(op), op.methodName);
      assert.equal(call.options, options, `${op.methodName}: options`);
      if (takesParams && op.endpoint !== "auth.client") {
        assert.equal((call.params as { connId?: number }).connId, 4, `${op.methodName}: params`);
      }
    }
  });

  it("fills in the single action value where the operation has one", async () => {
    const rec = new Recorder();
    await rec.authClientAdd({ name: "n", scope: "api.read-only" });
    await rec.authClientRemove({ clientId: "c" });
    await rec.cmdCarrierScanStart({ connId: 2, reference: "yes" });
    await rec.configSsidProfileUpdate({ id: 1, enable: false });
    await rec.configWanConnectionUpdate({ list: [{ id: 1, enable: true }] });
    assert.deepEqual(
      rec.calls.map((c) => [c.endpoint, c.params]),
      [
        ["auth.client", { name: "n", scope: "api.read-only", action: "add" }],
        ["auth.client", { clientId: "c", action: "remove" }],
        ["cmd.carrier.scan", { connId: 2, reference: "yes", action: "start" }],
        ["config.ssid.profile", { id: 1, enable: false, action: "update" }],
        ["config.wan.connection", { list: [{ id: 1, enable: true }], action: "update" }],
      ],
    );
  });

  it("reads GPIO with an empty list", async () => {
    const rec = new Recorder();
    await rec.configGpio();
    await rec.configGpio({ reference: true });
    assert.deepEqual(
      rec.calls.map((c) => c.params),
      [{ list: [] }, { reference: true, list: [] }],
    );
  });
});
