/**
 * Checks that a connection ID names a WAN of the right kind (Wi-Fi for
 * cmd.wifi.*, cellular for SIM, SMS and carrier reads) before the request is
 * sent. The WAN list comes from status.wan.connection, fetched once per device
 * and kept for a while: WAN types only change when the router's hardware or
 * configuration does.
 */
import { PeplinkInputError } from "../../api/errors";
import type { PeplinkDeviceNode } from "../shared/device-node";
import { wanList, type WanSummary } from "../shared/wan-list";

/** How long a fetched WAN list is trusted. */
const FRESH_MS = 10 * 60_000;
/** An unknown connId refreshes the list, but not more often than this. */
const REFRESH_MIN_MS = 5_000;

interface Entry {
  at: number;
  wans: WanSummary[] | undefined;
  pending: Promise<WanSummary[] | undefined> | undefined;
}

function kindLabel(type: string): string {
  return type === "wifi" || type === "wireless" ? "Wi-Fi" : type;
}

const cache = new WeakMap<PeplinkDeviceNode, Entry>();

function fetchList(device: PeplinkDeviceNode, entry: Entry): Promise<WanSummary[] | undefined> {
  // One lookup at a time per device, shared by every node that asks.
  entry.pending ??= device.call("GET", "status.wan.connection").then(
    (result) => {
      entry.wans = wanList(result.response);
      entry.at = Date.now();
      entry.pending = undefined;
      return entry.wans;
    },
    () => {
      entry.pending = undefined;
      return undefined;
    },
  );
  return entry.pending;
}

/**
 * The device's WAN list, fetched when missing or stale, or when `connId` is not
 * in it (a WAN added since). Undefined when the router cannot be asked: the
 * caller then leaves the check to the router.
 */
async function wansFor(device: PeplinkDeviceNode, connId: number): Promise<WanSummary[] | undefined> {
  let entry = cache.get(device);
  if (!entry) {
    entry = { at: 0, wans: undefined, pending: undefined };
    cache.set(device, entry);
  }
  const age = Date.now() - entry.at;
  const missing = entry.wans !== undefined && !entry.wans.some((w) => w.id === connId);
  if (entry.wans === undefined || age > FRESH_MS || (missing && age > REFRESH_MIN_MS)) return fetchList(device, entry);
  return entry.wans;
}

/**
 * Throws PeplinkInputError(field) when `connId` is not a WAN of one of `types`
 * (or no WAN at all). Resolves without checking when the WAN list cannot be read.
 */
export async function checkConnIdKind(device: PeplinkDeviceNode, connId: number, types: readonly string[], field: string, endpoint: string): Promise<void> {
  const wans = await wansFor(device, connId);
  if (!wans) return;
  const kind = kindLabel(types[0] ?? "");
  const matching = wans.filter((w) => types.includes(w.type));
  const choices = matching.length ? `; ${kind} WANs: ${matching.map((w) => `${w.id} (${w.name})`).join(", ")}` : `; this router has no ${kind} WAN`;
  const wan = wans.find((w) => w.id === connId);
  if (!wan) throw new PeplinkInputError(field, `WAN ${connId} does not exist on this router${choices}`);
  if (!types.includes(wan.type)) {
    throw new PeplinkInputError(field, `WAN ${connId} (${wan.name}) is a ${kindLabel(wan.type) || "unknown"} WAN, ${endpoint} needs a ${kind} WAN${choices}`);
  }
}
