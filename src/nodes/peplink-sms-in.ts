/**
 * peplink-sms-in: watches the SMS inbox of a cellular WAN (cmd.sms.get through
 * the device's shared pollers) and emits each new SMS once, multipart parts
 * joined. What was already seen is kept per SIM (sms/seen-inbox.ts) in this
 * process and in the node's context (sms/seen-store.ts), so a redeploy — or a
 * restart, with a persistent context store — does not emit old messages again.
 * An input message reads the inbox at once.
 */
import type { Node, NodeAPI, NodeDef, NodeMessage, NodeStatus } from "node-red";
import type { ApiResult } from "../api/client";
import { PeplinkInputError } from "../api/errors";
import type { CmdSmsGetResponse } from "../api/types";
import { DeviceLink, OutageReporter, onInput, withResult } from "./shared/flow-node";
import type { PollOutcome } from "./shared/pollers";
import { asConnId } from "./shared/validate";
import { maskAddress } from "./sms/address";
import { requireWan } from "./shared/wan-directory";
import { clock } from "./sms/clock";
import { intervalMs } from "./sms/interval";
import { SeenInbox } from "./sms/seen-inbox";
import { SeenStore } from "./sms/seen-store";
import { SMS_ENDPOINT as ENDPOINT, smsMessage, takeInbox } from "./sms/take";

interface SmsInDef extends NodeDef {
  device: string;
  /** The cellular WAN whose inbox is read (required). */
  connId: string;
  /** Seconds between reads. */
  interval: string | number;
  /** Emit what is on the SIM at the first read after a start. */
  emitExisting: boolean;
  /** msg.topic; empty: sms/<sender>. */
  topic: string;
}

interface Settings {
  connId: number;
  intervalMs: number;
}

function readSettings(config: SmsInDef): Settings {
  if (config.connId === undefined || config.connId === null || String(config.connId).trim() === "") {
    throw new PeplinkInputError("connId setting", "is required: choose the cellular WAN whose SMS to read");
  }
  return { connId: asConnId(String(config.connId).trim(), "connId setting"), intervalMs: intervalMs(config.interval) };
}

export = function register(RED: NodeAPI): void {
  function PeplinkSmsIn(this: Node, config: SmsInDef): void {
    RED.nodes.createNode(this, config);
    const node = this;
    const link = new DeviceLink(RED, this, config.device);
    const reporter = new OutageReporter(link, "SMS inbox");
    let unsubscribe: (() => void) | undefined;
    let retry: NodeJS.Timeout | undefined;
    let watching: NodeStatus | undefined;

    let reportLater: NodeJS.Immediate | undefined;
    /** A setting to fix (not an outage): status, and once to Catch and the log. The node does not poll. */
    function reportSetting(err: Error): void {
      link.error(err);
      // Deferred: while the flow starts, Catch nodes created after this one do not exist yet.
      reportLater = setImmediate(() => {
        reportLater = undefined;
        node.error(err.message, {});
      });
    }

    let settings: Settings | undefined;
    let settingsError: Error | undefined;
    try {
      settings = readSettings(config);
    } catch (err) {
      settingsError = err as Error;
      reportSetting(settingsError);
    }

    const store = new SeenStore(node);
    const scope = `${config.device}:${settings?.connId ?? ""}`;
    const ready: Promise<SeenInbox> = store
      .load()
      .then((saved) => new SeenInbox(scope, saved, { emitExisting: config.emitExisting === true }));

    /** Takes one read of the inbox: records it and returns a message per new SMS. */
    function take(seen: SeenInbox, result: ApiResult<CmdSmsGetResponse>): NodeMessage[] {
      const { inbox, fresh } = takeInbox(seen, store, result.response);
      const last = fresh[fresh.length - 1];
      if (last)
        watching = {
          fill: "green",
          shape: "dot",
          text: link.t("peplink-sms-in.status.received", { from: maskAddress(last.from), time: clock() }),
        };
      else
        watching ??= { fill: "green", shape: "dot", text: link.t("peplink-sms-in.status.watching", { connId: settings?.connId ?? "?" }) };
      link.status(watching);
      return fresh.map((sms) => smsMessage(sms, inbox, link.label, result.notice, config.topic));
    }

    function onPoll(seen: SeenInbox, outcome: PollOutcome): void {
      if (link.isClosing) return;
      if (!outcome.ok) {
        reporter.failure(outcome.error);
        return;
      }
      reporter.success();
      for (const msg of take(seen, outcome.result as ApiResult<CmdSmsGetResponse>)) node.send(msg);
    }

    /** Checks that the WAN is cellular, then joins the shared poller; retries the check while the router does not answer. */
    async function start(current: Settings): Promise<void> {
      const seen = await ready;
      if (link.isClosing) return;
      try {
        await requireWan(link.require(), current.connId, "cellular", "connId setting");
      } catch (err) {
        if (link.isClosing) return;
        if (err instanceof PeplinkInputError) {
          reportSetting(err);
          return;
        }
        reporter.failure(err as Error);
        retry = setTimeout(() => {
          retry = undefined;
          void start(current);
        }, current.intervalMs);
        return;
      }
      if (link.isClosing) return;
      unsubscribe = link
        .require()
        .poll({ method: "GET", endpoint: ENDPOINT, params: { connId: current.connId }, intervalMs: current.intervalMs }, (outcome) =>
          onPoll(seen, outcome),
        );
    }

    if (settings && link.device && !link.device.configError) void start(settings);

    onInput(link, async (msg) => {
      if (!settings) throw settingsError ?? new PeplinkInputError("settings", "are not usable");
      const seen = await ready;
      await requireWan(link.require(), settings.connId, "cellular", "connId setting");
      const result = await link.call<CmdSmsGetResponse>("GET", ENDPOINT, { connId: settings.connId });
      const fresh = take(seen, result);
      // New SMS answer the input as messages built on it (the first reuses it, the others are copies),
      // as peplink-wan-events does: the input's own properties (_msgid, msg.req/res…) go on with the
      // answer. They were fresh messages before, so a flow could not tell which input they answered
      // (found by the reliability suite's secrets run, which follows every input to its output).
      if (fresh.length) return [fresh.map((sms, i) => Object.assign(i === 0 ? msg : RED.util.cloneMessage(msg), sms))];
      // Every input gets an answer: with nothing new, the input message itself, payload null.
      return withResult(
        msg,
        link,
        "GET",
        ENDPOINT,
        { response: null, notice: result.notice },
        { payload: null, topic: config.topic || undefined },
      );
    });

    link.onClose((removed) => {
      if (removed) store.forget();
      unsubscribe?.();
      if (retry) clearTimeout(retry);
      if (reportLater) clearImmediate(reportLater);
    });
  }

  RED.nodes.registerType("peplink-sms-in", PeplinkSmsIn);
};
