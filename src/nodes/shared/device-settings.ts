/**
 * The peplink-device settings and credentials, and how they become client
 * options. Shared by the config node and by its editor endpoints (which test
 * settings that are not deployed yet).
 */
import type { PeplinkClientOptions } from "../../api/client";
import { PeplinkInputError } from "../../api/errors";
import { checkHost } from "../../api/host";
import { normalizeFingerprint, type TlsTrust } from "../../api/tls";

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
export const QUEUE_LIMIT_DEFAULT = 1000;

/** What the editor sends for a password field whose stored value it does not know. */
export const STORED_SECRET = "__PWRD__";

function numberSetting(value: string | number | undefined, field: string, fallback: number, min: number, max: number, unit = ""): number {
  if (value === undefined || value === "") return fallback;
  const n = typeof value === "number" ? value : Number(String(value).trim());
  if (!Number.isFinite(n) || n < min || n > max || (unit === "" && !Number.isInteger(n))) {
    throw new PeplinkInputError(field, `must be ${unit === "" ? "an integer" : "a number"} from ${min} to ${max}${unit}`);
  }
  return n;
}

/**
 * Where stored credentials would be sent, normalized: host, port, protocol,
 * TLS trust and pinned fingerprint, and the auth mode. Undefined when the
 * settings are not usable (nothing stored is ever sent for those).
 */
function targetOf(settings: DeviceSettings): string | undefined {
  try {
    const host = checkHost(settings.host ?? "").toLowerCase();
    const protocol = settings.protocol === "http" ? "http" : settings.protocol === "https" || !settings.protocol ? "https" : undefined;
    if (!protocol) return undefined;
    const port = numberSetting(settings.port, "port", protocol === "https" ? 443 : 80, 1, 65535);
    const trust = protocol === "https" ? settings.trust || "pin" : "";
    const fingerprint = trust === "pin" ? normalizeFingerprint(settings.fingerprint ?? "") : "";
    if (trust === "pin" && !fingerprint) return undefined;
    return JSON.stringify([host, port, protocol, trust, fingerprint, settings.authMode || "client"]);
  } catch {
    return undefined;
  }
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
      throw new PeplinkInputError(
        key,
        "is stored only for the deployed device's host, port, protocol, TLS trust and authentication; " +
          "one of them changed (or the device is not deployed): type it again to use it here",
      );
    }
    out[key] = stored[key];
  }
  return out;
}

/** Turns settings into client options; throws PeplinkInputError naming the bad field. */
export function clientOptionsFrom(settings: DeviceSettings, credentials: DeviceCredentials): PeplinkClientOptions {
  const host = checkHost(settings.host ?? "");
  const protocol = settings.protocol === "http" ? "http" : settings.protocol === "https" || !settings.protocol ? "https" : undefined;
  if (!protocol) throw new PeplinkInputError("protocol", "must be https or http");
  const port = numberSetting(settings.port, "port", protocol === "https" ? 443 : 80, 1, 65535);
  const timeoutSec = numberSetting(settings.timeout, "timeout", 10, 1, 300, " s");
  const maxConcurrent = numberSetting(settings.maxConcurrent, "maxConcurrent", 2, 1, 8);
  const maxQueued = numberSetting(settings.queueLimit, "queueLimit", QUEUE_LIMIT_DEFAULT, 1, 10_000);

  let tls: TlsTrust | undefined;
  if (protocol === "https") {
    const trust = settings.trust || "pin";
    if (trust === "pin") {
      const fingerprint = normalizeFingerprint(settings.fingerprint ?? "");
      if (!fingerprint) {
        throw new PeplinkInputError(
          "fingerprint",
          settings.fingerprint
            ? "must be a SHA-256 fingerprint: 64 hex digits, in pairs separated by colons"
            : "is required with TLS trust 'pin': use 'test connection' and pin the router's certificate",
        );
      }
      tls = { mode: "pin", fingerprint };
    } else if (trust === "verify" || trust === "insecure") {
      tls = { mode: trust };
    } else {
      throw new PeplinkInputError("trust", "must be pin, verify or insecure");
    }
  }

  const authMode = settings.authMode || "client";
  let auth: PeplinkClientOptions["auth"];
  if (authMode === "client") {
    if (!credentials.clientId) throw new PeplinkInputError("clientId", "is required with client authentication (router: System ▸ API ▸ client ID)");
    if (!credentials.clientSecret) throw new PeplinkInputError("clientSecret", "is required with client authentication");
    // Only a narrower scope is sent: some firmware fails a grant that names one.
    const scope = settings.scope === "api.read-only" ? "api.read-only" : undefined;
    if (settings.scope && settings.scope !== "api.read-only" && settings.scope !== "api") {
      throw new PeplinkInputError("scope", "must be empty (the client's own scope) or api.read-only");
    }
    auth = { mode: "client", clientId: credentials.clientId, clientSecret: credentials.clientSecret, ...(scope ? { scope } : {}) };
  } else if (authMode === "login") {
    if (!credentials.username) throw new PeplinkInputError("username", "is required with login authentication");
    if (!credentials.password) throw new PeplinkInputError("password", "is required with login authentication");
    auth = { mode: "login", username: credentials.username, password: credentials.password };
  } else {
    throw new PeplinkInputError("authMode", "must be client (client ID/secret, recommended) or login (user name/password)");
  }

  return { host, port, protocol, tls, auth, timeoutMs: timeoutSec * 1000, maxConcurrent, maxQueued };
}

/** A label for logs and msg.peplink.device: the name, else host[:port]. */
export function deviceLabel(settings: DeviceSettings): string {
  if (settings.name) return settings.name;
  const host = String(settings.host ?? "").trim() || "router";
  return settings.port ? `${host}:${settings.port}` : host;
}
