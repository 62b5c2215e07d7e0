/**
 * cmd.config.apply / cmd.config.discard: pending config.* changes take
 * effect, or are dropped.
 */
import type { Operation, RequestContext } from "../context";
import { ok, type ApiResult } from "../envelope";
import { rebalance } from "../wan-model";

function apply(ctx: RequestContext): ApiResult {
  const state = ctx.core.state;
  state.active = structuredClone(state.saved);
  rebalance(state, ctx.now, ctx.core.rules);
  return ok();
}

function discard(ctx: RequestContext): ApiResult {
  const state = ctx.core.state;
  state.saved = structuredClone(state.active);
  return ok();
}

export const configOperations: readonly Operation[] = [
  { method: "POST", endpoint: "cmd.config.apply", access: "required", write: true, handler: apply },
  { method: "POST", endpoint: "cmd.config.discard", access: "required", write: true, handler: discard },
];
