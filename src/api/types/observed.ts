/**
 * Endpoints real routers answer but the API reference does not list, typed
 * from captures (test/fixtures/real). They are not in GetEndpoints/OPERATIONS:
 * call them through the generic client call and cast to these types.
 */
import type { OneOrMany, Open, OrderedMap } from "./common";
import type { InfoFirmwareResponse } from "./firmware";
import type { StatusLanProfileResponse } from "./lan";

/** `{ download, upload }` in the section's `unit`. */
export interface TrafficCounters {
  download: number;
  upload: number;
}

/** One WAN in a traffic/bandwidth section. */
export interface TrafficWanEntry {
  name: string;
  portType?: string;
  virtual?: boolean;
  overall: TrafficCounters;
  /** Per protocol: `http`, `https`, `imap`, `pop3`, `smtp`, `others`. */
  details?: { [protocol: string]: TrafficCounters };
}

/** Keys beside the WAN IDs of a traffic section. */
export interface TrafficSectionExtras {
  timestamp?: number;
  unit?: Open<"kbps" | "MB">;
}

/** A section of WANs by ID with its own `timestamp` and `unit`. */
export type TrafficSection = OrderedMap<TrafficWanEntry> & TrafficSectionExtras;

/** Totals of one lifetime entry. */
export interface TrafficLifetimeEntry {
  overall: TrafficCounters;
}

/** Keys beside the IDs of the lifetime section. */
export interface TrafficLifetimeExtras {
  timestamp?: number;
  /** e.g. `Mon Mar 03 13:46:09 PST 2025`. */
  datetime?: string;
  unit?: Open<"MB">;
}

/** Lifetime totals: `order` is `["all"]` (a string ID) on the captures. */
export type TrafficLifetime = OrderedMap<TrafficLifetimeEntry, "all" | number> & TrafficLifetimeExtras;

/** GET status.traffic (not in the reference). */
export interface StatusTrafficResponse {
  lifetime?: TrafficLifetime;
  /** Current throughput. */
  bandwidth?: TrafficSection;
  /** Usage. */
  traffic?: TrafficSection;
}

/** GET status.system.info (not in the reference). */
export interface StatusSystemInfoParams {
  infoType?: OneOrMany<Open<"device" | "fanSpeed" | "thermalSensor">>;
}

export interface SystemDeviceInfo {
  serialNumber?: string;
  name?: string;
  model?: string;
  descriptionSupport?: string;
  productCode?: string;
  /** A string, e.g. `"3"`. */
  hardwareRevision?: string;
  firmwareVersion?: string;
  host?: string;
  pepvpnVersion?: string;
  modemSupport?: { version?: string; url?: string };
  company?: string;
  legal?: boolean;
}

export interface FanSpeed {
  active: boolean;
  /** RPM. */
  value: number;
  total: number;
  percentage: number;
}

export interface ThermalSensor {
  /** °C. */
  temperature: number;
  max?: number;
  min?: number;
  threshold?: number;
}

export interface StatusSystemInfoResponse {
  device?: SystemDeviceInfo;
  fanSpeed?: FanSpeed[];
  thermalSensor?: ThermalSensor[];
}

/** GET info.system (not in the reference; captures are abridged). */
export interface InfoSystemResponse {
  routerName?: string;
  company?: string;
  /** Feature support flags, e.g. `support.gps.support`. */
  support?: { [feature: string]: { support: boolean } | undefined };
}

/**
 * Observed endpoint → types. A documentation map, not part of GetEndpoints:
 * `info.frw.version` looks like an alias of info.firmware and `status.lan` of
 * status.lan.profile (unverified).
 */
export interface ObservedGetEndpoints {
  "status.traffic": { params: Record<string, never>; response: StatusTrafficResponse };
  "status.system.info": { params: StatusSystemInfoParams; response: StatusSystemInfoResponse };
  "info.system": { params: Record<string, never>; response: InfoSystemResponse };
  "info.frw.version": { params: Record<string, never>; response: InfoFirmwareResponse };
  "status.lan": { params: Record<string, never>; response: StatusLanProfileResponse };
}
