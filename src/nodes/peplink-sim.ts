/**
 * peplink-sim: reads or selects the SIM(s) of a cellular WAN
 * (cmd.wan.cellular) and outputs the setting read back from the router.
 */
import type { Node, NodeAPI, NodeDef } from "node-red";
import type { CmdWanCellularResponse } from "../api/types";
import type { TextValues } from "./shared/i18n";
import type { Caller } from "./shared/caller";
import { DeviceLink, onInput, withResult } from "./shared/flow-node";
import { asEnum } from "./shared/validate";
import { connIdFrom, wanDirectory } from "./shared/wan-directory";
import { applySimChoice, SIM_ACTION_CHOICES, SIM_ACTIONS, simChoiceFromPayload } from "./sim/choice";

interface SimNodeDef extends NodeDef {
  device: string;
  /** WAN connection ID of the cellular WAN ("" = from msg.connId). */
  connId: string;
  action: string;
  topic: string;
}

/** The status text of the SIM setting: its catalogue key and values. */
function simStatus(state: CmdWanCellularResponse | undefined): [string, TextValues?] {
  const sims = Array.isArray(state?.enabledSim) ? state.enabledSim : [];
  if (sims.length === 0) return ["peplink-sim.status.none"];
  if (sims.length === 1) return ["peplink-sim.status.one", { sim: String(sims[0]) }];
  if (state?.preferredSim) return ["peplink-sim.status.both-prefer", { sims: sims.join("+"), preferred: String(state.preferredSim) }];
  return ["peplink-sim.status.both", { sims: sims.join("+") }];
}

export = function register(RED: NodeAPI): void {
  function PeplinkSim(this: Node, config: SimNodeDef): void {
    RED.nodes.createNode(this, config);
    const link = new DeviceLink(RED, this, config.device);
    // Read the WAN list now, so that a wrong connId is refused without a request later.
    if (link.device && !link.device.configError) wanDirectory(link.device).warm();
    const call: Caller = link.call.bind(link);

    onInput(link, async (msg) => {
      const fromPayload = simChoiceFromPayload(msg.payload);
      const request =
        fromPayload === "trigger" ? SIM_ACTION_CHOICES[asEnum(config.action || "read", "action setting", SIM_ACTIONS)] : fromPayload;
      const { connId, field } = connIdFrom(msg.connId, config.connId);
      const device = link.require();
      const result = await applySimChoice(device, call, connId, field, request, () =>
        link.show("blue", "dot", "peplink-sim.status.selecting"),
      );
      link.show("green", "dot", ...simStatus(result.response));
      return withResult(msg, link, request ? "POST" : "GET", "cmd.wan.cellular", result, { topic: config.topic });
    });
  }

  RED.nodes.registerType("peplink-sim", PeplinkSim);
};
