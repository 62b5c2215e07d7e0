/**
 * peplink-device: the config node for one router. It owns one PeplinkClient
 * (credentials, TLS trust, session/token lifecycle, request queue) shared by
 * every node that uses it, and the shared pollers. Its editor endpoints (test
 * connection, create API client, list WANs) are registered once.
 */
import type { NodeAPI, NodeDef } from "node-red";
import { PeplinkClient, type ClientStateChange } from "../api/client";
import { PeplinkClosedError, PeplinkError, PeplinkInputError } from "../api/errors";
import { registerAdminEndpoints } from "./shared/admin-endpoints";
import type { PeplinkDeviceNode } from "./shared/device-node";
import { clientOptionsFrom, deviceLabel, type DeviceSettings } from "./shared/device-settings";
import { SharedPollers } from "./shared/pollers";

type DeviceDef = NodeDef & DeviceSettings;

const IDLE: ClientStateChange = { state: "idle", detail: undefined };

/**
 * Whether Node-RED writes debug lines anywhere (a log handler at debug or
 * trace level). perf: the client logs a line per request; Node-RED builds an
 * Error (a stack) for every log call, even one no handler writes, which was
 * 5 % of Node-RED's CPU polling 2,000 routers.
 */
function debugLogged(RED: NodeAPI): boolean {
  const logging = (RED.settings as unknown as { logging?: Record<string, { level?: unknown } | null | undefined> }).logging;
  return Object.values(logging ?? {}).some((handler) => handler?.level === "debug" || handler?.level === "trace");
}

export = function register(RED: NodeAPI): void {
  const debugLogging = debugLogged(RED);
  function PeplinkDevice(this: PeplinkDeviceNode, config: DeviceDef): void {
    RED.nodes.createNode(this, config);
    const node = this;
    const mutable = node as unknown as {
      label: string;
      settings: Readonly<DeviceSettings>;
      configError: string | undefined;
    };
    mutable.label = deviceLabel(config);
    const { name, host, port, protocol, trust, fingerprint, authMode, scope, timeout, maxConcurrent, queueLimit } = config;
    mutable.settings = Object.freeze({ name, host, port, protocol, trust, fingerprint, authMode, scope, timeout, maxConcurrent, queueLimit });

    let client: PeplinkClient | undefined;
    let closed = false;
    try {
      client = new PeplinkClient({
        ...clientOptionsFrom(config, node.credentials ?? {}),
        logger: { debug: debugLogging ? (message) => node.debug(message) : undefined, warn: (message) => node.warn(message) },
      });
      mutable.configError = undefined;
    } catch (err) {
      mutable.configError = err instanceof PeplinkError ? `${mutable.label}: ${err.message}` : String(err);
      node.warn(mutable.configError);
    }

    const pollers = new SharedPollers((method, endpoint, params) => node.call(method, endpoint, params));
    const stateListeners = new Set<(change: ClientStateChange) => void>();
    client?.onStateChange((change) => {
      for (const listener of [...stateListeners]) listener(change);
    });

    Object.defineProperty(node, "connection", {
      get: (): ClientStateChange => client?.state ?? IDLE,
    });
    node.call = (method, endpoint, params, options) => {
      if (closed) return Promise.reject(new PeplinkClosedError(endpoint));
      if (!client) return Promise.reject(new PeplinkInputError("device", mutable.configError ?? "is not configured"));
      return client.call(method, endpoint, params, options);
    };
    node.poll = (spec, listener) => pollers.subscribe(spec, listener);
    node.watchConnection = (listener) => {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    };

    node.on("close", (_removed: boolean, done: () => void) => {
      closed = true;
      pollers.close();
      stateListeners.clear();
      const closing = client ? client.close() : Promise.resolve();
      client = undefined;
      closing.then(done, done);
    });
  }

  // The registry's types know only the base Node; this node adds the device API.
  RED.nodes.registerType("peplink-device", PeplinkDevice as unknown as Parameters<NodeAPI["nodes"]["registerType"]>[1], {
    credentials: {
      clientId: { type: "text" },
      clientSecret: { type: "password" },
      username: { type: "text" },
      password: { type: "password" },
    },
  });
  registerAdminEndpoints(RED);
};
