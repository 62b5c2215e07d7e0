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
import { asBoolean, editorRows } from "./shared/validate";
import { asPriorityRows, describePriorityRows, PRIORITY_ENDPOINT, setWanPriorities } from "./wan-priority/rows";

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

export = function register(RED: NodeAPI): void {
  function PeplinkWanPriority(this: import("node-red").Node, config: WanPriorityNodeDef): void {
    RED.nodes.createNode(this, config);
    const link = new DeviceLink(RED, this, config.device);
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

    const call: Caller = link.call.bind(link);

    onInput(link, async (msg) => {
      const list = rowsFor(msg);
      const instant = msg.instantActive !== undefined ? asBoolean(msg.instantActive, "instantActive") : config.instantActive !== false;
      link.status({ fill: "blue", shape: "dot", text: describePriorityRows(list) });
      const result = await setWanPriorities(call, list, instant);
      const out = withResult(msg, link, "POST", PRIORITY_ENDPOINT, result, { topic: config.topic });
      if (!instant) (out.peplink as Record<string, unknown>).pending = true;
      link.status({ fill: "green", shape: instant ? "dot" : "ring", text: describePriorityRows(list, instant ? "" : " (pending)") });
      return out;
    });

    this.on("close", (_removed: boolean, done: () => void) => {
      link.close();
      done();
    });
  }

  RED.nodes.registerType("peplink-wan-priority", PeplinkWanPriority);
};
