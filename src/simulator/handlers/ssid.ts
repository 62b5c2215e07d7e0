/**
 * config.ssid.profile: the access point's SSID profiles (saved config;
 * updates are pending until cmd.config.apply).
 */
import type { Operation, RequestContext } from "../context";
import { badRequest, ok, type ApiResult } from "../envelope";
import type { SsidProfile } from "../state";
import { isObject, missing, numList, toBool, toEnum, toInt, toObject, toStr } from "../validate";

const POLICIES = ["WPA2 Personal", "WPA/WPA2 Personal"] as const;

export function renderSsid(p: SsidProfile): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: p.name,
    enable: p.enable,
    captivePortal: p.captivePortal,
    incontrolManaged: p.incontrolManaged,
    broadcast: p.broadcast,
  };
  if (p.vlanId !== undefined) out.vlanId = p.vlanId;
  const security: Record<string, unknown> = { policy: p.security.policy };
  if (p.security.policy === "WPA2 Personal" && p.security.wpa2Personal) security.wpa2Personal = { ...p.security.wpa2Personal };
  if (p.security.policy === "WPA/WPA2 Personal" && p.security.wpaWpa2Personal) security.wpaWpa2Personal = { ...p.security.wpaWpa2Personal };
  out.security = security;
  return out;
}

function renderList(ctx: RequestContext, ids: number[]): Record<string, unknown> {
  const cfg = ctx.core.state.saved;
  const out: Record<string, unknown> = {};
  const order: number[] = [];
  for (const id of ids) {
    const p = cfg.ssid[String(id)];
    if (!p) continue;
    out[String(id)] = renderSsid(p);
    order.push(id);
  }
  out.order = order;
  return out;
}

function getProfiles(ctx: RequestContext): ApiResult {
  const all = ctx.core.state.saved.ssidOrder;
  const wanted = ctx.params.id === undefined || ctx.params.id === "" ? all : numList(ctx.params.id, "id");
  return ok(
    renderList(
      ctx,
      all.filter((id) => wanted.includes(id)),
    ),
  );
}

function checkKey(value: unknown, name: string): string {
  const key = toStr(value, name);
  if (!((key.length >= 8 && key.length <= 63) || /^[0-9A-Fa-f]{64}$/.test(key))) {
    throw badRequest(`Invalid ${name}: the length must be between 8 and 63, or 64 hexadecimal digits`);
  }
  return key;
}

function updateProfile(ctx: RequestContext): ApiResult {
  const p = ctx.params;
  if (p.action === undefined) throw missing("action");
  toEnum(p.action, "action", ["update"] as const);
  if (p.id === undefined) throw missing("id");
  const id = toInt(p.id, "id", { min: 1 });
  const current = ctx.core.state.saved.ssid[String(id)];
  if (!current) throw badRequest(`Invalid id: SSID profile ${id} does not exist`);
  const next: SsidProfile = structuredClone(current);
  if (p.name !== undefined) next.name = toStr(p.name, "name", { nonEmpty: true, max: 32 });
  if (p.enable !== undefined) next.enable = toBool(p.enable, "enable");
  if (p.broadcast !== undefined) next.broadcast = toBool(p.broadcast, "broadcast");
  if (p.vlanId === null)
    delete next.vlanId; // back to the untagged LAN
  else if (p.vlanId !== undefined) next.vlanId = toInt(p.vlanId, "vlanId", { min: 1, max: 4094 });
  if (p.security !== undefined) {
    const sec = toObject(p.security, "security");
    const oldKey = next.security.wpa2Personal?.key ?? next.security.wpaWpa2Personal?.key ?? "";
    if (sec.policy !== undefined) next.security.policy = toEnum(sec.policy, "security.policy", POLICIES);
    if (sec.wpa2Personal !== undefined) {
      const w = toObject(sec.wpa2Personal, "security.wpa2Personal");
      const cur = next.security.wpa2Personal ?? { fastTransition: false, key: oldKey };
      if (w.fastTransition !== undefined) cur.fastTransition = toBool(w.fastTransition, "security.wpa2Personal.fastTransition");
      if (w.key !== undefined) cur.key = checkKey(w.key, "security.wpa2Personal.key");
      next.security.wpa2Personal = cur;
    }
    if (sec.wpaWpa2Personal !== undefined) {
      const w = toObject(sec.wpaWpa2Personal, "security.wpaWpa2Personal");
      if (isObject(w) && w.fastTransition !== undefined) {
        throw badRequest("Invalid security.wpaWpa2Personal.fastTransition: fast transition cannot be set for WPA/WPA2 Personal");
      }
      const cur = next.security.wpaWpa2Personal ?? { key: oldKey };
      if (w.key !== undefined) cur.key = checkKey(w.key, "security.wpaWpa2Personal.key");
      next.security.wpaWpa2Personal = cur;
    }
    // Switching policy keeps the key the profile already had.
    if (next.security.policy === "WPA2 Personal" && !next.security.wpa2Personal)
      next.security.wpa2Personal = { fastTransition: false, key: oldKey };
    if (next.security.policy === "WPA/WPA2 Personal" && !next.security.wpaWpa2Personal) next.security.wpaWpa2Personal = { key: oldKey };
  }
  ctx.core.state.saved.ssid[String(id)] = next;
  return ok(renderList(ctx, [id]));
}

export const ssidOperations: readonly Operation[] = [
  { method: "GET", endpoint: "config.ssid.profile", access: "required", write: false, configRead: true, handler: getProfiles },
  { method: "POST", endpoint: "config.ssid.profile", access: "required", write: true, nullable: ["vlanId"], handler: updateProfile },
];
