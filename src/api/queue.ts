/**
 * A FIFO limit on requests in flight to one router (routers are small: the
 * default is 2). Jobs wait their turn, but not for ever and not without bound:
 *
 * - a job with a deadline leaves the queue when the deadline passes (the
 *   caller's timeout counts the time spent waiting, not only the request);
 * - at most `maxWaiting` jobs wait; one more is refused at once.
 *
 * Given the number of open connections, the queue also decides when a job is
 * worth a new connection (a TLS handshake the router pays for): a job that
 * finds every open connection busy waits for one of them to finish — a keep-
 * alive connection usually answers sooner than a new one is set up — unless
 * a burst is waiting (`GROW_BACKLOG` jobs or more: the limit is used at once)
 * or the busy connection takes longer than `HOLD_MS` (counted from when it
 * came up: while a connection is being set up, a second one would not come
 * up sooner; and not while the process is setting up other routers'
 * connections, as after a large deploy). So calls that merely coincide (the first polls of a deploy,
 * right after signing in, or a poll and a flow's call) share one
 * connection, while real load still gets `limit` requests in flight.
 *
 * close() rejects everything still waiting.
 */
import { PeplinkClosedError } from "./errors";

/** Jobs waiting (this one included) from which the queue opens more connections at once. */
export const GROW_BACKLOG = 8;
/**
 * Longest wait for a busy connection before a job opens another: about what
 * setting up a TLS connection to a loaded router and one answer take. Never
 * more than a quarter of what the job's deadline leaves (short timeouts).
 */
export const HOLD_MS = 1_000;

/** The connections of the router the queue sends to (the transport). */
export interface ConnectionPool {
  /** Connections open now: busy, idle or draining, those in their handshake included. */
  readonly connections: number;
  /** Connections being set up now (those waiting to start included). */
  readonly connecting: number;
  /** Connections busy with an answer that no job waits for any more. */
  readonly draining: number;
  /** When the last connection finished setting up (epoch ms; 0: none yet). */
  readonly establishedAt: number;
  /** Connections (of any router of the process) are waiting to be set up. */
  readonly crowded: boolean;
}

interface Waiter {
  readonly queuedAt: number;
  readonly deadline: number | undefined;
  start: () => void;
  fail: (err: Error) => void;
}

/** Why a job left the queue without running (`code` tells which). */
export class QueueRefusal extends Error {
  constructor(
    readonly code: "QUEUE_FULL" | "QUEUE_TIMEOUT" | "ABORT_ERR",
    /** Jobs waiting (full) or ahead of this one (timeout) at that moment. */
    readonly waiting: number,
    /** Jobs running at that moment. */
    readonly running: number,
    /** How long the job waited, ms. */
    readonly waitedMs: number,
  ) {
    super(
      code === "QUEUE_FULL"
        ? "the request queue is full"
        : code === "QUEUE_TIMEOUT"
          ? "the deadline passed in the request queue"
          : "aborted while waiting for the request queue",
    );
  }
}

export interface QueueOptions {
  signal?: AbortSignal;
  /** Epoch ms: leave the queue (QUEUE_TIMEOUT) if not started by then. */
  deadline?: number;
}

export class RequestQueue {
  private active = 0;
  private peakActive = 0;
  private refusedCount = 0;
  private readonly waiting: Waiter[] = [];
  private closed = false;
  /** Wakes the first waiter when its hold ends (one timer for the queue, only while a job is held). */
  private holdTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limit: number,
    private readonly maxWaiting = Number.POSITIVE_INFINITY,
    /** The router's connections; without it every free slot starts a job at once. */
    private readonly pool?: ConnectionPool,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError("queue limit must be a positive integer");
    if (!(maxWaiting >= 0)) throw new RangeError("maxWaiting must be zero or more");
  }

  /** Requests running now. */
  get inFlight(): number {
    return this.active;
  }

  /** Highest number of requests that ran at once. */
  get peak(): number {
    return this.peakActive;
  }

  /** Requests waiting for a free slot. */
  get pending(): number {
    return this.waiting.length;
  }

  /** Jobs refused because the queue was full. */
  get refused(): number {
    return this.refusedCount;
  }

  /**
   * Takes a slot at once if one is free and nobody waits for it (the usual
   * case: no promise, no timer); the caller must release() it. False: wait().
   */
  tryTake(): boolean {
    if (this.closed || this.waiting.length > 0 || !this.mayStart()) return false;
    this.take();
    return true;
  }

  /** Waits for a slot (after tryTake() said no); resolves holding it, for release(). */
  wait(options: QueueOptions = {}): Promise<void> {
    return this.acquire(options);
  }

  /** Whether a new job (none waiting) may start now. */
  private mayStart(): boolean {
    return this.waitFor(undefined) === 0;
  }

  /**
   * 0 when the first waiter (or, with none waiting, a new job) may start now:
   * a free slot and an idle connection, nothing running, a burst waiting, or
   * its hold is over. Otherwise how long until it is worth asking again
   * (Infinity: until a job ends or a connection comes up). No hold ends while
   * a connection of this router is being set up (it will carry the job sooner
   * than another one could be set up), nor while the process has connections
   * of other routers waiting to be set up (a second one would wait behind
   * them, and only add a handshake to the crowd).
   */
  private waitFor(waiter: Waiter | undefined): number {
    if (this.active >= this.limit) return Number.POSITIVE_INFINITY;
    const pool = this.pool;
    if (!pool) return 0;
    // Connections busy: those of running jobs, and those draining an answer given up on.
    const busy = this.active + pool.draining;
    if (busy < pool.connections || busy === 0) return 0;
    if (this.waiting.length >= GROW_BACKLOG) return 0;
    if (!waiter || pool.connecting > 0) return Number.POSITIVE_INFINITY;
    if (pool.crowded) return HOLD_MS;
    return Math.max(0, this.holdEnd(waiter, pool) - Date.now());
  }

  /** When `waiter` stops waiting for a busy connection: HOLD_MS after it queued or the last connection came up. */
  private holdEnd(waiter: Waiter, pool: ConnectionPool): number {
    const from = Math.max(waiter.queuedAt, pool.establishedAt);
    const left = waiter.deadline === undefined ? HOLD_MS : Math.max(0, waiter.deadline - from);
    return from + Math.min(HOLD_MS, left / 4);
  }

  /** Re-checks the waiters (a connection came up or went away). */
  wake(): void {
    if (this.waiting.length > 0) this.pump();
  }

  private acquire({ signal, deadline }: QueueOptions): Promise<void> {
    if (this.closed) return Promise.reject(new PeplinkClosedError());
    if (this.waiting.length === 0 && this.mayStart()) {
      this.take();
      return Promise.resolve();
    }
    if (this.waiting.length >= this.maxWaiting) {
      this.refusedCount++;
      return Promise.reject(new QueueRefusal("QUEUE_FULL", this.waiting.length, this.active, 0));
    }
    const queuedAt = Date.now();
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const leave = (): void => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
      };
      const waiter: Waiter = {
        queuedAt,
        deadline,
        start: () => {
          leave();
          this.take();
          resolve();
        },
        fail: (err) => {
          leave();
          reject(err);
        },
      };
      const refuse = (code: "QUEUE_TIMEOUT" | "ABORT_ERR"): void => {
        const ahead = this.waiting.indexOf(waiter);
        leave();
        reject(new QueueRefusal(code, Math.max(0, ahead), this.active, Date.now() - queuedAt));
        // The first waiter may have left: the next one may start (or hold from now on).
        this.pump();
      };
      const onAbort = (): void => refuse("ABORT_ERR");
      signal?.addEventListener("abort", onAbort, { once: true });
      if (deadline !== undefined) timer = setTimeout(() => refuse("QUEUE_TIMEOUT"), Math.max(0, deadline - queuedAt));
      this.waiting.push(waiter);
      // A burst may have just reached GROW_BACKLOG, or this is the first waiter to hold.
      this.pump();
    });
  }

  /** Starts waiters while they may start; arms the hold timer for the first one still held. */
  private pump(): void {
    if (this.holdTimer) {
      clearTimeout(this.holdTimer);
      this.holdTimer = undefined;
    }
    let head = this.waiting[0];
    let wait = head ? this.waitFor(head) : 0;
    while (head && wait === 0) {
      head.start();
      head = this.waiting[0];
      wait = head ? this.waitFor(head) : 0;
    }
    // Held for a busy connection: ask again when the hold ends — after the I/O that is
    // ready by then. A busy event loop runs due timers before reading sockets: the answer
    // that frees the connection may have arrived long ago and not been read yet.
    if (head && wait !== Number.POSITIVE_INFINITY) {
      this.holdTimer = setTimeout(() => {
        this.holdTimer = undefined;
        setImmediate(() => {
          if (!this.holdTimer && !this.closed) this.pump();
        });
      }, wait);
    }
  }

  private take(): void {
    this.active++;
    if (this.active > this.peakActive) this.peakActive = this.active;
  }

  /** Gives a slot back (after tryTake() or wait()). */
  release(): void {
    this.active--;
    if (this.waiting.length > 0) this.pump();
  }

  close(): void {
    this.closed = true;
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    const waiting = this.waiting.splice(0);
    for (const waiter of waiting) waiter.fail(new PeplinkClosedError());
  }
}
