/**
 * Which operations peplink-status may call, and what their connection-ID
 * parameters accept. Derived from OPERATIONS (the one source of truth), and
 * served to the editor so that its picker offers exactly what the runtime
 * accepts.
 */
import { OPERATIONS, OPERATION_AREAS, type OperationInfo, type ParamInfo } from "../../api/endpoints";
import { PeplinkInputError } from "../../api/errors";
import { describeValue } from "../shared/validate";

/**
 * WAN types a `connId` must have, per endpoint; endpoints not listed take any
 * WAN. `wifi` is what routers report, `wireless` what the reference says.
 */
const CONN_ID_TYPES: Readonly<Record<string, readonly string[]>> = {
  "cmd.wifi.scan": ["wifi", "wireless"],
  "cmd.wifi.result": ["wifi", "wireless"],
  "cmd.carrier.scan": ["cellular"],
  "cmd.wan.cellular": ["cellular"],
  "cmd.sms.get": ["cellular"],
};

/** Reads only: every GET except the admin-only client and token lists. */
function isReadableOp(op: OperationInfo): boolean {
  return op.method === "GET" && op.auth !== "admin";
}

const AREA_RANK = new Map<string, number>(OPERATION_AREAS.map((area, i) => [area, i]));

/** The readable operations, grouped by area (in picker order), then in the reference's order. */
export const READABLE: readonly OperationInfo[] = OPERATIONS.filter(isReadableOp)
  .map((op, i) => ({ op, i }))
  .sort((a, b) => (AREA_RANK.get(a.op.area) ?? 99) - (AREA_RANK.get(b.op.area) ?? 99) || a.i - b.i)
  .map(({ op }) => op);

export const READABLE_ENDPOINTS: readonly string[] = READABLE.map((op) => op.endpoint);

/** The readable operation for an endpoint, or a clear error naming the field. */
export function readableOperation(endpoint: unknown, field: string): OperationInfo {
  const op = typeof endpoint === "string" ? READABLE.find((o) => o.endpoint === endpoint) : undefined;
  if (op) return op;
  const known = typeof endpoint === "string" && OPERATIONS.some((o) => o.endpoint === endpoint);
  throw new PeplinkInputError(
    field,
    known
      ? `${describeValue(endpoint)} is not a readable endpoint (use peplink-api or the matching node for it); allowed: ${READABLE_ENDPOINTS.join(", ")}`
      : `must be a readable endpoint, one of ${READABLE_ENDPOINTS.join(", ")} (got ${describeValue(endpoint)})`,
  );
}

/** WAN types a single connId of this endpoint must have; undefined = any WAN. */
export function connIdTypes(endpoint: string): readonly string[] | undefined {
  return CONN_ID_TYPES[endpoint];
}

/** What the editor needs to build the picker and the parameter fields. */
export interface CatalogEntry {
  endpoint: string;
  area: string;
  summary: string;
  stability?: string;
  params: Array<ParamInfo & { wanTypes?: readonly string[] }>;
}

export function catalog(): CatalogEntry[] {
  return READABLE.map((op) => ({
    endpoint: op.endpoint,
    area: op.area,
    summary: op.summary,
    ...(op.stability ? { stability: op.stability } : {}),
    params: op.params.map((p) =>
      p.name === "connId" && CONN_ID_TYPES[op.endpoint] ? { ...p, wanTypes: CONN_ID_TYPES[op.endpoint] } : { ...p },
    ),
  }));
}
