/**
 * MQTT for specs: an aedes broker embedded on 127.0.0.1 (random port), the
 * Node-RED core mqtt nodes (10-mqtt.js of the Node-RED under test, so 3.1,
 * 4.1 and 5.0 each use their own mqtt.js), and a real MQTT client that plays
 * Home Assistant: it records what arrives and can publish birth messages and
 * commands. No mocked client anywhere.
 */
import { createRequire } from "node:module";
import * as net from "node:net";
import * as path from "node:path";
import * as mqtt from "mqtt";

interface AedesPacket {
  topic: string;
  payload: Buffer | string;
}

/** scripts/lib/mqtt-broker.js (shared with the demo and the benchmark). */
interface StartedBroker {
  port: number;
  aedes: { persistence: { createRetainedStream(pattern: string): AsyncIterable<AedesPacket> } };
  sockets: Set<net.Socket>;
  close(): Promise<void>;
}
const { startMqttBroker, mqttBrokerNode } = createRequire(__filename)(
  path.join(__dirname, "..", "..", "scripts", "lib", "mqtt-broker.js"),
) as {
  startMqttBroker: (options?: { port?: number }) => Promise<StartedBroker>;
  mqttBrokerNode: (id: string, name: string, port: number, options?: object) => Record<string, unknown>;
};

export interface Broker {
  port: number;
  url: string;
  /** The retained messages the broker holds now for `pattern` (read from its store, not over MQTT). */
  retained(pattern?: string): Promise<Map<string, string>>;
  /** Drops every client connection (the broker stays up): clients see a lost connection and reconnect. */
  dropClients(): void;
  close(): Promise<void>;
}

export async function startBroker(): Promise<Broker> {
  const started = await startMqttBroker();
  return {
    port: started.port,
    url: `mqtt://127.0.0.1:${started.port}`,
    async retained(pattern = "#"): Promise<Map<string, string>> {
      const out = new Map<string, string>();
      for await (const packet of started.aedes.persistence.createRetainedStream(pattern)) out.set(packet.topic, String(packet.payload));
      return out;
    },
    dropClients(): void {
      for (const socket of started.sockets) socket.destroy();
    },
    close: () => started.close(),
  };
}

/** The core mqtt nodes (mqtt-broker, mqtt in, mqtt out) of the Node-RED the specs run on. */
export function mqttNodesModule(): (RED: unknown) => void {
  const nodeRedMain = process.env.PEPLINK_NODE_RED
    ? require.resolve("node-red", { paths: [process.env.PEPLINK_NODE_RED] })
    : require.resolve("node-red");
  const file = require.resolve("@node-red/nodes/core/network/10-mqtt.js", { paths: [path.dirname(nodeRedMain)] });

  return createRequire(__filename)(file) as (RED: unknown) => void;
}

export interface BrokerNodeOptions {
  id?: string;
  willTopic?: string;
  willPayload?: string;
  birthTopic?: string;
  birthPayload?: string;
}

/** An mqtt-broker config node for `broker`, as the editor saves one. */
export function brokerNode(broker: Broker, options: BrokerNodeOptions = {}): Record<string, unknown> {
  return mqttBrokerNode(options.id ?? "mqtt1", "test broker", broker.port, options);
}

export interface Received {
  topic: string;
  payload: string;
  retain: boolean;
}

/** A real MQTT client playing Home Assistant. */
export class HaClient {
  readonly messages: Received[] = [];
  private waiters: Array<{ predicate: (m: Received) => boolean; resolve: (m: Received) => void }> = [];

  private constructor(readonly client: mqtt.MqttClient) {
    client.on("message", (topic, payload, packet) => {
      const m = { topic, payload: payload.toString("utf8"), retain: packet.retain === true };
      this.messages.push(m);
      for (const w of [...this.waiters]) {
        if (w.predicate(m)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    });
  }

  static async connect(broker: Broker, pattern: string | string[] = "#"): Promise<HaClient> {
    const client = mqtt.connect(broker.url, { reconnectPeriod: 0, clientId: `ha-test-${Math.random().toString(16).slice(2)}` });
    await new Promise<void>((resolve, reject) => {
      client.once("connect", () => resolve());
      client.once("error", reject);
    });
    const ha = new HaClient(client);
    await client.subscribeAsync(pattern, { qos: 1 });
    return ha;
  }

  /** Resolves with the first message (already received or later) matching `predicate`. */
  next(predicate: (m: Received) => boolean, what: string, ms = 8000, from = 0): Promise<Received> {
    const found = this.messages.slice(from).find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = {
        predicate,
        resolve: (m: Received) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no MQTT message: ${what} within ${ms} ms`));
      }, ms);
      this.waiters.push(waiter);
    });
  }

  /** Resolves with the next message on `topic` with `payload` (received from index `from` on). */
  nextOn(topic: string, payload: string | undefined, from = 0, ms = 8000): Promise<Received> {
    return this.next((m) => m.topic === topic && (payload === undefined || m.payload === payload), `${topic} ${payload ?? ""}`, ms, from);
  }

  publish(topic: string, payload: string | Buffer, retain = false): Promise<unknown> {
    return this.client.publishAsync(topic, payload, { qos: 1, retain });
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}
