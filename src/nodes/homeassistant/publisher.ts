/**
 * Publishes a router's entities to Home Assistant: retained discovery configs
 * (`<prefix>/<component>/peplink_<id>/<key>/config`), retained states, on
 * change only. An entity is announced once the router reported its value and
 * stays announced while its WAN exists; an entity that goes away gets an
 * empty retained config (Home Assistant removes it) and its retained state is
 * cleared. After a reconnect or Home Assistant's birth message, `reset()`
 * makes the next sync publish everything again.
 */
import { attributesTopic, stateTopic, type Entity } from "./entities";
import type { MqttLink } from "./mqtt-link";

export interface DiscoveryContext {
  prefix: string;
  /** `<baseTopic>/<router id>`: the value of `~`. */
  base: string;
  /** `peplink_<router id>`: the node_id level of discovery topics and the unique ids' prefix. */
  nodeId: string;
  device: Record<string, unknown>;
  availability: Array<Record<string, string>>;
  origin: Record<string, string>;
}

/** `~/x` → `<base>/x`. */
export function expand(base: string, topic: string): string {
  return topic.startsWith("~") ? `${base}${topic.slice(1)}` : topic;
}

export function configTopic(ctx: Pick<DiscoveryContext, "prefix" | "nodeId">, entity: Pick<Entity, "component" | "key">): string {
  return `${ctx.prefix}/${entity.component}/${ctx.nodeId}/${entity.key}/config`;
}

export function configPayload(ctx: DiscoveryContext, entity: Entity): string {
  return JSON.stringify({
    "~": ctx.base,
    name: entity.name,
    unique_id: `${ctx.nodeId}_${entity.key}`,
    ...entity.options,
    availability: ctx.availability,
    ...(ctx.availability.length > 1 ? { availability_mode: "all" } : {}),
    device: ctx.device,
    origin: ctx.origin,
  });
}

export class Publisher {
  /** Keys of entities announced once present. */
  private readonly sticky = new Set<string>();
  /** Config topic → payload published (retained). */
  private readonly configs = new Map<string, string>();
  /** Retained entity state topic → payload published. */
  private readonly states = new Map<string, string>();
  /** Other retained topics (availability) → payload published. */
  private readonly others = new Map<string, string>();
  private current: Entity[] = [];

  constructor(private readonly mqtt: MqttLink) {}

  /** The entities announced by the last sync. */
  get announced(): readonly Entity[] {
    return this.current;
  }

  /** Config topics published (for the stale-config sweep). */
  hasConfig(topic: string): boolean {
    return this.configs.has(topic);
  }

  /** Forget what was published: the next sync sends every config and state again. */
  reset(): void {
    this.configs.clear();
    this.states.clear();
    this.others.clear();
  }

  /** Announces, updates and removes entities, then publishes the states that changed. */
  sync(ctx: DiscoveryContext, entities: Entity[]): void {
    const keys = new Set(entities.map((e) => e.key));
    for (const key of [...this.sticky]) if (!keys.has(key)) this.sticky.delete(key);
    for (const e of entities) if (e.present) this.sticky.add(e.key);
    this.current = entities.filter((e) => this.sticky.has(e.key));
    if (!this.mqtt.connected) return;

    const wantedConfigs = new Map(this.current.map((e) => [configTopic(ctx, e), configPayload(ctx, e)]));
    for (const topic of [...this.configs.keys()]) {
      if (wantedConfigs.has(topic)) continue;
      this.configs.delete(topic);
      void this.mqtt.publish(topic, "", true, 1);
    }
    for (const [topic, payload] of wantedConfigs) {
      if (this.configs.get(topic) === payload) continue;
      this.configs.set(topic, payload);
      void this.mqtt.publish(topic, payload, true, 1);
    }

    const wantedStates = new Map<string, string>();
    for (const e of this.current) {
      if (e.state !== undefined) wantedStates.set(expand(ctx.base, stateTopic(e.key)), e.state);
      if (e.attributes !== undefined) wantedStates.set(expand(ctx.base, attributesTopic(e.key)), JSON.stringify(e.attributes));
    }
    for (const topic of [...this.states.keys()]) {
      if (wantedStates.has(topic)) continue;
      this.states.delete(topic);
      void this.mqtt.publish(topic, "", true);
    }
    for (const [topic, payload] of wantedStates) {
      if (this.states.get(topic) === payload) continue;
      this.states.set(topic, payload);
      void this.mqtt.publish(topic, payload, true);
    }
  }

  /** A retained value, published only when it differs from the last one (availability, states). */
  publishRetained(topic: string, payload: string, qos: 0 | 1 = 0): void {
    if (!this.mqtt.connected || this.others.get(topic) === payload) return;
    this.others.set(topic, payload);
    void this.mqtt.publish(topic, payload, true, qos);
  }

  /** Removal: empty retained configs (Home Assistant deletes the entities) and cleared retained states. */
  clearAll(): void {
    for (const topic of [...this.configs.keys(), ...this.states.keys(), ...this.others.keys()]) void this.mqtt.publish(topic, "", true, 1);
    this.reset();
  }
}
