/**
 * Checks that a connection ID names a cellular WAN of the router before an SMS
 * request uses it, so a wrong choice (an Ethernet WAN, a WAN that does not
 * exist) is a clear input error instead of a request the router refuses.
 * A WAN found cellular is remembered for the life of the node: the kind of a
 * WAN does not change while the router runs.
 */
import { PeplinkInputError } from "../../api/errors";
import type { StatusWanConnectionResponse } from "../../api/types";
import type { DeviceLink } from "../shared/flow-node";
import { wanList, type WanSummary } from "../shared/wan-list";

function describeWans(wans: WanSummary[]): string {
  const cellular = wans.filter((w) => w.type === "cellular");
  return cellular.length ? `cellular WANs: ${cellular.map((w) => `${w.id} "${w.name}"`).join(", ")}` : "the router has no cellular WAN";
}

/** The WAN `connId` of a status.wan.connection answer, or an input error naming `field`. */
export function cellularWanOf(response: unknown, connId: number, field: string): WanSummary {
  const wans = wanList(response);
  const wan = wans.find((w) => w.id === connId);
  if (!wan) throw new PeplinkInputError(field, `there is no WAN connection ${connId} on the router (${describeWans(wans)})`);
  if (wan.type !== "cellular") {
    throw new PeplinkInputError(field, `must be a cellular WAN: WAN ${connId} "${wan.name}" is ${wan.type || "of unknown type"} (${describeWans(wans)})`);
  }
  return wan;
}

export class CellularWans {
  private readonly verified = new Map<number, WanSummary>();
  private pending: Promise<unknown> | undefined;

  constructor(private readonly link: DeviceLink) {}

  /**
   * Resolves when `connId` is a cellular WAN. Concurrent checks share one
   * status request; only a WAN found cellular is remembered.
   */
  async require(connId: number, field = "connId"): Promise<WanSummary> {
    const known = this.verified.get(connId);
    if (known) return known;
    if (!this.pending) {
      this.pending = this.link
        .call<StatusWanConnectionResponse>("GET", "status.wan.connection")
        .then((result) => result.response)
        .finally(() => {
          this.pending = undefined;
        });
    }
    const wan = cellularWanOf(await this.pending, connId, field);
    this.verified.set(connId, wan);
    return wan;
  }
}
