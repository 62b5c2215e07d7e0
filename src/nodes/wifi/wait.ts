/**
 * Waiting for the outcome of cmd.wifi.connect: the router answers the connect
 * at once and reports the outcome later in cmd.wifi.result, which keeps the
 * previous result until then. A result counts as ours when it is newer than
 * the one read just before the connect (timestamps are the router's clock, so
 * they are compared with each other, never with ours).
 */
import { PeplinkClosedError, PeplinkError, PeplinkTransportError } from "../../api/errors";
import type { CmdWifiResultResponse } from "../../api/types/wifi";

/** The answer of cmd.wifi.result: `{}` before the first connect attempt. */
export type WifiResult = Partial<CmdWifiResultResponse>;

/** True when `next` is a result that appeared after `baseline` was read. */
export function isNewerResult(next: WifiResult | undefined, baseline: WifiResult | undefined): boolean {
  if (!next || typeof next.result !== "string") return false;
  if (!baseline || typeof baseline.result !== "string") return true;
  const a = baseline.timestamp;
  const b = next.timestamp;
  if (typeof a === "number" && typeof b === "number") {
    if (b > a) return true;
    if (b < a) return false;
  }
  // Same second (or firmware without timestamps): it is new if anything changed.
  return JSON.stringify(next) !== JSON.stringify(baseline);
}

/** Sleeps `ms`, or rejects with a closed error as soon as `signal` aborts. */
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

export interface WaitOptions {
  /** Reads cmd.wifi.result; `timeoutMs` bounds that one request. */
  read: (timeoutMs: number) => Promise<WifiResult | undefined>;
  baseline: WifiResult | undefined;
  /** Epoch ms when the connect request was sent. */
  startedAt: number;
  timeoutMs: number;
  /** First read after this many ms, then every `pollMs`. */
  firstPollMs: number;
  pollMs: number;
  /** Aborted when the node closes. */
  signal: AbortSignal;
  /** For the timeout error, e.g. `"Depot Wi-Fi"`. */
  ssid: string;
  now?: () => number;
}

/** The shortest time a single read gets, even just before the deadline. */
const MIN_READ_MS = 500;

export function waitTimeoutError(ssid: string, timeoutMs: number): PeplinkTransportError {
  return new PeplinkTransportError(
    "cmd.wifi.connect",
    "timeout",
    `no result for ${JSON.stringify(ssid)} within ${Math.round(timeoutMs / 1000)} s (cmd.wifi.result still shows the previous attempt); ` +
      "the router may still be connecting: raise the node's timeout, or check that the SSID is in range",
  );
}

/**
 * Polls cmd.wifi.result until a result newer than the baseline appears.
 * Rejects with a timeout error at the deadline and with a closed error when
 * the signal aborts (nothing is read after that).
 */
export async function waitForResult(o: WaitOptions): Promise<WifiResult> {
  const now = o.now ?? Date.now;
  const deadline = o.startedAt + o.timeoutMs;
  let delay = o.firstPollMs;
  for (;;) {
    const remaining = deadline - now();
    if (remaining <= 0) throw waitTimeoutError(o.ssid, o.timeoutMs);
    await sleep(Math.min(delay, remaining), o.signal, "cmd.wifi.result");
    delay = o.pollMs;
    let result: WifiResult | undefined;
    try {
      result = await o.read(Math.max(MIN_READ_MS, deadline - now()));
    } catch (err) {
      if (o.signal.aborted) throw new PeplinkClosedError("cmd.wifi.result");
      // A read cut off by our own deadline is the wait's timeout, not a router failure.
      if (err instanceof PeplinkError && err.kind === "transport" && (err as PeplinkTransportError).reason === "timeout" && now() >= deadline - 50) {
        throw waitTimeoutError(o.ssid, o.timeoutMs);
      }
      throw err;
    }
    if (o.signal.aborted) throw new PeplinkClosedError("cmd.wifi.result");
    if (isNewerResult(result, o.baseline)) return result as WifiResult;
  }
}
