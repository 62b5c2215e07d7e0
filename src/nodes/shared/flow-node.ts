/**
 * The path every flow node shares: find its device, turn an input message into
 * one API call (or a few), then send the result or call done(err) — exactly
 * once — and keep the status dot/ring honest (the device's connection state
 * wins over the node's own status while the device has a problem).
 */
import type { Node, NodeAPI, NodeMessage, NodeMessageInFlow, NodeStatus } from "node-red";
import type { ApiResult } from "../../api/client";
import type { HttpMethod } from "../../api/endpoints";
import { PeplinkError, PeplinkInputError, PeplinkOutcomeUnknownError, PeplinkQueueFullError } from "../../api/errors";
import { isDeviceNode, type PeplinkDeviceNode } from "./device-node";
import { translator, type TextValues, type Translate } from "./i18n";

export type SendFn = (msg: NodeMessage | Array<NodeMessage | NodeMessage[] | null>) => void;

/** What every node puts in msg.peplink. */
export interface PeplinkMeta {
  device: string;
  endpoint: string;
  method: HttpMethod;
  notice?: unknown;
}

const STATUS_TEXT_MAX = 40;

/** A status text cut to what the editor shows well (40 characters, with an ellipsis). */
export function clip(text: string): string {
  return text.length > STATUS_TEXT_MAX ? `${text.slice(0, STATUS_TEXT_MAX - 1)}…` : text;
}

/** A short status text for an error in the runtime's language (the full message goes to done/Catch). */
export function errorStatus(err: unknown, t: Translate): NodeStatus {
  let text = t("common.status.error");
  if (err instanceof PeplinkError) {
    switch (err.kind) {
      case "input":
        text = t("common.status.bad-input", { field: (err as PeplinkInputError).field });
        break;
      case "api": {
        const api = err as PeplinkError & { code?: number; deviceMessage?: string };
        text = `${api.deviceMessage || t("common.status.failed")}${api.code !== undefined ? ` (${api.code})` : ""}`;
        break;
      }
      case "permission":
        text = t("common.status.read-only");
        break;
      case "auth":
        text = t("common.status.auth-failed");
        break;
      case "transport": {
        const reason = (err as PeplinkError & { reason?: string }).reason;
        if (err instanceof PeplinkQueueFullError) text = t("common.status.queue-full", { waiting: err.waiting });
        else if (err instanceof PeplinkOutcomeUnknownError) text = t("common.status.outcome-unknown");
        else if (reason === "certificate-mismatch") text = t("common.status.certificate-mismatch");
        else if (reason === "timeout") text = t("common.status.timeout");
        else if (reason === "tls") text = t("common.status.tls-error");
        else text = t("common.status.unreachable");
        break;
      }
      case "not-json":
        text = t("common.status.not-json");
        break;
      case "http":
        text = t("common.status.http", { status: (err as PeplinkError & { status?: number }).status ?? "?" });
        break;
      case "closed":
        text = t("common.status.closed");
        break;
    }
  }
  return { fill: "red", shape: "ring", text: clip(text) };
}

/** The device's connection problems every node shows, by client state. */
const CONNECTION_STATUS: Record<string, { fill: "red" | "yellow"; key: string } | undefined> = {
  "auth-failed": { fill: "red", key: "common.status.auth-failed" },
  unreachable: { fill: "red", key: "common.status.unreachable" },
  "certificate-mismatch": { fill: "red", key: "common.status.certificate-mismatch" },
  "api-unavailable": { fill: "red", key: "common.status.api-unavailable" },
  authenticating: { fill: "yellow", key: "common.status.authenticating" },
};

/**
 * A flow node's link to its peplink-device, with status handling. It also owns
 * the node's close handler: on close it runs the node's own clean-up
 * (`onClose`), aborts the node's calls and `signal`, and stops following the
 * device — so no node writes `this.on("close", …)` itself.
 */
export class DeviceLink {
  readonly device: PeplinkDeviceNode | undefined;
  private own: NodeStatus | undefined;
  private closing = false;
  private readonly closed = new AbortController();
  private readonly cleanUps: Array<(removed: boolean) => void> = [];
  /**
   * One controller per call in progress, aborted on close: ends this node's
   * requests in flight or waiting in the device's queue. Not one shared
   * signal: a burst of queued calls would hang a listener each on it (Node
   * warns past 10: MaxListenersExceededWarning).
   */
  private readonly calls = new Set<AbortController>();
  private readonly unwatch: (() => void) | undefined;
  private lastShown = "";
  /** Texts in the runtime's language: "<type>.…" keys of the node's catalogue, "common.…" shared ones. */
  readonly t: Translate;

  constructor(
    RED: NodeAPI,
    readonly node: Node,
    deviceId: unknown,
  ) {
    this.t = translator(RED);
    const found = typeof deviceId === "string" && deviceId ? RED.nodes.getNode(deviceId) : null;
    this.device = isDeviceNode(found) ? found : undefined;
    if (this.device) this.unwatch = this.device.watchConnection(() => this.render());
    this.render();
    node.on("close", (removed: boolean, done: () => void) => {
      try {
        for (const cleanUp of this.cleanUps) cleanUp(removed);
      } finally {
        this.close();
        done();
      }
    });
  }

  get isClosing(): boolean {
    return this.closing;
  }

  /** Aborted when the node closes: for waits that are not link.call (a carrier scan, a Wi-Fi connect). */
  get signal(): AbortSignal {
    return this.closed.signal;
  }

  /**
   * Adds the node's own clean-up (unsubscribe pollers, clear timers…), run
   * when the node closes, before its calls are aborted. `removed`: the node
   * was deleted, not just redeployed.
   */
  onClose(cleanUp: (removed: boolean) => void): void {
    this.cleanUps.push(cleanUp);
  }

  /** Device name for msg.peplink and messages. */
  get label(): string {
    return this.device?.label ?? "";
  }

  /** The device, or a clear error when none is selected or its settings are unusable. */
  require(): PeplinkDeviceNode {
    if (!this.device) {
      throw new PeplinkInputError("device", "no peplink-device is selected: open the node and choose or add a router");
    }
    if (this.device.configError) throw new PeplinkInputError("device", this.device.configError);
    return this.device;
  }

  /** Calls the router; the request is aborted when this node closes (the device may stay up). */
  call<T = unknown>(method: HttpMethod, endpoint: string, params?: object): Promise<ApiResult<T>> {
    let device: PeplinkDeviceNode;
    try {
      device = this.require();
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    const controller = new AbortController();
    if (this.closing) controller.abort();
    this.calls.add(controller);
    const settle = (): void => void this.calls.delete(controller);
    const call = device.call<T>(method, endpoint, params, { signal: controller.signal });
    call.then(settle, settle);
    return call;
  }

  /** Sets the node's own status (shown whenever the device has no problem to report). */
  status(own: NodeStatus | undefined): void {
    this.own = own;
    this.render();
  }

  /** Shows an error in the status. */
  error(err: unknown): void {
    this.status(errorStatus(err, this.t));
  }

  /** Sets the node's own status with a text of the catalogues (cut to what the editor shows well). */
  show(fill: NodeStatus["fill"], shape: NodeStatus["shape"], key: string, values?: TextValues): void {
    this.status({ fill, shape, text: clip(this.t(key, values)) });
  }

  private render(): void {
    if (this.closing) return;
    let shown: NodeStatus;
    if (!this.device) shown = { fill: "red", shape: "ring", text: this.t("common.status.no-device") };
    else if (this.device.configError) shown = { fill: "red", shape: "ring", text: this.t("common.status.settings-invalid") };
    else {
      const connection = this.device.connection.state;
      const problem = CONNECTION_STATUS[connection];
      if (problem && !(connection === "authenticating" && this.own))
        shown = { fill: problem.fill, shape: "ring", text: this.t(problem.key) };
      else if (this.own) shown = this.own;
      else if (connection === "connected") shown = { fill: "green", shape: "dot", text: this.t("common.status.connected") };
      else shown = {};
    }
    const key = JSON.stringify(shown);
    if (key === this.lastShown) return;
    this.lastShown = key;
    this.node.status(shown);
  }

  /** Ends the link: called by the close handler (and by specs). */
  close(): void {
    if (this.closing) return;
    this.closing = true;
    this.closed.abort();
    for (const controller of this.calls) controller.abort();
    this.calls.clear();
    this.unwatch?.();
  }
}

/** A request ended by the node's own close (or the device's): not an error the user must handle. */
function isCutOff(error: Error): boolean {
  if (!(error instanceof PeplinkError)) return false;
  return error.kind === "closed" || (error.kind === "transport" && (error as PeplinkError & { reason?: string }).reason === "aborted");
}

/**
 * Registers the input handler: the handler's result is sent (unless null), then
 * done() is called; a rejection goes to done(err) so Catch nodes see it. done is
 * called exactly once per message.
 */
export function onInput(
  link: DeviceLink,
  handler: (msg: NodeMessageInFlow, send: SendFn) => Promise<NodeMessage | Array<NodeMessage | NodeMessage[] | null> | null | undefined>,
): void {
  link.node.on("input", (msg, send, done) => {
    let out: Promise<NodeMessage | Array<NodeMessage | NodeMessage[] | null> | null | undefined>;
    try {
      out = handler(msg, send);
    } catch (err) {
      out = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    out.then(
      (result) => {
        if (result) send(result);
        done();
      },
      (err: unknown) => {
        const error = err instanceof Error ? err : new Error(String(err));
        // A message cut off by a redeploy is not an error the user must handle.
        if (link.isClosing && isCutOff(error)) {
          done();
          return;
        }
        link.error(error);
        done(error);
      },
    );
  });
}

/** Puts an API result into the message: payload, msg.peplink, and a topic when it had none. */
export function withResult(
  msg: NodeMessage,
  link: DeviceLink,
  method: HttpMethod,
  endpoint: string,
  result: ApiResult<unknown>,
  options: { payload?: unknown; topic?: string } = {},
): NodeMessage {
  msg.payload = options.payload === undefined ? result.response : options.payload;
  const meta: PeplinkMeta = { device: link.label, endpoint, method };
  if (result.notice !== undefined) meta.notice = result.notice;
  msg.peplink = meta;
  if (options.topic) msg.topic = options.topic;
  else if (msg.topic === undefined || msg.topic === "") msg.topic = endpoint;
  return msg;
}

/** Evaluates a typedInput setting (str, num, msg, flow, global, env, json…) for a message. */
export function evaluateSetting(
  RED: NodeAPI,
  node: Node,
  value: string | undefined,
  type: string | undefined,
  msg: NodeMessage,
): Promise<unknown> {
  if (value === undefined || value === "" || !type) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    RED.util.evaluateNodeProperty(value, type, node, msg, (err: Error | null, result: unknown) => {
      if (err) reject(new PeplinkInputError(value, `could not be read (${err.message})`));
      else resolve(result);
    });
  });
}

/**
 * Reports poll failures without flooding the log: one error (Catch-able) when
 * the device goes away, one info line when it answers again; the status shows
 * every failure.
 */
export class OutageReporter {
  private down = false;

  constructor(
    private readonly link: DeviceLink,
    private readonly what: string,
  ) {}

  failure(err: Error, msg: NodeMessage = {}): void {
    this.link.error(err);
    if (this.down) {
      this.link.node.debug(`${this.what}: still failing: ${err.message}`);
      return;
    }
    this.down = true;
    // With a message, node.error also reaches Catch nodes (Node-RED adds msg.error).
    this.link.node.error(err.message, msg);
  }

  success(): void {
    if (!this.down) return;
    this.down = false;
    this.link.node.log(`${this.what}: the router answers again`);
  }
}
