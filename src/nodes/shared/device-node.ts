/**
 * What a flow node may use of its peplink-device config node. The config node
 * owns the one PeplinkClient of the router, its queue and the shared pollers.
 */
import type { Node } from "node-red";
import type { ApiResult, ClientStateChange } from "../../api/client";
import type { CallOptions } from "../../api/call-options";
import type { HttpMethod } from "../../api/endpoints";
import type { DeviceCredentials, DeviceSettings } from "./device-settings";
import type { PollListener, PollSpec } from "./pollers";

export interface PeplinkDeviceNode extends Node<DeviceCredentials> {
  /** Name, else host[:port]: used in msg.peplink.device and log lines. */
  readonly label: string;
  /** The deployed settings (no secrets): the editor endpoints compare against them before using stored credentials. */
  readonly settings: Readonly<DeviceSettings>;
  /** Why the settings cannot be used (missing credentials, bad fingerprint…), or undefined. */
  readonly configError: string | undefined;
  /** Calls the router through the shared client; rejects with configError when the settings are bad. */
  call<T = unknown>(method: HttpMethod, endpoint: string, params?: object, options?: CallOptions): Promise<ApiResult<T>>;
  /** Joins the shared poller for this endpoint/params/interval; returns the unsubscribe function. */
  poll(spec: PollSpec, listener: PollListener): () => void;
  /** Current connection state of the client. */
  readonly connection: ClientStateChange;
  /** What the router granted the current session or token (read-only user or `api.read-only` client); undefined before the first sign-in. */
  readonly access: { readonly readOnly: boolean } | undefined;
  /** Subscribes to connection state changes; returns the unsubscribe function. */
  watchConnection(listener: (change: ClientStateChange) => void): () => void;
}

export function isDeviceNode(node: unknown): node is PeplinkDeviceNode {
  return (
    !!node &&
    typeof node === "object" &&
    (node as { type?: unknown }).type === "peplink-device" &&
    typeof (node as { call?: unknown }).call === "function"
  );
}
