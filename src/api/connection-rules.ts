/**
 * The one set of rules for a router connection's settings: host, port,
 * protocol, TLS trust and fingerprint, sign-in mode and scope, timeout,
 * requests in flight and queue limit. Used by the client library
 * (PeplinkClient), by the peplink-device config node (device-settings.ts)
 * and by the editor: scripts/build.js wraps the compiled file into
 * resources/peplink-editor.js, so the form marks exactly what the runtime
 * refuses.
 *
 * No imports and no Node.js API: the same code runs in the browser.
 * A check answers a Problem — a rule id and its values — not a sentence: the
 * runtime words it in English (`describe`, for errors that reach Catch and
 * the log), the editor in the user's language (the rule id is the key
 * `common.rules.<rule>` of nodes/locales/<lang>/peplink-device.json).
 */

/** The ranges of the number settings (the node's units: the timeout is in seconds). */
export const LIMITS = {
  port: { min: 1, max: 65535, integer: true },
  timeout: { min: 1, max: 300, integer: false, default: 10 },
  maxConcurrent: { min: 1, max: 8, integer: true, default: 2 },
  queueLimit: { min: 1, max: 10_000, integer: true, default: 1000 },
} as const;

export type NumberField = keyof typeof LIMITS;

/**
 * The English text of every rule, with `__name__` placeholders as Node-RED's
 * message catalogues write them. nodes/locales/en-US/peplink-device.json
 * holds the same texts under common.rules (a spec keeps them equal).
 */
export const RULE_TEXT = {
  "host-required": "is required: the router's IP address or host name (e.g. 192.168.50.1)",
  "host-scheme": "must be an IP address or host name, without http:// or https://",
  "host-length": "must be at most 253 characters",
  "host-ipv4": "is not a valid IPv4 address",
  "host-port": "must not include a port: put the port in the port setting",
  "host-chars": "must be an IP address or host name only (letters, digits, dots and hyphens), without user@, a port, a path, ? or #",
  integer: "must be an integer from __min__ to __max__",
  seconds: "must be a number of seconds from __min__ to __max__",
  protocol: "must be https or http",
  trust: "must be pin, verify or insecure",
  "fingerprint-required": "is required with TLS trust 'pin': use 'test connection' and pin the router's certificate",
  fingerprint: "must be a SHA-256 fingerprint: 64 hex digits, in pairs separated by colons",
  authMode: "must be client (client ID/secret, recommended) or login (user name/password)",
  scope: "must be empty (the client's own scope), api or api.read-only",
  "client-credential": "is required with client authentication (router: System ▸ API ▸ client ID and secret)",
  "login-credential": "is required with login authentication (a web admin user of the router)",
} as const;

export type RuleId = keyof typeof RULE_TEXT;

/** Why a value is refused. */
export interface Problem {
  rule: RuleId;
  values?: Record<string, string | number>;
}

/** The settings the rules look at, as the config node stores them (strings or numbers). */
export interface ConnectionSettings {
  host?: unknown;
  port?: unknown;
  protocol?: unknown;
  trust?: unknown;
  fingerprint?: unknown;
  authMode?: unknown;
  scope?: unknown;
  timeout?: unknown;
  maxConcurrent?: unknown;
  queueLimit?: unknown;
}

/** The English sentence for a problem (values put in). */
export function describe(problem: Problem): string {
  return RULE_TEXT[problem.rule].replace(/__(\w+)__/g, (whole, name: string) => {
    const value = problem.values?.[name];
    return value === undefined ? whole : String(value);
  });
}

// --- host -------------------------------------------------------------------

const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** An IPv4 address in dotted decimal (as Node's net.isIPv4). */
export function isIPv4(value: string): boolean {
  return IPV4.test(value);
}

/** An IPv6 address, with an optional zone (`fe80::1%eth0`) and a trailing IPv4 part (as Node's net.isIPv6). */
export function isIPv6(value: string): boolean {
  const percent = value.indexOf("%");
  const address = percent >= 0 ? value.slice(0, percent) : value;
  if (percent >= 0 && !/^[0-9A-Za-z_.~-]+$/.test(value.slice(percent + 1))) return false;
  const halves = address.split("::");
  if (halves.length > 2) return false;
  const groupsOf = (part: string): string[] | undefined => (part === "" ? [] : part.split(":"));
  const head = groupsOf(halves[0]);
  const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
  if (!head || !tail) return false;
  const all = [...head, ...tail];
  let count = all.length;
  const last = all[all.length - 1];
  if (last !== undefined && last.includes(".")) {
    if (!isIPv4(last)) return false;
    all.pop();
    count += 1; // an IPv4 tail stands for two groups
  }
  if (!all.every((group) => HEX_GROUP.test(group))) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** Why `value` is not a router address (IPv4, IPv6 with or without brackets, or a DNS name), or undefined. */
export function hostProblem(value: unknown): Problem | undefined {
  const host = typeof value === "string" ? value.trim() : "";
  if (!host) return { rule: "host-required" };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host)) return { rule: "host-scheme" };
  if (isIPv4(host)) return undefined;
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (isIPv6(bare)) return undefined;
  if (host.length > 253) return { rule: "host-length" };
  if (/^[0-9.]+$/.test(host)) return { rule: "host-ipv4" };
  const labels = host.split(".");
  if (labels.every((label) => LABEL.test(label)) && !/^\d+$/.test(labels[labels.length - 1])) return undefined;
  if (/:\d*$/.test(host)) return { rule: "host-port" };
  return { rule: "host-chars" };
}

/** The address as it is used: trimmed, IPv6 without brackets (call after hostProblem found none). */
export function normalizeHost(value: string): string {
  const host = value.trim();
  return host.startsWith("[") ? host.slice(1, -1) : host;
}

// --- numbers ----------------------------------------------------------------

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

/** The number a setting holds (a number or its decimal text), NaN when it holds none: not "0x50" or "1e3", as the editor shows them. */
function numberOf(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value !== "string" || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return NaN;
  return Number(value.trim());
}

/** Why a number setting is refused; an empty one takes its default and is fine. */
export function numberProblem(field: NumberField, value: unknown): Problem | undefined {
  if (isEmpty(value)) return undefined;
  const limit = LIMITS[field];
  const n = numberOf(value);
  if (Number.isFinite(n) && n >= limit.min && n <= limit.max && (!limit.integer || Number.isInteger(n))) return undefined;
  return { rule: limit.integer ? "integer" : "seconds", values: { min: limit.min, max: limit.max } };
}

/** The value of a number setting: its default when empty (call after numberProblem found none). */
export function numberSetting(value: unknown, fallback: number): number {
  return isEmpty(value) ? fallback : numberOf(value);
}

// --- protocol, TLS and sign-in ----------------------------------------------

const FINGERPRINT_HEX = /^[0-9A-F]{64}$/;

/**
 * Normalizes a SHA-256 fingerprint to Node's `fingerprint256` form
 * (`AB:CD:…`, 32 upper-case pairs). Accepts colons, spaces or none, any case,
 * and an optional `sha256/` or `SHA256:` prefix. Returns undefined if invalid.
 */
export function normalizeFingerprint(input: string): string | undefined {
  const hex = input
    .trim()
    .replace(/^sha-?256[:/ ]?/i, "")
    .replace(/[:\s-]/g, "")
    .toUpperCase();
  if (!FINGERPRINT_HEX.test(hex)) return undefined;
  return hex.match(/../g)!.join(":");
}

/** The protocol a setting means (empty: https), or undefined for anything else. */
export function protocolOf(value: unknown): "https" | "http" | undefined {
  if (isEmpty(value) || value === "https") return "https";
  return value === "http" ? "http" : undefined;
}

/** The TLS trust mode a setting means (empty: pin, the config node's default). */
export function trustOf(value: unknown): string {
  return isEmpty(value) ? "pin" : String(value);
}

/** The sign-in mode a setting means (empty: client). */
export function authModeOf(value: unknown): string {
  return isEmpty(value) ? "client" : String(value);
}

export function protocolProblem(value: unknown): Problem | undefined {
  return protocolOf(value) ? undefined : { rule: "protocol" };
}

export function trustProblem(value: unknown): Problem | undefined {
  const trust = trustOf(value);
  return trust === "pin" || trust === "verify" || trust === "insecure" ? undefined : { rule: "trust" };
}

/** The fingerprint is needed (and checked) only over HTTPS with trust "pin". */
export function fingerprintProblem(value: unknown, settings: ConnectionSettings): Problem | undefined {
  if (protocolOf(settings.protocol) !== "https" || trustOf(settings.trust) !== "pin") return undefined;
  if (isEmpty(value)) return { rule: "fingerprint-required" };
  return typeof value === "string" && normalizeFingerprint(value) ? undefined : { rule: "fingerprint" };
}

export function authModeProblem(value: unknown): Problem | undefined {
  const mode = authModeOf(value);
  return mode === "client" || mode === "login" ? undefined : { rule: "authMode" };
}

/** Empty means the client's own scope; "api" names it; "api.read-only" narrows it. */
export function scopeProblem(value: unknown): Problem | undefined {
  return isEmpty(value) || value === "api" || value === "api.read-only" ? undefined : { rule: "scope" };
}

/** A credential the sign-in mode needs (credentials are checked where they are known: runtime, test connection). */
export function credentialProblem(
  field: "clientId" | "clientSecret" | "username" | "password",
  value: unknown,
  authMode: unknown,
): Problem | undefined {
  const mode = authModeOf(authMode);
  const needed = mode === "client" ? field === "clientId" || field === "clientSecret" : field === "username" || field === "password";
  if (!needed || (typeof value === "string" && value !== "")) return undefined;
  return { rule: mode === "client" ? "client-credential" : "login-credential" };
}

// --- a whole device ---------------------------------------------------------

/** The settings the rules check, in the order a form shows them (and errors are reported). */
export const CHECKED_FIELDS = [
  "host",
  "protocol",
  "port",
  "trust",
  "fingerprint",
  "authMode",
  "scope",
  "timeout",
  "maxConcurrent",
  "queueLimit",
] as const;

export type CheckedField = (typeof CHECKED_FIELDS)[number];

/** Why one setting is refused, given the others (the fingerprint depends on protocol and trust). */
export function settingProblem(field: CheckedField, settings: ConnectionSettings): Problem | undefined {
  const value = settings[field];
  switch (field) {
    case "host":
      return hostProblem(value);
    case "protocol":
      return protocolProblem(value);
    case "trust":
      return protocolOf(settings.protocol) === "https" ? trustProblem(value) : undefined;
    case "fingerprint":
      return fingerprintProblem(value, settings);
    case "authMode":
      return authModeProblem(value);
    case "scope":
      return authModeOf(settings.authMode) === "client" ? scopeProblem(value) : undefined;
    default:
      return numberProblem(field, value);
  }
}

/** The first refused setting, or undefined when every setting is usable. */
export function firstProblem(settings: ConnectionSettings): { field: CheckedField; problem: Problem } | undefined {
  for (const field of CHECKED_FIELDS) {
    const problem = settingProblem(field, settings);
    if (problem) return { field, problem };
  }
  return undefined;
}
