/**
 * Who the router is, for Home Assistant: a stable id (topics, unique ids,
 * the device's identifiers) and the device block's facts.
 *
 * The serial number comes from status.system.info (not in the API reference,
 * but answered by real routers: test/fixtures/real), the firmware from
 * info.firmware (the slot in use). A router that does not answer
 * status.system.info is identified by the MAC address of its first WAN that
 * reports one, else by its peplink-device config node.
 */
import { PeplinkApiError, PeplinkHttpError, PeplinkNotJsonError } from "../../api/errors";
import type { InfoFirmwareResponse, StatusSystemInfoResponse } from "../../api/types";
import type { Caller } from "../shared/caller";
import { wanIds } from "../shared/wan-list";

export interface RouterIdentity {
  /** Topic- and id-safe: lower-case letters, digits, `_` and `-`. */
  id: string;
  source: "serial" | "mac" | "device-config";
  serial?: string;
  mac?: string;
  name?: string;
  model?: string;
  productCode?: string;
  hwVersion?: string;
  firmware?: string;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** A value as an id part: lower case, anything but letters, digits, `_` and `-` made `_`. */
export function idPart(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, "_")
    .slice(0, 64);
}

/** The firmware running now: the slot marked inUse, else the only one (before login only that one is listed). */
export function firmwareInUse(response: unknown): string | undefined {
  const map = (response && typeof response === "object" ? response : {}) as InfoFirmwareResponse & Record<string, unknown>;
  const slots = wanIds(map).map((id) => map[id] as { version?: unknown; inUse?: unknown });
  const used = slots.find((s) => s.inUse === true) ?? (slots.length === 1 ? slots[0] : undefined);
  return text(used?.version);
}

/** The MAC of the first WAN (in the router's order) that reports one. */
export function firstWanMac(wanResponse: unknown): string | undefined {
  const map = (wanResponse && typeof wanResponse === "object" ? wanResponse : {}) as Record<string, { mac?: unknown }>;
  for (const id of wanIds(wanResponse)) {
    const mac = text(map[id]?.mac);
    if (mac) return mac;
  }
  return undefined;
}

/**
 * An answer that says "not on this router" rather than "the router did not
 * answer": a fail answer, a web page or an HTTP 404 where JSON was expected.
 * The identity is read only after a WAN answer, so the API itself is up. Cut-off
 * JSON is not among them: that may be one bad answer, and the id must not change.
 */
function unsupported(err: unknown): boolean {
  return (
    err instanceof PeplinkApiError ||
    (err instanceof PeplinkNotJsonError && err.looksLikeHtml) ||
    (err instanceof PeplinkHttpError && err.status === 404)
  );
}

/**
 * Reads the identity. Throws when the router does not answer (try again
 * later); an endpoint the router refuses is left out.
 */
export async function readIdentity(call: Caller, wanResponse: unknown, deviceConfigId: string): Promise<RouterIdentity> {
  let device: StatusSystemInfoResponse["device"];
  try {
    device = (await call<StatusSystemInfoResponse>("GET", "status.system.info", { infoType: "device" })).response?.device;
  } catch (err) {
    if (!unsupported(err)) throw err;
  }
  let firmware: string | undefined;
  try {
    firmware = firmwareInUse((await call<InfoFirmwareResponse>("GET", "info.firmware")).response);
  } catch (err) {
    if (!unsupported(err)) throw err;
  }
  const facts = {
    name: text(device?.name),
    model: text(device?.model),
    productCode: text(device?.productCode),
    hwVersion: text(device?.hardwareRevision),
    firmware: firmware ?? text(device?.firmwareVersion),
  };
  const serial = text(device?.serialNumber);
  if (serial) return { id: idPart(serial), source: "serial", serial, ...facts };
  const mac = firstWanMac(wanResponse);
  if (mac) return { id: idPart(mac.replace(/[:-]/g, "")), source: "mac", mac, ...facts };
  return { id: idPart(`nr-${deviceConfigId}`), source: "device-config", ...facts };
}

/** Whether two reads describe the same router with the same facts (no need to announce again). */
export function sameIdentity(a: RouterIdentity | undefined, b: RouterIdentity | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
