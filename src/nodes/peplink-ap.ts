/**
 * peplink-ap: switches the router's own Wi-Fi access point on, off or over
 * (toggle), or reads it, and outputs the AP state after the action.
 */
import type { Node, NodeAPI, NodeDef } from "node-red";
import { AP_ACTIONS, apActionFromPayload, apStateText, readAp, switchAp } from "./ap/switch";
import type { Caller } from "./shared/caller";
import { DeviceLink, onInput, withResult } from "./shared/flow-node";
import { asEnum } from "./shared/validate";

interface ApNodeDef extends NodeDef {
  device: string;
  /** on | off | toggle | read */
  action: string;
  topic: string;
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
        link.status({ fill: state.support === false ? "grey" : "green", shape: state.enable ? "dot" : "ring", text: apStateText(state) });
        return withResult(msg, link, "GET", "cmd.ap", result, { payload: state, topic: config.topic });
      }

      link.status({ fill: "blue", shape: "dot", text: action === "toggle" ? "switching" : action === "on" ? "switching on" : "switching off" });
      const result = await switchAp(call, action === "toggle" ? "toggle" : action === "on");
      const state = result.response;
      link.status({ fill: "green", shape: state.enable ? "dot" : "ring", text: apStateText(state) });
      return withResult(msg, link, "POST", "cmd.ap", result, { payload: state, topic: config.topic });
    });

    this.on("close", (_removed: boolean, done: () => void) => {
      link.close();
      done();
    });
  }

  RED.nodes.registerType("peplink-ap", PeplinkAp);
};
