// Minimal typings for node-red-node-test-helper (it ships none).
declare module "node-red-node-test-helper" {
  import type { EventEmitter } from "node:events";

  export interface TestNode extends EventEmitter {
    id: string;
    type: string;
    credentials: Record<string, unknown>;
    receive(msg: Record<string, unknown>): void;
    [key: string]: unknown;
  }

  export interface SupertestLike {
    get(url: string): SupertestRequest;
    post(url: string): SupertestRequest;
  }
  export interface SupertestRequest extends PromiseLike<{ status: number; body: unknown; text: string }> {
    send(body: unknown): SupertestRequest;
    set(name: string, value: string): SupertestRequest;
    expect(status: number): SupertestRequest;
  }

  type NodeModule = (RED: unknown) => void;

  interface Helper {
    init(runtimePath?: string, userSettings?: Record<string, unknown>): void;
    load(nodes: NodeModule | NodeModule[], flow: object[], credentials?: Record<string, Record<string, unknown>>): Promise<void>;
    setFlows(flow: object[], type?: "full" | "flows" | "nodes", credentials?: Record<string, Record<string, unknown>>): Promise<void>;
    unload(): Promise<void>;
    getNode(id: string): TestNode;
    clearFlows(): Promise<void>;
    startServer(): Promise<void>;
    stopServer(): Promise<void>;
    request(): SupertestLike;
    settings(userSettings: Record<string, unknown>): Record<string, unknown>;
    log(): { args: unknown[][] };
  }
  const helper: Helper;
  export = helper;
}
