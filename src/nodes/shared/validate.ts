/**
 * Validators for values that arrive in messages or settings. Each returns the
 * cleaned value or throws a PeplinkInputError naming the field and what is
 * allowed — before any request is sent. Bad values are described, not echoed
 * when long or possibly secret.
 */
import { PeplinkInputError } from "../../api/errors";

// eslint-disable-next-line no-control-regex -- control characters are what this check refuses
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const NEWLINES = /[\r\n\t]/;

/** A short, safe description of a value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") {
    if (value.length === 0) return "an empty string";
    if (value.length > 40 || CONTROL_CHARS.test(value) || NEWLINES.test(value)) return `a string of ${value.length} characters`;
    return JSON.stringify(value);
  }
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : String(value);
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return `a ${typeof value === "object" ? "object" : typeof value}`;
}

function fail(field: string, allowed: string, value: unknown): never {
  throw new PeplinkInputError(field, `must be ${allowed} (got ${describeValue(value)})`);
}

export interface IntRange {
  min?: number;
  max?: number;
}

/**
 * An integer, also from a numeric string (`"4"`, spaces around it forgiven),
 * within [min, max]. Newlines, tabs and other control characters are refused:
 * `"4\n"` is not the number 4 (found by the reliability suite's bad-input matrix).
 */
export function asInt(value: unknown, field: string, range: IntRange = {}): number {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = range;
  const allowed =
    range.min !== undefined && range.max !== undefined
      ? `an integer from ${min} to ${max}`
      : range.min !== undefined
        ? `an integer of at least ${min}`
        : "an integer";
  let n: number;
  if (typeof value === "number") n = value;
  else if (typeof value === "string" && /^ *-?\d+ *$/.test(value)) n = Number(value);
  else fail(field, allowed, value);
  if (!Number.isInteger(n) || n < min || n > max) fail(field, allowed, value);
  return n;
}

/** A WAN connection ID (positive integer). */
export function asConnId(value: unknown, field = "connId"): number {
  return asInt(value, field, { min: 1, max: 255 });
}

/** One of a fixed set of strings. */
export function asEnum<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  return fail(field, `one of ${allowed.join(", ")}`, value);
}

export interface StringRules {
  /** Minimum length (default 1: empty strings are refused). */
  min?: number;
  /** Maximum length (default 1024). */
  max?: number;
  /** Allow newlines and tabs (SMS text); other control characters are always refused. */
  multiline?: boolean;
  pattern?: RegExp;
  /** What the pattern means, for the error message. */
  patternText?: string;
}

export function asString(value: unknown, field: string, rules: StringRules = {}): string {
  const { min = 1, max = 1024 } = rules;
  if (typeof value !== "string") return fail(field, "a string", value);
  if (value.length < min) return fail(field, min === 1 ? "a non-empty string" : `at least ${min} characters`, value);
  if (value.length > max) return fail(field, `at most ${max} characters`, value);
  if (CONTROL_CHARS.test(value) || (!rules.multiline && NEWLINES.test(value))) {
    return fail(field, rules.multiline ? "text without control characters" : "a single line without control characters", value);
  }
  if (rules.pattern && !rules.pattern.test(value)) return fail(field, rules.patternText ?? `text matching ${rules.pattern}`, value);
  return value;
}

/** true/false, also from "true"/"false", "on"/"off", "yes"/"no", 1/0. */
export function asBoolean(value: unknown, field: string): boolean {
  if (typeof value === "boolean") return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value === "string") {
    const v = value.trim().toLowerCase();
    if (v === "true" || v === "on" || v === "yes" || v === "1") return true;
    if (v === "false" || v === "off" || v === "no" || v === "0") return false;
  }
  return fail(field, "true or false", value);
}

/** A plain object (not null, not an array). */
export function asObject(value: unknown, field: string): Record<string, unknown> {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  return fail(field, "an object", value);
}

export interface ListRules {
  min?: number;
  max?: number;
  /** Accept a single value as a one-item list (default true). */
  single?: boolean;
}

/** A list of items (or one item), each checked by `item` with field `name[i]`. */
export function asList<T>(value: unknown, field: string, item: (v: unknown, f: string) => T, rules: ListRules = {}): T[] {
  const { min = 1, max = 100, single = true } = rules;
  let items: unknown[];
  if (Array.isArray(value)) items = value;
  else if (single && value !== undefined && value !== null && value !== "") items = [value];
  else return fail(field, `a list of ${min} to ${max} items`, value);
  if (items.length < min || items.length > max) {
    return fail(field, min === max ? `a list of ${min} items` : `a list of ${min} to ${max} items`, value);
  }
  return items.map((v, i) => item(v, `${field}[${i}]`));
}

/** Rejects keys of an object that are not in `allowed` (catches typos such as `prority`). */
export function onlyKeys(obj: Record<string, unknown>, field: string, allowed: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      throw new PeplinkInputError(`${field}.${key}`, `is not a known field; allowed: ${allowed.join(", ")}`);
    }
  }
}

/**
 * Rows of an editor table (editableList) as objects to validate: the editor
 * stores strings, and an empty cell means "leave unchanged", so it is dropped.
 */
export function editorRows(rows: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(rows)) return [];
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries((row ?? {}) as Record<string, unknown>)) if (v !== "" && v !== undefined && v !== null) out[k] = v;
    return out;
  });
}

/** Inject nodes send epoch milliseconds; an integer from 1e9 on is taken as a timestamp (a trigger), not a value. */
export function isInjectTimestamp(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= 1e9;
}

/**
 * A poll interval setting in seconds (decimals allowed) as milliseconds; empty
 * means the default. `field` names the setting in the error.
 */
export function asIntervalMs(
  value: string | number | undefined,
  field: string,
  range: { defaultS: number; minS: number; maxS: number },
): number {
  if (value === undefined || value === "") return range.defaultS * 1000;
  const n = typeof value === "number" ? value : Number(String(value).trim());
  if (!Number.isFinite(n) || n < range.minS || n > range.maxS) {
    throw new PeplinkInputError(field, `must be ${range.minS} to ${range.maxS} seconds (got ${describeValue(value)})`);
  }
  return Math.round(n * 1000);
}
