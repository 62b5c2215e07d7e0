/**
 * "Only when changed": a comparable fingerprint of a response that leaves out
 * keys which change on every poll without meaning anything (timestamps, the
 * uptime counter), so that a status that stays the same stays quiet.
 */
import { PeplinkInputError } from "../../api/errors";
import { stableKey } from "../shared/pollers";

/** Keys ignored unless the user says otherwise: they tick on every poll. */
export const DEFAULT_IGNORE_KEYS = "timestamp, reportTimestamp, uptime";

const KEY = /^[A-Za-z0-9_$-]{1,64}$/;

/** Parses the "ignore keys" setting: names separated by commas or spaces. */
export function parseIgnoreKeys(text: string | undefined): Set<string> {
  const names = (text ?? "").split(/[\s,]+/).filter((s) => s !== "");
  for (const name of names) {
    if (!KEY.test(name)) {
      throw new PeplinkInputError(
        "ignoreKeys setting",
        "must be key names (letters, digits, _ or -) separated by commas, e.g. timestamp, uptime",
      );
    }
  }
  return new Set(names);
}

/** The value without the ignored keys, at any depth. */
function strip(value: unknown, ignore: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => strip(v, ignore));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (!ignore.has(k)) out[k] = strip(v, ignore);
    }
    return out;
  }
  return value;
}

/** A string that is equal for two responses exactly when they differ only in ignored keys. */
export function fingerprint(response: unknown, ignore: ReadonlySet<string>): string {
  return stableKey(ignore.size ? strip(response, ignore) : response);
}
