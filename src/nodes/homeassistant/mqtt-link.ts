/**
 * The node's use of Node-RED's own `mqtt-broker` config node, as the core
 * mqtt-in/-out nodes use it (register/deregister, subscribe/unsubscribe with
 * the node's id as ref, publish): no second MQTT stack. Same API on
 * Node-RED 3.1, 4.1 and 5.0 (10-mqtt.js).
 *
 * The broker tells its users about (re)connects only through their status
 * (setStatusConnected/-Disconnected on every user), so the node registers a
 * small stand-in user whose `status` is a connection listener; the node's
 * own status stays its own.
 */
import type { Node, NodeStatus } from "node-red";

export interface MqttMessage {
  topic: string;
  payload: string;
  qos: 0 | 1;
  retain: boolean;
}

/** The broker node passes the MQTT packet third (10-mqtt.js): `retain` tells a stored message from a live one. */
type SubscriptionCallback = (topic: string, payload: Buffer, packet?: { retain?: boolean }) => void;

/** What the mqtt-broker config node offers its users (10-mqtt.js). */
export interface MqttBrokerNode extends Node {
  connected: boolean;
  register(user: BrokerUser): void;
  deregister(user: BrokerUser, done: () => void, autoDisconnect?: boolean): void;
  subscribe(topic: string, options: { qos: number }, callback: SubscriptionCallback, ref: string): void;
  unsubscribe(topic: string, ref: string, removeClientSubscription?: boolean): void;
  publish(msg: MqttMessage, done?: (err?: unknown) => void): void;
  /** Connect options; `will` is the Last Will the user configured. */
  options?: { will?: { topic?: string; payload?: unknown } };
  birthMessage?: { topic?: string; payload?: unknown };
}

interface BrokerUser {
  id: string;
  status(status: NodeStatus): void;
}

export function isMqttBroker(node: unknown): node is MqttBrokerNode {
  const n = node as Partial<MqttBrokerNode> | null;
  return (
    !!n &&
    n.type === "mqtt-broker" &&
    typeof n.register === "function" &&
    typeof n.publish === "function" &&
    typeof n.subscribe === "function"
  );
}

/** An availability entry for Home Assistant built from the broker's Last Will and birth message. */
export interface WillAvailability {
  topic: string;
  payload_available: string;
  payload_not_available: string;
}

/** How long close waits for publications still in flight (offline, removals). */
const CLOSE_WAIT_MS = 2000;

export class MqttLink {
  private readonly user: BrokerUser;
  private readonly subscriptions = new Set<string>();
  private readonly pending = new Set<Promise<boolean>>();
  private wasConnected = false;
  private closed = false;
  private startTimer: NodeJS.Immediate | undefined;

  /** `onConnection(true)` after every (re)connect, `onConnection(false)` when the connection is lost. */
  constructor(
    private readonly broker: MqttBrokerNode,
    ownerId: string,
    private readonly onConnection: (connected: boolean) => void,
  ) {
    this.user = { id: ownerId, status: () => this.check() };
  }

  start(): void {
    this.broker.register(this.user);
    // Already connected for another user: the broker does not call the status of a new user.
    this.startTimer = setImmediate(() => {
      this.startTimer = undefined;
      this.check();
    });
  }

  get connected(): boolean {
    return !this.closed && this.broker.connected === true;
  }

  private check(): void {
    if (this.closed) return;
    const now = this.broker.connected === true;
    if (now === this.wasConnected) return;
    this.wasConnected = now;
    this.onConnection(now);
  }

  /** Publishes when connected; resolves true once the broker client took it, false when not connected. */
  publish(topic: string, payload: string, retain: boolean, qos: 0 | 1 = 0): Promise<boolean> {
    if (!this.connected) return Promise.resolve(false);
    const sent = new Promise<boolean>((resolve) => {
      // The broker calls done only when it publishes (connected), with an error or not.
      this.broker.publish({ topic, payload, qos, retain }, (err) => resolve(!err));
    });
    this.pending.add(sent);
    void sent.then(() => this.pending.delete(sent));
    return sent;
  }

  /** Subscribes (kept across reconnects by the broker node); the callback's errors are contained. */
  subscribe(topic: string, callback: SubscriptionCallback): void {
    if (this.closed) return;
    this.subscriptions.add(topic);
    this.broker.subscribe(
      topic,
      { qos: 1 },
      (t, payload, packet) => {
        if (this.closed) return;
        try {
          callback(t, payload, packet);
        } catch {
          // A subscription callback must never throw into the MQTT client (Node-RED 3.1 does not catch it).
        }
      },
      this.user.id,
    );
  }

  unsubscribe(topic: string, removeClientSubscription = true): void {
    if (!this.subscriptions.delete(topic)) return;
    this.broker.unsubscribe(topic, this.user.id, removeClientSubscription);
  }

  /**
   * The broker's Last Will as an availability entry, when it can tell Home
   * Assistant that Node-RED is gone: a will topic and payload, and a birth
   * message on the same topic with another payload (which says it is back).
   */
  willAvailability(): WillAvailability | undefined {
    const will = this.broker.options?.will;
    const birth = this.broker.birthMessage;
    if (!will?.topic || typeof will.payload !== "string" || will.payload === "") return undefined;
    if (!birth || birth.topic !== will.topic || typeof birth.payload !== "string" || birth.payload === "" || birth.payload === will.payload)
      return undefined;
    return { topic: will.topic, payload_available: birth.payload, payload_not_available: will.payload };
  }

  /**
   * Waits (briefly) for publications in flight, then unsubscribes and leaves
   * the broker. As the core mqtt nodes do, the broker's connection is dropped
   * only when the node is removed (a redeploy keeps it for the next node).
   */
  async close(removed: boolean): Promise<void> {
    if (this.startTimer) clearImmediate(this.startTimer);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all([...this.pending]), new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)))]);
    if (timer) clearTimeout(timer);
    this.closed = true;
    for (const topic of [...this.subscriptions]) this.unsubscribe(topic, removed);
    await new Promise<void>((resolve) => this.broker.deregister(this.user, resolve, removed));
  }
}
