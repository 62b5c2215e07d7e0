/**
 * A TCP listener that accepts anything and records it: the "other host" of
 * the stored-credential tests. It never answers, so a client that connects
 * shows up here (connections, bytes) whatever protocol it speaks.
 */
import * as net from "node:net";

export class Catcher {
  connections = 0;
  private data: Buffer[] = [];
  private readonly sockets = new Set<net.Socket>();
  private server: net.Server | undefined;
  port = 0;

  constructor(readonly host: string) {}

  /** Listens on host:port (0: any free port). */
  async start(port = 0): Promise<this> {
    const server = net.createServer((socket) => {
      this.connections++;
      this.sockets.add(socket);
      socket.on("data", (chunk: Buffer) => this.data.push(chunk));
      socket.on("error", () => undefined);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, this.host, () => resolve());
    });
    this.server = server;
    this.port = (server.address() as net.AddressInfo).port;
    return this;
  }

  /** Everything received, as text. */
  received(): string {
    return Buffer.concat(this.data).toString("latin1");
  }

  reset(): void {
    this.connections = 0;
    this.data = [];
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
