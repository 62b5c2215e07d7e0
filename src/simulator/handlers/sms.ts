/**
 * cmd.sms.get and cmd.sms.sendMessage.
 */
import type { Operation, RequestContext } from "../context";
import { badRequest, ok, type ApiResult } from "../envelope";
import { maxSmsLength, renderInbox } from "../sms-store";
import type { Wan } from "../state";
import { activeSimId, effectiveState, wanById } from "../wan-model";
import { reqStr, toStr } from "../validate";
import { requireSim, requireWan } from "./common";

const ADDRESS = /^\+[1-9]\d{1,14}$/;

function getSms(ctx: RequestContext): ApiResult {
  const wan = requireWan(ctx, "cellular");
  const simId = activeSimId(wan, ctx.core.state.active.wan[String(wan.id)]);
  const card = simId === null ? undefined : wan.cellular?.sims[String(simId) as "1" | "2"];
  return ok({ connId: wan.id, simId, sms: card ? renderInbox(card) : [] });
}

/** Without connId: the first cellular WAN that has a usable SIM. */
function defaultSmsWan(ctx: RequestContext): Wan {
  const state = ctx.core.state;
  for (const id of state.wanOrder) {
    const wan = wanById(state, id);
    if (wan?.cellular && activeSimId(wan, state.active.wan[String(id)]) !== null) return wan;
  }
  throw badRequest("No cellular WAN connection with a SIM card is available to send SMS");
}

function sendMessage(ctx: RequestContext): ApiResult {
  const wan = ctx.params.connId === undefined ? defaultSmsWan(ctx) : requireWan(ctx, "cellular");
  const address = reqStr(ctx.params, "address");
  if (!ADDRESS.test(address)) {
    throw badRequest("Invalid address: it must begin with '+' followed by 2 to 15 digits, and the first digit cannot be '0'");
  }
  const content = ctx.params.content === undefined ? "" : toStr(ctx.params.content, "content");
  const max = maxSmsLength(content);
  if (Array.from(content).length > max) throw badRequest(`Invalid content: longer than ${max} characters`);
  if (effectiveState(ctx.core.state, wan) === "disabled") throw badRequest(`WAN connection ${wan.id} is disabled`);
  const { simId } = requireSim({ ...ctx, params: {} }, wan);
  ctx.core.sentSms.push({ address, content, connId: wan.id, simId, time: ctx.now });
  return ok();
}

export const smsOperations: readonly Operation[] = [
  { method: "GET", endpoint: "cmd.sms.get", access: "required", write: false, handler: getSms },
  { method: "POST", endpoint: "cmd.sms.sendMessage", access: "required", write: true, handler: sendMessage },
];
