/**
 * Types of the device model (the live state a simulator instance holds).
 *
 * Configuration lives twice, as on the router: `saved` is what config.* reads
 * and writes (changes stay pending), `active` is what runs and what status.*
 * reports; cmd.config.apply copies saved to active, cmd.config.discard the
 * other way. Runtime facts (link state, SMS, Wi-Fi association, usage) live
 * beside it. Everything is plain JSON-compatible data so reset() can rebuild
 * it and tests can tweak it directly.
 */

export type WanType = "ethernet" | "cellular" | "wifi" | "modem" | "wovlan";
/** Link state of an enabled WAN; "disabled" is derived from the active config. */
export type WanLink = "connected" | "standby" | "disconnected" | "connecting";
export type SecurityPolicy = "open" | "wep" | "wpa-eap" | "wpa-psk" | "8021x";
export type WifiResultCode = "CONNECTED" | "TIMEOUT" | "PSK_AUTH_FAIL" | "EAP_AUTH_FAIL" | "AP_NOT_FOUND" | "UNKNOWN_FAIL";
export type GpioType = "digital_input" | "digital_output" | "analog_input";
export type SimId = 1 | 2;

export interface Address {
  ip: string;
  mask: number;
  gateway: string;
  dns: string[];
}

export interface CarrierInfo {
  name: string;
  country: string;
  mcc: string;
  mnc: string;
}

export interface CarrierChoice {
  mcc: string;
  mnc: string;
  pcs: number;
  name?: string;
}

export interface SmsMessage {
  id: number;
  sender: string;
  /** Epoch seconds; the parts of one multipart SMS share it. */
  timestamp: number;
  content: string;
}

export interface SimCard {
  detected: boolean;
  imsi: string;
  iccid: string;
  mtn?: string;
  carrier: CarrierInfo;
  apn: string;
  autoApn: boolean;
  /** Data used this billing cycle, MB. */
  usageMb: number;
  /** cmd.carrier.select; null = automatic. */
  selectedCarrier: CarrierChoice | null;
  /** Inbox of this SIM (cmd.sms.get shows the active SIM's). */
  sms: SmsMessage[];
}

export interface CellularSignal {
  rssi: number;
  sinr: number;
  rsrp: number;
  rsrq: number;
}

export interface CarrierScanEntry {
  name: string;
  mobileType: "2G" | "3G" | "LTE";
  mcc: string;
  mnc: string;
  pcs: number;
}

export interface CarrierScanState {
  status: "scanning" | "done";
  /** Epoch ms when the running scan completes. */
  doneAt: number;
  /** Epoch seconds of the last completed scan; absent before the first. */
  timestamp?: number;
  list: CarrierScanEntry[];
}

export interface CellularRuntime {
  imei: string;
  manufacturer: string;
  model: string;
  firmware: string;
  mobileType: string;
  dataTechnology: string;
  signalLevel: number;
  band: { name: string; channel: number; channelWidth: string };
  signal: CellularSignal;
  cellTower: { cellId: number; cellPlmn: number; cellUtranId: number; tac: number };
  sims: Record<"1" | "2", SimCard>;
  /** Networks a carrier scan finds. */
  availableCarriers: CarrierScanEntry[];
  scan: CarrierScanState;
  /** cmd.cellularModule.reset: "connecting" until this epoch ms, then back to `linkBeforeReset`. */
  resetUntil?: number;
  linkBeforeReset?: WanLink;
}

export interface WifiNetwork {
  ssid: string;
  bssid: string;
  channel: number;
  /** dBm */
  signal: number;
  securityPolicy: SecurityPolicy;
  /** The key that works (wep / wpa-psk). */
  key?: string;
  /** The EAP credentials that work (wpa-eap / 8021x). */
  loginId?: string;
  password?: string;
  /** Visible but too weak: connecting always ends in TIMEOUT. */
  unreachable?: boolean;
}

export interface WifiProfile {
  profileId: number;
  ssid: string;
  securityPolicy: SecurityPolicy;
  key?: string;
  loginId?: string;
  password?: string;
  automatic: boolean;
}

export interface WifiResult {
  result: WifiResultCode;
  /** Epoch seconds. */
  timestamp: number;
  ssid: string;
  bssid: string;
  securityPolicy: SecurityPolicy;
  message: string;
}

export interface WifiConnectRequest {
  ssid: string;
  securityPolicy: SecurityPolicy;
  key?: string;
  loginId?: string;
  password?: string;
  /** Epoch ms when the outcome becomes visible. */
  dueAt: number;
  /** Epoch seconds stamped on the result (always after the request's second). */
  resultTimestamp: number;
}

export interface WifiRuntime {
  scan: WifiNetwork[];
  profiles: WifiProfile[];
  nextProfileId: number;
  /** Currently associated network. */
  connected?: { ssid: string; bssid: string; securityPolicy: SecurityPolicy; signal: number };
  pending?: WifiConnectRequest;
  lastResult: WifiResult | null;
}

export interface WanOverride {
  message?: string;
  statusLed?: string;
}

export interface Wan {
  id: number;
  type: WanType;
  link: WanLink;
  /** Epoch ms the link last became connected (uptime base). */
  connectedSince: number;
  /** Address used while connected or on standby. */
  address: Address;
  mac: string;
  portId?: number;
  /** Data used this billing cycle, MB (non-cellular WANs; cellular counts per SIM). */
  usageMb: number;
  /** Message/LED forced by setWanState until the next change. */
  override?: WanOverride;
  cellular?: CellularRuntime;
  wifi?: WifiRuntime;
}

export interface AllowanceConfig {
  enable: boolean;
  action: string[];
  /** Day of month the cycle starts, 0 = last day. */
  start: number;
  monthlyMb: number;
}

export interface HealthcheckConfig {
  enable: boolean;
  method: "ping" | "nslookup" | "http" | "smartcheck" | "openvpn";
  timeoutMs: number;
  interval: number;
  retry: number;
  recovery: number;
  hosts: string[];
  includePublic: boolean;
  urls: Array<{ url: string; pattern?: string }>;
}

export interface CellularConfig {
  /** "" both SIMs, "1" SIM A only, "2" SIM B only, "alternate". */
  simCardScheme: "" | "1" | "2" | "alternate";
  preferredSim: SimId | null;
  useExternalAntenna: boolean;
  sim: Record<"1" | "2", { allowance: AllowanceConfig; apn: string; autoApn: boolean }>;
}

export interface WanConfig {
  name: string;
  enable: boolean;
  priority: number;
  method: "dhcp" | "staticIp" | "pppoe" | "l2tp" | "gre" | "dropIn" | "ppp" | "unknown";
  staticIp?: { ip: string; mask: number; gateway: string };
  dhcpHostname: string;
  routingMode: "NAT" | "IP Forwarding";
  icmpPing: boolean;
  pepvpnNat: boolean;
  dns: { auto: boolean; host: string[] };
  ddns: { enable: boolean; provider?: string; username?: string; password?: string; host?: string[] };
  bandwidth: { uploadKbps: number; downloadKbps: number };
  schedule: number | null;
  idleTimeout: number | null;
  hotStandby: boolean;
  multipleIp: string[];
  physical: { speed?: string; advertise?: boolean; mtu: number | null; mss: number | null; mac: string | null };
  healthcheck: HealthcheckConfig;
  allowance: AllowanceConfig;
  cellular?: CellularConfig;
}

export interface SsidProfile {
  name: string;
  enable: boolean;
  vlanId?: number;
  captivePortal: boolean;
  incontrolManaged: boolean;
  broadcast: boolean;
  security: {
    policy: "WPA2 Personal" | "WPA/WPA2 Personal";
    wpa2Personal?: { fastTransition: boolean; key: string };
    wpaWpa2Personal?: { key: string };
  };
}

export interface GpioConfig {
  enable: boolean;
  type: GpioType;
  mode: string;
  /** Input types only. */
  delay?: number;
}

export interface GpioReference {
  name: string;
  type: GpioType[];
  mode: Partial<Record<GpioType, string[]>>;
}

export interface DeviceConfig {
  wan: Record<string, WanConfig>;
  ssid: Record<string, SsidProfile>;
  ssidOrder: number[];
  gpio: Record<string, GpioConfig>;
}

export interface LanProfile {
  index: number;
  name?: string;
  ip: string;
  mask: number;
  vlanId?: number;
}

export interface LanClient {
  ip: string;
  mac: string;
  name: string;
  connectionType: "ethernet" | "wireless";
  active: boolean;
  vlanId?: number;
  /** Wireless clients: the SSID profile they joined (essid comes from its active name). */
  ssidProfileId?: number;
  bssid?: string;
  signal?: number;
  leaseExpiresIn: number;
  speed: { download: number; upload: number };
  port?: number;
}

export interface GpsLocation {
  latitude: number;
  longitude: number;
  altitude: number;
  speed: number;
  heading: number;
  pdop: number;
  hdop: number;
  vdop: number;
  timestamp: number;
}

export interface PepvpnProfile {
  id: number;
  name: string;
  master: boolean;
  status: string;
  conflictCount: number;
  peerCount: number;
  userShared: boolean;
  userCount: number;
  type: string;
}

/** A peer as status.pepvpn lists it; extra keys (SFC peers) pass through. */
export type PepvpnPeer = Record<string, string | number | boolean | string[] | Record<string, unknown>> & {
  peerId: string;
  serialNumber: string;
  name: string;
  profileId: number;
};

export interface FirmwareSlot {
  version: string;
  bootable: boolean;
  inUse: boolean;
}

export interface DeviceState {
  /** Epoch ms the simulated router booted (start or reset). */
  bootTime: number;
  device: {
    model: string;
    serialNumber: string;
    name: string;
    productCode: string;
    hardwareRevision: string;
    host: string;
    pepvpnVersion: string;
    firmware: string;
  };
  firmwareSlots: FirmwareSlot[];
  wanOrder: number[];
  wans: Record<string, Wan>;
  saved: DeviceConfig;
  active: DeviceConfig;
  ap: { support: boolean; enable: boolean; wanDependent: boolean };
  gpioReference: Record<string, GpioReference>;
  lans: LanProfile[];
  clients: LanClient[];
  /** null: no GPS module (info.location fails). */
  location: { gps: boolean; location: GpsLocation } | null;
  pepvpn: { siteId: string; profiles: PepvpnProfile[]; peers: PepvpnPeer[] };
  nextSmsId: number;
}
