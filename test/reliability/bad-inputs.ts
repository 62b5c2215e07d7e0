/**
 * Bad-input matrix: every node × its table of invalid inputs. Each must end in
 * exactly one Catch-able error (no output) that names the field and says what
 * is allowed, short (a 100 kB value is described, not echoed), without a
 * secret it was given — and the simulator's log must show zero requests for it.
 *
 * Nodes that read the router's WAN list at start (wan-directory.ts) or fill a
 * cache on first use (GPIO map, peplink-status' WAN list) are warmed up first;
 * the log is cleared once the simulator is quiet.
 */
import * as assert from "node:assert/strict";
import { helper } from "../helpers/node-red";
import { CATALOGUE, type BadInput, type NodeDescriptor } from "./catalogue";
import { ALL_MODULES, SimBox, Tracker, cellFlow, cellIds, deviceNode, quiet, until } from "./harness";
import { tally } from "./tally";

/** Words that say what is allowed or expected. */
const ALLOWED_HINT = /\b(must|required|allowed|only for|not both|missing|is not a|does not exist|no recipient|one of|handled by)\b/;
const MAX_MESSAGE = 600;

const CLIENT = { clientId: "rel-bad-input-client", clientSecret: "rel-bad-input-secret" };

function describeCase(c: BadInput): string {
  return c.config ? `${c.name} (setting)` : c.name;
}

/** Problems with one case's outcome; empty when it is as it must be. */
function judge(tracker: Tracker, rid: string, c: BadInput, requestsBefore: number, requestsAfter: number): string[] {
  const problems: string[] = [];
  const verdict = tracker.verdict(rid);
  if (verdict !== "error") problems.push(`ended in ${verdict}, not exactly one error`);
  const text = tracker.error(rid) ?? "";
  if (text) {
    if (!text.startsWith(`${c.field}: `)) problems.push(`error does not name the field "${c.field}": ${text.slice(0, 200)}`);
    if (!ALLOWED_HINT.test(text.slice(c.field.length))) problems.push(`error does not say what is allowed: ${text.slice(0, 200)}`);
    if (text.length > MAX_MESSAGE) problems.push(`error of ${text.length} characters (a long value must be described, not echoed)`);
    if (c.secret && text.includes(c.secret)) problems.push("error contains the secret it was given");
  }
  if (requestsAfter !== requestsBefore) problems.push(`${requestsAfter - requestsBefore} request(s) reached the router`);
  return problems;
}

export function badInputMatrix(): void {
  describe("bad-input matrix: a clear error naming the field, zero requests", function () {
    this.timeout(60_000);
    const box = new SimBox({ clients: [{ ...CLIENT, scope: "api" }] });

    before(async () => {
      await box.start();
    });
    after(async () => {
      await box.stop();
    });
    afterEach(async () => {
      await helper.unload();
    });

    async function deploy(desc: NodeDescriptor, config: Record<string, unknown>, prefix: string): Promise<Tracker> {
      box.sim.control.reset();
      const ids = cellIds(prefix);
      const dev = deviceNode(`${prefix}dev`, box, { timeout: 5 });
      await helper.load(ALL_MODULES, [...cellFlow(ids, desc, String(dev.id), config), dev], {
        [String(dev.id)]: CLIENT,
        ...(desc.credentials ? { [ids.node]: desc.credentials } : {}),
      });
      return new Tracker(ids, desc.multi).attach();
    }

    for (const desc of CATALOGUE) {
      it(`${desc.type}: ${desc.bad.length} invalid inputs`, async () => {
        const problems: string[] = [];
        const fromMsg = desc.bad.filter((c) => !c.config);
        const fromSettings = desc.bad.filter((c) => c.config);

        if (fromMsg.length) {
          const tracker = await deploy(desc, desc.badInputConfig ?? {}, "b");
          if (desc.warmsWans)
            await until(
              () => box.sim.control.log().some((e) => e.endpoint === "status.wan.connection"),
              `${desc.type} to read the WAN list`,
            );
          if (desc.warmInput) {
            const rid = tracker.send(desc.warmInput, "warm-up");
            await tracker.settle([rid], 10_000, 0);
            assert.equal(tracker.verdict(rid), "output", `the warm-up input of ${desc.type} failed: ${tracker.error(rid) ?? ""}`);
          }
          await quiet(box);
          box.sim.control.clearLog();
          for (const c of fromMsg) {
            const before = box.sim.control.counters().requests;
            const rid = tracker.send(c.msg ?? desc.good, c.name);
            await tracker.settle([rid], 10_000, 0);
            tally.badInputs++;
            for (const p of judge(tracker, rid, c, before, box.sim.control.counters().requests)) problems.push(`${describeCase(c)}: ${p}`);
          }
          // Late requests or duplicate endings would show now.
          await quiet(box, 300, 100);
          for (const c of fromMsg) {
            const rid = [...tracker.records.values()].find((r) => r.what === c.name)?.rid;
            const verdict = rid ? tracker.verdict(rid) : "lost";
            if (verdict !== "error" && !problems.some((p) => p.startsWith(`${describeCase(c)}:`)))
              problems.push(`${describeCase(c)}: ended in ${verdict} after a while`);
          }
          if (box.sim.control.counters().requests > 0) {
            problems.push(
              `the simulator saw ${box.sim.control.counters().requests} request(s): ${box.sim.control
                .log()
                .map((e) => e.endpoint)
                .join(", ")}`,
            );
          }
          await helper.unload();
        }

        if (fromSettings.length) {
          // One deploy for all of them: a tab, a device and a simulator of their own per case,
          // so that every request in a simulator's log belongs to that case.
          const boxes = fromSettings.map(() => new SimBox({ clients: [{ ...CLIENT, scope: "api" }] }));
          await Promise.all(boxes.map((b) => b.start()));
          try {
            const flows: Array<Record<string, unknown>> = [];
            const creds: Record<string, Record<string, string>> = {};
            fromSettings.forEach((c, i) => {
              const ids = cellIds(`s${i}`);
              const dev = deviceNode(`s${i}dev`, boxes[i], { timeout: 5 });
              flows.push(...cellFlow(ids, desc, String(dev.id), { ...(desc.badInputConfig ?? {}), ...c.config }), dev);
              creds[String(dev.id)] = CLIENT;
              if (desc.credentials) creds[ids.node] = desc.credentials;
            });
            await helper.load(ALL_MODULES, flows, creds);
            const trackers = fromSettings.map((_, i) => new Tracker(cellIds(`s${i}`), desc.multi).attach());
            await Promise.all(boxes.map((b) => quiet(b)));
            for (const b of boxes) b.sim.control.clearLog();
            const rids = fromSettings.map((c, i) => trackers[i].send(c.msg ?? desc.good, c.name));
            await Promise.all(trackers.map((t, i) => t.settle([rids[i]], 10_000, 0)));
            await Promise.all(boxes.map((b) => quiet(b, 200, 50)));
            fromSettings.forEach((c, i) => {
              tally.badInputs++;
              for (const p of judge(trackers[i], rids[i], c, 0, boxes[i].sim.control.counters().requests))
                problems.push(`${describeCase(c)}: ${p}`);
            });
            await helper.unload();
          } finally {
            await Promise.all(boxes.map((b) => b.stop()));
          }
        }
        tally.lost += problems.filter((p) => /ended in (lost|output and error|done twice)/.test(p)).length;
        assert.deepEqual(problems, [], `${desc.type}:\n  ${problems.join("\n  ")}`);
      });
    }
  });
}
