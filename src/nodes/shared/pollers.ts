/**
 * Shared pollers: every node that polls the same endpoint with the same
 * parameters at the same interval on one device shares one timer and one
 * request per tick. A tick is skipped (and counted) while the previous request
 * of the same poller is still running, so a slow router never piles up polls.
 *
 * A poller polls once right after it starts, then every interval at the phase
 * of its slot (poll-clocks.ts), so that not every poller of a deploy ticks at
 * the same moment.
 */
import type { ApiResult } from "../../api/client";
import type { HttpMethod } from "../../api/endpoints";
import { joinClock } from "./poll-clocks";

export interface PollSpec {
  method: HttpMethod;
  endpoint: string;
  params?: object;
  intervalMs: number;
}

export type PollOutcome = { ok: true; result: ApiResult<unknown>; at: number } | { ok: false; error: Error; at: number };

export type PollListener = (outcome: PollOutcome) => void;

export type PollCall = (method: HttpMethod, endpoint: string, params: object | undefined) => Promise<ApiResult<unknown>>;

export interface PollerStats {
  pollers: number;
  subscribers: number;
  ticks: number;
  requests: number;
  skippedTicks: number;
}

/** JSON with sorted keys, so `{a,b}` and `{b,a}` share a poller. */
export function stableKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableKey).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableKey(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

class Poller {
  readonly listeners = new Set<PollListener>();
  private first: NodeJS.Timeout | undefined;
  private leaveClock: (() => void) | undefined;
  /** When the first poll ran (until the clock's first tick). */
  private firstAt: number | undefined;
  private stopped = false;
  private running = false;
  last: PollOutcome | undefined;

  constructor(
    private readonly spec: PollSpec,
    private readonly call: PollCall,
    private readonly stats: PollerStats,
    private readonly report: ListenerErrorReport,
  ) {}

  start(): void {
    // The first poll waits one macrotask so that nodes started in the same
    // deploy subscribe first and share it.
    this.first = setTimeout(() => {
      this.first = undefined;
      this.firstAt = performance.now();
      this.tick();
    }, 0);
    this.leaveClock = joinClock(this.spec.intervalMs, () => this.onClock());
  }

  stop(): void {
    this.stopped = true;
    if (this.first) clearTimeout(this.first);
    this.leaveClock?.();
    this.first = undefined;
    this.leaveClock = undefined;
    this.listeners.clear();
  }

  private onClock(): void {
    // The clock's phase is not the first poll's: its first tick may come right
    // after (or even before) that poll; it is not a poll of its own then.
    if (this.first) return;
    if (this.firstAt !== undefined) {
      const since = performance.now() - this.firstAt;
      this.firstAt = undefined;
      if (since < this.spec.intervalMs / 2) return;
    }
    this.tick();
  }

  private tick(): void {
    this.stats.ticks++;
    if (this.running) {
      this.stats.skippedTicks++;
      return;
    }
    this.running = true;
    this.stats.requests++;
    this.call(this.spec.method, this.spec.endpoint, this.spec.params).then(
      (result) => this.deliver({ ok: true, result, at: Date.now() }),
      (error: unknown) => this.deliver({ ok: false, error: error instanceof Error ? error : new Error(String(error)), at: Date.now() }),
    );
  }

  private deliver(outcome: PollOutcome): void {
    this.running = false;
    if (this.stopped) return; // stopped while the request was running
    this.last = outcome;
    // One node's failing listener must not keep the outcome from the others (nor become an unhandled rejection).
    for (const listener of [...this.listeners]) {
      try {
        listener(outcome);
      } catch (err) {
        this.report(this.spec.endpoint, err instanceof Error ? err : new Error(String(err)));
      }
    }
  }
}

/** Told when a listener throws on an outcome (the device logs it). */
export type ListenerErrorReport = (endpoint: string, err: Error) => void;

export class SharedPollers {
  private readonly pollers = new Map<string, Poller>();
  private readonly lateJoins = new Set<NodeJS.Immediate>();
  private readonly counters: PollerStats = { pollers: 0, subscribers: 0, ticks: 0, requests: 0, skippedTicks: 0 };
  private closed = false;

  constructor(
    private readonly call: PollCall,
    private readonly report: ListenerErrorReport = () => undefined,
  ) {}

  /**
   * Starts (or joins) the poller for `spec`; returns the unsubscribe function.
   * A node that joins a running poller gets its last outcome at once.
   */
  subscribe(spec: PollSpec, listener: PollListener): () => void {
    if (this.closed) return () => undefined;
    if (!Number.isFinite(spec.intervalMs) || spec.intervalMs < 100) throw new RangeError("poll interval must be at least 100 ms");
    const key = `${spec.method} ${spec.endpoint} ${stableKey(spec.params ?? {})} ${spec.intervalMs}`;
    let poller = this.pollers.get(key);
    if (!poller) {
      poller = new Poller(spec, this.call, this.counters, this.report);
      this.pollers.set(key, poller);
      poller.start();
    } else if (poller.last) {
      const last = poller.last;
      const joined = poller;
      const immediate = setImmediate(() => {
        this.lateJoins.delete(immediate);
        if (joined.listeners.has(listener)) listener(last);
      });
      this.lateJoins.add(immediate);
    }
    poller.listeners.add(listener);
    const owner = poller;
    return () => {
      owner.listeners.delete(listener);
      if (owner.listeners.size === 0 && this.pollers.get(key) === owner) {
        owner.stop();
        this.pollers.delete(key);
      }
    };
  }

  stats(): PollerStats {
    let subscribers = 0;
    for (const poller of this.pollers.values()) subscribers += poller.listeners.size;
    return { ...this.counters, pollers: this.pollers.size, subscribers };
  }

  close(): void {
    this.closed = true;
    for (const poller of this.pollers.values()) poller.stop();
    this.pollers.clear();
    for (const immediate of this.lateJoins) clearImmediate(immediate);
    this.lateJoins.clear();
  }
}
