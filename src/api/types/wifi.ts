/** Wi-Fi WAN commands (reference § cmd.wifi.connect … cmd.wifi.scan). */
import type { ConnId, OneOrMany, Open } from "./common";

/** Security policy of a Wi-Fi network, as sent to the router. */
export type WifiSecurityPolicy = "open" | "wep" | "wpa-eap" | "wpa-psk" | "8021x";

/** Security policy as reported (signal info also knows plain `wpa`). */
export type WifiSecurityPolicyReported = Open<WifiSecurityPolicy | "wpa">;

/** POST cmd.wifi.connect. */
export interface CmdWifiConnectParams {
  /** Wi-Fi WAN connection ID. */
  connId: ConnId;
  ssid: string;
  /**
   * Required by the reference's table, but its own example connects to a saved
   * profile with only `connId` and `ssid`; needed when no SSID profile exists.
   */
  securityPolicy?: WifiSecurityPolicy;
  /** Key for WEP and WPA-PSK. */
  key?: string;
  /** EAP login ID. */
  loginId?: string;
  /** EAP password. */
  password?: string;
  eapMethod?: "TTLS" | "PEAP";
  eapPhase2?: "CHAP" | "MSCHAP" | "MSCHAPV2" | "PAP";
  /** EAP outer identity: `anonymous`, `credentials` or a custom string. */
  eapAuthenticationId?: Open<"anonymous" | "credentials">;
  /** Preferred BSSID (MAC). */
  preferredBssid?: string;
}

/** POST cmd.wifi.disconnect. */
export interface CmdWifiDisconnectParams {
  connId: ConnId;
  /** The connected SSID when absent. */
  ssid?: string;
}

/** POST cmd.wifi.forget. */
export interface CmdWifiForgetParams {
  connId: ConnId;
  ssid: string;
  securityPolicy: WifiSecurityPolicy;
}

/** GET cmd.wifi.result. */
export interface CmdWifiResultParams {
  connId: ConnId;
}

/** Outcome of the last connection attempt. */
export type WifiResultCode = Open<"CONNECTED" | "TIMEOUT" | "PSK_AUTH_FAIL" | "EAP_AUTH_FAIL" | "AP_NOT_FOUND" | "UNKNOWN_FAIL">;

export interface CmdWifiResultResponse {
  timestamp?: number;
  result: WifiResultCode;
  bssid?: string;
  ssid?: string;
  securityPolicy?: WifiSecurityPolicyReported;
  /** Extra text, e.g. `connected to Main SSID (A2:E5:B8:55:89:DF)`. */
  message?: string;
}

/** GET cmd.wifi.scan. */
export interface CmdWifiScanParams {
  connId: ConnId;
  /** Extra sections per access point: `status` (connected / in use), `config` (saved profile). */
  infoType?: OneOrMany<"status" | "config">;
  sortBy?: "name" | "security" | "signal" | "channel";
  sortOrder?: "asc" | "desc";
}

/** A discovered access point (`<Wifi_Obj>`). */
export interface WifiScanEntry {
  ssid: string;
  bssid: string;
  /** dBm; deprecated in 8.1.0 (read `signalStrength` first). */
  signal?: number;
  /** dBm; since 8.1.0. */
  signalStrength?: number;
  /** 0–5; since 8.1.0. */
  signalLevel?: number;
  channel?: number;
  securityPolicy?: WifiSecurityPolicyReported;
  /** With `infoType=status`. */
  status?: {
    /** The SSID profile is the connection target. */
    inUse: boolean;
    connected: boolean;
  };
  /** With `infoType=config`. */
  config?: {
    profileId: number;
    /** Connect to this SSID automatically. */
    automatic: boolean;
  };
}

export type CmdWifiScanResponse = WifiScanEntry[];
