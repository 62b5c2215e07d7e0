/**
 * peplink-device: the config node for one router. It owns one PeplinkClient
 * (credentials, TLS trust, session/token lifecycle, request queue) shared by
 * every node that uses it, and the shared pollers. This file also registers
 * the package's editor endpoints (admin-endpoints.ts), once.
 */
import type { Node, NodeAPI, NodeConstructor, NodeDef } from "node-red";
import { PeplinkClient, type ApiResult, type ClientStateChange } from "../api/client";
import type { CallOptions } from "../api/call-options";
import type { HttpMethod } from "../api/endpoints";
import { PeplinkClosedError, PeplinkError, PeplinkInputError } from "../api/errors";
import { registerAdminEndpoints } from "./shared/admin-endpoints";
import type { PeplinkDeviceNode } from "./shared/device-node";
import { clientOptionsFrom, deviceLabel, type DeviceCredentials, type DeviceSettings } from "./shared/device-settings";
import { SharedPollers, type PollListener, type PollSpec } from "./shared/pollers";

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

  // Node-RED makes every node type inherit its Node (the registry's util.inherits),
  // so the members of Node are there at run time: this declaration tells TypeScript.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
  interface PeplinkDevice extends Node<DeviceCredentials> {}

  // eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
  class PeplinkDevice implements PeplinkDeviceNode {
    readonly label: string;
    readonly settings: Readonly<DeviceSettings>;
    readonly configError: string | undefined;
    private client: PeplinkClient | undefined;
    private closed = false;
    private readonly pollers: SharedPollers;
    private readonly stateListeners = new Set<(change: ClientStateChange) => void>();

    constructor(config: DeviceDef) {
      RED.nodes.createNode(this, config);
      this.label = deviceLabel(config);
      const { name, host, port, protocol, trust, fingerprint, authMode, scope, timeout, maxConcurrent, queueLimit } = config;
      this.settings = Object.freeze({
        name,
        host,
        port,
        protocol,
        trust,
        fingerprint,
        authMode,
        scope,
        timeout,
        maxConcurrent,
        queueLimit,
      });
      try {
        this.client = new PeplinkClient({
          ...clientOptionsFrom(config, this.credentials ?? {}),
          logger: { debug: debugLogging ? (message) => this.debug(message) : undefined, warn: (message) => this.warn(message) },
        });
      } catch (err) {
        this.configError = err instanceof PeplinkError ? `${this.label}: ${err.message}` : String(err);
        this.warn(this.configError);
      }
      this.client?.onStateChange((change) => {
        for (const listener of [...this.stateListeners]) listener(change);
      });
      this.pollers = new SharedPollers(
        (method, endpoint, params) => this.call(method, endpoint, params),
        (endpoint, err) => this.error(`${this.label}: a node failed on the ${endpoint} poll: ${err.message}`),
      );
      this.on("close", (_removed: boolean, done: () => void) => {
        this.shutDown().then(done, done);
      });
    }

    get connection(): ClientStateChange {
      return this.client?.state ?? IDLE;
    }

    get access(): { readonly readOnly: boolean } | undefined {
      return this.client?.access;
    }

    call<T = unknown>(method: HttpMethod, endpoint: string, params?: object, options?: CallOptions): Promise<ApiResult<T>> {
      if (this.closed) return Promise.reject(new PeplinkClosedError(endpoint));
      if (!this.client) return Promise.reject(new PeplinkInputError("device", this.configError ?? "is not configured"));
      return this.client.call<T>(method, endpoint, params, options);
    }

    poll(spec: PollSpec, listener: PollListener): () => void {
      return this.pollers.subscribe(spec, listener);
    }

    watchConnection(listener: (change: ClientStateChange) => void): () => void {
      this.stateListeners.add(listener);
      return () => this.stateListeners.delete(listener);
    }

    /** Stops the pollers, then logs out and closes the client (not `close`: Node-RED's Node has one). */
    private shutDown(): Promise<void> {
      this.closed = true;
      this.pollers.close();
      this.stateListeners.clear();
      const closing = this.client ? this.client.close() : Promise.resolve();
      this.client = undefined;
      return closing;
    }
  }

  // Node-RED constructs a node type with `new` (a class is fine); the registry's
  // types describe the constructor as a plain function, hence this one cast.
  RED.nodes.registerType<PeplinkDevice, DeviceDef, unknown, DeviceCredentials>(
    "peplink-device",
    PeplinkDevice as unknown as NodeConstructor<PeplinkDevice, DeviceDef, DeviceCredentials>,
    {
      credentials: {
        clientId: { type: "text" },
        clientSecret: { type: "password" },
        username: { type: "text" },
        password: { type: "password" },
      },
    },
  );
  registerAdminEndpoints(RED);
};
