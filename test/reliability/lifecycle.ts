/**
 * Lifecycle and load.
 *
 * - 50 full deploys of a flow with every node type: peplink-status, -wan-events,
 *   -sms-in and -homeassistant (with Node-RED's mqtt-broker node and an aedes
 *   broker) polling at short intervals, the others fed an input at every
 *   deploy (some still in flight when the next deploy closes them). The
 *   deploys alternate between two simulators, so a request that reaches the
 *   previous one after its deploy was closed is a request from a closed node.
 *   After the last: active handles and timers are back to what they were
 *   before the first deploy, every login session was logged out and every
 *   token revoked, no request arrives any more, memory after GC at deploy 50
 *   is within a bound of deploy 10, and every input message got done()
 *   exactly once (a message cut off by a redeploy is done without output).
 * - A burst of 1000 SMS through one peplink-sms-send: all 1000 end in an
 *   output or an error, and the router never has more requests in flight
 *   than the device's queue allows.
 */
import * as assert from "node:assert/strict";
import { brokerNode, startBroker, type Broker } from "../helpers/mqtt";
import { helper } from "../helpers/node-red";
import { descriptor } from "./catalogue";
import {
  ALL_MODULES,
  HA_TYPE,
  SimBox,
  countOutputs,
  deviceNode,
  recordOf,
  sendTracked,
  sleep,
  until,
  Tracker,
  cellFlow,
  cellIds,
  quiet,
} from "./harness";
import { tally } from "./tally";

const CYCLES = Number(process.env.RELIABILITY_CYCLES) || 50;
const CLIENT = { clientId: "rel-life-client", clientSecret: "rel-life-secret" };
const LOGIN = { username: "admin", password: "admin" };
/**
 * Heap growth allowed from deploy 10 to deploy 50 (after GC). Measured: about
 * 1.2 MB, nearly all of it V8's compiled code warming up and this test's own
 * bookkeeping (heap snapshots at deploys 50 and 150 show no node objects
 * piling up).
 */
const HEAP_GROWTH_MAX = 4 * 1024 * 1024;

interface Runtime {
  setFlows(flows: object[], credentials: object, type: string): Promise<unknown>;
}

function runtime(): { nodes: Runtime; events: NodeJS.EventEmitter } {
  const h = helper as unknown as { _redNodes: Runtime; _events: NodeJS.EventEmitter };
  return { nodes: h._redNodes, events: h._events };
}

/** Resource types and counts (handles, timers, requests) of the process. */
function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  // Node ≥ 17.3 (the typings of Node 18 lack it).
  const info = (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo();
  for (const type of info) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/** The resources once they stay the same for 300 ms (sockets of earlier specs close asynchronously). */
async function steadyResources(ms = 10_000): Promise<Record<string, number>> {
  const end = Date.now() + ms;
  let last = resources();
  let since = Date.now();
  while (Date.now() < end) {
    await sleep(50);
    const now = resources();
    if (!sameResources(now, last)) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= 300) break;
  }
  return last;
}

function sameResources(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? 0) === (b[k] ?? 0));
}

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run mocha with --expose-gc (scripts/run-tests.js does)");
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Input nodes and what they get at every deploy; polling nodes get an input now and then. */
const FED = [
  "peplink-api",
  "peplink-ap",
  "peplink-sim",
  "peplink-wifi",
  "peplink-gpio",
  "peplink-wan-priority",
  "peplink-cellular",
  "peplink-sms-send",
];
const POLLING: Record<string, Record<string, unknown>> = {
  "peplink-status": { interval: 0.2 },
  "peplink-wan-events": { interval: 1 },
  "peplink-sms-in": { interval: 0.2 },
};
/** Which nodes use the login-session device (the rest use the API-client device). */
const ON_LOGIN = new Set(["peplink-status", "peplink-wan-events", "peplink-sms-in", "peplink-gpio", "peplink-wan-priority"]);

/** The MQTT broker of the lifecycle run (peplink-homeassistant publishes to it at every deploy). */
let broker: Broker | undefined;

function lifecycleFlow(box: SimBox): Array<Record<string, unknown>> {
  const nodes: Array<Record<string, unknown>> = [
    brokerNode(broker!, { id: "lmqtt" }),
    {
      id: `l-${HA_TYPE}`,
      type: HA_TYPE,
      z: "lt",
      name: "",
      device: "ldevc",
      broker: "lmqtt",
      prefix: "homeassistant",
      baseTopic: "peplink",
      interval: 1,
      deviceName: "",
      smsTo: "",
      smsConnId: "",
      smsEvents: true,
      wires: [["lout"]],
    },
    { id: "lt", type: "tab", label: "lifecycle" },
    deviceNode("ldevc", box, { timeout: 2, name: "client device" }),
    deviceNode("ldevl", box, { timeout: 2, name: "login device", authMode: "login" }),
    { id: "lout", type: "helper", z: "lt" },
  ];
  for (const type of [...FED, ...Object.keys(POLLING)]) {
    const desc = descriptor(type);
    nodes.push({
      id: `l-${type}`,
      type,
      z: "lt",
      device: ON_LOGIN.has(type) ? "ldevl" : "ldevc",
      ...desc.config,
      ...(POLLING[type] ?? {}),
      wires: [["lout"]],
    });
  }
  return nodes;
}

const LIFE_CREDENTIALS = { ldevc: CLIENT, ldevl: LOGIN };
const NODE_IDS = ["ldevc", "ldevl", "lmqtt", `l-${HA_TYPE}`, ...[...FED, ...Object.keys(POLLING)].map((t) => `l-${t}`)];

export function lifecycleAndLoad(): void {
  describe("lifecycle and load", function () {
    describe(`${CYCLES} deploys of every node, polling and fed`, function () {
      // A short request log: the simulators live in this process, and their logs are not what is measured.
      const boxes = [0, 1].map(() => new SimBox({ clients: [{ ...CLIENT, scope: "api" }], logLimit: 50 }));
      const problems: string[] = [];
      const rids: string[] = [];
      let baseline: Record<string, number> = {};
      let final: Record<string, number> = {};
      const heap: Record<number, number> = {};
      const lateRequests: string[] = [];
      /** Every node object of every deploy, held weakly: once closed and collected, nothing may keep it. */
      const refs: Array<{ cycle: number; id: string; ref: WeakRef<object> }> = [];
      let survivors: string[] = [];

      before(async function () {
        this.timeout(180_000);
        // The broker runs through the whole run (in the baseline); Node-RED's connections to it must close.
        broker = await startBroker();
        // Let whatever earlier specs left closing settle, then take the baseline (before the simulators
        // start: they are stopped again before the comparison).
        baseline = await steadyResources();
        await Promise.all(boxes.map((b) => b.start()));

        const { nodes, events } = runtime();
        // The first deploy loads the node types; the following ones are full redeploys.
        await helper.load(ALL_MODULES, lifecycleFlow(boxes[1]), LIFE_CREDENTIALS);
        for (let cycle = 1; cycle <= CYCLES; cycle++) {
          const box = boxes[cycle % 2];
          const previous = boxes[(cycle + 1) % 2];
          if (cycle > 1) {
            const started = new Promise<void>((resolve) => events.once("flows:started", () => resolve()));
            await nodes.setFlows(lifecycleFlow(box), LIFE_CREDENTIALS, "full");
            await started;
          }
          tally.cycles++;
          // The previous deploy is closed: nothing of it may reach its simulator any more.
          const closedAt = previous.sim.control.counters().requests;
          countOutputs("lout");
          for (const id of NODE_IDS) {
            const node = helper.getNode(id) as unknown as object | null;
            if (node) refs.push({ cycle, id, ref: new WeakRef(node) });
          }
          // The test helper's sinon spies keep every call (status, send, log…) until the flows are unloaded:
          // forget them, so that only what the nodes keep is measured.
          (helper as unknown as { _sandbox: { resetHistory(): void } })._sandbox.resetHistory();
          if (cycle === 10 || cycle === CYCLES || (process.env.RELIABILITY_VERBOSE && cycle % 25 === 0)) {
            heap[cycle] = heapAfterGc();

            if (process.env.RELIABILITY_VERBOSE)
              console.log(`        deploy ${cycle}: heap after GC ${(heap[cycle] / 1048576).toFixed(2)} MB`);
          }
          for (const type of FED) rids.push(sendTracked(`l-${type}`, descriptor(type).good, `cycle ${cycle}`));
          if (cycle % 5 === 0)
            for (const type of Object.keys(POLLING)) rids.push(sendTracked(`l-${type}`, descriptor(type).good, `cycle ${cycle}`));
          await sleep(150 + (cycle % 3) * 150);
          if (cycle > 1) {
            const late = previous.sim.control.counters().requests - closedAt;
            if (late > 0) lateRequests.push(`deploy ${cycle}: ${late} request(s) reached the simulator of the closed deploy ${cycle - 1}`);
          }
        }
        await helper.unload();
        // Closed for good: no request from here on.
        const counted = boxes.map((b) => b.sim.control.counters().requests);
        await sleep(1_500);
        boxes.forEach((b, i) => {
          const late = b.sim.control.counters().requests - counted[i];
          if (late > 0)
            lateRequests.push(
              `${late} request(s) after the last deploy was closed: ${b.sim.control
                .log()
                .slice(-late)
                .map((e) => e.endpoint)
                .join(", ")}`,
            );
        });
        await Promise.all(boxes.map((b) => b.stop()));
        // Node objects of closed deploys must be garbage (a leaked timer, listener or cache would keep them).
        await sleep(50);
        heapAfterGc();
        survivors = refs.filter((r) => r.cycle < CYCLES && r.ref.deref() !== undefined).map((r) => `${r.id} of deploy ${r.cycle}`);
        // Sockets close asynchronously: give them a moment, then compare.
        await until(() => sameResources(resources(), baseline), "handles and timers to return to the baseline", 5_000).catch(
          () => undefined,
        );
        final = resources();
      });

      after(async () => {
        await Promise.all(boxes.map((b) => b.stop()));
        await broker?.close();
      });

      it("every input got done() exactly once (output, error, or cut off by the redeploy)", () => {
        for (const rid of rids) {
          const rec = recordOf(rid)!;
          if (rec.dones !== 1) problems.push(`${rec.what}: done() called ${rec.dones} times`);
          else if (rec.outputs > 0 && rec.doneErrors > 0) problems.push(`${rec.what}: output and error`);
        }
        tally.lost += problems.length;
        assert.deepEqual(problems, []);
        assert.ok(rids.length >= CYCLES * FED.length);
      });

      it("no request from a closed node", () => {
        assert.deepEqual(lateRequests, []);
      });

      it("login sessions logged out and tokens revoked on every close", () => {
        for (const [i, box] of boxes.entries()) {
          const c = box.sim.control.counters();
          const revokes = c.byEndpoint["auth.token.revoke"] ?? 0;
          assert.ok(c.logins >= CYCLES / 2 - 1, `simulator ${i}: a login per deploy (${c.logins})`);
          assert.equal(c.logouts, c.logins, `simulator ${i}: ${c.logins} logins, ${c.logouts} logouts`);
          assert.equal(revokes, c.grants, `simulator ${i}: ${c.grants} tokens granted, ${revokes} revoked`);
        }
      });

      it("no node object of a closed deploy is kept (all collected after GC)", () => {
        assert.ok(refs.length >= CYCLES * NODE_IDS.length, "node objects were tracked");
        assert.deepEqual(survivors.slice(0, 20), [], `${survivors.length} node object(s) outlived their deploy`);
      });

      it("peplink-homeassistant left its router offline on the broker", async () => {
        const retained = await broker!.retained("peplink/+/availability");
        assert.equal(retained.size, 1, "one router");
        assert.deepEqual([...retained.values()], ["offline"]);
      });

      it("active handles and timers back to the baseline", () => {
        assert.deepEqual(final, baseline);
      });

      it(`memory bounded: heap after GC at deploy ${CYCLES} within 4 MB of deploy 10`, () => {
        const growth = heap[CYCLES] - heap[10];

        if (process.env.RELIABILITY_VERBOSE)
          console.log(
            `        heap after GC: deploy 10 ${(heap[10] / 1048576).toFixed(1)} MB, deploy ${CYCLES} ${(heap[CYCLES] / 1048576).toFixed(1)} MB`,
          );
        assert.ok(growth < HEAP_GROWTH_MAX, `heap grew ${(growth / 1048576).toFixed(1)} MB from deploy 10 to ${CYCLES}`);
      });
    });

    describe("a burst of 1000 SMS", function () {
      const box = new SimBox({ clients: [{ ...CLIENT, scope: "api" }] });
      after(async () => {
        await helper.unload();
        await box.stop();
      });

      it("all 1000 end in sent or error; never more in flight than the device's queue allows", async function () {
        this.timeout(120_000);
        await box.start();
        const desc = descriptor("peplink-sms-send");
        const ids = cellIds("burst");
        const dev = deviceNode("burstdev", box, { timeout: 5, maxConcurrent: 2 });
        await helper.load(ALL_MODULES, [...cellFlow(ids, desc, "burstdev"), dev], { burstdev: CLIENT });
        const tracker = new Tracker(ids).attach();
        const first = tracker.send(desc.good, "first");
        await tracker.settle([first], 10_000, 0);
        await quiet(box);
        box.sim.control.clearLog();
        // Some of them fail: the router answers 500 to the first 25 sends. The others take 5 ms each,
        // so that requests overlap at the router (it answers at once otherwise, one at a time).
        box.sim.control.injectFault({ kind: "http500", count: 25, endpoint: "cmd.sms.sendMessage" });
        box.sim.control.injectFault({ kind: "latency", latencyMs: 5, count: Infinity });
        const burst: string[] = [];
        for (let i = 0; i < 1000; i++) burst.push(tracker.send({ payload: `burst ${i}` }, `burst ${i}`));
        await tracker.settle(burst, 90_000);
        const verdicts: Record<string, number> = {};
        for (const rid of burst) verdicts[tracker.verdict(rid)] = (verdicts[tracker.verdict(rid)] ?? 0) + 1;
        tally.burst += (verdicts.output ?? 0) + (verdicts.error ?? 0);
        tally.lost += 1000 - (verdicts.output ?? 0) - (verdicts.error ?? 0);
        const counters = box.sim.control.counters();

        if (process.env.RELIABILITY_VERBOSE)
          console.log(
            `        in flight at most ${counters.inFlightPeak}; ${counters.connections} connections; ${JSON.stringify(verdicts)}`,
          );
        assert.deepEqual(verdicts, { output: 975, error: 25 });
        assert.equal(counters.byEndpoint["cmd.sms.sendMessage"], 1000, "one request per SMS");
        assert.equal(box.sim.control.sentSms().length, 1 + 975);
        assert.ok(counters.inFlightPeak <= 2, `in flight at most 2 (the device's queue), saw ${counters.inFlightPeak}`);
        assert.ok(counters.inFlightPeak >= 2, "the queue was used to its limit (the check can fail)");
      });
    });
  });
}
