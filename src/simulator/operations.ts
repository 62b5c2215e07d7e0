/**
 * The operation table: every endpoint the simulator answers, by method.
 * The 41 operations of the API reference, plus GET config.gpio and
 * status.system.info (see docs/simulator.md).
 */
import type { Operation } from "./context";
import { apOperations } from "./handlers/ap";
import { authOperations } from "./handlers/auth";
import { cellularOperations } from "./handlers/cellular";
import { configOperations } from "./handlers/config";
import { gpioOperations } from "./handlers/gpio";
import { infoOperations } from "./handlers/info";
import { smsOperations } from "./handlers/sms";
import { ssidOperations } from "./handlers/ssid";
import { statusOperations } from "./handlers/status";
import { wanConfigOperations } from "./handlers/wan-config";
import { wanStatusOperations } from "./handlers/wan-status";
import { wifiOperations } from "./handlers/wifi";

export const OPERATIONS: readonly Operation[] = [
  ...authOperations,
  ...cellularOperations,
  ...configOperations,
  ...smsOperations,
  ...apOperations,
  ...wifiOperations,
  ...gpioOperations,
  ...ssidOperations,
  ...wanConfigOperations,
  ...infoOperations,
  ...statusOperations,
  ...wanStatusOperations,
];

const BY_KEY = new Map<string, Operation>(OPERATIONS.map((op) => [`${op.method} ${op.endpoint}`, op]));

export function findOperation(method: string, endpoint: string): Operation | undefined {
  return BY_KEY.get(`${method} ${endpoint}`);
}
