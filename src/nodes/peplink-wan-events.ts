/**
 * peplink-wan-events: polls status.wan.connection (shared poller) and emits one
 * message per watched WAN whose state changes — the trigger for failover
 * automations. On input it re-emits the current state of every watched WAN.
 */
import type { Node, NodeAPI, NodeDef, NodeMessage, NodeStatus } from "node-red";
import { PeplinkInputError } from "../api/errors";
import type { Translate } from "./shared/i18n";
import { DeviceLink, OutageReporter, onInput, type PeplinkMeta } from "./shared/flow-node";
import type { PollOutcome } from "./shared/pollers";
import { asConnId, asIntervalMs } from "./shared/validate";
import { WanTracker } from "./wan-events/tracker";
import type { WanEventPayload } from "./wan-events/wan-state";

interface WanEventsNodeDef extends NodeDef {
  device: string;
  /** Seconds between polls; default 5, at least 1. */
  interval: string | number;
  /** Connection IDs to watch, separated by commas or spaces; empty = all. */
  connIds: string;
  emitOnStart: boolean | string;
}

const ENDPOINT = "status.wan.connection";
const DEFAULT_INTERVAL_S = 5;
const MIN_INTERVAL_S = 1;
const MAX_INTERVAL_S = 3600;

function parseInterval(value: string | number | undefined): number {
  return asIntervalMs(value, "interval setting", { defaultS: DEFAULT_INTERVAL_S, minS: MIN_INTERVAL_S, maxS: MAX_INTERVAL_S });
}

/** "1, 2" or "1 2" → {1, 2}; empty → undefined (every WAN). */
function parseConnIds(value: unknown): Set<number> | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const parts = typeof value === "string" ? value.split(/[\s,]+/).filter((s) => s !== "") : Array.isArray(value) ? value : [value];
  if (parts.length === 0) return undefined;
  return new Set(parts.map((p, i) => asConnId(p, parts.length > 1 ? `connIds setting[${i}]` : "connIds setting")));
}

function summaryStatus(wans: ReadonlyArray<{ state: string }>, t: Translate): NodeStatus {
  const count = (...states: string[]): number => wans.filter((w) => states.includes(w.state)).length;
  const up = count("connected");
  const standby = count("standby");
  const down = count("disconnected", "no-device");
  const connecting = count("connecting");
  const parts = [t("peplink-wan-events.status.up", { count: up })];
  if (standby) parts.push(t("peplink-wan-events.status.standby", { count: standby }));
  if (connecting) parts.push(t("peplink-wan-events.status.connecting", { count: connecting }));
  if (down) parts.push(t("peplink-wan-events.status.down", { count: down }));
  // Red only when nothing is up: unused ports ("No Cable Detected") are normal on a healthy router.
  const fill = wans.length === 0 ? "grey" : up === 0 ? "red" : down || connecting ? "yellow" : "green";
  return { fill, shape: "dot", text: parts.join(" · ") };
}

export = function register(RED: NodeAPI): void {
  function PeplinkWanEvents(this: Node, config: WanEventsNodeDef): void {
    RED.nodes.createNode(this, config);
    const node = this;
    const link = new DeviceLink(RED, node, config.device);
    const reporter = new OutageReporter(link, ENDPOINT);
    const emitOnStart = config.emitOnStart === true || config.emitOnStart === "true";
    let settingsError: Error | undefined;
    let intervalMs = DEFAULT_INTERVAL_S * 1000;
    let filter: Set<number> | undefined;
    try {
      intervalMs = parseInterval(config.interval);
      filter = parseConnIds(config.connIds);
    } catch (err) {
      settingsError = err as Error;
      link.error(err);
      // Logged once here; every input fails with it (to Catch).
      node.error(settingsError.message);
    }
    const tracker = new WanTracker(filter);
    let warnedMissing = false;
    let unsubscribe: (() => void) | undefined;

    const peplink = (): PeplinkMeta => ({ device: link.label, endpoint: ENDPOINT, method: "GET" });

    /** Puts one WAN's event into a message (topic wan/<connId>). */
    function fill(msg: NodeMessage, payload: WanEventPayload): NodeMessage {
      msg.payload = payload;
      msg.topic = `wan/${payload.connId}`;
      (msg as NodeMessage & { peplink: unknown }).peplink = peplink();
      return msg;
    }

    function warnMissing(response: unknown): void {
      const missing = tracker.missing(response);
      if (warnedMissing || missing.length === 0) return;
      warnedMissing = true;
      node.warn(`connIds: the router has no WAN ${missing.join(", ")}; these are watched in case they appear`);
    }

    function onPoll(outcome: PollOutcome): void {
      if (link.isClosing) return;
      if (!outcome.ok) {
        reporter.failure(outcome.error, { topic: "wan", peplink: peplink() });
        return;
      }
      reporter.success();
      const event = !tracker.hasBaseline && emitOnStart ? "start" : "change";
      const events = tracker.apply(outcome.result.response, event);
      warnMissing(outcome.result.response);
      link.status(summaryStatus(tracker.current(), link.t));
      if (events.length) node.send([events.map((p) => fill({}, p))]);
    }

    if (!settingsError) {
      try {
        unsubscribe = link.require().poll({ method: "GET", endpoint: ENDPOINT, params: {}, intervalMs }, onPoll);
      } catch (err) {
        // No usable device: the status already says so; inputs report it too.
        node.error((err as Error).message);
      }
    }

    onInput(link, async (msg) => {
      if (settingsError) throw settingsError;
      const result = await link.call("GET", ENDPOINT);
      const events = tracker.apply(result.response, "input");
      warnMissing(result.response);
      link.status(summaryStatus(tracker.current(), link.t));
      if (events.length === 0) {
        throw new PeplinkInputError(
          "connIds setting",
          filter ? `none of the watched WANs (${[...filter].join(", ")}) exists on this router` : "the router reports no WAN",
        );
      }
      // One message per WAN: the first reuses the incoming message, the others are copies of it.
      const copies = events.map((_, i) => (i === 0 ? msg : RED.util.cloneMessage(msg)));
      return [copies.map((m, i) => fill(m, events[i]))];
    });

    link.onClose(() => {
      unsubscribe?.();
      unsubscribe = undefined;
    });
  }

  RED.nodes.registerType("peplink-wan-events", PeplinkWanEvents);
};
