/**
 * SMS inboxes: adding messages (split into parts like a phone network would)
 * and rendering an inbox the way cmd.sms.get shows it.
 */
import type { DeviceState, SimCard, SmsMessage } from "./state";

// GSM 03.38 basic set plus the extension table: such text goes 160 / 153 characters per part, anything else 70 / 67 (UCS-2).
const GSM7 = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà^{}\\[~\]|€]*$/;

export function isGsm7(text: string): boolean {
  return GSM7.test(text);
}

/** Longest content one SMS may have when sent (10 parts). */
export function maxSmsLength(text: string): number {
  return isGsm7(text) ? 1530 : 670;
}

export function splitSms(content: string, parts?: number): string[] {
  const chars = Array.from(content); // code points, so surrogate pairs stay whole
  if (parts !== undefined && parts > 1) {
    const size = Math.max(1, Math.ceil(chars.length / parts));
    const out: string[] = [];
    for (let i = 0; i < parts; i++) out.push(chars.slice(i * size, (i + 1) * size).join(""));
    return out;
  }
  const gsm = isGsm7(content);
  const single = gsm ? 160 : 70;
  if (chars.length <= single) return [content];
  const size = gsm ? 153 : 67;
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(""));
  return out;
}

/** Adds a message (one entry per part, sharing sender and timestamp); returns the ids. */
export function addSms(
  state: DeviceState,
  card: SimCard,
  sender: string,
  content: string,
  opts: { now: number; parts?: number },
): number[] {
  const timestamp = Math.floor(opts.now / 1000);
  const ids: number[] = [];
  for (const part of splitSms(content, opts.parts)) {
    const msg: SmsMessage = { id: state.nextSmsId++, sender, timestamp, content: part };
    card.sms.push(msg);
    ids.push(msg.id);
  }
  return ids;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Feb 17 13:55", as the device prints it (UTC here). */
export function smsDate(timestamp: number): string {
  const d = new Date(timestamp * 1000);
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** Groups an inbox by sender, in order of each sender's first message, messages by id. */
export function renderInbox(card: SimCard): Array<{ sender: string; message: Array<Record<string, unknown>> }> {
  const groups = new Map<string, Array<Record<string, unknown>>>();
  for (const m of [...card.sms].sort((a, b) => a.id - b.id)) {
    let list = groups.get(m.sender);
    if (!list) groups.set(m.sender, (list = []));
    list.push({
      id: m.id,
      date: smsDate(m.timestamp),
      timestamp: m.timestamp,
      // A string, as the device sends it.
      length: String(Array.from(m.content).length),
      message: m.content,
    });
  }
  return [...groups].map(([sender, message]) => ({ sender, message }));
}
