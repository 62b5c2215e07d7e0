/**
 * peplink-wifi: the Wi-Fi WAN. Connects it to an SSID and reports the outcome
 * (waiting for a cmd.wifi.result newer than the request), disconnects,
 * forgets a saved network, scans, or reads the last result.
 *
 * Keys and EAP passwords are node credentials (or msg.payload.key /
 * msg.payload.password, which are removed from the message at once); they never
 * reach a message, status, log line or error.
 */
import type { Node, NodeAPI, NodeDef, NodeMessage, NodeMessageInFlow } from "node-red";
import type { ApiResult } from "../api/client";
import type { HttpMethod } from "../api/endpoints";
import { PeplinkClosedError, PeplinkInputError } from "../api/errors";
import type { CmdWifiConnectParams, CmdWifiScanResponse } from "../api/types/wifi";
import { connIdFrom, requireWan, wanDirectory } from "./shared/wan-directory";
import { DeviceLink, evaluateSetting, onInput, withResult } from "./shared/flow-node";
import { asEnum, asInt, describeValue } from "./shared/validate";
import {
  ACTIONS,
  connectParams,
  disconnectParams,
  forgetParams,
  scanParams,
  SECRET_KEYS,
  type NetworkSettings,
  type WifiAction,
} from "./wifi/params";
import { waitForResult, type WifiResult } from "./wifi/wait";

interface WifiNodeDef extends NodeDef {
  device: string;
  action: string;
  connId: string;
  ssid: string;
  ssidType: string;
  securityPolicy: string;
  loginId: string;
  eapMethod: string;
  eapPhase2: string;
  eapAuthenticationId: string;
  preferredBssid: string;
  /** Seconds to wait for the connect outcome. */
  timeout: string | number;
  infoType: string;
  sortBy: string;
  sortOrder: string;
  topic: string;
}

interface WifiCredentials {
  key?: string;
  password?: string;
}

const DEFAULT_TIMEOUT_S = 30;
const MAX_TIMEOUT_S = 600;
/** The router needs a few seconds to associate; the first look is early for fast cases. */
const FIRST_POLL_MS = 500;
const POLL_MS = 1000;

/**
 * Takes key and password out of msg.payload before anything else happens, so
 * that neither the output nor a Catch node (which gets the message) sees them.
 */
function takeSecrets(msg: NodeMessageInFlow): Record<string, unknown> {
  const payload = msg.payload;
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) return {};
  const rest: Record<string, unknown> = { ...(payload as Record<string, unknown>) };
  const secrets: Record<string, unknown> = {};
  let found = false;
  for (const name of SECRET_KEYS) {
    if (name in rest) {
      secrets[name] = rest[name];
      delete rest[name];
      found = true;
    }
  }
  if (found) msg.payload = rest;
  return secrets;
}

const REDACT_EVERYWHERE_MIN = 8;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Replaces a secret in an error's message and stack (a device might echo one;
 * Catch nodes get `msg.error.stack` too). A long secret is replaced wherever
 * it appears; a short one (an EAP password may be a single character) only
 * where it stands alone — replacing every "p" turned `payload.eapMethod` into
 * `***ayload.ea***Method` (found by the reliability suite's bad-input matrix).
 */
function redact(err: unknown, secrets: readonly string[]): unknown {
  if (!(err instanceof Error)) return err;
  for (const secret of secrets) {
    if (!secret) continue;
    const escaped = escapeRegExp(secret);
    const pattern = new RegExp(secret.length >= REDACT_EVERYWHERE_MIN ? escaped : `(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, "g");
    err.message = err.message.replace(pattern, "***");
    if (typeof err.stack === "string") err.stack = err.stack.replace(pattern, "***");
  }
  return err;
}

/** msg.payload as parameters: an object; any other payload (inject timestamp…) only triggers. */
function payloadParams(payload: unknown): Record<string, unknown> {
  if (Array.isArray(payload))
    throw new PeplinkInputError("payload", "must be an object of parameters (or a non-object to use the node's settings), not an array");
  if (payload !== null && typeof payload === "object") return payload as Record<string, unknown>;
  return {};
}

function timeoutOf(fromMsg: unknown, fromSettings: string | number | undefined): number {
  if (fromMsg !== undefined) return asInt(fromMsg, "timeout", { min: 1, max: MAX_TIMEOUT_S });
  if (fromSettings === undefined || fromSettings === "") return DEFAULT_TIMEOUT_S;
  return asInt(fromSettings, "timeout setting", { min: 1, max: MAX_TIMEOUT_S });
}

/** Scan entries as given, plus `signalDbm`: `signalStrength` (fw ≥ 8.1.0) or `signal` (older). */
function withSignalDbm(list: unknown): unknown {
  if (!Array.isArray(list)) return list;
  return (list as CmdWifiScanResponse).map((entry) => {
    const dbm =
      typeof entry.signalStrength === "number" ? entry.signalStrength : typeof entry.signal === "number" ? entry.signal : undefined;
    return dbm === undefined ? entry : { ...entry, signalDbm: dbm };
  });
}

function withConnected(result: WifiResult | undefined): Record<string, unknown> {
  const r = result && typeof result === "object" ? result : {};
  return { ...r, connected: r.result === "CONNECTED" };
}

export = function register(RED: NodeAPI): void {
  function PeplinkWifi(this: Node<WifiCredentials>, config: WifiNodeDef): void {
    RED.nodes.createNode(this, config);
    const node = this;
    const link = new DeviceLink(RED, this, config.device);
    // Read the WAN list now, so that a connId of a non-Wi-Fi WAN is refused later without a request.
    if (link.device && !link.device.configError) wanDirectory(link.device).warm();
    // Aborted on close: cancels every wait and in-flight request of this node.
    // Connects run one after the other: a second connect would replace the first on the router.
    let connectChain: Promise<unknown> = Promise.resolve();

    const settings = (): NetworkSettings => ({
      securityPolicy: config.securityPolicy,
      key: node.credentials?.key,
      loginId: config.loginId,
      password: node.credentials?.password,
      eapMethod: config.eapMethod,
      eapPhase2: config.eapPhase2,
      eapAuthenticationId: config.eapAuthenticationId,
      preferredBssid: config.preferredBssid,
    });

    /** A call that the node's close aborts (`signal`: a narrower one, e.g. a wait's deadline, which also ends on close). */
    async function call<T>(method: HttpMethod, endpoint: string, params: object, signal: AbortSignal = link.signal): Promise<ApiResult<T>> {
      try {
        return await link.require().call<T>(method, endpoint, params, { signal });
      } catch (err) {
        if (link.signal.aborted) throw new PeplinkClosedError(endpoint);
        throw err;
      }
    }

    async function ssidSetting(msg: NodeMessage): Promise<string | undefined> {
      const value = await evaluateSetting(RED, node, config.ssid, config.ssidType || "str", msg);
      if (value === undefined || value === null || value === "") return undefined;
      if (typeof value !== "string") throw new PeplinkInputError("ssid setting", `must be text (got ${describeValue(value)})`);
      return value;
    }

    async function connect(msg: NodeMessage, params: CmdWifiConnectParams, timeoutS: number): Promise<NodeMessage> {
      link.show("blue", "ring", "peplink-wifi.status.connecting", { ssid: params.ssid });
      const read = { connId: params.connId };
      const baseline = (await call<WifiResult>("GET", "cmd.wifi.result", read)).response;
      const startedAt = Date.now();
      await call("POST", "cmd.wifi.connect", params);
      let last: ApiResult<WifiResult> | undefined;
      const result = await waitForResult({
        read: async (signal) => {
          last = await call<WifiResult>("GET", "cmd.wifi.result", read, signal);
          return last.response;
        },
        baseline,
        startedAt,
        timeoutMs: timeoutS * 1000,
        firstPollMs: FIRST_POLL_MS,
        pollMs: POLL_MS,
        signal: link.signal,
        ssid: params.ssid,
      });
      const connected = result.result === "CONNECTED";
      if (connected) link.show("green", "dot", "peplink-wifi.status.connected", { ssid: params.ssid });
      else link.show("yellow", "ring", "peplink-wifi.status.outcome", { result: String(result.result), ssid: params.ssid });
      return withResult(msg, link, "POST", "cmd.wifi.connect", last ?? { response: result, notice: undefined }, {
        payload: withConnected(result),
        topic: config.topic,
      });
    }

    async function handle(msg: NodeMessageInFlow, secrets: Record<string, unknown>): Promise<NodeMessage> {
      const action: WifiAction =
        msg.action !== undefined ? asEnum(msg.action, "action", ACTIONS) : asEnum(config.action || "connect", "action setting", ACTIONS);
      const { connId } = connIdFrom(msg.connId, config.connId);
      const payload = payloadParams(msg.payload);
      // After the parameters are checked, and before anything is sent: the WAN must be a Wi-Fi WAN.
      const wifiWan = (): Promise<unknown> =>
        requireWan(link.require(), connId, "wifi", msg.connId !== undefined ? "connId" : "connId setting");

      switch (action) {
        case "connect": {
          const params = connectParams(connId, { ...payload, ...secrets }, settings(), await ssidSetting(msg));
          await wifiWan();
          const timeoutS = timeoutOf(msg.timeout, config.timeout);
          const run = connectChain.then(() => connect(msg, params, timeoutS));
          connectChain = run.catch(() => undefined);
          return run;
        }
        case "disconnect": {
          rejectSecrets(secrets);
          const params = disconnectParams(connId, payload, await ssidSetting(msg));
          await wifiWan();
          link.show("blue", "ring", "peplink-wifi.status.disconnecting");
          const result = await call("POST", "cmd.wifi.disconnect", params);
          if (params.ssid) link.show("green", "dot", "peplink-wifi.status.disconnected-from", { ssid: params.ssid });
          else link.show("green", "dot", "peplink-wifi.status.disconnected");
          return withResult(msg, link, "POST", "cmd.wifi.disconnect", result, { payload: { ...params }, topic: config.topic });
        }
        case "forget": {
          rejectSecrets(secrets);
          const params = forgetParams(connId, payload, settings(), await ssidSetting(msg));
          await wifiWan();
          const result = await call("POST", "cmd.wifi.forget", params);
          link.show("green", "dot", "peplink-wifi.status.forgot", { ssid: params.ssid ?? "" });
          return withResult(msg, link, "POST", "cmd.wifi.forget", result, { payload: { ...params }, topic: config.topic });
        }
        case "scan": {
          rejectSecrets(secrets);
          const params = scanParams(connId, payload, { infoType: config.infoType, sortBy: config.sortBy, sortOrder: config.sortOrder });
          await wifiWan();
          const result = await call<CmdWifiScanResponse>("GET", "cmd.wifi.scan", params);
          const list = withSignalDbm(result.response);
          if (Array.isArray(list)) link.show("green", "dot", "peplink-wifi.status.networks", { count: list.length });
          else link.show("green", "dot", "peplink-wifi.status.scanned");
          return withResult(msg, link, "GET", "cmd.wifi.scan", result, { payload: list, topic: config.topic });
        }
        case "result": {
          rejectSecrets(secrets);
          if (Object.keys(payload).length > 0)
            throw new PeplinkInputError(
              `payload.${Object.keys(payload)[0]}`,
              "is not a known field; the result action takes no parameters",
            );
          await wifiWan();
          const result = await call<WifiResult>("GET", "cmd.wifi.result", { connId });
          const out = withConnected(result.response);
          if (typeof out.result === "string")
            link.show(out.connected ? "green" : "yellow", "dot", "peplink-wifi.status.last", { result: out.result });
          else link.show(out.connected ? "green" : "yellow", "dot", "peplink-wifi.status.last-none");
          return withResult(msg, link, "GET", "cmd.wifi.result", result, { payload: out, topic: config.topic });
        }
      }
    }

    onInput(link, async (msg) => {
      const secrets = takeSecrets(msg);
      const known = [secrets.key, secrets.password, node.credentials?.key, node.credentials?.password].filter(
        (s): s is string => typeof s === "string" && s.length > 0,
      );
      try {
        return await handle(msg, secrets);
      } catch (err) {
        throw redact(err, known);
      }
    });
  }

  /** Only connect takes a key or a password. */
  function rejectSecrets(secrets: Record<string, unknown>): void {
    const name = Object.keys(secrets)[0];
    if (name) throw new PeplinkInputError(`payload.${name}`, "is only for the connect action");
  }

  RED.nodes.registerType("peplink-wifi", PeplinkWifi as unknown as Parameters<NodeAPI["nodes"]["registerType"]>[1], {
    credentials: {
      key: { type: "password" },
      password: { type: "password" },
    },
  });
};
