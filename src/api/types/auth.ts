/**
 * Authentication: session login/logout, API clients and access tokens
 * (reference § login … auth.token.revoke).
 */
import type { Open } from "./common";

/** Scope of an API client or access token: read-write (`api`) or read-only. */
export type ApiScope = "api" | "api.read-only";

/** POST login. */
export interface LoginParams {
  username: string;
  password: string;
}

/**
 * What a session may do: `GET` is 1 for every user, `POST` is 1 only for
 * read-write users.
 */
export interface Permission {
  GET: 0 | 1;
  POST: 0 | 1;
}

export interface LoginResponse {
  permission: Permission;
}

/** An API client (`<Client_Obj>`), as listed by GET auth.client and returned when created. */
export interface AuthClient {
  name: string;
  clientId: string;
  clientSecret: string;
  /** Confidential or public client type. */
  confidential?: boolean;
  createTimestamp?: number;
  scope: Open<ApiScope>;
}

export type AuthClientListResponse = AuthClient[];

/** POST auth.client `action: "add"`: create a client. */
export interface AuthClientAddParams {
  action: "add";
  name: string;
  scope: ApiScope;
}

/** POST auth.client `action: "remove"`: delete a client. */
export interface AuthClientRemoveParams {
  action: "remove";
  clientId: string;
}

/** POST auth.client is one operation with two actions. */
export type AuthClientParams = AuthClientAddParams | AuthClientRemoveParams;

/** The new client for `add`; nothing for `remove`. */
export type AuthClientResponse = AuthClient | undefined;

/** GET auth.client.token. */
export interface AuthClientTokenParams {
  /** Only this client's tokens; all tokens when absent. */
  clientId?: string;
}

/**
 * `authorizationType` is 3 (client credentials) per the reference, but some
 * firmware sends it as the string `"3"` (fixture auth.token.grant--mbobakov-1).
 */
export type AuthorizationType = number | string;

/** An issued access token (`<Access_Token_Obj>`). */
export interface AccessTokenInfo {
  accessToken: string;
  clientId: string;
  clientName?: string;
  authorizationType?: AuthorizationType;
  scope: Open<ApiScope>;
  createTimestamp?: number;
}

export type AuthClientTokenResponse = AccessTokenInfo[];

/** POST auth.token.grant. */
export interface AuthTokenGrantParams {
  clientId: string;
  clientSecret: string;
  /**
   * Narrower scope for this token. Some firmware fails when it is sent at all:
   * send it only when the user asked for a narrower scope (device-behaviour.md).
   */
  scope?: ApiScope;
}

export interface AuthTokenGrantResponse {
  accessToken: string;
  authorizationType?: AuthorizationType;
  scope?: Open<ApiScope>;
  /** Seconds; a number on most firmware, a string (`"172800"`) on some. */
  expiresIn: number | string;
}

/** POST auth.token.revoke (admin, or a token revoking itself). */
export interface AuthTokenRevokeParams {
  accessToken: string;
}
