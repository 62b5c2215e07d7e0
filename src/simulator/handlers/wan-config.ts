/**
 * config.wan.connection (GET/POST) and config.wan.connection.priority.
 *
 * Reads show the saved config; writes change the saved config and stay
 * pending until cmd.config.apply (priority changes with instantActive:true
 * take effect at once). The POST input shape differs from the GET output
 * shape in the reference (method {type, detail}, bandwidth {value, unit},
 * timeout in ms); both are followed.
 */
import type { Operation, RequestContext } from "../context";
import { badRequest, ok, type ApiResult } from "../envelope";
import type { AllowanceConfig, DeviceState, HealthcheckConfig, Wan, WanConfig } from "../state";
import { rebalance } from "../wan-model";
import { enumList, isObject, missing, numList, toArray, toBool, toEnum, toInt } from "../validate";
import { NULLABLE, applyItem } from "./wan-config-update";

type Obj = Record<string, unknown>;

const INFO_TYPES = ["multipleIp", "connection", "physical", "healthcheck", "bandwidthAllowanceMonitor", "cellular"] as const;
type InfoType = (typeof INFO_TYPES)[number];

function renderAllowance(a: AllowanceConfig): Obj {
  if (!a.enable) return { enable: false };
  return { enable: true, action: [...a.action], start: a.start, monthlyAllowance: { value: a.monthlyMb, unit: "MB" } };
}

function renderHealthcheck(h: HealthcheckConfig): Obj {
  if (!h.enable) return { enable: false };
  const out: Obj = {
    method: h.method,
    timeout: h.timeoutMs / 1000,
    interval: h.interval,
    retry: h.retry,
    recovery: h.recovery,
    enable: true,
  };
  if (h.method === "nslookup")
    out.nslookup = h.hosts.length ? { includePublic: h.includePublic, host: [...h.hosts] } : { includePublic: h.includePublic };
  else if (h.method === "ping") out.ping = h.hosts.length ? { host: [...h.hosts] } : {};
  else if (h.method === "http") out.http = { url: h.urls.map((u) => ({ ...u })) };
  return out;
}

function renderConnection(ctx: RequestContext, wan: Wan, c: WanConfig): Obj {
  const out: Obj = { method: c.method, mode: c.routingMode, icmpPing: c.icmpPing, priority: c.priority };
  out.dns = c.dns.auto ? { auto: true } : { auto: false, host: [...c.dns.host] };
  const d = c.ddns;
  out.ddns = d.enable
    ? { username: d.username ?? "", password: "@~HiDdEn~@", host: [...(d.host ?? [])], provider: d.provider ?? "noip", enable: true }
    : { enable: false };
  out.bandwidth = {
    upload: { bandwidth: c.bandwidth.uploadKbps, unit: "kbps" },
    download: { bandwidth: c.bandwidth.downloadKbps, unit: "kbps" },
  };
  if (c.schedule !== null) out.schedule = c.schedule;
  out[ctx.core.style.pepvpnNatKey] = c.pepvpnNat;
  if (wan.type !== "ethernet" && wan.type !== "wovlan") out.hotStandby = c.hotStandby;
  if (c.idleTimeout !== null) out.idleTimeout = c.idleTimeout;
  if (c.method === "dhcp") out.dhcp = { hostname: c.dhcpHostname };
  if ((c.method === "staticIp" || c.method === "dropIn") && c.staticIp) out[c.method] = { ...c.staticIp };
  return out;
}

function renderPhysical(ctx: RequestContext, wan: Wan, c: WanConfig): Obj {
  const type =
    wan.type === "wifi" ? "wireless" : wan.type === "cellular" ? ctx.core.style.cellularKey : wan.type === "modem" ? "modem" : "ethernet";
  const out: Obj = { type };
  if (wan.type === "ethernet") {
    out.speed = c.physical.speed ?? "Auto";
    out.advertise = c.physical.advertise ?? true;
    out.supportGigaEthernet = true;
  }
  if (c.physical.mtu !== null) out.mtu = c.physical.mtu;
  if (c.physical.mss !== null) out.mss = c.physical.mss;
  if (c.physical.mac !== null) out.mac = c.physical.mac;
  return out;
}

function renderCellular(c: WanConfig): Obj | undefined {
  const cell = c.cellular;
  if (!cell) return undefined;
  return {
    simCardScheme: cell.simCardScheme,
    preferredSim: cell.preferredSim,
    useExternalAntenna: cell.useExternalAntenna,
    sim: (["1", "2"] as const).map((id) => ({
      id: Number(id),
      autoApn: cell.sim[id].autoApn,
      operator: { apn: cell.sim[id].apn },
      bandwidthAllowanceMonitor: renderAllowance(cell.sim[id].allowance),
    })),
  };
}

export function renderWanConfig(ctx: RequestContext, wan: Wan, c: WanConfig, info: readonly InfoType[] | undefined): Obj {
  const want = (t: InfoType): boolean => info === undefined || info.length === 0 || info.includes(t);
  const out: Obj = { name: c.name, asLan: false, enable: c.enable, active: c.enable };
  if (want("multipleIp")) out.multipleIp = [...c.multipleIp];
  if (want("connection")) out.connection = renderConnection(ctx, wan, c);
  if (want("physical")) out.physical = renderPhysical(ctx, wan, c);
  if (want("healthcheck")) out.healthcheck = renderHealthcheck(c.healthcheck);
  if (want("bandwidthAllowanceMonitor") && !c.cellular) out.bandwidthAllowanceMonitor = renderAllowance(c.allowance);
  const cellular = renderCellular(c);
  if (want("cellular") && cellular) out.cellular = cellular;
  return out;
}

function renderList(ctx: RequestContext, ids: readonly number[], info?: readonly InfoType[]): Obj {
  const state = ctx.core.state;
  const out: Obj = {};
  const order: number[] = [];
  for (const id of state.wanOrder) {
    if (!ids.includes(id)) continue;
    const wan = state.wans[String(id)];
    const cfg = state.saved.wan[String(id)];
    if (!wan || !cfg) continue;
    out[String(id)] = renderWanConfig(ctx, wan, cfg, info);
    order.push(id);
  }
  out.order = order;
  return out;
}

function getConfig(ctx: RequestContext): ApiResult {
  const state = ctx.core.state;
  const ids = ctx.params.id === undefined || ctx.params.id === "" ? state.wanOrder : numList(ctx.params.id, "id");
  const info = ctx.params.infoType === undefined ? undefined : enumList(ctx.params.infoType, "infoType", INFO_TYPES);
  return ok(renderList(ctx, ids, info));
}

function postConfig(ctx: RequestContext): ApiResult {
  const p = ctx.params;
  if (p.action === undefined) throw missing("action");
  toEnum(p.action, "action", ["update"] as const);
  if (p.list === undefined) throw missing("list");
  const items = toArray(p.list, "list");
  // Work on a copy and commit only if every item is valid.
  const draft: DeviceState = { ...ctx.core.state, saved: structuredClone(ctx.core.state.saved) };
  const ids = items.map((item) => applyItem(draft, item));
  ctx.core.state.saved = draft.saved;
  return ok(renderList(ctx, ids));
}

// ---- POST config.wan.connection.priority ---------------------------------------

function postPriority(ctx: RequestContext): ApiResult {
  const p = ctx.params;
  const state = ctx.core.state;
  const instant = p.instantActive === undefined ? false : toBool(p.instantActive, "instantActive");
  const items = p.list === undefined ? [] : toArray(p.list, "list");
  const changes: Array<{ id: number; priority?: number; enable?: boolean }> = [];
  for (const raw of items) {
    if (!isObject(raw)) throw badRequest("Invalid list: each item must be an object with a connId");
    if (raw.connId === undefined) throw missing("list[].connId");
    const id = toInt(raw.connId, "list[].connId", { min: 1 });
    if (!state.saved.wan[String(id)]) throw badRequest(`Invalid list[].connId: WAN connection ${id} does not exist`);
    const change: { id: number; priority?: number; enable?: boolean } = { id };
    if (raw.priority !== undefined) change.priority = toInt(raw.priority, "list[].priority", { min: 1, max: 99 });
    if (raw.enable !== undefined) change.enable = toBool(raw.enable, "list[].enable");
    changes.push(change);
  }
  const targets = instant ? [state.saved, state.active] : [state.saved];
  for (const change of changes) {
    for (const cfg of targets) {
      const w = cfg.wan[String(change.id)];
      if (!w) continue;
      if (change.priority !== undefined) w.priority = change.priority;
      if (change.enable !== undefined) w.enable = change.enable;
    }
  }
  if (instant) rebalance(state, ctx.now, ctx.core.rules);
  const out: Obj = {};
  const order: number[] = [];
  for (const id of state.wanOrder) {
    if (!changes.some((c) => c.id === id)) continue;
    const w = state.saved.wan[String(id)];
    out[String(id)] = { name: w.name, priority: w.priority, enable: w.enable };
    order.push(id);
  }
  out.order = order;
  return ok(out);
}

export const wanConfigOperations: readonly Operation[] = [
  {
    method: "GET",
    endpoint: "config.wan.connection",
    access: "required",
    write: false,
    configRead: true,
    notice: "beta",
    handler: getConfig,
  },
  {
    method: "POST",
    endpoint: "config.wan.connection",
    access: "required",
    write: true,
    notice: "beta",
    nullable: NULLABLE,
    handler: postConfig,
  },
  { method: "POST", endpoint: "config.wan.connection.priority", access: "required", write: true, handler: postPriority },
];
