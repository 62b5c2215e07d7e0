/**
 * peplink-sms-in inside Node-RED against the simulator over HTTPS, and the
 * inbox reading / seen-state logic it is built on.
 */
import * as assert from "node:assert/strict";
import { readInbox } from "../../dist/nodes/sms/inbox";
import { SeenInbox } from "../../dist/nodes/sms/seen-inbox";
import {
  apiClient,
  collect,
  device,
  deviceModule,
  errorText,
  flow,
  helper,
  maybeNext,
  nodeModule,
  statusMatching,
  until,
  type Msg,
} from "../helpers/node-red";
import { loadExample, type LoadedExample } from "../helpers/examples";
import { requestsTo, useSimulator } from "../helpers/simulator";

const smsInModule = nodeModule("peplink-sms-in");
const GET = "cmd.sms.get";
const INTERVAL = 0.2; // seconds

interface LogEntry {
  level?: number;
  id?: string;
  msg?: unknown;
}

/** Resolves once `predicate` holds (checked every 20 ms), or rejects after `ms`. */
describe("peplink-sms-in node", function () {
  const handle = useSimulator();
  let creds: Record<string, string>;
  // A fresh node id per test: what a node has seen stays in this process across redeploys (by node id).
  let nid = "";
  let count = 0;
  beforeEach(() => {
    creds = apiClient(handle.sim);
    nid = `sms-in-${++count}`;
  });
  afterEach(async () => {
    await helper.unload();
  });

  function flowWith(node: Record<string, unknown> = {}): Array<Record<string, unknown>> {
    const dev = device(handle.sim, creds);
    return [
      ...flow(
        [
          {
            id: nid,
            type: "peplink-sms-in",
            device: "dev1",
            connId: "4",
            interval: INTERVAL,
            emitExisting: false,
            topic: "",
            wires: [["out"]],
            ...node,
          },
        ],
        dev,
      ),
      // A Complete node shows that an input without new SMS is still completed (done called).
      { id: "completer", type: "complete", z: "f1", scope: [nid], wires: [["completed"]] },
      { id: "completed", type: "helper", z: "f1" },
    ];
  }

  async function load(node: Record<string, unknown> = {}): Promise<void> {
    await helper.load([deviceModule, smsInModule], flowWith(node), device(handle.sim, creds).credentials);
  }

  /** Two requests mean the first read was taken (a poller starts the next only after delivering). */
  async function baselineTaken(): Promise<void> {
    const before = requestsTo(handle.sim, GET);
    await until(() => requestsTo(handle.sim, GET) >= before + 2);
  }

  it("does not emit the SMS already on the SIM; emits a new SMS once, with sender, time, ids and topic", async () => {
    await load();
    await baselineTaken();
    const out = collect(helper.getNode("out"), 1);
    const before = Date.now();
    const ids = handle.sim.control.injectSms({ sender: "+4917012345678", content: "AP ON" });
    const [msg] = await out;
    assert.equal(msg.payload, "AP ON");
    assert.equal(msg.from, "+4917012345678");
    assert.deepEqual(msg.ids, ids);
    assert.equal(msg.topic, "sms/+4917012345678");
    assert.ok((msg.timestamp as number) >= Math.floor(before / 1000) * 1000 && (msg.timestamp as number) <= Date.now(), "timestamp in ms");
    assert.deepEqual(msg.peplink, { device: "sim", endpoint: GET, method: "GET", connId: 4, simId: 1 });
    // Several more polls: nothing again.
    const polled = requestsTo(handle.sim, GET);
    const again = maybeNext(helper.getNode("out"), 1000);
    await until(() => requestsTo(handle.sim, GET) >= polled + 3);
    assert.equal(await again, undefined, "the SMS is emitted once");
  });

  it("joins the parts of a multipart SMS in id order, and emits several new SMS oldest first", async () => {
    await load({ topic: "inbox" });
    await baselineTaken();
    const out = collect(helper.getNode("out"), 3);
    const first = handle.sim.control.injectSms({ sender: "+4917011111111", content: "first part, second part", parts: 2 });
    const long = "x".repeat(153) + "y".repeat(153) + "z".repeat(10);
    const second = handle.sim.control.injectSms({ sender: "+4917022222222", content: long });
    const third = handle.sim.control.injectSms({ sender: "988", content: "Balance: 5 EUR" });
    const msgs = await out;
    assert.equal(first.length, 2);
    assert.equal(second.length, 3, "a long text arrives in three parts");
    // The simulator stamps whole seconds: within one second the order is by id.
    const ordered = [...msgs].sort(
      (a, b) => (a.timestamp as number) - (b.timestamp as number) || (a.ids as number[])[0] - (b.ids as number[])[0],
    );
    assert.deepEqual(msgs, ordered, "oldest first");
    assert.deepEqual(
      msgs.map((m) => [m.from, m.payload, m.ids]),
      [
        ["+4917011111111", "first part, second part", first],
        ["+4917022222222", long, second],
        ["988", "Balance: 5 EUR", third],
      ],
    );
    assert.ok(msgs.every((m) => m.topic === "inbox"));
  });

  it("emits the SMS already on the SIM at start when asked, joined and oldest first", async () => {
    await load({ emitExisting: true });
    const msgs = await collect(helper.getNode("out"), 2);
    assert.deepEqual(
      msgs.map((m) => [m.from, m.payload, m.ids]),
      [
        ["+81325359875", "Multipart message part 1Multipart message part 2", [2, 6]],
        ["988", "The is the 1st line SMS,\nand this is the 2nd line.", [1]],
      ],
    );
    const stored = handle.sim.control.state.wans["4"].cellular!.sims["1"].sms.find((m) => m.id === 2)!;
    assert.equal(msgs[0].timestamp, stored.timestamp * 1000);
    assert.equal(await maybeNext(helper.getNode("out"), 600), undefined, "and only once");
  });

  it("does not emit again after a redeploy; emits what arrived while it was not polling", async () => {
    await load();
    await baselineTaken();
    const out = collect(helper.getNode("out"), 1);
    handle.sim.control.injectSms({ sender: "+4917012345678", content: "before redeploy" });
    await out;

    // Redeploy of the changed node (its context is kept, as in Node-RED).
    const silent = maybeNext(helper.getNode("out"), 800);
    await helper.setFlows(flowWith({ name: "renamed" }), "nodes", device(handle.sim, creds).credentials);
    await baselineTaken();
    assert.equal(await silent, undefined, "nothing re-emitted after the redeploy");

    // The node without a device does not poll (like Node-RED being down, with its context kept) …
    await helper.setFlows(flowWith({ device: "" }), "nodes", device(handle.sim, creds).credentials);
    const idle = requestsTo(handle.sim, GET);
    const missed = handle.sim.control.injectSms({ sender: "+4917099999999", content: "while down" });
    await new Promise((r) => setTimeout(r, 3 * INTERVAL * 1000));
    assert.equal(requestsTo(handle.sim, GET), idle, "no polling without a device");
    // … and back with the same context: the missed SMS is emitted, nothing older.
    const back = collect(helper.getNode("out"), 1);
    await helper.setFlows(flowWith(), "nodes", device(handle.sim, creds).credentials);
    const [msg] = await back;
    assert.equal(msg.payload, "while down");
    assert.deepEqual(msg.ids, missed);
    assert.equal(await maybeNext(helper.getNode("out"), 800), undefined, "only the missed SMS");
  });

  it("starts from the current inbox when nothing was saved, as after a restart with memory context", async () => {
    await load();
    await baselineTaken();
    // Deleting the node forgets what it saw: adding it again is a start with nothing saved,
    // which is what a restart with the default memory context store is.
    const creds1 = device(handle.sim, creds).credentials;
    await helper.setFlows(
      flowWith().filter((n) => n.id !== nid),
      "nodes",
      creds1,
    );
    handle.sim.control.injectSms({ sender: "+4917012345678", content: "while stopped" });
    await helper.setFlows(flowWith(), "nodes", creds1);
    await baselineTaken();
    assert.equal(await maybeNext(helper.getNode("out"), 600), undefined);
    const out = collect(helper.getNode("out"), 1);
    handle.sim.control.injectSms({ sender: "+4917012345678", content: "after start" });
    assert.equal((await out)[0].payload, "after start");
  });

  it("reads the inbox at once on input: new SMS each as a message, the input with payload null when nothing is new", async () => {
    await load({ interval: 3600 });
    await until(() => requestsTo(handle.sim, GET) >= 1);
    const n1 = helper.getNode(nid);
    // The first input finds nothing new (the start's read was the baseline, or this is): it comes back with payload null.
    const first = collect(helper.getNode("out"), 1);
    n1.receive({ payload: "check", topic: "mine" });
    const [nothing] = await first;
    assert.equal(nothing.payload, null);
    assert.equal(nothing.topic, "mine");
    const ids = handle.sim.control.injectSms({ sender: "+4917012345678", content: "AP OFF" });
    const out = collect(helper.getNode("out"), 1);
    const done = collect(helper.getNode("completed"), 1);
    n1.receive({ payload: "check" });
    const [msg] = await out;
    await done;
    assert.equal(msg.payload, "AP OFF");
    assert.deepEqual(msg.ids, ids);
    const again = collect(helper.getNode("out"), 1);
    n1.receive({});
    assert.equal((await again)[0].payload, null, "nothing new: the input comes back with payload null");
    // An input the router cannot answer gets its own error.
    handle.sim.control.injectFault({ kind: "http500", count: 1, endpoint: GET });
    const caught = collect(helper.getNode("caught"), 1);
    n1.receive({});
    assert.match(errorText((await caught)[0]), /^cmd\.sms\.get: .*HTTP 500/);
  });

  it("refuses a WAN that is not cellular, a missing WAN and bad settings without reading any inbox", async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [
        { connId: "1" },
        /^connId setting: WAN 1 \(WAN 1, ethernet\) is not a cellular WAN; cellular WANs on this router: 4 \(Cellular, cellular\)$/,
      ],
      [{ connId: "9" }, /^connId setting: WAN 9 does not exist on this router/],
      [{ connId: "" }, /^connId setting: is required/],
      [{ connId: "abc" }, /^connId setting: must be an integer from 1 to 255/],
      [{ interval: "soon" }, /^interval setting: must be a number of seconds from 0\.1 to 86400/],
      [{ interval: 0 }, /^interval setting: must be a number of seconds/],
    ];
    const logged = (): string[] =>
      (helper.log().args as Array<[LogEntry]>)
        .map((call) => call[0])
        .filter((entry) => entry.level === 20 && entry.id === nid)
        .map((entry) => String(entry.msg));
    for (const [settings, pattern] of cases) {
      // Without a Catch node every error is logged: one when the node starts (a setting to fix), one for an input.
      await helper.unload();
      const withoutCatch = flowWith(settings).filter((n) => n.id !== "catcher");
      await helper.load([deviceModule, smsInModule], withoutCatch, device(handle.sim, creds).credentials);
      await until(() => logged().length >= 1).catch(() => assert.fail(`${JSON.stringify(settings)}: no error at start`));
      helper.getNode(nid).receive({});
      await until(() => logged().length >= 2).catch(() => assert.fail(`${JSON.stringify(settings)}: no error for the input`));
      for (const e of logged()) assert.match(e, pattern, JSON.stringify(settings));
    }
    // With a Catch node, the error at start reaches it.
    await helper.unload();
    await load({ connId: "1" });
    const [atStart] = await collect(helper.getNode("caught"), 1);
    assert.match(errorText(atStart), /^connId setting: WAN 1 .* is not a cellular WAN/);
    assert.equal(requestsTo(handle.sim, GET), 0, "no inbox was read");
  });

  it("reports a poll outage once to Catch, keeps polling, and emits what arrived once the router answers", async () => {
    await load();
    await baselineTaken();
    handle.sim.control.injectFault({ kind: "http500", count: 4, endpoint: GET });
    const caught = collect(helper.getNode("caught"), 1);
    const red = statusMatching(helper.getNode(nid), (s) => s.fill === "red");
    const [err] = await caught;
    assert.match(errorText(err), /^cmd\.sms\.get: .*HTTP 500/);
    await red;
    const ids = handle.sim.control.injectSms({ sender: "+4917012345678", content: "after the outage" });
    const extraErrors = maybeNext(helper.getNode("caught"), 1500);
    const [msg] = await collect(helper.getNode("out"), 1);
    assert.deepEqual(msg.ids, ids);
    assert.equal(await extraErrors, undefined, "one error per outage");
    const infos = (helper.log().args as Array<[LogEntry]>).map((call) => call[0]).filter((e) => e.level === 40 && e.id === nid);
    assert.ok(
      infos.some((e) => /the router answers again/.test(String(e.msg))),
      "one info line on recovery",
    );
  });

  it("stops polling when closed", async () => {
    await load();
    await baselineTaken();
    await helper.unload();
    const after = requestsTo(handle.sim, GET);
    await new Promise((r) => setTimeout(r, 4 * INTERVAL * 1000));
    assert.equal(requestsTo(handle.sim, GET), after);
  });
});

describe("sms inbox reading", function () {
  it("groups parts by sender and timestamp, joins them by id, reads `message` or `content` and string numbers", () => {
    const inbox = readInbox({
      connId: "4",
      simId: 1,
      sms: [
        {
          sender: "+81325359875",
          message: [
            { id: 6, date: "Feb 05 01:55", timestamp: 1707098100, length: "24", message: "part 2" },
            { id: 2, date: "Feb 05 01:55", timestamp: 1707098100, length: "24", content: "part 1, " },
            { id: 9, date: "Feb 06 01:55", timestamp: "1707184500", length: 5, content: "later" },
          ],
        },
        { sender: "988", message: [{ id: 1, timestamp: 1707000000, length: "2", message: "hi" }] },
      ],
    });
    assert.equal(inbox.connId, 4);
    assert.equal(inbox.simId, 1);
    assert.deepEqual(
      inbox.messages.map((m) => [m.from, m.text, m.timestamp, m.parts.map((p) => p.id)]),
      [
        ["988", "hi", 1707000000, [1]],
        ["+81325359875", "part 1, part 2", 1707098100, [2, 6]],
        ["+81325359875", "later", 1707184500, [9]],
      ],
    );
  });

  it("reads an answer without messages as an empty inbox", () => {
    assert.deepEqual(readInbox({ connId: 4, simId: null }).messages, []);
    assert.deepEqual(readInbox(undefined).messages, []);
  });
});

describe("sms seen state", function () {
  const inbox = (...items: Array<[string, number, number, string]>) =>
    readInbox({
      connId: 4,
      simId: 1,
      sms: items.map(([sender, id, timestamp, message]) => ({
        sender,
        message: [{ id, timestamp, message, length: String(message.length) }],
      })),
    }).messages;

  it("takes the first read as the baseline, then emits only new messages", () => {
    const seen = new SeenInbox("dev:4", undefined, { emitExisting: false });
    assert.deepEqual(seen.update("1", inbox(["+1555", 1, 100, "old"])).fresh, []);
    const next = seen.update("1", inbox(["+1555", 1, 100, "old"], ["+1555", 2, 200, "new"]));
    assert.deepEqual(
      next.fresh.map((m) => m.text),
      ["new"],
    );
    assert.equal(next.changed, true);
    assert.equal(seen.update("1", inbox(["+1555", 1, 100, "old"], ["+1555", 2, 200, "new"])).changed, false);
  });

  it("emits what arrived meanwhile when saved state of the same device and WAN is found; ignores state of another", () => {
    const before = new SeenInbox("dev:4", undefined, { emitExisting: false });
    before.update("1", inbox(["+1555", 1, 100, "old"]));
    const saved = JSON.parse(JSON.stringify(before.snapshot())) as unknown;
    const restarted = new SeenInbox("dev:4", saved, { emitExisting: false });
    assert.deepEqual(
      restarted.update("1", inbox(["+1555", 1, 100, "old"], ["+1555", 2, 200, "meanwhile"])).fresh.map((m) => m.text),
      ["meanwhile"],
    );
    const otherWan = new SeenInbox("dev:3", saved, { emitExisting: false });
    assert.deepEqual(otherWan.update("1", inbox(["+1555", 1, 100, "old"], ["+1555", 2, 200, "meanwhile"])).fresh, []);
    assert.deepEqual(
      new SeenInbox("dev:4", { v: 2, junk: true }, { emitExisting: false }).update("1", inbox(["+1555", 1, 100, "old"])).fresh,
      [],
    );
  });

  it("with emitExisting emits the whole inbox at the first read only", () => {
    const seen = new SeenInbox("dev:4", undefined, { emitExisting: true });
    assert.deepEqual(
      seen.update("1", inbox(["+1555", 1, 100, "a"], ["+1555", 2, 200, "b"])).fresh.map((m) => m.text),
      ["a", "b"],
    );
    assert.deepEqual(seen.update("1", inbox(["+1555", 1, 100, "a"], ["+1555", 2, 200, "b"])).fresh, []);
  });

  it("takes a SIM read for the first time as a baseline of its own", () => {
    const seen = new SeenInbox("dev:4", undefined, { emitExisting: false });
    seen.update("1", inbox(["+1555", 1, 100, "on SIM A"]));
    assert.deepEqual(seen.update("2", inbox(["+1555", 1, 300, "on SIM B"])).fresh, []);
    assert.deepEqual(
      seen.update("1", inbox(["+1555", 1, 100, "on SIM A"], ["+1555", 3, 400, "new on A"])).fresh.map((m) => m.text),
      ["new on A"],
    );
  });

  it("treats a reused id with another sender or time as new, and a late part on its own", () => {
    const seen = new SeenInbox("dev:4", undefined, { emitExisting: false });
    seen.update("1", inbox(["+1555", 1, 100, "first"]));
    assert.deepEqual(
      seen.update("1", inbox(["+1666", 1, 500, "reused slot"])).fresh.map((m) => m.text),
      ["reused slot"],
    );
    const late = seen.update("1", inbox(["+1666", 1, 500, "reused slot"], ["+1666", 7, 500, " late part"])).fresh;
    assert.deepEqual(
      late.map((m) => [m.text, m.parts.map((p) => p.id)]),
      [[" late part", [7]]],
    );
  });

  it("forgets the oldest keys beyond its limit but never one still on the SIM", () => {
    const seen = new SeenInbox("dev:4", undefined, { emitExisting: false, maxKeys: 2 });
    seen.update("1", inbox(["+1555", 1, 100, "a"], ["+1555", 2, 200, "b"], ["+1555", 3, 300, "c"]));
    // All three are still on the SIM: none forgotten, none emitted again.
    assert.deepEqual(seen.update("1", inbox(["+1555", 1, 100, "a"], ["+1555", 2, 200, "b"], ["+1555", 3, 300, "c"])).fresh, []);
    // Once deleted from the SIM, old keys go.
    seen.update("1", inbox(["+1555", 3, 300, "c"], ["+1555", 4, 400, "d"]));
    assert.deepEqual(seen.snapshot().sims["1"], ["+1555|300|3", "+1555|400|4"]);
  });
});

describe("sms in examples", function () {
  const handle = useSimulator();
  afterEach(async () => {
    await helper.unload();
  });

  /** An example pointed at the test's simulator, its SMS in nodes polling faster. */
  function load(file: string): Promise<LoadedExample> {
    return loadExample(file, handle.sim, {
      change: (nodes) => {
        for (const n of nodes) if (n.type === "peplink-sms-in") n.interval = INTERVAL;
      },
    });
  }

  async function baselineTaken(): Promise<void> {
    await until(() => requestsTo(handle.sim, GET) >= 2);
  }

  it("sms-in.json shows an SMS and a 3-part SMS the simulator receives", async () => {
    await load("sms-in.json");
    await baselineTaken();
    const got = collect(helper.getNode("ex-smsin-debug"), 1);
    helper.getNode("ex-smsin-inject-sms").receive({});
    assert.equal((await got)[0].payload, "Hello router, this is an SMS");
    const long = collect(helper.getNode("ex-smsin-debug"), 1);
    helper.getNode("ex-smsin-inject-long").receive({});
    const [msg] = await long;
    assert.equal(msg.payload, "This long message was sent in three parts; the node joins them in order.");
    assert.equal((msg.ids as number[]).length, 3);
  });

  it('sms-command-ap.json switches the AP on a trusted "AP OFF" / "AP ON" and replies to the sender', async () => {
    await load("sms-command-ap.json");
    await baselineTaken();
    const states: Msg[] = [];
    helper.getNode("ex-smsap-debug-ap").on("input", (m: Msg) => states.push(m));
    handle.sim.control.injectSms({ sender: "+4915099999999", content: "AP OFF" }); // not trusted: ignored
    helper.getNode("ex-smsap-inject-off").receive({});
    // One SMS at a time: two from one sender within a second would be read as one multipart SMS.
    await until(() => states.length >= 1);
    assert.equal(handle.sim.control.state.ap.enable, false);
    helper.getNode("ex-smsap-inject-on").receive({});
    await until(() => states.length >= 2);
    assert.equal(handle.sim.control.state.ap.enable, true);
    assert.deepEqual(
      states.map((m) => [(m.payload as { enable: boolean }).enable, m.from]),
      [
        [false, "+4917012345678"],
        [true, "+4917012345678"],
      ],
    );
    // The AP node's answer goes back to the sender.
    await until(() => handle.sim.control.sentSms().length >= 2, "the replies");
    assert.deepEqual(
      handle.sim.control.sentSms().map((m) => [m.address, m.content]),
      [
        ["+4917012345678", "Wi-Fi AP is now OFF"],
        ["+4917012345678", "Wi-Fi AP is now ON"],
      ],
    );
  });
});
