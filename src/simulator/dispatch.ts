/**
 * From a parsed API request to an envelope: find the operation, check the
 * credentials and permissions, reject nulls, run the handler, add the beta
 * notice. Every failure is a `{"stat":"fail"}` answer inside HTTP 200.
 */
import type { SimulatorCore } from "./core";
import type { Operation, Principal, RequestContext } from "./context";
import { ApiFail, CODE, MESSAGE, failBody, type ApiResult, type OkEnvelope } from "./envelope";
import { findOperation } from "./operations";
import { rejectNulls, type Params } from "./validate";

export interface ApiRequest {
  method: string;
  endpoint: string;
  query: Params;
  /** Parsed POST body (JSON object or form fields). */
  body: Params | undefined;
  /** Session cookie value for this protocol (bauth over HTTPS, pauth over HTTP). */
  sessionCookie: string | undefined;
  https: boolean;
}

function authenticate(core: SimulatorCore, op: Operation, req: ApiRequest, now: number): Principal {
  if (op.access === "none") return { kind: "none" };
  const optional = op.access === "optional";
  const token = req.query.accessToken;
  if (typeof token === "string") {
    const check = core.auth.checkToken(token, now);
    if (check.ok) return { kind: "token", token: check.token };
    if (optional) return { kind: "none" };
    throw new ApiFail(CODE.unauthorized, MESSAGE.invalidToken);
  }
  if (req.sessionCookie !== undefined) {
    const check = core.auth.checkSession(req.sessionCookie, now);
    if (check.ok) return { kind: "session", session: check.session };
  }
  if (optional) return { kind: "none" };
  throw new ApiFail(CODE.unauthorized, MESSAGE.unauthorized);
}

function authorize(op: Operation, principal: Principal, params: Params): void {
  if (op.access === "admin" && !(principal.kind === "session" && principal.session.role === "admin")) {
    throw new ApiFail(CODE.unauthorized, MESSAGE.permissionDenied);
  }
  const readOnly =
    (principal.kind === "session" && principal.session.role === "readonly") ||
    (principal.kind === "token" && principal.token.scope === "api.read-only");
  if (!readOnly) return;
  const writes = typeof op.write === "function" ? op.write(params) : op.write;
  if (writes) throw new ApiFail(CODE.unauthorized, MESSAGE.permissionDenied);
  // device-behaviour.md: a read-only API client may get 401 on config reads.
  if (op.configRead && principal.kind === "token") throw new ApiFail(CODE.unauthorized, MESSAGE.unauthorized);
}

function withoutToken(query: Params): Params {
  if (query.accessToken === undefined) return query;
  const rest = { ...query };
  delete rest.accessToken;
  return rest;
}

export async function dispatch(core: SimulatorCore, req: ApiRequest): Promise<ApiResult> {
  try {
    const op = req.method === "GET" || req.method === "POST" ? findOperation(req.method, req.endpoint) : undefined;
    if (!op) throw new ApiFail(CODE.notFound, MESSAGE.unsupported);
    core.settle();
    const now = core.now();
    const query = withoutToken(req.query);
    const params: Params = op.method === "POST" ? { ...query, ...(req.body ?? {}) } : query;
    const principal = authenticate(core, op, req, now);
    authorize(op, principal, params);
    if (op.method === "POST" && req.body) rejectNulls(req.body, op.nullable ?? []);
    const ctx: RequestContext = { core, method: op.method, endpoint: op.endpoint, params, principal, https: req.https, now };
    const result = await op.handler(ctx);
    if (op.notice && result.body.stat === "ok") {
      const body: OkEnvelope = { stat: "ok", notice: { status: op.notice } };
      if (result.body.response !== undefined) body.response = result.body.response;
      return { ...result, body };
    }
    return result;
  } catch (err) {
    if (err instanceof ApiFail) return { body: failBody(err.code, err.message) };
    // A simulator bug: answer like the device's catch-all and say what broke on stderr.
    console.error(`peplink-simulator: ${req.method} ${req.endpoint} failed:`, err);
    return { body: failBody(CODE.internal, MESSAGE.internalError) };
  }
}
