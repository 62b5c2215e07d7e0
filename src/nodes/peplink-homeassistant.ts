/**
 * peplink-homeassistant: the router as a Home Assistant device over MQTT
 * discovery, through Node-RED's own mqtt-broker config node.
 *
 * The router is read through the device's shared pollers (a peplink-status or
 * -wan-events node polling the same endpoint at the same interval adds no
 * request); what changed is published (retained) under
 * `<baseTopic>/<router id>/…`, the entities are announced under
 * `<prefix>/<component>/peplink_<router id>/<key>/config`. Availability is
 * online while the router answers, offline when it does not or the node
 * closes. Commands from Home Assistant run through the same shared functions
 * and client as the other nodes. The output carries every command done and
 * every SMS received.
 */
import type { Node, NodeAPI, NodeDef, NodeMessage } from "node-red";
import { PeplinkApiError, PeplinkInputError } from "../api/errors";
import type { Caller } from "./shared/caller";
import { DeviceLink, OutageReporter, type PeplinkMeta } from "./shared/flow-node";
import type { PeplinkDeviceNode } from "./shared/device-node";
import type { PollOutcome } from "./shared/pollers";
import { SeenInbox } from "./sms/seen-inbox";
import { SeenStore } from "./sms/seen-store";
import { smsMessage, SMS_ENDPOINT, takeInbox } from "./sms/take";
import { runCommand } from "./homeassistant/commands";
import { availabilityTopic, configurationUrl, discoveryContext } from "./homeassistant/discovery";
import { buildEntities, stateTopic } from "./homeassistant/entities";
import { readIdentity, sameIdentity, type RouterIdentity } from "./homeassistant/identity";
import { RouterModel } from "./homeassistant/model";
import { isMqttBroker, MqttLink } from "./homeassistant/mqtt-link";
import { expand, Publisher, type DiscoveryContext } from "./homeassistant/publisher";
import { parseHaSettings, type HaConfig, type HaSettings } from "./homeassistant/settings";
import { TEXT } from "./homeassistant/texts";

interface HaNodeDef extends NodeDef, HaConfig {
  device: string;
  /** The mqtt-broker config node. */
  broker: string;
}

/** Router id → node id: one node per router and process publishes (the unique ids would clash). */
const owners = new Map<string, string>();

/** Router-level sources: a fail answer means "not on this router" (not announced, asked again after an outage). */
const OPTIONAL_SOURCES = [
  { name: "allowance", endpoint: "status.wan.connection.allowance", params: {}, what: "data usage (status.wan.connection.allowance)" },
  { name: "clients", endpoint: "status.client", params: { activeOnly: "yes" }, what: "LAN clients (status.client)" },
  { name: "ap", endpoint: "cmd.ap", params: {}, what: "access point (cmd.ap)" },
  { name: "location", endpoint: "info.location", params: {}, what: "GPS (info.location)" },
] as const;

export = function register(RED: NodeAPI): void {
  function PeplinkHomeAssistant(this: Node, config: HaNodeDef): void {
    RED.nodes.createNode(this, config);
    const link = new DeviceLink(RED, this, config.device);

    let reportLater: NodeJS.Immediate | undefined;
    /** A setting to fix: status now, and once to Catch and the log (deferred: Catch nodes may not exist yet). */
    const reportSetting = (message: string, statusKey: string): void => {
      link.show("red", "ring", statusKey);
      reportLater = setImmediate(() => {
        reportLater = undefined;
        this.error(message, {});
      });
    };

    let settings: HaSettings | undefined;
    try {
      settings = parseHaSettings(config);
    } catch (err) {
      reportSetting((err as Error).message, "common.status.settings-invalid");
    }
    const brokerNode = config.broker ? RED.nodes.getNode(config.broker) : null;
    const broker = isMqttBroker(brokerNode) ? brokerNode : undefined;
    if (settings && !broker) reportSetting(link.t(TEXT.noBroker), TEXT.statusNoBroker);
    const device = link.device && !link.device.configError ? link.device : undefined;

    if (!settings || !broker || !device) {
      link.onClose(() => {
        if (reportLater) clearImmediate(reportLater);
      });
      return;
    }
    // Set by start(): the MQTT link calls this on every (re)connect and loss.
    let onConnection: (connected: boolean) => void = () => undefined;
    start(this, link, device, settings, new MqttLink(broker, this.id, (connected) => onConnection(connected)));

    function start(node: Node, link: DeviceLink, device: PeplinkDeviceNode, s: HaSettings, mqtt: MqttLink): void {
      const call: Caller = link.call.bind(link);
      const model = new RouterModel();
      const publisher = new Publisher(mqtt);
      const reporter = new OutageReporter(link, "Home Assistant");
      const pollers = new Map<string, () => void>();
      const settled = new Set<string>();
      const stores = new Map<number, SeenStore>();
      let identity: RouterIdentity | undefined;
      let identityStale = true;
      let reading = false;
      let owned = false;
      let routerUp = false;
      let everUp = false;
      let closed = false;
      let subscribedFor: string | undefined;
      let subscribedTopics: string[] = [];
      /** Retained discovery configs found under this router's node_id (from an earlier run), until the sweep. */
      const retainedConfigs = new Set<string>();
      let sweepTopic: string | undefined;
      let sweepArmed = false;

      const base = (): string => `${s.baseTopic}/${identity!.id}`;

      function context(): DiscoveryContext {
        return discoveryContext({
          identity: identity!,
          prefix: s.prefix,
          baseTopic: s.baseTopic,
          name: s.deviceName ?? identity!.name ?? link.label,
          configurationUrl: configurationUrl(device.settings),
          will: mqtt.willAvailability(),
        });
      }

      function updateStatus(): void {
        if (closed) return;
        if (!mqtt.connected) link.show("yellow", "ring", TEXT.statusMqttDown);
        else if (identity && !owned) link.show("red", "ring", TEXT.statusDuplicate);
        else if (!identity) link.show("yellow", "ring", TEXT.statusWaiting);
        else if (!routerUp) link.show("red", "ring", TEXT.statusOffline);
        else link.show("green", "dot", TEXT.statusOnline, { entities: publisher.announced.length });
      }

      /** Publishes what changed: configs, states, then availability. */
      function refresh(): void {
        if (closed) return;
        if (identity && owned && mqtt.connected) {
          publisher.sync(context(), buildEntities(model, { identity, smsEvents: s.smsEvents, readOnly: device.access?.readOnly === true }));
          publisher.publishRetained(availabilityTopic(base()), routerUp ? "online" : "offline", 1);
        }
        updateStatus();
      }

      // ------------------------------------------------------------ sources

      function stopSource(name: string): void {
        pollers.get(name)?.();
        pollers.delete(name);
        settled.delete(name);
      }

      /** Joins the device's shared poller for one endpoint. */
      function poll(
        name: string,
        endpoint: string,
        params: object,
        onAnswer: (response: unknown) => void,
        onFail: (err: Error) => void,
      ): void {
        if (closed || pollers.has(name)) return;
        const unsubscribe = device.poll({ method: "GET", endpoint, params, intervalMs: s.intervalMs }, (outcome: PollOutcome) => {
          if (closed) return;
          settled.add(name);
          if (outcome.ok) onAnswer(outcome.result.response);
          else onFail(outcome.error);
        });
        pollers.set(name, unsubscribe);
      }

      function startOptionalSources(): void {
        for (const source of OPTIONAL_SOURCES) {
          const apply = (response: unknown): void => {
            if (source.name === "allowance") model.applyAllowance(response);
            else if (source.name === "clients") model.applyClients(response);
            else if (source.name === "location") model.applyLocation(response);
            else {
              model.applyAp(response);
              // A router without AP says so in a normal answer: nothing to poll for.
              if (model.ap?.support === false) dropSource(source.name, source.what, "support: false");
            }
            refresh();
          };
          poll(source.name, source.endpoint, source.params, apply, (err) => {
            // Only a fail answer means "not on this router"; an outage is the WAN source's to report.
            if (err instanceof PeplinkApiError) dropSource(source.name, source.what, err.deviceMessage || err.message);
          });
        }
      }

      function dropSource(name: string, what: string, reason: string): void {
        stopSource(name);
        // Settled: the stale-config sweep need not wait for it.
        settled.add(name);
        node.log(link.t(TEXT.unsupported, { what, reason }));
        refresh();
      }

      function startWanSources(id: number): void {
        poll(
          `sim:${id}`,
          "cmd.wan.cellular",
          { connId: id },
          (response) => {
            model.applySim(id, response);
            refresh();
          },
          () => undefined,
        );
        if (!s.smsEvents || pollers.has(`sms:${id}`)) return;
        const store = new SeenStore(node, `wan${id}`);
        stores.set(id, store);
        const ready = store.load().then((saved) => new SeenInbox(`${config.device}:${id}`, saved, { emitExisting: false }));
        poll(
          `sms:${id}`,
          SMS_ENDPOINT,
          { connId: id },
          (response) => void ready.then((seen) => onInbox(id, seen, store, response)),
          () => undefined,
        );
      }

      function stopWanSources(id: number): void {
        stopSource(`sim:${id}`);
        stopSource(`sms:${id}`);
      }

      function onInbox(id: number, seen: SeenInbox, store: SeenStore, response: unknown): void {
        if (closed) return;
        const { inbox, fresh } = takeInbox(seen, store, response);
        for (const sms of fresh) {
          const key = `wan${id}_sms`;
          if (identity && owned && publisher.announced.some((e) => e.key === key)) {
            const event = {
              event_type: "received",
              from: sms.from,
              text: sms.text,
              timestamp: new Date(Number.isFinite(sms.timestamp) ? sms.timestamp * 1000 : Date.now()).toISOString(),
              ...(inbox.simId !== undefined ? { sim: inbox.simId } : {}),
            };
            // An event is not retained: Home Assistant would fire it again at every restart.
            void mqtt.publish(expand(base(), stateTopic(key)), JSON.stringify(event), false, 1);
          }
          node.send(smsMessage(sms, inbox, link.label, undefined));
        }
      }

      function onWans(response: unknown): void {
        const gone = model.applyWans(response);
        for (const id of gone) stopWanSources(id);
        for (const id of model.cellularIds()) startWanSources(id);
        if (!routerUp) {
          routerUp = true;
          reporter.success();
          if (everUp) {
            node.log(link.t(TEXT.routerBack));
            // After an outage (a reboot, maybe a firmware update): read the identity again, ask the optional sources again.
            identityStale = true;
            startOptionalSources();
          }
          everUp = true;
        }
        if (identityStale) readIdentityOnce();
        if (sweepTopic && !sweepArmed) sweepArmed = true;
        else if (sweepArmed) sweep();
        refresh();
      }

      function onWanFailure(err: Error): void {
        reporter.failure(err, {
          topic: "homeassistant/availability",
          payload: "offline",
          peplink: { device: link.label, endpoint: "status.wan.connection", method: "GET" },
        });
        routerUp = false;
        refresh();
      }

      // ------------------------------------------------------------ identity

      function readIdentityOnce(): void {
        if (reading || closed) return;
        reading = true;
        readIdentity(call, model.wanResponse, config.device).then(
          (next) => {
            reading = false;
            identityStale = false;
            if (!closed) adopt(next);
          },
          () => {
            // The router did not answer: the WAN poller reports the outage; read again at its next answer.
            reading = false;
          },
        );
      }

      function release(): void {
        if (identity && owners.get(identity.id) === node.id) owners.delete(identity.id);
      }

      function adopt(next: RouterIdentity): void {
        if (sameIdentity(identity, next)) return;
        if (identity && identity.id !== next.id) {
          node.warn(link.t(TEXT.identityChanged, { before: identity.id, after: next.id }));
          if (owned) publisher.clearAll();
          unsubscribeAll();
          release();
          owned = false;
          // The stale-config sweep belongs to an id: the new router gets its own.
          sweepTopic = undefined;
          sweepArmed = false;
          retainedConfigs.clear();
        }
        if (next.source === "mac" && identity?.id !== next.id) node.warn(link.t(TEXT.identityFromMac, { mac: next.mac ?? "" }));
        if (next.source === "device-config" && identity?.id !== next.id) node.warn(link.t(TEXT.identityFromConfig, { id: config.device }));
        identity = next;
        if (!owned) {
          const owner = owners.get(next.id);
          if (owner !== undefined && owner !== node.id) {
            node.error(link.t(TEXT.duplicate, { id: next.id }), {});
            updateStatus();
            return;
          }
          owners.set(next.id, node.id);
          owned = true;
        }
        if (mqtt.connected) subscribeAll();
        refresh();
      }

      // ------------------------------------------------------------ MQTT

      function subscribeAll(): void {
        if (!identity || subscribedFor === identity.id) return;
        subscribedFor = identity.id;
        const haStatus = `${s.prefix}/status`;
        const commands = `${base()}/+/set`;
        mqtt.subscribe(haStatus, (_topic, payload) => {
          // Home Assistant's birth message: it (re)started and needs every config and state again.
          if (payload.toString() !== "online") return;
          publisher.reset();
          refresh();
        });
        mqtt.subscribe(commands, (topic, payload, packet) => {
          // A retained command would run again at every (re)subscribe: a modem reset at each restart. Home Assistant
          // sends commands unretained; a stored one is someone's mistake, said once per subscribe, never run.
          if (packet?.retain) node.warn(link.t(TEXT.retainedCommand, { topic }));
          else void onCommand(topic, payload);
        });
        subscribedTopics = [haStatus, commands];
        if (!sweepTopic) {
          sweepTopic = `${s.prefix}/+/peplink_${identity.id}/+/config`;
          mqtt.subscribe(sweepTopic, (topic, payload) => {
            if (payload.length > 0) retainedConfigs.add(topic);
            else retainedConfigs.delete(topic);
          });
          subscribedTopics.push(sweepTopic);
        }
      }

      function unsubscribeAll(): void {
        for (const topic of subscribedTopics) mqtt.unsubscribe(topic);
        subscribedTopics = [];
        subscribedFor = undefined;
      }

      /**
       * Removes retained configs of this router's node_id that this run does
       * not announce (a WAN removed or a setting changed while Node-RED was
       * down). Runs at the second WAN answer after subscribing (the retained
       * configs have arrived by then) once every source answered, then stops
       * listening.
       */
      function sweep(): void {
        if (!sweepTopic || !mqtt.connected || [...pollers.keys()].some((name) => !settled.has(name))) return;
        const stale = [...retainedConfigs].filter((topic) => !publisher.hasConfig(topic));
        for (const topic of stale) void mqtt.publish(topic, "", true, 1);
        if (stale.length) node.log(link.t(TEXT.staleRemoved, { count: stale.length }));
        mqtt.unsubscribe(sweepTopic);
        subscribedTopics = subscribedTopics.filter((t) => t !== sweepTopic);
        retainedConfigs.clear();
        sweepArmed = false;
        // Not again for this node: the configs it publishes are its own.
        sweepTopic = "";
      }

      async function onCommand(topic: string, payload: Buffer): Promise<void> {
        if (closed || !identity) return;
        const key = topic.slice(base().length + 1, -"/set".length);
        const entity = publisher.announced.find((e) => e.key === key && e.command);
        const msg: NodeMessage & Record<string, unknown> = {
          topic: `homeassistant/${key}`,
          payload: payload.length <= 1024 ? payload.toString("utf8") : `(${payload.length} bytes)`,
        };
        try {
          if (!entity?.command) {
            if (device.access?.readOnly) {
              throw new PeplinkInputError("topic", `no control "${key}": the device signs in read-only, so no controls are announced`);
            }
            const controls = publisher.announced.filter((e) => e.command).map((e) => e.key);
            throw new PeplinkInputError(
              "topic",
              `no control "${key}" on this router; controls: ${controls.join(", ") || "none announced"}`,
            );
          }
          const done = await runCommand(entity.command, payload, { device, call, model, smsTo: s.smsTo, smsConnId: s.smsConnId });
          if (closed) return;
          refresh();
          // Shown until the next poll updates the status.
          link.show("blue", "dot", TEXT.statusCommand, {
            key,
            value: typeof done.value === "string" || typeof done.value === "number" ? done.value : "✓",
          });
          msg.payload = done.value;
          msg.response = done.result?.response;
          msg.peplink = { device: link.label, endpoint: done.endpoint, method: done.method } satisfies PeplinkMeta;
          msg.homeassistant = { entity: key, command_topic: topic };
          node.send(msg);
        } catch (err) {
          if (closed) return;
          link.show("red", "ring", TEXT.statusCommandFailed, { key });
          // With a message: Catch nodes see it (msg.error), the log names the topic and the problem.
          node.error(link.t(TEXT.commandFailed, { topic, message: (err as Error).message }), msg);
        }
      }

      onConnection = (connected: boolean): void => {
        if (closed) return;
        if (connected && identity && owned) {
          subscribeAll();
          // A new session (the broker may have restarted without keeping retained messages): everything again.
          publisher.reset();
        }
        refresh();
      };

      // ------------------------------------------------------------ start / close

      mqtt.start();
      poll("wan", "status.wan.connection", {}, onWans, onWanFailure);
      startOptionalSources();
      updateStatus();

      // The device link's close handler runs this first (registered before the one below).
      link.onClose((removed) => {
        // Stop first: nothing may publish or send after this, whatever the last publications do.
        closed = true;
        release();
        for (const unsubscribe of pollers.values()) unsubscribe();
        pollers.clear();
        if (identity && owned) {
          if (removed) publisher.clearAll();
          else publisher.publishRetained(availabilityTopic(base()), "offline", 1);
        }
        if (removed) for (const store of stores.values()) store.forget();
        if (reportLater) clearImmediate(reportLater);
      });
      // MQTT needs a moment: the offline (or removal) messages go out before the node leaves the broker.
      node.on("close", (removed: boolean, done: () => void) => {
        mqtt.close(removed).then(done, done);
      });
    }
  }

  RED.nodes.registerType("peplink-homeassistant", PeplinkHomeAssistant);
};
