/**
 * The peplink-device settings and credentials, and how they become client
 * options. Shared by the config node and by its editor endpoints (which test
 * settings that are not deployed yet).
 */
import type { PeplinkClientOptions } from "../../api/client";
import {
  LIMITS,
  authModeOf,
  credentialProblem,
  describe,
  firstProblem,
  normalizeFingerprint,
  normalizeHost,
  numberSetting,
  protocolOf,
  trustOf,
  type Problem,
} from "../../api/connection-rules";
import { PeplinkInputError } from "../../api/errors";
import type { TlsTrust } from "../../api/tls";

export interface DeviceSettings {
  name?: string;
  host?: string;
  port?: string | number;
  protocol?: string;
  trust?: string;
  fingerprint?: string;
  authMode?: string;
  scope?: string;
  /** Request timeout in seconds. */
  timeout?: string | number;
  maxConcurrent?: string | number;
  /** Calls that may wait for a free slot; more fail at once. */
  queueLimit?: string | number;
}

export interface DeviceCredentials {
  clientId?: string;
  clientSecret?: string;
  username?: string;
  password?: string;
}

/** Calls that may wait for a free slot per router, unless the device says otherwise. */
export const QUEUE_LIMIT_DEFAULT = LIMITS.queueLimit.default;

/** How the editor words a message: a catalogue key and its values, and the field it names (if any). */
export interface Wording {
  key: string;
  values?: Record<string, string | number>;
  field?: string;
}

/**
 * Input refused for the editor (an admin endpoint's answer): the English
 * message, as every PeplinkInputError has, plus its wording, so that the
 * editor shows it in the user's language.
 */
export class WordedInputError extends PeplinkInputError {
  readonly wording: Wording;

  constructor(field: string, text: string, key: string, values?: Record<string, string | number>) {
    super(field, text);
    this.wording = { key, values, field };
  }
}

/** A setting the rules refuse (connection-rules.ts); the editor words it with common.rules.<rule>. */
export class DeviceSettingError extends WordedInputError {
  constructor(
    field: string,
    readonly problem: Problem,
  ) {
    super(field, describe(problem), `common.rules.${problem.rule}`, problem.values);
  }
}

/** What the editor sends for a password field whose stored value it does not know. */
export const STORED_SECRET = "__PWRD__";

/**
 * Where stored credentials would be sent, normalized: host, port, protocol,
 * TLS trust and pinned fingerprint, and the auth mode. Undefined when the
 * settings are not usable (nothing stored is ever sent for those).
 */
function targetOf(settings: DeviceSettings): string | undefined {
  if (firstProblem(settings)) return undefined;
  const protocol = protocolOf(settings.protocol)!;
  const port = numberSetting(settings.port, protocol === "https" ? 443 : 80);
  const trust = protocol === "https" ? trustOf(settings.trust) : "";
  const fingerprint = trust === "pin" ? normalizeFingerprint(String(settings.fingerprint)) : "";
  return JSON.stringify([
    normalizeHost(String(settings.host)).toLowerCase(),
    port,
    protocol,
    trust,
    fingerprint,
    authModeOf(settings.authMode),
  ]);
}

/** True when `requested` would send credentials exactly where the deployed settings send them. */
export function sameTarget(deployed: DeviceSettings, requested: DeviceSettings): boolean {
  const a = targetOf(deployed);
  return a !== undefined && a === targetOf(requested);
}

/**
 * The credentials for an editor request. A field set to `__PWRD__` (the
 * editor's "unchanged" marker) takes the deployed value, and only when
 * `stored` is given — the caller passes it only for the same target (see
 * sameTarget). Absent fields stay absent: nothing stored is used implicitly.
 */
export function mergeCredentials(fromEditor: DeviceCredentials | undefined, stored: DeviceCredentials | undefined): DeviceCredentials {
  const out: DeviceCredentials = {};
  for (const key of ["clientId", "clientSecret", "username", "password"] as const) {
    const value = fromEditor?.[key];
    if (value !== STORED_SECRET) {
      out[key] = value;
      continue;
    }
    if (!stored) {
      throw new WordedInputError(
        key,
        "is stored only for the deployed device's host, port, protocol, TLS trust and authentication; " +
          "one of them changed (or the device is not deployed): type it again to use it here",
        "peplink-device.errors.stored-secret",
      );
    }
    out[key] = stored[key];
  }
  return out;
}

/** Turns settings into client options; throws DeviceSettingError naming the bad field (the rules of connection-rules.ts). */
export function clientOptionsFrom(settings: DeviceSettings, credentials: DeviceCredentials): PeplinkClientOptions {
  const refused = firstProblem(settings);
  if (refused) throw new DeviceSettingError(refused.field, refused.problem);
  const protocol = protocolOf(settings.protocol)!;
  const authMode = authModeOf(settings.authMode) as "client" | "login";
  for (const field of ["clientId", "clientSecret", "username", "password"] as const) {
    const problem = credentialProblem(field, credentials[field], authMode);
    if (problem) throw new DeviceSettingError(field, problem);
  }

  let tls: TlsTrust | undefined;
  if (protocol === "https") {
    const trust = trustOf(settings.trust);
    tls =
      trust === "pin"
        ? { mode: "pin", fingerprint: normalizeFingerprint(String(settings.fingerprint))! }
        : { mode: trust as "verify" | "insecure" };
  }
  // Only a narrower scope is sent: some firmware fails a grant that names one.
  const auth: PeplinkClientOptions["auth"] =
    authMode === "client"
      ? {
          mode: "client",
          clientId: credentials.clientId!,
          clientSecret: credentials.clientSecret!,
          ...(settings.scope === "api.read-only" ? { scope: "api.read-only" as const } : {}),
        }
      : { mode: "login", username: credentials.username!, password: credentials.password! };

  return {
    host: normalizeHost(String(settings.host)),
    port: numberSetting(settings.port, protocol === "https" ? 443 : 80),
    protocol,
    tls,
    auth,
    timeoutMs: numberSetting(settings.timeout, LIMITS.timeout.default) * 1000,
    maxConcurrent: numberSetting(settings.maxConcurrent, LIMITS.maxConcurrent.default),
    maxQueued: numberSetting(settings.queueLimit, LIMITS.queueLimit.default),
  };
}

/** A label for logs and msg.peplink.device: the name, else host[:port]. */
export function deviceLabel(settings: DeviceSettings): string {
  if (settings.name) return settings.name;
  const host = String(settings.host ?? "").trim() || "router";
  return settings.port ? `${host}:${settings.port}` : host;
}
