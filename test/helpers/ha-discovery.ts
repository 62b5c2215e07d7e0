/**
 * Home Assistant's MQTT discovery schema, as far as this package uses it
 * (home-assistant.io, integrations/<component>.mqtt and integrations/mqtt):
 * the topic format, the keys each component requires and knows, device
 * classes and units, the device block. `checkDiscovery` returns every
 * problem found in a set of retained configs, so a spec can assert none.
 */

export const COMPONENTS = ["sensor", "binary_sensor", "switch", "select", "number", "button", "notify", "event", "device_tracker"] as const;
export type Component = (typeof COMPONENTS)[number];

/** Keys every entity config may carry (the ones this package sends, all documented for every component). */
const COMMON = [
  "~",
  "name",
  "unique_id",
  "device",
  "availability",
  "availability_mode",
  "origin",
  "icon",
  "entity_category",
  "enabled_by_default",
  "qos",
  "json_attributes_topic",
];

/** Per component: required keys and the other documented keys allowed. */
const SCHEMA: Record<Component, { required: string[]; allowed: string[] }> = {
  sensor: {
    required: ["state_topic"],
    allowed: [
      "device_class",
      "unit_of_measurement",
      "state_class",
      "options",
      "value_template",
      "expire_after",
      "force_update",
      "suggested_display_precision",
    ],
  },
  binary_sensor: {
    required: ["state_topic"],
    allowed: ["device_class", "payload_on", "payload_off", "value_template", "expire_after", "off_delay"],
  },
  switch: {
    required: ["command_topic"],
    allowed: ["state_topic", "payload_on", "payload_off", "state_on", "state_off", "device_class", "optimistic", "retain"],
  },
  select: {
    required: ["command_topic", "options"],
    allowed: ["state_topic", "value_template", "command_template", "optimistic", "retain"],
  },
  number: {
    required: ["command_topic"],
    allowed: ["state_topic", "min", "max", "step", "mode", "unit_of_measurement", "device_class", "payload_reset", "optimistic", "retain"],
  },
  button: { required: ["command_topic"], allowed: ["payload_press", "device_class", "retain"] },
  notify: { required: ["command_topic"], allowed: ["command_template", "retain"] },
  event: { required: ["state_topic", "event_types"], allowed: ["device_class", "value_template"] },
  // state_topic "can only be omitted if only json_attributes_topic is used".
  device_tracker: {
    required: [],
    allowed: ["state_topic", "source_type", "payload_home", "payload_not_home", "payload_reset", "value_template"],
  },
};

const DEVICE_KEYS = [
  "identifiers",
  "connections",
  "name",
  "manufacturer",
  "model",
  "model_id",
  "serial_number",
  "hw_version",
  "sw_version",
  "configuration_url",
  "suggested_area",
  "via_device",
];
/** What this package promises in every device block. */
const DEVICE_REQUIRED = ["identifiers", "name", "manufacturer", "model", "sw_version", "configuration_url"];

const SENSOR_CLASSES: Record<string, string[] | null> = {
  // device class → allowed units (null: none)
  enum: null,
  data_size: [
    "bit",
    "kbit",
    "Mbit",
    "Gbit",
    "B",
    "kB",
    "MB",
    "GB",
    "TB",
    "PB",
    "EB",
    "ZB",
    "YB",
    "KiB",
    "MiB",
    "GiB",
    "TiB",
    "PiB",
    "EiB",
    "ZiB",
    "YiB",
  ],
  signal_strength: ["dB", "dBm"],
};
const BINARY_CLASSES = ["connectivity", "problem", "running", "plug", "power"];
const BUTTON_CLASSES = ["identify", "restart", "update"];
const STATE_CLASSES = ["measurement", "total", "total_increasing"];
const ENTITY_CATEGORIES = ["config", "diagnostic"];
const ID = /^[a-zA-Z0-9_-]+$/;

/** A config value as text for checks and messages (JSON for anything but a string). */
function text(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

export interface ParsedConfig {
  topic: string;
  component: Component;
  nodeId: string;
  objectId: string;
  config: Record<string, unknown>;
}

/** `~` at the start (or end) of a `*_topic` value is the base topic. */
export function expandTopic(config: Record<string, unknown>, value: string): string {
  const base = typeof config["~"] === "string" ? config["~"] : undefined;
  if (base === undefined) return value;
  if (value.startsWith("~")) return base + value.slice(1);
  if (value.endsWith("~")) return value.slice(0, -1) + base;
  return value;
}

/** Parses retained `<prefix>/<component>/<node_id>/<object_id>/config` messages (empty payloads skipped). */
export function parseConfigs(prefix: string, retained: Map<string, string>): { configs: ParsedConfig[]; problems: string[] } {
  const configs: ParsedConfig[] = [];
  const problems: string[] = [];
  for (const [topic, payload] of retained) {
    if (!topic.startsWith(`${prefix}/`) || !topic.endsWith("/config") || payload === "") continue;
    const parts = topic.split("/");
    if (parts.length !== 5) {
      problems.push(`${topic}: not <prefix>/<component>/<node_id>/<object_id>/config`);
      continue;
    }
    const [, component, nodeId, objectId] = parts as [string, string, string, string];
    if (!(COMPONENTS as readonly string[]).includes(component)) problems.push(`${topic}: unknown component ${component}`);
    if (!ID.test(nodeId) || !ID.test(objectId)) problems.push(`${topic}: node_id/object_id must be [a-zA-Z0-9_-]`);
    let config: Record<string, unknown>;
    try {
      config = JSON.parse(payload) as Record<string, unknown>;
    } catch {
      problems.push(`${topic}: payload is not JSON`);
      continue;
    }
    configs.push({ topic, component: component as Component, nodeId, objectId, config });
  }
  return { configs, problems };
}

export interface DiscoveryCheck {
  /** Retained topic → payload (states, attributes, availability). */
  retained: Map<string, string>;
}

/** Every problem of the configs against the schema and against what is retained on the broker. */
export function checkDiscovery(configs: ParsedConfig[], check: DiscoveryCheck): string[] {
  const problems: string[] = [];
  const ids = new Map<string, string>();
  for (const { topic, component, config } of configs) {
    const p = (text: string): void => void problems.push(`${topic}: ${text}`);
    const schema = SCHEMA[component];
    for (const key of schema.required) if (config[key] === undefined) p(`required key ${key} is missing`);
    for (const key of Object.keys(config))
      if (!COMMON.includes(key) && !schema.allowed.includes(key) && !schema.required.includes(key)) p(`unknown key ${key}`);
    if (component === "device_tracker" && config.state_topic === undefined && config.json_attributes_topic === undefined)
      p("needs state_topic or json_attributes_topic");
    if (typeof config.name !== "string" || config.name === "") p("name must be a non-empty string");
    const uid = config.unique_id;
    if (typeof uid !== "string" || uid === "") p("unique_id must be a non-empty string");
    else if (ids.has(uid)) p(`unique_id ${uid} is also used by ${ids.get(uid)}`);
    else ids.set(uid, topic);

    // Device block.
    const device = config.device as Record<string, unknown> | undefined;
    if (!device || typeof device !== "object") p("device block missing");
    else {
      for (const key of Object.keys(device)) if (!DEVICE_KEYS.includes(key)) p(`device: unknown key ${key}`);
      for (const key of DEVICE_REQUIRED) if (device[key] === undefined || device[key] === "") p(`device: ${key} missing`);
      if (!Array.isArray(device.identifiers) || device.identifiers.length === 0) p("device: identifiers must be a non-empty list");
      if (typeof device.configuration_url === "string" && !/^https?:\/\//.test(device.configuration_url))
        p("device: configuration_url must be http(s)");
    }

    // Availability: a list of {topic}, each retained with a known payload.
    const availability = config.availability as Array<Record<string, unknown>> | undefined;
    if (!Array.isArray(availability) || availability.length === 0) p("availability list missing");
    else {
      for (const entry of availability) {
        if (typeof entry.topic !== "string") {
          p("availability entry without topic");
          continue;
        }
        const value = check.retained.get(entry.topic);
        const ok = [entry.payload_available ?? "online", entry.payload_not_available ?? "offline"];
        if (value === undefined) p(`availability topic ${entry.topic} has no retained value`);
        else if (!ok.includes(value)) p(`availability topic ${entry.topic} holds ${JSON.stringify(value)}, not ${ok.map(text).join("/")}`);
      }
      if (availability.length > 1 && config.availability_mode === undefined) p("several availability topics without availability_mode");
    }
    if (config.availability_mode !== undefined && !["all", "any", "latest"].includes(text(config.availability_mode)))
      p("availability_mode must be all, any or latest");

    // Topics exist: retained state (except events, which are never retained) and attributes.
    for (const key of ["state_topic", "json_attributes_topic", "command_topic"]) {
      const value = config[key];
      if (value === undefined) continue;
      if (typeof value !== "string" || value.includes("+") || value.includes("#") || value === "") {
        p(`${key} must be a topic without wildcards`);
        continue;
      }
      const full = expandTopic(config, value);
      if (full.includes("~")) p(`${key} ${value}: "~" left after expansion`);
      if (key !== "command_topic" && component !== "event" && !check.retained.has(full)) p(`${key} ${full} has no retained value`);
    }

    // Classes and units.
    const dc = config.device_class as string | undefined;
    const unit = config.unit_of_measurement as string | undefined;
    if (component === "sensor" && dc !== undefined) {
      if (!(dc in SENSOR_CLASSES)) p(`sensor device_class ${dc} is not one this check knows`);
      const units = SENSOR_CLASSES[dc];
      if (units && (unit === undefined || !units.includes(unit))) p(`device_class ${dc} needs a unit of ${units.join(", ")} (got ${unit})`);
      if (dc === "enum") {
        if (!Array.isArray(config.options) || config.options.length === 0) p("enum sensor needs options");
        if (config.state_class !== undefined || unit !== undefined) p("enum sensor must have no state_class or unit");
        const state = check.retained.get(expandTopic(config, String(config.state_topic)));
        if (state !== undefined && Array.isArray(config.options) && state !== "None" && !config.options.includes(state))
          p(`enum state ${state} is not one of its options`);
      }
    }
    if (component === "sensor" && config.options !== undefined && dc !== "enum") p("options only with device_class enum");
    if (component === "binary_sensor" && dc !== undefined && !BINARY_CLASSES.includes(dc)) p(`binary_sensor device_class ${dc} unknown`);
    if (component === "button" && dc !== undefined && !BUTTON_CLASSES.includes(dc)) p(`button device_class ${dc} unknown`);
    if (config.state_class !== undefined && !STATE_CLASSES.includes(text(config.state_class)))
      p(`state_class ${text(config.state_class)} unknown`);
    if (config.state_class === "total_increasing" && dc === "data_size" && unit === undefined) p("total_increasing data_size needs a unit");
    if (config.entity_category !== undefined && !ENTITY_CATEGORIES.includes(text(config.entity_category)))
      p("entity_category must be config or diagnostic");
    if (component === "select") {
      const options = config.options;
      if (!Array.isArray(options) || options.length === 0 || options.some((o) => typeof o !== "string"))
        p("select options must be a non-empty list of strings");
      const state = check.retained.get(expandTopic(config, String(config.state_topic)));
      if (state !== undefined && state !== "None" && Array.isArray(options) && !options.includes(state))
        p(`select state ${state} is not one of its options`);
    }
    if (component === "number") {
      for (const key of ["min", "max", "step"])
        if (config[key] !== undefined && typeof config[key] !== "number") p(`${key} must be a number`);
      if (config.mode !== undefined && !["auto", "box", "slider"].includes(text(config.mode))) p("number mode must be auto, box or slider");
    }
    if (component === "event" && (!Array.isArray(config.event_types) || config.event_types.length === 0))
      p("event_types must be a non-empty list");
    if (
      component === "device_tracker" &&
      config.source_type !== undefined &&
      !["gps", "router", "bluetooth", "bluetooth_le"].includes(text(config.source_type))
    )
      p("source_type unknown");
  }
  return problems;
}
