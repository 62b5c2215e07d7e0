/**
 * SimulatorControl: the in-process test/demo API (also served over HTTP by
 * control-http.ts). Bad input throws a TypeError with a readable message.
 */
import type { SimulatorCore } from "./core";
import { addSms } from "./sms-store";
import { CELLULAR_WAN_ID, type SimId } from "./state";
import type {
  ClientScope,
  CreatedClient,
  InjectSmsOptions,
  LocationUpdate,
  SimulatorControl,
  WanStateName,
  WanStateOptions,
} from "./types";
import { activeSimId, rebalance, setLink, wanById } from "./wan-model";

const WAN_STATES: readonly WanStateName[] = ["connected", "standby", "disconnected", "disabled", "connecting"];
const LEDS = ["green", "yellow", "red", "gray", "flash", "empty"];
const LOCATION_KEYS = ["latitude", "longitude", "altitude", "speed", "heading", "pdop", "hdop", "vdop"] as const;

export function createControl(core: SimulatorCore): SimulatorControl {
  function injectSms(options: InjectSmsOptions): number[] {
    core.settle();
    if (!options || typeof options.sender !== "string" || options.sender === "")
      throw new TypeError("injectSms: sender must be a non-empty string");
    if (typeof options.content !== "string") throw new TypeError("injectSms: content must be a string");
    const connId = options.connId ?? CELLULAR_WAN_ID;
    const wan = wanById(core.state, connId);
    if (!wan?.cellular) throw new TypeError(`injectSms: WAN connection ${connId} is not a cellular WAN`);
    if (options.parts !== undefined && !(Number.isInteger(options.parts) && options.parts >= 1 && options.parts <= 255)) {
      throw new TypeError("injectSms: parts must be an integer from 1 to 255");
    }
    if (options.simId !== undefined && options.simId !== 1 && options.simId !== 2) throw new TypeError("injectSms: simId must be 1 or 2");
    const simId: SimId = options.simId ?? activeSimId(wan, core.state.active.wan[String(connId)]) ?? 1;
    const card = wan.cellular.sims[String(simId) as "1" | "2"];
    const smsOptions: { now: number; parts?: number } = { now: core.now() };
    if (options.parts !== undefined) smsOptions.parts = options.parts;
    return addSms(core.state, card, options.sender, options.content, smsOptions);
  }

  function setWanState(connId: number, state: WanStateName, options: WanStateOptions = {}): void {
    core.settle();
    const wan = wanById(core.state, connId);
    if (!wan) throw new TypeError(`setWanState: WAN connection ${connId} does not exist`);
    if (!WAN_STATES.includes(state)) throw new TypeError(`setWanState: state must be one of ${WAN_STATES.join(", ")}`);
    if (options.statusLed !== undefined && !LEDS.includes(options.statusLed))
      throw new TypeError(`setWanState: statusLed must be one of ${LEDS.join(", ")}`);
    const now = core.now();
    const s = core.state;
    // Disabling or enabling is a config change that takes effect at once (saved and active).
    for (const cfg of [s.saved.wan[String(connId)], s.active.wan[String(connId)]]) if (cfg) cfg.enable = state !== "disabled";
    if (wan.cellular) {
      delete wan.cellular.resetUntil;
      delete wan.cellular.linkBeforeReset;
    }
    if (state !== "disabled") {
      setLink(wan, state, now);
      if (state === "connected" && options.uptimeSec !== undefined) wan.connectedSince = now - Math.max(0, options.uptimeSec) * 1000;
    } else {
      delete wan.override;
    }
    if (wan.wifi) {
      delete wan.wifi.pending;
      if (state === "connected" || state === "standby") {
        if (!wan.wifi.connected) {
          const net = wan.wifi.scan.find((n) => wan.wifi?.profiles.some((p) => p.ssid === n.ssid)) ?? wan.wifi.scan[0];
          if (net) wan.wifi.connected = { ssid: net.ssid, bssid: net.bssid, securityPolicy: net.securityPolicy, signal: net.signal };
        }
      } else {
        delete wan.wifi.connected;
      }
    }
    if (options.ip !== undefined) wan.address.ip = options.ip;
    if (options.message !== undefined || options.statusLed !== undefined) {
      wan.override = {
        ...(options.message !== undefined ? { message: options.message } : {}),
        ...(options.statusLed !== undefined ? { statusLed: options.statusLed } : {}),
      };
    }
    rebalance(s, now, core.rules, connId);
  }

  function setLocation(update: LocationUpdate): void {
    const loc = core.state.location;
    if (!loc) throw new TypeError("setLocation: this simulator has no GPS module (gpsSupport: false)");
    let moved = false;
    for (const key of LOCATION_KEYS) {
      const v = update[key];
      if (v === undefined) continue;
      if (typeof v !== "number" || !Number.isFinite(v)) throw new TypeError(`setLocation: ${key} must be a number`);
      loc.location[key] = v;
      moved = true;
    }
    if (update.timestamp !== undefined) loc.location.timestamp = update.timestamp;
    else if (moved) loc.location.timestamp = Math.floor(core.now() / 1000);
    // A new position means a valid fix unless told otherwise; gps:false alone keeps the stale location.
    if (update.gps !== undefined) loc.gps = update.gps;
    else if (moved) loc.gps = true;
  }

  function createClient(options: { name?: string; scope?: ClientScope }): CreatedClient {
    const scope = options?.scope ?? "api";
    if (scope !== "api" && scope !== "api.read-only") throw new TypeError("createClient: scope must be api or api.read-only");
    const client = core.auth.addClient(options?.name ?? "Simulator client", scope, core.now());
    return { clientId: client.clientId, clientSecret: client.clientSecret };
  }

  return {
    get state() {
      core.settle();
      return core.state;
    },
    injectSms,
    setWanState,
    setLocation,
    expireSessions: () => core.auth.expireSessions(),
    expireTokens: () => core.auth.expireTokens(core.now()),
    revokeTokens: () => core.auth.revokeTokens(),
    injectFault: (fault) => core.faults.add(fault),
    clearFaults: () => core.faults.clear(),
    log: () => core.requests.log(),
    counters: () => core.requests.counters(),
    clearLog: () => core.requests.clear(core.openRequests),
    reset: () => core.reset(),
    createClient,
    sentSms: () => core.sentSms.map((m) => ({ ...m })),
    sentUssd: () => core.sentUssd.map((m) => ({ ...m })),
    issuedSecrets: () => core.auth.issuedSecrets(),
  };
}
