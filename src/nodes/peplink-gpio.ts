/**
 * peplink-gpio: reads the GPIO map (with the reference of supported types and
 * modes) or updates enable / type / mode / delay of one or more pins, then
 * applies the change (cmd.config.apply) unless told not to.
 *
 * Updates are checked twice before they are sent: against the API reference's
 * type/mode table (no request at all), then against the router's own map of
 * what each pin supports. That map describes the hardware, so it is read once
 * (from the first read or update, which ask for it) and kept for the node's
 * life; every answer that carries it refreshes it, a refused update drops it.
 */
import type { NodeAPI, NodeDef, NodeMessage } from "node-red";
import type { ApiResult } from "../api/client";
import { PeplinkError, PeplinkInputError } from "../api/errors";
import { entriesInOrder } from "../api/ordered";
import type { ConfigGpioParams, ConfigGpioResponse, GpioType, GpioUpdate } from "../api/types/gpio";
import { DeviceLink, onInput, withResult } from "./shared/flow-node";
import { asBoolean, asEnum, asInt, asList, asObject, describeValue, editorRows, onlyKeys } from "./shared/validate";

interface GpioRow {
  id?: string | number;
  enable?: string | boolean;
  type?: string;
  mode?: string;
  delay?: string | number;
}

interface GpioNodeDef extends NodeDef {
  device: string;
  /** read | update */
  action: string;
  /** The pins to update (editor table). */
  pins: GpioRow[] | undefined;
  /** Include the reference of supported types and modes in the output. */
  reference: boolean | undefined;
  /** Apply pending config after an update (cmd.config.apply). */
  apply: boolean | undefined;
  topic: string;
}

const ACTIONS = ["read", "update"] as const;
type GpioAction = (typeof ACTIONS)[number];
const TYPES: readonly GpioType[] = ["digital_input", "digital_output", "analog_input"];
const INPUT_TYPES: readonly GpioType[] = ["digital_input", "analog_input"];
/**
 * The API reference's table; `toggle_high` is not in it but is what its own
 * config.gpio example sends for a digital output, and routers accept it.
 */
const MODES_BY_TYPE: Record<GpioType, readonly string[]> = {
  digital_input: ["input_sensing", "ignition_sensing"],
  digital_output: ["wan_status", "toggle_high"],
  analog_input: ["input_sensing", "voltage_measurement", "analog_testing"],
};
const ALL_MODES = [...new Set(Object.values(MODES_BY_TYPE).flat())];
const PIN_KEYS = ["id", "enable", "type", "mode", "delay"] as const;
const MAX_PINS = 32;

/** What one pin supports, from the router's reference map. */
interface PinReference {
  types: string[];
  modes: Record<string, string[]>;
}

type ReferenceMap = Map<number, PinReference>;

/** One pin update, checked against the API reference's table (no request needed). */
function asPin(value: unknown, field: string): GpioUpdate {
  const o = asObject(value, field);
  onlyKeys(o, field, PIN_KEYS);
  if (o.id === undefined || o.id === "") throw new PeplinkInputError(`${field}.id`, "is required: the GPIO number, e.g. 1");
  const id = asInt(o.id, `${field}.id`, { min: 1, max: 64 });
  const pin: { id: number; enable?: boolean; type?: GpioType; mode?: string; delay?: number } = { id };
  if (o.enable !== undefined) pin.enable = asBoolean(o.enable, `${field}.enable`);
  if (o.type !== undefined) pin.type = asEnum(o.type, `${field}.type`, TYPES);
  if (o.mode !== undefined) pin.mode = asEnum(o.mode, `${field}.mode`, ALL_MODES);
  if (pin.type && pin.mode === undefined) {
    // The router would keep the pin's old mode, which the new type may not support.
    throw new PeplinkInputError(`${field}.mode`, `is required with a type: for ${pin.type} one of ${MODES_BY_TYPE[pin.type].join(", ")}`);
  }
  if (pin.type && pin.mode !== undefined && !MODES_BY_TYPE[pin.type].includes(pin.mode)) {
    throw new PeplinkInputError(
      `${field}.mode`,
      `must be one of ${MODES_BY_TYPE[pin.type].join(", ")} for type ${pin.type} (got ${describeValue(pin.mode)})`,
    );
  }
  if (o.delay !== undefined) {
    pin.delay = asInt(o.delay, `${field}.delay`, { min: 1, max: 3600 });
    if (pin.type && !INPUT_TYPES.includes(pin.type)) {
      throw new PeplinkInputError(`${field}.delay`, `is only for input types (${INPUT_TYPES.join(", ")}), not ${pin.type}`);
    }
  }
  if (Object.keys(pin).length === 1)
    throw new PeplinkInputError(field, `must change at least one of enable, type, mode, delay (got only the id)`);
  return pin as GpioUpdate;
}

/** A pin list (or one pin) and the field name of each pin for messages: `payload[1]`, or `payload` for a single pin. */
interface PinList {
  pins: GpioUpdate[];
  fields: string[];
}

/** A list of pins (or one pin), without repeated ids. */
function asPins(value: unknown, field: string): PinList {
  if (!Array.isArray(value)) return { pins: [asPin(value, field)], fields: [field] };
  const pins = asList(value, field, asPin, { min: 1, max: MAX_PINS, single: false });
  const fields = pins.map((_, i) => `${field}[${i}]`);
  const seen = new Set<number>();
  pins.forEach((pin, i) => {
    if (seen.has(pin.id)) throw new PeplinkInputError(`${fields[i]}.id`, `must not repeat a GPIO (${pin.id} is listed twice)`);
    seen.add(pin.id);
  });
  return { pins, fields };
}

/** The router's reference map, when the answer carries one. */
function referenceOf(response: ConfigGpioResponse | undefined): ReferenceMap | undefined {
  const ref = response?.reference;
  if (!ref || typeof ref !== "object") return undefined;
  const map: ReferenceMap = new Map();
  for (const [id, r] of entriesInOrder(ref)) {
    if (!r || typeof r !== "object") continue;
    const types = Array.isArray(r.type) ? r.type.map(String) : [];
    const modes: Record<string, string[]> = {};
    for (const [type, list] of Object.entries(r.mode ?? {})) if (Array.isArray(list)) modes[type] = list.map(String);
    map.set(Number(id), { types, modes });
  }
  return map;
}

/** Checks each pin against what the router says it supports. */
function checkAgainst({ pins, fields }: PinList, ref: ReferenceMap): void {
  pins.forEach((pin, i) => {
    const f = fields[i];
    const r = ref.get(pin.id);
    if (!r)
      throw new PeplinkInputError(`${f}.id`, `must be a GPIO of this router: ${[...ref.keys()].join(", ") || "none"} (got ${pin.id})`);
    if (pin.type && !r.types.includes(pin.type)) {
      throw new PeplinkInputError(
        `${f}.type`,
        `must be one of ${r.types.join(", ")}, the types GPIO ${pin.id} supports (got ${describeValue(pin.type)})`,
      );
    }
    if (pin.mode !== undefined) {
      // Without a type the pin keeps its current type: accept a mode that any of its types supports.
      const allowed = pin.type ? (r.modes[pin.type] ?? []) : [...new Set(r.types.flatMap((t) => r.modes[t] ?? []))];
      if (!allowed.includes(pin.mode)) {
        throw new PeplinkInputError(
          `${f}.mode`,
          `must be one of ${allowed.join(", ")}, the modes GPIO ${pin.id} supports${pin.type ? ` for ${pin.type}` : ""} (got ${describeValue(pin.mode)})`,
        );
      }
    }
    if (pin.delay !== undefined && !pin.type && !r.types.some((t) => (INPUT_TYPES as readonly string[]).includes(t))) {
      throw new PeplinkInputError(`${f}.delay`, `is only for input types, and GPIO ${pin.id} has none`);
    }
  });
}

/** The answer without `reference`, unless the user wants it. */
function outputOf(response: ConfigGpioResponse, withReference: boolean): ConfigGpioResponse {
  if (withReference || !response || typeof response !== "object" || !("reference" in response)) return response;
  const copy = { ...response } as Partial<ConfigGpioResponse>;
  delete copy.reference;
  return copy as ConfigGpioResponse;
}

export = function register(RED: NodeAPI): void {
  function PeplinkGpio(this: import("node-red").Node, config: GpioNodeDef): void {
    RED.nodes.createNode(this, config);
    const link = new DeviceLink(RED, this, config.device);
    let reference: ReferenceMap | undefined;
    // One reference read shared by the messages that arrive while it runs.
    let loading: Promise<unknown> | undefined;
    let settingsPins: PinList | undefined;
    let settingsError: Error | undefined;
    const rows = editorRows(config.pins);
    if (rows.length > 0) {
      try {
        settingsPins = asPins(rows, "pins setting");
      } catch (err) {
        settingsError = err as Error;
        link.error(err);
      }
    }

    async function read(): Promise<ApiResult<ConfigGpioResponse>> {
      const params: ConfigGpioParams = { list: [], reference: true };
      const result = await link.call<ConfigGpioResponse>("POST", "config.gpio", params);
      reference = referenceOf(result.response) ?? reference;
      return result;
    }

    function pinsFor(msg: NodeMessage): PinList {
      const p = msg.payload;
      if (p !== null && typeof p === "object") return asPins(p, "payload");
      if (settingsError) throw settingsError;
      if (!settingsPins) {
        throw new PeplinkInputError(
          "payload",
          "must be a pin {id, enable?, type?, mode?, delay?} or a list of them (the node has no pins to update)",
        );
      }
      return settingsPins;
    }

    async function update(msg: NodeMessage, apply: boolean, withReference: boolean): Promise<NodeMessage> {
      const list = pinsFor(msg);
      const pins = list.pins;
      if (!reference) {
        loading ??= read().finally(() => (loading = undefined));
        await loading;
      }
      if (reference) checkAgainst(list, reference);
      link.show("blue", "dot", "peplink-gpio.status.updating", { pins: pins.map((p) => p.id).join(", ") });
      let result: ApiResult<ConfigGpioResponse>;
      try {
        result = await link.call<ConfigGpioResponse>("POST", "config.gpio", { list: pins, reference: true });
      } catch (err) {
        // The router refused what the cached map allowed: read the map again next time.
        if (err instanceof PeplinkError && err.kind === "api") reference = undefined;
        throw err;
      }
      reference = referenceOf(result.response) ?? reference;
      const out = withResult(msg, link, "POST", "config.gpio", result, {
        payload: outputOf(result.response, withReference),
        topic: config.topic,
      });
      if (apply) {
        const applied = await link.call("POST", "cmd.config.apply");
        (out.peplink as Record<string, unknown>).applied = applied.response ?? true;
      }
      link.show("green", "dot", apply ? "peplink-gpio.status.updated" : "peplink-gpio.status.saved", {
        pins: pins.map((p) => p.id).join(", "),
      });
      return out;
    }

    onInput(link, async (msg) => {
      const action: GpioAction =
        msg.action !== undefined ? asEnum(msg.action, "action", ACTIONS) : asEnum(config.action || "read", "action setting", ACTIONS);
      const withReference = msg.reference !== undefined ? asBoolean(msg.reference, "reference") : config.reference !== false;
      if (action === "update") {
        const apply = msg.apply !== undefined ? asBoolean(msg.apply, "apply") : config.apply !== false;
        return update(msg, apply, withReference);
      }
      const result = await read();
      const count = entriesInOrder(result.response).length;
      link.show("green", "dot", "peplink-gpio.status.read", { count });
      return withResult(msg, link, "POST", "config.gpio", result, {
        payload: outputOf(result.response, withReference),
        topic: config.topic,
      });
    });
  }

  RED.nodes.registerType("peplink-gpio", PeplinkGpio);
};
