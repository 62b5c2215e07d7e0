/**
 * PeplinkClient: one router, its credentials, TLS trust, request queue and
 * session/token lifecycle. No Node-RED in here.
 *
 *   const client = new PeplinkClient({ host: "192.168.50.1", tls: { mode: "pin", fingerprint },
 *     auth: { mode: "client", clientId, clientSecret } });
 *   const wans = await client.get("status.wan.connection");
 */
import { Authenticator, type AuthExchange, type AuthSettings, type BackoffSettings, type Credential } from "./auth";
import type { CallOptions } from "./call-options";
import {
  findOperation,
  type GetEndpointName,
  type GetEndpoints,
  type HttpMethod,
  type PostEndpointName,
  type PostEndpoints,
} from "./endpoints";
import {
  PeplinkApiError,
  PeplinkAuthError,
  PeplinkCertificateMismatchError,
  PeplinkClosedError,
  PeplinkError,
  PeplinkHttpError,
  PeplinkInputError,
  PeplinkNotJsonError,
  PeplinkPermissionError,
  PeplinkQueueFullError,
  PeplinkTransportError,
} from "./errors";
import { checkHost } from "./host";
import { PeplinkOperations } from "./operations";
import { buildQuery, cleanBody } from "./query";
import { QueueRefusal, RequestQueue } from "./queue";
import { checkTrust, type TlsTrust } from "./tls";
import { Transport, type TransportResponse } from "./transport";

export interface PeplinkLogger {
  debug?(message: string): void;
  warn?(message: string): void;
}

export interface PeplinkClientOptions {
  /** Router address: IP or host name, no scheme. */
  host: string;
  /** Default 443 for https, 80 for http. */
  port?: number;
  /** Default https. */
  protocol?: "https" | "http";
  /** Certificate trust for https; default `verify`. */
  tls?: TlsTrust;
  auth: AuthSettings;
  /** Per-request timeout, ms (default 10000). */
  timeoutMs?: number;
  /** Requests in flight to this router at most (default 2). */
  maxConcurrent?: number;
  /** Calls that may wait for a free slot (default 1000); one more fails at once with PeplinkQueueFullError. */
  maxQueued?: number;
  /** Back-off after refused credentials, and after a certificate that does not match the pin. */
  authBackoff?: Partial<BackoffSettings>;
  logger?: PeplinkLogger;
}

export type ClientState =
  | "idle"
  | "authenticating"
  | "connected"
  | "auth-failed"
  | "unreachable"
  | "api-unavailable"
  | "certificate-mismatch"
  | "closed";

export interface ClientStateChange {
  state: ClientState;
  /** Short human text for the state (no secrets), e.g. the last error message. */
  detail: string | undefined;
}

/** `notice` beside `response` in the envelope, e.g. `{ status: "beta" }`. */
export interface ApiNotice {
  status?: string;
  [key: string]: unknown;
}

export interface ApiResult<T> {
  response: T;
  notice: ApiNotice | undefined;
}

export interface ClientStats {
  requests: number;
  authentications: number;
  inFlight: number;
  peakInFlight: number;
  queued: number;
  /** Calls refused because the queue was full. */
  queueFull: number;
}

interface Envelope {
  stat?: unknown;
  code?: unknown;
  message?: unknown;
  response?: unknown;
  notice?: unknown;
}

const ENDPOINT_NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;
const LOGOUT_TIMEOUT_MS = 2_000;
/** Endpoints the client calls itself: callers may not (sessions and tokens are the client's). */
const CLIENT_OWNED = new Set(["login", "logout", "auth.token.grant"]);

function isUnauthorized(status: number, envelope: Envelope | undefined): boolean {
  if (envelope && envelope.stat === "fail") return Number(envelope.code) === 401;
  return status === 401;
}

function looksLikeHtml(res: TransportResponse): boolean {
  return /html/i.test(res.contentType) || /^\s*</.test(res.body);
}

/** Parses the router's answer into the API envelope, or throws the matching error. */
function parseEnvelope(endpoint: string, res: TransportResponse): Envelope {
  let parsed: unknown;
  try {
    parsed = res.body.trim() ? JSON.parse(res.body) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) && "stat" in parsed) {
    return parsed as Envelope;
  }
  if (res.status === 401) return { stat: "fail", code: 401, message: "Unauthorized" };
  if (res.status >= 400) throw new PeplinkHttpError(endpoint, res.status, res.statusText);
  throw new PeplinkNotJsonError(endpoint, res.status, res.contentType, looksLikeHtml(res));
}

export class PeplinkClient extends PeplinkOperations {
  readonly host: string;
  readonly port: number;
  readonly protocol: "https" | "http";
  readonly timeoutMs: number;
  readonly maxConcurrent: number;

  private readonly transport: Transport;
  private readonly where: string;
  private readonly queue: RequestQueue;
  private readonly auth: Authenticator;
  private readonly logger: PeplinkLogger | undefined;
  private readonly closing = new AbortController();
  private readonly listeners = new Set<(change: ClientStateChange) => void>();
  private currentState: ClientStateChange = { state: "idle", detail: undefined };
  private requestCount = 0;
  private closePromise: Promise<void> | undefined;
  private readonly backoff: BackoffSettings;
  /**
   * After a certificate that does not match the pin: no new connection before
   * `until` (growing like the auth back-off). Without it every input and poll
   * opened a TLS connection to whatever answers in the router's place — a
   * storm the reliability suite counted (44 connections in 4.5 s).
   */
  private mismatch: { failures: number; until: number; expected: string; presented: string } | undefined;

  constructor(options: PeplinkClientOptions) {
    super();
    const host = checkHost(options?.host);
    const protocol = options.protocol ?? "https";
    if (protocol !== "https" && protocol !== "http") throw new PeplinkInputError("protocol", "must be https or http");
    const port = options.port ?? (protocol === "https" ? 443 : 80);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new PeplinkInputError("port", "must be an integer from 1 to 65535");
    const timeoutMs = options.timeoutMs ?? 10_000;
    if (!Number.isFinite(timeoutMs) || timeoutMs < 100 || timeoutMs > 600_000) {
      throw new PeplinkInputError("timeout", "must be between 100 ms and 600000 ms");
    }
    const maxConcurrent = options.maxConcurrent ?? 2;
    if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1 || maxConcurrent > 32) {
      throw new PeplinkInputError("maxConcurrent", "must be an integer from 1 to 32");
    }
    const maxQueued = options.maxQueued ?? 1000;
    if (!Number.isInteger(maxQueued) || maxQueued < 0 || maxQueued > 100_000) {
      throw new PeplinkInputError("maxQueued", "must be an integer from 0 to 100000");
    }
    checkAuthSettings(options.auth);

    this.host = host;
    this.port = port;
    this.protocol = protocol;
    this.timeoutMs = timeoutMs;
    this.maxConcurrent = maxConcurrent;
    this.logger = options.logger;
    const trust = checkTrust(options.tls ?? { mode: "verify" });
    this.transport = new Transport({ host, port, protocol, trust, maxSockets: maxConcurrent });
    this.queue = new RequestQueue(maxConcurrent, maxQueued, () => this.transport.connections);
    this.where = `${host}:${port}`;
    this.backoff = { initialMs: options.authBackoff?.initialMs ?? 2_000, maxMs: options.authBackoff?.maxMs ?? 300_000 };
    this.auth = new Authenticator(
      options.auth,
      (endpoint, body) => this.authExchange(endpoint, body),
      this.backoff,
      (state) => this.setState(state, state === "auth-failed" ? "authentication failed" : undefined),
      this.closing.signal,
    );
  }

  /** Current connection state, for status displays. */
  get state(): ClientStateChange {
    return this.currentState;
  }

  /** `client` (ID/secret → token) or `login` (user/password → session cookie). */
  get authMode(): AuthSettings["mode"] {
    return this.auth.mode;
  }

  /** What the current session/token may do, once authenticated. */
  get access(): { readOnly: boolean; access: string } | undefined {
    const credential = this.auth.current;
    return credential ? { readOnly: credential.readOnly, access: credential.access } : undefined;
  }

  get closed(): boolean {
    return this.closing.signal.aborted;
  }

  /** Subscribes to state changes; returns the unsubscribe function. */
  onStateChange(listener: (change: ClientStateChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stats(): ClientStats {
    return {
      requests: this.requestCount,
      authentications: this.auth.attempts,
      inFlight: this.queue.inFlight,
      peakInFlight: this.queue.peak,
      queued: this.queue.pending,
      queueFull: this.queue.refused,
    };
  }

  /**
   * Calls any endpoint and returns the whole result (`response` and `notice`).
   * Used by the typed methods and by the generic API node.
   */
  async call<T = unknown>(
    method: HttpMethod,
    endpoint: string,
    params?: object,
    options: CallOptions = {},
  ): Promise<ApiResult<T>> {
    if (method !== "GET" && method !== "POST") throw new PeplinkInputError("method", "must be GET or POST");
    if (typeof endpoint !== "string" || !ENDPOINT_NAME.test(endpoint)) {
      throw new PeplinkInputError("endpoint", "must be an API endpoint name such as status.wan.connection (letters, digits and dots)");
    }
    if (params !== undefined && (params === null || typeof params !== "object" || Array.isArray(params))) {
      throw new PeplinkInputError("params", "must be an object of parameters", endpoint);
    }
    // Case-insensitive: `LOGIN` or `auth.Token.grant` must not slip past (routers may not care about case).
    if (CLIENT_OWNED.has(endpoint.toLowerCase())) {
      throw new PeplinkInputError(
        "endpoint",
        `${endpoint} is handled by the client itself (sessions and tokens are automatic); call logout() to end a session`,
      );
    }
    if (this.closed) throw new PeplinkClosedError(endpoint);
    // Built (and checked) before signing in: a refused body sends nothing at all.
    const body = method === "POST" ? JSON.stringify(cleanBody(params ?? {})) : undefined;
    const write = findOperation(method, endpoint)?.write ?? method === "POST";
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    // One deadline for waiting in the queue, signing in and the request together. The one
    // repeat after an expired session/token gets a fresh one: the router did answer, and
    // failing a call because its token expired at the wrong moment helps nobody.
    let deadline = Date.now() + timeoutMs;

    for (let attempt = 0; ; attempt++) {
      const credential = await this.credentialFor(endpoint);
      if (write && credential.readOnly) {
        throw new PeplinkPermissionError(
          endpoint,
          `not sent: this ${credential.kind === "token" ? "API client has the read-only scope" : "user has read-only permission"}; ` +
            "use a read-write client or user for commands and config changes",
        );
      }
      const headers: Record<string, string> = {};
      const query = credential.apply(method === "GET" ? buildQuery(params) : "", headers);
      const res = await this.exchange(endpoint, { method, endpoint, path: `/api/${endpoint}${query ? `?${query}` : ""}`, headers, body, timeoutMs, signal: options.signal }, deadline);
      const envelope = this.envelopeOf(endpoint, res);

      if (isUnauthorized(res.status, envelope)) {
        // "Permission denied" (a user/client without the right) is not an expired
        // session: signing in again would not help, so do not (no request storms).
        if (typeof envelope.message === "string" && /permission denied|not permitted|forbidden/i.test(envelope.message)) {
          this.setState("connected", undefined);
          throw new PeplinkPermissionError(
            endpoint,
            `the router refused this call: ${envelope.message} (code 401); the ${credential.kind === "token" ? "API client" : "user"} lacks the permission (admin endpoints need an admin login)`,
          );
        }
        // A read-only client is refused GET config.* with 401: that is not an
        // expired token either.
        if (credential.readOnly && endpoint.startsWith("config.")) {
          this.setState("connected", undefined);
          throw new PeplinkPermissionError(endpoint, "the router refused this read-only client access to config endpoints (code 401); use a read-write client");
        }
        this.auth.invalidate(credential.generation);
        if (attempt === 0) {
          this.logger?.debug?.(`${endpoint}: session/token no longer valid, authenticating again`);
          deadline = Date.now() + timeoutMs;
          continue;
        }
        const err = new PeplinkAuthError(
          endpoint,
          typeof envelope.message === "string" ? envelope.message : "Unauthorized",
          "The router refused a fresh session/token for this call; check the user's or client's permissions",
          401,
        );
        this.setState("auth-failed", err.message);
        throw err;
      }
      this.setState("connected", undefined);
      if (envelope.stat !== "ok") {
        throw new PeplinkApiError(
          endpoint,
          typeof envelope.code === "number" ? envelope.code : Number.isFinite(Number(envelope.code)) && envelope.code !== undefined ? Number(envelope.code) : undefined,
          typeof envelope.message === "string" ? envelope.message : "",
        );
      }
      const notice = envelope.notice && typeof envelope.notice === "object" ? (envelope.notice as ApiNotice) : undefined;
      return { response: envelope.response as T, notice };
    }
  }

  /** Typed GET of an operation of the reference: resolves with its `response`. */
  async get<E extends GetEndpointName>(
    endpoint: E,
    params?: GetEndpoints[E]["params"],
    options?: CallOptions,
  ): Promise<GetEndpoints[E]["response"]> {
    return (await this.call<GetEndpoints[E]["response"]>("GET", endpoint, params as object | undefined, options)).response;
  }

  /** Typed POST of an operation of the reference: resolves with its `response`. */
  async post<E extends PostEndpointName>(
    endpoint: E,
    body?: PostEndpoints[E]["params"],
    options?: CallOptions,
  ): Promise<PostEndpoints[E]["response"]> {
    return (await this.call<PostEndpoints[E]["response"]>("POST", endpoint, body as object | undefined, options)).response;
  }

  /**
   * Ends the session (POST logout) or revokes the access token
   * (auth.token.revoke, self-revoke), so the router does not keep it alive.
   */
  async logout(): Promise<void> {
    const credential = this.auth.forget();
    if (!credential || this.transport.isClosed) return;
    const headers: Record<string, string> = {};
    const endpoint = credential.kind === "cookie" ? "logout" : "auth.token.revoke";
    const query = credential.apply("", headers);
    const body = credential.kind === "cookie" ? "{}" : JSON.stringify({ accessToken: credential.reveal() });
    try {
      await this.transport.send({
        method: "POST",
        endpoint,
        path: `/api/${endpoint}?${query}`,
        headers,
        body,
        idempotent: true,
        timeoutMs: Math.min(this.timeoutMs, LOGOUT_TIMEOUT_MS),
      });
    } catch (err) {
      this.logger?.debug?.(`${endpoint} on close failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /**
   * Stops the client: rejects queued calls, aborts calls in flight, logs out
   * (unless `logout: false`) and closes the connections. Idempotent.
   */
  close(options: { logout?: boolean } = {}): Promise<void> {
    if (!this.closePromise) {
      this.closePromise = (async () => {
        this.closing.abort();
        this.queue.close();
        this.transport.abortInFlight();
        if (options.logout !== false) await this.logout();
        this.transport.close();
        this.setState("closed", undefined);
        this.listeners.clear();
      })();
    }
    return this.closePromise;
  }

  private async credentialFor(endpoint: string): Promise<Credential> {
    try {
      return await this.auth.ensure();
    } catch (err) {
      if (err instanceof PeplinkAuthError && err.endpoint !== endpoint) {
        // Say which call could not be made, keep the login/grant reason.
        throw err.forEndpoint(endpoint);
      }
      throw err;
    }
  }

  private envelopeOf(endpoint: string, res: TransportResponse): Envelope {
    try {
      return parseEnvelope(endpoint, res);
    } catch (err) {
      if (err instanceof PeplinkError) this.setState("api-unavailable", err.message);
      throw err;
    }
  }

  /**
   * One request through the queue, with state tracking on transport failures.
   * `deadline` (epoch ms) bounds the wait in the queue and the request: the
   * request gets what is left of it when it starts.
   */
  private async exchange(endpoint: string, request: Parameters<Transport["send"]>[0], deadline = Date.now() + request.timeoutMs): Promise<TransportResponse> {
    const blocked = this.mismatch;
    if (blocked && Date.now() < blocked.until) {
      // Fails at once, without connecting: the back-off after a certificate mismatch.
      throw new PeplinkCertificateMismatchError(endpoint, blocked.expected, blocked.presented, blocked.until);
    }
    this.requestCount++;
    const started = Date.now();
    try {
      const res = await this.queue.run(() => {
        const left = deadline - Date.now();
        if (left <= 0) return Promise.reject(this.queueTimeout(endpoint, request.timeoutMs, 0, this.queue.inFlight));
        const timeoutMs = Math.min(request.timeoutMs, left);
        return this.transport.send({ ...request, timeoutMs, waitedMs: request.timeoutMs - timeoutMs });
      }, { signal: request.signal, deadline });
      this.mismatch = undefined;
      this.logger?.debug?.(`${request.method} ${endpoint} → HTTP ${res.status} in ${Date.now() - started} ms`);
      return res;
    } catch (err) {
      if (this.closed) throw new PeplinkClosedError(endpoint);
      if (err instanceof PeplinkTransportError) {
        if (err instanceof PeplinkCertificateMismatchError) this.noteMismatch(err);
        if (err.reason === "certificate-mismatch") this.setState("certificate-mismatch", err.message);
        else if (err.reason !== "aborted") this.setState("unreachable", err.message);
        throw err;
      }
      if (err instanceof QueueRefusal) {
        if (err.code === "QUEUE_FULL") throw new PeplinkQueueFullError(endpoint, this.where, err.waiting, err.running);
        if (err.code === "QUEUE_TIMEOUT") throw this.queueTimeout(endpoint, request.timeoutMs, err.waiting, err.running);
        throw new PeplinkTransportError(endpoint, "aborted", "the request was aborted while waiting in the queue");
      }
      throw err;
    }
  }

  private queueTimeout(endpoint: string, timeoutMs: number, ahead: number, running: number): PeplinkTransportError {
    return new PeplinkTransportError(
      endpoint,
      "timeout",
      `not sent: no free slot towards ${this.where} within the ${timeoutMs} ms timeout (waited in the request queue behind ${ahead} other call(s), ${running} in flight); ` +
        "the router answers slower than the flow sends",
      "ETIMEDOUT",
    );
  }

  /** Starts (or extends) the back-off after a mismatching certificate; attempts already under way count once. */
  private noteMismatch(err: PeplinkCertificateMismatchError): void {
    const now = Date.now();
    const previous = this.mismatch;
    if (previous && now < previous.until) return;
    const failures = (previous?.failures ?? 0) + 1;
    const delay = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** (failures - 1));
    this.mismatch = { failures, until: now + delay, expected: err.expectedFingerprint, presented: err.presentedFingerprint };
  }

  private async authExchange(endpoint: string, body: object): Promise<AuthExchange> {
    const res = await this.exchange(endpoint, {
      method: "POST",
      endpoint,
      path: `/api/${endpoint}`,
      body: JSON.stringify(body),
      // Signing in twice only opens a second session or token: safe to repeat after a reset.
      idempotent: true,
      timeoutMs: this.timeoutMs,
      signal: this.closing.signal,
    });
    const envelope = this.envelopeOf(endpoint, res);
    return { status: res.status, setCookie: res.setCookie, envelope };
  }

  private setState(state: ClientState, detail: string | undefined): void {
    if (this.currentState.state === "closed") return;
    if (this.currentState.state === state && this.currentState.detail === detail) return;
    this.currentState = { state, detail };
    for (const listener of this.listeners) {
      try {
        listener(this.currentState);
      } catch (err) {
        this.logger?.warn?.(`state listener failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}

function checkAuthSettings(auth: AuthSettings | undefined): void {
  if (!auth || (auth.mode !== "client" && auth.mode !== "login")) {
    throw new PeplinkInputError("auth.mode", "must be client (client ID/secret) or login (user name/password)");
  }
  const nonEmpty = (value: unknown): boolean => typeof value === "string" && value.length > 0;
  if (auth.mode === "client") {
    if (!nonEmpty(auth.clientId)) throw new PeplinkInputError("clientId", "is required for client authentication");
    if (!nonEmpty(auth.clientSecret)) throw new PeplinkInputError("clientSecret", "is required for client authentication");
    if (auth.scope !== undefined && auth.scope !== "api" && auth.scope !== "api.read-only") {
      throw new PeplinkInputError("scope", "must be api or api.read-only");
    }
  } else {
    if (!nonEmpty(auth.username)) throw new PeplinkInputError("username", "is required for login authentication");
    if (!nonEmpty(auth.password)) throw new PeplinkInputError("password", "is required for login authentication");
  }
}
