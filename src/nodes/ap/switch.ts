/**
 * The router's own access point (cmd.ap): what a payload asks for, and the
 * switch itself (POST, then the state read back when the firmware does not
 * answer with it). Shared by peplink-ap and the Home Assistant switch.
 */
import type { ApiResult } from "../../api/client";
import { PeplinkApiError, PeplinkInputError } from "../../api/errors";
import type { CmdApResponse } from "../../api/types";
import type { Caller } from "../shared/caller";
import { describeValue, isInjectTimestamp } from "../shared/validate";

export const AP_ACTIONS = ["on", "off", "toggle", "read"] as const;
export type ApAction = (typeof AP_ACTIONS)[number];

/** Payload words (any case) and what they ask for. */
const WORDS: Record<string, ApAction> = { on: "on", off: "off", toggle: "toggle", read: "read", true: "on", false: "off" };

const ALLOWED_PAYLOAD =
  'true, false, 1, 0, "on", "off", "toggle" or "read" (any case), or a timestamp / empty payload to use the node\'s action';

/**
 * What a payload asks for, or undefined when it only triggers the node
 * (nothing, an empty string, an inject timestamp).
 */
export function apActionFromPayload(payload: unknown, field = "payload", allowed = ALLOWED_PAYLOAD): ApAction | undefined {
  if (payload === undefined || payload === null || payload === "") return undefined;
  if (typeof payload === "boolean") return payload ? "on" : "off";
  if (typeof payload === "number") {
    if (payload === 1) return "on";
    if (payload === 0) return "off";
    if (isInjectTimestamp(payload)) return undefined;
  }
  if (typeof payload === "string") {
    // Spaces around a word are forgiven; newlines and other control characters are not.
    const word = WORDS[payload.replace(/^ +| +$/g, "").toLowerCase()];
    if (word) return word;
  }
  throw new PeplinkInputError(field, `must be ${allowed} (got ${describeValue(payload)})`);
}

export function noAccessPoint(): PeplinkApiError {
  return new PeplinkApiError("cmd.ap", undefined, "this router has no access point (support: false)");
}

export function readAp(call: Caller): Promise<ApiResult<CmdApResponse>> {
  return call<CmdApResponse>("GET", "cmd.ap");
}

/**
 * Switches the AP on or off, or over (`"toggle"`: read, then the opposite);
 * resolves with the router's answer holding the state after the switch.
 */
export async function switchAp(call: Caller, want: boolean | "toggle"): Promise<ApiResult<CmdApResponse>> {
  let enable: boolean;
  if (want === "toggle") {
    const current = (await readAp(call)).response;
    if (!current || current.support === false) throw noAccessPoint();
    enable = current.enable !== true;
  } else {
    enable = want;
  }
  let result = await call<CmdApResponse>("POST", "cmd.ap", { enable });
  // A router without AP may acknowledge "off" with support:false: that is no switch, say so.
  if (result.response?.support === false) throw noAccessPoint();
  // The reference answers with the new state; read it back when a firmware does not.
  if (typeof result.response?.enable !== "boolean") {
    const after = await readAp(call);
    if (after.response?.support === false) throw noAccessPoint();
    result = { ...after, notice: result.notice ?? after.notice };
  }
  return result;
}
