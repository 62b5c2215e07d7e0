/**
 * peplink-wan-priority: failover actions. Sets the priority and/or enables or
 * disables one or more WANs (config.wan.connection.priority), at once
 * (instantActive) or saved pending until cmd.config.apply.
 */
import type { NodeAPI, NodeDef, NodeMessage } from "node-red";
import { PeplinkInputError } from "../api/errors";
import type { ConfigWanConnectionPriorityParams, ConfigWanConnectionPriorityResponse, WanPriorityUpdate } from "../api/types/wan-config";
import type { Translate } from "./shared/i18n";
import { DeviceLink, onInput, withResult } from "./shared/flow-node";
import { asBoolean, asConnId, asInt, asList, asObject, editorRows, onlyKeys } from "./shared/validate";

interface PriorityRow {
  connId?: string | number;
  priority?: string | number;
  /** "" = unchanged, "true" / "false". */
  enable?: string | boolean;
}

interface WanPriorityNodeDef extends NodeDef {
  device: string;
  rows: PriorityRow[] | undefined;
  /** Apply at once (default) or leave pending for cmd.config.apply. */
  instantActive: boolean | undefined;
  topic: string;
}

const ENDPOINT = "config.wan.connection.priority";
const ROW_KEYS = ["connId", "priority", "enable"] as const;
/** What the router accepts; the web admin offers fewer levels on small models. */
const MAX_PRIORITY = 99;
const MAX_ROWS = 32;

function asRow(value: unknown, field: string): WanPriorityUpdate {
  const o = asObject(value, field);
  onlyKeys(o, field, ROW_KEYS);
  if (o.connId === undefined || o.connId === "") throw new PeplinkInputError(`${field}.connId`, "is required: the WAN's connection ID, e.g. 1");
  const row: WanPriorityUpdate = { connId: asConnId(o.connId, `${field}.connId`) };
  if (o.priority !== undefined) row.priority = asInt(o.priority, `${field}.priority`, { min: 1, max: MAX_PRIORITY });
  if (o.enable !== undefined) row.enable = asBoolean(o.enable, `${field}.enable`);
  if (row.priority === undefined && row.enable === undefined) {
    throw new PeplinkInputError(field, `must set priority (1 to ${MAX_PRIORITY}), enable (true/false) or both for WAN ${row.connId}`);
  }
  return row;
}

/** Rows (or one row) without repeated WANs. */
function asRows(value: unknown, field: string): WanPriorityUpdate[] {
  if (!Array.isArray(value)) return [asRow(value, field)];
  const rows = asList(value, field, asRow, { min: 1, max: MAX_ROWS, single: false });
  const seen = new Set<number>();
  rows.forEach((row, i) => {
    if (seen.has(row.connId)) throw new PeplinkInputError(`${field}[${i}].connId`, `must not repeat a WAN (${row.connId} is listed twice)`);
    seen.add(row.connId);
  });
  return rows;
}

/** The rows for a status text, such as `4→1, 1→2` or `2 off`. */
function describeRows(rows: readonly WanPriorityUpdate[], t: Translate): string {
  return rows
    .map((r) => {
      const state = r.enable === false ? ` ${t("peplink-wan-priority.status.off")}` : r.enable === true && r.priority === undefined ? ` ${t("peplink-wan-priority.status.on")}` : "";
      return `${r.connId}${r.priority !== undefined ? `→${r.priority}` : ""}${state}`;
    })
    .join(", ");
}

export = function register(RED: NodeAPI): void {
  function PeplinkWanPriority(this: import("node-red").Node, config: WanPriorityNodeDef): void {
    RED.nodes.createNode(this, config);
    const link = new DeviceLink(RED, this, config.device);
    let settingsRows: WanPriorityUpdate[] | undefined;
    let settingsError: Error | undefined;
    const rows = editorRows(config.rows);
    if (rows.length > 0) {
      try {
        settingsRows = asRows(rows, "rows setting");
      } catch (err) {
        settingsError = err as Error;
        link.error(err);
      }
    }

    function rowsFor(msg: NodeMessage): WanPriorityUpdate[] {
      const p = msg.payload;
      if (p !== null && typeof p === "object") return asRows(p, "payload");
      if (settingsError) throw settingsError;
      if (!settingsRows) {
        throw new PeplinkInputError("payload", "must be {connId, priority?, enable?} or a list of them (the node has no rows set)");
      }
      return settingsRows;
    }

    onInput(link, async (msg) => {
      const list = rowsFor(msg);
      const instant = msg.instantActive !== undefined ? asBoolean(msg.instantActive, "instantActive") : config.instantActive !== false;
      // Without instantActive the router saves the change pending (the reference: omit it, do not send false).
      const params: ConfigWanConnectionPriorityParams = instant ? { instantActive: true, list } : { list };
      link.show("blue", "dot", "peplink-wan-priority.status.rows", { rows: describeRows(list, link.t) });
      const result = await link.call<ConfigWanConnectionPriorityResponse>("POST", ENDPOINT, params);
      const out = withResult(msg, link, "POST", ENDPOINT, result, { topic: config.topic });
      if (!instant) (out.peplink as Record<string, unknown>).pending = true;
      link.show("green", instant ? "dot" : "ring", instant ? "peplink-wan-priority.status.rows" : "peplink-wan-priority.status.pending", { rows: describeRows(list, link.t) });
      return out;
    });
  }

  RED.nodes.registerType("peplink-wan-priority", PeplinkWanPriority);
};
