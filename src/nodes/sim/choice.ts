/**
 * SIM selection of a cellular WAN (cmd.wan.cellular): what a payload asks for,
 * checked as the router would, and the selection itself (POST, then the
 * setting read back). Shared by peplink-sim and the Home Assistant select.
 */
import type { ApiResult } from "../../api/client";
import { PeplinkInputError } from "../../api/errors";
import type { CmdWanCellularResponse, CmdWanCellularSetParams, SimId } from "../../api/types";
import type { Caller } from "../shared/caller";
import type { PeplinkDeviceNode } from "../shared/device-node";
import { asInt, asList, describeValue, isInjectTimestamp, onlyKeys } from "../shared/validate";
import { forgetOnConnIdError, requireWan } from "../shared/wan-directory";

export const SIM_ACTIONS = ["read", "sim1", "sim2", "both", "prefer1", "prefer2"] as const;
export type SimAction = (typeof SIM_ACTIONS)[number];

export type SimChoice = Omit<CmdWanCellularSetParams, "connId">;
/** undefined = only read. */
export type SimRequest = SimChoice | undefined;

export const SIM_ACTION_CHOICES: Record<SimAction, SimRequest> = {
  read: undefined,
  // One SIM: the preference only applies with several SIMs (reference), so it is cleared.
  sim1: { enabledSim: [1], preferredSim: null },
  sim2: { enabledSim: [2], preferredSim: null },
  both: { enabledSim: [1, 2], preferredSim: null },
  prefer1: { enabledSim: [1, 2], preferredSim: 1 },
  prefer2: { enabledSim: [1, 2], preferredSim: 2 },
};

const ALLOWED_PAYLOAD =
  `1 or 2 (use only that SIM), "both", "read", one of ${SIM_ACTIONS.join(", ")}, ` +
  "an object { enabledSim, preferredSim }, or a timestamp / empty payload to use the node's action";

function simId(value: unknown, field: string): SimId {
  return asInt(value, field, { min: 1, max: 2 }) as SimId;
}

/** `{ enabledSim?, preferredSim? }` from a payload object, checked as the router would. */
function choiceFromObject(obj: Record<string, unknown>): SimChoice {
  onlyKeys(obj, "payload", ["enabledSim", "preferredSim"]);
  const choice: SimChoice = {};
  if (obj.enabledSim === undefined && !("preferredSim" in obj)) {
    throw new PeplinkInputError("payload", "must set enabledSim (a list of SIMs: [1], [2] or [1, 2]) and/or preferredSim (1, 2 or null)");
  }
  if (obj.enabledSim !== undefined) {
    const list = asList(obj.enabledSim, "payload.enabledSim", simId, { min: 1, max: 2 });
    if (new Set(list).size !== list.length) {
      throw new PeplinkInputError("payload.enabledSim", `must not list a SIM twice (got [${list.join(", ")}])`);
    }
    choice.enabledSim = [...list].sort((a, b) => a - b);
  }
  if ("preferredSim" in obj) {
    const raw = obj.preferredSim;
    if (raw === undefined) throw new PeplinkInputError("payload.preferredSim", "must be 1, 2 or null (no preference)");
    const preferred = raw === null ? null : simId(raw, "payload.preferredSim");
    if (preferred !== null && choice.enabledSim && !choice.enabledSim.includes(preferred)) {
      throw new PeplinkInputError(
        "payload.preferredSim",
        `must be one of the enabled SIMs (${choice.enabledSim.join(", ")}) or null (got ${preferred})`,
      );
    }
    // null is sent as null: it means "no preference" (the one place the API wants it).
    choice.preferredSim = preferred;
  }
  return choice;
}

/** What msg.payload asks for; `"trigger"` when it only triggers the node's action. */
export function simChoiceFromPayload(payload: unknown): SimRequest | "trigger" {
  if (payload === undefined || payload === null || payload === "") return "trigger";
  if (typeof payload === "number") {
    if (isInjectTimestamp(payload)) return "trigger";
    if (payload === 1 || payload === 2) return SIM_ACTION_CHOICES[payload === 1 ? "sim1" : "sim2"];
  } else if (typeof payload === "string") {
    // Spaces around a word are forgiven; newlines and other control characters are not.
    const word = payload.replace(/^ +| +$/g, "").toLowerCase();
    if (word === "1" || word === "2") return SIM_ACTION_CHOICES[word === "1" ? "sim1" : "sim2"];
    if ((SIM_ACTIONS as readonly string[]).includes(word)) return SIM_ACTION_CHOICES[word as SimAction];
  } else if (typeof payload === "object" && !Array.isArray(payload)) {
    return choiceFromObject(payload as Record<string, unknown>);
  }
  throw new PeplinkInputError("payload", `must be ${ALLOWED_PAYLOAD} (got ${describeValue(payload)})`);
}

/** The SIM action a setting describes, e.g. `{ enabledSim: [1, 2], preferredSim: 1 }` → prefer1; undefined when none fits. */
export function simActionOf(state: Partial<CmdWanCellularResponse> | undefined): Exclude<SimAction, "read"> | undefined {
  const sims = Array.isArray(state?.enabledSim) ? [...state.enabledSim].sort() : [];
  if (sims.length === 1) return sims[0] === 1 ? "sim1" : sims[0] === 2 ? "sim2" : undefined;
  if (sims.length === 2 && sims[0] === 1 && sims[1] === 2) {
    return state?.preferredSim === 1 ? "prefer1" : state?.preferredSim === 2 ? "prefer2" : "both";
  }
  return undefined;
}

/**
 * Checks that `connId` is a cellular WAN, sends the choice (when there is one;
 * `selecting` is called just before) and reads the setting back; resolves
 * with the read.
 */
export async function applySimChoice(
  device: PeplinkDeviceNode,
  call: Caller,
  connId: number,
  field: string,
  request: SimRequest,
  selecting: () => void = () => undefined,
): Promise<ApiResult<CmdWanCellularResponse>> {
  await requireWan(device, connId, "cellular", field);
  try {
    if (request) {
      selecting();
      await call("POST", "cmd.wan.cellular", { connId, ...request });
    }
    return await call<CmdWanCellularResponse>("GET", "cmd.wan.cellular", { connId });
  } catch (err) {
    forgetOnConnIdError(device, err);
    throw err;
  }
}
