/** SSID profiles of the device's AP (reference § config.ssid.profile). */
import type { OneOrMany, Open, OrderedMap } from "./common";

export type SsidSecurityPolicy = "WPA2 Personal" | "WPA/WPA2 Personal";

/** `<WPA2_Personal_Obj>` as reported. */
export interface SsidPersonalSecurity {
  /** Fast Transition; WPA2 only (absent for WPA/WPA2). */
  fastTransition?: boolean;
  key?: string;
}

export interface SsidSecurity {
  policy: Open<SsidSecurityPolicy>;
  wpa2Personal?: SsidPersonalSecurity;
  wpaWpa2Personal?: SsidPersonalSecurity;
}

/** `<SSID_Profile_Obj>`. */
export interface SsidProfile {
  /** The SSID. */
  name: string;
  enable: boolean;
  /** Absent when the profile uses the untagged LAN. */
  vlanId?: number;
  captivePortal?: boolean;
  incontrolManaged?: boolean;
  broadcast?: boolean;
  security?: SsidSecurity;
}

/** GET config.ssid.profile. */
export interface ConfigSsidProfileParams {
  /** Profile IDs; all profiles when absent. */
  id?: OneOrMany<number>;
}

export type ConfigSsidProfileResponse = OrderedMap<SsidProfile>;

/** POST config.ssid.profile: only the given fields change. */
export interface ConfigSsidProfileUpdateParams {
  action: "update";
  id: number;
  name?: string;
  enable?: boolean;
  vlanId?: number;
  broadcast?: boolean;
  security?: {
    policy?: SsidSecurityPolicy;
    /** `fastTransition` and/or `key` (8–63 characters, or 64 hex digits). */
    wpa2Personal?: SsidPersonalSecurity;
    /** `key` only: Fast Transition cannot be set for WPA/WPA2. */
    wpaWpa2Personal?: { key?: string };
  };
}
