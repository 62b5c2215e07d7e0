/**
 * Commands from Home Assistant (a payload on `~/<key>/set`), checked before
 * anything is sent, then run through the same shared functions and device
 * client as the peplink-ap, -sim, -wan-priority, -cellular and -sms-send nodes
 * (their validators, the device's queue and read-only check).
 */
import type { ApiResult } from "../../api/client";
import type { HttpMethod } from "../../api/endpoints";
import { PeplinkInputError } from "../../api/errors";
import { apActionFromPayload, switchAp } from "../ap/switch";
import { ParamReader, runCellularAction, SPECS } from "../cellular/actions";
import type { Caller } from "../shared/caller";
import type { PeplinkDeviceNode } from "../shared/device-node";
import { asConnId, asObject, describeValue, onlyKeys } from "../shared/validate";
import { requireWan } from "../shared/wan-directory";
import { applySimChoice, simChoiceFromPayload } from "../sim/choice";
import { smsRecipients } from "../sms/address";
import { outcomeError, SEND_ENDPOINT, sendToAll } from "../sms/send-all";
import { smsText } from "../sms/text";
import { asPriorityRow, PRIORITY_ENDPOINT, setWanPriorities } from "../wan-priority/rows";
import { PRESS, SIM_OPTIONS, type Command } from "./entities";
import type { RouterModel } from "./model";

/** A command payload longer than this is refused (an SMS of 10 parts with JSON around it fits). */
export const MAX_COMMAND_BYTES = 8192;

export interface CommandContext {
  device: PeplinkDeviceNode;
  call: Caller;
  model: RouterModel;
  /** The notify entity's recipients when the payload names none. */
  smsTo: string[] | undefined;
  smsConnId: number | undefined;
}

export interface CommandDone {
  endpoint: string;
  method: HttpMethod;
  /** What was asked, for the node's output and status. */
  value: unknown;
  result: ApiResult<unknown> | undefined;
}

/** Refuses any invalid sequence (comparing lengths misses some: F0 90 80 decodes to one 3-byte U+FFFD). */
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** The payload as text; binary or oversized payloads are refused. */
export function commandText(payload: Buffer): string {
  if (payload.length > MAX_COMMAND_BYTES)
    throw new PeplinkInputError("payload", `must be at most ${MAX_COMMAND_BYTES} bytes (got ${payload.length})`);
  try {
    return UTF8.decode(payload);
  } catch {
    throw new PeplinkInputError("payload", "must be UTF-8 text");
  }
}

function simAction(text: string): string {
  const label = SIM_OPTIONS.find(([l]) => l === text);
  if (label) return label[1];
  // The peplink-sim words (sim1, both, prefer2…) are taken too, but not "read".
  const word = text.trim().toLowerCase();
  if (SIM_OPTIONS.some(([, action]) => action === word)) return word;
  throw new PeplinkInputError("payload", `must be one of ${SIM_OPTIONS.map(([l]) => `"${l}"`).join(", ")} (got ${describeValue(text)})`);
}

/** "2", " 2 " or "2.0" (Home Assistant's number may send a float) → "2"; other text stays as it is for the validator. */
function integerText(text: string): string {
  const m = /^ *(-?\d+)(?:\.0+)? *$/.exec(text);
  return m ? m[1] : text;
}

interface SmsCommand {
  to: string[];
  text: string;
  connId: number | undefined;
}

/** A plain text, or a JSON object {to?, message, connId?}. */
function smsCommand(text: string, ctx: CommandContext): SmsCommand {
  let body: Record<string, unknown> | undefined;
  if (text.trimStart().startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new PeplinkInputError(
        "payload",
        'must be the SMS text, or a JSON object {"to", "message", "connId"} (got text starting with "{" that is not JSON)',
      );
    }
    body = asObject(parsed, "payload");
    onlyKeys(body, "payload", ["to", "message", "connId"]);
  }
  const to = body?.to !== undefined ? smsRecipients(body.to, "payload.to") : ctx.smsTo;
  if (!to) throw new PeplinkInputError("payload.to", 'no recipient: set the node\'s SMS recipients, or send a JSON payload with "to"');
  const message = smsText(body ? body.message : text, body ? "payload.message" : "payload");
  const connId = body?.connId !== undefined ? asConnId(body.connId, "payload.connId") : ctx.smsConnId;
  return { to, text: message, connId };
}

/** Checks the payload for `command`, then runs it; throws a clear error (nothing sent) on bad input. */
export async function runCommand(command: Command, payload: Buffer, ctx: CommandContext): Promise<CommandDone> {
  const text = commandText(payload);
  switch (command.kind) {
    case "ap": {
      const action = apActionFromPayload(text, "payload", '"ON" or "OFF"');
      if (action === undefined || action === "read")
        throw new PeplinkInputError("payload", `must be "ON" or "OFF" (got ${describeValue(text)})`);
      const result = await switchAp(ctx.call, action === "toggle" ? "toggle" : action === "on");
      ctx.model.applyAp(result.response);
      return { endpoint: "cmd.ap", method: "POST", value: action, result };
    }
    case "sim": {
      const action = simAction(text);
      const request = simChoiceFromPayload(action);
      if (request === "trigger") throw new PeplinkInputError("payload", "must name a SIM choice");
      const result = await applySimChoice(ctx.device, ctx.call, command.connId, "connId", request);
      ctx.model.applySim(command.connId, result.response);
      return { endpoint: "cmd.wan.cellular", method: "POST", value: action, result };
    }
    case "priority": {
      const row = asPriorityRow({ connId: command.connId, priority: integerText(text) }, "payload");
      const result = await setWanPriorities(ctx.call, [row], true);
      // Shown at once; the next poll of status.wan.connection confirms it.
      const wan = ctx.model.wans.get(command.connId);
      if (wan) wan.summary.priority = row.priority;
      return { endpoint: PRIORITY_ENDPOINT, method: "POST", value: row.priority, result };
    }
    case "cellular": {
      if (text !== PRESS)
        throw new PeplinkInputError("payload", `must be "${PRESS}" (what Home Assistant's button sends; got ${describeValue(text)})`);
      const { result } = await runCellularAction(
        ctx.device,
        ctx.call,
        command.action,
        command.connId,
        "connId",
        new ParamReader(undefined, command.action, {}),
      );
      return { endpoint: SPECS[command.action].endpoint, method: "POST", value: command.action, result };
    }
    case "sms": {
      const sms = smsCommand(text, ctx);
      if (sms.connId !== undefined) await requireWan(ctx.device, sms.connId, "cellular", "payload.connId");
      const outcome = await sendToAll((params) => ctx.call("POST", SEND_ENDPOINT, params), sms.to, sms.text, sms.connId);
      const error = outcomeError(outcome, sms.to.length);
      if (error) throw error;
      return { endpoint: SEND_ENDPOINT, method: "POST", value: { to: sms.to, sent: outcome.sent }, result: undefined };
    }
  }
}
