/**
 * Wi-Fi WAN commands: connect (outcome after a delay), disconnect, forget,
 * last result, scan.
 */
import type { Operation, RequestContext } from "../context";
import { badRequest, ok, type ApiResult } from "../envelope";
import type { SecurityPolicy, Wan, WifiNetwork, WifiRuntime } from "../state";
import { effectiveState, rebalance, setLink, wifiSignalLevel } from "../wan-model";
import { missing, optEnum, optStr, reqStr, strList, toEnum, toMac } from "../validate";
import { requireWan } from "./common";

const POLICIES: readonly SecurityPolicy[] = ["open", "wep", "wpa-eap", "wpa-psk", "8021x"];

function wifiOf(wan: Wan): WifiRuntime {
  if (!wan.wifi) throw badRequest(`Invalid connId: WAN connection ${wan.id} is not a Wi-Fi WAN`);
  return wan.wifi;
}

function requireEnabled(ctx: RequestContext, wan: Wan): void {
  if (effectiveState(ctx.core.state, wan) === "disabled") throw badRequest(`WAN connection ${wan.id} is disabled`);
}

function checkKey(policy: SecurityPolicy, key: string): void {
  if (policy === "wpa-psk" && !((key.length >= 8 && key.length <= 63) || /^[0-9A-Fa-f]{64}$/.test(key))) {
    throw badRequest("Invalid key: a WPA-PSK key has 8 to 63 characters or 64 hexadecimal digits");
  }
  if (policy === "wep" && !(key.length === 5 || key.length === 13 || /^([0-9A-Fa-f]{10}|[0-9A-Fa-f]{26})$/.test(key))) {
    throw badRequest("Invalid key: a WEP key has 5 or 13 characters, or 10 or 26 hexadecimal digits");
  }
}

function connect(ctx: RequestContext): ApiResult {
  const wan = requireWan(ctx, "wifi");
  const wifi = wifiOf(wan);
  requireEnabled(ctx, wan);
  const p = ctx.params;
  const ssid = reqStr(p, "ssid", { nonEmpty: true, max: 32 });
  const given = optEnum(p, "securityPolicy", POLICIES);
  const profile = wifi.profiles.find((x) => x.ssid === ssid && (given === undefined || x.securityPolicy === given));
  // The reference's own example connects with only connId and ssid: the profile supplies the rest.
  const policy = given ?? profile?.securityPolicy;
  if (policy === undefined) throw badRequest("Missing parameter: securityPolicy (no connect profile exists for this SSID)");
  let key = optStr(p, "key");
  let loginId = optStr(p, "loginId");
  let password = optStr(p, "password");
  if (policy === "wep" || policy === "wpa-psk") {
    key = key ?? profile?.key;
    if (key === undefined) throw badRequest(`Missing parameter: key (required for ${policy} when no connect profile exists for this SSID)`);
    checkKey(policy, key);
  }
  if (policy === "wpa-eap" || policy === "8021x") {
    loginId = loginId ?? profile?.loginId;
    password = password ?? profile?.password;
    if (loginId === undefined || password === undefined) {
      throw badRequest(`Missing parameter: loginId and password (required for ${policy} when no connect profile exists for this SSID)`);
    }
    optEnum(p, "eapMethod", ["TTLS", "PEAP"] as const);
    optEnum(p, "eapPhase2", ["CHAP", "MSCHAP", "MSCHAPV2", "PAP"] as const);
    optStr(p, "eapAuthenticationId");
  }
  if (p.preferredBssid !== undefined) toMac(p.preferredBssid, "preferredBssid");

  const dueAt = ctx.now + ctx.core.options.wifiConnectDelayMs;
  wifi.pending = {
    ssid,
    securityPolicy: policy,
    ...(key !== undefined && (policy === "wep" || policy === "wpa-psk") ? { key } : {}),
    ...(loginId !== undefined && (policy === "wpa-eap" || policy === "8021x") ? { loginId } : {}),
    ...(password !== undefined && (policy === "wpa-eap" || policy === "8021x") ? { password } : {}),
    dueAt,
    // Strictly after the request's second, so a client can tell the new result from the previous one —
    // and after the previous result's, which may itself lie in this second's future: two connects within
    // one second otherwise gave two identical results (found by the reliability suite's fault matrix).
    resultTimestamp: Math.max(Math.floor(dueAt / 1000), Math.floor(ctx.now / 1000) + 1, (wifi.lastResult?.timestamp ?? 0) + 1),
  };
  delete wifi.connected;
  setLink(wan, "connecting", ctx.now);
  rebalance(ctx.core.state, ctx.now, ctx.core.rules);
  return ok();
}

function dropConnection(ctx: RequestContext, wan: Wan, wifi: WifiRuntime): void {
  delete wifi.pending;
  delete wifi.connected;
  setLink(wan, "disconnected", ctx.now);
  rebalance(ctx.core.state, ctx.now, ctx.core.rules);
}

function disconnect(ctx: RequestContext): ApiResult {
  const wan = requireWan(ctx, "wifi");
  const wifi = wifiOf(wan);
  const ssid = optStr(ctx.params, "ssid");
  const current = wifi.connected?.ssid ?? wifi.pending?.ssid;
  if (current !== undefined && (ssid === undefined || ssid === current)) dropConnection(ctx, wan, wifi);
  return ok();
}

function forget(ctx: RequestContext): ApiResult {
  const wan = requireWan(ctx, "wifi");
  const wifi = wifiOf(wan);
  const ssid = reqStr(ctx.params, "ssid", { nonEmpty: true });
  if (ctx.params.securityPolicy === undefined) throw missing("securityPolicy");
  const policy = toEnum(ctx.params.securityPolicy, "securityPolicy", POLICIES);
  wifi.profiles = wifi.profiles.filter((x) => !(x.ssid === ssid && x.securityPolicy === policy));
  const current = wifi.connected?.ssid ?? wifi.pending?.ssid;
  if (current === ssid) dropConnection(ctx, wan, wifi);
  return ok();
}

function result(ctx: RequestContext): ApiResult {
  const wan = requireWan(ctx, "wifi");
  const last = wifiOf(wan).lastResult;
  return ok(last ? { ...last } : {});
}

const SORT_KEYS = ["name", "security", "signal", "channel"] as const;

function scan(ctx: RequestContext): ApiResult {
  const wan = requireWan(ctx, "wifi");
  const wifi = wifiOf(wan);
  requireEnabled(ctx, wan);
  const info =
    ctx.params.infoType === undefined ? [] : strList(ctx.params.infoType).map((t) => toEnum(t, "infoType", ["status", "config"] as const));
  const sortBy = optEnum(ctx.params, "sortBy", SORT_KEYS);
  const sortOrder = optEnum(ctx.params, "sortOrder", ["asc", "desc"] as const) ?? "asc";
  const profileOf = (n: WifiNetwork) => wifi.profiles.find((x) => x.ssid === n.ssid && x.securityPolicy === n.securityPolicy);
  const list = [...wifi.scan];
  const dir = sortOrder === "desc" ? -1 : 1;
  list.sort((a, b) => {
    switch (sortBy) {
      case "security":
        return dir * a.securityPolicy.localeCompare(b.securityPolicy) || a.ssid.localeCompare(b.ssid);
      case "signal":
        return dir * (a.signal - b.signal);
      case "channel":
        return dir * (a.channel - b.channel);
      case "name":
        return dir * a.ssid.localeCompare(b.ssid);
      default: {
        // By name, with the SSIDs that have a connect profile first.
        const pa = profileOf(a) ? 0 : 1;
        const pb = profileOf(b) ? 0 : 1;
        return pa - pb || dir * a.ssid.localeCompare(b.ssid);
      }
    }
  });
  const newStyle = ctx.core.style.wifiSignalStrength;
  return ok(
    list.map((n) => {
      const out: Record<string, unknown> = { ssid: n.ssid, bssid: n.bssid };
      if (newStyle) {
        out.signalStrength = n.signal;
        out.signalLevel = wifiSignalLevel(n.signal);
      } else {
        out.signal = n.signal;
      }
      out.channel = n.channel;
      out.securityPolicy = n.securityPolicy;
      const profile = profileOf(n);
      if (info.includes("status")) {
        out.status = {
          inUse: (wifi.pending?.ssid ?? wifi.connected?.ssid) === n.ssid,
          connected: wifi.connected?.ssid === n.ssid,
        };
      }
      if (info.includes("config") && profile) out.config = { profileId: profile.profileId, automatic: profile.automatic };
      return out;
    }),
  );
}

export const wifiOperations: readonly Operation[] = [
  { method: "POST", endpoint: "cmd.wifi.connect", access: "required", write: true, handler: connect },
  { method: "POST", endpoint: "cmd.wifi.disconnect", access: "required", write: true, handler: disconnect },
  { method: "POST", endpoint: "cmd.wifi.forget", access: "required", write: true, handler: forget },
  { method: "GET", endpoint: "cmd.wifi.result", access: "required", write: false, handler: result },
  { method: "GET", endpoint: "cmd.wifi.scan", access: "required", write: false, handler: scan },
];
