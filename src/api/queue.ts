/**
 * A FIFO limit on requests in flight to one router (routers are small: the
 * default is 2). Jobs wait their turn; close() rejects everything still waiting.
 */
import { PeplinkClosedError } from "./errors";

interface Waiter {
  start: () => void;
  fail: (err: Error) => void;
}

export class RequestQueue {
  private active = 0;
  private peakActive = 0;
  private readonly waiting: Waiter[] = [];
  private closed = false;

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError("queue limit must be a positive integer");
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

  async run<T>(job: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await job();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (this.closed) return Promise.reject(new PeplinkClosedError());
    if (this.active < this.limit) {
      this.take();
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener("abort", onAbort);
          this.take();
          resolve();
        },
        fail: (err) => {
          signal?.removeEventListener("abort", onAbort);
          reject(err);
        },
      };
      const onAbort = (): void => {
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(Object.assign(new Error("aborted while waiting for the request queue"), { code: "ABORT_ERR" }));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
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
