/**
 * WAN priority / enable changes (config.wan.connection.priority): rows checked
 * as the router would, before anything is sent, and the one POST that applies
 * them. Shared by peplink-wan-priority and the Home Assistant number.
 */
import type { ApiResult } from "../../api/client";
import { PeplinkInputError } from "../../api/errors";
import type { ConfigWanConnectionPriorityParams, ConfigWanConnectionPriorityResponse, WanPriorityUpdate } from "../../api/types/wan-config";
import type { Caller } from "../shared/caller";
import { asBoolean, asConnId, asInt, asList, asObject, onlyKeys } from "../shared/validate";

export const PRIORITY_ENDPOINT = "config.wan.connection.priority";
const ROW_KEYS = ["connId", "priority", "enable"] as const;
/** What the router accepts; the web admin offers fewer levels on small models. */
export const MAX_PRIORITY = 99;
const MAX_ROWS = 32;

export function asPriorityRow(value: unknown, field: string): WanPriorityUpdate {
  const o = asObject(value, field);
  onlyKeys(o, field, ROW_KEYS);
  if (o.connId === undefined || o.connId === "")
    throw new PeplinkInputError(`${field}.connId`, "is required: the WAN's connection ID, e.g. 1");
  const row: WanPriorityUpdate = { connId: asConnId(o.connId, `${field}.connId`) };
  if (o.priority !== undefined) row.priority = asInt(o.priority, `${field}.priority`, { min: 1, max: MAX_PRIORITY });
  if (o.enable !== undefined) row.enable = asBoolean(o.enable, `${field}.enable`);
  if (row.priority === undefined && row.enable === undefined) {
    throw new PeplinkInputError(field, `must set priority (1 to ${MAX_PRIORITY}), enable (true/false) or both for WAN ${row.connId}`);
  }
  return row;
}

/** Rows (or one row) without repeated WANs. */
export function asPriorityRows(value: unknown, field: string): WanPriorityUpdate[] {
  if (!Array.isArray(value)) return [asPriorityRow(value, field)];
  const rows = asList(value, field, asPriorityRow, { min: 1, max: MAX_ROWS, single: false });
  const seen = new Set<number>();
  rows.forEach((row, i) => {
    if (seen.has(row.connId)) throw new PeplinkInputError(`${field}[${i}].connId`, `must not repeat a WAN (${row.connId} is listed twice)`);
    seen.add(row.connId);
  });
  return rows;
}

/** Sends checked rows, at once (instantActive) or saved pending until cmd.config.apply. */
export function setWanPriorities(
  call: Caller,
  list: WanPriorityUpdate[],
  instant: boolean,
): Promise<ApiResult<ConfigWanConnectionPriorityResponse>> {
  // Without instantActive the router saves the change pending (the reference: omit it, do not send false).
  const params: ConfigWanConnectionPriorityParams = instant ? { instantActive: true, list } : { list };
  return call<ConfigWanConnectionPriorityResponse>("POST", PRIORITY_ENDPOINT, params);
}
