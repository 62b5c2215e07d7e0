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
import { describeSocketError } from "./socket-errors";
import { tlsConnectOptions, type TlsTrust } from "./tls";

export interface TransportOptions {
  host: string;
  port: number;
  protocol: "https" | "http";
  trust: TlsTrust;
  /** Max sockets (= requests in flight) towards this router. */
  maxSockets: number;
  /** How long an idle keep-alive connection is kept open, ms. */
  idleSocketMs?: number;
}

export interface TransportRequest {
  method: "GET" | "POST";
  /** Endpoint name, used in error messages (never the URL: it may hold a token). */
  endpoint: string;
  /** Path with query string, e.g. `/api/status.wan.connection?id=1`. */
  path: string;
  headers?: Record<string, string>;
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
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  statusText: string;
  contentType: string;
  setCookie: string[];
  body: string;
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
  private readonly inFlight = new Set<http.ClientRequest>();
  /** When each connection last finished a response (or was opened). */
  private readonly lastUsed = new WeakMap<object, number>();
  private closed = false;
  private open = 0;
  private readonly where: string;

  constructor(private readonly options: TransportOptions) {
    this.where = `${options.host}:${options.port}`;
    const common = {
      keepAlive: true,
      maxSockets: options.maxSockets,
      maxFreeSockets: options.maxSockets,
      // Idle keep-alive sockets are closed by the agent after this; the router's
      // own keep-alive timeout may be shorter, hence the retry on a reused socket below.
      timeout: options.idleSocketMs ?? 60_000,
      scheduling: "lifo" as const,
    };
    if (options.protocol === "https") {
      // Pinned connections skip TLS session resumption: every new connection shows
      // its certificate and is checked (keep-alive makes new connections rare anyway).
      this.agent = new https.Agent({
        ...common,
        ...tlsConnectOptions(options.trust),
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

  /** Connections open now, busy or idle (those being set up included). */
  get connections(): number {
    return this.open;
  }

  /**
   * Wraps the agent's createConnection: counts open connections (the request
   * queue opens a new one only when it is worth it) and, with a pinned
   * certificate, checks the fingerprint on every new TLS connection,
   * synchronously in `secureConnect` — the same point where Node itself
   * rejects untrusted certificates — so no request (and no access token) is
   * written to a socket whose certificate does not match.
   */
  private watchConnections(pinned: string | undefined): void {
    type CreateConnection = (this: http.Agent, ...args: unknown[]) => net.Socket;
    const target = this.agent as unknown as { createConnection: CreateConnection };
    const create = target.createConnection;
    const transport = this;
    target.createConnection = function (this: http.Agent, ...args: unknown[]): net.Socket {
      const socket = create.apply(this, args);
      transport.open++;
      socket.once("close", () => transport.open--);
      if (pinned !== undefined) {
        const tlsSocket = socket as tls.TLSSocket;
        tlsSocket.once("secureConnect", () => {
          const presented = tlsSocket.getPeerCertificate()?.fingerprint256 ?? "none";
          if (presented !== pinned) tlsSocket.destroy(new PeplinkCertificateMismatchError(undefined, pinned, presented));
        });
      }
      return socket;
    };
  }

  async send(request: TransportRequest): Promise<TransportResponse> {
    // Stale connections retired before writing: at most one per pooled socket, then no more retiring.
    let resetRetried = false;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.sendOnce(request, attempt > this.options.maxSockets);
      } catch (err) {
        if (!(err instanceof RetryOnFreshSocket)) throw err;
        if (err.unsent) continue;
        if (resetRetried) throw err.failure;
        resetRetried = true;
      }
    }
  }

  /**
   * One attempt. Rejects with RetryOnFreshSocket when a retry is safe: a
   * reused keep-alive socket reset before any answer (idempotent requests: the
   * router may have closed it while idle; Node's documented `reusedSocket`
   * pattern), or a stale socket retired before a byte was written (`unsent`).
   */
  private sendOnce(request: TransportRequest, noRetire = false): Promise<TransportResponse> {
    if (this.closed) return Promise.reject(new PeplinkClosedError(request.endpoint));
    if (request.signal?.aborted) {
      return Promise.reject(new PeplinkTransportError(request.endpoint, "aborted", "the request was aborted"));
    }
    const mod = this.options.protocol === "https" ? https : http;
    const idempotent = request.idempotent ?? request.method === "GET";
    return new Promise<TransportResponse>((resolve, reject) => {
      let settled = false;
      let receivedAny = false;
      let retired = false;
      const req = mod.request({
        agent: this.agent,
        host: this.options.host,
        port: this.options.port,
        method: request.method,
        path: request.path,
        headers: {
          accept: "application/json",
          ...(request.body !== undefined
            ? { "content-type": "application/json", "content-length": String(Buffer.byteLength(request.body)) }
            : {}),
          ...request.headers,
        },
      });
      this.inFlight.add(req);
      // Runs before the request is written to the socket (Node flushes after this event).
      req.once("socket", (socket: net.Socket) => {
        if (!this.lastUsed.has(socket)) this.lastUsed.set(socket, Date.now());
        if (idempotent || noRetire || !req.reusedSocket) return;
        if (Date.now() - (this.lastUsed.get(socket) ?? 0) <= STALE_FOR_COMMANDS_MS) return;
        retired = true;
        socket.destroy();
      });

      const finish = (err: unknown, value?: TransportResponse): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        request.signal?.removeEventListener("abort", onAbort);
        this.inFlight.delete(req);
        if (err) {
          const code = (err as { code?: unknown }).code;
          if (retired && !this.closed) {
            reject(new RetryOnFreshSocket(true, describeSocketError(request.endpoint, err, this.where)));
            return;
          }
          const broke = !receivedAny && (code === "ECONNRESET" || code === "EPIPE") && !this.closed;
          if (broke && idempotent && req.reusedSocket) {
            reject(new RetryOnFreshSocket(false, describeSocketError(request.endpoint, err, this.where)));
            return;
          }
          // A command that may have arrived: never sent again behind the caller's back.
          if (broke && !idempotent) {
            reject(new PeplinkOutcomeUnknownError(request.endpoint, this.where, err));
            return;
          }
          reject(describeSocketError(request.endpoint, err, this.where));
        } else resolve(value!);
      };

      const timer = setTimeout(() => {
        const err = new PeplinkTransportError(
          request.endpoint,
          "timeout",
          request.waitedMs
            ? `no answer from ${this.where} within the ${request.timeoutMs + request.waitedMs} ms timeout (${request.waitedMs} ms of it before sending: in the request queue or signing in); the router may be overloaded or unreachable`
            : `no answer from ${this.where} within ${request.timeoutMs} ms; the router may be overloaded or unreachable`,
          "ETIMEDOUT",
        );
        finish(err);
        req.destroy(err);
      }, request.timeoutMs);

      const onAbort = (): void => {
        const err = new PeplinkTransportError(request.endpoint, "aborted", "the request was aborted");
        finish(this.closed ? new PeplinkClosedError(request.endpoint) : err);
        req.destroy(err);
      };
      request.signal?.addEventListener("abort", onAbort, { once: true });

      req.on("error", (err) => finish(err));
      req.on("response", (res) => {
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
        res.on("error", (err) => finish(err));
        res.on("aborted", () => finish(Object.assign(new Error("aborted"), { code: "ECONNRESET" })));
        res.on("end", () => {
          if (req.socket) this.lastUsed.set(req.socket, Date.now());
          const setCookie = res.headers["set-cookie"] ?? [];
          finish(undefined, {
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? "",
            contentType: String(res.headers["content-type"] ?? ""),
            setCookie,
            body: Buffer.concat(chunks).toString("utf8"),
          });
        });
      });
      req.end(request.body);
    });
  }

  /** Aborts every request in flight; the transport stays usable (for a logout). */
  abortInFlight(): void {
    const requests = [...this.inFlight];
    this.inFlight.clear();
    for (const req of requests) req.destroy(new PeplinkClosedError());
  }

  /** Aborts every request in flight and closes all connections. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.abortInFlight();
    this.agent.destroy();
  }
}

class RetryOnFreshSocket extends Error {
  constructor(
    /** True when nothing was written: always safe to send again. */
    readonly unsent: boolean,
    /** What to report if no retry is left. */
    readonly failure: Error,
  ) {
    super("retry on a fresh connection");
  }
}
