/**
 * peplink-sim: reads or selects the SIM(s) of a cellular WAN
 * (cmd.wan.cellular) and outputs the setting read back from the router.
 */
import type { Node, NodeAPI, NodeDef } from "node-red";
import type { Caller } from "./shared/caller";
import { DeviceLink, onInput, withResult } from "./shared/flow-node";
import { asEnum } from "./shared/validate";
import { wanDirectory, connIdFrom } from "./shared/wan-directory";
import { applySimChoice, SIM_ACTION_CHOICES, SIM_ACTIONS, simChoiceFromPayload, simText } from "./sim/choice";

interface SimNodeDef extends NodeDef {
  device: string;
  /** WAN connection ID of the cellular WAN ("" = from msg.connId). */
  connId: string;
  action: string;
  topic: string;
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
      const request = fromPayload === "trigger" ? SIM_ACTION_CHOICES[asEnum(config.action || "read", "action setting", SIM_ACTIONS)] : fromPayload;
      const { connId, field } = connIdFrom(msg.connId, config.connId);
      const device = link.require();
      if (request) link.status({ fill: "blue", shape: "dot", text: "selecting SIM" });
      const result = await applySimChoice(device, call, connId, field, request);
      link.status({ fill: "green", shape: "dot", text: simText(result.response) });
      return withResult(msg, link, request ? "POST" : "GET", "cmd.wan.cellular", result, { topic: config.topic });
    });

    this.on("close", (_removed: boolean, done: () => void) => {
      link.close();
      done();
    });
  }

  RED.nodes.registerType("peplink-sim", PeplinkSim);
};
