/**
 * WAN status, allowance and signal (reference § status.wan.connection,
 * status.wan.connection.allowance, status.wan.connection.signal), widened to
 * what real routers send (device-behaviour.md, test/fixtures/real).
 */
import type { ConnId, LooseOrderedMap, OneOrMany, Open, OrderedMap, YesNo } from "./common";
import type { WifiSecurityPolicyReported } from "./wifi";

/**
 * LED colour in the web UI: the machine-readable hint to a WAN's state.
 * `green` connected, `yellow` standby/connecting, `red` failed, `gray`
 * disabled, `empty` no device, `flash` changing.
 */
export type StatusLed = Open<"green" | "yellow" | "red" | "gray" | "flash" | "empty">;

/**
 * WAN connection type. Cellular is `gobi` before 8.0.1 and `cellular` from
 * then on; real routers also report `wifi` (not `wireless`) and `wovlan`.
 */
export type WanType = Open<"ethernet" | "cellular" | "gobi" | "modem" | "wireless" | "wifi" | "wovlan" | "ipsec" | "adsl">;

/** GET status.wan.connection. */
export interface StatusWanConnectionParams {
  /** WAN IDs; all WANs when absent. */
  id?: OneOrMany<ConnId>;
  /** `yes` leaves out details (no effect on MAX devices). */
  lite?: YesNo;
}

/** Radio measurements; a field is absent when the module does not report it. */
export interface CellularSignal {
  rssi?: number;
  sinr?: number;
  snr?: number;
  ecio?: number;
  rsrp?: number;
  rsrq?: number;
  rscp?: number;
}

/** A band in use with its signal (`<Band_Obj>`). */
export interface CellularBand {
  /** e.g. `LTE Band 3 (1800 MHz)`; missing on some captures. */
  name?: string;
  channel?: number;
  channelWidth?: string;
  signal: CellularSignal;
}

/** Radio access technology group with its bands (firmware 8.x, not in the reference). */
export interface CellularRat {
  /** Often `""`. */
  name?: string;
  band: CellularBand[];
}

/** A SIM slot of a cellular WAN (`<SIM_Obj>`). */
export interface SimStatus {
  /** `In Use`, `SIM Card Detected`, `No SIM Card Detected` (older firmware). */
  status?: Open<"In Use" | "SIM Card Detected" | "No SIM Card Detected">;
  active: boolean;
  simCardDetected?: boolean;
  /** APN settings are detected automatically (8.1.1 or later). */
  autoApn?: boolean;
  apn?: string;
  username?: string;
  password?: string;
  imsi?: string;
  iccid?: string;
  /** Phone number (MTN). */
  mtn?: string;
  bandwidthAllowanceMonitor?: AllowanceMonitorState;
}

/** Remote SIM in use (`<Remote_SIM_Obj>`), only when remote SIM is enabled. */
export interface RemoteSimStatus {
  imsi?: string;
  serialNumber?: string;
  slot?: number;
}

/** Roaming state: 0 roaming, 1 home, 2 roaming partner. */
export interface RoamingStatus {
  code: number;
  message: Open<"roaming" | "home" | "roaming partner">;
}

export interface CellTower {
  cellId?: number;
  cellPlmn?: number;
  cellUtranId?: number;
  /** LTE tracking area code. */
  tac?: number;
  /** GSM/UMTS location area code. */
  lac?: number;
}

export interface CarrierInfo {
  name: string;
  /** Absent with `lite=yes`. */
  country?: string;
}

/** Bandwidth allowance monitor switch as shown in status answers. */
export interface AllowanceMonitorState {
  enable: boolean;
  /** An SMTP server is configured for the e-mail action. */
  hasSmtp?: boolean;
}

/**
 * Cellular module details: `cellular` (8.0.1+) or `gobi` (before)
 * (`<Gobi_Obj>` plus the 8.x fields seen on real routers).
 */
export interface CellularStatus {
  roamingStatus?: RoamingStatus;
  /** Network generation; deprecated in 8.0.1 in favour of `mobileType`. */
  network?: string;
  mobileType?: string;
  modulePowerOn?: boolean;
  /** SIM slots by ID; some firmware leaves out `order`. */
  sim?: LooseOrderedMap<SimStatus>;
  remoteSim?: RemoteSimStatus;
  /** SpeedFusion Connect 5G/LTE (eSIM) profile. */
  speedfusionConnect5gLte?: { active: boolean; iccid?: string; imsi?: string };
  carrier?: CarrierInfo;
  carrierAggregation?: boolean;
  /** Bars, 0–5. */
  signalLevel?: number;
  /** Mobile Equipment Identifier; both strings may be empty. */
  meid?: { hex: string; dec: string };
  imei?: string;
  esn?: string;
  mode?: string;
  /** Bands (the reference's place for them). */
  band?: CellularBand[];
  /** Bands grouped by RAT (8.x). */
  rat?: CellularRat[];
  dataTechnology?: string;
  /** Mobile Country Code (a string). */
  mcc?: string;
  /** Mobile Network Code, 2–3 digits (a string, may start with 0). */
  mnc?: string;
  cellTower?: CellTower;
  manufacturer?: string;
  model?: string;
  /** Module firmware. */
  firmware?: string;
}

/** USB modem details (`<Modem_Obj>`). */
export interface ModemStatus {
  name?: string;
  vendorId?: number;
  productId?: number;
  manufacturer?: string;
  carrier?: CarrierInfo;
  signalLevel?: number;
  network?: string;
  imsi?: string;
  iccid?: string;
  esn?: string;
  mtn?: string;
  apn?: string;
  username?: string;
  password?: string;
  dialNumber?: string;
  band?: CellularBand[];
}

/** Wi-Fi WAN details (`<Wifi_Obj>`). */
export interface WirelessStatus {
  signal?: { strength?: number; level?: number };
  ssid?: string;
  bssid?: string;
}

/**
 * One WAN (`<WAN_Status_Obj>`). There is no `status` field: `message` is the
 * human text (`Connected`, `Connected to <carrier>`, `Standby`, …; match
 * "connected" by prefix) and `statusLed` the machine hint. A cellular WAN on
 * standby shows `enable: true`, an IP, `uptime: 0` and a yellow LED.
 */
export interface WanStatus {
  name: string;
  enable: boolean;
  statusLed: StatusLed;
  message: string;
  /** Seconds. */
  uptime: number;
  type: WanType;
  virtualType?: WanType;
  asLan?: boolean;
  locked?: boolean;
  managementOnly?: boolean;
  virtual?: boolean;
  /** Only when scheduled and currently off. */
  scheduledOff?: boolean;
  /** Absent when the WAN is disabled. */
  priority?: number;
  groupSet?: number;
  /** Physical port number (Balance). */
  portId?: number;
  ip?: string;
  /** Prefix length; absent without IP or with `lite=yes`. */
  mask?: number;
  gateway?: string;
  /** Relative web-admin URL of a gateway proxied behind this WAN (Balance). */
  gatewayUrl?: string;
  /** `dhcp`, `static`; real routers also say `staticIp`, `ppp`, `unknown`. */
  method?: Open<"dhcp" | "static" | "staticIp" | "ppp" | "pppoe" | "unknown">;
  /** Connection mode, per the reference. */
  mode?: Open<"NAT" | "IP Forwarding">;
  /** Connection mode, as 8.x firmware names it. */
  routingMode?: Open<"NAT" | "IP Forwarding">;
  dns?: string[];
  additionalIp?: string[];
  /** Absent when automatic. */
  mtu?: number;
  mss?: number;
  mac?: string;
  bandwidthAllowanceMonitor?: AllowanceMonitorState;
  /** For Wi-Fi WANs. */
  wireless?: WirelessStatus;
  /** For USB modem WANs. */
  modem?: ModemStatus;
  /** For cellular WANs, 8.0.1 or later. */
  cellular?: CellularStatus;
  /** For cellular WANs before 8.0.1. */
  gobi?: CellularStatus;
}

/** Keys some firmware puts beside the WAN IDs and `order`. */
export interface WanStatusExtras {
  timestamp?: number;
  reportTimestamp?: number;
  supportGatewayProxy?: boolean;
  /** A copy of the WANs as an array (seen on some firmware); prefer the map. */
  connection?: unknown[];
}

/** WANs by ID plus `order`; iterate with `entriesInOrder()`. */
export type StatusWanConnectionResponse = OrderedMap<WanStatus> & WanStatusExtras;

// ----------------------------------------------------------------- allowance

/** GET status.wan.connection.allowance. */
export interface StatusWanConnectionAllowanceParams {
  /** WAN IDs; mandatory (cellular only) on 8.0.0, optional (any WAN) from 8.0.1. */
  connId?: OneOrMany<ConnId>;
}

/** `<Allowance_Obj>`. */
export interface AllowanceInfo {
  enable: boolean;
  /** Data used, MB. */
  usage?: number;
  /** Monthly allowance, MB. */
  limit?: number;
  /** 0–100. */
  percent?: number;
  /** Start day, 0–28; 0 is the last day of the month. */
  start?: number;
  unit?: Open<"MB">;
}

/** Per-SIM allowances of a cellular WAN (`<SIM_Allowance_Obj>`); `order` may be missing. */
export type SimAllowanceMap = LooseOrderedMap<AllowanceInfo>;

/**
 * Per WAN: an {@link AllowanceInfo} for non-cellular WANs, a
 * {@link SimAllowanceMap} for cellular ones (tell them apart with
 * `"enable" in value`).
 */
export type StatusWanConnectionAllowanceResponse = OrderedMap<AllowanceInfo | SimAllowanceMap>;

// -------------------------------------------------------------------- signal

export type SignalInfoType = "virtualType" | "signal" | "activeSim" | "wifi" | "band" | "signalLevel";

/** GET status.wan.connection.signal. */
export interface StatusWanConnectionSignalParams {
  connId?: OneOrMany<ConnId>;
  virtualType?: OneOrMany<"wireless" | "cellular" | "modem">;
  /** Sections to return. */
  infoType?: OneOrMany<SignalInfoType>;
}

/**
 * Signal of one WAN: the Wi-Fi fields (`wifi`, `signal`) or the cellular/modem
 * fields (`activeSim`, `band`), each present only when selected by `infoType`.
 */
export interface WanSignal {
  virtualType?: Open<"wireless" | "cellular" | "modem">;
  signalLevel?: number;
  /** Wi-Fi: SSID and security. */
  wifi?: { ssid?: string; securityPolicy?: WifiSecurityPolicyReported };
  /** Wi-Fi: dBm and bars (0–5). */
  signal?: { strength?: number; level?: number };
  /** Cellular: the active SIM's carrier and network generation. */
  activeSim?: { carrierName?: string; network?: Open<"2G" | "3G" | "LTE"> };
  /** Cellular: per band; fields are left out when unknown. */
  band?: CellularBand[];
}

/** Signal per WAN; `null` for WANs that are not cellular, modem or Wi-Fi. */
export type StatusWanConnectionSignalResponse = OrderedMap<WanSignal | null>;
