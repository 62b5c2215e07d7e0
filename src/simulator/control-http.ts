/**
 * The control API over HTTP, under `/_simulator/` (never `/api/`), without
 * authentication, so demos and benchmarks in another process can drive the
 * simulator. JSON in, JSON out; errors are `{"error": "…"}` with HTTP 4xx.
 * docs/simulator.md lists the routes.
 */
import type * as http from "node:http";
import type { ControlHandler } from "./server";
import { sendText } from "./http-input";
import type { FaultKind, FaultSpec, SimulatorControl, WanStateName } from "./types";
import { isObject } from "./validate";

type Json = Record<string, unknown>;

class RouteError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const ROUTES = [
  "GET  /_simulator                 this list",
  "GET  /_simulator/state           the device model (JSON)",
  "POST /_simulator/state           deep-merge a patch into the device model",
  "GET  /_simulator/log             request log entries",
  "GET  /_simulator/counters        request counters",
  "POST /_simulator/clear-log       empty the log, zero the counters",
  "POST /_simulator/reset           back to the initial device",
  "POST /_simulator/sms             {sender, content, connId?, simId?, parts?} -> {ids}",
  "GET  /_simulator/sent-sms        SMS sent with cmd.sms.sendMessage",
  "GET  /_simulator/sent-ussd       USSD codes sent with cmd.sendUssd",
  "POST /_simulator/wan/:connId     {state, message?, statusLed?, ip?, uptimeSec?}",
  "POST /_simulator/location        {latitude?, longitude?, ..., gps?}",
  "POST /_simulator/expire          {sessions?: true, tokens?: true} (both when empty)",
  "POST /_simulator/revoke-tokens   delete every access token",
  'POST /_simulator/fault           {kind, count?, endpoint?, latencyMs?} (count "Infinity" = until cleared)',
  "POST /_simulator/clear-faults    remove every fault (also DELETE /_simulator/fault)",
  "POST /_simulator/clients         {name?, scope?} -> {clientId, clientSecret}",
];

function parse(body: Buffer): Json {
  const text = body.toString("utf8").trim();
  if (text === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RouteError(400, "body is not valid JSON");
  }
  if (!isObject(value)) throw new RouteError(400, "body must be a JSON object");
  return value;
}

/** A string or number from the JSON body as text; anything else as "" (which the control API then refuses). */
function text(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

function num(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === "string" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n)) throw new RouteError(400, `${name} must be a number`);
  return n;
}

/** JSON has no Infinity: "Infinity", null or a negative count mean "until cleared". */
function faultCount(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === "Infinity" || value === "infinity" || (typeof value === "number" && value < 0)) return Infinity;
  return num(value, "count");
}

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Objects merge key by key; arrays and scalars replace. */
function deepMerge(target: Json, patch: Json): void {
  for (const [key, value] of Object.entries(patch)) {
    if (FORBIDDEN_KEYS.has(key)) throw new RouteError(400, `key ${key} is not allowed`);
    const current = target[key];
    if (isObject(value) && isObject(current)) deepMerge(current, value);
    else target[key] = value;
  }
}

export function createControlRoutes(control: SimulatorControl): ControlHandler {
  function route(method: string, path: string, body: Json): unknown {
    if (path === "" || path === "/") return { routes: ROUTES };
    if (path === "/state") {
      if (method === "GET") return control.state;
      if (method === "POST") {
        deepMerge(control.state as unknown as Json, body);
        return control.state;
      }
    }
    if (method === "GET") {
      switch (path) {
        case "/log":
          return control.log();
        case "/counters":
          return control.counters();
        case "/sent-sms":
          return control.sentSms();
        case "/sent-ussd":
          return control.sentUssd();
      }
    }
    if (method === "DELETE" && path === "/fault") {
      control.clearFaults();
      return { ok: true };
    }
    if (method !== "POST") throw new RouteError(405, `${method} ${path} is not a control route; GET /_simulator lists them`);
    switch (path) {
      case "/clear-log":
        control.clearLog();
        return { ok: true };
      case "/reset":
        control.reset();
        return { ok: true };
      case "/sms": {
        const sms: Parameters<SimulatorControl["injectSms"]>[0] = { sender: text(body.sender), content: text(body.content) };
        const connId = num(body.connId, "connId");
        const simId = num(body.simId, "simId");
        const parts = num(body.parts, "parts");
        if (connId !== undefined) sms.connId = connId;
        if (simId !== undefined) sms.simId = simId as 1 | 2;
        if (parts !== undefined) sms.parts = parts;
        return { ids: control.injectSms(sms) };
      }
      case "/location": {
        const update: Parameters<SimulatorControl["setLocation"]>[0] = {};
        for (const key of ["latitude", "longitude", "altitude", "speed", "heading", "pdop", "hdop", "vdop", "timestamp"] as const) {
          const v = num(body[key], key);
          if (v !== undefined) update[key] = v;
        }
        if (body.gps !== undefined) update.gps = body.gps === true || body.gps === "true";
        control.setLocation(update);
        return { ok: true };
      }
      case "/expire": {
        const both = body.sessions === undefined && body.tokens === undefined;
        if (both || body.sessions === true) control.expireSessions();
        if (both || body.tokens === true) control.expireTokens();
        return { ok: true };
      }
      case "/revoke-tokens":
        control.revokeTokens();
        return { ok: true };
      case "/fault": {
        const spec: FaultSpec = { kind: text(body.kind) as FaultKind };
        const count = faultCount(body.count);
        const latencyMs = num(body.latencyMs, "latencyMs");
        if (count !== undefined) spec.count = count;
        if (latencyMs !== undefined) spec.latencyMs = latencyMs;
        if (typeof body.endpoint === "string" && body.endpoint) spec.endpoint = body.endpoint;
        control.injectFault(spec);
        return { ok: true };
      }
      case "/clear-faults":
        control.clearFaults();
        return { ok: true };
      case "/clients": {
        const options: Parameters<SimulatorControl["createClient"]>[0] = {};
        if (typeof body.name === "string") options.name = body.name;
        if (body.scope !== undefined) options.scope = text(body.scope) as "api" | "api.read-only";
        return control.createClient(options);
      }
    }
    const wan = /^\/wan\/(\d+)$/.exec(path);
    if (wan) {
      const options: Parameters<SimulatorControl["setWanState"]>[2] = {};
      if (typeof body.message === "string") options.message = body.message;
      if (typeof body.statusLed === "string") options.statusLed = body.statusLed as NonNullable<typeof options.statusLed>;
      if (typeof body.ip === "string") options.ip = body.ip;
      const uptimeSec = num(body.uptimeSec, "uptimeSec");
      if (uptimeSec !== undefined) options.uptimeSec = uptimeSec;
      control.setWanState(Number(wan[1]), text(body.state) as WanStateName, options);
      return { ok: true };
    }
    throw new RouteError(404, `no control route ${path}; GET /_simulator lists them`);
  }

  return {
    handle(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, _query: URLSearchParams, raw: Buffer): void {
      const path = pathname.slice("/_simulator".length);
      let status = 200;
      let result: unknown;
      try {
        result = route(req.method ?? "GET", path, parse(raw));
      } catch (err) {
        status = err instanceof RouteError ? err.status : 400;
        result = { error: err instanceof Error ? err.message : String(err) };
      }
      sendText(res, status, "application/json", JSON.stringify(result));
    },
  };
}
