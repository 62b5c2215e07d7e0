/**
 * The API envelope: `{"stat":"ok","response":…}` or
 * `{"stat":"fail","code":N,"message":"…"}`, both inside HTTP 200 as on the
 * device. Handlers throw ApiFail for any failure; the dispatcher renders it.
 */

export interface Notice {
  status: string;
}

export interface OkEnvelope {
  stat: "ok";
  notice?: Notice;
  response?: unknown;
}

export interface FailEnvelope {
  stat: "fail";
  code: number;
  message: string;
}

export type Envelope = OkEnvelope | FailEnvelope;

export interface ApiResult {
  body: Envelope;
  /** HTTP status; 200 unless a fault says otherwise. */
  status?: number;
  headers?: Record<string, string | string[]>;
}

export class ApiFail extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = "ApiFail";
  }
}

export function ok(response?: unknown, headers?: Record<string, string | string[]>): ApiResult {
  const body: OkEnvelope = response === undefined ? { stat: "ok" } : { stat: "ok", response };
  return headers ? { body, headers } : { body };
}

export function failBody(code: number, message: string): FailEnvelope {
  return { stat: "fail", code, message };
}

/** Error codes and messages the simulator uses (see docs/simulator.md). */
export const CODE = {
  badRequest: 400,
  unauthorized: 401,
  notFound: 404,
  internal: 500,
} as const;

export const MESSAGE = {
  unauthorized: "Unauthorized",
  invalidToken: "Invalid access token",
  permissionDenied: "Permission denied",
  unsupported: "Unsupported request",
  badLogin: "Invalid username or password",
  badClient: "Invalid client ID or client secret",
  internalError: "Internal Error",
} as const;

export function badRequest(message: string): ApiFail {
  return new ApiFail(CODE.badRequest, message);
}
