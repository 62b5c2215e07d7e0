/**
 * A process-wide limit on connections being set up at once (TCP connect and
 * TLS handshake), shared by every client of the process.
 *
 * perf (fleet): a deploy starts every device at once, and each opens its
 * connection at once. Handshakes in flight share the event loop — Node-RED's
 * and, on a small machine, the routers' — so with thousands started together
 * every one of them finishes late, near the end of the whole burst; past the
 * request timeout (10 s) they all fail together and start over (measured: 2,000
 * clients at once, every first call timed out). Through the gate connections
 * are set up `MAX_SETUPS` at a time, first come first served: each takes about
 * as long as when few are set up, the burst takes no longer in all, and a call
 * whose deadline passes while it waits here fails before anything is sent
 * (its poll comes again at the next tick) instead of wasting a handshake.
 * Fleets of up to `MAX_SETUPS` routers never wait here.
 */

/** Connections being set up at once, at most (all clients of the process together). */
export const MAX_SETUPS = 64;

export class ConnectGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private setupMs = 0;

  constructor(private readonly limit: number) {}

  /** How long set-ups took lately (moving average), ms; 0 before the first. */
  get typicalSetupMs(): number {
    return this.setupMs;
  }

  /** Notes how long a set-up took, from its start to the connection being up. */
  took(ms: number): void {
    this.setupMs = this.setupMs === 0 ? ms : this.setupMs * 0.9 + ms * 0.1;
  }

  /** Set-ups under way now. */
  get active(): number {
    return this.running;
  }

  /** Set-ups waiting for their turn. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `setup` now if a place is free (true), or when one is (false). Each setup must call leave() once. */
  enter(setup: () => void): boolean {
    if (this.running < this.limit) {
      this.running++;
      return true;
    }
    this.waiting.push(setup);
    return false;
  }

  /** A set-up ended (connected or failed): the next one waiting starts. */
  leave(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}

export const connectGate = new ConnectGate(MAX_SETUPS);
