/**
 * The typed endpoint map: one entry per operation of the Peplink API reference,
 * with its parameter and response types, plus runtime metadata (OPERATIONS)
 * used by the client (write calls, auth needs) and by the editor pickers.
 *
 * SKELETON — being completed for all 41 operations.
 */
import type * as T from "./types";

export type HttpMethod = "GET" | "POST";

export interface GetEndpoints {
  "status.wan.connection": { params: T.StatusWanConnectionParams; response: T.StatusWanConnectionResponse };
}

export interface PostEndpoints {
  login: { params: T.LoginParams; response: T.LoginResponse };
}

export type GetEndpointName = keyof GetEndpoints;
export type PostEndpointName = keyof PostEndpoints;

export interface ParamInfo {
  name: string;
  type: "string" | "number" | "boolean" | "numlist" | "list" | "object" | "array";
  required: boolean;
  /** Allowed values, when the reference lists them. */
  values?: readonly string[];
  description: string;
}

export interface OperationInfo {
  endpoint: string;
  method: HttpMethod;
  /** Changes the router: refused before sending on read-only sessions/clients. */
  write: boolean;
  /** `none`: works without a session (login, token grant); `admin`: needs an admin session. */
  auth: "none" | "required" | "admin";
  /** Group for pickers, e.g. "WAN status". */
  area: string;
  summary: string;
  /** Firmware version the reference says the operation appeared in. */
  since: string;
  params: readonly ParamInfo[];
  /** Name of the typed client method for this operation. */
  methodName: string;
}

export const OPERATIONS: readonly OperationInfo[] = [];

export function findOperation(method: HttpMethod, endpoint: string): OperationInfo | undefined {
  return OPERATIONS.find((op) => op.method === method && op.endpoint === endpoint);
}
