/**
 * Input readers shared by the handlers. They accept what the device accepts
 * (numbers as strings, space-separated lists, single values wrapped in arrays
 * as in the reference's own cmd.carrier.scan example) and throw ApiFail with a
 * message that names the parameter and what is allowed.
 */
import { ApiFail, badRequest } from "./envelope";

export type Params = Record<string, unknown>;

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `["4"]` → `"4"`: the reference sends single values as one-element arrays in places. */
export function scalar(v: unknown): unknown {
  return Array.isArray(v) && v.length === 1 ? v[0] : v;
}

export function missing(name: string): ApiFail {
  return badRequest(`Missing parameter: ${name}`);
}

export function has(params: Params, name: string): boolean {
  return params[name] !== undefined;
}

export interface IntRange {
  min?: number;
  max?: number;
}

function rangeText(r: IntRange): string {
  if (r.min !== undefined && r.max !== undefined) return ` between ${r.min} and ${r.max}`;
  if (r.min !== undefined) return ` of at least ${r.min}`;
  if (r.max !== undefined) return ` of at most ${r.max}`;
  return "";
}

export function toInt(value: unknown, name: string, range: IntRange = {}): number {
  const v = scalar(value);
  let n: number | undefined;
  if (typeof v === "number") n = v;
  else if (typeof v === "string" && /^\s*-?\d+\s*$/.test(v)) n = Number(v);
  if (n === undefined || !Number.isInteger(n) || (range.min !== undefined && n < range.min) || (range.max !== undefined && n > range.max)) {
    throw badRequest(`Invalid ${name}: must be an integer${rangeText(range)}`);
  }
  return n;
}

export function optInt(params: Params, name: string, range: IntRange = {}): number | undefined {
  return has(params, name) ? toInt(params[name], name, range) : undefined;
}

export function toBool(value: unknown, name: string): boolean {
  const v = scalar(value);
  if (typeof v === "boolean") return v;
  if (v === "true" || v === "yes" || v === 1 || v === "1") return true;
  if (v === "false" || v === "no" || v === 0 || v === "0") return false;
  throw badRequest(`Invalid ${name}: must be true or false`);
}

export function toStr(value: unknown, name: string, opts: { max?: number; nonEmpty?: boolean } = {}): string {
  const v = scalar(value);
  if (typeof v !== "string" && typeof v !== "number") throw badRequest(`Invalid ${name}: must be a string`);
  const s = String(v);
  if (opts.nonEmpty && s.length === 0) throw badRequest(`Invalid ${name}: must not be empty`);
  if (opts.max !== undefined && s.length > opts.max) throw badRequest(`Invalid ${name}: longer than ${opts.max} characters`);
  return s;
}

export function reqStr(params: Params, name: string, opts: { max?: number; nonEmpty?: boolean } = {}): string {
  if (!has(params, name)) throw missing(name);
  return toStr(params[name], name, opts);
}

export function optStr(params: Params, name: string, opts: { max?: number; nonEmpty?: boolean } = {}): string | undefined {
  return has(params, name) ? toStr(params[name], name, opts) : undefined;
}

export function toEnum<T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
  const v = scalar(value);
  if (typeof v === "string" && (allowed as readonly string[]).includes(v)) return v as T;
  throw badRequest(`Invalid ${name}: must be one of ${allowed.join(", ")}`);
}

export function optEnum<T extends string>(params: Params, name: string, allowed: readonly T[]): T | undefined {
  return has(params, name) ? toEnum(params[name], name, allowed) : undefined;
}

/** Space-, comma- or array-separated list of strings (`infoType=band signal`). */
export function strList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const item of items) {
    if (typeof item !== "string" && typeof item !== "number") continue;
    for (const part of String(item).split(/[\s,]+/)) if (part) out.push(part);
  }
  return out;
}

/** `id=1 2` / `[1,"2"]` → [1, 2]. */
export function numList(value: unknown, name: string): number[] {
  if (Array.isArray(value)) return value.flatMap((v) => numList(v, name));
  if (typeof value === "number") return [toInt(value, name)];
  if (typeof value !== "string") throw badRequest(`Invalid ${name}: must be a number or a list of numbers`);
  return strList(value).map((p) => toInt(p, name));
}

export function enumList<T extends string>(value: unknown, name: string, allowed: readonly T[]): T[] {
  return strList(value).map((v) => toEnum(v, name, allowed));
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
export function toIpv4(value: unknown, name: string): string {
  const v = scalar(value);
  if (typeof v !== "string" || !IPV4.test(v)) throw badRequest(`Invalid ${name}: must be an IPv4 address`);
  return v;
}

const MAC = /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/;
export function toMac(value: unknown, name: string): string {
  const v = scalar(value);
  if (typeof v !== "string" || !MAC.test(v)) throw badRequest(`Invalid ${name}: must be a MAC address like 00:1A:DD:ED:8F:69`);
  return v.toUpperCase();
}

export function toObject(value: unknown, name: string): Record<string, unknown> {
  if (!isObject(value)) throw badRequest(`Invalid ${name}: must be an object`);
  return value;
}

export function toArray(value: unknown, name: string): unknown[] {
  if (!Array.isArray(value)) throw badRequest(`Invalid ${name}: must be an array`);
  return value;
}

/**
 * Fails on `null` anywhere in a POST body except at the listed paths, as the
 * device does. Paths are dotted, arrays written `[]`: `list[].connection.idleTimeout`.
 */
export function rejectNulls(body: unknown, allowed: readonly string[] = [], path = ""): void {
  if (body === null) {
    if (!allowed.includes(path)) throw badRequest(`Invalid ${path || "request"}: null is not allowed here; leave the field out instead`);
    return;
  }
  if (Array.isArray(body)) {
    for (const item of body) rejectNulls(item, allowed, `${path}[]`);
    return;
  }
  if (isObject(body)) {
    for (const [k, v] of Object.entries(body)) rejectNulls(v, allowed, path ? `${path}.${k}` : k);
  }
}
