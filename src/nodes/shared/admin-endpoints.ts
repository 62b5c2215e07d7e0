/**
 * Every admin HTTP endpoint of the package — behind the editor's buttons and
 * pickers — in one place. peplink-device.ts registers them, once per admin
 * app, each behind RED.auth.needsPermission:
 *
 *   GET  /peplink/operations          endpoint metadata for pickers     (peplink-device.read)
 *   GET  /peplink/status/endpoints    the status node's readable endpoints (peplink-status.read)
 *   POST /peplink/device/test         test connection                   (peplink-device.write)
 *   POST /peplink/device/create-client create an API client             (peplink-device.write)
 *   POST /peplink/device/wans         WAN connections for pickers       (peplink-device.write)
 *
 * Every route that may sign in with stored credentials needs write permission.
 * The editor sends `__PWRD__` for a stored secret it does not know; it is taken
 * from the deployed node's credentials only when host, port, protocol, TLS
 * trust/fingerprint and auth mode equal the deployed node's. Answers never
 * contain a stored secret.
 */
import type { NodeAPI } from "node-red";
import type { Request, Response } from "express";
import { PeplinkClient } from "../../api/client";
import { OPERATIONS } from "../../api/endpoints";
import { PeplinkError, PeplinkInputError } from "../../api/errors";
import { catalog } from "../status/endpoints";
import { isDeviceNode } from "./device-node";
import {
  WordedInputError,
  clientOptionsFrom,
  mergeCredentials,
  sameTarget,
  type DeviceCredentials,
  type DeviceSettings,
} from "./device-settings";
import { createApiClient, listWans, testConnection } from "./device-tools";
import { wanList } from "./wan-list";

const registered = new WeakSet<object>();
const MAX_BODY = 64 * 1024;

type AdminRequest = Request;
type AdminResponse = Response;

interface Body {
  id?: unknown;
  settings?: unknown;
  credentials?: unknown;
  name?: unknown;
  scope?: unknown;
}

/** Reads a JSON body when the admin app did not parse it already. */
function readBody(req: AdminRequest): Promise<Body> {
  if (req.body && typeof req.body === "object") return Promise.resolve(req.body as Body);
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new PeplinkInputError("body", "is too large"));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => {
      try {
        const text = Buffer.concat(chunks).toString("utf8");
        const parsed: unknown = text ? JSON.parse(text) : {};
        resolve(parsed && typeof parsed === "object" ? parsed : {});
      } catch {
        reject(new PeplinkInputError("body", "must be JSON"));
      }
    });
    req.on("error", reject);
  });
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function settingsOf(body: Body): DeviceSettings {
  const s = asRecord(body.settings);
  const pick = (k: string): string | undefined => (typeof s[k] === "string" || typeof s[k] === "number" ? String(s[k]) : undefined);
  return {
    name: pick("name"),
    host: pick("host"),
    port: pick("port"),
    protocol: pick("protocol"),
    trust: pick("trust"),
    fingerprint: pick("fingerprint"),
    authMode: pick("authMode"),
    scope: pick("scope"),
    timeout: pick("timeout"),
    maxConcurrent: pick("maxConcurrent"),
    queueLimit: pick("queueLimit"),
  };
}

/**
 * The request's credentials. A `__PWRD__` field takes the deployed node's
 * stored value only when the request targets exactly what the deployed node
 * targets (sameTarget): a stored password is never sent to another host,
 * port, protocol, certificate or auth mode.
 */
function credentialsOf(RED: NodeAPI, body: Body, settings: DeviceSettings): DeviceCredentials {
  const c = asRecord(body.credentials);
  const pick = (k: string): string | undefined => (typeof c[k] === "string" ? c[k] : undefined);
  const deployed = typeof body.id === "string" ? RED.nodes.getNode(body.id) : null;
  const stored = isDeviceNode(deployed) && sameTarget(deployed.settings, settings) ? deployed.credentials : undefined;
  return mergeCredentials(
    { clientId: pick("clientId"), clientSecret: pick("clientSecret"), username: pick("username"), password: pick("password") },
    stored,
  );
}

function sendError(res: AdminResponse, err: unknown): void {
  const status = err instanceof PeplinkError && err.kind === "input" ? 400 : 502;
  res.status(status).json({
    error: err instanceof Error ? err.message : String(err),
    field: err instanceof PeplinkInputError ? err.field : undefined,
    // Refused input, for the editor to word in the user's language.
    message: err instanceof WordedInputError ? err.wording : undefined,
  });
}

type Handler = (req: AdminRequest, res: AdminResponse) => Promise<void>;

function route(RED: NodeAPI, handler: Handler) {
  return (req: AdminRequest, res: AdminResponse): void => {
    handler(req, res).catch((err: unknown) => {
      RED.log.debug(`peplink admin endpoint failed: ${err instanceof Error ? err.message : String(err)}`);
      sendError(res, err);
    });
  };
}

export function registerAdminEndpoints(RED: NodeAPI): void {
  const app = RED.httpAdmin as unknown as object;
  if (registered.has(app)) return;
  registered.add(app);
  const read = RED.auth.needsPermission("peplink-device.read");
  const write = RED.auth.needsPermission("peplink-device.write");

  RED.httpAdmin.get("/peplink/operations", read, (_req, res) => {
    res.json(OPERATIONS);
  });

  // The status node's endpoint picker and parameter fields (built from OPERATIONS).
  RED.httpAdmin.get("/peplink/status/endpoints", RED.auth.needsPermission("peplink-status.read"), (_req, res) => {
    res.json(catalog());
  });

  RED.httpAdmin.post(
    "/peplink/device/test",
    write,
    route(RED, async (req, res) => {
      const body = await readBody(req);
      const settings = settingsOf(body);
      res.json(await testConnection(settings, credentialsOf(RED, body, settings)));
    }),
  );

  RED.httpAdmin.post(
    "/peplink/device/create-client",
    write,
    route(RED, async (req, res) => {
      const body = await readBody(req);
      const settings = settingsOf(body);
      const creds = credentialsOf(RED, body, settings);
      res.json(await createApiClient(settings, { username: creds.username, password: creds.password }, body.name, body.scope));
    }),
  );

  RED.httpAdmin.post(
    "/peplink/device/wans",
    // Write: it signs in with the deployed node's stored credentials.
    write,
    route(RED, async (req, res) => {
      const body = await readBody(req);
      // A deployed device whose settings the editor did not change: use its client (and queue).
      const deployed = typeof body.id === "string" && body.settings === undefined ? RED.nodes.getNode(body.id) : undefined;
      if (isDeviceNode(deployed)) {
        const result = await deployed.call("GET", "status.wan.connection");
        res.json({ wans: wanList(result.response) });
        return;
      }
      const settings = settingsOf(body);
      const creds = credentialsOf(RED, body, settings);
      const client = new PeplinkClient({ ...clientOptionsFrom(settings, creds), maxConcurrent: 1 });
      try {
        res.json({ wans: await listWans((method, endpoint) => client.call(method, endpoint)) });
      } finally {
        await client.close();
      }
    }),
  );
}
