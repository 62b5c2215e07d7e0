/**
 * Parameters of the peplink-wifi actions, checked before any request: SSID,
 * security policy, keys (never echoed), EAP fields, BSSID, scan options.
 *
 * Keys and passwords are secrets: their error messages give only a length or
 * a type, never the value (the shared validators would quote short strings).
 */
import { PeplinkInputError } from "../../api/errors";
import type {
  CmdWifiConnectParams,
  CmdWifiDisconnectParams,
  CmdWifiForgetParams,
  CmdWifiScanParams,
  WifiSecurityPolicy,
} from "../../api/types/wifi";
import { asEnum, asString, describeValue, onlyKeys } from "../shared/validate";

export const ACTIONS = ["connect", "disconnect", "forget", "scan", "result"] as const;
export type WifiAction = (typeof ACTIONS)[number];

export const POLICIES: readonly WifiSecurityPolicy[] = ["open", "wep", "wpa-psk", "wpa-eap", "8021x"];
const KEY_POLICIES: readonly WifiSecurityPolicy[] = ["wep", "wpa-psk"];
const EAP_POLICIES: readonly WifiSecurityPolicy[] = ["wpa-eap", "8021x"];
export const EAP_METHODS = ["TTLS", "PEAP"] as const;
export const EAP_PHASE2 = ["CHAP", "MSCHAP", "MSCHAPV2", "PAP"] as const;
export const INFO_TYPES = ["status", "config"] as const;
export const SORT_BY = ["name", "security", "signal", "channel"] as const;
export const SORT_ORDER = ["asc", "desc"] as const;

/** The msg.payload keys each action reads (anything else is a typo and refused). */
export const PAYLOAD_KEYS: Record<WifiAction, readonly string[]> = {
  connect: ["ssid", "securityPolicy", "key", "loginId", "password", "eapMethod", "eapPhase2", "eapAuthenticationId", "preferredBssid"],
  disconnect: ["ssid"],
  forget: ["ssid", "securityPolicy"],
  scan: ["infoType", "sortBy", "sortOrder"],
  result: [],
};

/** The secret fields of msg.payload: removed from the message before anything else happens. */
export const SECRET_KEYS = ["key", "password"] as const;

const MAC = /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/;
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;
const HEX = /^[0-9A-Fa-f]+$/;

/** The node's settings that describe one network (strings as stored by the editor; secrets from credentials). */
export interface NetworkSettings {
  ssid?: string;
  securityPolicy?: string;
  key?: string;
  loginId?: string;
  password?: string;
  eapMethod?: string;
  eapPhase2?: string;
  eapAuthenticationId?: string;
  preferredBssid?: string;
}

/** An SSID: 1 to 32 bytes (the 802.11 limit is in octets, so UTF-8 bytes are counted). */
export function asSsid(value: unknown, field: string): string {
  const ssid = asString(value, field, { max: 128 });
  if (Buffer.byteLength(ssid, "utf8") > 32) {
    throw new PeplinkInputError(field, `must be 1 to 32 bytes long in UTF-8 (got ${describeValue(value)})`);
  }
  return ssid;
}

/** What a secret value is, without its content. */
function secretShape(value: unknown): string {
  if (typeof value === "string") return value.length === 0 ? "an empty string" : `${value.length} characters`;
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

/** A WEP or WPA-PSK key, checked by the policy's rules; the key is never quoted. */
export function asKey(value: unknown, field: string, policy: WifiSecurityPolicy): string {
  const rules =
    policy === "wpa-psk"
      ? "8 to 63 printable ASCII characters or 64 hexadecimal digits"
      : "5 or 13 printable ASCII characters, or 10 or 26 hexadecimal digits";
  if (typeof value !== "string") throw new PeplinkInputError(field, `must be a string of ${rules} (got ${secretShape(value)})`);
  const n = value.length;
  const ok =
    PRINTABLE_ASCII.test(value) &&
    (policy === "wpa-psk"
      ? (n >= 8 && n <= 63) || (n === 64 && HEX.test(value))
      : n === 5 || n === 13 || ((n === 10 || n === 26) && HEX.test(value)));
  if (!ok)
    throw new PeplinkInputError(
      field,
      `must be ${rules} for ${policy} (got ${secretShape(value)}${PRINTABLE_ASCII.test(value) ? "" : " with characters outside printable ASCII"})`,
    );
  return value;
}

/** An EAP password: any single line of 1 to 128 characters; never quoted. */
export function asPassword(value: unknown, field: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this check refuses
  if (typeof value !== "string" || value.length < 1 || value.length > 128 || /[\u0000-\u001F\u007F]/.test(value)) {
    throw new PeplinkInputError(
      field,
      `must be a single line of 1 to 128 characters without control characters (got ${secretShape(value)})`,
    );
  }
  return value;
}

export function asBssid(value: unknown, field: string): string {
  return asString(value, field, { max: 17, pattern: MAC, patternText: "a MAC address such as 02:50:43:00:00:01" }).toUpperCase();
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

/** A setting's value, or undefined when it is empty. */
function setting(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

/**
 * Where a field's value comes from: msg.payload wins; the node's settings count
 * only for the node's own network (see connectParams).
 */
function pick(
  payload: Record<string, unknown>,
  settings: NetworkSettings,
  name: keyof NetworkSettings,
  useSettings: boolean,
): { value: unknown; field: string } | undefined {
  if (payload[name] !== undefined) return { value: payload[name], field: `payload.${name}` };
  const fromSettings = useSettings ? setting(settings[name]) : undefined;
  if (fromSettings === undefined) return undefined;
  const secret = name === "key" || name === "password";
  return { value: fromSettings, field: secret ? `${name} (node credential)` : `${name} setting` };
}

function requireSsid(payload: Record<string, unknown>, ssidSetting: string | undefined, optional: boolean): string | undefined {
  if (payload.ssid !== undefined) return asSsid(payload.ssid, "payload.ssid");
  if (ssidSetting !== undefined && ssidSetting !== "") return asSsid(ssidSetting, "ssid setting");
  if (optional) return undefined;
  throw new PeplinkInputError("ssid", "is required: set the SSID in the node or send msg.payload.ssid");
}

/**
 * cmd.wifi.connect parameters.
 *
 * The node's security settings (policy, key, EAP fields, BSSID) describe the
 * node's own SSID: they apply when msg.payload names no SSID or the same one.
 * A message that names another SSID brings its own security fields or
 * connects with the router's saved profile for it — the node's key is never
 * sent to a network it was not entered for.
 */
export function connectParams(
  connId: number,
  payload: Record<string, unknown>,
  settings: NetworkSettings,
  ssidSetting: string | undefined,
): CmdWifiConnectParams {
  onlyKeys(payload, "payload", PAYLOAD_KEYS.connect);
  const ssid = requireSsid(payload, ssidSetting, false) as string;
  const useSettings = payload.ssid === undefined || ssid === ssidSetting;
  const params: CmdWifiConnectParams = { connId, ssid };

  const policySource = pick(payload, settings, "securityPolicy", useSettings);
  const policy = policySource ? asEnum(policySource.value, policySource.field, POLICIES) : undefined;
  if (policy) params.securityPolicy = policy;

  const keySource = pick(payload, settings, "key", useSettings);
  if (keySource && payload.key !== undefined) {
    if (!policy) throw new PeplinkInputError("payload.securityPolicy", `is required with a key: one of ${KEY_POLICIES.join(", ")}`);
    if (!KEY_POLICIES.includes(policy))
      throw new PeplinkInputError("payload.key", `is only for ${KEY_POLICIES.join(" and ")} (securityPolicy is ${policy})`);
  }
  // A key credential left over from another policy is ignored (the editor hides it).
  if (keySource && policy && KEY_POLICIES.includes(policy)) params.key = asKey(keySource.value, keySource.field, policy);

  for (const name of ["loginId", "password", "eapMethod", "eapPhase2", "eapAuthenticationId"] as const) {
    const source = pick(payload, settings, name, useSettings);
    if (!source) continue;
    const fromMsg = payload[name] !== undefined;
    if (!policy || !EAP_POLICIES.includes(policy)) {
      if (fromMsg)
        throw new PeplinkInputError(
          `payload.${name}`,
          `is only for ${EAP_POLICIES.join(" and ")} (securityPolicy is ${policy ?? "not given"})`,
        );
      continue;
    }
    switch (name) {
      case "loginId":
        params.loginId = asString(source.value, source.field, { max: 128 });
        break;
      case "password":
        params.password = asPassword(source.value, source.field);
        break;
      case "eapMethod":
        params.eapMethod = asEnum(source.value, source.field, EAP_METHODS);
        break;
      case "eapPhase2":
        params.eapPhase2 = asEnum(source.value, source.field, EAP_PHASE2);
        break;
      case "eapAuthenticationId":
        params.eapAuthenticationId = asString(source.value, source.field, { max: 128 });
        break;
    }
  }

  const bssid = pick(payload, settings, "preferredBssid", useSettings);
  if (bssid && present(bssid.value)) params.preferredBssid = asBssid(bssid.value, bssid.field);
  return params;
}

export function disconnectParams(
  connId: number,
  payload: Record<string, unknown>,
  ssidSetting: string | undefined,
): CmdWifiDisconnectParams {
  onlyKeys(payload, "payload", PAYLOAD_KEYS.disconnect);
  const ssid = requireSsid(payload, ssidSetting, true);
  return ssid === undefined ? { connId } : { connId, ssid };
}

export function forgetParams(
  connId: number,
  payload: Record<string, unknown>,
  settings: NetworkSettings,
  ssidSetting: string | undefined,
): CmdWifiForgetParams {
  onlyKeys(payload, "payload", PAYLOAD_KEYS.forget);
  const ssid = requireSsid(payload, ssidSetting, false) as string;
  const source = pick(payload, settings, "securityPolicy", payload.ssid === undefined || ssid === ssidSetting);
  if (!source)
    throw new PeplinkInputError(
      "securityPolicy",
      `is required to forget a network: one of ${POLICIES.join(", ")} (in the node or msg.payload.securityPolicy)`,
    );
  return { connId, ssid, securityPolicy: asEnum(source.value, source.field, POLICIES) };
}

/** infoType: "status", "config", "status config", or an array of them. */
function asInfoTypes(value: unknown, field: string): Array<(typeof INFO_TYPES)[number]> {
  const items = typeof value === "string" ? value.split(/[\s,]+/).filter(Boolean) : Array.isArray(value) ? value : undefined;
  if (!items || items.length === 0 || items.length > INFO_TYPES.length) {
    throw new PeplinkInputError(
      field,
      `must be status, config, or both ("status config" or ["status","config"]) (got ${describeValue(value)})`,
    );
  }
  const out = items.map((item, i) => asEnum(item, Array.isArray(value) ? `${field}[${i}]` : field, INFO_TYPES));
  if (new Set(out).size !== out.length) throw new PeplinkInputError(field, `must not repeat a value (got ${describeValue(value)})`);
  return out;
}

export interface ScanSettings {
  infoType?: string;
  sortBy?: string;
  sortOrder?: string;
}

export function scanParams(connId: number, payload: Record<string, unknown>, settings: ScanSettings): CmdWifiScanParams {
  onlyKeys(payload, "payload", PAYLOAD_KEYS.scan);
  const params: CmdWifiScanParams = { connId };
  const info =
    payload.infoType !== undefined
      ? { value: payload.infoType, field: "payload.infoType" }
      : setting(settings.infoType) !== undefined
        ? { value: settings.infoType, field: "infoType setting" }
        : undefined;
  if (info) params.infoType = asInfoTypes(info.value, info.field);
  const sortBy =
    payload.sortBy !== undefined
      ? asEnum(payload.sortBy, "payload.sortBy", SORT_BY)
      : setting(settings.sortBy) && asEnum(settings.sortBy, "sortBy setting", SORT_BY);
  if (sortBy) params.sortBy = sortBy;
  const sortOrder =
    payload.sortOrder !== undefined
      ? asEnum(payload.sortOrder, "payload.sortOrder", SORT_ORDER)
      : setting(settings.sortOrder) && asEnum(settings.sortOrder, "sortOrder setting", SORT_ORDER);
  if (sortOrder) params.sortOrder = sortOrder;
  return params;
}
