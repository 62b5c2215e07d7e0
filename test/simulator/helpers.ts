/**
 * A tiny HTTP(S) client for the simulator specs: plain node:https / node:http,
 * real TLS on loopback, trusting exactly the simulator's own certificate.
 */
import * as http from "node:http";
import * as https from "node:https";
import type { Simulator } from "../../dist/simulator";

// The simulator's responses are free-form JSON; the specs assert on them field by field.
export type AnyJson = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Envelope {
  stat: "ok" | "fail";
  code?: number;
  message?: string;
  notice?: { status: string };
  response?: AnyJson;
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  socket: { localPort: number | undefined };
}

export interface RawOptions {
  body?: string;
  headers?: Record<string, string>;
  agent?: http.Agent | false;
  timeoutMs?: number;
}

export function agentFor(sim: Simulator, keepAlive = true): http.Agent {
  return sim.protocol === "https"
    ? new https.Agent({ keepAlive, ca: sim.certificate?.cert, maxSockets: 64 })
    : new http.Agent({ keepAlive, maxSockets: 64 });
}

export function raw(sim: Simulator, method: string, path: string, opts: RawOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const lib = sim.protocol === "https" ? https : http;
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.body !== undefined) headers["content-length"] = String(Buffer.byteLength(opts.body));
    const req = lib.request(
      `${sim.url}${path}`,
      {
        method,
        headers,
        agent: opts.agent,
        ...(sim.protocol === "https" ? { ca: sim.certificate?.cert } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString("utf8"),
            socket: { localPort: res.socket?.localPort },
          }),
        );
        res.on("error", reject);
      },
    );
    if (opts.timeoutMs !== undefined) req.setTimeout(opts.timeoutMs, () => req.destroy(new Error("client timeout")));
    req.on("error", reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

function query(params: Record<string, string | number | boolean> | undefined): string {
  if (!params) return "";
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) q.set(k, String(v));
  const s = q.toString().replace(/\+/g, "%20");
  return s ? `?${s}` : "";
}

/** One API user: a session cookie or an access token, on its own keep-alive agent. */
export class ApiClient {
  cookie: string | undefined;
  token: string | undefined;
  readonly agent: http.Agent;

  constructor(
    readonly sim: Simulator,
    agent?: http.Agent,
  ) {
    this.agent = agent ?? agentFor(sim);
  }

  private headers(json: boolean): Record<string, string> {
    const h: Record<string, string> = {};
    if (json) h["content-type"] = "application/json";
    if (this.cookie) h.cookie = this.cookie;
    return h;
  }

  private withToken(params: Record<string, string | number | boolean> | undefined): Record<string, string | number | boolean> | undefined {
    return this.token ? { ...(params ?? {}), accessToken: this.token } : params;
  }

  async login(username = "admin", password = "admin"): Promise<Envelope> {
    const reply = await raw(this.sim, "POST", "/api/login", {
      body: JSON.stringify({ username, password }),
      headers: { "content-type": "application/json" },
      agent: this.agent,
    });
    const setCookie = reply.headers["set-cookie"];
    if (setCookie && setCookie[0]) this.cookie = setCookie[0].split(";")[0];
    return JSON.parse(reply.text) as Envelope;
  }

  async grant(clientId: string, clientSecret: string, scope?: string): Promise<Envelope> {
    const body: Record<string, string> = { clientId, clientSecret };
    if (scope) body.scope = scope;
    const env = await this.post("auth.token.grant", body);
    if (env.stat === "ok") this.token = env.response.accessToken as string;
    return env;
  }

  async getRaw(endpoint: string, params?: Record<string, string | number | boolean>): Promise<Reply> {
    return raw(this.sim, "GET", `/api/${endpoint}${query(this.withToken(params))}`, { headers: this.headers(false), agent: this.agent });
  }

  async get(endpoint: string, params?: Record<string, string | number | boolean>): Promise<Envelope> {
    return JSON.parse((await this.getRaw(endpoint, params)).text) as Envelope;
  }

  async postRaw(endpoint: string, body?: unknown): Promise<Reply> {
    return raw(this.sim, "POST", `/api/${endpoint}${query(this.withToken(undefined))}`, {
      body: body === undefined ? "" : JSON.stringify(body),
      headers: this.headers(true),
      agent: this.agent,
    });
  }

  async post(endpoint: string, body?: unknown): Promise<Envelope> {
    return JSON.parse((await this.postRaw(endpoint, body)).text) as Envelope;
  }

  destroy(): void {
    this.agent.destroy();
  }
}

/** Calls the control API over HTTP. */
export async function control(sim: Simulator, method: string, route: string, body?: unknown): Promise<{ status: number; json: AnyJson }> {
  const reply = await raw(sim, method, `/_simulator${route}`, {
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
    agent: false,
  });
  return { status: reply.status, json: JSON.parse(reply.text) };
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Retries an assertion until it passes (giving up after 15 s with the last failure). */
export async function eventually<T>(check: () => Promise<T>, intervalMs = 50): Promise<T> {
  const giveUpAt = Date.now() + 15000;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (!(err instanceof Error) || err.name !== "AssertionError" || Date.now() > giveUpAt) throw err;
      await delay(intervalMs);
    }
  }
}
