/** Firmware slots (reference § info.firmware). */
import type { OrderedMap } from "./common";

/** `<Firmware_Obj>`: one of the (usually two) firmware partitions. */
export interface FirmwareSlot {
  /** e.g. `8.3.0 build 5229`; special builds look like `8.2.0s036 build 4979`. */
  version: string;
  bootable?: boolean;
  /** Running now. */
  inUse?: boolean;
}

/**
 * GET info.firmware. Before login the router answers with only the running
 * version, so `bootable`/`inUse` may be missing.
 */
export type InfoFirmwareResponse = OrderedMap<FirmwareSlot>;
