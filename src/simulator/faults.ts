/**
 * Injected faults: a queue of rules, each applying to the next N matching
 * `/api/*` requests. The first matching rule wins for a request.
 */
import type { FaultKind, FaultSpec } from "./types";

export const FAULT_KINDS: readonly FaultKind[] = [
  "latency",
  "http500",
  "html",
  "malformed",
  "hang",
  "reset",
  "act-then-reset",
  "http401",
  "grant-internal-error",
];

export interface AppliedFault {
  kind: FaultKind;
  latencyMs: number;
}

interface Rule {
  kind: FaultKind;
  remaining: number;
  endpoint: string | undefined;
  latencyMs: number;
}

const GRANT = "auth.token.grant";

export class FaultQueue {
  private rules: Rule[] = [];

  /** Throws a TypeError on an unknown kind or a bad count. */
  add(spec: FaultSpec): void {
    if (!FAULT_KINDS.includes(spec.kind)) throw new TypeError(`unknown fault kind ${String(spec.kind)}; one of ${FAULT_KINDS.join(", ")}`);
    const count = spec.count ?? 1;
    if (!(count === Infinity || (Number.isInteger(count) && count > 0)))
      throw new TypeError("fault count must be a positive integer or Infinity");
    const latencyMs = spec.latencyMs ?? 1000;
    if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new TypeError("latencyMs must be a non-negative number");
    // A grant error only makes sense on the grant endpoint, whatever filter was given.
    const endpoint = spec.kind === "grant-internal-error" ? GRANT : spec.endpoint || undefined;
    this.rules.push({ kind: spec.kind, remaining: count, endpoint, latencyMs });
  }

  clear(): void {
    this.rules = [];
  }

  get size(): number {
    return this.rules.length;
  }

  /** Consumes one use of the first rule matching this endpoint. */
  take(endpoint: string): AppliedFault | undefined {
    if (this.rules.length === 0) return undefined;
    const index = this.rules.findIndex((r) => r.endpoint === undefined || r.endpoint === endpoint);
    if (index < 0) return undefined;
    const rule = this.rules[index];
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules.splice(index, 1);
    return { kind: rule.kind, latencyMs: rule.latencyMs };
  }
}
