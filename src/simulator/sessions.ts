/**
 * Who may call the API: web admin users and their sessions (cookie), API
 * clients and their access tokens. Expiry is checked lazily on use, so no
 * timers run while the simulator is idle.
 */
import * as crypto from "node:crypto";
import type { ClientScope, SimulatorClient, SimulatorUser, UserRole } from "./types";

export interface Session {
  id: string;
  username: string;
  role: UserRole;
  lastSeen: number;
}

export interface ClientRecord {
  name: string;
  clientId: string;
  clientSecret: string;
  confidential: boolean;
  /** Epoch seconds. */
  createTimestamp: number;
  scope: ClientScope;
}

export interface TokenRecord {
  accessToken: string;
  clientId: string;
  scope: ClientScope;
  /** Epoch ms. */
  created: number;
  expiresAt: number;
}

export type SessionCheck = { ok: true; session: Session } | { ok: false };
export type TokenCheck = { ok: true; token: TokenRecord } | { ok: false };

export const DEFAULT_USERS: readonly SimulatorUser[] = [
  { username: "admin", password: "admin", role: "admin" },
  { username: "viewer", password: "viewer", role: "readonly" },
];

function hex(bytes: number): string {
  return crypto.randomBytes(bytes).toString("hex");
}

/** Compares without leaking the position of the first difference through timing. */
function sameSecret(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}

export class AuthStore {
  private readonly users: Map<string, SimulatorUser>;
  private readonly sessions = new Map<string, Session>();
  private readonly clients = new Map<string, ClientRecord>();
  private readonly tokens = new Map<string, TokenRecord>();
  private loginsSincePurge = 0;
  /** Every session ID and access token handed out since start/reset (capped), so tests can look for leaks. */
  private readonly issued: string[] = [];

  constructor(
    users: readonly SimulatorUser[],
    clients: readonly SimulatorClient[],
    private readonly idleTimeoutMs: number,
    private readonly tokenLifetimeMs: number,
  ) {
    this.users = new Map(users.map((u) => [u.username, { ...u }]));
    const now = Date.now();
    for (const c of clients) {
      this.clients.set(c.clientId, {
        name: c.name ?? c.clientId,
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        confidential: false,
        createTimestamp: Math.floor(now / 1000),
        scope: c.scope,
      });
    }
  }

  login(username: string, password: string, now: number): Session | undefined {
    const user = this.users.get(username);
    if (!user || !sameSecret(user.password, password)) return undefined;
    // Purge idle sessions now and then, so benchmarks that log in thousands of times stay small.
    if (++this.loginsSincePurge >= 100) {
      this.loginsSincePurge = 0;
      for (const [id, s] of this.sessions) if (now - s.lastSeen > this.idleTimeoutMs) this.sessions.delete(id);
    }
    const session: Session = { id: hex(24), username, role: user.role, lastSeen: now };
    this.sessions.set(session.id, session);
    this.remember(session.id);
    return session;
  }

  /** Valid session for this cookie value; refreshes its idle timer. */
  checkSession(id: string, now: number): SessionCheck {
    const session = this.sessions.get(id);
    if (!session) return { ok: false };
    if (now - session.lastSeen > this.idleTimeoutMs) {
      this.sessions.delete(id);
      return { ok: false };
    }
    session.lastSeen = now;
    return { ok: true, session };
  }

  logout(id: string): void {
    this.sessions.delete(id);
  }

  expireSessions(): void {
    this.sessions.clear();
  }

  sessionCount(): number {
    return this.sessions.size;
  }

  addClient(name: string, scope: ClientScope, now: number): ClientRecord {
    const record: ClientRecord = {
      name,
      clientId: hex(16),
      clientSecret: hex(16),
      confidential: false,
      createTimestamp: Math.floor(now / 1000),
      scope,
    };
    this.clients.set(record.clientId, record);
    return record;
  }

  removeClient(clientId: string): boolean {
    const existed = this.clients.delete(clientId);
    // Tokens of a removed client stop working with it.
    for (const [t, rec] of this.tokens) if (rec.clientId === clientId) this.tokens.delete(t);
    return existed;
  }

  getClient(clientId: string): ClientRecord | undefined {
    return this.clients.get(clientId);
  }

  listClients(): ClientRecord[] {
    return [...this.clients.values()];
  }

  /** The client if id and secret match. */
  authenticateClient(clientId: string, clientSecret: string): ClientRecord | undefined {
    const client = this.clients.get(clientId);
    return client && sameSecret(client.clientSecret, clientSecret) ? client : undefined;
  }

  grant(client: ClientRecord, scope: ClientScope, now: number): TokenRecord {
    for (const [t, rec] of this.tokens) if (rec.expiresAt <= now) this.tokens.delete(t);
    const record: TokenRecord = {
      accessToken: hex(16),
      clientId: client.clientId,
      scope,
      created: now,
      expiresAt: now + this.tokenLifetimeMs,
    };
    this.tokens.set(record.accessToken, record);
    this.remember(record.accessToken);
    return record;
  }

  private remember(secret: string): void {
    if (this.issued.length >= 10_000) this.issued.shift();
    this.issued.push(secret);
  }

  issuedSecrets(): string[] {
    return [...this.issued];
  }

  checkToken(accessToken: string, now: number): TokenCheck {
    const token = this.tokens.get(accessToken);
    if (!token || token.expiresAt <= now) return { ok: false };
    return { ok: true, token };
  }

  /** Live tokens, optionally of one client. */
  listTokens(now: number, clientId?: string): TokenRecord[] {
    return [...this.tokens.values()].filter((t) => t.expiresAt > now && (clientId === undefined || t.clientId === clientId));
  }

  revoke(accessToken: string): boolean {
    return this.tokens.delete(accessToken);
  }

  /** Tokens stay listed as records but no longer work (they are past their expiry). */
  expireTokens(now: number): void {
    for (const t of this.tokens.values()) t.expiresAt = Math.min(t.expiresAt, now);
  }

  revokeTokens(): void {
    this.tokens.clear();
  }

  /** Drops sessions and tokens; users and clients stay (clients survive reboots on the device). */
  resetSessions(): void {
    this.sessions.clear();
    this.tokens.clear();
    this.issued.length = 0;
  }
}
