/**
 * Sends one text to several recipients, one cmd.sms.sendMessage per recipient,
 * in order, and accounts for each: sent, failed, or not tried. A refusal for
 * one recipient (a fail answer from the router) does not stop the others; a
 * failure of the router itself (unreachable, web page, HTTP error, closed…)
 * does: the rest would fail the same way, each after a timeout.
 */
import { PeplinkApiError, PeplinkError } from "../../api/errors";
import type { CmdSmsSendMessageParams } from "../../api/types";

export const SEND_ENDPOINT = "cmd.sms.sendMessage";

export interface SendOutcome {
  sent: string[];
  failed: Array<{ to: string; error: Error }>;
  /** Not tried after a failure of the router. */
  notSent: string[];
}

function isRecipientRefusal(err: unknown): boolean {
  return err instanceof PeplinkError && err.kind === "api";
}

/** Sends one request (the node passes its device link's call). */
export type SendOne = (params: CmdSmsSendMessageParams) => Promise<unknown>;

export async function sendToAll(send: SendOne, recipients: string[], content: string, connId: number | undefined): Promise<SendOutcome> {
  const outcome: SendOutcome = { sent: [], failed: [], notSent: [] };
  for (let i = 0; i < recipients.length; i++) {
    const to = recipients[i];
    const params: CmdSmsSendMessageParams = { address: to, content };
    if (connId !== undefined) params.connId = connId;
    try {
      await send(params);
      outcome.sent.push(to);
    } catch (err) {
      outcome.failed.push({ to, error: err instanceof Error ? err : new Error(String(err)) });
      if (!isRecipientRefusal(err)) {
        outcome.notSent.push(...recipients.slice(i + 1));
        break;
      }
    }
  }
  return outcome;
}

/** Why sending to several recipients did not fully succeed; names who got it and who did not. */
export class SmsRecipientsError extends PeplinkApiError {
  constructor(
    readonly outcome: SendOutcome,
    total: number,
  ) {
    const failedCount = outcome.failed.length + outcome.notSent.length;
    const failures = outcome.failed.map((f) => `${f.to} (${f.error.message.replace(`${SEND_ENDPOINT}: `, "")})`).join(", ");
    let text = `failed for ${failedCount} of ${total} recipients: ${failures}`;
    if (outcome.notSent.length) text += `; not sent after that failure: ${outcome.notSent.join(", ")}`;
    text += outcome.sent.length ? `; sent to ${outcome.sent.join(", ")}` : "; sent to none";
    super(SEND_ENDPOINT, undefined, text);
    this.name = "SmsRecipientsError";
  }
}

/** The error for an outcome with failures: the device's own error for a single recipient, a summary for several. */
export function outcomeError(outcome: SendOutcome, total: number): Error | undefined {
  if (outcome.failed.length === 0) return undefined;
  if (total === 1) return outcome.failed[0].error;
  return new SmsRecipientsError(outcome, total);
}
