/**
 * status.wan.connection, status.wan.connection.allowance,
 * status.wan.connection.signal — rendered from the active config and the
 * runtime WAN state in the shapes captured from real routers (fixtures).
 */
import type { Operation, RequestContext } from "../context";
import { ok, type ApiResult } from "../envelope";
import type { AllowanceConfig, DeviceState, Wan, WanConfig } from "../state";
import { activeSimId, deriveStatus, effectiveState, wanById, wifiSignalLevel } from "../wan-model";
import { numList, strList } from "../validate";

type Obj = Record<string, unknown>;

const DEFAULT_MTU: Partial<Record<Wan["type"], number>> = { ethernet: 1500, cellular: 1428, wifi: 1500, modem: 1428 };

/** WAN ids selected by an optional numlist parameter, in device order; unknown ids are skipped. */
export function selectWans(state: DeviceState, value: unknown, name: string): Wan[] {
  const ids = value === undefined || value === "" ? undefined : new Set(numList(value, name));
  const out: Wan[] = [];
  for (const id of state.wanOrder) {
    if (ids && !ids.has(id)) continue;
    const wan = wanById(state, id);
    if (wan) out.push(wan);
  }
  return out;
}

function simBlock(ctx: RequestContext, wan: Wan, cfg: WanConfig | undefined, lite: boolean): Obj {
  const cell = wan.cellular;
  if (!cell) return {};
  const activeId = activeSimId(wan, cfg);
  const out: Obj = {};
  for (const id of ["1", "2"] as const) {
    const card = cell.sims[id];
    const monitor = cfg?.cellular?.sim[id].allowance.enable ?? false;
    const entry: Obj = {
      active: activeId === Number(id) && effectiveState(ctx.core.state, wan) !== "disabled",
      simCardDetected: card.detected,
    };
    if (card.detected && !lite) {
      entry.imsi = card.imsi;
      entry.iccid = card.iccid;
      if (card.mtn) entry.mtn = card.mtn;
    }
    entry.autoApn = card.autoApn;
    if (card.detected && !lite) entry.apn = card.apn;
    entry.bandwidthAllowanceMonitor = { enable: monitor, hasSmtp: false };
    out[id] = entry;
  }
  out.order = [1, 2];
  return out;
}

function cellularBlock(ctx: RequestContext, wan: Wan, cfg: WanConfig | undefined, lite: boolean): Obj {
  const cell = wan.cellular;
  if (!cell) return {};
  const state = ctx.core.state;
  const s = effectiveState(state, wan);
  const style = ctx.core.style;
  const powered = s !== "disabled";
  const block: Obj = {};
  const activeId = activeSimId(wan, cfg);
  const card = activeId === null ? undefined : cell.sims[String(activeId) as "1" | "2"];
  const hasNetwork = powered && s !== "connecting" && card !== undefined;
  if (hasNetwork) {
    block.network = cell.mobileType;
    block.mobileType = cell.mobileType;
  }
  block.modulePowerOn = powered;
  block.sim = simBlock(ctx, wan, cfg, lite);
  if (hasNetwork && card) {
    const carrier = card.selectedCarrier
      ? { name: card.selectedCarrier.name ?? card.carrier.name, country: card.carrier.country }
      : { name: card.carrier.name, country: card.carrier.country };
    block.carrier = lite ? { name: carrier.name } : carrier;
    block.carrierAggregation = false;
    block.signalLevel = cell.signalLevel;
    const band = { name: cell.band.name, channel: cell.band.channel, channelWidth: cell.band.channelWidth, signal: { ...cell.signal } };
    if (style.newWanStatus) block.rat = [{ name: "", band: [band] }];
    else block.band = [{ name: band.name, signal: band.signal }];
  }
  if (!lite) {
    block.imei = cell.imei;
    block.meid = { hex: "", dec: "" };
    block.esn = "";
  }
  if (hasNetwork && card) {
    block.dataTechnology = cell.dataTechnology;
    block.mcc = card.selectedCarrier?.mcc ?? card.carrier.mcc;
    block.mnc = card.selectedCarrier?.mnc ?? card.carrier.mnc;
    block.cellTower = { ...cell.cellTower };
  }
  block.manufacturer = cell.manufacturer;
  block.model = cell.model;
  block.firmware = cell.firmware;
  return block;
}

export function renderWanStatus(ctx: RequestContext, wan: Wan, liteRequested: boolean): Obj {
  const state = ctx.core.state;
  const style = ctx.core.style;
  const cfg = state.active.wan[String(wan.id)];
  const derived = deriveStatus(state, wan, ctx.now);
  const enabled = cfg?.enable ?? false;
  // The reference: "lite" has no effect on MAX devices.
  const lite = liteRequested && !/^MAX\b/i.test(state.device.model);
  const type = wan.type === "cellular" ? style.cellularKey : wan.type;
  const out: Obj = {
    name: cfg?.name ?? `WAN ${wan.id}`,
    enable: enabled,
    locked: false,
    managementOnly: false,
  };
  if (derived.hasAddress) out.ip = wan.address.ip;
  out.statusLed = derived.statusLed;
  out.message = derived.message;
  out.uptime = derived.uptime;
  out.type = type;
  out.virtualType = type;
  out.virtual = false;
  if (!style.newWanStatus) out.asLan = false;
  if (enabled && cfg) out.priority = cfg.priority;
  if (wan.portId !== undefined) out.portId = wan.portId;
  if (wan.type === "cellular") out[style.cellularKey] = cellularBlock(ctx, wan, cfg, lite);
  if (wan.type === "wifi" && wan.wifi?.connected && effectiveState(state, wan) === "connected") {
    const c = wan.wifi.connected;
    out.wireless = lite ? { signal: { strength: c.signal } } : { signal: { strength: c.signal }, ssid: c.ssid, bssid: c.bssid };
  }
  if (derived.hasAddress && !lite) {
    out.dns = [...wan.address.dns];
    out.mask = wan.address.mask;
    out.gateway = wan.address.gateway;
    if (cfg && cfg.multipleIp.length > 0) out.additionalIp = [...cfg.multipleIp];
  }
  out.bandwidthAllowanceMonitor = { enable: allowanceEnabled(wan, cfg), hasSmtp: false };
  if (!lite && cfg) {
    out.method = style.newWanStatus ? cfg.method : cfg.method === "staticIp" ? "static" : cfg.method;
    out[style.newWanStatus ? "routingMode" : "mode"] = cfg.routingMode;
    const mtu = cfg.physical.mtu ?? DEFAULT_MTU[wan.type];
    if (mtu !== undefined) out.mtu = mtu;
    if (cfg.physical.mss !== null) out.mss = cfg.physical.mss;
  }
  return out;
}

function allowanceEnabled(wan: Wan, cfg: WanConfig | undefined): boolean {
  if (!cfg) return false;
  if (wan.type === "cellular" && cfg.cellular) return cfg.cellular.sim["1"].allowance.enable || cfg.cellular.sim["2"].allowance.enable;
  return cfg.allowance.enable;
}

function wanConnection(ctx: RequestContext): ApiResult {
  const state = ctx.core.state;
  const lite = ctx.params.lite === "yes";
  const wans = selectWans(state, ctx.params.id, "id");
  const response: Obj = {};
  for (const wan of wans) response[String(wan.id)] = renderWanStatus(ctx, wan, lite);
  response.order = wans.map((w) => w.id);
  if (ctx.core.style.newWanStatus) {
    const ts = Math.floor(ctx.now / 1000);
    response.timestamp = ts;
    response.reportTimestamp = ts;
    response.supportGatewayProxy = true;
  }
  return ok(response);
}

function allowanceObject(cfg: AllowanceConfig, usageMb: number): Obj {
  const limit = cfg.monthlyMb;
  return {
    enable: cfg.enable,
    usage: Math.round(usageMb),
    limit,
    percent: limit > 0 ? Math.min(100, Math.floor((usageMb * 100) / limit)) : 0,
    start: cfg.start,
    unit: "MB",
  };
}

function allowance(ctx: RequestContext): ApiResult {
  const state = ctx.core.state;
  const wans = selectWans(state, ctx.params.connId, "connId");
  const response: Obj = {};
  for (const wan of wans) {
    const cfg = state.active.wan[String(wan.id)];
    if (!cfg) continue;
    if (wan.cellular && cfg.cellular) {
      response[String(wan.id)] = {
        "1": allowanceObject(cfg.cellular.sim["1"].allowance, wan.cellular.sims["1"].usageMb),
        "2": allowanceObject(cfg.cellular.sim["2"].allowance, wan.cellular.sims["2"].usageMb),
        order: [1, 2],
      };
    } else {
      response[String(wan.id)] = allowanceObject(cfg.allowance, wan.usageMb);
    }
  }
  response.order = wans.map((w) => w.id);
  return ok(response);
}

const SIGNAL_TYPES = ["wireless", "cellular", "modem"] as const;

function signalOf(ctx: RequestContext, wan: Wan): Obj | null {
  const state = ctx.core.state;
  const s = effectiveState(state, wan);
  if (wan.type === "cellular" && wan.cellular) {
    const out: Obj = { virtualType: "cellular" };
    const cfg = state.active.wan[String(wan.id)];
    const simId = activeSimId(wan, cfg);
    if (s === "disabled" || s === "connecting" || simId === null) return out;
    const card = wan.cellular.sims[String(simId) as "1" | "2"];
    out.activeSim = { carrierName: card.selectedCarrier?.name ?? card.carrier.name, network: wan.cellular.mobileType };
    out.band = [{ name: wan.cellular.band.name, signal: { ...wan.cellular.signal } }];
    out.signalLevel = wan.cellular.signalLevel;
    return out;
  }
  if (wan.type === "wifi") {
    const out: Obj = { virtualType: "wireless" };
    const c = wan.wifi?.connected;
    if (c && s === "connected") {
      out.wifi = { ssid: c.ssid, securityPolicy: c.securityPolicy };
      out.signal = { strength: c.signal, level: wifiSignalLevel(c.signal) };
      out.signalLevel = wifiSignalLevel(c.signal);
    }
    return out;
  }
  if (wan.type === "modem") return { virtualType: "modem" };
  return null;
}

function signal(ctx: RequestContext): ApiResult {
  const state = ctx.core.state;
  const typeFilter =
    ctx.params.virtualType === undefined ? undefined : strList(ctx.params.virtualType).map((t) => (t === "wifi" ? "wireless" : t));
  const infoFilter = ctx.params.infoType === undefined ? undefined : strList(ctx.params.infoType);
  const response: Obj = {};
  const order: number[] = [];
  for (const wan of selectWans(state, ctx.params.connId, "connId")) {
    let sig = signalOf(ctx, wan);
    if (typeFilter) {
      const vt = sig?.virtualType;
      if (typeof vt !== "string" || !typeFilter.includes(vt) || !(SIGNAL_TYPES as readonly string[]).includes(vt)) continue;
    }
    if (sig && infoFilter) sig = Object.fromEntries(Object.entries(sig).filter(([k]) => infoFilter.includes(k)));
    response[String(wan.id)] = sig;
    order.push(wan.id);
  }
  response.order = order;
  return ok(response);
}

export const wanStatusOperations: readonly Operation[] = [
  { method: "GET", endpoint: "status.wan.connection", access: "required", write: false, handler: wanConnection },
  { method: "GET", endpoint: "status.wan.connection.allowance", access: "required", write: false, handler: allowance },
  { method: "GET", endpoint: "status.wan.connection.signal", access: "required", write: false, notice: "beta", handler: signal },
];
