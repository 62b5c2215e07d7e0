/**
 * The Home Assistant entities of a router, built from what the node knows
 * (model.ts): for each, its component, options (Home Assistant's MQTT
 * discovery schema; topics relative to `~`), its current state and, for the
 * controls, the command it runs. Pure: no MQTT, no router.
 *
 * Topics under `~` (= `<baseTopic>/<router id>`): `~/<key>` state (retained),
 * `~/<key>/attributes` JSON attributes (retained), `~/<key>/set` commands.
 */
import type { SimAction } from "../sim/choice";
import { simActionOf } from "../sim/choice";
import { MAX_PRIORITY } from "../wan-priority/rows";
import type { RouterIdentity } from "./identity";
import type { Allowance, RouterModel, WanView } from "./model";

export type Component = "sensor" | "binary_sensor" | "switch" | "select" | "number" | "button" | "notify" | "event" | "device_tracker";

export type CellularButton = "reset-module" | "rescan-network";

export type Command =
  | { kind: "ap" }
  | { kind: "sim"; connId: number }
  | { kind: "priority"; connId: number }
  | { kind: "cellular"; connId: number; action: CellularButton }
  | { kind: "sms" };

export interface Entity {
  /** Unique within the router: `wan4_rsrp`, `ap`, … (letters, digits, `_`). */
  key: string;
  component: Component;
  name: string;
  /** Component options; topics start with `~`. */
  options: Record<string, unknown>;
  /** Payload for `~/<key>` (retained); undefined: nothing to publish. */
  state?: string;
  /** Payload for `~/<key>/attributes`. */
  attributes?: Record<string, unknown>;
  /** Whether the router reports the value now; an entity is announced once it was present (it then stays while its WAN exists). */
  present: boolean;
  command?: Command;
  /** The WAN the entity belongs to. */
  wan?: number;
}

/** What deriveState gives (wan-events/wan-state.ts): the options of the WAN state sensor. */
export const WAN_STATES = ["connected", "standby", "connecting", "disconnected", "no-device", "disabled", "unknown"] as const;

/** The SIM select's options and the peplink-sim action each stands for. */
export const SIM_OPTIONS: ReadonlyArray<readonly [string, Exclude<SimAction, "read">]> = [
  ["SIM A only", "sim1"],
  ["SIM B only", "sim2"],
  ["Both SIMs", "both"],
  ["Both, prefer SIM A", "prefer1"],
  ["Both, prefer SIM B", "prefer2"],
];

/** Home Assistant sets an entity's state to unknown on this payload. */
export const UNKNOWN = "None";

/** Home Assistant's button sends this (payload_press default). */
export const PRESS = "PRESS";

export const stateTopic = (key: string): string => `~/${key}`;
export const attributesTopic = (key: string): string => `~/${key}/attributes`;
export const commandTopic = (key: string): string => `~/${key}/set`;

function value(n: number | undefined): string {
  return n === undefined ? UNKNOWN : String(n);
}

function sensor(
  key: string,
  name: string,
  options: Record<string, unknown>,
  state: string | undefined,
  present: boolean,
  wan?: number,
): Entity {
  return {
    key,
    component: "sensor",
    name,
    options: { state_topic: stateTopic(key), ...options },
    state,
    present,
    ...(wan !== undefined ? { wan } : {}),
  };
}

function button(key: string, name: string, options: Record<string, unknown>, command: Command, wan: number): Entity {
  return {
    key,
    component: "button",
    name,
    options: { command_topic: commandTopic(key), payload_press: PRESS, entity_category: "config", ...options },
    present: true,
    command,
    wan,
  };
}

const SIGNALS: ReadonlyArray<readonly [keyof NonNullable<WanView["summary"]["cellular"]>, string, string, string]> = [
  ["rssi", "RSSI", "dBm", "mdi:signal"],
  ["rsrp", "RSRP", "dBm", "mdi:signal"],
  ["rsrq", "RSRQ", "dB", "mdi:signal"],
  ["sinr", "SINR", "dB", "mdi:signal"],
];

function usageEntities(prefix: string, label: string, allowance: Allowance, wan: number): Entity[] {
  return [
    sensor(
      `${prefix}_usage`,
      `${label} data usage`,
      { device_class: "data_size", unit_of_measurement: "MB", state_class: "total_increasing", icon: "mdi:chart-bar" },
      value(allowance.usage),
      allowance.usage !== undefined,
      wan,
    ),
    // The limit only means something while the allowance monitor is on.
    sensor(
      `${prefix}_allowance`,
      `${label} data allowance`,
      { device_class: "data_size", unit_of_measurement: "MB", icon: "mdi:gauge" },
      allowance.enable ? value(allowance.limit) : UNKNOWN,
      allowance.enable && allowance.limit !== undefined,
      wan,
    ),
  ];
}

function wanEntities(id: number, view: WanView, model: RouterModel, smsEvents: boolean): Entity[] {
  const s = view.summary;
  const k = `wan${id}`;
  const out: Entity[] = [
    {
      ...sensor(
        `${k}_state`,
        `${s.name} state`,
        { device_class: "enum", options: [...WAN_STATES], json_attributes_topic: attributesTopic(`${k}_state`), icon: "mdi:wan" },
        s.state,
        true,
        id,
      ),
      // No uptime: it changes at every poll, and state is published on change only.
      attributes: { connection_id: id, name: s.name, type: s.type, message: s.message, status_led: s.statusLed, ip: s.ip ?? null },
    },
    {
      key: `${k}_connected`,
      component: "binary_sensor",
      name: `${s.name} connected`,
      options: { state_topic: stateTopic(`${k}_connected`), device_class: "connectivity" },
      state: s.state === "connected" ? "ON" : "OFF",
      present: true,
      wan: id,
    },
    {
      key: `${k}_priority`,
      component: "number",
      name: `${s.name} priority`,
      options: {
        state_topic: stateTopic(`${k}_priority`),
        command_topic: commandTopic(`${k}_priority`),
        min: 1,
        max: MAX_PRIORITY,
        step: 1,
        mode: "box",
        entity_category: "config",
        icon: "mdi:priority-high",
      },
      // A disabled WAN has no priority.
      state: value(s.priority),
      present: true,
      command: { kind: "priority", connId: id },
      wan: id,
    },
  ];
  if (s.type === "cellular") {
    const cell = s.cellular ?? {};
    for (const [field, label, unit, icon] of SIGNALS) {
      const v = cell[field] as number | undefined;
      out.push(
        sensor(
          `${k}_${field}`,
          `${s.name} ${label}`,
          { device_class: "signal_strength", unit_of_measurement: unit, state_class: "measurement", icon },
          value(v),
          v !== undefined,
          id,
        ),
      );
    }
    out.push(
      sensor(
        `${k}_signal_level`,
        `${s.name} signal bars`,
        { state_class: "measurement", icon: "mdi:signal-cellular-3" },
        value(cell.signalLevel),
        cell.signalLevel !== undefined,
        id,
      ),
    );
    out.push(
      sensor(`${k}_carrier`, `${s.name} carrier`, { icon: "mdi:radio-tower" }, cell.carrier ?? UNKNOWN, cell.carrier !== undefined, id),
    );
    const sim = model.sims.get(id);
    if (view.simSlots.length >= 2) {
      const action = simActionOf(sim);
      out.push({
        key: `${k}_sim`,
        component: "select",
        name: `${s.name} SIM`,
        options: {
          state_topic: stateTopic(`${k}_sim`),
          command_topic: commandTopic(`${k}_sim`),
          options: SIM_OPTIONS.map(([label]) => label),
          entity_category: "config",
          icon: "mdi:sim",
        },
        state: SIM_OPTIONS.find(([, a]) => a === action)?.[0] ?? UNKNOWN,
        present: sim !== undefined,
        command: { kind: "sim", connId: id },
        wan: id,
      });
    }
    out.push(
      button(
        `${k}_reset`,
        `${s.name} reset module`,
        { device_class: "restart" },
        { kind: "cellular", connId: id, action: "reset-module" },
        id,
      ),
      button(
        `${k}_rescan`,
        `${s.name} rescan network`,
        { icon: "mdi:antenna" },
        { kind: "cellular", connId: id, action: "rescan-network" },
        id,
      ),
    );
    if (smsEvents) {
      out.push({
        key: `${k}_sms`,
        component: "event",
        name: `${s.name} SMS received`,
        // Events are published when an SMS arrives, never retained.
        options: { state_topic: stateTopic(`${k}_sms`), event_types: ["received"], icon: "mdi:message-text" },
        present: true,
        wan: id,
      });
    }
  }
  if (s.type === "wifi") {
    const strength = s.wifi?.signal;
    out.push(
      sensor(
        `${k}_signal`,
        `${s.name} signal`,
        { device_class: "signal_strength", unit_of_measurement: "dBm", state_class: "measurement", icon: "mdi:wifi" },
        value(strength),
        strength !== undefined,
        id,
      ),
    );
  }
  const allowance = model.allowances.get(id);
  if (allowance?.kind === "wan") out.push(...usageEntities(k, s.name, allowance.allowance, id));
  if (allowance?.kind === "sims") {
    for (const [slot, a] of allowance.sims)
      out.push(...usageEntities(`${k}_sim${slot}`, `${s.name} SIM ${slot === 1 ? "A" : slot === 2 ? "B" : slot}`, a, id));
  }
  return out;
}

export interface EntityContext {
  identity: RouterIdentity;
  smsEvents: boolean;
  /** The device signs in as a read-only user or client: no controls (the router would refuse every command). */
  readOnly: boolean;
}

/** Component options only a control has. */
const CONTROL_OPTIONS = new Set(["command_topic", "payload_press", "options", "min", "max", "step", "mode"]);

/**
 * The read-only form of an entity: a control with a state (AP switch, SIM
 * select, priority number) becomes a sensor of that state under the same key;
 * buttons and the SMS notify go. Sensors cannot be `config` entities in Home
 * Assistant, hence `diagnostic`.
 */
function withoutControl(e: Entity): Entity | undefined {
  if (!e.command) return e;
  if (e.component === "button" || e.component === "notify") return undefined;
  const options = Object.fromEntries(Object.entries(e.options).filter(([name]) => !CONTROL_OPTIONS.has(name)));
  if (options.entity_category === "config") options.entity_category = "diagnostic";
  const { command: _command, ...rest } = e;
  return { ...rest, component: e.component === "switch" ? "binary_sensor" : "sensor", options };
}

/** Every entity the router could have now, present or not (in a stable order). */
export function buildEntities(model: RouterModel, ctx: EntityContext): Entity[] {
  const out: Entity[] = [];
  out.push(
    sensor(
      "firmware",
      "Firmware",
      { entity_category: "diagnostic", icon: "mdi:chip" },
      ctx.identity.firmware ?? UNKNOWN,
      ctx.identity.firmware !== undefined,
    ),
  );
  if (model.clients) {
    out.push({
      ...sensor(
        "clients",
        "Connected clients",
        { state_class: "measurement", json_attributes_topic: attributesTopic("clients"), icon: "mdi:devices" },
        String(model.clients.total),
        true,
      ),
      attributes: { wireless: model.clients.wireless, ethernet: model.clients.ethernet },
    });
  }
  if (model.ap?.support) {
    out.push({
      key: "ap",
      component: "switch",
      name: "Wi-Fi access point",
      options: { state_topic: stateTopic("ap"), command_topic: commandTopic("ap"), icon: "mdi:wifi" },
      state: model.ap.enable ? "ON" : "OFF",
      present: true,
      command: { kind: "ap" },
    });
  }
  if (model.location) {
    const { location: l, fix } = model.location;
    out.push({
      key: "location",
      component: "device_tracker",
      name: "Location",
      options: { json_attributes_topic: attributesTopic("location"), source_type: "gps", icon: "mdi:crosshairs-gps" },
      // No timestamp: it changes at every read while the position does not.
      attributes: {
        latitude: l.latitude,
        longitude: l.longitude,
        altitude: l.altitude ?? null,
        speed: l.speed ?? null,
        heading: l.heading ?? null,
        hdop: l.hdop ?? null,
        fix,
      },
      // Announced once the router had a fix; afterwards the last position stays, with fix: false.
      present: fix,
    });
  }
  for (const [id, view] of model.wans) out.push(...wanEntities(id, view, model, ctx.smsEvents));
  if (model.cellularIds().length > 0) {
    out.push({
      key: "sms",
      component: "notify",
      name: "SMS",
      options: { command_topic: commandTopic("sms"), icon: "mdi:message-arrow-right" },
      present: true,
      command: { kind: "sms" },
    });
  }
  return ctx.readOnly ? out.flatMap((e) => withoutControl(e) ?? []) : out;
}
