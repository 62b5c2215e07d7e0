/**
 * peplink-sms-send: sends msg.payload as an SMS to one or several recipients
 * (cmd.sms.sendMessage, one request per recipient, in order). Recipients, text
 * and connection ID are checked before anything is sent. Every message ends in
 * one output (all sent) or one Catch-able error naming who got it and who did
 * not; a burst waits in the device's request queue, nothing is dropped.
 */
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from "node-red";
import { PeplinkInputError } from "../api/errors";
import { DeviceLink, evaluateSetting, onInput, withResult } from "./shared/flow-node";
import { asConnId } from "./shared/validate";
import { maskAddress, smsRecipients } from "./sms/address";
import { requireWan, wanDirectory } from "./shared/wan-directory";
import { clock } from "./sms/clock";
import type { Translate } from "./shared/i18n";
import { outcomeError, SEND_ENDPOINT, sendToAll } from "./sms/send-all";
import { smsText } from "./sms/text";

interface SmsSendDef extends NodeDef {
  device: string;
  /** Recipients: one number or several separated by commas (typedInput). */
  to: string;
  toType: string;
  /** Cellular WAN that sends; empty: the router chooses. */
  connId: string;
}

/** What the output (and, on failure, the message given to Catch) carries in msg.sms. */
interface SmsResult {
  to: string[];
  sent: string[];
  failed: string[];
  connId?: number;
}

function connIdSetting(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === "string" ? value.trim() : value;
  return text === "" ? undefined : asConnId(text, "connId setting");
}

function settingField(to: string, type: string): string {
  return type === "str" || !type ? "to setting" : `${type}.${to}`;
}

/** Who the status names: one number (masked), or how many. */
function recipientsLabel(recipients: string[], t: Translate): string {
  return recipients.length === 1 ? maskAddress(recipients[0]) : t("peplink-sms-send.status.numbers", { count: recipients.length });
}

export = function register(RED: NodeAPI): void {
  function PeplinkSmsSend(this: Node, config: SmsSendDef): void {
    RED.nodes.createNode(this, config);
    const node = this;
    const link = new DeviceLink(RED, this, config.device);
    let defaultConnId: number | undefined;
    let settingsError: Error | undefined;
    try {
      defaultConnId = connIdSetting(config.connId);
    } catch (err) {
      settingsError = err as Error;
      link.error(err);
    }
    // Read the WAN list now, so that a wrong connId is refused later without a request.
    if (defaultConnId !== undefined && link.device && !link.device.configError) wanDirectory(link.device).warm();

    /** msg.to or msg.address (not both), else the node's To setting. */
    async function recipientsFor(msg: NodeMessageInFlow): Promise<string[]> {
      const hasTo = msg.to !== undefined;
      const hasAddress = msg.address !== undefined;
      if (hasTo && hasAddress) throw new PeplinkInputError("to", "give the recipients in msg.to or in msg.address, not both");
      if (hasTo) return smsRecipients(msg.to, "to");
      if (hasAddress) return smsRecipients(msg.address, "address");
      const type = config.toType || "str";
      const value = await evaluateSetting(RED, node, config.to, type, msg);
      if (value === undefined || value === "") {
        throw new PeplinkInputError("to", "no recipient: set the node's To field, or send msg.to (one number or a list)");
      }
      return smsRecipients(value, settingField(config.to, type));
    }

    onInput(link, async (msg) => {
      if (settingsError) throw settingsError;
      const recipients = await recipientsFor(msg);
      const text = smsText(msg.payload, "payload");
      const connId = msg.connId !== undefined ? asConnId(msg.connId, "connId") : defaultConnId;
      if (connId !== undefined)
        await requireWan(link.require(), connId, "cellular", msg.connId !== undefined ? "connId" : "connId setting");

      link.show("blue", "dot", "peplink-sms-send.status.sending", { to: recipientsLabel(recipients, link.t) });
      const outcome = await sendToAll((params) => link.call("POST", SEND_ENDPOINT, params), recipients, text, connId);
      const result: SmsResult = {
        to: recipients,
        sent: outcome.sent,
        failed: [...outcome.failed.map((f) => f.to), ...outcome.notSent],
      };
      if (connId !== undefined) result.connId = connId;
      // Also on failure: the message that reaches Catch tells who got the SMS.
      msg.sms = result;
      const error = outcomeError(outcome, recipients.length);
      if (error) throw error;

      link.show("green", "dot", "peplink-sms-send.status.sent", { to: recipientsLabel(recipients, link.t), time: clock() });
      return withResult(msg, link, "POST", SEND_ENDPOINT, { response: undefined, notice: undefined }, { payload: text });
    });
  }

  RED.nodes.registerType("peplink-sms-send", PeplinkSmsSend);
};
