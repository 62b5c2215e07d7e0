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
import { PeplinkCertificateMismatchError, PeplinkClosedError, PeplinkTransportError } from "./errors";
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

export class Transport {
  private readonly agent: http.Agent;
  private readonly inFlight = new Set<http.ClientRequest>();
  private closed = false;
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
      const agent = new https.Agent({
        ...common,
        ...tlsConnectOptions(options.trust),
        ...(options.trust.mode === "pin" ? { maxCachedSessions: 0 } : {}),
      });
      if (options.trust.mode === "pin") installPinCheck(agent, options.trust.fingerprint);
      this.agent = agent;
    } else {
      this.agent = new http.Agent(common);
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async send(request: TransportRequest): Promise<TransportResponse> {
    try {
      return await this.sendOnce(request);
    } catch (err) {
      // A keep-alive socket the router closed while idle fails at once with a
      // reset; the request never reached the router, so send it once more on a
      // fresh connection (Node's documented pattern for `reusedSocket`).
      if (err instanceof RetryOnFreshSocket) return this.sendOnce(request);
      throw err;
    }
  }

  private sendOnce(request: TransportRequest): Promise<TransportResponse> {
    if (this.closed) return Promise.reject(new PeplinkClosedError(request.endpoint));
    if (request.signal?.aborted) {
      return Promise.reject(new PeplinkTransportError(request.endpoint, "aborted", "the request was aborted"));
    }
    const mod = this.options.protocol === "https" ? https : http;
    return new Promise<TransportResponse>((resolve, reject) => {
      let settled = false;
      let receivedAny = false;
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

      const finish = (err: unknown, value?: TransportResponse): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        request.signal?.removeEventListener("abort", onAbort);
        this.inFlight.delete(req);
        if (err) {
          const code = (err as { code?: unknown }).code;
          if (!receivedAny && req.reusedSocket && code === "ECONNRESET" && !this.closed) {
            reject(new RetryOnFreshSocket());
            return;
          }
          reject(describeSocketError(request.endpoint, err, this.where));
        } else resolve(value!);
      };

      const timer = setTimeout(() => {
        const err = new PeplinkTransportError(
          request.endpoint,
          "timeout",
          `no answer from ${this.where} within ${request.timeoutMs} ms; the router may be overloaded or unreachable`,
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

class RetryOnFreshSocket extends Error {}

/**
 * Checks the pinned fingerprint on every new TLS connection, synchronously in
 * `secureConnect` — the same point where Node itself rejects untrusted
 * certificates — so no request (and no access token) is written to a socket
 * whose certificate does not match.
 */
function installPinCheck(agent: https.Agent, expected: string): void {
  type CreateConnection = (this: https.Agent, ...args: unknown[]) => net.Socket;
  const target = agent as unknown as { createConnection: CreateConnection };
  const create = target.createConnection;
  target.createConnection = function (this: https.Agent, ...args: unknown[]): net.Socket {
    const socket = create.apply(this, args) as tls.TLSSocket;
    socket.once("secureConnect", () => {
      const presented = socket.getPeerCertificate()?.fingerprint256 ?? "none";
      if (presented !== expected) socket.destroy(new PeplinkCertificateMismatchError(undefined, expected, presented));
    });
    return socket;
  };
}
