/**
 * Public types of the simulator library (re-exported by index.ts).
 */
import type { CertificatePem } from "./certificate";
import type { DeviceState } from "./state";

export type UserRole = "admin" | "readwrite" | "readonly";
export type ClientScope = "api" | "api.read-only";

export interface SimulatorUser {
  username: string;
  password: string;
  role: UserRole;
}

export interface SimulatorClient {
  name?: string;
  clientId: string;
  clientSecret: string;
  scope: ClientScope;
}

export interface SimulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Bind address; default `127.0.0.1`. */
  host?: string;
  /** Serve HTTPS (default) or plain HTTP. */
  https?: boolean;
  /** PEM key and certificate to reuse; default: a new self-signed one. */
  certificate?: CertificatePem;
  /** Web admin users; default admin/admin (admin) and viewer/viewer (readonly). */
  users?: SimulatorUser[];
  /** API clients registered before start; default none. */
  clients?: SimulatorClient[];
  /** Access token lifetime (`expiresIn`), seconds; default 172800. */
  tokenLifetimeSec?: number;
  /** Answer `expiresIn` (and `authorizationType`) as strings, as some firmware does. */
  expiresInAsString?: boolean;
  /** Web admin session idle timeout, seconds (fractions allowed); default 600. */
  sessionIdleTimeoutSec?: number;
  /** Delay before `cmd.wifi.result` shows the outcome of `cmd.wifi.connect`; default 1500. */
  wifiConnectDelayMs?: number;
  /** Duration of a carrier scan; default 2000. */
  carrierScanDurationMs?: number;
  /** How long `cmd.cellularModule.reset` keeps the cellular WAN "connecting"; default 3000. */
  cellularResetDurationMs?: number;
  /** Server keep-alive timeout; default 65000. */
  keepAliveTimeoutMs?: number;
  /** Firmware in use; default `8.3.0 build 5229`. Older versions switch a few field names. */
  firmware?: string;
  /** Model name; default `MAX BR1 Pro 5G`. */
  model?: string;
  /** Router has a Wi-Fi access point (default true). */
  apSupport?: boolean;
  /** Router has a GPS module (default true); false makes `info.location` fail. */
  gpsSupport?: boolean;
  /** Minimum interval between two `auth.client` adds; later adds wait. Default 1000. */
  clientCreateIntervalMs?: number;
  /**
   * Standby WANs take over when better-priority WANs go down, and fall back to
   * standby when they return (default true). `setWanState` always keeps the
   * state it was asked for on the WAN it names.
   */
  autoFailover?: boolean;
  /** Emulate firmware on which `auth.token.grant` fails when a `scope` is sent that does not narrow the client's scope. */
  rejectGrantScope?: boolean;
  /** Keep at most this many request log entries (oldest dropped first); default 10000. Counters are not capped. */
  logLimit?: number;
}

export type WanStateName = "connected" | "standby" | "disconnected" | "disabled" | "connecting";
export type StatusLed = "green" | "yellow" | "red" | "gray" | "flash" | "empty";

export interface WanStateOptions {
  /** Override the derived `message` until the next state change. */
  message?: string;
  /** Override the derived `statusLed` until the next state change. */
  statusLed?: StatusLed;
  /** Address shown while connected or on standby. */
  ip?: string;
  /** Pretend the connection has been up this long (connected only). */
  uptimeSec?: number;
}

export interface InjectSmsOptions {
  sender: string;
  content: string;
  /** Cellular WAN; default the dual-SIM cellular WAN. */
  connId?: number;
  /** SIM whose inbox receives it; default the active SIM. */
  simId?: 1 | 2;
  /** Split into exactly this many parts (a multipart SMS); default: by length (160 / 153 per part). */
  parts?: number;
}

export type FaultKind =
  "latency" | "http500" | "html" | "malformed" | "hang" | "reset" | "act-then-reset" | "http401" | "grant-internal-error";

export interface FaultSpec {
  kind: FaultKind;
  /** Number of matching requests affected; default 1; `Infinity` until `clearFaults()`. */
  count?: number;
  /** Only requests to this endpoint (e.g. `status.wan.connection`). */
  endpoint?: string;
  /** For `latency`: delay before the normal answer; default 1000. */
  latencyMs?: number;
}

export type AuthKind = "cookie" | "token" | "none";

export interface LogEntry {
  seq: number;
  /** Epoch ms when the request arrived. */
  time: number;
  method: string;
  /** Path after `/api/`, e.g. `status.wan.connection`. */
  endpoint: string;
  /** HTTP status sent; 0 when no answer was sent (hang, reset, client gave up). */
  status: number;
  stat?: "ok" | "fail";
  code?: number;
  /** The credential the request carried (not whether it was valid). */
  auth: AuthKind;
  /** Id of the TCP/TLS connection, in order of acceptance (starts at 1). */
  connection: number;
  durationMs: number;
  fault?: FaultKind;
}

export interface Counters {
  /** `/api/*` requests received. */
  requests: number;
  byEndpoint: Record<string, number>;
  /** `POST /api/login` requests (successful or not). */
  logins: number;
  /** `POST /api/auth.token.grant` requests (successful or not). */
  grants: number;
  logouts: number;
  /** TCP connections accepted (API and control routes). */
  connections: number;
  /** Completed TLS handshakes. */
  tlsHandshakes: number;
  /** `/api/*` requests currently being answered. */
  inFlight: number;
  inFlightPeak: number;
  faultsApplied: number;
}

export interface SentSms {
  address: string;
  content: string;
  connId: number;
  simId: number;
  /** Epoch ms. */
  time: number;
}

export interface SentUssd {
  ussd: string;
  connId: number;
  simId: number;
  /** The network's (simulated) reply. */
  reply: string;
  time: number;
}

export interface LocationUpdate {
  /** Whether the GPS fix is valid; false keeps the last (stale) location, as the device does. */
  gps?: boolean;
  latitude?: number;
  longitude?: number;
  altitude?: number;
  speed?: number;
  heading?: number;
  pdop?: number;
  hdop?: number;
  vdop?: number;
  /** Epoch seconds; default now. */
  timestamp?: number;
}

export interface CreatedClient {
  clientId: string;
  clientSecret: string;
}

export interface SimulatorControl {
  /** The live device model. Replaced by `reset()`: read it again afterwards. */
  readonly state: DeviceState;
  /** Puts an SMS (several parts when long or when `parts` > 1) in an inbox; returns the message ids. */
  injectSms(options: InjectSmsOptions): number[];
  setWanState(connId: number, state: WanStateName, options?: WanStateOptions): void;
  setLocation(update: LocationUpdate): void;
  /** The next request with any existing session cookie answers 401 Unauthorized. */
  expireSessions(): void;
  /** The next request with any existing access token answers 401 Invalid access token. */
  expireTokens(): void;
  /** Deletes every access token (as `auth.token.revoke` would). */
  revokeTokens(): void;
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  log(): LogEntry[];
  counters(): Counters;
  /** Empties the log and zeroes the counters (including the in-flight peak). */
  clearLog(): void;
  /** Back to the initial device, sessions and tokens dropped, faults and log cleared. Registered clients are kept. */
  reset(): void;
  createClient(options: { name?: string; scope?: ClientScope }): CreatedClient;
  sentSms(): SentSms[];
  sentUssd(): SentUssd[];
  /** Session IDs and access tokens issued since start or reset (for leak checks in tests). */
  issuedSecrets(): string[];
}

export interface Simulator {
  /** e.g. `https://127.0.0.1:43123` */
  url: string;
  host: string;
  port: number;
  protocol: "https" | "http";
  /** SHA-256 of the certificate, `AB:CD:…`; undefined over HTTP. */
  fingerprint: string | undefined;
  certificate: CertificatePem | undefined;
  control: SimulatorControl;
  /** Stops listening and destroys every open socket (keep-alive ones too). Idempotent. */
  close(): Promise<void>;
}
