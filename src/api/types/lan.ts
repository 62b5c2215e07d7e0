/** LAN status (reference § status.lan.profile). */
import type { OneOrMany, OrderedMap } from "./common";

/** GET status.lan.profile. */
export interface StatusLanProfileParams {
  /** LAN indexes; all LANs when absent. */
  id?: OneOrMany<number>;
}

/** `<LAN_Status_Obj>`. */
export interface LanStatus {
  /** Absent for the untagged LAN on some firmware. */
  name?: string;
  /** Absent for the untagged LAN. */
  vlanId?: number;
  ip: string;
  /** Prefix length. */
  mask: number;
}

/**
 * LANs keyed by LAN index starting at `"0"`, not by VLAN ID (a key `"1"` can
 * hold VLAN 10).
 */
export type StatusLanProfileResponse = OrderedMap<LanStatus>;
