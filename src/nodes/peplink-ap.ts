/**
 * peplink-ap: switches the router's own Wi-Fi access point on, off or over
 * (toggle), or reads it, and outputs the AP state after the action.
 */
import type { Node, NodeAPI, NodeDef, NodeMessage } from "node-red";
import type { ApiResult } from "../api/client";
import { PeplinkApiError, PeplinkInputError } from "../api/errors";
import type { CmdApResponse } from "../api/types";
import { DeviceLink, onInput, withResult } from "./shared/flow-node";
import { asEnum, describeValue, isInjectTimestamp } from "./shared/validate";

interface ApNodeDef extends NodeDef {
  device: string;
  /** on | off | toggle | read */
  action: string;
  topic: string;
}

const ACTIONS = ["on", "off", "toggle", "read"] as const;
type ApAction = (typeof ACTIONS)[number];

/** Payload words (any case) and what they ask for. */
const WORDS: Record<string, ApAction> = { on: "on", off: "off", toggle: "toggle", read: "read", true: "on", false: "off" };

const ALLOWED_PAYLOAD =
  'true, false, 1, 0, "on", "off", "toggle" or "read" (any case), or a timestamp / empty payload to use the node\'s action';

/**
 * What msg.payload asks for, or undefined when it only triggers the node
 * (nothing, an empty string, an inject timestamp).
 */
function actionFromPayload(payload: unknown): ApAction | undefined {
  if (payload === undefined || payload === null || payload === "") return undefined;
  if (typeof payload === "boolean") return payload ? "on" : "off";
  if (typeof payload === "number") {
    if (payload === 1) return "on";
    if (payload === 0) return "off";
    if (isInjectTimestamp(payload)) return undefined;
  }
  if (typeof payload === "string") {
    // Spaces around a word are forgiven; newlines and other control characters are not.
    const word = WORDS[payload.replace(/^ +| +$/g, "").toLowerCase()];
    if (word) return word;
  }
  throw new PeplinkInputError("payload", `must be ${ALLOWED_PAYLOAD} (got ${describeValue(payload)})`);
}

function noAccessPoint(): PeplinkApiError {
  return new PeplinkApiError("cmd.ap", undefined, "this router has no access point (support: false)");
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

    const read = async (): Promise<ApiResult<CmdApResponse>> => link.call<CmdApResponse>("GET", "cmd.ap");

    onInput(link, async (msg) => {
      const action = actionFromPayload(msg.payload) ?? asEnum(config.action || "read", "action setting", ACTIONS);

      if (action === "read") {
        const result = await read();
        const state = result.response ?? { support: false };
        link.show(state.support === false ? "grey" : "green", state.enable ? "dot" : "ring", stateKey(state));
        return withResult(msg, link, "GET", "cmd.ap", result, { payload: state, topic: config.topic });
      }

      let enable: boolean;
      if (action === "toggle") {
        const current = (await read()).response;
        if (!current || current.support === false) throw noAccessPoint();
        enable = current.enable !== true;
      } else {
        enable = action === "on";
      }

      link.show("blue", "dot", enable ? "peplink-ap.status.switching-on" : "peplink-ap.status.switching-off");
      let result = await link.call<CmdApResponse>("POST", "cmd.ap", { enable });
      // A router without AP may acknowledge "off" with support:false: that is no switch, say so.
      if (result.response?.support === false) throw noAccessPoint();
      // The reference answers with the new state; read it back when a firmware does not.
      if (typeof result.response?.enable !== "boolean") {
        const after = await read();
        if (after.response?.support === false) throw noAccessPoint();
        result = { ...after, notice: result.notice ?? after.notice };
      }
      const state = result.response as CmdApResponse;
      link.show("green", state.enable ? "dot" : "ring", stateKey(state));
      const out: NodeMessage = withResult(msg, link, "POST", "cmd.ap", result, { payload: state, topic: config.topic });
      return out;
    });
  }

  RED.nodes.registerType("peplink-ap", PeplinkAp);
};
