/**
 * Error classes thrown by the Peplink client.
 *
 * Every message names the endpoint (when there is one) and says what to do
 * next. None of them ever carries a password, client secret, session cookie or
 * access token: the client builds messages from endpoint names and device
 * messages only, and keeps the low-level cause non-enumerable.
 */

export type PeplinkErrorKind = "api" | "http" | "auth" | "permission" | "transport" | "not-json" | "input" | "closed";

export abstract class PeplinkError extends Error {
  abstract readonly kind: PeplinkErrorKind;
  /** API endpoint the failure belongs to, e.g. `status.wan.connection`. */
  readonly endpoint: string | undefined;

  protected constructor(message: string, endpoint: string | undefined, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    this.endpoint = endpoint;
  }

  /**
   * Just the message: Node-RED puts `String(err)` into `msg.error.message` for
   * Catch nodes, and the contract there is `<endpoint>: <device message> (code n)`.
   */
  override toString(): string {
    return this.message;
  }
}

function prefix(endpoint: string | undefined): string {
  return endpoint ? `${endpoint}: ` : "";
}

/** The router answered `{"stat":"fail"}` (other than an authentication failure). */
export class PeplinkApiError extends PeplinkError {
  readonly kind = "api" as const;
  /** The device's error code; some firmware leaves it out. */
  readonly code: number | undefined;
  /** The device's own message, e.g. `Invalid input`. */
  readonly deviceMessage: string;

  constructor(endpoint: string, code: number | undefined, deviceMessage: string) {
    super(`${endpoint}: ${deviceMessage || "request failed"}${code === undefined ? "" : ` (code ${code})`}`, endpoint);
    this.code = code;
    this.deviceMessage = deviceMessage;
  }
}

/** The router answered with an HTTP error status and no API envelope. */
export class PeplinkHttpError extends PeplinkError {
  readonly kind = "http" as const;
  readonly status: number;

  constructor(endpoint: string, status: number, statusText: string) {
    super(
      `${endpoint}: the router answered HTTP ${status}${statusText ? ` ${statusText}` : ""} (code ${status}); ` +
        "it may be busy or restarting, the request can be retried",
      endpoint,
    );
    this.status = status;
  }
}

/**
 * Authentication failed: wrong user name/password or client ID/secret, or the
 * router refused a fresh session/token. `retryAt` says when the client will try
 * again (it backs off instead of hammering the router).
 */
export class PeplinkAuthError extends PeplinkError {
  readonly kind = "auth" as const;
  readonly code: number | undefined;
  readonly deviceMessage: string;
  /** Epoch ms before which the client will not send another login/grant. */
  readonly retryAt: number | undefined;
  /** What the user should check. */
  readonly advice: string;

  constructor(endpoint: string | undefined, deviceMessage: string, advice: string, code?: number, retryAt?: number) {
    const wait = retryAt === undefined ? "" : `; next attempt in ${Math.max(1, Math.ceil((retryAt - Date.now()) / 1000))} s`;
    super(
      `${prefix(endpoint)}authentication failed: ${deviceMessage}${code === undefined ? "" : ` (code ${code})`}.${advice ? ` ${advice}` : ""}${wait}`,
      endpoint,
    );
    this.code = code;
    this.deviceMessage = deviceMessage;
    this.retryAt = retryAt;
    this.advice = advice;
  }

  /** The same failure, reported for the call that could not be made. */
  forEndpoint(endpoint: string): PeplinkAuthError {
    return new PeplinkAuthError(endpoint, this.deviceMessage, this.advice, this.code, this.retryAt);
  }
}

/** A write call on a read-only session or client scope; nothing was sent. */
export class PeplinkPermissionError extends PeplinkError {
  readonly kind = "permission" as const;

  constructor(endpoint: string, detail: string) {
    super(`${endpoint}: ${detail}`, endpoint);
  }
}

export type TransportFailure =
  "timeout" | "refused" | "reset" | "dns" | "unreachable" | "tls" | "certificate-mismatch" | "aborted" | "queue-full" | "other";

/** The request did not get an answer: timeout, refused, reset, DNS, TLS. */
export class PeplinkTransportError extends PeplinkError {
  readonly kind = "transport" as const;
  readonly reason: TransportFailure;
  /** Low-level error code such as `ECONNREFUSED`, when there is one. */
  readonly code: string | undefined;

  constructor(endpoint: string | undefined, reason: TransportFailure, text: string, code?: string, cause?: unknown) {
    super(`${prefix(endpoint)}${text}`, endpoint, cause);
    this.reason = reason;
    this.code = code;
  }
}

/**
 * A command was sent, then the connection broke before the answer: the router
 * may or may not have carried it out. It is not sent again on its own (a
 * second SMS, a second modem reset); the caller decides after checking.
 */
export class PeplinkOutcomeUnknownError extends PeplinkTransportError {
  constructor(endpoint: string | undefined, where: string, cause?: unknown) {
    super(
      endpoint,
      "reset",
      `outcome unknown: the connection to ${where} broke after the request was sent and before the router answered; ` +
        "the router may or may not have carried it out, so it was not sent again. Check the result (e.g. read the state) before repeating it",
      "OUTCOME_UNKNOWN",
      cause,
    );
  }
}

/** Not sent: the router's request queue already holds as many calls as the device allows. */
export class PeplinkQueueFullError extends PeplinkTransportError {
  constructor(
    endpoint: string | undefined,
    where: string,
    /** Calls waiting in the queue. */
    readonly waiting: number,
    /** Calls in flight. */
    readonly running: number,
  ) {
    super(
      endpoint,
      "queue-full",
      `not sent: the request queue of ${where} is full (${waiting} waiting, ${running} in flight); the router cannot keep up. ` +
        "Slow the flow down (e.g. a delay node in rate-limit mode) or raise the device's queue limit",
      "QUEUE_FULL",
    );
  }
}

/** The presented certificate does not match the pinned SHA-256 fingerprint. */
export class PeplinkCertificateMismatchError extends PeplinkTransportError {
  readonly expectedFingerprint: string;
  readonly presentedFingerprint: string;

  /** Epoch ms before which the client will not connect again (set on errors raised during the back-off). */
  readonly retryAt: number | undefined;

  constructor(endpoint: string | undefined, expected: string, presented: string, retryAt?: number) {
    const wait =
      retryAt === undefined ? "" : `; not tried again for now (next attempt in ${Math.max(1, Math.ceil((retryAt - Date.now()) / 1000))} s)`;
    super(
      endpoint,
      "certificate-mismatch",
      `the router's certificate does not match the pinned fingerprint: expected ${expected}, presented ${presented}. ` +
        "If the router's certificate was replaced on purpose, pin the new fingerprint in the device settings; otherwise something is intercepting the connection" +
        wait,
      "CERT_FINGERPRINT_MISMATCH",
    );
    this.expectedFingerprint = expected;
    this.presentedFingerprint = presented;
    this.retryAt = retryAt;
  }
}

/** The router answered with something that is not the JSON API (usually its web admin page). */
export class PeplinkNotJsonError extends PeplinkError {
  readonly kind = "not-json" as const;
  readonly status: number;
  readonly contentType: string;
  readonly looksLikeHtml: boolean;

  constructor(endpoint: string, status: number, contentType: string, looksLikeHtml: boolean) {
    super(
      looksLikeHtml
        ? `${endpoint}: the router answered with a web page, not the API (HTTP ${status}). Is the API enabled on the router, and do host, port and protocol point at its web admin?`
        : `${endpoint}: the router's answer is not valid JSON (HTTP ${status}, ${contentType || "no content type"}); the firmware may not support this endpoint or the answer was cut off`,
      endpoint,
    );
    this.status = status;
    this.contentType = contentType;
    this.looksLikeHtml = looksLikeHtml;
  }
}

/** Bad input caught before any request was sent. `field` names what was wrong. */
export class PeplinkInputError extends PeplinkError {
  readonly kind = "input" as const;
  readonly field: string;

  constructor(field: string, problem: string, endpoint?: string) {
    super(`${prefix(endpoint)}${field}: ${problem}`, endpoint);
    this.field = field;
  }
}

/** The client was closed; the request was not sent or was aborted. */
export class PeplinkClosedError extends PeplinkError {
  readonly kind = "closed" as const;

  constructor(endpoint?: string) {
    super(`${prefix(endpoint)}the connection to the router was closed (node stopped or redeployed)`, endpoint);
  }
}

export function isPeplinkError(err: unknown): err is PeplinkError {
  return err instanceof PeplinkError;
}
