/** PepVPN / SpeedFusion status (reference § status.pepvpn, beta). */
import type { OneOrMany, Open, OrderedMap, YesNo } from "./common";

/** Peer ID: `<profile id>-<n>`, e.g. `1-1` or `60000-1`. */
export type PeerId = `${number}-${number}`;

/** GET status.pepvpn. */
export interface StatusPepvpnParams {
  /** Sections to return. */
  infoType?: OneOrMany<"profile" | "peer" | "tunnel">;
  /** `yes` leaves out details. */
  lite?: YesNo;
  /** Tunnel details for these peers; `tunnel` is absent without it. */
  tunnelOption?: OneOrMany<PeerId>;
  /** First peer to return. */
  start?: number;
  /** Number of peers to return. */
  size?: number;
  /** Only peers matching this text. */
  searchPattern?: string;
  /** Only the peer with this serial number. */
  serialNumber?: string;
}

export type PepvpnStatus = Open<"START" | "AUTHEN" | "TUNNEL" | "ROUTE" | "CONFLICT" | "CONNECTED">;

/** Layer 3, layer 2, NAT server/client; real routers also report e.g. `SFC Client`. */
export type PepvpnType = Open<"l3" | "l2" | "nats" | "natc">;

/** `<Profile_Obj>`; all but `name`/`master` are absent with `lite=yes`. */
export interface PepvpnProfile {
  name: string;
  master?: boolean;
  vlanId?: number;
  status?: PepvpnStatus;
  conflictCount?: number;
  peerCount?: number;
  userShared?: boolean;
  userCount?: number;
  type?: PepvpnType;
}

/** Keys beside the profile IDs. */
export interface PepvpnProfileMapExtras {
  /** Local ID of this device. */
  siteId?: string;
}

/** Profiles by ID, plus the local site ID. */
export type PepvpnProfileMap = OrderedMap<PepvpnProfile> & PepvpnProfileMapExtras;

/** `{ value, unit }` bandwidth figure (seen on SpeedFusion Connect peers). */
export interface PepvpnBandwidthValue {
  value: number;
  unit: Open<"kbps">;
}

/** `<Peer_Obj>`. */
export interface PepvpnPeer {
  serialNumber: string;
  status: PepvpnStatus;
  name: string;
  profileId: number;
  secure?: boolean;
  type: PepvpnType;
  username?: string;
  /** Layer 3 only. */
  conflictRoute?: string[];
  /** Layer 3 only. */
  inactiveRoute?: string[];
  /** Layer 3 only (CIDRs). */
  route?: string[];
  /** NAT only. */
  server?: string;
  /** NAT only (CIDR). */
  client?: string;
  /** Layer 2 only. */
  bridge?: string;
  /** Layer 2 only. */
  vlanId?: number;
  peerId: PeerId;
  /** Seen on SpeedFusion Connect peers, not in the reference. */
  dataUseTcp?: boolean;
  bandwidthLimit?: { upload?: PepvpnBandwidthValue; download?: PepvpnBandwidthValue };
  wanSmoothing?: string;
  latencyDiffCutoff?: number;
}

export interface PepvpnTime {
  second: number;
  nanoSecond: number;
}

/**
 * A counter: an array for local tunnel information, a number for the remote
 * side (the reference's "list of <number>, <number>").
 */
export type PepvpnCounter = number | number[];

export interface PepvpnReceivePackets {
  wan?: PepvpnCounter;
  forward?: PepvpnCounter;
  fragment?: PepvpnCounter;
  loss?: PepvpnCounter;
  outOfOrder?: PepvpnCounter;
  recover?: PepvpnCounter;
  discard?: PepvpnCounter;
}

export interface PepvpnTransmitPackets {
  wan?: PepvpnCounter;
  forward?: PepvpnCounter;
  fragment?: PepvpnCounter;
  loss?: PepvpnCounter;
  outOfOrder?: PepvpnCounter;
  /** Forward error correction. */
  fec?: PepvpnCounter;
  redundant?: PepvpnCounter;
}

/** Tunnel state of one WAN. */
export type PepvpnWanState = Open<
  | "INVALID"
  | "WAN_DOWN"
  | "WAN_DISABLED"
  | "DETECTING"
  | "FAILURE"
  | "REMOTE_FAILURE"
  | "COLD"
  | "STANDBY"
  | "P-SUSPD"
  | "D-SUSPD"
  | "U-SUSPD"
  | "P-ACTIV"
  | "D-ACTIV"
  | "U-ACTIV"
  | "ACTIVE"
>;

/** `<WAN_Obj>`: tunnel statistics over one WAN. */
export interface PepvpnTunnelWan {
  id?: number;
  state?: PepvpnWanState;
  name?: string;
  /** In the reference's example, not its table. */
  priority?: number;
  time?: PepvpnTime;
  nanotime?: PepvpnTime;
  /** Round-trip time to the remote WAN. */
  rtt?: number;
  /** Bytes received; deprecated in 8.1.0 (see `receive`). */
  rx?: PepvpnCounter;
  /** Bytes sent; deprecated in 8.1.0 (see `transmit`). */
  tx?: PepvpnCounter;
  /** Deprecated in 8.1.0. */
  loss?: PepvpnCounter;
  /** 8.1.0 or later. */
  receive?: { byte?: PepvpnCounter; packet?: PepvpnReceivePackets };
  /** 8.1.0 or later. */
  transmit?: { byte?: PepvpnCounter; packet?: PepvpnTransmitPackets };
  /** The remote side, in local tunnel information only. */
  remote?: PepvpnTunnelWanMap;
}

/** `<WAN_Order_Obj>`. */
export type PepvpnTunnelWanMap = OrderedMap<PepvpnTunnelWan>;

/** `<Tunnel_Obj>` (8.1.0 or later). */
export interface PepvpnTunnel {
  wan?: PepvpnTunnelWanMap;
  overall?: {
    time?: PepvpnTime;
    receive?: { packet?: PepvpnReceivePackets };
    transmit?: { packet?: PepvpnTransmitPackets };
  };
}

/** Tunnels by peer ID: a {@link PepvpnTunnel} from 8.1.0, the bare WAN map before. */
export type PepvpnTunnelMap = OrderedMap<PepvpnTunnel | PepvpnTunnelWanMap, PeerId>;

export interface StatusPepvpnResponse {
  profile?: PepvpnProfileMap;
  peer?: PepvpnPeer[];
  /** Only with `tunnelOption`. */
  tunnel?: PepvpnTunnelMap;
}
