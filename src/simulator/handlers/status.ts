/**
 * status.client, status.lan.profile, status.pepvpn.
 */
import type { Operation, RequestContext } from "../context";
import { ok, type ApiResult } from "../envelope";
import { atLeast, parseVersion } from "../firmware";
import type { LanClient } from "../state";
import { deriveStatus, effectiveState, wanById } from "../wan-model";
import { numList, optEnum, optInt, scalar, strList, toEnum, toInt } from "../validate";

type Obj = Record<string, unknown>;

const CLIENT_FIELDS = [
  "ip",
  "connectionType",
  "lease",
  "name",
  "mac",
  "bssid",
  "port",
  "vlanId",
  "essid",
  "active",
  "signalStrength",
  "speed",
] as const;
type ClientField = (typeof CLIENT_FIELDS)[number];
const WEIGHTS: Record<"full" | "normal" | "lite", readonly ClientField[]> = {
  full: CLIENT_FIELDS,
  normal: ["ip", "connectionType", "name", "mac", "bssid", "vlanId", "essid", "active"],
  lite: ["ip", "connectionType", "name", "mac", "bssid", "vlanId"],
};
const CONNECTION_TYPES = ["ethernet", "wireless", "pptp", "stroute", "l2tp", "openvpn", "pepvpn", "other"] as const;

function renderClient(ctx: RequestContext, c: LanClient, fields: readonly ClientField[]): Obj {
  const state = ctx.core.state;
  const wireless = c.connectionType === "wireless";
  // The reference: connectionType is absent for inactive clients; firmware up to 8.1.0 said "ethernet" by mistake.
  const oldFirmware = !atLeast(parseVersion(state.device.firmware), 8, 1, 1);
  const out: Obj = {};
  for (const f of fields) {
    switch (f) {
      case "ip":
        out.ip = c.ip;
        break;
      case "connectionType":
        if (c.active) out.connectionType = c.connectionType;
        else if (oldFirmware) out.connectionType = "ethernet";
        break;
      case "lease":
        if (c.active) out.lease = { expiresIn: c.leaseExpiresIn, type: "dhcp" };
        break;
      case "name":
        out.name = c.name;
        break;
      case "mac":
        out.mac = c.mac;
        break;
      case "bssid":
        if (wireless && c.bssid) out.bssid = c.bssid;
        break;
      case "port":
        if (!wireless && c.port !== undefined) out.port = c.port;
        break;
      case "vlanId":
        if (c.vlanId !== undefined) out.vlanId = c.vlanId;
        break;
      case "essid":
        if (wireless && c.ssidProfileId !== undefined) {
          const profile = state.active.ssid[String(c.ssidProfileId)];
          if (profile) out.essid = profile.name;
        }
        break;
      case "active":
        out.active = c.active;
        break;
      case "signalStrength":
        if (wireless && c.active && c.signal !== undefined) {
          const level = Math.max(1, Math.min(5, Math.round((c.signal + 100) / 10)));
          if (ctx.core.style.clientSignalDetail) out.signal = { strength: c.signal, level };
          else out.signalStrength = { value: c.signal, unit: "dBm" };
        }
        break;
      case "speed":
        if (c.active) out.speed = { download: c.speed.download, upload: c.speed.upload, unit: "kbps" };
        break;
    }
  }
  return out;
}

function clients(ctx: RequestContext): ApiResult {
  const p = ctx.params;
  const vlanId = optInt(p, "vlanId", { min: 0, max: 4094 });
  const activeOnly = p.activeOnly === undefined ? false : toEnum(p.activeOnly, "activeOnly", ["yes", "no"] as const) === "yes";
  const types =
    p.connectionType === undefined
      ? undefined
      : strList(p.connectionType).map((t) => toEnum(t === "wifi" ? "wireless" : t, "connectionType", CONNECTION_TYPES));
  const size = optInt(p, "size", { min: 1, max: 10000000 }) ?? 1000;
  const weight = optEnum(p, "outputWeight", ["full", "normal", "lite"] as const) ?? "normal";
  let fields: readonly ClientField[] = WEIGHTS[weight];
  if (p.infoType !== undefined) {
    fields = strList(p.infoType).map((t) => toEnum(t === "signal" ? "signalStrength" : t, "infoType", CLIENT_FIELDS));
  }
  const list = ctx.core.state.clients
    .filter((c) => vlanId === undefined || (vlanId === 0 ? c.vlanId === undefined : c.vlanId === vlanId))
    .filter((c) => !activeOnly || c.active)
    .filter((c) => !types || types.includes(c.connectionType))
    .slice(0, size)
    .map((c) => renderClient(ctx, c, fields));
  return ok({ list });
}

function lanProfiles(ctx: RequestContext): ApiResult {
  const lans = ctx.core.state.lans;
  const wanted = ctx.params.id === undefined || ctx.params.id === "" ? undefined : numList(ctx.params.id, "id");
  const out: Obj = {};
  const order: number[] = [];
  for (const lan of lans) {
    if (wanted && !wanted.includes(lan.index)) continue;
    const entry: Obj = {};
    if (lan.name !== undefined) entry.name = lan.name;
    entry.ip = lan.ip;
    if (lan.vlanId !== undefined) entry.vlanId = lan.vlanId;
    entry.mask = lan.mask;
    out[String(lan.index)] = entry;
    order.push(lan.index);
  }
  out.order = order;
  return ok(out);
}

const TUNNEL_STATE: Record<string, string> = {
  connected: "ACTIVE",
  standby: "STANDBY",
  connecting: "WAN_DOWN",
  disconnected: "WAN_DOWN",
  disabled: "WAN_DISABLED",
};

function tunnelOf(ctx: RequestContext): Obj {
  const state = ctx.core.state;
  const wan: Obj = {};
  let longest = 0;
  let packets = 0;
  for (const id of state.wanOrder) {
    const w = wanById(state, id);
    const cfg = state.active.wan[String(id)];
    if (!w || !cfg) continue;
    const s = effectiveState(state, w);
    const entry: Obj = {};
    if (s === "connected") {
      const up = deriveStatus(state, w, ctx.now).uptime;
      longest = Math.max(longest, up);
      const rx = 1000 + up * 17;
      const tx = 900 + up * 15;
      packets += Math.floor(rx / 100);
      entry.time = { second: up, nanoSecond: 485618662 };
      entry.rtt = w.type === "cellular" ? 48 : 12;
      entry.receive = {
        byte: [rx * 1000],
        packet: { wan: [rx], forward: [rx], fragment: [0], loss: [0], outOfOrder: [0], recover: [0], discard: [0] },
      };
      entry.transmit = {
        byte: [tx * 1000],
        packet: { wan: [tx], forward: [tx], fragment: [0], loss: [0], outOfOrder: [0], fec: [0], redundant: [0] },
      };
    }
    entry.priority = cfg.enable ? cfg.priority : 0;
    entry.state = TUNNEL_STATE[s];
    entry.name = cfg.name;
    wan[String(id)] = entry;
  }
  wan.order = [...state.wanOrder];
  return {
    wan,
    overall: {
      time: { second: longest, nanoSecond: 485618662 },
      receive: { packet: { forward: packets, loss: 0, outOfOrder: 0 } },
      transmit: { packet: { forward: Math.floor(packets * 0.9), loss: 0, outOfOrder: 0 } },
    },
  };
}

function pepvpn(ctx: RequestContext): ApiResult {
  const state = ctx.core.state;
  const p = ctx.params;
  const info =
    p.infoType === undefined ? undefined : strList(p.infoType).map((t) => toEnum(t, "infoType", ["profile", "peer", "tunnel"] as const));
  const lite = scalar(p.lite) === "yes";
  // Tunnels need a WAN: with every WAN down, profiles and peers fall back to START.
  const online = state.wanOrder.some((id) => {
    const w = wanById(state, id);
    return w !== undefined && effectiveState(state, w) === "connected";
  });
  const out: Obj = {};
  if (!info || info.includes("profile")) {
    const profile: Obj = {};
    for (const pr of state.pepvpn.profiles) {
      profile[String(pr.id)] = lite
        ? { name: pr.name, master: pr.master }
        : {
            name: pr.name,
            master: pr.master,
            status: online ? pr.status : "START",
            conflictCount: pr.conflictCount,
            peerCount: online ? pr.peerCount : 0,
            userShared: pr.userShared,
            userCount: pr.userCount,
            type: pr.type,
          };
    }
    profile.siteId = state.pepvpn.siteId;
    profile.order = state.pepvpn.profiles.map((pr) => pr.id);
    out.profile = profile;
  }
  if (!info || info.includes("peer")) {
    const search = p.searchPattern === undefined ? "" : String(scalar(p.searchPattern)).toLowerCase();
    const serial = p.serialNumber === undefined ? undefined : String(scalar(p.serialNumber));
    const start = p.start === undefined ? 0 : toInt(p.start, "start", { min: 0 });
    const size = p.size === undefined ? undefined : toInt(p.size, "size", { min: 0 });
    const peers = state.pepvpn.peers
      .filter((peer) => !search || `${peer.name} ${peer.serialNumber}`.toLowerCase().includes(search))
      .filter((peer) => serial === undefined || peer.serialNumber === serial)
      .map((peer) => ({ ...structuredClone(peer), status: online ? peer.status : "START" }));
    out.peer = peers.slice(start, size === undefined ? undefined : start + size);
  }
  const tunnelIds = p.tunnelOption === undefined ? [] : strList(p.tunnelOption);
  if (tunnelIds.length > 0 && (!info || info.includes("tunnel"))) {
    const tunnel: Obj = {};
    const order: string[] = [];
    for (const id of tunnelIds) {
      if (!state.pepvpn.peers.some((peer) => peer.peerId === id)) continue;
      tunnel[id] = tunnelOf(ctx);
      order.push(id);
    }
    tunnel.order = order;
    out.tunnel = tunnel;
  }
  return ok(out);
}

export const statusOperations: readonly Operation[] = [
  { method: "GET", endpoint: "status.client", access: "required", write: false, handler: clients },
  { method: "GET", endpoint: "status.lan.profile", access: "required", write: false, handler: lanProfiles },
  { method: "GET", endpoint: "status.pepvpn", access: "required", write: false, notice: "beta", handler: pepvpn },
];
