/**
 * peplink-sim: reads or selects the SIM(s) of a cellular WAN
 * (cmd.wan.cellular) and outputs the setting read back from the router.
 */
import type { Node, NodeAPI, NodeDef } from "node-red";
import { PeplinkInputError } from "../api/errors";
import type { CmdWanCellularResponse, CmdWanCellularSetParams, SimId } from "../api/types";
import { connIdFrom, forgetOnConnIdError, requireWan, wanDirectory } from "./shared/wan-directory";
import type { TextValues } from "./shared/i18n";
import { DeviceLink, onInput, withResult } from "./shared/flow-node";
import { asEnum, asInt, asList, describeValue, isInjectTimestamp, onlyKeys } from "./shared/validate";

interface SimNodeDef extends NodeDef {
  device: string;
  /** WAN connection ID of the cellular WAN ("" = from msg.connId). */
  connId: string;
  action: string;
  topic: string;
}

const ACTIONS = ["read", "sim1", "sim2", "both", "prefer1", "prefer2"] as const;
type SimAction = (typeof ACTIONS)[number];

type SimChoice = Omit<CmdWanCellularSetParams, "connId">;
/** undefined = only read. */
type Request = SimChoice | undefined;

const ACTION_CHOICES: Record<SimAction, Request> = {
  read: undefined,
  // One SIM: the preference only applies with several SIMs (reference), so it is cleared.
  sim1: { enabledSim: [1], preferredSim: null },
  sim2: { enabledSim: [2], preferredSim: null },
  both: { enabledSim: [1, 2], preferredSim: null },
  prefer1: { enabledSim: [1, 2], preferredSim: 1 },
  prefer2: { enabledSim: [1, 2], preferredSim: 2 },
};

const ALLOWED_PAYLOAD =
  `1 or 2 (use only that SIM), "both", "read", one of ${ACTIONS.join(", ")}, ` +
  "an object { enabledSim, preferredSim }, or a timestamp / empty payload to use the node's action";

function simId(value: unknown, field: string): SimId {
  return asInt(value, field, { min: 1, max: 2 }) as SimId;
}

/** `{ enabledSim?, preferredSim? }` from a payload object, checked as the router would. */
function choiceFromObject(obj: Record<string, unknown>): SimChoice {
  onlyKeys(obj, "payload", ["enabledSim", "preferredSim"]);
  const choice: SimChoice = {};
  if (obj.enabledSim === undefined && !("preferredSim" in obj)) {
    throw new PeplinkInputError("payload", "must set enabledSim (a list of SIMs: [1], [2] or [1, 2]) and/or preferredSim (1, 2 or null)");
  }
  if (obj.enabledSim !== undefined) {
    const list = asList(obj.enabledSim, "payload.enabledSim", simId, { min: 1, max: 2 });
    if (new Set(list).size !== list.length) {
      throw new PeplinkInputError("payload.enabledSim", `must not list a SIM twice (got [${list.join(", ")}])`);
    }
    choice.enabledSim = [...list].sort((a, b) => a - b);
  }
  if ("preferredSim" in obj) {
    const raw = obj.preferredSim;
    if (raw === undefined) throw new PeplinkInputError("payload.preferredSim", "must be 1, 2 or null (no preference)");
    const preferred = raw === null ? null : simId(raw, "payload.preferredSim");
    if (preferred !== null && choice.enabledSim && !choice.enabledSim.includes(preferred)) {
      throw new PeplinkInputError("payload.preferredSim", `must be one of the enabled SIMs (${choice.enabledSim.join(", ")}) or null (got ${preferred})`);
    }
    // null is sent as null: it means "no preference" (the one place the API wants it).
    choice.preferredSim = preferred;
  }
  return choice;
}

/** What msg.payload asks for; `"trigger"` when it only triggers the node's action. */
function choiceFromPayload(payload: unknown): Request | "trigger" {
  if (payload === undefined || payload === null || payload === "") return "trigger";
  if (typeof payload === "number") {
    if (isInjectTimestamp(payload)) return "trigger";
    if (payload === 1 || payload === 2) return ACTION_CHOICES[payload === 1 ? "sim1" : "sim2"];
  } else if (typeof payload === "string") {
    // Spaces around a word are forgiven; newlines and other control characters are not.
    const word = payload.replace(/^ +| +$/g, "").toLowerCase();
    if (word === "1" || word === "2") return ACTION_CHOICES[word === "1" ? "sim1" : "sim2"];
    if ((ACTIONS as readonly string[]).includes(word)) return ACTION_CHOICES[word as SimAction];
  } else if (typeof payload === "object" && !Array.isArray(payload)) {
    return choiceFromObject(payload as Record<string, unknown>);
  }
  throw new PeplinkInputError("payload", `must be ${ALLOWED_PAYLOAD} (got ${describeValue(payload)})`);
}

/** The status text of the SIM setting: its catalogue key and values. */
function simStatus(state: CmdWanCellularResponse | undefined): [string, TextValues?] {
  const sims = Array.isArray(state?.enabledSim) ? state!.enabledSim : [];
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

    onInput(link, async (msg) => {
      const fromPayload = choiceFromPayload(msg.payload);
      const request = fromPayload === "trigger" ? ACTION_CHOICES[asEnum(config.action || "read", "action setting", ACTIONS)] : fromPayload;
      const { connId, field } = connIdFrom(msg.connId, config.connId);
      const device = link.require();
      await requireWan(device, connId, "cellular", field);

      if (request) {
        link.show("blue", "dot", "peplink-sim.status.selecting");
        try {
          await link.call("POST", "cmd.wan.cellular", { connId, ...request });
        } catch (err) {
          forgetOnConnIdError(device, err);
          throw err;
        }
      }
      let result;
      try {
        result = await link.call<CmdWanCellularResponse>("GET", "cmd.wan.cellular", { connId });
      } catch (err) {
        forgetOnConnIdError(device, err);
        throw err;
      }
      link.show("green", "dot", ...simStatus(result.response));
      return withResult(msg, link, request ? "POST" : "GET", "cmd.wan.cellular", result, { topic: config.topic });
    });
  }

  RED.nodes.registerType("peplink-sim", PeplinkSim);
};
