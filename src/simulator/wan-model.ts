/**
 * WAN behaviour on top of the device model: status text/LED derivation,
 * failover between priorities, SIM selection, and the time-based transitions
 * (Wi-Fi connect outcome, carrier scan, cellular module reset).
 *
 * Time-based transitions are applied lazily by settle(), called before every
 * request and control call, so an idle simulator runs no timers at all.
 */
import type { DeviceState, SimId, Wan, WanConfig, WanLink, WifiResult } from "./state";
import type { WanStateName } from "./types";

export interface WanRules {
  autoFailover: boolean;
}

export function wanById(state: DeviceState, id: number): Wan | undefined {
  return state.wans[String(id)];
}

export function effectiveState(state: DeviceState, wan: Wan): WanStateName {
  const cfg = state.active.wan[String(wan.id)];
  return cfg && cfg.enable ? wan.link : "disabled";
}

/** The SIM the modem uses: the preferred one if enabled and present, else the first enabled and present. */
export function activeSimId(wan: Wan, cfg: WanConfig | undefined): SimId | null {
  const cell = wan.cellular;
  if (!cell) return null;
  const enabled = enabledSims(cfg);
  const usable = enabled.filter((id) => cell.sims[String(id) as "1" | "2"].detected);
  if (usable.length === 0) return null;
  const preferred = cfg?.cellular?.preferredSim ?? null;
  if (preferred !== null && usable.includes(preferred)) return preferred;
  return usable[0];
}

export function enabledSims(cfg: WanConfig | undefined): SimId[] {
  switch (cfg?.cellular?.simCardScheme) {
    case "1":
      return [1];
    case "2":
      return [2];
    default:
      return [1, 2];
  }
}

export function schemeFor(enabled: readonly number[]): "" | "1" | "2" {
  if (enabled.length === 1) return enabled[0] === 1 ? "1" : "2";
  return "";
}

/** Carrier name the cellular WAN shows: the active SIM's network. */
export function carrierName(state: DeviceState, wan: Wan): string | undefined {
  const cell = wan.cellular;
  if (!cell) return undefined;
  const simId = activeSimId(wan, state.active.wan[String(wan.id)]);
  if (simId === null) return undefined;
  const simCard = cell.sims[String(simId) as "1" | "2"];
  return simCard.selectedCarrier?.name ?? simCard.carrier.name;
}

/** Signal bars (0-5) for a Wi-Fi signal in dBm. */
export function wifiSignalLevel(dbm: number): number {
  return Math.max(0, Math.min(5, Math.round((dbm + 100) / 10)));
}

export function setLink(wan: Wan, link: WanLink, now: number): void {
  if (link === "connected" && wan.link !== "connected") wan.connectedSince = now;
  wan.link = link;
  delete wan.override;
}

export interface DerivedStatus {
  message: string;
  /** One of StatusLed on every firmware seen; typed wider for firmware that adds colours. */
  statusLed: string;
  uptime: number;
  /** ip/mask/gateway/dns are shown (connected or standby). */
  hasAddress: boolean;
}

export function deriveStatus(state: DeviceState, wan: Wan, now: number): DerivedStatus {
  const s = effectiveState(state, wan);
  let derived: DerivedStatus;
  switch (s) {
    case "connected": {
      const carrier = wan.type === "cellular" ? carrierName(state, wan) : undefined;
      derived = {
        message: carrier ? `Connected to ${carrier}` : "Connected",
        statusLed: "green",
        uptime: Math.max(0, Math.floor((now - wan.connectedSince) / 1000)),
        hasAddress: true,
      };
      break;
    }
    case "standby":
      derived = { message: "Standby", statusLed: "yellow", uptime: 0, hasAddress: true };
      break;
    case "connecting":
      derived = { message: "Connecting...", statusLed: "flash", uptime: 0, hasAddress: false };
      break;
    case "disabled":
      derived = { message: "Disabled", statusLed: "gray", uptime: 0, hasAddress: false };
      break;
    case "disconnected":
      if (wan.type === "ethernet") derived = { message: "No Cable Detected", statusLed: "red", uptime: 0, hasAddress: false };
      else if (wan.type === "modem") derived = { message: "No Device Detected", statusLed: "empty", uptime: 0, hasAddress: false };
      else derived = { message: "Disconnected", statusLed: "red", uptime: 0, hasAddress: false };
      break;
  }
  if (wan.override?.message !== undefined) derived.message = wan.override.message;
  if (wan.override?.statusLed !== undefined) derived.statusLed = wan.override.statusLed;
  return derived;
}

/**
 * Failover: among enabled WANs whose link is healthy (connected or standby),
 * those with the best (lowest) priority are connected, the others standby.
 * `pinned` keeps the state setWanState just gave it; a pinned standby WAN
 * does not count as available.
 */
export function rebalance(state: DeviceState, now: number, rules: WanRules, pinned?: number): void {
  if (!rules.autoFailover) return;
  const healthy: Array<{ wan: Wan; priority: number }> = [];
  for (const id of state.wanOrder) {
    const wan = wanById(state, id);
    const cfg = state.active.wan[String(id)];
    if (!wan || !cfg || !cfg.enable) continue;
    if (wan.link !== "connected" && wan.link !== "standby") continue;
    healthy.push({ wan, priority: cfg.priority });
  }
  const available = healthy.filter((h) => !(h.wan.id === pinned && h.wan.link === "standby"));
  if (available.length === 0) return;
  const best = Math.min(...available.map((h) => h.priority));
  for (const h of healthy) {
    if (h.wan.id === pinned) continue;
    const target: WanLink = h.priority === best ? "connected" : "standby";
    if (h.wan.link !== target) setLink(h.wan, target, now);
  }
}

function wifiOutcome(wan: Wan, now: number): void {
  const wifi = wan.wifi;
  const req = wifi?.pending;
  if (!wifi || !req || now < req.dueAt) return;
  delete wifi.pending;
  const network = wifi.scan.find((n) => n.ssid === req.ssid);
  const base = { timestamp: req.resultTimestamp, ssid: req.ssid, securityPolicy: req.securityPolicy };
  let result: WifiResult;
  if (!network) {
    result = { ...base, result: "AP_NOT_FOUND", bssid: "", message: `cannot find ${req.ssid}` };
  } else if (network.unreachable) {
    result = { ...base, result: "TIMEOUT", bssid: network.bssid, message: `connection to ${req.ssid} timed out` };
  } else if (network.securityPolicy !== req.securityPolicy) {
    result = {
      ...base,
      result: "UNKNOWN_FAIL",
      bssid: network.bssid,
      message: `security policy of ${req.ssid} is ${network.securityPolicy}, not ${req.securityPolicy}`,
    };
  } else if ((req.securityPolicy === "wpa-psk" || req.securityPolicy === "wep") && req.key !== network.key) {
    result = {
      ...base,
      result: "PSK_AUTH_FAIL",
      bssid: network.bssid,
      message: `authentication with ${req.ssid} failed: pre-shared key mismatch`,
    };
  } else if (
    (req.securityPolicy === "wpa-eap" || req.securityPolicy === "8021x") &&
    (req.loginId !== network.loginId || req.password !== network.password)
  ) {
    result = {
      ...base,
      result: "EAP_AUTH_FAIL",
      bssid: network.bssid,
      message: `authentication with ${req.ssid} failed: wrong login ID or password`,
    };
  } else {
    result = { ...base, result: "CONNECTED", bssid: network.bssid, message: `connected to ${req.ssid} (${network.bssid})` };
    wifi.connected = { ssid: network.ssid, bssid: network.bssid, securityPolicy: network.securityPolicy, signal: network.signal };
    // A successful connect saves (or updates) the connect profile, like the web admin does.
    const profile = wifi.profiles.find((p) => p.ssid === network.ssid && p.securityPolicy === network.securityPolicy);
    const creds = {
      ...(req.key !== undefined ? { key: req.key } : {}),
      ...(req.loginId !== undefined ? { loginId: req.loginId } : {}),
      ...(req.password !== undefined ? { password: req.password } : {}),
    };
    if (profile) Object.assign(profile, creds);
    else
      wifi.profiles.push({
        profileId: wifi.nextProfileId++,
        ssid: network.ssid,
        securityPolicy: network.securityPolicy,
        automatic: true,
        ...creds,
      });
    setLink(wan, "connected", now);
  }
  if (result.result !== "CONNECTED") {
    delete wifi.connected;
    setLink(wan, "disconnected", now);
  }
  wifi.lastResult = result;
}

/** Applies every time-based transition that is due. */
export function settle(state: DeviceState, now: number, rules: WanRules): void {
  let changed = false;
  for (const id of state.wanOrder) {
    const wan = wanById(state, id);
    if (!wan) continue;
    if (wan.wifi?.pending && now >= wan.wifi.pending.dueAt) {
      wifiOutcome(wan, now);
      changed = true;
    }
    const cell = wan.cellular;
    if (cell) {
      if (cell.scan.status === "scanning" && now >= cell.scan.doneAt) {
        cell.scan = {
          status: "done",
          doneAt: cell.scan.doneAt,
          timestamp: Math.floor(cell.scan.doneAt / 1000),
          list: cell.availableCarriers.map((c) => ({ ...c })),
        };
      }
      if (cell.resetUntil !== undefined && now >= cell.resetUntil) {
        const back = cell.linkBeforeReset ?? "standby";
        const until = cell.resetUntil;
        delete cell.resetUntil;
        delete cell.linkBeforeReset;
        if (wan.link === "connecting") {
          setLink(wan, back === "connecting" ? "standby" : back, until);
          changed = true;
        }
      }
    }
  }
  if (changed) rebalance(state, now, rules);
}
