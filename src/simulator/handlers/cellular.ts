/**
 * Cellular commands: SIM selection, billing cycle, carrier scan/select,
 * USSD, module reset and network rescan.
 */
import type { Operation, RequestContext } from "../context";
import { badRequest, ok, type ApiResult } from "../envelope";
import { addSms } from "../sms-store";
import type { CarrierChoice, SimId, Wan } from "../state";
import { activeSimId, rebalance, schemeFor, setLink, enabledSims, effectiveState } from "../wan-model";
import { isObject, reqStr, scalar, toArray, toEnum, toInt, toStr } from "../validate";
import { bothConfigs, requireSim, requireWan } from "./common";

function newCycle(ctx: RequestContext): ApiResult {
  const wan = requireWan(ctx, "any");
  if (wan.cellular) {
    const { card } = requireSim(ctx, wan);
    card.usageMb = 0;
  } else {
    // The reference: simId is ignored when the WAN is not cellular.
    wan.usageMb = 0;
  }
  return ok();
}

function scanResult(ctx: RequestContext, wan: Wan, withReference: boolean): Record<string, unknown> {
  const cell = wan.cellular;
  if (!cell) return {};
  const out: Record<string, unknown> = { scanStatus: cell.scan.status };
  if (cell.scan.timestamp !== undefined) out.timestamp = cell.scan.timestamp;
  out.list = cell.scan.list.map((c) => ({ ...c }));
  if (withReference) {
    const simId = activeSimId(wan, ctx.core.state.active.wan[String(wan.id)]);
    if (simId === null) out.reference = { activeSim: null };
    else {
      const selected = cell.sims[String(simId) as "1" | "2"].selectedCarrier;
      const choice = selected ? { ...selected } : null;
      // The table calls it selectedCarrier, the example cellularNetwork: both are sent.
      out.reference = { activeSim: { simId, selectedCarrier: choice, cellularNetwork: choice } };
    }
  }
  return out;
}

function referenceWanted(ctx: RequestContext): boolean {
  const v = scalar(ctx.params.reference);
  return v === "yes" || v === true;
}

/** The reference: the API always fails when the WAN does not support carrier scan. */
function scanSupported(ctx: RequestContext): Wan {
  const wan = requireWan(ctx, "any");
  if (!wan.cellular) throw badRequest(`Carrier scan is not supported on WAN connection ${wan.id}`);
  return wan;
}

function getScan(ctx: RequestContext): ApiResult {
  return ok(scanResult(ctx, scanSupported(ctx), referenceWanted(ctx)));
}

function startScan(ctx: RequestContext): ApiResult {
  const wan = scanSupported(ctx);
  const cell = wan.cellular;
  const action = ctx.params.action === undefined ? undefined : toEnum(ctx.params.action, "action", ["start"] as const);
  if (cell && action === "start") {
    if (effectiveState(ctx.core.state, wan) === "disabled") throw badRequest(`WAN connection ${wan.id} is disabled`);
    if (cell.scan.status !== "scanning") {
      cell.scan = { ...cell.scan, status: "scanning", doneAt: ctx.now + ctx.core.options.carrierScanDurationMs };
    }
  }
  return ok(scanResult(ctx, wan, referenceWanted(ctx)));
}

function carrierChoice(value: unknown): CarrierChoice {
  if (!isObject(value)) throw badRequest("Invalid selectedCarrier: must be an object with mcc, mnc and pcs (or null for automatic)");
  if (value.mcc === undefined) throw badRequest("Missing parameter: selectedCarrier.mcc");
  if (value.mnc === undefined) throw badRequest("Missing parameter: selectedCarrier.mnc");
  if (value.pcs === undefined) throw badRequest("Missing parameter: selectedCarrier.pcs");
  const mcc = toStr(value.mcc, "selectedCarrier.mcc");
  if (!/^\d{3}$/.test(mcc)) throw badRequest("Invalid selectedCarrier.mcc: must be 3 digits");
  const mnc = toStr(value.mnc, "selectedCarrier.mnc");
  if (!/^\d{2,3}$/.test(mnc)) throw badRequest("Invalid selectedCarrier.mnc: must be 2 or 3 digits");
  const pcs = toInt(value.pcs, "selectedCarrier.pcs", { min: 0, max: 1 });
  const choice: CarrierChoice = { mcc, mnc, pcs };
  if (value.name !== undefined) choice.name = toStr(value.name, "selectedCarrier.name", { max: 64 });
  return choice;
}

function selectCarrier(ctx: RequestContext): ApiResult {
  const wan = requireWan(ctx, "cellular");
  const { card } = requireSim(ctx, wan);
  if (!("selectedCarrier" in ctx.params)) throw badRequest("Missing parameter: selectedCarrier");
  const raw = ctx.params.selectedCarrier;
  if (raw === null) {
    card.selectedCarrier = null; // automatic
    return ok();
  }
  const choice = carrierChoice(raw);
  if (choice.name === undefined) {
    const known = wan.cellular?.availableCarriers.find((c) => c.mcc === choice.mcc && Number(c.mnc) === Number(choice.mnc));
    choice.name = known ? known.name : `${choice.mcc} ${choice.mnc}`;
  }
  card.selectedCarrier = choice;
  return ok();
}

/** A plausible network answer, so flows have something to parse. */
function ussdReply(code: string): string {
  if (/^\*10[0-9]#$/.test(code)) return "Your balance is 12.34 EUR. Valid until 31.12.";
  if (/^\*1[0-9]{2}#$/.test(code)) return "You have 4.2 GB of data left this month.";
  return `USSD ${code}: request accepted.`;
}

function sendUssd(ctx: RequestContext): ApiResult {
  const wan = requireWan(ctx, "cellular");
  const { simId, card } = requireSim(ctx, wan);
  const ussd = reqStr(ctx.params, "ussd", { nonEmpty: true, max: 182 });
  if (!/^[0-9*#]+$/.test(ussd)) throw badRequest("Invalid ussd: only the characters 0-9, * and # are allowed");
  if (effectiveState(ctx.core.state, wan) === "disabled") throw badRequest(`WAN connection ${wan.id} is disabled`);
  const reply = ussdReply(ussd);
  ctx.core.sentUssd.push({ ussd, connId: wan.id, simId, reply, time: ctx.now });
  // The network's answer arrives as an SMS from the code, readable with cmd.sms.get.
  addSms(ctx.core.state, card, ussd, reply, { now: ctx.now });
  return ok({ message: "Request is sent successfully" });
}

function moduleReset(ctx: RequestContext): ApiResult {
  const wan = requireWan(ctx, "cellular");
  const cell = wan.cellular;
  if (cell && effectiveState(ctx.core.state, wan) !== "disabled") {
    if (cell.resetUntil === undefined) cell.linkBeforeReset = wan.link;
    cell.resetUntil = ctx.now + ctx.core.options.cellularResetDurationMs;
    setLink(wan, "connecting", ctx.now);
    rebalance(ctx.core.state, ctx.now, ctx.core.rules);
  }
  return ok();
}

function rescan(ctx: RequestContext): ApiResult {
  requireWan(ctx, "cellular");
  return ok();
}

function getSims(ctx: RequestContext): ApiResult {
  const wan = requireWan(ctx, "cellular");
  const cfg = ctx.core.state.active.wan[String(wan.id)];
  return ok({ enabledSim: enabledSims(cfg), preferredSim: cfg?.cellular?.preferredSim ?? null });
}

function setSims(ctx: RequestContext): ApiResult {
  const wan = requireWan(ctx, "cellular");
  const cfg = ctx.core.state.active.wan[String(wan.id)];
  let enabled: SimId[] = enabledSims(cfg);
  if (ctx.params.enabledSim !== undefined) {
    const list = toArray(ctx.params.enabledSim, "enabledSim").map((v) => toInt(v, "enabledSim", { min: 1, max: 2 }));
    if (list.length === 0) throw badRequest("Invalid enabledSim: at least one SIM must be enabled");
    if (new Set(list).size !== list.length) throw badRequest("Invalid enabledSim: a SIM is listed twice");
    enabled = [...list].sort((a, b) => a - b) as SimId[];
  }
  let preferred: SimId | null = cfg?.cellular?.preferredSim ?? null;
  if ("preferredSim" in ctx.params) {
    const raw = ctx.params.preferredSim;
    preferred = raw === null ? null : (toInt(raw, "preferredSim", { min: 1, max: 2 }) as SimId);
    if (preferred !== null && !enabled.includes(preferred)) throw badRequest("Invalid preferredSim: it must be one of the enabled SIMs");
  } else if (preferred !== null && !enabled.includes(preferred)) {
    preferred = null;
  }
  const scheme = schemeFor(enabled);
  for (const c of bothConfigs(ctx, (d) => d.wan[String(wan.id)]?.cellular)) {
    if (!c) continue;
    c.simCardScheme = scheme;
    c.preferredSim = preferred;
  }
  return ok();
}

export const cellularOperations: readonly Operation[] = [
  { method: "POST", endpoint: "cmd.billing.newCycle", access: "required", write: true, handler: newCycle },
  { method: "GET", endpoint: "cmd.carrier.scan", access: "required", write: false, handler: getScan },
  {
    method: "POST",
    endpoint: "cmd.carrier.scan",
    access: "required",
    write: (p) => scalar(p.action) === "start",
    handler: startScan,
  },
  {
    method: "POST",
    endpoint: "cmd.carrier.select",
    access: "required",
    write: true,
    nullable: ["selectedCarrier"],
    handler: selectCarrier,
  },
  { method: "POST", endpoint: "cmd.sendUssd", access: "required", write: true, handler: sendUssd },
  { method: "POST", endpoint: "cmd.cellularModule.reset", access: "required", write: true, handler: moduleReset },
  { method: "POST", endpoint: "cmd.cellularModule.rescanNetwork", access: "required", write: true, handler: rescan },
  { method: "GET", endpoint: "cmd.wan.cellular", access: "required", write: false, handler: getSims },
  { method: "POST", endpoint: "cmd.wan.cellular", access: "required", write: true, nullable: ["preferredSim"], handler: setSims },
];
