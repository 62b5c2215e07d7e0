/**
 * The actions of peplink-cellular and their parameters: which endpoint each
 * one calls, which inputs it reads (msg.payload fields over node settings),
 * and the checks they pass before anything is sent.
 */
import { PeplinkInputError } from "../../api/errors";
import type { SimId } from "../../api/types";
import { asInt, asString, describeValue, onlyKeys } from "../shared/validate";
import type { ApiResult } from "../../api/client";
import type { Caller } from "../shared/caller";
import type { PeplinkDeviceNode } from "../shared/device-node";
import { forgetOnConnIdError, requireWan, type WanKind } from "../shared/wan-directory";

export const ACTIONS = [
  "reset-module",
  "rescan-network",
  "send-ussd",
  "new-billing-cycle",
  "carrier-scan",
  "carrier-select",
  "carrier-auto",
] as const;
export type CellularAction = (typeof ACTIONS)[number];

/** Keys a payload object may carry. `name` and `mobileType` let an entry of a scan's `list` be sent as is. */
export const PAYLOAD_KEYS = ["ussd", "simId", "mcc", "mnc", "pcs", "name", "mobileType"] as const;

export interface ActionSpec {
  endpoint: string;
  /** The WAN kind the connId must have. */
  wan: WanKind;
  /** Whether simId is sent (optional: the active SIM when absent). */
  simId: boolean;
}

export const SPECS: Record<CellularAction, ActionSpec> = {
  "reset-module": { endpoint: "cmd.cellularModule.reset", wan: "cellular", simId: false },
  "rescan-network": { endpoint: "cmd.cellularModule.rescanNetwork", wan: "cellular", simId: false },
  "send-ussd": { endpoint: "cmd.sendUssd", wan: "cellular", simId: true },
  // The reference: any WAN; simId is ignored for non-cellular ones.
  "new-billing-cycle": { endpoint: "cmd.billing.newCycle", wan: "any", simId: true },
  "carrier-scan": { endpoint: "cmd.carrier.scan", wan: "cellular", simId: false },
  "carrier-select": { endpoint: "cmd.carrier.select", wan: "cellular", simId: true },
  "carrier-auto": { endpoint: "cmd.carrier.select", wan: "cellular", simId: true },
};

/** The node's parameter settings (text from the editor; "" = not set). */
export interface ParamSettings {
  simId?: string;
  ussd?: string;
  mcc?: string;
  mnc?: string;
  pcs?: string;
}

/** A value and the name of where it came from, for error messages. */
interface Source {
  value: unknown;
  field: string;
}

/** Reads parameters from msg.payload (object, or a string USSD code) over the node's settings. */
export class ParamReader {
  private readonly payload: Record<string, unknown>;
  /** Where a payload value came from, when not `payload.<name>`. */
  private readonly fieldNames: Record<string, string> = {};

  constructor(
    payload: unknown,
    action: CellularAction,
    private readonly settings: ParamSettings,
  ) {
    if (Array.isArray(payload)) {
      throw new PeplinkInputError(
        "payload",
        'must be an object of parameters such as {"ussd": "*100#"}, or a non-object to use the node\'s settings (got an array)',
      );
    }
    if (payload !== null && typeof payload === "object") {
      this.payload = payload as Record<string, unknown>;
      onlyKeys(this.payload, "payload", PAYLOAD_KEYS);
    } else if (action === "send-ussd" && typeof payload === "string" && payload !== "") {
      this.payload = { ussd: payload };
      this.fieldNames.ussd = "payload";
    } else {
      // Timestamps, booleans, empty strings…: the message only triggers the action.
      this.payload = {};
    }
  }

  private source(name: keyof ParamSettings | "name"): Source | undefined {
    if (this.payload[name] !== undefined) return { value: this.payload[name], field: this.fieldNames[name] ?? `payload.${name}` };
    const setting = name === "name" ? undefined : this.settings[name];
    if (setting !== undefined && String(setting).trim() !== "") return { value: String(setting).trim(), field: `${name} setting` };
    return undefined;
  }

  simId(): SimId | undefined {
    const src = this.source("simId");
    return src ? (asInt(src.value, src.field, { min: 1, max: 2 }) as SimId) : undefined;
  }

  ussd(): string {
    const src = this.source("ussd");
    if (!src)
      throw new PeplinkInputError(
        "ussd",
        'is required for send-ussd: set the USSD code in the node or send it as msg.payload, e.g. "*100#"',
      );
    return asString(src.value, src.field, {
      max: 182,
      pattern: /^[0-9*#]+$/,
      patternText: "a USSD code of digits, * and # only, e.g. *100#",
    });
  }

  /** The carrier to select: mcc 3 digits, mnc 2–3 digits (a scan's 1-digit mnc gets its leading 0 back), pcs 0|1. */
  carrier(): { mcc: string; mnc: string; pcs: 0 | 1; name?: string } {
    const mcc = this.digits("mcc", /^\d{3}$/, '3 digits as a string, e.g. "262"');
    let mnc = this.digits("mnc", /^\d{1,3}$/, '2 or 3 digits as a string, e.g. "01" or "410"');
    // Scan lists drop leading zeros ("6" for 06); an MNC has 2 or 3 digits.
    if (mnc.length === 1) mnc = `0${mnc}`;
    const pcsSrc = this.source("pcs");
    const pcs = pcsSrc ? (asInt(pcsSrc.value, pcsSrc.field, { min: 0, max: 1 }) as 0 | 1) : 0;
    const carrier: { mcc: string; mnc: string; pcs: 0 | 1; name?: string } = { mcc, mnc, pcs };
    const nameSrc = this.source("name");
    if (nameSrc) carrier.name = asString(nameSrc.value, nameSrc.field, { max: 64 });
    return carrier;
  }

  private digits(name: "mcc" | "mnc", pattern: RegExp, allowed: string): string {
    const src = this.source(name);
    if (!src)
      throw new PeplinkInputError(name, `is required for carrier-select: must be ${allowed}; set it in the node or in msg.payload.${name}`);
    // Numbers lose leading zeros ("01" → 1), so only text is taken.
    if (typeof src.value !== "string" || !pattern.test(src.value)) {
      throw new PeplinkInputError(src.field, `must be ${allowed} (got ${describeValue(src.value)})`);
    }
    return src.value;
  }
}

/** The action for a message: msg.action over the setting. */
export function actionFrom(msgAction: unknown, setting: string | undefined): CellularAction {
  // No default action: resetting a modem by accident is not harmless.
  const [value, field] = msgAction !== undefined ? [msgAction, "action"] : [setting, "action setting"];
  if (typeof value === "string" && (ACTIONS as readonly string[]).includes(value)) return value as CellularAction;
  throw new PeplinkInputError(field, `must be one of ${ACTIONS.join(", ")} (got ${describeValue(value)})`);
}

/** The body of the one POST an action sends (carrier-scan has its own path). */
export function paramsFor(action: CellularAction, connId: number, reader: ParamReader): Record<string, unknown> {
  const params: Record<string, unknown> = { connId };
  if (SPECS[action].simId) {
    const simId = reader.simId();
    if (simId !== undefined) params.simId = simId;
  }
  if (action === "send-ussd") params.ussd = reader.ussd();
  // The reference's scan answer says "null when automatic"; select takes the same null.
  if (action === "carrier-select") params.selectedCarrier = reader.carrier();
  if (action === "carrier-auto") params.selectedCarrier = null;
  return params;
}

/**
 * Runs a one-POST action (not carrier-scan) on `connId` with the parameters
 * `reader` gives: all parameters are checked, then the WAN's kind, then it is
 * sent (`sending` is called just before). Resolves with what was sent and the
 * router's answer.
 */
export async function runCellularAction(
  device: PeplinkDeviceNode,
  call: Caller,
  action: Exclude<CellularAction, "carrier-scan">,
  connId: number,
  field: string,
  reader: ParamReader,
  sending: () => void = () => undefined,
): Promise<{ params: Record<string, unknown>; result: ApiResult<unknown> }> {
  const params = paramsFor(action, connId, reader);
  const spec = SPECS[action];
  await requireWan(device, connId, spec.wan, field);
  sending();
  try {
    return { params, result: await call("POST", spec.endpoint, params) };
  } catch (err) {
    forgetOnConnIdError(device, err);
    throw err;
  }
}
