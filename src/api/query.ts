/**
 * Query-string and body serialization the way Peplink firmware expects it.
 *
 * - Multi-value parameters are sent space-separated (`id=1%202%203`), not
 *   repeated and not comma-separated (device-behaviour.md § Requests).
 * - Absent values (`undefined`, and `null` in queries) are left out: routers can
 *   fail on `null`. POST bodies keep `null` only where the caller put it on
 *   purpose (e.g. `preferredSim: null`); `undefined` never reaches the wire.
 */
import { PeplinkInputError } from "./errors";

export type QueryValue = string | number | boolean | readonly (string | number | boolean)[] | null | undefined;

function encodeValue(value: string | number | boolean | readonly (string | number | boolean)[]): string {
  if (Array.isArray(value)) return value.map((v) => String(v)).join(" ");
  return String(value);
}

/** Builds `a=1&id=1%202` from a parameter object; returns "" when nothing is set. */
export function buildQuery(params: object | undefined): string {
  if (!params) return "";
  const parts: string[] = [];
  for (const [key, raw] of Object.entries(params) as Array<[string, QueryValue]>) {
    if (raw === undefined || raw === null) continue;
    if (Array.isArray(raw) && raw.length === 0) continue;
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(encodeValue(raw))}`);
  }
  return parts.join("&");
}

/** Keys that would reach an object's prototype instead of the router, in JavaScript or in a parser on the way. */
const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Copies a POST body without `undefined` members (recursively); `null` is kept
 * on purpose. A reserved key (`__proto__`, `constructor`, `prototype`) is
 * refused with an input error naming its path: copying it would drop it
 * silently (or change the copy's prototype), and the router has no such field.
 */
export function cleanBody<T>(body: T, path = "params"): T {
  if (Array.isArray(body)) return body.map((item: unknown, i) => cleanBody(item, `${path}[${i}]`)) as unknown as T;
  if (body !== null && typeof body === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (RESERVED_KEYS.has(key)) {
        throw new PeplinkInputError(
          `${path}.${key}`,
          "is a reserved name, not allowed (__proto__, constructor and prototype are refused): nothing was sent",
        );
      }
      if (value !== undefined) out[key] = cleanBody(value, `${path}.${key}`);
    }
    return out as T;
  }
  return body;
}
