/**
 * peplink-homeassistant settings: topics, poll interval, device name, SMS
 * recipients and whether received SMS become Home Assistant events. Checked
 * once at start; a bad setting names the field and what is allowed.
 */
import { smsRecipients } from "../sms/address";
import { asConnId, asIntervalMs, asString } from "../shared/validate";

export interface HaConfig {
  prefix?: string;
  baseTopic?: string;
  interval?: string | number;
  deviceName?: string;
  smsTo?: string;
  smsConnId?: string | number;
  smsEvents?: boolean | string;
}

export interface HaSettings {
  /** Discovery prefix (Home Assistant's default `homeassistant`). */
  prefix: string;
  /** Where state and command topics live: `<baseTopic>/<router id>/…`. */
  baseTopic: string;
  intervalMs: number;
  /** Device name in Home Assistant; undefined = the router's own name. */
  deviceName: string | undefined;
  /** Recipients of the notify entity's messages (a JSON payload may name others). */
  smsTo: string[] | undefined;
  /** Cellular WAN that sends; undefined = the router chooses. */
  smsConnId: number | undefined;
  /** Received SMS become events of an event entity per cellular WAN. */
  smsEvents: boolean;
}

export const DEFAULT_PREFIX = "homeassistant";
export const DEFAULT_BASE_TOPIC = "peplink";
export const DEFAULT_INTERVAL_S = 30;
const MIN_INTERVAL_S = 1;
const MAX_INTERVAL_S = 3600;
/** Topic levels of letters, digits, `_` and `-`, separated by single slashes: no wildcards, no empty level. */
const TOPIC = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

function topicSetting(value: string | undefined, fallback: string, field: string): string {
  const text = value === undefined || value.trim() === "" ? fallback : value.trim();
  return asString(text, field, {
    max: 100,
    pattern: TOPIC,
    patternText: "topic levels of letters, digits, '_' or '-' separated by '/', e.g. homeassistant (no '+', '#' or empty level)",
  });
}

export function parseHaSettings(config: HaConfig): HaSettings {
  const deviceName =
    typeof config.deviceName === "string" && config.deviceName.trim() !== ""
      ? asString(config.deviceName.trim(), "deviceName setting", { max: 100 })
      : undefined;
  const smsTo = typeof config.smsTo === "string" && config.smsTo.trim() !== "" ? smsRecipients(config.smsTo, "smsTo setting") : undefined;
  const connText = config.smsConnId === undefined || config.smsConnId === null ? "" : String(config.smsConnId).trim();
  return {
    prefix: topicSetting(config.prefix, DEFAULT_PREFIX, "prefix setting"),
    baseTopic: topicSetting(config.baseTopic, DEFAULT_BASE_TOPIC, "baseTopic setting"),
    intervalMs: asIntervalMs(config.interval, "interval setting", {
      defaultS: DEFAULT_INTERVAL_S,
      minS: MIN_INTERVAL_S,
      maxS: MAX_INTERVAL_S,
    }),
    deviceName,
    smsTo,
    smsConnId: connText === "" ? undefined : asConnId(connText, "smsConnId setting"),
    // Flows written before the setting existed get events.
    smsEvents: config.smsEvents === undefined || config.smsEvents === true || config.smsEvents === "true",
  };
}
