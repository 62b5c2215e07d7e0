/**
 * The WAN list of a device, read once and kept for a while, so that nodes can
 * tell a cellular connection ID from an ethernet or Wi-Fi one *before* they
 * send a command: a wrong connId is bad input and must not reach the router.
 *
 * One GET status.wan.connection per device fills it — started when a node
 * that needs it starts, shared by every such node on that device (single
 * flight), trusted for CACHE_MS, and forgotten when the router rejects a
 * command for a reason that may mean the list is out of date. WAN types are
 * hardware (a built-in modem stays cellular), so a long lifetime is safe.
 */
import type { ApiResult } from "../../api/client";
import { PeplinkApiError, PeplinkInputError } from "../../api/errors";
import type { PeplinkDeviceNode } from "../shared/device-node";
import { asConnId } from "../shared/validate";
import { wanList, type WanSummary } from "../shared/wan-list";

/** How long a WAN list is trusted. */
export const CACHE_MS = 10 * 60 * 1000;

export type WanKind = "cellular" | "any";

export class WanDirectory {
  private wans: WanSummary[] | undefined;
  private readAt = 0;
  private pending: Promise<WanSummary[]> | undefined;

  constructor(private readonly device: PeplinkDeviceNode) {}

  /** Starts reading the list in the background (failures are left for the first message to report). */
  warm(): void {
    if (this.device.configError) return;
    this.list().catch(() => undefined);
  }

  /** The cached list, or a fresh read when there is none or it is older than CACHE_MS. */
  list(): Promise<WanSummary[]> {
    if (this.wans && Date.now() - this.readAt < CACHE_MS) return Promise.resolve(this.wans);
    if (!this.pending) {
      this.pending = this.device.call("GET", "status.wan.connection").then(
        (result: ApiResult<unknown>) => {
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
    }
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
 * Checks that `connId` names a WAN of the wanted kind on this router, using
 * the cached list. A WAN listed without a type is let through (the router
 * judges); an empty list (unusual firmware) skips the check.
 */
export async function requireWan(directory: WanDirectory, connId: number, kind: WanKind, field: string): Promise<WanSummary | undefined> {
  const wans = await directory.list();
  if (wans.length === 0) return undefined;
  const cellular = wans.filter((w) => w.type === "cellular");
  const hint =
    kind === "cellular"
      ? cellular.length
        ? `; cellular WANs on this router: ${cellular.map(describe).join(", ")}`
        : "; this router lists no cellular WAN"
      : `; WANs on this router: ${wans.map((w) => w.id).join(", ")}`;
  const wan = wans.find((w) => w.id === connId);
  if (!wan) throw new PeplinkInputError(field, `WAN ${connId} does not exist on this router${hint}`);
  if (kind === "cellular" && wan.type !== "" && wan.type !== "cellular") {
    throw new PeplinkInputError(field, `WAN ${describe(wan)} is not a cellular WAN${hint}`);
  }
  return wan;
}

/**
 * The connection ID for one message: `msg.connId` when present, else the
 * node's setting. Names the field it came from in errors.
 */
export function connIdFrom(msgValue: unknown, setting: string | undefined): { connId: number; field: string } {
  if (msgValue !== undefined) return { connId: asConnId(msgValue, "connId"), field: "connId" };
  if (setting === undefined || String(setting).trim() === "") {
    throw new PeplinkInputError("connId", "is missing: choose a WAN in the node's Connection setting or send msg.connId (a WAN ID such as 4)");
  }
  return { connId: asConnId(String(setting).trim(), "connId setting"), field: "connId setting" };
}

/**
 * A device answer that may mean our WAN list is stale (e.g. "WAN connection
 * 4 is not a cellular WAN" after the router's configuration changed): the
 * next message reads the list again.
 */
export function forgetOnConnIdError(directory: WanDirectory, err: unknown): void {
  if (err instanceof PeplinkApiError && /connId|WAN connection/i.test(err.deviceMessage)) directory.forget();
}
