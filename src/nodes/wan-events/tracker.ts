/**
 * Remembers the last state of each watched WAN and turns a new
 * status.wan.connection answer into events: one per WAN whose state changed,
 * including WANs that appear (previousState null) or disappear (state
 * "removed"). WANs are read via `order`, never via all keys.
 */
import type { WanStatus } from "../../api/types";
import { wanIds } from "../shared/wan-list";
import { summarize, type WanEventPayload, type WanState } from "./wan-state";

type Summary = Omit<WanEventPayload, "previousState" | "changed" | "event">;
type Known = WanState | "removed";

export class WanTracker {
  private readonly last = new Map<number, Summary>();
  private baseline = false;

  /** `filter`: the connection IDs to watch; undefined = every WAN. */
  constructor(private readonly filter: ReadonlySet<number> | undefined) {}

  /** Whether an answer has been seen (the baseline is set). */
  get hasBaseline(): boolean {
    return this.baseline;
  }

  /** WANs currently known (not removed), in the router's order of the last answer. */
  current(): Summary[] {
    return [...this.last.values()].filter((s) => s.state !== "removed");
  }

  /** IDs in the filter that the answer does not hold. */
  missing(response: unknown): number[] {
    if (!this.filter) return [];
    const present = new Set(wanIds(response).map(Number));
    return [...this.filter].filter((id) => !present.has(id));
  }

  /**
   * Applies an answer. Returns the events to send:
   * - "change": only WANs whose state changed (nothing on the first answer, which sets the baseline);
   * - "start":  every watched WAN, previousState null (the first answer only);
   * - "input":  every watched WAN, changed or not.
   */
  apply(response: unknown, event: WanEventPayload["event"]): WanEventPayload[] {
    const first = !this.baseline;
    this.baseline = true;
    const map = (response && typeof response === "object" ? response : {}) as Record<string, unknown>;
    const seen = new Set<number>();
    const out: WanEventPayload[] = [];
    for (const key of wanIds(response)) {
      const id = Number(key);
      if (this.filter && !this.filter.has(id)) continue;
      seen.add(id);
      const now = summarize(id, map[key] as Partial<WanStatus>);
      const before = this.last.get(id);
      this.last.set(id, now);
      const previous: Known | null = first ? null : (before?.state ?? null);
      if (this.wanted(event, first, previous, now.state)) out.push(this.payload(now, previous, event));
    }
    for (const [id, before] of [...this.last]) {
      if (seen.has(id) || before.state === "removed") continue;
      // Gone from the answer: reported once as "removed", then remembered as such.
      const gone: Summary = {
        connId: id,
        name: before.name,
        state: "removed",
        message: "",
        statusLed: "",
        type: before.type,
        enable: before.enable,
      };
      this.last.set(id, gone);
      if (event !== "start") out.push(this.payload(gone, before.state, event));
    }
    return out;
  }

  private wanted(event: WanEventPayload["event"], first: boolean, previous: Known | null, state: Known): boolean {
    if (event === "input") return true;
    // The first answer only sets the baseline, unless the states at start are wanted.
    if (first) return event === "start";
    return previous !== state;
  }

  private payload(now: Summary, previous: Known | null, event: WanEventPayload["event"]): WanEventPayload {
    const { connId, name, state, ...rest } = now;
    return { connId, name, state, previousState: previous, changed: previous !== state, event, ...rest };
  }
}
