/**
 * config.gpio: read (empty or absent list) and update GPIO configuration.
 * Updates are saved config, pending until cmd.config.apply like every config.* write.
 */
import type { Operation, RequestContext } from "../context";
import { badRequest, ok, type ApiResult } from "../envelope";
import type { GpioConfig, GpioType } from "../state";
import { isObject, missing, scalar, toArray, toBool, toEnum, toInt, type Params } from "../validate";

const TYPES: readonly GpioType[] = ["digital_input", "digital_output", "analog_input"];
const INPUT_TYPES: readonly GpioType[] = ["digital_input", "analog_input"];

function render(ctx: RequestContext, withReference: boolean): Record<string, unknown> {
  const state = ctx.core.state;
  const out: Record<string, unknown> = {};
  const order = Object.keys(state.saved.gpio)
    .map(Number)
    .sort((a, b) => a - b);
  for (const id of order) {
    const g = state.saved.gpio[String(id)];
    const entry: Record<string, unknown> = { enable: g.enable, type: g.type, mode: g.mode };
    if (g.delay !== undefined) entry.delay = g.delay;
    out[String(id)] = entry;
  }
  out.order = order;
  if (withReference) {
    const ref: Record<string, unknown> = {};
    for (const id of order) {
      const r = state.gpioReference[String(id)];
      if (r) ref[String(id)] = { name: r.name, type: [...r.type], mode: structuredClone(r.mode) };
    }
    ref.order = order;
    out.reference = ref;
  }
  return out;
}

function hasUpdates(params: Params): boolean {
  return Array.isArray(params.list) && params.list.length > 0;
}

function update(ctx: RequestContext, items: unknown[]): void {
  const state = ctx.core.state;
  // Validate everything first so a bad item leaves the config untouched.
  const changes: Array<[string, GpioConfig]> = [];
  for (const raw of items) {
    if (!isObject(raw)) throw badRequest("Invalid list: each item must be an object with an id");
    if (raw.id === undefined) throw missing("list[].id");
    const id = toInt(raw.id, "list[].id", { min: 1 });
    const current = state.saved.gpio[String(id)];
    const ref = state.gpioReference[String(id)];
    if (!current || !ref) throw badRequest(`Invalid list[].id: GPIO ${id} does not exist`);
    const next: GpioConfig = { ...current };
    if (raw.enable !== undefined) next.enable = toBool(raw.enable, "list[].enable");
    if (raw.type !== undefined) {
      const type = toEnum(raw.type, "list[].type", TYPES);
      if (!ref.type.includes(type)) throw badRequest(`Invalid list[].type: GPIO ${id} supports ${ref.type.join(", ")}`);
      next.type = type;
    }
    const modes = ref.mode[next.type] ?? [];
    if (raw.mode !== undefined) next.mode = String(scalar(raw.mode));
    if (!modes.includes(next.mode)) {
      throw badRequest(`Invalid list[].mode: GPIO ${id} with type ${next.type} supports mode ${modes.join(", ")}`);
    }
    const isInput = INPUT_TYPES.includes(next.type);
    if (raw.delay !== undefined) {
      if (!isInput) throw badRequest(`Invalid list[].delay: delay is only for input types, not ${next.type}`);
      next.delay = toInt(raw.delay, "list[].delay", { min: 1, max: 3600 });
    }
    if (!isInput) delete next.delay;
    else if (next.delay === undefined) next.delay = 1;
    changes.push([String(id), next]);
  }
  for (const [id, cfg] of changes) state.saved.gpio[id] = cfg;
}

function postGpio(ctx: RequestContext): ApiResult {
  const p = ctx.params;
  if (p.list !== undefined) {
    const items = toArray(p.list, "list");
    if (items.length > 0) update(ctx, items);
  }
  const reference = p.reference === undefined ? false : toBool(p.reference, "reference");
  return ok(render(ctx, reference));
}

/** Not in the reference (which reads with an empty POST); answered for clients that try GET. */
function getGpio(ctx: RequestContext): ApiResult {
  const reference = ctx.params.reference === undefined ? false : toBool(ctx.params.reference, "reference");
  return ok(render(ctx, reference));
}

export const gpioOperations: readonly Operation[] = [
  { method: "POST", endpoint: "config.gpio", access: "required", write: hasUpdates, notice: "beta", handler: postGpio },
  { method: "GET", endpoint: "config.gpio", access: "required", write: false, configRead: true, notice: "beta", handler: getGpio },
];
