/**
 * peplink-api: calls any endpoint with any method — the escape hatch for what
 * the other nodes do not cover. Optionally applies (or discards) the router's
 * pending config after a successful write.
 */
import type { NodeAPI, NodeDef } from "node-red";
import type { ApiResult } from "../api/client";
import type { HttpMethod } from "../api/endpoints";
import { PeplinkInputError } from "../api/errors";
import { cleanBody } from "../api/query";
import { DeviceLink, onInput, withResult } from "./shared/flow-node";
import { maskResult, noteHidden } from "./shared/secret-mask";
import { asEnum, asObject, asString } from "./shared/validate";

interface ApiNodeDef extends NodeDef {
  device: string;
  method: string;
  endpoint: string;
  /** JSON text of default parameters (query for GET, body for POST). */
  params: string;
  /** After a successful POST: none | apply | discard. */
  afterWrite: string;
  topic: string;
  /** Opt-in: return credentials the router answers (client secrets, tokens, keys) instead of hiding them. */
  showSecrets?: boolean;
}

const AFTER_WRITE = ["none", "apply", "discard"] as const;
type AfterWrite = (typeof AFTER_WRITE)[number];
const ENDPOINT = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;

function parseDefaultParams(text: string | undefined): Record<string, unknown> | undefined {
  if (!text || !text.trim()) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new PeplinkInputError("params", 'setting must be a JSON object, e.g. {"id": [1, 2]}');
  }
  return asObject(parsed, "params");
}

/** msg.payload is the parameters when it is an object; other payloads (inject timestamps…) only trigger the call. */
function paramsFrom(payload: unknown, defaults: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (Array.isArray(payload))
    throw new PeplinkInputError("payload", "must be an object of parameters (or a non-object to use the node's parameters), not an array");
  if (payload !== null && typeof payload === "object") {
    // Names the field as the user knows it (msg.payload.__proto__), before the client's own check.
    cleanBody(payload, "payload");
    return { ...defaults, ...(payload as Record<string, unknown>) };
  }
  return defaults;
}

export = function register(RED: NodeAPI): void {
  function PeplinkApi(this: import("node-red").Node, config: ApiNodeDef): void {
    RED.nodes.createNode(this, config);
    const link = new DeviceLink(RED, this, config.device);
    let defaults: Record<string, unknown> | undefined;
    let settingsError: Error | undefined;
    try {
      defaults = parseDefaultParams(config.params);
    } catch (err) {
      settingsError = err as Error;
      link.error(err);
    }

    onInput(link, async (msg) => {
      if (settingsError) throw settingsError;
      const method = asEnum<HttpMethod>(msg.method ?? config.method ?? "GET", msg.method !== undefined ? "method" : "method setting", [
        "GET",
        "POST",
      ]);
      const endpoint = asString(msg.endpoint ?? config.endpoint, msg.endpoint !== undefined ? "endpoint" : "endpoint setting", {
        max: 100,
        pattern: ENDPOINT,
        patternText: "an API endpoint name such as status.wan.connection",
      });
      const afterWrite: AfterWrite =
        msg.apply === undefined
          ? asEnum(config.afterWrite || "none", "afterWrite setting", AFTER_WRITE)
          : msg.apply === true
            ? "apply"
            : msg.apply === false
              ? "none"
              : asEnum(msg.apply, "apply", AFTER_WRITE);
      const params = paramsFrom(msg.payload, defaults);

      link.show("blue", "dot", "peplink-api.status.calling", { method, endpoint });
      const result: ApiResult<unknown> = await link.call(method, endpoint, params);
      const shown = config.showSecrets === true ? { result, hidden: 0 } : maskResult(result);
      const out = noteHidden(withResult(msg, link, method, endpoint, shown.result, { topic: config.topic }), shown.hidden);
      if (method === "POST" && afterWrite !== "none") {
        const follow = afterWrite === "apply" ? "cmd.config.apply" : "cmd.config.discard";
        const followed = await link.call("POST", follow);
        (out.peplink as Record<string, unknown>)[afterWrite === "apply" ? "applied" : "discarded"] = followed.response ?? true;
      }
      link.show("green", "dot", "peplink-api.status.done", { method, endpoint });
      return out;
    });
  }

  RED.nodes.registerType("peplink-api", PeplinkApi);
};
