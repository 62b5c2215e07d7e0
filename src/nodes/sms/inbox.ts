/**
 * Reads a cmd.sms.get answer into whole messages. The router lists message
 * parts per sender; the parts of one multipart SMS share sender and timestamp,
 * so parts are grouped by (sender, timestamp) and joined in id order. Real
 * firmware quirks: the text is `message` (the reference's table says
 * `content`: both are read), `length` and numbers may be strings.
 */

/** A string or number field as text; anything else (absent, an object) as "". */
function scalarText(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

export interface SmsPart {
  id: number;
  /** Identifies one stored part: ids are SIM slots and get reused, so sender and timestamp are part of the key. */
  key: string;
  text: string;
}

export interface ReceivedSms {
  from: string;
  /** The parts' texts joined in id order. */
  text: string;
  /** Device timestamp, epoch seconds (NaN when the device sent none). */
  timestamp: number;
  /** In id order. */
  parts: SmsPart[];
}

export interface Inbox {
  connId: number | undefined;
  simId: number | undefined;
  messages: ReceivedSms[];
}

type Raw = Record<string, unknown>;

function isObject(value: unknown): value is Raw {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function numberOf(value: unknown): number {
  return typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
}

function textOf(part: Raw): string {
  if (typeof part.message === "string") return part.message;
  if (typeof part.content === "string") return part.content;
  return "";
}

interface RawPart {
  id: number;
  timestamp: number;
  rawTimestamp: string;
  text: string;
}

function partsOf(thread: Raw): RawPart[] {
  const list = Array.isArray(thread.message) ? thread.message : [];
  return list.filter(isObject).map((part) => ({
    id: numberOf(part.id),
    timestamp: numberOf(part.timestamp),
    rawTimestamp: scalarText(part.timestamp),
    text: textOf(part),
  }));
}

function byTimeThenId(a: ReceivedSms, b: ReceivedSms): number {
  const ta = Number.isFinite(a.timestamp) ? a.timestamp : Infinity;
  const tb = Number.isFinite(b.timestamp) ? b.timestamp : Infinity;
  return ta - tb || (a.parts[0]?.id ?? 0) - (b.parts[0]?.id ?? 0);
}

/**
 * The messages of a cmd.sms.get response (`CmdSmsGetResponse`, read without
 * trusting its shape), oldest first. A missing `sms` list is an empty inbox.
 */
export function readInbox(response: unknown): Inbox {
  const raw = isObject(response) ? response : {};
  const connId = numberOf(raw.connId);
  const simId = numberOf(raw.simId);
  const messages: ReceivedSms[] = [];
  for (const thread of Array.isArray(raw.sms) ? raw.sms.filter(isObject) : []) {
    const from = scalarText(thread.sender);
    const groups = new Map<string, RawPart[]>();
    for (const part of partsOf(thread)) {
      const group = groups.get(part.rawTimestamp);
      if (group) group.push(part);
      else groups.set(part.rawTimestamp, [part]);
    }
    for (const parts of groups.values()) {
      parts.sort((a, b) => a.id - b.id);
      messages.push(message(from, parts));
    }
  }
  return {
    connId: Number.isFinite(connId) ? connId : undefined,
    simId: Number.isFinite(simId) ? simId : undefined,
    messages: messages.sort(byTimeThenId),
  };
}

function message(from: string, raw: RawPart[]): ReceivedSms {
  return withParts(
    { from, text: "", timestamp: raw[0].timestamp, parts: [] },
    raw.map((p) => ({ id: p.id, key: `${from}|${p.rawTimestamp}|${p.id}`, text: p.text })),
  );
}

function withParts(sms: ReceivedSms, parts: SmsPart[]): ReceivedSms {
  return { ...sms, parts, text: parts.map((p) => p.text).join("") };
}

/**
 * The parts of `sms` that pass `keep`: the whole message, a message of just
 * those parts (a part that arrived after its siblings were seen), or undefined.
 */
export function partsPassing(sms: ReceivedSms, keep: (part: SmsPart) => boolean): ReceivedSms | undefined {
  const parts = sms.parts.filter(keep);
  if (parts.length === sms.parts.length) return sms;
  return parts.length ? withParts(sms, parts) : undefined;
}
