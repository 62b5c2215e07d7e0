/**
 * A FIFO limit on requests in flight to one router (routers are small: the
 * default is 2). Jobs wait their turn, but not for ever and not without bound:
 *
 * - a job with a deadline leaves the queue when the deadline passes (the
 *   caller's timeout counts the time spent waiting, not only the request);
 * - at most `maxWaiting` jobs wait; one more is refused at once.
 *
 * close() rejects everything still waiting.
 */
import { PeplinkClosedError } from "./errors";

interface Waiter {
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
    super(code === "QUEUE_FULL" ? "the request queue is full" : code === "QUEUE_TIMEOUT" ? "the deadline passed in the request queue" : "aborted while waiting for the request queue");
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

  constructor(
    private readonly limit: number,
    private readonly maxWaiting = Number.POSITIVE_INFINITY,
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

  async run<T>(job: () => Promise<T>, options: QueueOptions = {}): Promise<T> {
    await this.acquire(options);
    try {
      return await job();
    } finally {
      this.release();
    }
  }

  private acquire({ signal, deadline }: QueueOptions): Promise<void> {
    if (this.closed) return Promise.reject(new PeplinkClosedError());
    if (this.active < this.limit) {
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
      };
      const onAbort = (): void => refuse("ABORT_ERR");
      signal?.addEventListener("abort", onAbort, { once: true });
      if (deadline !== undefined) timer = setTimeout(() => refuse("QUEUE_TIMEOUT"), Math.max(0, deadline - queuedAt));
      this.waiting.push(waiter);
    });
  }

  private take(): void {
    this.active++;
    if (this.active > this.peakActive) this.peakActive = this.active;
  }

  private release(): void {
    this.active--;
    const next = this.waiting.shift();
    if (next) next.start();
  }

  close(): void {
    this.closed = true;
    const waiting = this.waiting.splice(0);
    for (const waiter of waiting) waiter.fail(new PeplinkClosedError());
  }
}
