/**
 * One simulator instance without its network listener: resolved options,
 * device state, auth store, faults, request log, and the few helpers every
 * handler needs (clock, lazy settling, cancellable sleeps).
 */
import { AuthStore, DEFAULT_USERS } from "./sessions";
import { FaultQueue } from "./faults";
import { RequestLog } from "./request-log";
import { createInitialState, type DeviceState } from "./state";
import { firmwareStyle, type FirmwareStyle } from "./firmware";
import { settle, type WanRules } from "./wan-model";
import type { SentSms, SentUssd, SimulatorClient, SimulatorOptions, SimulatorUser } from "./types";

export interface ResolvedOptions {
  tokenLifetimeSec: number;
  expiresInAsString: boolean;
  sessionIdleTimeoutSec: number;
  wifiConnectDelayMs: number;
  carrierScanDurationMs: number;
  cellularResetDurationMs: number;
  keepAliveTimeoutMs: number;
  firmware: string;
  model: string;
  apSupport: boolean;
  gpsSupport: boolean;
  clientCreateIntervalMs: number;
  autoFailover: boolean;
  rejectGrantScope: boolean;
  logLimit: number;
  users: SimulatorUser[];
  clients: SimulatorClient[];
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw new TypeError(`${name} must be a non-negative number`);
  return value;
}

export function resolveOptions(o: SimulatorOptions): ResolvedOptions {
  return {
    tokenLifetimeSec: nonNegative(o.tokenLifetimeSec, 172800, "tokenLifetimeSec"),
    expiresInAsString: o.expiresInAsString ?? false,
    sessionIdleTimeoutSec: nonNegative(o.sessionIdleTimeoutSec, 600, "sessionIdleTimeoutSec"),
    wifiConnectDelayMs: nonNegative(o.wifiConnectDelayMs, 1500, "wifiConnectDelayMs"),
    carrierScanDurationMs: nonNegative(o.carrierScanDurationMs, 2000, "carrierScanDurationMs"),
    cellularResetDurationMs: nonNegative(o.cellularResetDurationMs, 3000, "cellularResetDurationMs"),
    keepAliveTimeoutMs: nonNegative(o.keepAliveTimeoutMs, 65000, "keepAliveTimeoutMs"),
    firmware: o.firmware ?? "8.3.0 build 5229",
    model: o.model ?? "MAX BR1 Pro 5G",
    apSupport: o.apSupport ?? true,
    gpsSupport: o.gpsSupport ?? true,
    clientCreateIntervalMs: nonNegative(o.clientCreateIntervalMs, 1000, "clientCreateIntervalMs"),
    autoFailover: o.autoFailover ?? true,
    rejectGrantScope: o.rejectGrantScope ?? false,
    logLimit: Math.max(0, Math.floor(nonNegative(o.logLimit, 10000, "logLimit"))),
    users: (o.users ?? DEFAULT_USERS).map((u) => ({ ...u })),
    clients: (o.clients ?? []).map((c) => ({ ...c })),
  };
}

export class SimulatorCore {
  state: DeviceState;
  readonly auth: AuthStore;
  readonly faults = new FaultQueue();
  readonly requests: RequestLog;
  readonly style: FirmwareStyle;
  readonly rules: WanRules;
  sentSms: SentSms[] = [];
  sentUssd: SentUssd[] = [];
  /** Earliest time the next auth.client add may complete (rate limit). */
  nextClientAddAt = 0;
  /** `/api/*` requests not yet answered (survives clearLog). */
  openRequests = 0;
  closed = false;
  private readonly sleepers = new Set<() => void>();

  constructor(readonly options: ResolvedOptions) {
    this.state = this.freshState();
    this.auth = new AuthStore(options.users, options.clients, options.sessionIdleTimeoutSec * 1000, options.tokenLifetimeSec * 1000);
    this.requests = new RequestLog(options.logLimit);
    this.style = firmwareStyle(options.firmware);
    this.rules = { autoFailover: options.autoFailover };
  }

  now(): number {
    return Date.now();
  }

  private freshState(): DeviceState {
    const o = this.options;
    return createInitialState({ now: this.now(), firmware: o.firmware, model: o.model, apSupport: o.apSupport, gpsSupport: o.gpsSupport });
  }

  /** Applies due time-based transitions; call before reading or changing state. */
  settle(): void {
    settle(this.state, this.now(), this.rules);
  }

  reset(): void {
    this.state = this.freshState();
    this.auth.resetSessions();
    this.faults.clear();
    this.requests.clear(this.openRequests);
    this.sentSms = [];
    this.sentUssd = [];
    this.nextClientAddAt = 0;
  }

  /**
   * Resolves after `ms`; resolves false instead if the simulator closes first,
   * so a delayed handler can stop without answering on a destroyed socket.
   */
  sleep(ms: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.sleepers.delete(wake);
        resolve(true);
      }, ms);
      this.sleepers.add(wake);
    });
  }

  close(): void {
    this.closed = true;
    for (const wake of [...this.sleepers]) wake();
  }
}
