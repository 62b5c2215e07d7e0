/**
 * What a WAN's status.wan.connection entry means: its state (connected,
 * standby, …) and a flat summary for flows. The router has no `status` field:
 * the human `message` decides, the `statusLed` is the fallback
 * (device-behaviour.md).
 */
import type { CellularStatus, WanStatus } from "../../api/types";
import { wanType } from "../shared/wan-list";

export type WanState = "connected" | "standby" | "connecting" | "disconnected" | "no-device" | "disabled" | "unknown";

/** `message` patterns, first match wins. "Connected to Carrier1" is connected: match by prefix. */
const BY_MESSAGE: ReadonlyArray<[RegExp, WanState]> = [
  [/^connected\b/i, "connected"],
  [/\bstandby\b/i, "standby"],
  [/^(connecting|reconnecting|obtaining|dialing|initiali[sz]ing|authenticating|searching)\b/i, "connecting"],
  [/^no (usb )?device\b/i, "no-device"],
  [/^disabled\b|^scheduled off\b/i, "disabled"],
  [/^(no cable|disconnected|link down|no sim|sim card not|not connected|fail|error|down|no signal|no service)/i, "disconnected"],
];

/** `statusLed` when the message says nothing known. */
const BY_LED: Readonly<Record<string, WanState>> = {
  green: "connected",
  yellow: "standby",
  flash: "connecting",
  red: "disconnected",
  gray: "disabled",
  empty: "no-device",
};

export function deriveState(wan: Partial<WanStatus>): WanState {
  if (wan.enable === false || wan.scheduledOff === true) return "disabled";
  const message = typeof wan.message === "string" ? wan.message.trim() : "";
  for (const [pattern, state] of BY_MESSAGE) if (pattern.test(message)) return state;
  return BY_LED[String(wan.statusLed ?? "")] ?? "unknown";
}

export interface CellularSummary {
  carrier?: string;
  /** Bars, 0–5. */
  signalLevel?: number;
  /** e.g. LTE, 5G. */
  network?: string;
  /** SIM in use (1 = A, 2 = B). */
  activeSim?: number;
  band?: string;
  rsrp?: number;
  rsrq?: number;
  sinr?: number;
  rssi?: number;
}

export interface WanEventPayload {
  connId: number;
  name: string;
  state: WanState | "removed";
  /** null when the node had not seen this WAN before (start, a new WAN). */
  previousState: WanState | "removed" | null;
  /** state differs from previousState. */
  changed: boolean;
  /** change: seen by a poll; start: the states at start; input: re-emitted on input. */
  event: "change" | "start" | "input";
  message: string;
  statusLed: string;
  /** ethernet, cellular (also for `gobi`), wifi, modem, wovlan… */
  type: string;
  enable: boolean;
  ip?: string;
  priority?: number;
  /** Seconds connected; 0 on standby. */
  uptime?: number;
  scheduledOff?: boolean;
  cellular?: CellularSummary;
  wifi?: { ssid?: string; bssid?: string; signal?: number };
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Drops undefined members so that payloads stay small and deepEqual-friendly. */
function compact<T extends object>(obj: T): T {
  for (const key of Object.keys(obj) as Array<keyof T>) if (obj[key] === undefined) delete obj[key];
  return obj;
}

function activeSim(cell: CellularStatus): number | undefined {
  const sims = cell.sim as Record<string, unknown> | undefined;
  if (!sims || typeof sims !== "object") return undefined;
  const id = Object.keys(sims).find((k) => /^\d+$/.test(k) && (sims[k] as { active?: boolean } | null)?.active === true);
  return id === undefined ? undefined : Number(id);
}

function cellularSummary(cell: CellularStatus): CellularSummary {
  // Bands sit under rat[].band[] on 8.x firmware, under band[] in the reference.
  const band = cell.rat?.find((r) => Array.isArray(r.band) && r.band.length)?.band[0] ?? cell.band?.[0];
  const signal = band?.signal ?? {};
  return compact({
    carrier: str(cell.carrier?.name),
    signalLevel: num(cell.signalLevel),
    network: str(cell.mobileType) ?? str(cell.network),
    activeSim: activeSim(cell),
    band: str(band?.name),
    rsrp: num(signal.rsrp),
    rsrq: num(signal.rsrq),
    sinr: num(signal.sinr),
    rssi: num(signal.rssi),
  });
}

/** The payload for one WAN (state fields are filled by the caller). */
export function summarize(connId: number, wan: Partial<WanStatus>): Omit<WanEventPayload, "previousState" | "changed" | "event"> {
  const type = wanType(wan);
  const out: Omit<WanEventPayload, "previousState" | "changed" | "event"> = {
    connId,
    name: str(wan.name) ?? `WAN ${connId}`,
    state: deriveState(wan),
    message: typeof wan.message === "string" ? wan.message : "",
    statusLed: typeof wan.statusLed === "string" ? wan.statusLed : "",
    type,
    enable: wan.enable !== false,
    ip: str(wan.ip),
    priority: num(wan.priority),
    uptime: num(wan.uptime),
    scheduledOff: wan.scheduledOff === true ? true : undefined,
  };
  // `cellular` from 8.0.1, `gobi` before; some firmware sends both.
  const cell = wan.cellular ?? wan.gobi;
  if (cell && typeof cell === "object") out.cellular = cellularSummary(cell);
  if (wan.wireless && typeof wan.wireless === "object") {
    out.wifi = compact({ ssid: str(wan.wireless.ssid), bssid: str(wan.wireless.bssid), signal: num(wan.wireless.signal?.strength) });
  }
  return compact(out);
}
