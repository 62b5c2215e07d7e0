/** LAN clients (reference § status.client). */
import type { OneOrMany, Open, YesNo } from "./common";

/** Connection types a client filter accepts. */
export type ClientConnectionType = "ethernet" | "wireless" | "pptp" | "stroute" | "l2tp" | "openvpn" | "pepvpn" | "other";

/** Fields `infoType` can select. */
export type ClientInfoType =
  "ip" | "connectionType" | "lease" | "name" | "mac" | "bssid" | "port" | "vlanId" | "essid" | "active" | "signalStrength" | "speed";

/** GET status.client. */
export interface StatusClientParams {
  /** Only clients of this VLAN; all VLANs and the untagged LAN when absent. */
  vlanId?: number;
  /** `yes`: active clients only. */
  activeOnly?: YesNo;
  connectionType?: OneOrMany<ClientConnectionType>;
  /** At most this many clients, 1–10000000 (default 1000). */
  size?: number;
  /** How much of each client to return (default `normal`); overridden by `infoType`. */
  outputWeight?: "full" | "normal" | "lite";
  infoType?: OneOrMany<ClientInfoType>;
}

/**
 * A client (`<Client_Obj>`). Which fields are present depends on
 * `outputWeight`/`infoType`, so all are optional.
 */
export interface ClientInfo {
  ip?: string;
  /**
   * Absent for inactive clients (8.1.0 and earlier said `ethernet` by
   * mistake: check `active` first). Some firmware says `wifi`.
   */
  connectionType?: Open<ClientConnectionType | "wifi">;
  /** Client type, part of the `normal` weight. */
  clientType?: string;
  /** Ethernet and wireless clients only. */
  lease?: { expiresIn: number; type: Open<"normal" | "dhcp" | "wins"> };
  name?: string;
  mac?: string;
  /** Wireless only. */
  bssid?: string;
  /** Absent for the untagged LAN. */
  vlanId?: number;
  /** Wireless only. */
  essid?: string;
  active?: boolean;
  /** Port the client is on; format not documented. */
  port?: unknown;
  /** Deprecated in 8.1.0 (see `signal`). */
  signalStrength?: { value: number; unit: Open<"dBm"> };
  /** From 8.1.0: dBm and bars (1–5). */
  signal?: { strength?: number; level?: number };
  speed?: { download: number; upload: number; unit: Open<"kbps"> };
}

export interface StatusClientResponse {
  list: ClientInfo[];
}
