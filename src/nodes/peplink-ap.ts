/**
 * peplink-ap: switches the router's own Wi-Fi access point on, off or over
 * (toggle), or reads it, and outputs the AP state after the action.
 */
import type { Node, NodeAPI, NodeDef } from "node-red";
import type { CmdApResponse } from "../api/types";
import { AP_ACTIONS, apActionFromPayload, readAp, switchAp } from "./ap/switch";
import type { Caller } from "./shared/caller";
import { DeviceLink, onInput, withResult } from "./shared/flow-node";
import { asEnum } from "./shared/validate";

interface ApNodeDef extends NodeDef {
  device: string;
  /** on | off | toggle | read */
  action: string;
  topic: string;
}

/** The catalogue key of the AP state's status text. */
function stateKey(state: CmdApResponse): string {
  if (state.support === false) return "peplink-ap.status.no-ap";
  return state.enable ? "peplink-ap.status.on" : "peplink-ap.status.off";
}

export = function register(RED: NodeAPI): void {
  function PeplinkAp(this: Node, config: ApNodeDef): void {
    RED.nodes.createNode(this, config);
    const link = new DeviceLink(RED, this, config.device);
    const call: Caller = link.call.bind(link);

    onInput(link, async (msg) => {
      const action = apActionFromPayload(msg.payload) ?? asEnum(config.action || "read", "action setting", AP_ACTIONS);

      if (action === "read") {
        const result = await readAp(call);
        const state = result.response ?? { support: false };
        link.show(state.support === false ? "grey" : "green", state.enable ? "dot" : "ring", stateKey(state));
        return withResult(msg, link, "GET", "cmd.ap", result, { payload: state, topic: config.topic });
      }

      // A toggle reads first: its status says which way once the state is known (switchAp reads it).
      if (action !== "toggle")
        link.show("blue", "dot", action === "on" ? "peplink-ap.status.switching-on" : "peplink-ap.status.switching-off");
      const result = await switchAp(call, action === "toggle" ? "toggle" : action === "on");
      const state = result.response;
      link.show("green", state.enable ? "dot" : "ring", stateKey(state));
      return withResult(msg, link, "POST", "cmd.ap", result, { payload: state, topic: config.topic });
    });
  }

  RED.nodes.registerType("peplink-ap", PeplinkAp);
};
