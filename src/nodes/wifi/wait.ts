/**
 * Waiting for the outcome of cmd.wifi.connect: the router answers the connect
 * at once and reports the outcome later in cmd.wifi.result, which keeps the
 * previous result until then. A result counts as ours when it is newer than
 * the one read just before the connect (timestamps are the router's clock, so
 * they are compared with each other, never with ours).
 */
import { PeplinkClosedError, PeplinkTransportError } from "../../api/errors";
import type { CmdWifiResultResponse } from "../../api/types/wifi";
import { sleep } from "../shared/sleep";

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

export interface WaitOptions {
  /** Reads cmd.wifi.result; `signal` aborts that one request (node closed, or the wait's deadline). */
  read: (signal: AbortSignal) => Promise<WifiResult | undefined>;
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
}

export function waitTimeoutError(ssid: string, timeoutMs: number): PeplinkTransportError {
  return new PeplinkTransportError(
    "cmd.wifi.connect",
    "timeout",
    `no result for ${JSON.stringify(ssid)} within ${Math.round(timeoutMs / 1000)} s (cmd.wifi.result still shows the previous attempt); ` +
      "the router may still be connecting: raise the node's timeout, or check that the SSID is in range",
  );
}

/**
 * One read, cut off at the deadline or when the node closes (the device's own
 * request timeout still applies within that).
 */
async function readUntil(o: WaitOptions, deadline: number): Promise<WifiResult | undefined> {
  const cut = new AbortController();
  let late = false;
  const onClose = (): void => cut.abort();
  o.signal.addEventListener("abort", onClose, { once: true });
  const timer = setTimeout(
    () => {
      late = true;
      cut.abort();
    },
    Math.max(0, deadline - Date.now()),
  );
  try {
    return await o.read(cut.signal);
  } catch (err) {
    if (o.signal.aborted) throw new PeplinkClosedError("cmd.wifi.result");
    if (late) throw waitTimeoutError(o.ssid, o.timeoutMs);
    throw err;
  } finally {
    clearTimeout(timer);
    o.signal.removeEventListener("abort", onClose);
  }
}

/**
 * Polls cmd.wifi.result until a result newer than the baseline appears.
 * Rejects with a timeout error at the deadline and with a closed error when
 * the signal aborts (nothing is read after that).
 */
export async function waitForResult(o: WaitOptions): Promise<WifiResult> {
  const deadline = o.startedAt + o.timeoutMs;
  let delay = o.firstPollMs;
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw waitTimeoutError(o.ssid, o.timeoutMs);
    await sleep(Math.min(delay, remaining), o.signal, "cmd.wifi.result");
    delay = o.pollMs;
    const result = await readUntil(o, deadline);
    if (o.signal.aborted) throw new PeplinkClosedError("cmd.wifi.result");
    if (isNewerResult(result, o.baseline)) return result as WifiResult;
  }
}
