/**
 * One read of an SMS inbox: what is new since the last read (recorded and
 * saved), and the message a flow gets for each new SMS. Shared by
 * peplink-sms-in and peplink-homeassistant (received-SMS events).
 */
import type { NodeMessage } from "node-red";
import type { PeplinkMeta } from "../shared/flow-node";
import { readInbox, type Inbox, type ReceivedSms } from "./inbox";
import type { SeenInbox } from "./seen-inbox";
import type { SeenStore } from "./seen-store";

export const SMS_ENDPOINT = "cmd.sms.get";

/** Records one cmd.sms.get answer; returns the inbox and its SMS not seen before (oldest first). */
export function takeInbox(seen: SeenInbox, store: SeenStore, response: unknown): { inbox: Inbox; fresh: ReceivedSms[] } {
  const inbox = readInbox(response);
  const { fresh, changed } = seen.update(String(inbox.simId ?? "?"), inbox.messages);
  if (changed) store.save(seen.snapshot());
  return { inbox, fresh };
}

/** The flow message for one received SMS (payload = text; topic sms/<sender> unless given). */
export function smsMessage(sms: ReceivedSms, inbox: Inbox, device: string, notice: unknown, topic?: string): NodeMessage {
  const peplink: PeplinkMeta & { connId?: number; simId?: number } = { device, endpoint: SMS_ENDPOINT, method: "GET" };
  if (notice !== undefined) peplink.notice = notice;
  if (inbox.connId !== undefined) peplink.connId = inbox.connId;
  if (inbox.simId !== undefined) peplink.simId = inbox.simId;
  return {
    payload: sms.text,
    from: sms.from,
    // The device counts seconds; without a timestamp the time of reading stands in.
    timestamp: Number.isFinite(sms.timestamp) ? sms.timestamp * 1000 : Date.now(),
    ids: sms.parts.map((p) => p.id),
    topic: topic || `sms/${sms.from}`,
    peplink,
  };
}
