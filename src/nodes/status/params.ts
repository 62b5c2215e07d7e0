/**
 * Checks the query parameters of a readable operation against its ParamInfo
 * (required, allowed values, numbers, lists) before anything is sent, and
 * returns them cleaned: numbers as numbers, lists as arrays (the client sends
 * them space-separated), absent values left out.
 */
import type { OperationInfo, ParamInfo } from "../../api/endpoints";
import { PeplinkInputError } from "../../api/errors";
import { asBoolean, asConnId, asEnum, asInt, asList, asObject, asString, describeValue, type IntRange } from "../shared/validate";

/** Names the field a value came from, e.g. `params.connId` or `connId setting`. */
export type FieldNamer = (name: string) => string;

const MAX_LIST = 100;
/** Ranges the reference gives (or that make sense) per parameter name; other integers are ≥ 0. */
const RANGES: Readonly<Record<string, IntRange>> = {
  connId: { min: 1, max: 255 },
  vlanId: { min: 1, max: 4094 },
  size: { min: 1, max: 100000 },
  start: { min: 0, max: 100000 },
};
const TOKEN = /^[A-Za-z0-9_.:-]+$/;

function isYesNo(p: ParamInfo): boolean {
  return !!p.values && p.values.length === 2 && p.values.includes("yes") && p.values.includes("no");
}

function intOf(p: ParamInfo, value: unknown, field: string): number {
  if (p.name === "connId") return asConnId(value, field);
  const range = RANGES[p.name] ?? { min: 0 };
  const n = asInt(value, field, range);
  if (p.values && !p.values.includes(String(n))) throw new PeplinkInputError(field, `must be one of ${p.values.join(", ")} (got ${n})`);
  return n;
}

/** A list from an array, one value, or a string of values separated by spaces or commas. */
function itemsOf(value: unknown, field: string): unknown[] {
  if (typeof value === "string") {
    const parts = value.split(/[\s,]+/).filter((s) => s !== "");
    if (parts.length === 0) throw new PeplinkInputError(field, `must be a list of values (got ${describeValue(value)})`);
    return parts;
  }
  return asList(value, field, (v) => v, { min: 1, max: MAX_LIST });
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function stringOf(p: ParamInfo, value: unknown, field: string): string {
  if (p.values) {
    if (typeof value === "boolean" && isYesNo(p)) return value ? "yes" : "no";
    return asEnum(value, field, p.values);
  }
  return asString(value, field, { max: 256 });
}

function listItem(p: ParamInfo, value: unknown, field: string): string {
  if (p.values) return asEnum(value, field, p.values);
  return asString(value, field, { max: 64, pattern: TOKEN, patternText: "a value of letters, digits, '-', '_', '.' or ':'" });
}

function checkOne(p: ParamInfo, value: unknown, field: string): unknown {
  switch (p.type) {
    case "number":
      return intOf(p, value, field);
    case "numlist":
      return unique(itemsOf(value, field).map((v, i) => intOf(p, v, `${field}[${i}]`)));
    case "list":
      return unique(itemsOf(value, field).map((v, i) => listItem(p, v, `${field}[${i}]`)));
    case "string":
      return stringOf(p, value, field);
    case "boolean":
      return asBoolean(value, field);
    case "object":
      return asObject(value, field);
    case "array":
      if (!Array.isArray(value)) throw new PeplinkInputError(field, `must be an array (got ${describeValue(value)})`);
      return value;
  }
}

/**
 * Validates `params` for `op`: unknown names, missing required ones and bad
 * values are refused with an error naming the field. `undefined` and `null`
 * count as absent (null in msg.params removes a configured parameter).
 */
export function checkParams(op: OperationInfo, params: Record<string, unknown>, fieldOf: FieldNamer): Record<string, unknown> {
  const names = op.params.map((p) => p.name);
  for (const key of Object.keys(params)) {
    if (!names.includes(key) && params[key] !== undefined && params[key] !== null) {
      throw new PeplinkInputError(
        fieldOf(key),
        names.length
          ? `is not a parameter of ${op.endpoint}; allowed: ${names.join(", ")}`
          : `is not allowed: ${op.endpoint} takes no parameters`,
      );
    }
  }
  const out: Record<string, unknown> = {};
  for (const p of op.params) {
    const value = params[p.name];
    if (value === undefined || value === null) {
      if (p.required) throw new PeplinkInputError(fieldOf(p.name), `is required by ${op.endpoint}: ${p.description}`);
      continue;
    }
    out[p.name] = checkOne(p, value, fieldOf(p.name));
  }
  return out;
}
