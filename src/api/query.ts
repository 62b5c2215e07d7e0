/**
 * Query-string and body serialization the way Peplink firmware expects it.
 *
 * - Multi-value parameters are sent space-separated (`id=1%202%203`), not
 *   repeated and not comma-separated (device-behaviour.md § Requests).
 * - Absent values (`undefined`, and `null` in queries) are left out: routers can
 *   fail on `null`. POST bodies keep `null` only where the caller put it on
 *   purpose (e.g. `preferredSim: null`); `undefined` never reaches the wire.
 */

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

/** Copies a POST body without `undefined` members (recursively); `null` is kept on purpose. */
export function cleanBody<T>(body: T): T {
  if (Array.isArray(body)) return body.map((item: unknown) => cleanBody(item)) as unknown as T;
  if (body !== null && typeof body === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (value !== undefined) out[key] = cleanBody(value);
    }
    return out as T;
  }
  return body;
}
