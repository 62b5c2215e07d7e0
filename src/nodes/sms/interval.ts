/** The poll interval setting: seconds (decimals allowed), default 10. */
import { PeplinkInputError } from "../../api/errors";
import { describeValue } from "../shared/validate";

export const DEFAULT_INTERVAL_S = 10;
export const MIN_INTERVAL_S = 0.1;
export const MAX_INTERVAL_S = 86400;

/** Milliseconds from the interval setting; empty means the default. */
export function intervalMs(value: unknown, field = "interval setting"): number {
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) return DEFAULT_INTERVAL_S * 1000;
  const seconds = typeof value === "number" ? value : typeof value === "string" ? Number(value.trim()) : NaN;
  if (!Number.isFinite(seconds) || seconds < MIN_INTERVAL_S || seconds > MAX_INTERVAL_S) {
    throw new PeplinkInputError(
      field,
      `must be a number of seconds from ${MIN_INTERVAL_S} to ${MAX_INTERVAL_S} (got ${describeValue(value)})`,
    );
  }
  return Math.round(seconds * 1000);
}
