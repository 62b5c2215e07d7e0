/**
 * cmd.ap: the device's own Wi-Fi access point.
 */
import type { Operation, RequestContext } from "../context";
import { badRequest, ok, type ApiResult } from "../envelope";
import { missing, toBool } from "../validate";

function apState(ctx: RequestContext): Record<string, unknown> {
  const ap = ctx.core.state.ap;
  // The reference: products without an AP answer support:false and nothing else.
  if (!ap.support) return { support: false };
  return { support: true, enable: ap.enable, wanDependent: ap.wanDependent };
}

function getAp(ctx: RequestContext): ApiResult {
  return ok(apState(ctx));
}

function setAp(ctx: RequestContext): ApiResult {
  if (ctx.params.enable === undefined) throw missing("enable");
  const enable = toBool(ctx.params.enable, "enable");
  const ap = ctx.core.state.ap;
  if (!ap.support) {
    if (enable) throw badRequest("Access Point is not supported on this device");
    return ok(apState(ctx));
  }
  ap.enable = enable;
  return ok(apState(ctx));
}

export const apOperations: readonly Operation[] = [
  { method: "GET", endpoint: "cmd.ap", access: "required", write: false, handler: getAp },
  { method: "POST", endpoint: "cmd.ap", access: "required", write: true, handler: setAp },
];
