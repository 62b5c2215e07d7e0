/**
 * A carrier scan: POST cmd.carrier.scan {action: "start"}, then GET it every
 * POLL_MS until `scanStatus` is `done` or the timeout passes. Everything waits
 * on an AbortSignal, so closing the node stops the wait at once and sends no
 * further request.
 */
import type { ApiResult } from "../../api/client";
import type { CallOptions } from "../../api/call-options";
import type { HttpMethod } from "../../api/endpoints";
import { PeplinkClosedError, PeplinkTransportError } from "../../api/errors";
import type { CmdCarrierScanResponse } from "../../api/types";
import { sleep } from "../shared/sleep";

export const POLL_MS = 1000;
const ENDPOINT = "cmd.carrier.scan";

export type ScanCall = (
  method: HttpMethod,
  endpoint: string,
  params: object,
  options: CallOptions,
) => Promise<ApiResult<CmdCarrierScanResponse>>;

export interface ScanOptions {
  connId: number;
  timeoutMs: number;
  signal: AbortSignal;
  pollMs?: number;
}

/** A call that reports an abort caused by closing as a closed error (onInput then ends the message quietly). */
async function guarded(
  call: ScanCall,
  method: HttpMethod,
  params: object,
  signal: AbortSignal,
): Promise<ApiResult<CmdCarrierScanResponse>> {
  if (signal.aborted) throw new PeplinkClosedError(ENDPOINT);
  try {
    return await call(method, ENDPOINT, params, { signal });
  } catch (err) {
    if (signal.aborted) throw new PeplinkClosedError(ENDPOINT);
    throw err;
  }
}

/**
 * Starts a scan and waits for its result. At least one GET follows the start,
 * so a router that still reports its previous scan as `done` for a moment is
 * not mistaken for a finished scan.
 */
export async function carrierScan(call: ScanCall, options: ScanOptions): Promise<ApiResult<CmdCarrierScanResponse>> {
  const { connId, timeoutMs, signal } = options;
  const pollMs = options.pollMs ?? POLL_MS;
  const deadline = Date.now() + timeoutMs;
  await guarded(call, "POST", { action: "start", connId, reference: "yes" }, signal);
  let last: ApiResult<CmdCarrierScanResponse>;
  do {
    await sleep(Math.max(0, Math.min(pollMs, deadline - Date.now())), signal, ENDPOINT);
    last = await guarded(call, "GET", { connId, reference: "yes" }, signal);
    if (last.response?.scanStatus === "done") return last;
  } while (Date.now() < deadline);
  const status = last.response?.scanStatus === undefined ? "no scanStatus" : `scanStatus still "${String(last.response.scanStatus)}"`;
  throw new PeplinkTransportError(
    ENDPOINT,
    "timeout",
    `the carrier scan did not finish within ${timeoutMs / 1000} s (${status}). The router goes on scanning: ` +
      "raise the node's Scan timeout, or read the result later (peplink-status, GET cmd.carrier.scan)",
  );
}
