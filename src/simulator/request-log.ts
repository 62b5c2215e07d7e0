/**
 * Request log and counters for `/api/*` traffic, read by tests and benchmarks
 * (keep-alive reuse, single-flight authentication, concurrency limits).
 */
import type { AuthKind, Counters, FaultKind, LogEntry } from "./types";

export interface OpenRequest {
  seq: number;
  time: number;
  started: number;
  method: string;
  endpoint: string;
  auth: AuthKind;
  connection: number;
  fault?: FaultKind;
  finished: boolean;
}

export interface Outcome {
  status: number;
  stat?: "ok" | "fail";
  code?: number;
}

function zeroCounters(): Counters {
  return {
    requests: 0,
    byEndpoint: {},
    logins: 0,
    grants: 0,
    logouts: 0,
    connections: 0,
    tlsHandshakes: 0,
    inFlight: 0,
    inFlightPeak: 0,
    faultsApplied: 0,
  };
}

export class RequestLog {
  private entries: LogEntry[] = [];
  private seq = 0;
  private c: Counters = zeroCounters();

  constructor(private readonly limit: number) {}

  connectionAccepted(): void {
    this.c.connections += 1;
  }

  tlsHandshake(): void {
    this.c.tlsHandshakes += 1;
  }

  start(method: string, endpoint: string, auth: AuthKind, connection: number): OpenRequest {
    const now = Date.now();
    const c = this.c;
    c.requests += 1;
    c.byEndpoint[endpoint] = (c.byEndpoint[endpoint] ?? 0) + 1;
    if (endpoint === "login") c.logins += 1;
    else if (endpoint === "auth.token.grant") c.grants += 1;
    else if (endpoint === "logout") c.logouts += 1;
    c.inFlight += 1;
    if (c.inFlight > c.inFlightPeak) c.inFlightPeak = c.inFlight;
    return { seq: ++this.seq, time: now, started: performance.now(), method, endpoint, auth, connection, finished: false };
  }

  faultApplied(req: OpenRequest, kind: FaultKind): void {
    req.fault = kind;
    this.c.faultsApplied += 1;
  }

  /** Records the outcome once; later calls for the same request are ignored. */
  finish(req: OpenRequest, outcome: Outcome): void {
    if (req.finished) return;
    req.finished = true;
    // clearLog() may have zeroed the counter while this request was open.
    if (this.c.inFlight > 0) this.c.inFlight -= 1;
    const entry: LogEntry = {
      seq: req.seq,
      time: req.time,
      method: req.method,
      endpoint: req.endpoint,
      status: outcome.status,
      ...(outcome.stat !== undefined ? { stat: outcome.stat } : {}),
      ...(outcome.code !== undefined ? { code: outcome.code } : {}),
      auth: req.auth,
      connection: req.connection,
      durationMs: Math.round((performance.now() - req.started) * 1000) / 1000,
      ...(req.fault !== undefined ? { fault: req.fault } : {}),
    };
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  log(): LogEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  counters(): Counters {
    return { ...this.c, byEndpoint: { ...this.c.byEndpoint } };
  }

  /** Empties the log and zeroes counters; requests still open keep counting as in flight. */
  clear(openRequests: number): void {
    this.entries = [];
    this.c = zeroCounters();
    this.c.inFlight = openRequests;
    this.c.inFlightPeak = openRequests;
  }
}
