/**
 * login, logout, API clients and access tokens.
 */
import type { Operation, RequestContext } from "../context";
import { ApiFail, CODE, MESSAGE, badRequest, ok, type ApiResult } from "../envelope";
import type { ClientRecord, TokenRecord } from "../sessions";
import type { ClientScope } from "../types";
import { missing, optEnum, optStr, reqStr, toEnum } from "../validate";

const SCOPES: readonly ClientScope[] = ["api", "api.read-only"];

function cookieName(https: boolean): string {
  return https ? "bauth" : "pauth";
}

function login(ctx: RequestContext): ApiResult {
  const username = reqStr(ctx.params, "username");
  const password = reqStr(ctx.params, "password");
  const session = ctx.core.auth.login(username, password, ctx.now);
  if (!session) throw new ApiFail(CODE.unauthorized, MESSAGE.badLogin);
  return ok(
    { permission: { GET: 1, POST: session.role === "readonly" ? 0 : 1 } },
    { "Set-Cookie": `${cookieName(ctx.https)}=${session.id}; HttpOnly; SameSite=Strict` },
  );
}

function logout(ctx: RequestContext): ApiResult {
  if (ctx.principal.kind === "session") ctx.core.auth.logout(ctx.principal.session.id);
  return ok();
}

function clientObject(c: ClientRecord): Record<string, unknown> {
  return {
    name: c.name,
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    confidential: c.confidential,
    createTimestamp: c.createTimestamp,
    scope: c.scope,
  };
}

function listClients(ctx: RequestContext): ApiResult {
  return ok(ctx.core.auth.listClients().map(clientObject));
}

async function changeClients(ctx: RequestContext): Promise<ApiResult> {
  const action = toEnum(ctx.params.action ?? "", "action", ["add", "remove"] as const);
  if (action === "remove") {
    const clientId = reqStr(ctx.params, "clientId", { nonEmpty: true });
    if (!ctx.core.auth.removeClient(clientId)) throw badRequest("Invalid clientId: no such client");
    return ok();
  }
  const name = reqStr(ctx.params, "name", { nonEmpty: true, max: 64 });
  if (ctx.params.scope === undefined) throw missing("scope");
  const scope = toEnum(ctx.params.scope, "scope", SCOPES);
  // The device rate-limits client creation: a second add soon after the first waits its turn.
  const core = ctx.core;
  const slot = Math.max(core.now(), core.nextClientAddAt);
  core.nextClientAddAt = slot + core.options.clientCreateIntervalMs;
  if (!(await core.sleep(slot - core.now()))) throw new ApiFail(CODE.internal, MESSAGE.internalError);
  return ok(clientObject(core.auth.addClient(name, scope, core.now())));
}

function tokenObject(ctx: RequestContext, t: TokenRecord): Record<string, unknown> {
  return {
    accessToken: t.accessToken,
    clientId: t.clientId,
    clientName: ctx.core.auth.getClient(t.clientId)?.name ?? "",
    authorizationType: 3,
    scope: t.scope,
    createTimestamp: Math.floor(t.created / 1000),
  };
}

function listTokens(ctx: RequestContext): ApiResult {
  const clientId = optStr(ctx.params, "clientId");
  return ok(ctx.core.auth.listTokens(ctx.now, clientId || undefined).map((t) => tokenObject(ctx, t)));
}

function grant(ctx: RequestContext): ApiResult {
  const clientId = reqStr(ctx.params, "clientId");
  const clientSecret = reqStr(ctx.params, "clientSecret");
  const requested = optEnum(ctx.params, "scope", SCOPES);
  const client = ctx.core.auth.authenticateClient(clientId, clientSecret);
  if (!client) throw new ApiFail(CODE.unauthorized, MESSAGE.badClient);
  if (requested !== undefined) {
    const narrows = client.scope === "api" && requested === "api.read-only";
    if (client.scope === "api.read-only" && requested === "api") {
      throw new ApiFail(CODE.unauthorized, "Invalid scope: the client's scope is api.read-only");
    }
    if (ctx.core.options.rejectGrantScope && !narrows) throw new ApiFail(CODE.unauthorized, "Invalid scope");
  }
  const token = ctx.core.auth.grant(client, requested ?? client.scope, ctx.now);
  const lifetime = ctx.core.options.tokenLifetimeSec;
  const asString = ctx.core.options.expiresInAsString;
  return ok({
    accessToken: token.accessToken,
    authorizationType: asString ? "3" : 3,
    scope: token.scope,
    expiresIn: asString ? String(lifetime) : lifetime,
  });
}

function revoke(ctx: RequestContext): ApiResult {
  const accessToken = reqStr(ctx.params, "accessToken", { nonEmpty: true });
  const p = ctx.principal;
  const isAdmin = p.kind === "session" && p.session.role === "admin";
  const isSelf = p.kind === "token" && p.token.accessToken === accessToken;
  if (!isAdmin && !isSelf) throw new ApiFail(CODE.unauthorized, MESSAGE.permissionDenied);
  // Revoking an unknown or already revoked token succeeds: revoke is idempotent here.
  ctx.core.auth.revoke(accessToken);
  return ok();
}

export const authOperations: readonly Operation[] = [
  { method: "POST", endpoint: "login", access: "none", write: false, handler: login },
  { method: "POST", endpoint: "logout", access: "required", write: false, handler: logout },
  { method: "GET", endpoint: "auth.client", access: "admin", write: false, handler: listClients },
  { method: "POST", endpoint: "auth.client", access: "admin", write: true, handler: changeClients },
  { method: "GET", endpoint: "auth.client.token", access: "admin", write: false, handler: listTokens },
  { method: "POST", endpoint: "auth.token.grant", access: "none", write: false, handler: grant },
  { method: "POST", endpoint: "auth.token.revoke", access: "required", write: false, handler: revoke },
];
