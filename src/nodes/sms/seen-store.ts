/**
 * Where peplink-sms-in keeps what it has seen: in this process, keyed by node
 * id, so a redeploy finds it (Node-RED deletes a node's context when the node
 * stops unless a context store is configured), and in the node's context, so a
 * restart finds it when the user has a persistent context store.
 */
import type { Node } from "node-red";

const KEY = "peplink-sms-in";
const inProcess = new Map<string, unknown>();

export class SeenStore {
  private forgotten = false;
  private readonly memoryKey: string;
  private readonly contextKey: string;

  /** `name` tells apart several inboxes of one node (peplink-homeassistant watches one per cellular WAN). */
  constructor(
    private readonly node: Node,
    name?: string,
  ) {
    this.memoryKey = name ? `${node.id}:${name}` : node.id;
    this.contextKey = name ? `${KEY}:${name}` : KEY;
  }

  /** The saved state: this process's copy first (newest), else the node context's. */
  load(): Promise<unknown> {
    const kept = inProcess.get(this.memoryKey);
    if (kept !== undefined) return Promise.resolve(kept);
    return new Promise((resolve) => {
      this.node.context().get(this.contextKey, (err: Error | null | undefined, saved: unknown) => {
        if (err) this.node.warn(`could not read what was seen before (${err.message}); starting from the current inbox`);
        resolve(err ? undefined : saved);
      });
    });
  }

  save(snapshot: unknown): void {
    // A read that ends after the node was deleted must not bring its state back.
    if (this.forgotten) return;
    inProcess.set(this.memoryKey, snapshot);
    this.node.context().set(this.contextKey, snapshot, (err: Error | null | undefined) => {
      if (err) this.node.warn(`could not save what was seen (${err.message}): after a restart, old SMS may be emitted again`);
    });
  }

  /** The node was deleted from the flows: nothing of it may stay. */
  forget(): void {
    this.forgotten = true;
    inProcess.delete(this.memoryKey);
  }
}
