/**
 * peplink-cellular: one-shot cellular actions — reset the module, rescan the
 * network, send a USSD code, start a new billing cycle, scan for carriers
 * (waiting for the result) and select a carrier or go back to automatic.
 */
import type { Node, NodeAPI, NodeDef, NodeMessage } from "node-red";
import type { ApiResult } from "../api/client";
import type { CmdCarrierScanResponse } from "../api/types";
import { actionFrom, ParamReader, runCellularAction, SPECS, type CellularAction, type ParamSettings } from "./cellular/actions";
import { carrierScan } from "./cellular/carrier-scan";
import { connIdFrom, forgetOnConnIdError, requireWan, wanDirectory } from "./shared/wan-directory";
import type { Caller } from "./shared/caller";
import { DeviceLink, onInput, withResult, type PeplinkMeta } from "./shared/flow-node";
import { asInt } from "./shared/validate";

interface CellularNodeDef extends NodeDef, ParamSettings {
  device: string;
  action: string;
  /** WAN connection ID ("" = from msg.connId). */
  connId: string;
  /** Carrier scan timeout, seconds. */
  scanTimeout: string;
  topic: string;
}

const SCAN_TIMEOUT_DEFAULT_S = 60;

/** The status text keys of an action: while it runs, and once done. */
const STATUS_KEY: Record<CellularAction, { doing: string; done: string }> = {
  "reset-module": { doing: "peplink-cellular.status.resetting", done: "peplink-cellular.status.reset" },
  "rescan-network": { doing: "peplink-cellular.status.rescanning", done: "peplink-cellular.status.rescan-started" },
  "send-ussd": { doing: "peplink-cellular.status.sending-ussd", done: "peplink-cellular.status.ussd-sent" },
  "new-billing-cycle": { doing: "peplink-cellular.status.starting-cycle", done: "peplink-cellular.status.new-cycle" },
  "carrier-scan": { doing: "peplink-cellular.status.scanning", done: "peplink-cellular.status.scan-done" },
  "carrier-select": { doing: "peplink-cellular.status.selecting", done: "peplink-cellular.status.selected" },
  "carrier-auto": { doing: "peplink-cellular.status.selecting", done: "peplink-cellular.status.automatic" },
};

export = function register(RED: NodeAPI): void {
  function PeplinkCellular(this: Node, config: CellularNodeDef): void {
    RED.nodes.createNode(this, config);
    const link = new DeviceLink(RED, this, config.device);
    // Pending scan waits end when the node closes.
    let scanTimeoutMs: number | undefined;
    let settingsError: Error | undefined;
    try {
      const text =
        config.scanTimeout === undefined || String(config.scanTimeout).trim() === ""
          ? String(SCAN_TIMEOUT_DEFAULT_S)
          : String(config.scanTimeout);
      scanTimeoutMs = asInt(text.trim(), "scanTimeout setting", { min: 1, max: 600 }) * 1000;
    } catch (err) {
      settingsError = err as Error;
      link.error(err);
    }
    // Read the WAN list now, so that a wrong connId is refused without a request later.
    if (link.device && !link.device.configError) wanDirectory(link.device).warm();

    const call: Caller = link.call.bind(link);

    onInput(link, async (msg) => {
      if (settingsError) throw settingsError;
      const action = actionFrom(msg.action, config.action);
      const reader = new ParamReader(msg.payload, action, config);
      const { connId, field } = connIdFrom(msg.connId, config.connId);
      const spec = SPECS[action];
      const device = link.require();

      let out: NodeMessage;
      if (action === "carrier-scan") {
        await requireWan(device, connId, spec.wan, field);
        link.show("blue", "ring", STATUS_KEY[action].doing);
        let result: ApiResult<CmdCarrierScanResponse>;
        try {
          result = await carrierScan(
            (method, endpoint, body, options) => device.call<CmdCarrierScanResponse>(method, endpoint, body, options),
            {
              connId,
              timeoutMs: scanTimeoutMs ?? SCAN_TIMEOUT_DEFAULT_S * 1000,
              signal: link.signal,
            },
          );
        } catch (err) {
          forgetOnConnIdError(device, err);
          throw err;
        }
        out = withResult(msg, link, "GET", spec.endpoint, result, { topic: config.topic });
        const found = Array.isArray(result.response?.list) ? result.response.list.length : 0;
        link.show("green", "dot", "peplink-cellular.status.found", { count: found });
      } else {
        // All parameters are checked before the WAN list is consulted or anything is sent.
        const { params, result } = await runCellularAction(device, call, action, connId, field, reader, () =>
          link.show("blue", "dot", STATUS_KEY[action].doing),
        );
        // Plain acknowledgements carry no response: output what was done instead.
        out = withResult(msg, link, "POST", spec.endpoint, result, { payload: result.response ?? params, topic: config.topic });
        link.show("green", "dot", STATUS_KEY[action].done);
      }
      (out.peplink as PeplinkMeta & { action?: string }).action = action;
      return out;
    });
  }

  RED.nodes.registerType("peplink-cellular", PeplinkCellular);
};
