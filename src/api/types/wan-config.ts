/**
 * WAN connection settings (reference § config.wan.connection GET/POST, beta,
 * and config.wan.connection.priority).
 *
 * The GET tables and the GET example disagree in several places (method
 * `Static IP` vs `dropIn`, DNS `server` vs `host`, health-check section `dns`
 * vs `nslookup`); the output types accept both spellings.
 */
import type { ConnId, NetworkAddress, OneOrMany, Open, OrderedMap } from "./common";

// ---------------------------------------------------------------- GET (read)

/** Sections of a WAN's config that `infoType` can select. */
export type WanConfigInfoType = "multipleIp" | "connection" | "physical" | "healthcheck" | "bandwidthAllowanceMonitor" | "cellular";

/** GET config.wan.connection. */
export interface ConfigWanConnectionParams {
  /** WAN IDs; all WANs when absent. */
  id?: OneOrMany<ConnId>;
  /** Sections to return; all when absent. */
  infoType?: OneOrMany<WanConfigInfoType>;
}

/** Connection method, in the table's spelling and in the example's. */
export type WanConfigMethod = Open<
  "DHCP" | "Static IP" | "PPPoE" | "L2TP" | "GRE" | "Drop In" | "dhcp" | "staticIp" | "pppoe" | "l2tp" | "gre" | "dropIn"
>;

/** NAT or IP forwarding. */
export type RoutingMode = "NAT" | "IP Forwarding";

export interface WanDnsConfig {
  /** Obtain DNS servers automatically. */
  auto: boolean;
  /** Custom servers, per the table. */
  server?: string[];
  /** Custom servers, per the example (and the POST input). */
  host?: string[];
}

export interface WanDdnsConfig {
  enable: boolean;
  provider?: Open<"changeip" | "dyndns" | "noip" | "dnsomatic" | "tzo" | "customUrl" | "others">;
  /** Only with `provider: customUrl`. */
  customUrl?: string;
  username?: string;
  /** Masked by the router (`@~HiDdEn~@`). */
  password?: string;
  host?: string[];
}

/** A bandwidth limit as reported (`<Bandwidth_Obj>` of GET). */
export interface WanBandwidthLimitConfig {
  bandwidth: number;
  unit: Open<"kbps">;
}

export interface WanOperatorConfig {
  auto?: boolean;
  apn?: string;
  username?: string;
  password?: string;
  dialNumber?: number | string;
}

export interface WanStaticIpConfig {
  ip: string;
  mask: number;
  gateway: string;
}

/** `<Connection_Obj>` of GET. Which sub-object is present depends on `method`. */
export interface WanConnectionConfig {
  method?: WanConfigMethod;
  mode?: Open<RoutingMode>;
  /** Reply to ICMP ping. */
  icmpPing?: boolean;
  /** Priority on MAX devices; connection type on Balance devices. */
  priority?: number;
  dns?: WanDnsConfig;
  ddns?: WanDdnsConfig;
  bandwidth?: {
    upload?: WanBandwidthLimitConfig;
    download?: WanBandwidthLimitConfig;
  };
  /** Schedule ID; only when the WAN is scheduled. */
  schedule?: number;
  /** NAT on remote PepVPN peers' Internet traffic; deprecated in 8.0.0 (see `pepvpnNat`). */
  pepVpnNat?: boolean;
  pepvpnNat?: boolean;
  /** Only for Gobi (cellular) WANs. */
  gobi?: {
    mode?: string;
    forceSubnet?: number;
    operator?: WanOperatorConfig;
  };
  /** Only for USB modem WANs. */
  modem?: {
    mobileType?: Open<"4G" | "3G" | "2G" | "2G_3G" | "3G_2G">;
    /** Only for WiMAX modems. */
    wimaxLogin?: { username?: string; password?: string };
    /** Only for Huawei modems. */
    huaweiBand?: string[];
    operator?: WanOperatorConfig;
    simPin?: string;
  };
  /** Keep trying to connect while on standby. */
  hotStandby?: boolean;
  /** Modem idle timeout, seconds. */
  idleTimeout?: number;
  dhcp?: { hostname?: string };
  staticIp?: WanStaticIpConfig;
  pppoe?: {
    username?: string;
    password?: string;
    service?: string;
    ip?: string;
    modemAccess?: NetworkAddress;
  };
  l2tp?: {
    username?: string;
    password?: string;
    host?: string;
    staticIp?: string;
  };
  gre?: {
    host?: string;
    local?: string;
    remote?: string;
    nat?: string;
    staticIp?: WanStaticIpConfig;
  };
  dropIn?: WanStaticIpConfig;
}

/** `<Physical_Obj>` of GET. `mtu`, `mss` and `mac` are absent when automatic. */
export interface WanPhysicalConfig {
  type?: Open<"ethernet" | "wireless" | "modem" | "gobi" | "cellular">;
  speed?: Open<"Auto" | "1000baseTx-FD" | "100baseTx-FD" | "100baseTx-HD" | "10baseT-FD" | "10baseT-HD">;
  advertise?: boolean;
  supportGigaEthernet?: boolean;
  mtu?: number;
  mss?: number;
  mac?: string;
  /** Only when VLAN is enabled. */
  vlan?: number;
}

export interface HealthcheckUrlPattern {
  url: string;
  /** Absent when there is no match string. */
  pattern?: string;
}

export interface HealthcheckHostConfig {
  /** Absent when the list is empty. */
  host?: string[];
  includePublic?: boolean;
}

/** `<Healthcheck_Obj>` of GET; everything but `enable` is absent when disabled. */
export interface WanHealthcheckConfig {
  enable: boolean;
  method?: Open<"http" | "nslookup" | "ping" | "smartcheck">;
  /** Seconds. */
  timeout?: number;
  /** Seconds. */
  interval?: number;
  retry?: number;
  recovery?: number;
  http?: { url?: HealthcheckUrlPattern[] };
  /** DNS look-up settings, per the table. */
  dns?: HealthcheckHostConfig;
  /** DNS look-up settings, per the example. */
  nslookup?: HealthcheckHostConfig;
  ping?: HealthcheckHostConfig;
}

/** `<Bandwidth_Monitor_Obj>` of GET; everything but `enable` is absent when disabled. */
export interface WanAllowanceMonitorConfig {
  enable: boolean;
  /** `email` at 75 % / 95 %, `disconnect` at 100 %. */
  action?: Array<Open<"email" | "disconnect" | "restrict">>;
  /** Start day; 0 means the last day of the month. */
  start?: number;
  monthlyAllowance?: { value: number; unit: Open<"MB" | "GB" | "TB"> };
}

/** `<WAN_Config_Obj>`: sections other than the basics are absent when `asLan` is true or filtered out. */
export interface WanConfig {
  name: string;
  /** Port acts as a LAN port. */
  asLan?: boolean;
  enable?: boolean;
  active?: boolean;
  /** Additional IP addresses. */
  multipleIp?: string[];
  connection?: WanConnectionConfig;
  physical?: WanPhysicalConfig;
  healthcheck?: WanHealthcheckConfig;
  bandwidthAllowanceMonitor?: WanAllowanceMonitorConfig;
}

export type ConfigWanConnectionResponse = OrderedMap<WanConfig>;

// ------------------------------------------------------------- POST (update)

/** Dynamic DNS: either switch it off, or give the full account. */
export type WanDdnsUpdate =
  | { enable: false }
  | {
      enable?: true;
      provider?: "changeip" | "dyndns" | "noip" | "tzo" | "dnsomatic" | "others";
      /** Only for `provider: others`. */
      customUrl?: string;
      useWanIp: boolean;
      username: string;
      password: string;
      /** May be empty for dnsomatic. */
      host: readonly string[];
    };

export interface WanDhcpDetail {
  hostname?: string;
  /** Not in drop-in mode; cellular or ethernet ports only. */
  ipPassthrough?: boolean;
  /** Static routes for IP passthrough (with `ipPassthrough: true`). */
  staticRoute?: readonly NetworkAddress[];
}

export interface WanStaticIpDetail {
  ip: string;
  /** Prefix length 0–32. */
  mask: number;
  gateway: string;
  ipPassthrough?: boolean;
  staticRoute?: readonly NetworkAddress[];
}

/** `null` clears a field. */
export interface WanPppoeDetail {
  username: string;
  password: string;
  service?: string | null;
  ip?: string | null;
  modemAccess?: NetworkAddress | null;
  keepaliveInterval?: number | null;
  keepaliveRetry?: number | null;
}

export interface WanL2tpDetail {
  username: string;
  password: string;
  host: string;
  staticIp?: WanStaticIpConfig | null;
}

export interface WanGreDetail {
  /** Mandatory when the port is ethernet. */
  staticIp?: WanStaticIpConfig;
  host: string;
  local: string;
  remote: string;
  nat?: string;
}

export interface WanOpenVpnDetail {
  username?: string;
  password?: string;
}

/**
 * Connection method and its details. The reference marks `type` optional but
 * also says it cannot be absent when the method is updated; the detail object
 * only makes sense for a known type, so `type` is required here.
 */
export type WanConnectionMethodUpdate =
  | { type: "dhcp"; detail?: WanDhcpDetail }
  | { type: "staticIp"; detail?: WanStaticIpDetail }
  | { type: "pppoe"; detail?: WanPppoeDetail }
  | { type: "l2tp"; detail?: WanL2tpDetail }
  | { type: "gre"; detail?: WanGreDetail }
  | { type: "openvpn"; detail?: WanOpenVpnDetail };

/** Upload/download limit, 1 kbps to 10 Gbps. */
export interface WanBandwidthLimitUpdate {
  value: number;
  unit: "kbps" | "Mbps" | "Gbps";
}

export interface WanConnectionUpdate {
  cellularModule?: { networkMode?: string };
  routingMode?: RoutingMode;
  /** PepVPN traffic through this WAN is bridged (IP forwarding), without NAT. */
  pepvpnNat?: boolean;
  /** Local-out traffic on an IP-forwarding WAN is SNATed to the default LAN IP. */
  useLanIp?: boolean;
  method?: WanConnectionMethodUpdate;
  dns?: { auto?: boolean; host?: readonly string[] };
  priority?: number;
  groupSet?: number;
  ignoreDefaultGateway?: boolean;
  hotStandBy?: boolean;
  /** Seconds; `null` disables the idle timeout. */
  idleTimeout?: number | null;
  icmpPing?: boolean;
  bandwidth?: { upload?: WanBandwidthLimitUpdate; download?: WanBandwidthLimitUpdate };
}

export interface WanOperatorUpdate {
  apn?: string;
  username?: string;
  password?: string;
  /** Digits, `*` and `#`; modem WANs only. */
  dialNumber?: string;
}

/** Modem WANs only. */
export interface WanModemUpdate {
  operator?: WanOperatorUpdate | null;
  simPin?: string | null;
  mobileType?: "4G" | "3G" | "2G";
  huaweiBand?: ReadonlyArray<"GSM1900" | "GSM900/GSM1800/WCDMA2100">;
}

/** Signal thresholds; `null` removes one. Cellular RSSI is −125…−10, Wi-Fi RSSI −192…63. */
export interface SignalThresholdUpdate {
  signalLevel?: readonly number[] | null;
  rsrp?: readonly number[] | null;
  sinr?: readonly number[] | null;
  rssi?: readonly number[] | null;
}

export interface CarrierSelectionUpdate {
  mcc?: string;
  mnc?: string;
  pcs?: number;
  name?: string;
  plmn?: string;
}

export interface WanAllowanceMonitorUpdate {
  enable?: boolean;
  action?: ReadonlyArray<"email" | "disconnect" | "restrict">;
  /** Start day 0–28; 0 is the last day of the month. */
  start?: number;
  monthlyAllowance?: { value: number; unit: "MB" | "GB" | "TB" };
}

export interface SimConfigUpdate {
  id: number;
  /** `null` for automatic selection. */
  carrierSelection: readonly CarrierSelectionUpdate[] | null;
  mobileType?: "LTE" | "3G" | "2G";
  optimalNetwork?: { discovery?: number; period?: readonly number[] } | null;
  /** `null` disables band selection (string format unconfirmed by the reference). */
  bandSelection?: readonly string[] | null;
  roaming?: {
    enable?: boolean;
    accessControlList?: readonly number[] | null;
    mode?: "whitelist" | "blacklist" | null;
    name?: string;
    plmn?: string;
  };
  operator?: WanOperatorUpdate | null;
  simPin?: string | null;
  /** Only where the device monitors allowance per SIM. */
  bandwidthAllowanceMonitor?: WanAllowanceMonitorUpdate;
}

/** Cellular WANs only. */
export interface WanCellularUpdate {
  useExternalAntenna?: boolean;
  /** `""` both SIMs (default), `"1"` SIM A only, `"2"` SIM B only, `alternate`, `remote_sim`. */
  simCardScheme?: "" | "1" | "2" | "alternate" | "remote_sim";
  preferredSim?: 1 | 2;
  idleTimeout?: number | null;
  failbackTimeout?: number | null;
  remoteSim?: readonly string[] | null;
  /** Only with `simCardScheme: alternate`. */
  alternateSim?: { day: number; hour: number };
  sim?: readonly SimConfigUpdate[];
  signalThreshold?: SignalThresholdUpdate;
}

export interface WifiRoamingDetailUpdate {
  signalLevel?: { threshold?: number; gain?: number };
  /** Seconds, 5–3600. */
  checkInterval?: number;
  /** `advanced` only. */
  intensiveScan?: { enable?: boolean; signalLevel?: number; scanInterval?: number };
  /** `express` only. */
  diagnosticLevel?: "minimum" | "basic" | "detail";
  /** `express` only. */
  signalMode?: {
    type?: "relative" | "absolute";
    detail?: {
      /** `relative` only. */
      minimumSignalDifference?: number;
      /** `absolute` only. */
      signalThreshold?: { upper?: number; lower?: number };
      dynamicZone?: { inner?: number; outer?: number };
    };
  };
  /** `express` only. */
  forceRoam?: { enable?: boolean; threshold?: number };
  /** `express` only. */
  confirmPeriod?: number;
  /** `express` only. */
  backupDisconnect?: { mode?: "no" | "immediate" | "delay"; delay?: number };
  /** `express` only. */
  authenticationTimeout?: number;
}

/** Wi-Fi WANs only. Fields marked beta by the reference are passed through unchecked. */
export interface WanWifiUpdate {
  /** Country ID (beta). */
  country?: number;
  channelWidth?: "20 MHz" | "20/40 MHz" | "40MHz" | "80 MHz" | "20/40/80 MHz" | "auto";
  /** Channels (beta). */
  channel?: readonly number[];
  power?: "custom" | "auto" | "manual" | "high" | "medium" | "low" | "max";
  powerBoost?: boolean;
  /** `MCS0`…`MCS9` (beta). */
  dataRate?: `MCS${number}`;
  roaming?: {
    enable?: boolean;
    algorithm?: { type?: "normal" | "advanced" | "express"; detail?: WifiRoamingDetailUpdate };
  };
  autoConnect?: boolean;
  beaconMissCounter?: number;
  channelScanInterval?: number;
  signalThreshold?: SignalThresholdUpdate;
}

/** `null` clears a field (MTU range depends on the port: 1492 PPPoE, 1476 GRE, 9000 jumbo, else 1500). */
export interface WanPhysicalUpdate {
  /** Ethernet only; 1000baseTx-FD needs a gigabit port. */
  speed?: "Auto" | "1000baseTx-FD" | "100baseTx-FD" | "100baseTx-HD" | "10baseT-FD" | "10baseT-HD";
  /** Ethernet only. */
  advertise?: boolean;
  mtu?: number | null;
  mss?: number | null;
  ttl?: number | null;
  /** Ethernet only. */
  mac?: string | null;
  /** Ethernet (1–4094) or VDSL (1–10). */
  vlan?: number | null;
  /** ADSL/VDSL only. */
  vpi?: number;
  /** ADSL/VDSL only. */
  vci?: number;
  /** GRE only: the uplink WAN. */
  greUplink?: ConnId;
  openvpn?: { uplink?: ReadonlyArray<{ id: ConnId; priority: number }>; failback?: boolean };
}

/** `{ url, pattern }` for HTTP health checks. */
export interface HealthcheckUrlPatternUpdate {
  url: string;
  pattern: string;
}

export interface WanHealthcheckUpdate {
  enable: boolean;
  method?: {
    type: "ping" | "nslookup" | "http" | "smartcheck" | "openvpn";
    /**
     * Hosts (at most 2): IP addresses for ping/nslookup/smartcheck, URL
     * patterns for http (the reference nests them as `{ host: [...] }`
     * objects; both readings are accepted). No effect for openvpn.
     */
    detail: {
      /** nslookup only. */
      includedPublic?: boolean;
      host?: readonly string[] | readonly HealthcheckUrlPatternUpdate[] | ReadonlyArray<{ host?: readonly HealthcheckUrlPatternUpdate[] }>;
    };
  };
  /** Milliseconds, 200–10000 (200–800 for ping only). */
  timeout?: number;
  /** Seconds, 5–3600. */
  interval?: number;
  retry?: number;
  recovery?: number;
}

/** One WAN to update (`<WAN_Config_Obj>` of POST); only given fields change. */
export interface WanConfigUpdate {
  /** Optional per the reference, though the router needs it to know which WAN. */
  id?: ConnId;
  name?: string;
  enable?: boolean;
  /** Schedule ID; `null` disables the schedule. */
  schedule?: number | null;
  connection?: WanConnectionUpdate;
  modem?: WanModemUpdate;
  cellular?: WanCellularUpdate;
  wifi?: WanWifiUpdate;
  /** Not confirmed by the reference; use cmd.wifi.connect/disconnect/forget instead. */
  wifiProfile?: unknown;
  physical?: WanPhysicalUpdate;
  healthcheck?: WanHealthcheckUpdate;
  bandwidthAllowanceMonitor?: WanAllowanceMonitorUpdate;
  multipleIp?: readonly string[];
  ddns?: WanDdnsUpdate;
}

/** POST config.wan.connection. */
export interface ConfigWanConnectionUpdateParams {
  action: "update";
  list: readonly WanConfigUpdate[];
}

// ------------------------------------------------------------------ priority

/** One WAN in POST config.wan.connection.priority. */
export interface WanPriorityUpdate {
  connId: ConnId;
  priority?: number;
  enable?: boolean;
}

/** POST config.wan.connection.priority. */
export interface ConfigWanConnectionPriorityParams {
  /**
   * Apply at once. When absent the change is saved pending, until
   * cmd.config.apply. (The reference says String `<boolean>`; its example sends `true`.)
   */
  instantActive?: boolean;
  list?: readonly WanPriorityUpdate[];
}

/** The WANs just updated. */
export interface WanPriorityEntry {
  name: string;
  priority?: number;
  enable: boolean;
}

export type ConfigWanConnectionPriorityResponse = OrderedMap<WanPriorityEntry>;
