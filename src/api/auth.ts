/**
 * Session and token handling for one router.
 *
 * - `client` mode: POST auth.token.grant with client ID/secret; the token goes in
 *   the `accessToken` query parameter and is renewed before `expiresIn` runs out
 *   (`expiresIn` may be a string on some firmware).
 * - `login` mode: POST login with user name/password; the session cookie is
 *   `bauth` over HTTPS and `pauth` over HTTP, whichever the router sets.
 *
 * Authentication is single-flight (concurrent callers share one login/grant),
 * transient grant failures (`401 Internal Error`) are retried briefly, and
 * refused credentials back off with a growing delay instead of hammering the
 * router. Secrets live in private fields: they are not enumerable, not shown by
 * `util.inspect`, and never part of a message.
 */
import { PeplinkAuthError, PeplinkError } from "./errors";

export type AuthSettings =
  | {
      mode: "client";
      clientId: string;
      clientSecret: string;
      /** Ask for a narrower scope; left out of the grant unless set (some firmware fails on it). */
      scope?: "api" | "api.read-only";
    }
  | { mode: "login"; username: string; password: string };

export interface BackoffSettings {
  /** First wait after refused credentials, ms (default 2000). */
  initialMs: number;
  /** Longest wait, ms (default 300000). */
  maxMs: number;
}

/** What the router granted; secret parts are private. */
export class Credential {
  readonly #secret: string;
  // perf: what a request carries, built once instead of on every call.
  readonly #tokenQuery: string | undefined;
  readonly #cookieHeader: string | undefined;
  readonly kind: "token" | "cookie";
  /** `bauth` (HTTPS) or `pauth` (HTTP) for sessions. */
  readonly cookieName: string | undefined;
  readonly generation: number;
  readonly obtainedAt: number;
  /** Epoch ms at which the token expires (tokens only). */
  readonly expiresAt: number | undefined;
  /** No POST permission (read-only user) or `api.read-only` scope. */
  readonly readOnly: boolean;
  /** `api` / `api.read-only` for tokens; `read-write` / `read-only` for sessions. */
  readonly access: string;

  constructor(init: {
    secret: string;
    kind: "token" | "cookie";
    cookieName?: string;
    generation: number;
    expiresAt?: number;
    readOnly: boolean;
    access: string;
  }) {
    this.#secret = init.secret;
    this.#tokenQuery = init.kind === "token" ? `accessToken=${encodeURIComponent(init.secret)}` : undefined;
    this.#cookieHeader = init.kind === "cookie" ? `${init.cookieName}=${init.secret}` : undefined;
    this.kind = init.kind;
    this.cookieName = init.cookieName;
    this.generation = init.generation;
    this.obtainedAt = Date.now();
    this.expiresAt = init.expiresAt;
    this.readOnly = init.readOnly;
    this.access = init.access;
  }

  /** `accessToken=…` for the query string (tokens), built once; undefined for sessions. */
  tokenQuery(): string | undefined {
    return this.#tokenQuery;
  }

  /** The Cookie header value (sessions); undefined for tokens. */
  cookieHeader(): string | undefined {
    return this.#cookieHeader;
  }

  /** The secret itself, for logout/revoke only. */
  reveal(): string {
    return this.#secret;
  }
}

/** A raw exchange with the router, as the authenticator needs it. */
export interface AuthExchange {
  status: number;
  setCookie: readonly string[];
  /** The parsed envelope, or an error when the answer was not the API. */
  envelope: { stat?: unknown; code?: unknown; message?: unknown; response?: unknown };
}

export type AuthSender = (endpoint: string, body: object, signal?: AbortSignal) => Promise<AuthExchange>;

const TRANSIENT_RETRIES = 2;
const TRANSIENT_DELAY_MS = 300;

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function isTransientGrantFailure(envelope: AuthExchange["envelope"]): boolean {
  return /internal error/i.test(text(envelope.message));
}

/** Parses `expiresIn` (number or numeric string); falls back to 48 h, the usual router value. */
export function parseExpiresIn(value: unknown): number {
  const n = typeof value === "string" ? Number(value.trim()) : typeof value === "number" ? value : NaN;
  return Number.isFinite(n) && n > 0 ? n : 172_800;
}

export class Authenticator {
  readonly #settings: AuthSettings;
  private credential: Credential | undefined;
  private inFlight: Promise<Credential> | undefined;
  private generation = 0;
  private failures = 0;
  private blockedUntil = 0;
  private lastRefusal: PeplinkAuthError | undefined;
  /** Number of login/grant requests sent (for diagnostics and tests). */
  attempts = 0;

  constructor(
    settings: AuthSettings,
    private readonly send: AuthSender,
    private readonly backoff: BackoffSettings,
    private readonly onState: (state: "authenticating" | "auth-failed") => void,
    /** Aborted when the client closes: ends transient-retry waits and the exchange. */
    private readonly closeSignal: AbortSignal,
  ) {
    this.#settings = settings;
  }

  get mode(): AuthSettings["mode"] {
    return this.#settings.mode;
  }

  get current(): Credential | undefined {
    return this.credential;
  }

  /** When a refused login/grant may be tried again (epoch ms), or 0. */
  get retryAt(): number {
    return this.blockedUntil > Date.now() ? this.blockedUntil : 0;
  }

  /** The current credential if it needs no renewal yet (no promise: the usual case of a call). */
  usable(): Credential | undefined {
    const current = this.credential;
    return current && !this.needsRenewal(current) ? current : undefined;
  }

  /** A usable credential: the current one, or one fresh login/grant shared by all callers. */
  ensure(): Promise<Credential> {
    const current = this.credential;
    if (current && !this.needsRenewal(current)) return Promise.resolve(current);
    if (this.inFlight) return this.inFlight;
    if (this.blockedUntil > Date.now() && this.lastRefusal) {
      const last = this.lastRefusal;
      return Promise.reject(new PeplinkAuthError(undefined, last.deviceMessage, adviceFor(this.#settings), last.code, this.blockedUntil));
    }
    // The flight is shared, so it must not end because one caller gave up:
    // only the client's close aborts it.
    const flight = this.authenticate().finally(() => {
      if (this.inFlight === flight) this.inFlight = undefined;
    });
    this.inFlight = flight;
    return flight;
  }

  /** Drops the credential a request was refused with (unless someone already renewed it). */
  invalidate(generation: number): void {
    if (this.credential && this.credential.generation === generation) this.credential = undefined;
  }

  /** Forgets the credential without telling the router (it is already gone). */
  forget(): Credential | undefined {
    const current = this.credential;
    this.credential = undefined;
    return current;
  }

  private needsRenewal(credential: Credential): boolean {
    if (credential.expiresAt === undefined) return false;
    const lifetime = credential.expiresAt - credential.obtainedAt;
    const margin = Math.min(60_000, lifetime * 0.1);
    return Date.now() >= credential.expiresAt - margin;
  }

  private async authenticate(): Promise<Credential> {
    const signal = this.closeSignal;
    this.onState("authenticating");
    const settings = this.#settings;
    const endpoint = settings.mode === "client" ? "auth.token.grant" : "login";
    const body =
      settings.mode === "client"
        ? {
            clientId: settings.clientId,
            clientSecret: settings.clientSecret,
            ...(settings.scope ? { scope: settings.scope } : {}),
          }
        : { username: settings.username, password: settings.password };

    let exchange: AuthExchange | undefined;
    for (let attempt = 0; ; attempt++) {
      this.attempts++;
      exchange = await this.send(endpoint, body, signal);
      const failed = exchange.envelope.stat !== "ok";
      if (failed && settings.mode === "client" && isTransientGrantFailure(exchange.envelope) && attempt < TRANSIENT_RETRIES) {
        await wait(TRANSIENT_DELAY_MS * (attempt + 1), signal);
        continue;
      }
      break;
    }

    if (exchange.envelope.stat !== "ok") throw this.refused(endpoint, exchange);
    const credential = settings.mode === "client" ? this.tokenFrom(exchange) : this.sessionFrom(exchange);
    if (credential instanceof PeplinkError) throw this.refused(endpoint, exchange, credential.message);
    this.failures = 0;
    this.blockedUntil = 0;
    this.lastRefusal = undefined;
    this.credential = credential;
    return credential;
  }

  private refused(endpoint: string, exchange: AuthExchange, override?: string): PeplinkAuthError {
    this.failures++;
    const delay = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** (this.failures - 1));
    this.blockedUntil = Date.now() + delay;
    const code = typeof exchange.envelope.code === "number" ? exchange.envelope.code : undefined;
    const message = override ?? (text(exchange.envelope.message) || `HTTP ${exchange.status}`);
    // Without a back-off (the editor's one-shot test and create-client) there is no "next attempt" to announce.
    const err = new PeplinkAuthError(endpoint, message, adviceFor(this.#settings), code, delay > 0 ? this.blockedUntil : undefined);
    this.lastRefusal = err;
    this.onState("auth-failed");
    return err;
  }

  private tokenFrom(exchange: AuthExchange): Credential | PeplinkError {
    const response = exchange.envelope.response as { accessToken?: unknown; expiresIn?: unknown; scope?: unknown } | undefined;
    const token = text(response?.accessToken);
    if (!token) return new PeplinkAuthError("auth.token.grant", "the router granted no access token", "");
    const scope = text(response?.scope) || (this.#settings.mode === "client" ? (this.#settings.scope ?? "api") : "api");
    return new Credential({
      secret: token,
      kind: "token",
      generation: ++this.generation,
      expiresAt: Date.now() + parseExpiresIn(response?.expiresIn) * 1000,
      readOnly: scope === "api.read-only",
      access: scope,
    });
  }

  private sessionFrom(exchange: AuthExchange): Credential | PeplinkError {
    let name: string | undefined;
    let value: string | undefined;
    for (const header of exchange.setCookie) {
      const match = /^\s*(bauth|pauth)=([^;]*)/i.exec(header);
      if (match && match[2]) {
        name = match[1];
        value = match[2];
      }
    }
    if (!name || !value) {
      return new PeplinkAuthError("login", "the router accepted the login but set no bauth/pauth session cookie", "");
    }
    const permission = (exchange.envelope.response as { permission?: { POST?: unknown } } | undefined)?.permission;
    // Permission values are 0/1 numbers; some firmware may send booleans.
    const canPost = permission === undefined || permission.POST === 1 || permission.POST === true || permission.POST === "1";
    return new Credential({
      secret: value,
      kind: "cookie",
      cookieName: name,
      generation: ++this.generation,
      readOnly: !canPost,
      access: canPost ? "read-write" : "read-only",
    });
  }
}

function adviceFor(settings: AuthSettings): string {
  return settings.mode === "client"
    ? "Check the client ID and secret (router: System ▸ API), or create a new API client"
    : "Check the user name and password, and that the user may use the API";
}
