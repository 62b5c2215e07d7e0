/**
 * HTTP(S) transport for one router, on Node's own `http`/`https` modules.
 *
 * Why not axios or fetch: we need one keep-alive TLS connection per router
 * (routers pay for every handshake), certificate pinning checked right after
 * the handshake and before any request byte is written, per-request timeouts
 * and the ability to abort everything in flight on close — all of which the
 * core modules give directly, with zero runtime dependencies and Node ≥ 18.5.
 */
import * as http from "node:http";
import * as https from "node:https";
import type * as net from "node:net";
import * as tls from "node:tls";
import { PeplinkCertificateMismatchError, PeplinkClosedError, PeplinkOutcomeUnknownError, PeplinkTransportError } from "./errors";
import { connectGate } from "./connect-gate";
import { describeSocketError } from "./socket-errors";
import { sharedSecureContext, tlsConnectOptions, type TlsTrust } from "./tls";

export interface TransportOptions {
  host: string;
  port: number;
  protocol: "https" | "http";
  trust: TlsTrust;
  /** Max sockets (= requests in flight) towards this router. */
  maxSockets: number;
  /** How long an idle keep-alive connection is kept open, ms. */
  idleSocketMs?: number;
  /** Called when a connection finished setting up, or failed to. */
  onConnectionChange?: () => void;
}

export interface TransportRequest {
  method: "GET" | "POST";
  /** Endpoint name, used in error messages (never the URL: it may hold a token). */
  endpoint: string;
  /** Path with query string, e.g. `/api/status.wan.connection?id=1`. */
  path: string;
  /** Value of the Cookie header (a session), if any. */
  cookie?: string;
  body?: string;
  timeoutMs: number;
  /**
   * Safe to send twice (GET, sign-in, logout): after a reset on a reused
   * keep-alive connection it is sent once more on a fresh one. Default: GET only.
   * Other requests are sent again only when provably unsent.
   */
  idempotent?: boolean;
  /** Time the call already spent waiting (queue, sign-in): said in a timeout message, ms. */
  waitedMs?: number;
  /** The timeout counts from when a connection takes the request, not while one waits at the connect gate. */
  timeoutFromConnection?: boolean;
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  statusText: string;
  contentType: string;
  setCookie: readonly string[];
  body: string;
}

/** A request on its way: what the deadline sweep and abortInFlight() need. */
interface Flight {
  req: http.ClientRequest;
  /** Epoch ms at which the request was handed to Node. */
  readonly sent: number;
  /** Epoch ms at which the request times out (Infinity: not before a connection takes it). */
  deadline: number;
  expire(): void;
}

const NO_COOKIES: readonly string[] = Object.freeze([]);

type Created = (err: Error | null, socket?: net.Socket) => void;
type CreateConnection = (options: unknown, created?: Created) => net.Socket | undefined;

/** A connection the agent asked for, waiting at the connect gate. */
interface Ask {
  /** The request it was asked for (undefined: the agent asked by itself). */
  readonly owner: Flight | undefined;
  /** The agent's callback: the socket, or why there is none. */
  readonly created: Created;
  /** Opens the connection (holding the gate place). */
  readonly open: () => net.Socket;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;
/**
 * A keep-alive connection idle longer than this is not used for a request that
 * must not be sent twice: the router may close it at the same moment (its own
 * keep-alive timeout), and then nobody can tell whether the command arrived.
 * Such a connection is closed before a byte is written and the request goes
 * out on a fresh one. Router keep-alive timeouts are several seconds, so a
 * connection used within the last 2 s is not at risk.
 */
const STALE_FOR_COMMANDS_MS = 2_000;

export class Transport {
  private readonly agent: http.Agent;
  private readonly inFlight = new Set<Flight>();
  /** When each connection last finished a response (or was opened). */
  private readonly lastUsed = new WeakMap<object, number>();
  private readonly baseHeaders: readonly string[];
  private closed = false;
  /** Sockets open (busy, idle, or in their handshake). */
  private open = 0;
  /** Sockets in their TCP connect or TLS handshake. */
  private handshaking = 0;
  /** Connections asked for by the agent and waiting at the connect gate, oldest first. */
  private readonly asks: Ask[] = [];
  /** Connections draining an answer nobody waits for. */
  private drains = 0;
  private lastEstablished = 0;
  /** The request being handed to Node right now (the agent asks for its connection meanwhile). */
  private requesting: Flight | undefined;
  private readonly idleMs: number;
  /** Wakes closeIdle() while connections may sit idle in the pool (unref'd). */
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly where: string;
  /**
   * One timer for every request's deadline, armed for the earliest one and
   * not cleared when a request ends (it is unref'd: it keeps no process
   * alive), so a call costs no timer of its own.
   */
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweepAt = Number.POSITIVE_INFINITY;

  constructor(private readonly options: TransportOptions) {
    this.where = `${options.host}:${options.port}`;
    // perf: headers as a raw array are stored as they are (an object goes through
    // setHeader one by one, and Node works out the Host header every time).
    this.baseHeaders = Object.freeze(["accept", "application/json", "host", hostHeader(options.host, options.port, options.protocol)]);
    // Idle keep-alive connections are closed after idleSocketMs (closeIdle(); the router's own
    // keep-alive timeout may be shorter, hence the retry on a reused socket below). perf: not
    // the agent's `timeout` option: that is a socket timeout refreshed on every read and write
    // of every request, ~5 µs a request.
    this.idleMs = options.idleSocketMs ?? 60_000;
    const common = {
      keepAlive: true,
      maxSockets: options.maxSockets,
      maxFreeSockets: options.maxSockets,
      scheduling: "lifo" as const,
    };
    if (options.protocol === "https") {
      // Pinned connections skip TLS session resumption: every new connection shows
      // its certificate and is checked (keep-alive makes new connections rare anyway).
      this.agent = new https.Agent({
        ...common,
        ...tlsConnectOptions(options.trust),
        secureContext: sharedSecureContext(options.trust),
        ...(options.trust.mode === "pin" ? { maxCachedSessions: 0 } : {}),
      });
    } else {
      this.agent = new http.Agent(common);
    }
    this.watchConnections(options.trust.mode === "pin" && options.protocol === "https" ? options.trust.fingerprint : undefined);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Connections open now: busy, idle or draining, those in their handshake included (those waiting at the connect gate not). */
  get connections(): number {
    return this.open;
  }

  /** Connections being set up now: in their TCP connect or TLS handshake, or waiting at the connect gate. */
  get connecting(): number {
    return this.handshaking + this.asks.length;
  }

  /** Connections busy with an answer that its caller no longer waits for (kept for the connection's sake). */
  get draining(): number {
    return this.drains;
  }

  /** When the last connection finished setting up (epoch ms; 0: none yet). */
  get establishedAt(): number {
    return this.lastEstablished;
  }

  /** Connections (of any router of the process) are waiting at the connect gate. */
  get crowded(): boolean {
    return connectGate.queued > 0;
  }

  /**
   * Wraps the agent's createConnection: counts open connections and those
   * being set up (the request queue opens a new one only when it is worth
   * it), sets new ones up through the process-wide connect gate
   * (connect-gate.ts; the agent waits for the socket through the callback it
   * passes), and, with a pinned certificate, checks the fingerprint on every
   * new TLS connection, synchronously in `secureConnect` — the same point
   * where Node itself rejects untrusted certificates — so no request (and no
   * access token) is written to a socket whose certificate does not match.
   */
  private watchConnections(pinned: string | undefined): void {
    const agent = this.agent;
    const target = agent as unknown as { createConnection: CreateConnection };
    const create = target.createConnection;
    /** Opens a connection; `gated`: it holds a place at the connect gate, to leave once it is up (or not). */
    const setup = (options: unknown, gated: boolean): net.Socket => {
      const began = Date.now();
      let settled = false;
      const settle = (ok: boolean): void => {
        if (settled) return;
        settled = true;
        this.handshaking--;
        if (ok) {
          this.lastEstablished = Date.now();
          if (gated) connectGate.took(this.lastEstablished - began);
        }
        if (gated) connectGate.leave();
        this.options.onConnectionChange?.();
      };
      const socket = create.call(agent, options) as net.Socket;
      this.open++;
      this.handshaking++;
      this.lastUsed.set(socket, began);
      socket.once("close", () => {
        this.open--;
        settle(false);
      });
      if (pinned !== undefined) {
        const tlsSocket = socket as tls.TLSSocket;
        tlsSocket.once("secureConnect", () => {
          const presented = tlsSocket.getPeerCertificate()?.fingerprint256 ?? "none";
          if (presented !== pinned) tlsSocket.destroy(new PeplinkCertificateMismatchError(undefined, pinned, presented));
        });
      }
      // After the pin check: a refused certificate has destroyed the socket by then.
      socket.once(this.options.protocol === "https" ? "secureConnect" : "connect", () => settle(!socket.destroyed));
      return socket;
    };
    // Called by the agent as its own method; `agent` is the same object.
    target.createConnection = (options: unknown, created?: Created): net.Socket | undefined => {
      // Without the agent's callback (not called by the agent) the socket cannot wait for the gate.
      if (!created) return setup(options, false);
      if (connectGate.enter(() => this.turn())) return setup(options, true);
      // The agent asks synchronously, from inside https.request(): that request is the owner.
      this.asks.push({ owner: this.requesting, created, open: () => setup(options, true) });
      return undefined;
    };
  }

  /**
   * A place at the connect gate came for one of this router's connections:
   * the oldest ask whose request still wants a connection gets it. Asks of
   * requests that gave up meanwhile (deadline, abort) are dropped — their
   * turn serves a request still waiting —, and with no ask left the place
   * goes to the next router.
   */
  private turn(): void {
    for (let ask = this.asks.shift(); ask; ask = this.asks.shift()) {
      if (this.closed) ask.created(new PeplinkClosedError());
      else if (this.wanted(ask.owner)) {
        ask.created(null, ask.open());
        return;
      } else ask.created(new NotSetUp());
    }
    connectGate.leave();
    this.options.onConnectionChange?.();
  }

  /**
   * Whether the request that asked for a connection still wants it: still
   * waiting, with time left to use it — a tenth of its timeout, and twice
   * what set-ups take lately (the handshake, then the sign-in and the
   * request); with less it would likely time out before its answer, and the
   * router would pay a handshake for nothing. (A connection the agent asks
   * for by itself, for a request it queued, is always wanted.)
   */
  private wanted(owner: Flight | undefined): boolean {
    if (!owner) return true;
    if (!this.inFlight.has(owner) || owner.req.socket) return false;
    if (owner.deadline === Number.POSITIVE_INFINITY) return true;
    const left = owner.deadline - Date.now();
    return left >= Math.max((owner.deadline - owner.sent) / 10, 2 * connectGate.typicalSetupMs);
  }

  /**
   * Keeps the connection of an idempotent request that timed out after it
   * was sent, for as long again, in case the answer still comes: then the
   * connection goes back to the pool instead of being closed, and the router
   * is spared the handshake of a new one (with a loaded router or event loop,
   * answers come late rather than never). Past that it is closed.
   */
  private drain(req: http.ClientRequest, ms: number, err: Error): void {
    this.drains++;
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      this.drains--;
      this.inFlight.delete(flight);
      this.options.onConnectionChange?.();
    };
    const now = Date.now();
    const flight: Flight = {
      req,
      sent: now,
      deadline: now + ms,
      expire: () => {
        end();
        req.destroy(err);
      },
    };
    req.once("close", end);
    this.track(flight);
  }

  /** A request that waited at the connect gate and gets no connection: nothing was sent. */
  private notConnected(request: TransportRequest, early: boolean): PeplinkTransportError {
    const total = request.timeoutMs + (request.waitedMs ?? 0);
    return new PeplinkTransportError(
      request.endpoint,
      "timeout",
      `not sent: no connection to ${this.where} could be set up ${early ? `in time (too little of the ${total} ms timeout was left)` : `within the ${total} ms timeout`}: ` +
        `this process is setting up many connections at once (${connectGate.active} under way, ${connectGate.queued} waiting)`,
      "ETIMEDOUT",
    );
  }

  /**
   * Sends one request. A reused keep-alive socket reset before any answer is
   * retried once on a fresh one for idempotent requests (the router may have
   * closed it while idle; Node's documented `reusedSocket` pattern), and a
   * stale socket retired before a byte was written (`unsent`) always is.
   */
  send(request: TransportRequest): Promise<TransportResponse> {
    return this.attempt(request, 0, false);
  }

  /** One attempt; a retry is a new attempt that settles this one's promise. */
  private attempt(request: TransportRequest, attempt: number, resetRetried: boolean): Promise<TransportResponse> {
    if (this.closed) return Promise.reject(new PeplinkClosedError(request.endpoint));
    const signal = request.signal;
    if (signal?.aborted) {
      return Promise.reject(new PeplinkTransportError(request.endpoint, "aborted", "the request was aborted"));
    }
    const idempotent = request.idempotent ?? request.method === "GET";
    // Stale connections retired before writing: at most one per pooled socket, then no more retiring.
    const mayRetire = !idempotent && attempt <= this.options.maxSockets;
    return new Promise<TransportResponse>((resolve, reject) => {
      let settled = false;
      let receivedAny = false;
      let retired = false;
      /** The complete answer, once its end came (the request settles when it closes). */
      let answer: TransportResponse | undefined;
      // Assigned once the flight it belongs to exists (the agent needs the flight during request()).
      let req: http.ClientRequest;
      const retry = (again: boolean): void => {
        // After the failed request's own error handling, as an awaited retry would.
        resolve(Promise.resolve().then(() => this.attempt(request, attempt + 1, again)));
      };
      const finish = (err: unknown, value?: TransportResponse): void => {
        if (settled) return;
        settled = true;
        this.inFlight.delete(flight);
        signal?.removeEventListener("abort", onAbort);
        if (!err) {
          resolve(value!);
          return;
        }
        if (err instanceof NotSetUp) {
          reject(this.notConnected(request, true));
          return;
        }
        const code = (err as { code?: unknown }).code;
        if (retired && !this.closed) return retry(resetRetried);
        const broke = !receivedAny && (code === "ECONNRESET" || code === "EPIPE") && !this.closed;
        if (broke && idempotent && req.reusedSocket && !resetRetried) return retry(true);
        // A command that may have arrived: never sent again behind the caller's back.
        if (broke && !idempotent) {
          reject(new PeplinkOutcomeUnknownError(request.endpoint, this.where, err));
          return;
        }
        reject(describeSocketError(request.endpoint, err, this.where));
      };
      const sent = Date.now();
      const flight = {
        sent,
        deadline: request.timeoutFromConnection ? Number.POSITIVE_INFINITY : sent + request.timeoutMs,
        expire: () => {
          // The whole answer came; only the connection's release is pending.
          if (answer) return finish(undefined, answer);
          // No socket yet: it waited at the connect gate, nothing was sent.
          if (!req.socket) {
            const err = this.notConnected(request, false);
            finish(err);
            req.destroy(err);
            return;
          }
          const err = new PeplinkTransportError(
            request.endpoint,
            "timeout",
            request.waitedMs
              ? `no answer from ${this.where} within the ${request.timeoutMs + request.waitedMs} ms timeout (${request.waitedMs} ms of it before sending: in the request queue or signing in); the router may be overloaded or unreachable`
              : `no answer from ${this.where} within ${request.timeoutMs} ms; the router may be overloaded or unreachable`,
            "ETIMEDOUT",
          );
          finish(err);
          if (idempotent && !this.closed) this.drain(req, request.timeoutMs, err);
          else req.destroy(err);
        },
      } as Flight;
      // The agent asks for a new connection from inside request(): it belongs to this flight.
      this.requesting = flight;
      try {
        req = (this.options.protocol === "https" ? https : http).request({
          agent: this.agent,
          host: this.options.host,
          port: this.options.port,
          method: request.method,
          path: request.path,
          headers: this.headersFor(request) as string[],
        });
      } finally {
        this.requesting = undefined;
      }
      flight.req = req;
      this.track(flight);
      if (request.timeoutFromConnection) {
        req.once("socket", () => {
          flight.deadline = Date.now() + request.timeoutMs;
          if (this.inFlight.has(flight)) this.track(flight);
        });
      }
      if (mayRetire) {
        // Runs before the request is written to the socket (Node flushes after this event).
        req.once("socket", (socket: net.Socket) => {
          if (!req.reusedSocket || Date.now() - (this.lastUsed.get(socket) ?? 0) <= STALE_FOR_COMMANDS_MS) return;
          retired = true;
          socket.destroy();
        });
      }
      const onAbort = (): void => {
        const err = new PeplinkTransportError(request.endpoint, "aborted", "the request was aborted");
        finish(this.closed ? new PeplinkClosedError(request.endpoint) : err);
        req.destroy(err);
      };
      signal?.addEventListener("abort", onAbort, { once: true });

      req.on("error", (err) => finish(err));
      req.on("response", (res: http.IncomingMessage) => {
        receivedAny = true;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            finish(new PeplinkTransportError(request.endpoint, "other", "the router's answer is too large (over 16 MB)"));
            req.destroy();
            return;
          }
          chunks.push(chunk);
        });
        // A connection that breaks mid-answer ends the response with an ECONNRESET ("aborted") error.
        res.on("error", (err) => finish(err));
        res.on("end", () => {
          const socket = req.socket;
          if (socket) this.lastUsed.set(socket, Date.now());
          if (!this.idleTimer) this.armIdle(this.idleMs);
          const body = chunks.length === 1 ? chunks[0].toString("utf8") : Buffer.concat(chunks, size).toString("utf8");
          answer = responseOf(res, body);
        });
      });
      // Settled when the request closes: its connection is back in the pool by then, so the
      // caller's next request finds it free. (Node frees it after the answer's end and after
      // the request's own write has completed, which a busy event loop may report later.)
      req.once("close", () => {
        if (answer) finish(undefined, answer);
        else finish(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
      });
      req.end(request.body);
    });
  }

  private headersFor(request: TransportRequest): readonly string[] {
    const { cookie, body } = request;
    if (cookie === undefined && body === undefined) return this.baseHeaders;
    const headers = [...this.baseHeaders];
    if (cookie !== undefined) headers.push("cookie", cookie);
    if (body !== undefined) headers.push("content-type", "application/json", "content-length", String(Buffer.byteLength(body)));
    return headers;
  }

  private track(flight: Flight): void {
    this.inFlight.add(flight);
    if (flight.deadline < this.sweepAt) this.armSweep(flight.deadline);
  }

  private armSweep(at: number): void {
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    this.sweepAt = at;
    this.sweepTimer = setTimeout(this.sweep, Math.max(1, at - Date.now()));
    this.sweepTimer.unref();
  }

  /** Times out every request past its deadline; sleeps until the next deadline. */
  private readonly sweep = (): void => {
    this.sweepTimer = undefined;
    this.sweepAt = Number.POSITIVE_INFINITY;
    const now = Date.now();
    let next = Number.POSITIVE_INFINITY;
    for (const flight of [...this.inFlight]) {
      if (flight.deadline <= now) flight.expire();
      else if (flight.deadline < next) next = flight.deadline;
    }
    if (next !== Number.POSITIVE_INFINITY) this.armSweep(next);
  };

  private armIdle(ms: number): void {
    this.idleTimer = setTimeout(this.closeIdle, ms);
    this.idleTimer.unref();
  }

  /** Closes the pool's connections idle for idleSocketMs; sleeps until the next one would be. */
  private readonly closeIdle = (): void => {
    this.idleTimer = undefined;
    if (this.closed) return;
    const now = Date.now();
    let next = Number.POSITIVE_INFINITY;
    for (const sockets of Object.values(this.agent.freeSockets)) {
      for (const socket of sockets ?? []) {
        const idle = now - (this.lastUsed.get(socket) ?? 0);
        if (idle >= this.idleMs) socket.destroy();
        else next = Math.min(next, this.idleMs - idle);
      }
    }
    // Busy connections become idle later: look again then (a request's end re-arms it too).
    if (next === Number.POSITIVE_INFINITY && this.open > 0) next = this.idleMs;
    if (next !== Number.POSITIVE_INFINITY) this.armIdle(next);
  };

  /** Aborts every request in flight; the transport stays usable (for a logout). */
  abortInFlight(): void {
    const flights = [...this.inFlight];
    this.inFlight.clear();
    for (const flight of flights) flight.req.destroy(new PeplinkClosedError());
  }

  /** Aborts every request in flight and closes all connections. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.abortInFlight();
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    this.sweepTimer = undefined;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.agent.destroy();
  }
}

/** The connect gate's turn came too late for every request waiting: no connection was set up. */
class NotSetUp extends Error {
  constructor() {
    super("not set up: too little time left");
  }
}

/** The Host header Node would send: IPv6 in brackets, the port unless it is the protocol's default. */
function hostHeader(host: string, port: number, protocol: "https" | "http"): string {
  const name = host.includes(":") ? `[${host}]` : host;
  return port === (protocol === "https" ? 443 : 80) ? name : `${name}:${port}`;
}

/**
 * The answer, with the two headers the client reads taken from the raw list
 * (perf: `res.headers` builds an object of every header on first access).
 * Like Node's own: the first Content-Type counts, every Set-Cookie is kept.
 */
function responseOf(res: http.IncomingMessage, body: string): TransportResponse {
  let contentType: string | undefined;
  let setCookie: string[] | undefined;
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i];
    if (name.length === 12 && contentType === undefined && name.toLowerCase() === "content-type") contentType = raw[i + 1];
    else if (name.length === 10 && name.toLowerCase() === "set-cookie") (setCookie ??= []).push(raw[i + 1]);
  }
  return {
    status: res.statusCode ?? 0,
    statusText: res.statusMessage ?? "",
    contentType: contentType ?? "",
    setCookie: setCookie ?? NO_COOKIES,
    body,
  };
}
