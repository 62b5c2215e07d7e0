/**
 * SMS recipients: one address, a list of addresses, or one string with
 * addresses separated by commas, semicolons or new lines. Spaces and dashes
 * that people type ("+852 3598-4335") are removed; what remains must be what
 * the router accepts — "+" then 2 to 15 digits, the first not 0 — so an
 * invalid number is refused here and never sent.
 */
import { PeplinkInputError } from "../../api/errors";
import { describeValue } from "../shared/validate";

/** The reference's rule for `address` of cmd.sms.sendMessage. */
export const SMS_ADDRESS = /^\+[1-9]\d{1,14}$/;
export const MAX_RECIPIENTS = 100;
/** A separated list longer than this cannot be MAX_RECIPIENTS sane numbers. */
const MAX_LIST_TEXT = 4000;
const SEPARATORS = /[,;\n]/;
/** Typing aids removed before the check: spaces (also non-breaking) and dashes. */
const TYPING_AIDS = /[ \u00A0-]/g;
const RULE = '"+" then 2 to 15 digits, the first not 0, e.g. +85235984335';

function fail(field: string, allowed: string, value: unknown): never {
  throw new PeplinkInputError(field, `must be ${allowed} (got ${describeValue(value)})`);
}

/** One address, cleaned of spaces and dashes; throws naming `field` when it is not a valid number. */
export function smsAddress(value: unknown, field: string): string {
  if (typeof value !== "string") return fail(field, `a phone number as text: ${RULE}`, value);
  const cleaned = value.trim().replace(TYPING_AIDS, "");
  if (SMS_ADDRESS.test(cleaned)) return cleaned;
  const hint = /^00[1-9]/.test(cleaned) ? ' (write "+" instead of the leading 00)' : "";
  return fail(field, `${RULE}${hint}`, value);
}

/**
 * The recipients in order, without repeats. `field` names the source in errors
 * (`to`, `address`, `to setting`); items of a list are named `field[i]`.
 */
export function smsRecipients(value: unknown, field: string): string[] {
  let items: unknown[];
  let itemField = (i: number): string => `${field}[${i}]`;
  if (typeof value === "string") {
    if (value.length > MAX_LIST_TEXT) return fail(field, `at most ${MAX_RECIPIENTS} phone numbers`, value);
    items = value.split(SEPARATORS).filter((part) => part.trim() !== "");
    if (items.length === 0) return fail(field, `a phone number (${RULE}) or several separated by commas`, value);
    if (items.length === 1) itemField = () => field;
  } else if (Array.isArray(value)) {
    items = value;
    if (items.length === 0) return fail(field, `a list of 1 to ${MAX_RECIPIENTS} phone numbers`, value);
  } else {
    return fail(field, `a phone number as text (${RULE}) or a list of them`, value);
  }
  if (items.length > MAX_RECIPIENTS) return fail(field, `a list of 1 to ${MAX_RECIPIENTS} phone numbers`, value);
  const out: string[] = [];
  items.forEach((item, i) => {
    const address = smsAddress(item, itemField(i));
    if (!out.includes(address)) out.push(address);
  });
  return out;
}

/** "+85235984335" → "+852…35" for status texts: enough to recognise, not the whole number. */
export function maskAddress(address: string): string {
  if (address.length <= 7) return address;
  return `${address.slice(0, 4)}…${address.slice(-2)}`;
}
