/**
 * Helpers shared by several handler files.
 */
import type { RequestContext } from "../context";
import { badRequest } from "../envelope";
import type { SimCard, SimId, Wan } from "../state";
import { missing, toInt } from "../validate";
import { activeSimId, wanById } from "../wan-model";

export type WanKind = "any" | "cellular" | "wifi";

const KIND_TEXT: Record<Exclude<WanKind, "any">, string> = { cellular: "a cellular", wifi: "a Wi-Fi" };

/** The WAN named by `connId`, which must exist and be of the given kind. */
export function requireWan(ctx: RequestContext, kind: WanKind, name = "connId"): Wan {
  if (ctx.params[name] === undefined) throw missing(name);
  const id = toInt(ctx.params[name], name, { min: 1 });
  const wan = wanById(ctx.core.state, id);
  if (!wan) throw badRequest(`Invalid ${name}: WAN connection ${id} does not exist`);
  if (kind !== "any" && wan.type !== kind) throw badRequest(`Invalid ${name}: WAN connection ${id} is not ${KIND_TEXT[kind]} WAN`);
  return wan;
}

/** `simId` if given (1 or 2), else the active SIM; fails if there is none. */
export function requireSim(ctx: RequestContext, wan: Wan): { simId: SimId; card: SimCard } {
  const cell = wan.cellular;
  if (!cell) throw badRequest(`Invalid connId: WAN connection ${wan.id} is not a cellular WAN`);
  let simId: SimId | null;
  if (ctx.params.simId !== undefined) simId = toInt(ctx.params.simId, "simId", { min: 1, max: 2 }) as SimId;
  else simId = activeSimId(wan, ctx.core.state.active.wan[String(wan.id)]);
  if (simId === null) throw badRequest(`No SIM card is available on WAN connection ${wan.id}`);
  const card = cell.sims[String(simId) as "1" | "2"];
  if (!card.detected) throw badRequest(`Invalid simId: no SIM card detected in slot ${simId}`);
  return { simId, card };
}

/** Both config copies, for commands that take effect at once (they are not pending). */
export function bothConfigs<T>(ctx: RequestContext, pick: (cfg: RequestContext["core"]["state"]["saved"]) => T): T[] {
  const s = ctx.core.state;
  return [pick(s.saved), pick(s.active)];
}
