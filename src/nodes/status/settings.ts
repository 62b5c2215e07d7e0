/**
 * peplink-status settings and how one call's endpoint and parameters are
 * resolved from settings and the message (msg.endpoint, msg.params).
 */
import type { OperationInfo } from "../../api/endpoints";
import { PeplinkInputError } from "../../api/errors";
import { stableKey } from "../shared/pollers";
import { asObject, describeValue } from "../shared/validate";
import { DEFAULT_IGNORE_KEYS, parseIgnoreKeys } from "./changes";
import { readableOperation } from "./endpoints";
import { checkParams, type FieldNamer } from "./params";

export interface StatusSettingsInput {
  endpoint?: string;
  /** Parameters as the editor stores them: an object (or its JSON text). */
  params?: unknown;
  /** Seconds; 0 or empty = only on input. */
  interval?: string | number;
  onlyChanged?: boolean | string;
  ignoreKeys?: string;
}

export interface StatusSettings {
  op: OperationInfo;
  /** The configured parameters as given (merged under msg.params). */
  rawParams: Record<string, unknown>;
  /** The configured call (what a poll sends), checked. */
  plan: CallPlan;
  intervalMs: number;
  onlyChanged: boolean;
  ignoreKeys: Set<string>;
}

export const MIN_INTERVAL_S = 0.1;
export const MAX_INTERVAL_S = 86400;

export function parseInterval(value: string | number | undefined): number {
  if (value === undefined || value === "") return 0;
  const n = typeof value === "number" ? value : Number(String(value).trim());
  if (!Number.isFinite(n) || n < 0 || (n > 0 && n < MIN_INTERVAL_S) || n > MAX_INTERVAL_S) {
    throw new PeplinkInputError(
      "interval setting",
      `must be 0 (only on input) or ${MIN_INTERVAL_S} to ${MAX_INTERVAL_S} seconds (got ${describeValue(value)})`,
    );
  }
  return Math.round(n * 1000);
}

function rawParamsOf(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null || value === "") return {};
  if (typeof value === "string") {
    try {
      return asObject(JSON.parse(value), "params setting");
    } catch (err) {
      if (err instanceof PeplinkInputError) throw err;
      throw new PeplinkInputError("params setting", "must be a JSON object of parameters");
    }
  }
  return asObject(value, "params setting");
}

/** Reads the node's settings; throws PeplinkInputError naming the bad setting. */
export function parseSettings(config: StatusSettingsInput): StatusSettings {
  const op = readableOperation(config.endpoint, "endpoint setting");
  const rawParams = rawParamsOf(config.params);
  const fieldOf = (name: string): string => `${name} setting`;
  return {
    op,
    rawParams,
    plan: { op, params: checkParams(op, rawParams, fieldOf), fieldOf },
    intervalMs: parseInterval(config.interval),
    onlyChanged: config.onlyChanged === true || config.onlyChanged === "true",
    // Flows written before the setting existed get the default; an empty setting compares everything.
    ignoreKeys: parseIgnoreKeys(config.ignoreKeys ?? DEFAULT_IGNORE_KEYS),
  };
}

export interface CallPlan {
  op: OperationInfo;
  /** Checked parameters. */
  params: Record<string, unknown>;
  /** Names a parameter's field after where its value came from. */
  fieldOf: FieldNamer;
}

/**
 * The call for one input message. msg.endpoint picks another readable endpoint
 * (the configured parameters then do not apply); msg.params is merged over the
 * configured parameters (null removes one).
 */
export function planCall(settings: StatusSettings | Error, msgEndpoint: unknown, msgParams: unknown): CallPlan {
  const given = msgParams === undefined ? {} : asObject(msgParams, "params");
  const other = msgEndpoint !== undefined && (settings instanceof Error || msgEndpoint !== settings.op.endpoint);
  if (!other && settings instanceof Error) throw settings;
  const op = other ? readableOperation(msgEndpoint, "endpoint") : (settings as StatusSettings).op;
  const base = other ? {} : (settings as StatusSettings).rawParams;
  const merged = { ...base, ...given };
  // A value (or its absence) is the message's unless it came from the node's settings.
  const fieldOf = (name: string): string =>
    other || Object.prototype.hasOwnProperty.call(given, name) ? `params.${name}` : `${name} setting`;
  return { op, params: checkParams(op, merged, fieldOf), fieldOf };
}

/** Same endpoint and parameters: the call is the poll's. */
export function sameCall(a: CallPlan, b: CallPlan): boolean {
  return a.op.endpoint === b.op.endpoint && stableKey(a.params) === stableKey(b.params);
}
