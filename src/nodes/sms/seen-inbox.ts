/**
 * Which SMS parts a node has already seen, per SIM, so each SMS is emitted
 * once — across polls, redeploys and (with a persistent context store)
 * restarts. The state is small (one key per stored part) and is saved in the
 * node's context by the caller.
 *
 * The first read of a SIM's inbox after a start is the baseline:
 * - saved state for that SIM (a redeploy, or a restart with a persistent
 *   context store): only parts not in it are new — SMS that arrived meanwhile;
 * - no saved state (first start, or a restart with memory context): nothing is
 *   new, the inbox is only recorded;
 * - `emitExisting`: everything on the SIM is emitted once at that first read.
 */
import { partsPassing, type ReceivedSms } from "./inbox";

export interface SeenSnapshot {
  v: 1;
  /** Device and WAN the state belongs to; state of another scope is ignored. */
  scope: string;
  /** SIM key → part keys. */
  sims: Record<string, string[]>;
}

export interface SeenOptions {
  emitExisting: boolean;
  /** Part keys kept per SIM at most (beyond the current inbox, oldest are forgotten first). */
  maxKeys?: number;
}

function restore(saved: unknown, scope: string): Map<string, Set<string>> {
  const sims = new Map<string, Set<string>>();
  if (!saved || typeof saved !== "object") return sims;
  const snap = saved as Partial<SeenSnapshot>;
  if (snap.v !== 1 || snap.scope !== scope || !snap.sims || typeof snap.sims !== "object") return sims;
  for (const [sim, keys] of Object.entries(snap.sims)) {
    if (Array.isArray(keys)) sims.set(sim, new Set(keys.filter((k): k is string => typeof k === "string")));
  }
  return sims;
}

export class SeenInbox {
  private readonly seen: Map<string, Set<string>>;
  /** SIMs whose inbox was read since this start. */
  private readonly started = new Set<string>();
  private readonly maxKeys: number;

  constructor(
    readonly scope: string,
    saved: unknown,
    private readonly options: SeenOptions,
  ) {
    this.seen = restore(saved, scope);
    this.maxKeys = options.maxKeys ?? 1000;
  }

  /** Whether saved state for this SIM was found or recorded. */
  knows(sim: string): boolean {
    return this.seen.has(sim);
  }

  /**
   * Takes one read of a SIM's inbox; returns the new messages (oldest first)
   * and whether the state to save changed.
   */
  update(sim: string, messages: ReceivedSms[]): { fresh: ReceivedSms[]; changed: boolean } {
    const first = !this.started.has(sim);
    this.started.add(sim);
    let seen = this.seen.get(sim);
    let changed = false;
    let fresh: ReceivedSms[];
    if (first && this.options.emitExisting) fresh = messages;
    else if (!seen) fresh = [];
    else {
      const known = seen;
      fresh = messages.map((m) => partsPassing(m, (p) => !known.has(p.key))).filter((m): m is ReceivedSms => m !== undefined);
    }
    if (!seen) {
      seen = new Set();
      this.seen.set(sim, seen);
      changed = true;
    }
    const current = new Set<string>();
    for (const m of messages) {
      for (const p of m.parts) {
        current.add(p.key);
        if (!seen.has(p.key)) {
          seen.add(p.key);
          changed = true;
        }
      }
    }
    if (this.trim(seen, current)) changed = true;
    return { fresh, changed };
  }

  /** Forgets the oldest keys beyond maxKeys, never one still in the inbox (it would come back as new). */
  private trim(seen: Set<string>, current: Set<string>): boolean {
    let excess = seen.size - this.maxKeys;
    let deleted = false;
    for (const key of seen) {
      if (excess <= 0) break;
      if (current.has(key)) continue;
      seen.delete(key);
      deleted = true;
      excess--;
    }
    return deleted;
  }

  snapshot(): SeenSnapshot {
    const sims: Record<string, string[]> = {};
    for (const [sim, keys] of this.seen) sims[sim] = [...keys];
    return { v: 1, scope: this.scope, sims };
  }
}
