/**
 * The text of an SMS to send. Checked before anything is sent: not empty, no
 * control characters other than newline and tab, and no longer than the router
 * takes (10 parts: 1530 characters of the GSM alphabet, 670 of anything else,
 * counted in code points as the simulator does).
 */
import { PeplinkInputError } from "../../api/errors";
import { describeValue } from "../shared/validate";

export const MAX_GSM_CHARS = 1530;
export const MAX_UNICODE_CHARS = 670;

// GSM 03.38 basic set and extension table (mirrors src/simulator/sms-store.ts):
// such text goes 160 / 153 characters per part, anything else 70 / 67 (UCS-2).
const GSM7 = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà^{}\\[~\]|€]*$/;
// C0 except tab and newline, DEL, C1. A carriage return is allowed only as part of \r\n (made \n).
// eslint-disable-next-line no-control-regex -- control characters are what this check refuses
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

export function isGsmText(text: string): boolean {
  return GSM7.test(text);
}

function fail(field: string, allowed: string, value: unknown): never {
  throw new PeplinkInputError(field, `must be ${allowed} (got ${describeValue(value)})`);
}

/**
 * The SMS text from `value`: a string, or a number/boolean sent as its text.
 * Windows line ends become "\n".
 */
export function smsText(value: unknown, field = "payload"): string {
  let text: string;
  if (typeof value === "string") text = value;
  else if ((typeof value === "number" && Number.isFinite(value)) || typeof value === "boolean") text = String(value);
  else return fail(field, "the SMS text: a string (numbers and booleans are sent as text)", value);
  // A code point takes at most two UTF-16 units: anything longer is over every limit; skip the scans.
  if (text.length > 2 * MAX_GSM_CHARS) return fail(field, `at most ${MAX_GSM_CHARS} characters`, value);
  text = text.replace(/\r\n/g, "\n");
  if (text.trim() === "") return fail(field, "a non-empty text", value);
  if (CONTROL.test(text)) return fail(field, "text without control characters (newline and tab are allowed)", value);
  const gsm = isGsmText(text);
  const max = gsm ? MAX_GSM_CHARS : MAX_UNICODE_CHARS;
  const length = Array.from(text).length;
  if (length > max) {
    return fail(
      field,
      gsm
        ? `at most ${MAX_GSM_CHARS} characters`
        : `at most ${MAX_UNICODE_CHARS} characters when it has characters outside the GSM alphabet (emoji, tab, most non-Latin scripts)`,
      value,
    );
  }
  return text;
}
