/**
 * info.firmware, info.location, and status.system.info (not among the
 * reference's operations, but real routers answer it and it is where the
 * model name lives; shaped like the Balance 710 fixture).
 */
import type { Operation, RequestContext } from "../context";
import { badRequest, ok, type ApiResult } from "../envelope";
import { strList } from "../validate";

function firmware(ctx: RequestContext): ApiResult {
  const slots = ctx.core.state.firmwareSlots;
  // The reference: before login only the firmware in use is returned.
  const showAll = ctx.principal.kind !== "none";
  const out: Record<string, unknown> = {};
  const order: number[] = [];
  slots.forEach((slot, i) => {
    if (!showAll && !slot.inUse) return;
    out[String(i + 1)] = { version: slot.version, bootable: slot.bootable, inUse: slot.inUse };
    order.push(i + 1);
  });
  out.order = order;
  return ok(out);
}

function location(ctx: RequestContext): ApiResult {
  const loc = ctx.core.state.location;
  if (!loc) throw badRequest("GPS is not supported on this device");
  return ok({ gps: loc.gps, location: { ...loc.location } });
}

function systemInfo(ctx: RequestContext): ApiResult {
  const d = ctx.core.state.device;
  const wanted = ctx.params.infoType === undefined ? ["device"] : strList(ctx.params.infoType);
  const out: Record<string, unknown> = {};
  if (wanted.includes("device")) {
    out.device = {
      serialNumber: d.serialNumber,
      name: d.name,
      model: d.model,
      descriptionSupport: "",
      productCode: d.productCode,
      hardwareRevision: d.hardwareRevision,
      firmwareVersion: d.firmware,
      host: d.host,
      pepvpnVersion: d.pepvpnVersion,
      company: "Peplink",
      legal: true,
    };
  }
  if (wanted.includes("thermalSensor")) {
    out.thermalSensor = [{ temperature: 46.0, min: -30.0, max: 110.0, threshold: 90.0 }];
  }
  return ok(out);
}

export const infoOperations: readonly Operation[] = [
  { method: "GET", endpoint: "info.firmware", access: "optional", write: false, handler: firmware },
  { method: "GET", endpoint: "info.location", access: "required", write: false, handler: location },
  { method: "GET", endpoint: "status.system.info", access: "required", write: false, handler: systemInfo },
];
