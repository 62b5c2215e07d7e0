/**
 * Waiting inside a node's work (between polls of a result) that stops at once
 * when the node closes.
 */
import { PeplinkClosedError } from "../../api/errors";

/**
 * Resolves after `ms`, or rejects with a PeplinkClosedError for `endpoint` as
 * soon as `signal` aborts (onInput then ends the message quietly).
 */
export function sleep(ms: number, signal: AbortSignal, endpoint: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new PeplinkClosedError(endpoint));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new PeplinkClosedError(endpoint));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
