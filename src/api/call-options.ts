/** Per-call options accepted by every client method. */
export interface CallOptions {
  /** Aborts the call (rejects with a transport error of reason `aborted`). */
  signal?: AbortSignal;
  /** Overrides the client's request timeout for this call, in ms. */
  timeoutMs?: number;
}
