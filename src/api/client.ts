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
import { LIMITS, credentialProblem, describe, numberProblem, scopeProblem, type NumberField } from "./connection-rules";
import { checkHost } from "./host";
import { PeplinkOperations } from "./operations";
import { buildQuery, cleanBody } from "./query";
import { QueueRefusal, RequestQueue } from "./queue";
import { checkTrust, type TlsTrust } from "./tls";
import { Transport, type TransportRequest, type TransportResponse } from "./transport";

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
  "idle" | "authenticating" | "connected" | "auth-failed" | "unreachable" | "api-unavailable" | "certificate-mismatch" | "closed";

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

/** What a call needs to know about an endpoint name, learnt once per name. */
interface EndpointFacts {
  readonly path: string;
  /** Whether GET / POST of it changes the router (read-only credentials are refused before sending). */
  readonly getWrites: boolean;
  readonly postWrites: boolean;
}

/** Endpoint names already checked (valid, not the client's own); bounded: the API node may send any name. */
const KNOWN_ENDPOINTS = new Map<string, EndpointFacts>();
const KNOWN_ENDPOINTS_LIMIT = 512;

/** Checks a well-formed endpoint name against the client's own endpoints and remembers it. */
function learnEndpoint(endpoint: string): EndpointFacts {
  // Case-insensitive: `LOGIN` or `auth.Token.grant` must not slip past (routers may not care about case).
  if (CLIENT_OWNED.has(endpoint.toLowerCase())) {
    throw new PeplinkInputError(
      "endpoint",
      `${endpoint} is handled by the client itself (sessions and tokens are automatic); call logout() to end a session`,
    );
  }
  const facts: EndpointFacts = {
    path: `/api/${endpoint}`,
    getWrites: findOperation("GET", endpoint)?.write ?? false,
    postWrites: findOperation("POST", endpoint)?.write ?? true,
  };
  if (KNOWN_ENDPOINTS.size >= KNOWN_ENDPOINTS_LIMIT) KNOWN_ENDPOINTS.clear();
  KNOWN_ENDPOINTS.set(endpoint, facts);
  return facts;
}

/** A call on its way: one object carries it through signing in, the queue and one repeat. */
interface PendingCall {
  readonly method: HttpMethod;
  readonly endpoint: string;
  /** `/api/<endpoint>`, without query. */
  readonly path: string;
  readonly params: object | undefined;
  readonly body: string | undefined;
  readonly write: boolean;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  /** `{ response, notice }` (call) or the response alone (get/post). */
  readonly whole: boolean;
  deadline: number;
  /** Signed in again once after a 401 (no second repeat). */
  renewed: boolean;
}

const NO_OPTIONS: CallOptions = Object.freeze({});

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
    // An empty or blank body fails to parse like any other non-JSON answer.
    parsed = JSON.parse(res.body);
  } catch {
    parsed = undefined;
  }
  if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) && "stat" in parsed) {
    return parsed;
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
    // One set of rules with the config node (connection-rules.ts): the library takes what the node takes.
    const protocol = options.protocol ?? "https";
    if (protocol !== "https" && protocol !== "http") throw new PeplinkInputError("protocol", describe({ rule: "protocol" }));
    const port = options.port ?? (protocol === "https" ? 443 : 80);
    rejectNumber("port", "port", port);
    const timeoutMs = options.timeoutMs ?? LIMITS.timeout.default * 1000;
    checkTimeoutMs(timeoutMs);
    const maxConcurrent = options.maxConcurrent ?? LIMITS.maxConcurrent.default;
    rejectNumber("maxConcurrent", "maxConcurrent", maxConcurrent);
    const maxQueued = options.maxQueued ?? LIMITS.queueLimit.default;
    rejectNumber("maxQueued", "queueLimit", maxQueued);
    checkAuthSettings(options.auth);

    this.host = host;
    this.port = port;
    this.protocol = protocol;
    this.timeoutMs = timeoutMs;
    this.maxConcurrent = maxConcurrent;
    this.logger = options.logger;
    const trust = checkTrust(options.tls ?? { mode: "verify" });
    this.transport = new Transport({ host, port, protocol, trust, maxSockets: maxConcurrent, onConnectionChange: () => this.queue.wake() });
    this.queue = new RequestQueue(maxConcurrent, maxQueued, this.transport);
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
  call<T = unknown>(method: HttpMethod, endpoint: string, params?: object, options?: CallOptions): Promise<ApiResult<T>> {
    return this.start<ApiResult<T>>(method, endpoint, params, options ?? NO_OPTIONS, true);
  }

  /** Typed GET of an operation of the reference: resolves with its `response`. */
  get<E extends GetEndpointName>(
    endpoint: E,
    params?: GetEndpoints[E]["params"],
    options?: CallOptions,
  ): Promise<GetEndpoints[E]["response"]> {
    return this.start<GetEndpoints[E]["response"]>("GET", endpoint, params, options ?? NO_OPTIONS, false);
  }

  /** Typed POST of an operation of the reference: resolves with its `response`. */
  post<E extends PostEndpointName>(
    endpoint: E,
    body?: PostEndpoints[E]["params"],
    options?: CallOptions,
  ): Promise<PostEndpoints[E]["response"]> {
    return this.start<PostEndpoints[E]["response"]>("POST", endpoint, body, options ?? NO_OPTIONS, false);
  }

  /**
   * Checks a call and sends it. Every refusal is a rejected promise, never a
   * throw. perf: the usual call (credential at hand, a free slot) goes through
   * without an async function, timer or copy of its own: one object, one
   * transport promise and one continuation.
   */
  private start<R>(method: HttpMethod, endpoint: string, params: object | undefined, options: CallOptions, whole: boolean): Promise<R> {
    let call: PendingCall;
    try {
      if (method !== "GET" && method !== "POST") throw new PeplinkInputError("method", "must be GET or POST");
      let facts = typeof endpoint === "string" ? KNOWN_ENDPOINTS.get(endpoint) : undefined;
      if (!facts && (typeof endpoint !== "string" || !ENDPOINT_NAME.test(endpoint))) {
        throw new PeplinkInputError("endpoint", "must be an API endpoint name such as status.wan.connection (letters, digits and dots)");
      }
      if (params !== undefined && (params === null || typeof params !== "object" || Array.isArray(params))) {
        throw new PeplinkInputError("params", "must be an object of parameters", endpoint);
      }
      facts ??= learnEndpoint(endpoint);
      if (this.closed) throw new PeplinkClosedError(endpoint);
      // Built (and checked) before signing in: a refused body sends nothing at all.
      const body = method === "POST" ? JSON.stringify(cleanBody(params ?? {})) : undefined;
      const timeoutMs = options.timeoutMs ?? this.timeoutMs;
      // A call's own timeout has the same range: NaN would never expire, a huge one would spin the deadline sweep.
      if (options.timeoutMs !== undefined) checkTimeoutMs(timeoutMs, endpoint);
      call = {
        method,
        endpoint,
        path: facts.path,
        params,
        body,
        write: method === "GET" ? facts.getWrites : facts.postWrites,
        timeoutMs,
        signal: options.signal,
        whole,
        // One deadline for waiting in the queue, signing in and the request together.
        deadline: Date.now() + timeoutMs,
        renewed: false,
      };
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    // What answer() resolves with: { response, notice } (whole) or the response.
    return this.attempt(call) as Promise<R>;
  }

  private attempt(call: PendingCall): Promise<unknown> {
    const credential = this.auth.usable();
    if (credential) return this.send(call, credential);
    return this.credentialFor(call).then((fresh) => this.send(call, fresh));
  }

  private send(call: PendingCall, credential: Credential): Promise<unknown> {
    if (call.write && credential.readOnly) {
      return Promise.reject(
        new PeplinkPermissionError(
          call.endpoint,
          `not sent: this ${credential.kind === "token" ? "API client has the read-only scope" : "user has read-only permission"}; ` +
            "use a read-write client or user for commands and config changes",
        ),
      );
    }
    const query = call.method === "GET" && call.params ? buildQuery(call.params) : "";
    const token = credential.tokenQuery();
    const path =
      token === undefined
        ? query
          ? `${call.path}?${query}`
          : call.path
        : query
          ? `${call.path}?${query}&${token}`
          : `${call.path}?${token}`;
    const request: TransportRequest = {
      method: call.method,
      endpoint: call.endpoint,
      path,
      cookie: credential.cookieHeader(),
      body: call.body,
      timeoutMs: call.timeoutMs,
      waitedMs: 0,
      signal: call.signal,
    };
    return this.exchange(call.endpoint, request, call.deadline).then((res) => this.answer(call, credential, res));
  }

  /** The router's answer to a call: its result, an error, or (once) a new sign-in and a repeat. */
  private answer(call: PendingCall, credential: Credential, res: TransportResponse): unknown {
    const endpoint = call.endpoint;
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
        throw new PeplinkPermissionError(
          endpoint,
          "the router refused this read-only client access to config endpoints (code 401); use a read-write client",
        );
      }
      this.auth.invalidate(credential.generation);
      if (!call.renewed) {
        this.logger?.debug?.(`${endpoint}: session/token no longer valid, authenticating again`);
        // The one repeat gets a fresh deadline: the router did answer, and failing a
        // call because its token expired at the wrong moment helps nobody.
        call.renewed = true;
        call.deadline = Date.now() + call.timeoutMs;
        return this.attempt(call);
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
        typeof envelope.code === "number"
          ? envelope.code
          : Number.isFinite(Number(envelope.code)) && envelope.code !== undefined
            ? Number(envelope.code)
            : undefined,
        typeof envelope.message === "string" ? envelope.message : "",
      );
    }
    if (!call.whole) return envelope.response;
    const notice = envelope.notice && typeof envelope.notice === "object" ? (envelope.notice as ApiNotice) : undefined;
    return { response: envelope.response, notice };
  }

  /**
   * Ends the session (POST logout) or revokes the access token
   * (auth.token.revoke, self-revoke), so the router does not keep it alive.
   */
  async logout(): Promise<void> {
    const credential = this.auth.forget();
    if (!credential || this.transport.isClosed) return;
    const endpoint = credential.kind === "cookie" ? "logout" : "auth.token.revoke";
    const token = credential.tokenQuery();
    const body = credential.kind === "cookie" ? "{}" : JSON.stringify({ accessToken: credential.reveal() });
    try {
      await this.transport.send({
        method: "POST",
        endpoint,
        path: token === undefined ? `/api/${endpoint}` : `/api/${endpoint}?${token}`,
        cookie: credential.cookieHeader(),
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

  /**
   * A credential for a call, waiting for the (shared) sign-in if need be, but
   * not past the call's deadline: the sign-in goes on for the other callers
   * and the next call, the call fails without being sent.
   */
  private credentialFor(call: PendingCall): Promise<Credential> {
    const endpoint = call.endpoint;
    const signal = call.signal;
    return new Promise<Credential>((resolve, reject) => {
      // The sign-in itself goes on (other calls share it); this call stops waiting for it.
      const settle = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const onAbort = (): void => {
        settle();
        reject(new PeplinkTransportError(endpoint, "aborted", "the request was aborted while waiting for the sign-in"));
      };
      const timer = setTimeout(
        () => {
          settle();
          reject(
            new PeplinkTransportError(
              endpoint,
              "timeout",
              `not sent: signing in to ${this.where} did not finish within the ${call.timeoutMs} ms timeout; the router may be overloaded or unreachable`,
              "ETIMEDOUT",
            ),
          );
        },
        Math.max(0, call.deadline - Date.now()),
      );
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      this.auth.ensure().then(
        (credential) => {
          settle();
          resolve(credential);
        },
        (err: unknown) => {
          settle();
          // Say which call could not be made, keep the login/grant reason.
          reject(err instanceof PeplinkAuthError && err.endpoint !== endpoint ? err.forEndpoint(endpoint) : (err as Error));
        },
      );
    });
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
  private exchange(endpoint: string, request: TransportRequest, deadline: number): Promise<TransportResponse> {
    const blocked = this.mismatch;
    if (blocked && Date.now() < blocked.until) {
      // Fails at once, without connecting: the back-off after a certificate mismatch.
      return Promise.reject(new PeplinkCertificateMismatchError(endpoint, blocked.expected, blocked.presented, blocked.until));
    }
    this.requestCount++;
    if (this.queue.tryTake()) return this.sendInSlot(endpoint, request, deadline);
    const timeoutMs = request.timeoutMs;
    return this.queue.wait({ signal: request.signal, deadline }).then(
      () => this.sendInSlot(endpoint, request, deadline),
      (err: unknown) => {
        throw this.failure(endpoint, timeoutMs, err);
      },
    );
  }

  /** Sends a request that holds a queue slot; gives the slot back when it ends. */
  private sendInSlot(endpoint: string, request: TransportRequest, deadline: number): Promise<TransportResponse> {
    const timeoutMs = request.timeoutMs;
    const left = deadline - Date.now();
    if (left <= 0) {
      this.queue.release();
      return Promise.reject(this.failure(endpoint, timeoutMs, this.queueTimeout(endpoint, timeoutMs, 0, this.queue.inFlight)));
    }
    // Too little time left to expect an answer: not sent. A request given up after it was
    // sent costs its connection (the answer may still come on it), and the router a new handshake.
    if (left < timeoutMs / 10) {
      this.queue.release();
      return Promise.reject(
        this.failure(
          endpoint,
          timeoutMs,
          new PeplinkTransportError(
            endpoint,
            "timeout",
            `not sent: ${timeoutMs - left} ms of the ${timeoutMs} ms timeout went waiting in the request queue or for the sign-in to ${this.where}; ` +
              `the ${left} ms left are too little for an answer`,
            "ETIMEDOUT",
          ),
        ),
      );
    }
    if (left < timeoutMs) {
      request.timeoutMs = left;
      request.waitedMs = timeoutMs - left;
    }
    const started = this.logger?.debug ? Date.now() : 0;
    return this.transport.send(request).then(
      (res) => {
        this.queue.release();
        this.mismatch = undefined;
        if (started) this.logger?.debug?.(`${request.method} ${endpoint} → HTTP ${res.status} in ${Date.now() - started} ms`);
        return res;
      },
      (err: unknown) => {
        this.queue.release();
        throw this.failure(endpoint, timeoutMs, err);
      },
    );
  }

  /** The error a failed exchange rejects with; notes the connection state it shows. */
  private failure(endpoint: string, timeoutMs: number, err: unknown): Error {
    if (this.closed) return new PeplinkClosedError(endpoint);
    if (err instanceof PeplinkTransportError) {
      if (err instanceof PeplinkCertificateMismatchError) this.noteMismatch(err);
      if (err.reason === "certificate-mismatch") this.setState("certificate-mismatch", err.message);
      else if (err.reason !== "aborted") this.setState("unreachable", err.message);
      return err;
    }
    if (err instanceof QueueRefusal) {
      if (err.code === "QUEUE_FULL") return new PeplinkQueueFullError(endpoint, this.where, err.waiting, err.running);
      if (err.code === "QUEUE_TIMEOUT") return this.queueTimeout(endpoint, timeoutMs, err.waiting, err.running);
      return new PeplinkTransportError(endpoint, "aborted", "the request was aborted while waiting in the queue");
    }
    return err instanceof Error ? err : new Error(String(err));
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
    const res = await this.exchange(
      endpoint,
      {
        method: "POST",
        endpoint,
        path: `/api/${endpoint}`,
        body: JSON.stringify(body),
        // Signing in twice only opens a second session or token: safe to repeat after a reset.
        idempotent: true,
        timeoutMs: this.timeoutMs,
        // Shared by every caller, each with a deadline of its own: a wait for a connection to be
        // set up (the process setting up many) does not use up the sign-in's time, so that it is
        // not given up, and sent again, just when its turn has come.
        timeoutFromConnection: true,
        signal: this.closing.signal,
      },
      Date.now() + this.timeoutMs,
    );
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

/** Throws for a number option outside the rule of `rule` (numbers only: no text). */
function rejectNumber(option: string, rule: NumberField, value: unknown): void {
  const problem = typeof value === "number" ? numberProblem(rule, value) : numberProblem(rule, NaN);
  if (problem) throw new PeplinkInputError(option, describe(problem));
}

/** A timeout in ms within the device's timeout setting's range (1–300 s). */
function checkTimeoutMs(timeoutMs: unknown, endpoint?: string): void {
  if (typeof timeoutMs !== "number" || numberProblem("timeout", timeoutMs / 1000)) {
    throw new PeplinkInputError("timeoutMs", `must be from ${LIMITS.timeout.min * 1000} to ${LIMITS.timeout.max * 1000} ms`, endpoint);
  }
}

function checkAuthSettings(auth: AuthSettings | undefined): void {
  if (!auth || (auth.mode !== "client" && auth.mode !== "login")) {
    throw new PeplinkInputError("auth.mode", describe({ rule: "authMode" }));
  }
  const given =
    auth.mode === "client"
      ? ([
          ["clientId", auth.clientId],
          ["clientSecret", auth.clientSecret],
        ] as const)
      : ([
          ["username", auth.username],
          ["password", auth.password],
        ] as const);
  for (const [field, value] of given) {
    const problem = credentialProblem(field, value, auth.mode);
    if (problem) throw new PeplinkInputError(field, describe(problem));
  }
  const scope = auth.mode === "client" ? auth.scope : undefined;
  if (scopeProblem(scope)) throw new PeplinkInputError("scope", describe({ rule: "scope" }));
}
