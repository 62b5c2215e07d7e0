/**
 * peplink-status: reads a status/info endpoint on an interval (through the
 * device's shared pollers) and/or on input, optionally only when the answer
 * changed. Poll failures are reported once per outage, not once per tick.
 */
import type { Node, NodeAPI, NodeDef, NodeMessage } from "node-red";
import type { ApiResult } from "../api/client";
import { DeviceLink, OutageReporter, onInput, withResult } from "./shared/flow-node";
import { maskResult, noteHidden } from "./shared/secret-mask";
import type { PollOutcome } from "./shared/pollers";
import { fingerprint } from "./status/changes";
import { connIdTypes } from "./status/endpoints";
import { parseSettings, planCall, sameCall, type CallPlan, type StatusSettings, type StatusSettingsInput } from "./status/settings";
import { PeplinkInputError } from "../api/errors";
import { requireWan } from "./shared/wan-directory";

interface StatusNodeDef extends NodeDef, StatusSettingsInput {
  device: string;
  topic: string;
}

function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

export = function register(RED: NodeAPI): void {
  function PeplinkStatus(this: Node, config: StatusNodeDef): void {
    RED.nodes.createNode(this, config);
    const node = this;
    const link = new DeviceLink(RED, node, config.device);
    let settings: StatusSettings | Error;
    try {
      settings = parseSettings(config);
    } catch (err) {
      settings = err as Error;
      link.error(err);
      // Logged once here; every input that relies on the settings fails with it (to Catch).
      node.error((err as Error).message);
    }
    let unsubscribe: (() => void) | undefined;
    /** Fingerprint of the last answer sent for the poll's endpoint and parameters. */
    let lastSent: string | undefined;
    const reporter = new OutageReporter(link, settings instanceof Error ? "peplink-status" : settings.op.endpoint);

    /** Rejects a connId of the wrong WAN kind (e.g. cmd.wifi.scan on an ethernet WAN) before the call. */
    async function checkKind(plan: CallPlan): Promise<void> {
      const types = connIdTypes(plan.op.endpoint);
      const connId = plan.params.connId;
      if (!types || typeof connId !== "number") return;
      try {
        await requireWan(link.require(), connId, types.includes("wifi") ? "wifi" : "cellular", plan.fieldOf("connId"));
      } catch (err) {
        // Only a wrong connId is an input error; when the WAN list cannot be read,
        // the router judges (polling must start even if the router is down at deploy).
        if (err instanceof PeplinkInputError) throw err;
      }
    }

    function meta(s: StatusSettings): NodeMessage {
      return { topic: config.topic || s.op.endpoint, peplink: { device: link.label, endpoint: s.op.endpoint, method: "GET" } };
    }

    function onPoll(s: StatusSettings, outcome: PollOutcome): void {
      if (link.isClosing) return;
      if (!outcome.ok) {
        reporter.failure(outcome.error, meta(s));
        return;
      }
      reporter.success();
      // perf: the fingerprint (canonical JSON of the whole answer) is only needed
      // to compare; without "only when changed" it would be work on every poll.
      if (s.onlyChanged) {
        const print = fingerprint(outcome.result.response, s.ignoreKeys);
        if (print === lastSent) {
          link.show("green", "ring", "peplink-status.status.unchanged", { time: clock() });
          return;
        }
        lastSent = print;
      }
      link.show("green", "dot", "peplink-status.status.ok", { time: clock() });
      const shown = maskResult(outcome.result);
      node.send(noteHidden(withResult({}, link, "GET", s.op.endpoint, shown.result, { topic: config.topic }), shown.hidden));
    }

    async function startPolling(s: StatusSettings): Promise<void> {
      try {
        await checkKind(s.plan);
        if (link.isClosing) return;
        unsubscribe = link
          .require()
          .poll({ method: "GET", endpoint: s.op.endpoint, params: s.plan.params, intervalMs: s.intervalMs }, (o) => onPoll(s, o));
      } catch (err) {
        if (link.isClosing) return;
        link.error(err);
        node.error((err as Error).message, meta(s));
      }
    }

    if (!(settings instanceof Error) && settings.intervalMs > 0) void startPolling(settings);

    onInput(link, async (msg) => {
      const plan = planCall(settings, msg.endpoint, (msg as { params?: unknown }).params);
      await checkKind(plan);
      link.show("blue", "dot", "peplink-status.status.reading", { endpoint: plan.op.endpoint });
      const result: ApiResult<unknown> = await link.call("GET", plan.op.endpoint, plan.params);
      // An input call that repeats the poll moves the "only when changed" baseline too.
      if (!(settings instanceof Error) && settings.onlyChanged && sameCall(plan, settings.plan)) {
        lastSent = fingerprint(result.response, settings.ignoreKeys);
      }
      link.show("green", "dot", "peplink-status.status.ok", { time: clock() });
      const shown = maskResult(result);
      return noteHidden(withResult(msg, link, "GET", plan.op.endpoint, shown.result, { topic: config.topic }), shown.hidden);
    });

    link.onClose(() => {
      unsubscribe?.();
      unsubscribe = undefined;
    });
  }

  RED.nodes.registerType("peplink-status", PeplinkStatus);
};
