/**
 * The WAN list of a device, read once and kept for a while, so that nodes can
 * tell a cellular or Wi-Fi connection ID from an Ethernet one *before* they
 * send a command: a wrong connId is bad input and must not reach the router.
 *
 * One GET status.wan.connection per device fills it — shared by every node of
 * that device (single flight), trusted for FRESH_MS, re-read when a message
 * names a WAN the list does not have (at most every REFRESH_MIN_MS), and
 * forgotten when the router rejects a command for a reason that may mean the
 * list is out of date. WAN types are hardware, so a long lifetime is safe.
 */
import { PeplinkApiError, PeplinkInputError } from "../../api/errors";
import type { PeplinkDeviceNode } from "./device-node";
import { asConnId } from "./validate";
import { wanList, type WanSummary } from "./wan-list";

/** How long a WAN list is trusted. */
export const FRESH_MS = 10 * 60_000;
/** A connId missing from the list re-reads it, but not more often than this. */
const REFRESH_MIN_MS = 5_000;

/** The WAN kinds a connection ID may be required to have. */
export type WanKind = "cellular" | "wifi" | "any";

const KIND_LABEL: Record<WanKind, string> = { cellular: "cellular", wifi: "Wi-Fi", any: "" };

export class WanDirectory {
  private wans: WanSummary[] | undefined;
  private readAt = 0;
  private pending: Promise<WanSummary[]> | undefined;

  constructor(private readonly device: PeplinkDeviceNode) {}

  /** Starts reading the list in the background (a failure is left for the first message to report). */
  warm(): void {
    if (this.device.configError) return;
    this.list().catch(() => undefined);
  }

  /** The cached list, or a fresh read when there is none, it is stale, or `connId` is missing from it. */
  list(connId?: number): Promise<WanSummary[]> {
    const age = Date.now() - this.readAt;
    const missing = connId !== undefined && !!this.wans && !this.wans.some((w) => w.id === connId);
    if (this.wans && age < FRESH_MS && !(missing && age > REFRESH_MIN_MS)) return Promise.resolve(this.wans);
    this.pending ??= this.device.call("GET", "status.wan.connection").then(
      (result) => {
        this.pending = undefined;
        this.wans = wanList(result.response);
        this.readAt = Date.now();
        return this.wans;
      },
      (err: unknown) => {
        this.pending = undefined;
        throw err;
      },
    );
    return this.pending;
  }

  forget(): void {
    this.wans = undefined;
  }
}

const directories = new WeakMap<PeplinkDeviceNode, WanDirectory>();

/** The (shared) WAN directory of a device. */
export function wanDirectory(device: PeplinkDeviceNode): WanDirectory {
  let found = directories.get(device);
  if (!found) {
    found = new WanDirectory(device);
    directories.set(device, found);
  }
  return found;
}

function describe(wan: WanSummary): string {
  return `${wan.id} (${wan.name}, ${wan.type || "unknown type"})`;
}

/**
 * The WAN `connId` names, checked to be of the wanted kind on this router
 * (using the cached list); otherwise a PeplinkInputError naming `field` and
 * the WANs that would do. A WAN listed without a type is let through (the
 * router judges); an empty list (unusual firmware) skips the check.
 */
export async function requireWan(device: PeplinkDeviceNode, connId: number, kind: WanKind, field: string): Promise<WanSummary | undefined> {
  const wans = await wanDirectory(device).list(connId);
  if (wans.length === 0) return undefined;
  const label = KIND_LABEL[kind];
  const fitting = kind === "any" ? wans : wans.filter((w) => w.type === kind);
  const hint =
    kind === "any"
      ? `; WANs on this router: ${wans.map((w) => w.id).join(", ")}`
      : fitting.length
        ? `; ${label} WANs on this router: ${fitting.map(describe).join(", ")}`
        : `; this router lists no ${label} WAN`;
  const wan = wans.find((w) => w.id === connId);
  if (!wan) throw new PeplinkInputError(field, `WAN ${connId} does not exist on this router${hint}`);
  if (kind !== "any" && wan.type !== "" && wan.type !== kind) {
    throw new PeplinkInputError(field, `WAN ${describe(wan)} is not a ${label} WAN${hint}`);
  }
  return wan;
}

/**
 * The connection ID for one message: `msg.connId` when present, else the
 * node's setting. Names the field it came from in errors.
 */
export function connIdFrom(msgValue: unknown, setting: string | number | undefined): { connId: number; field: string } {
  if (msgValue !== undefined) return { connId: asConnId(msgValue, "connId"), field: "connId" };
  if (setting === undefined || String(setting).trim() === "") {
    throw new PeplinkInputError(
      "connId",
      "is missing: choose a WAN in the node's Connection setting or send msg.connId (a WAN ID such as 4)",
    );
  }
  return { connId: asConnId(String(setting).trim(), "connId setting"), field: "connId setting" };
}

/**
 * A device answer that may mean the cached list is stale (e.g. "WAN connection
 * 4 is not a cellular WAN" after the router's configuration changed): the next
 * message reads the list again.
 */
export function forgetOnConnIdError(device: PeplinkDeviceNode, err: unknown): void {
  if (err instanceof PeplinkApiError && /connId|WAN connection/i.test(err.deviceMessage)) wanDirectory(device).forget();
}
