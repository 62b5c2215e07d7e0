/**
 * The network side: an HTTP or HTTPS listener that counts connections and
 * TLS handshakes, applies injected faults, turns `/api/*` requests into
 * dispatch() calls and routes `/_simulator/*` to the control API. close()
 * destroys every socket, keep-alive and hanging ones included.
 */
import * as http from "node:http";
import * as https from "node:https";
import type * as net from "node:net";
import type { SimulatorCore } from "./core";
import { dispatch } from "./dispatch";
import { failBody, type ApiResult, type Envelope } from "./envelope";
import type { CertificatePem } from "./certificate";
import type { Outcome } from "./request-log";
import type { AuthKind } from "./types";
import type { Params } from "./validate";
import { BodyTooLarge, cookieValue, parseBody, queryParams, readBody, sendText } from "./http-input";
import { SERVER_ERROR_PAGE, TRUNCATED_JSON, WEB_ADMIN_PAGE } from "./web-page";

export interface ServerOptions {
  host: string;
  port: number;
  https: boolean;
  certificate: CertificatePem | undefined;
  keepAliveTimeoutMs: number;
}

export interface ControlHandler {
  handle(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, query: URLSearchParams, body: Buffer): void;
}

export class SimulatorServer {
  private readonly server: http.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly openResponses = new Set<http.ServerResponse>();
  /** Connection ids by the socket a request arrives on (TLS socket over HTTPS). */
  private readonly connIds = new WeakMap<object, number>();
  private nextConnId = 0;
  private closing: Promise<void> | undefined;
  control: ControlHandler | undefined;

  constructor(
    private readonly core: SimulatorCore,
    private readonly opts: ServerOptions,
  ) {
    const listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
      this.onRequest(req, res).catch((err: unknown) => {
        console.error("peplink-simulator: request failed:", err);
        if (!res.headersSent) {
          res.writeHead(500, { "Content-Type": "text/plain" });
          res.end("simulator error");
        } else res.destroy();
      });
    };
    // Node checks request/header timeouts on a per-server interval; a very long one keeps 500 idle instances from
    // waking up every 30 s (the timeouts guard against slow clients, which do not matter on loopback tests).
    const serverOptions: http.ServerOptions = { connectionsCheckingInterval: 2 ** 31 - 1 };
    if (opts.https) {
      if (!opts.certificate) throw new TypeError("https needs a certificate");
      this.server = https.createServer({ ...serverOptions, key: opts.certificate.key, cert: opts.certificate.cert }, listener);
      this.server.on("secureConnection", (socket: net.Socket) => {
        this.core.requests.tlsHandshake();
        this.connIds.set(socket, ++this.nextConnId);
        // Destroying the TLS socket itself (not only the TCP one under it) ends its requests without delay on close().
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
      });
    } else {
      this.server = http.createServer(serverOptions, listener);
    }
    // Keep idle keep-alive connections open as long as asked; headers get a little longer so they never win.
    this.server.keepAliveTimeout = opts.keepAliveTimeoutMs;
    this.server.headersTimeout = opts.keepAliveTimeoutMs + 1000;
    // A "hang" fault must hang until the client gives up, not until Node's request timeout.
    this.server.requestTimeout = 0;
    this.server.on("connection", (socket: net.Socket) => {
      this.core.requests.connectionAccepted();
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
      if (!opts.https) this.connIds.set(socket, ++this.nextConnId);
      if (this.closing) socket.destroy();
    });
    // A client that resets the connection must not crash the process.
    this.server.on("clientError", (_err: Error, socket: net.Socket) => socket.destroy());
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once("error", onError);
      this.server.listen(this.opts.port, this.opts.host, () => {
        this.server.off("error", onError);
        const addr = this.server.address();
        resolve(typeof addr === "object" && addr ? addr.port : this.opts.port);
      });
    });
  }

  close(): Promise<void> {
    if (!this.closing) {
      this.closing = new Promise<void>((resolve) => {
        this.core.close();
        // Resolve once the listener is closed and every unanswered API request has seen its "close" (in-flight counts settle).
        const responses = [...this.openResponses].map((res) => new Promise<void>((done) => res.once("close", () => done())));
        this.server.close(() => {
          void Promise.all(responses).then(() => resolve());
        });
        for (const socket of this.sockets) socket.destroy();
      });
    }
    return this.closing;
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const pathname = q < 0 ? url : url.slice(0, q);
    const search = new URLSearchParams(q < 0 ? "" : url.slice(q + 1));
    if (pathname === "/_simulator" || pathname.startsWith("/_simulator/")) {
      const body = await readBody(req).catch(() => Buffer.alloc(0));
      if (this.control) this.control.handle(req, res, pathname, search, body);
      else sendText(res, 404, "text/plain", "no control API");
      return;
    }
    if (pathname.startsWith("/api/")) {
      await this.onApi(req, res, pathname, search);
      return;
    }
    if (pathname === "/" || pathname === "/index.html" || pathname.startsWith("/cgi-bin/")) {
      sendText(res, 200, "text/html; charset=utf-8", WEB_ADMIN_PAGE);
      return;
    }
    sendText(res, 404, "text/plain", "Not Found");
  }

  private async onApi(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, search: URLSearchParams): Promise<void> {
    const core = this.core;
    let endpoint: string;
    try {
      endpoint = decodeURIComponent(pathname.slice("/api/".length));
    } catch {
      endpoint = pathname.slice("/api/".length);
    }
    const query = queryParams(search);
    const sessionCookie = cookieValue(req.headers.cookie, this.opts.https ? "bauth" : "pauth");
    const auth: AuthKind = query.accessToken !== undefined ? "token" : sessionCookie !== undefined ? "cookie" : "none";
    const open = core.requests.start(req.method ?? "GET", endpoint, auth, this.connIds.get(req.socket) ?? 0);
    core.openRequests += 1;
    let finished = false;
    const finish = (outcome: Outcome): void => {
      if (finished) return;
      finished = true;
      core.openRequests -= 1;
      core.requests.finish(open, outcome);
    };
    // Whatever happens (client gives up, socket destroyed), the request stops counting as in flight.
    this.openResponses.add(res);
    res.on("close", () => {
      this.openResponses.delete(res);
      finish({ status: res.headersSent ? res.statusCode : 0 });
    });

    const fault = core.faults.take(endpoint);
    let resetAfterActing = false;
    if (fault) {
      core.requests.faultApplied(open, fault.kind);
      switch (fault.kind) {
        case "latency":
          if (!(await core.sleep(fault.latencyMs))) return;
          break;
        case "hang":
          return; // never answered; res "close" records it when the client or close() ends the socket
        case "reset":
          req.socket.destroy();
          finish({ status: 0 });
          return;
        case "act-then-reset":
          resetAfterActing = true;
          break;
        case "http500":
          finish({ status: 500 });
          sendText(res, 500, "text/html; charset=utf-8", SERVER_ERROR_PAGE);
          return;
        case "html":
          finish({ status: 200 });
          sendText(res, 200, "text/html; charset=utf-8", WEB_ADMIN_PAGE);
          return;
        case "malformed":
          finish({ status: 200 });
          sendText(res, 200, "application/json", TRUNCATED_JSON);
          return;
        case "http401":
          this.sendEnvelope(res, finish, { body: failBody(401, "Unauthorized"), status: 401 });
          return;
        case "grant-internal-error":
          this.sendEnvelope(res, finish, { body: failBody(401, "Internal Error") });
          return;
      }
    }

    let body: Params | undefined;
    if (req.method === "POST") {
      let raw: Buffer;
      try {
        raw = await readBody(req);
      } catch (err) {
        if (err instanceof BodyTooLarge && !res.destroyed)
          this.sendEnvelope(res, finish, { body: failBody(400, "Request body too large") });
        return;
      }
      body = parseBody(raw, req.headers["content-type"]);
      if (body === undefined) {
        this.sendEnvelope(res, finish, { body: failBody(400, "Invalid request body: expected a JSON object") });
        return;
      }
    }
    const result = await dispatch(core, {
      method: req.method ?? "GET",
      endpoint,
      query,
      body,
      sessionCookie,
      https: this.opts.https,
    });
    if (res.destroyed) return;
    if (resetAfterActing) {
      req.socket.destroy();
      finish({ status: 0 });
      return;
    }
    this.sendEnvelope(res, finish, result);
  }

  private sendEnvelope(res: http.ServerResponse, finish: (o: Outcome) => void, result: ApiResult): void {
    const status = result.status ?? 200;
    const body: Envelope = result.body;
    const outcome: Outcome = { status, stat: body.stat };
    if (body.stat === "fail") outcome.code = body.code;
    finish(outcome);
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(text),
      "Cache-Control": "no-store",
      ...(result.headers ?? {}),
    });
    res.end(text);
  }
}
