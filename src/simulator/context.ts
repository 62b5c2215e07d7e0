/**
 * What a handler gets for one API request, and how operations are declared.
 */
import type { SimulatorCore } from "./core";
import type { ApiResult } from "./envelope";
import type { Session, TokenRecord } from "./sessions";
import type { Params } from "./validate";

export type Principal = { kind: "none" } | { kind: "session"; session: Session } | { kind: "token"; token: TokenRecord };

export interface RequestContext {
  core: SimulatorCore;
  method: "GET" | "POST";
  endpoint: string;
  /** Query parameters (GET) or the JSON / form body (POST). */
  params: Params;
  principal: Principal;
  https: boolean;
  now: number;
}

export type Handler = (ctx: RequestContext) => ApiResult | Promise<ApiResult>;

/**
 * `none`: no credentials needed (login, token grant); `optional`: works
 * without, answers more with (info.firmware); `required`: any valid session
 * or token; `admin`: an admin user's session.
 */
export type Access = "none" | "optional" | "required" | "admin";

export interface Operation {
  method: "GET" | "POST";
  endpoint: string;
  access: Access;
  /** Changes the device: refused for read-only users and clients. A function decides per request (config.gpio reads with an empty list). */
  write: boolean | ((params: Params) => boolean);
  /** A config read: read-only API clients get 401 on it (device-behaviour.md). */
  configRead?: boolean;
  /** Adds `notice: {status}` to successful answers (beta endpoints). */
  notice?: "beta";
  /** Params where `null` is meaningful; anywhere else a null fails. */
  nullable?: readonly string[];
  handler: Handler;
}
