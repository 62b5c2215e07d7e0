/** SMS inbox and sending (reference § cmd.sms.get, cmd.sms.sendMessage). */
import type { ConnId } from "./common";

/** GET cmd.sms.get: the active SIM's messages of a cellular WAN. */
export interface CmdSmsGetParams {
  connId: ConnId;
}

/** One stored message part (`<Message_Obj>`). Multipart messages arrive as several parts under one sender. */
export interface SmsPart {
  id: number;
  /** Display date, e.g. `Feb 17 13:55` (no year, router time zone). */
  date: string;
  timestamp: number;
  /** Length of the content; a string (`"50"`) on real firmware. */
  length: number | string;
  /** The text, per the reference's table. */
  content?: string;
  /** The text, per the reference's example (and the firmware it was taken from). Read both. */
  message?: string;
}

/** Messages from one sender (`<SMS_Obj>`). */
export interface SmsThread {
  sender: string;
  message: SmsPart[];
}

export interface CmdSmsGetResponse {
  /** WAN connection the messages belong to (the reference's table mislabels it "Access token"). */
  connId: number | string;
  /** SIM the messages were read from (the table mislabels it "Authorization type"). */
  simId: number;
  sms: SmsThread[];
}

/** POST cmd.sms.sendMessage. */
export interface CmdSmsSendMessageParams {
  /** WAN connection that sends; the router picks one when absent. */
  connId?: ConnId;
  /** `+` then 2–15 digits, first digit not 0, e.g. `+85235984335`. */
  address: string;
  content?: string;
}
