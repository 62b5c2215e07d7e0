/**
 * Hides credentials the router hands back (API client secrets, access tokens,
 * Wi-Fi keys, WAN passwords) before a response becomes msg.payload: a debug
 * node, a log or a dashboard must not show them. peplink-api can opt out
 * (setting "Show secrets"), for flows that must hand a new client's secret on.
 */
import type { NodeMessage } from "node-red";
import type { ApiResult } from "../../api/client";

/** What a hidden value is replaced with. */
export const HIDDEN = "********";

/** Field names that hold a credential, whatever their case: …secret, …token, …password, key, psk… */
const SECRET_KEY = /(?:secret|token|password|passwd|passphrase|psk)$|^(?:key|wepkey|presharedkey)$/i;

export interface Masked<T> {
  value: T;
  /** How many values were hidden. */
  hidden: number;
}

/** Sets an own property, even one named `__proto__` (plain assignment would change the prototype instead). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A copy of `value` with every non-empty string or number under a credential field name replaced by HIDDEN. */
export function maskSecrets<T>(value: T): Masked<T> {
  let hidden = 0;
  const walk = (v: unknown, depth: number): unknown => {
    if (v === null || typeof v !== "object" || depth > 32) return v;
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(v as Record<string, unknown>)) {
      if (SECRET_KEY.test(key) && ((typeof child === "string" && child !== "") || typeof child === "number")) {
        hidden++;
        define(out, key, HIDDEN);
      } else {
        define(out, key, walk(child, depth + 1));
      }
    }
    return out;
  };
  const masked = walk(value, 0) as T;
  return { value: hidden ? masked : value, hidden };
}

/** The result with its response masked (a copy: shared poll results stay intact). */
export function maskResult<T>(result: ApiResult<T>): { result: ApiResult<T>; hidden: number } {
  const masked = maskSecrets(result.response);
  return { result: masked.hidden ? { ...result, response: masked.value } : result, hidden: masked.hidden };
}

/** Notes in msg.peplink how many values were hidden (nothing when none were). */
export function noteHidden(msg: NodeMessage, hidden: number): NodeMessage {
  if (hidden) (msg.peplink as Record<string, unknown>).secretsHidden = hidden;
  return msg;
}
