/**
 * peplink-wan-priority: failover actions. Sets the priority and/or enables or
 * disables one or more WANs (config.wan.connection.priority), at once
 * (instantActive) or saved pending until cmd.config.apply.
 */
import type { NodeAPI, NodeDef, NodeMessage } from "node-red";
import { PeplinkInputError } from "../api/errors";
import type { WanPriorityUpdate } from "../api/types/wan-config";
import type { Caller } from "./shared/caller";
import { DeviceLink, onInput, withResult } from "./shared/flow-node";
import type { Translate } from "./shared/i18n";
import { asBoolean, editorRows } from "./shared/validate";
import { asPriorityRows, PRIORITY_ENDPOINT, setWanPriorities } from "./wan-priority/rows";

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

/** The rows for a status text, such as `4→1, 1→2` or `2 off`. */
function describeRows(rows: readonly WanPriorityUpdate[], t: Translate): string {
  return rows
    .map((r) => {
      const state =
        r.enable === false
          ? ` ${t("peplink-wan-priority.status.off")}`
          : r.enable === true && r.priority === undefined
            ? ` ${t("peplink-wan-priority.status.on")}`
            : "";
      return `${r.connId}${r.priority !== undefined ? `→${r.priority}` : ""}${state}`;
    })
    .join(", ");
}

export = function register(RED: NodeAPI): void {
  function PeplinkWanPriority(this: import("node-red").Node, config: WanPriorityNodeDef): void {
    RED.nodes.createNode(this, config);
    const link = new DeviceLink(RED, this, config.device);
    const call: Caller = link.call.bind(link);
    let settingsRows: WanPriorityUpdate[] | undefined;
    let settingsError: Error | undefined;
    const rows = editorRows(config.rows);
    if (rows.length > 0) {
      try {
        settingsRows = asPriorityRows(rows, "rows setting");
      } catch (err) {
        settingsError = err as Error;
        link.error(err);
      }
    }

    function rowsFor(msg: NodeMessage): WanPriorityUpdate[] {
      const p = msg.payload;
      if (p !== null && typeof p === "object") return asPriorityRows(p, "payload");
      if (settingsError) throw settingsError;
      if (!settingsRows) {
        throw new PeplinkInputError("payload", "must be {connId, priority?, enable?} or a list of them (the node has no rows set)");
      }
      return settingsRows;
    }

    onInput(link, async (msg) => {
      const list = rowsFor(msg);
      const instant = msg.instantActive !== undefined ? asBoolean(msg.instantActive, "instantActive") : config.instantActive !== false;
      link.show("blue", "dot", "peplink-wan-priority.status.rows", { rows: describeRows(list, link.t) });
      const result = await setWanPriorities(call, list, instant);
      const out = withResult(msg, link, "POST", PRIORITY_ENDPOINT, result, { topic: config.topic });
      if (!instant) (out.peplink as Record<string, unknown>).pending = true;
      link.show("green", instant ? "dot" : "ring", instant ? "peplink-wan-priority.status.rows" : "peplink-wan-priority.status.pending", {
        rows: describeRows(list, link.t),
      });
      return out;
    });
  }

  RED.nodes.registerType("peplink-wan-priority", PeplinkWanPriority);
};
