/**
 * Reads the WAN list out of a status.wan.connection answer, the way real
 * firmware sends it: WAN objects under numeric keys, iterated via `order`
 * (other keys such as `timestamp` or `supportGatewayProxy` sit beside them).
 */

export interface WanSummary {
  id: number;
  name: string;
  /** ethernet, cellular (gobi before fw 8.0.1), wifi, modem, wovlan… */
  type: string;
  enable: boolean;
  message: string;
  statusLed: string;
  ip: string | undefined;
  priority: number | undefined;
}

type Raw = Record<string, unknown>;

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** WAN ids in the router's order; falls back to numeric keys when `order` is absent. */
export function wanIds(response: unknown): string[] {
  if (!response || typeof response !== "object") return [];
  const map = response as Raw;
  if (Array.isArray(map.order)) return map.order.map(String).filter((id) => map[id] && typeof map[id] === "object");
  return Object.keys(map).filter((k) => /^\d+$/.test(k) && map[k] && typeof map[k] === "object");
}

/** Normalized type: `gobi` (cellular before fw 8.0.1) is reported as `cellular`, `wireless` as `wifi`. */
export function wanType(wan: Raw): string {
  const type = str(wan.type) || str(wan.virtualType);
  if (type === "gobi") return "cellular";
  return type === "wireless" ? "wifi" : type;
}

export function wanList(response: unknown): WanSummary[] {
  const map = (response && typeof response === "object" ? response : {}) as Raw;
  return wanIds(response).map((id) => {
    const wan = map[id] as Raw;
    return {
      id: Number(id),
      name: str(wan.name) || `WAN ${id}`,
      type: wanType(wan),
      enable: wan.enable !== false,
      message: str(wan.message),
      statusLed: str(wan.statusLed),
      ip: typeof wan.ip === "string" ? wan.ip : undefined,
      priority: typeof wan.priority === "number" ? wan.priority : undefined,
    };
  });
}
