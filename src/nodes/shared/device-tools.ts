/**
 * The work behind the config node's editor buttons: test connection, create an
 * API client from an admin login, list WAN connections. Each uses a short-lived
 * client (or the deployed one) and never returns or logs a secret it was given.
 */
import { PeplinkClient, type PeplinkClientOptions } from "../../api/client";
import { PeplinkError, PeplinkInputError } from "../../api/errors";
import { hostProblem, normalizeHost, numberProblem, numberSetting } from "../../api/connection-rules";
import { readCertificate, type CertificateInfo } from "../../api/tls";
import { WordedInputError, clientOptionsFrom, type Wording, type DeviceCredentials, type DeviceSettings } from "./device-settings";
import { wanList, type WanSummary } from "./wan-list";

export interface TestConnectionResult {
  ok: boolean;
  /** What failed: settings, certificate, connection, authentication, api. */
  stage?: "settings" | "certificate" | "connection" | "authentication" | "api";
  /** The field to fix when stage is settings. */
  field?: string;
  /** The error in English (for API users and logs). */
  error?: string;
  /**
   * The same error for the editor to word in the user's language: a key of
   * common.test (not-pinned, pin-mismatch, untrusted) or common.rules (a
   * refused setting), with its values. Absent for the router's own errors.
   */
  message?: Wording;
  certificate?: CertificateInfo;
  /** The certificate matches the pinned fingerprint. */
  pinned?: boolean;
  firmware?: string;
  firmwareSlots?: Array<{ slot: string; version: string; inUse: boolean }>;
  model?: string;
  authMode?: "client" | "login";
  readOnly?: boolean;
  access?: string;
  wanCount?: number;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function stageOf(err: unknown): TestConnectionResult["stage"] {
  if (!(err instanceof PeplinkError)) return "api";
  if (err.kind === "auth") return "authentication";
  if (err.kind === "transport") return "connection";
  if (err.kind === "input") return "settings";
  return "api";
}

/** Certificate check before any credential is sent. Returns a failed result, or undefined when fine. */
async function checkCertificate(options: PeplinkClientOptions, result: TestConnectionResult): Promise<TestConnectionResult | undefined> {
  if (options.protocol !== "https") return undefined;
  try {
    result.certificate = await readCertificate(options.host, options.port ?? 443, Math.min(options.timeoutMs ?? 10_000, 10_000));
  } catch (err) {
    return { ...result, ok: false, stage: "connection", error: messageOf(err) };
  }
  const cert = result.certificate;
  if (options.tls?.mode === "pin") {
    result.pinned = cert.fingerprint === options.tls.fingerprint;
    if (!result.pinned) {
      return {
        ...result,
        ok: false,
        stage: "certificate",
        error: `the router presents certificate ${cert.fingerprint}, not the pinned ${options.tls.fingerprint}; pin it if you trust it`,
        message: { key: "common.test.pin-mismatch", values: { presented: cert.fingerprint, pinned: options.tls.fingerprint } },
      };
    }
  } else if (options.tls?.mode === "verify" && !cert.trusted) {
    return {
      ...result,
      ok: false,
      stage: "certificate",
      error: `the router's certificate is not trusted (${cert.trustError ?? "unknown reason"}); pin its fingerprint instead`,
      message: { key: "common.test.untrusted", values: { reason: cert.trustError ?? "?" } },
    };
  }
  return undefined;
}

/**
 * Tests settings that may not be deployed yet: reads the certificate, and only
 * when it is trusted logs in and reads firmware, access and WANs.
 */
export async function testConnection(settings: DeviceSettings, credentials: DeviceCredentials): Promise<TestConnectionResult> {
  const result: TestConnectionResult = { ok: false };
  let options: PeplinkClientOptions;
  try {
    options = clientOptionsFrom(settings, credentials);
  } catch (err) {
    // Without a pinned fingerprint the certificate is still worth showing: it is what the user pins.
    // Host and port by the same rules as the client's (an IPv6 address without its brackets, the port setting's range).
    const where = !hostProblem(settings.host) && !numberProblem("port", settings.port);
    if (err instanceof PeplinkInputError && err.field === "fingerprint" && where) {
      try {
        result.certificate = await readCertificate(normalizeHost(String(settings.host)), numberSetting(settings.port, 443), 10_000);
      } catch (certErr) {
        return { ok: false, stage: "connection", error: messageOf(certErr) };
      }
      return {
        ...result,
        ok: false,
        stage: "certificate",
        field: "fingerprint",
        pinned: false,
        error: "not pinned yet: check the fingerprint below and pin it, then test again",
        message: { key: "common.test.not-pinned" },
      };
    }
    return {
      ok: false,
      stage: "settings",
      field: err instanceof PeplinkInputError ? err.field : undefined,
      error: messageOf(err),
      ...(err instanceof WordedInputError ? { message: err.wording } : {}),
    };
  }
  const certProblem = await checkCertificate(options, result);
  if (certProblem) return certProblem;

  const client = new PeplinkClient({ ...options, maxConcurrent: 1, authBackoff: { initialMs: 0, maxMs: 0 } });
  try {
    const firmware = await client.call("GET", "info.firmware");
    result.firmwareSlots = firmwareSlots(firmware.response);
    result.firmware = result.firmwareSlots.find((s) => s.inUse)?.version ?? result.firmwareSlots[0]?.version;
    const access = client.access;
    result.authMode = client.authMode;
    result.readOnly = access?.readOnly;
    result.access = access?.access;
    try {
      const wans = await client.call("GET", "status.wan.connection");
      result.wanCount = wanList(wans.response).length;
    } catch {
      // Not essential for the test; the firmware answer already proved access.
    }
    result.model = await readModel(client);
    result.ok = true;
    return result;
  } catch (err) {
    return { ...result, ok: false, stage: stageOf(err), error: messageOf(err) };
  } finally {
    await client.close();
  }
}

function firmwareSlots(response: unknown): Array<{ slot: string; version: string; inUse: boolean }> {
  if (!response || typeof response !== "object") return [];
  const map = response as Record<string, unknown>;
  const order = Array.isArray(map.order) ? map.order.map(String) : Object.keys(map).filter((k) => k !== "order");
  const slots: Array<{ slot: string; version: string; inUse: boolean }> = [];
  for (const id of order) {
    const slot = map[id] as { version?: unknown; inUse?: unknown } | undefined;
    if (slot && typeof slot.version === "string") slots.push({ slot: id, version: slot.version, inUse: slot.inUse === true });
  }
  return slots;
}

/** The model is not part of the documented API; newer firmware answers status.system.info. */
async function readModel(client: PeplinkClient): Promise<string | undefined> {
  try {
    const info = await client.call<{ device?: { model?: unknown } }>(
      "GET",
      "status.system.info",
      { infoType: "device" },
      { timeoutMs: 3_000 },
    );
    return typeof info.response?.device?.model === "string" ? info.response.device.model : undefined;
  } catch {
    return undefined;
  }
}

export interface CreatedClient {
  name: string;
  scope: "api" | "api.read-only";
  clientId: string;
  clientSecret: string;
}

/**
 * Logs in with an admin user and creates an API client (auth.client add); the
 * admin password is used for this call only and not stored.
 */
export async function createApiClient(
  settings: DeviceSettings,
  admin: { username?: string; password?: string },
  name: unknown,
  scope: unknown,
): Promise<CreatedClient> {
  // eslint-disable-next-line no-control-regex -- control characters are what this check refuses
  if (typeof name !== "string" || !name.trim() || name.length > 64 || /[\u0000-\u001f]/.test(name)) {
    throw new WordedInputError("name", "must be a client name of 1 to 64 characters", "peplink-device.errors.client-name");
  }
  if (scope !== "api" && scope !== "api.read-only")
    throw new WordedInputError("scope", "must be api or api.read-only", "peplink-device.errors.client-scope");
  if (!admin.username)
    throw new WordedInputError("username", "is required: an admin user of the router", "peplink-device.errors.admin-user");
  if (!admin.password)
    throw new WordedInputError(
      "password",
      "is required: the admin user's password (it is not stored)",
      "peplink-device.errors.admin-password",
    );
  const options = clientOptionsFrom({ ...settings, authMode: "login" }, { username: admin.username, password: admin.password });
  const client = new PeplinkClient({ ...options, maxConcurrent: 1, authBackoff: { initialMs: 0, maxMs: 0 } });
  try {
    const created = await client.call<{ clientId?: unknown; clientSecret?: unknown; scope?: unknown }>("POST", "auth.client", {
      action: "add",
      name: name.trim(),
      scope,
    });
    const clientId = created.response?.clientId;
    const clientSecret = created.response?.clientSecret;
    if (typeof clientId !== "string" || typeof clientSecret !== "string") {
      throw new WordedInputError(
        "auth.client",
        "the router created no client ID/secret; does this user have admin permission?",
        "peplink-device.errors.no-client",
      );
    }
    return { name: name.trim(), scope, clientId, clientSecret };
  } finally {
    await client.close();
  }
}

/** WAN connections for the editor's connection pickers. */
export async function listWans(call: (method: "GET", endpoint: string) => Promise<{ response: unknown }>): Promise<WanSummary[]> {
  const result = await call("GET", "status.wan.connection");
  return wanList(result.response);
}
