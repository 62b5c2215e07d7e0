/**
 * peplink-sms-send inside Node-RED against the simulator over HTTPS.
 */
import * as assert from "node:assert/strict";
import { PeplinkApiError, PeplinkHttpError } from "../../dist/api/errors";
import { sendToAll, outcomeError } from "../../dist/nodes/sms/send-all";
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
import { loadExample } from "../helpers/examples";
import { requestsTo, useSimulator } from "../helpers/simulator";

const smsSendModule = nodeModule("peplink-sms-send");
const SEND = "cmd.sms.sendMessage";

describe("peplink-sms-send node", function () {
  const handle = useSimulator();
  afterEach(async () => {
    await helper.unload();
  });

  async function load(
    node: Record<string, unknown> = {},
    options: { timeout?: number; creds?: Record<string, string> } = {},
  ): Promise<void> {
    const dev = device(handle.sim, options.creds ?? apiClient(handle.sim), { timeout: options.timeout ?? 10 });
    await helper.load(
      [deviceModule, smsSendModule],
      flow([{ id: "n1", type: "peplink-sms-send", device: "dev1", to: "", toType: "str", connId: "", wires: [["out"]], ...node }], dev),
      dev.credentials,
    );
  }

  function sent(): Array<{ address: string; content: string; connId: number }> {
    return handle.sim.control.sentSms().map(({ address, content, connId }) => ({ address, content, connId }));
  }

  it("sends msg.payload to the number of the To setting and outputs msg.sms", async () => {
    await load({ to: "+85235984335" });
    const out = collect(helper.getNode("out"), 1);
    const status = statusMatching(helper.getNode("n1"), (s) => /^sent to \+852…35 \d\d:\d\d$/.test(s.text ?? ""));
    helper.getNode("n1").receive({ payload: "Hello\nfrom the router" });
    const [msg] = await out;
    assert.equal(msg.payload, "Hello\nfrom the router");
    assert.deepEqual(msg.sms, { to: ["+85235984335"], sent: ["+85235984335"], failed: [] });
    assert.deepEqual(msg.peplink, { device: "sim", endpoint: SEND, method: "POST" });
    assert.equal(msg.topic, SEND);
    assert.deepEqual(sent(), [{ address: "+85235984335", content: "Hello\nfrom the router", connId: 4 }]);
    await status;
  });

  it("sends to several recipients in order, one request each, spaces and dashes removed, repeats once", async () => {
    await load({ to: "+852 3598-4335; +4917012345678,\n+85235984335, +1 555 0100" });
    const out = collect(helper.getNode("out"), 1);
    helper.getNode("n1").receive({ payload: 42 });
    const [msg] = await out;
    const to = ["+85235984335", "+4917012345678", "+15550100"];
    assert.equal(msg.payload, "42", "a number is sent as its text");
    assert.deepEqual(msg.sms, { to, sent: to, failed: [] });
    assert.deepEqual(
      sent(),
      to.map((address) => ({ address, content: "42", connId: 4 })),
    );
    assert.equal(requestsTo(handle.sim, SEND), 3);
  });

  it("takes recipients from msg.to (list) or msg.address, and the WAN from msg.connId", async () => {
    await load({ to: "+85235984335" });
    const out = collect(helper.getNode("out"), 2);
    helper.getNode("n1").receive({ payload: "a", to: ["+4917011111111", "+4917022222222"], connId: 4 });
    helper.getNode("n1").receive({ payload: "b", address: "+4917033333333", topic: "mine" });
    // Messages run concurrently (the first waits for the WAN check): find each by its text.
    const msgs = await out;
    const first = msgs.find((m) => m.payload === "a");
    const second = msgs.find((m) => m.payload === "b");
    assert.deepEqual(first!.sms, {
      to: ["+4917011111111", "+4917022222222"],
      sent: ["+4917011111111", "+4917022222222"],
      failed: [],
      connId: 4,
    });
    assert.equal(second!.topic, "mine");
    const addresses = sent().map((s) => s.address);
    assert.deepEqual([...addresses].sort(), ["+4917011111111", "+4917022222222", "+4917033333333"]);
    assert.ok(addresses.indexOf("+4917011111111") < addresses.indexOf("+4917022222222"), "a list is sent in order");
  });

  it("evaluates a typed To setting (env)", async () => {
    process.env.PEPLINK_TEST_SMS_TO = "+4917012345678";
    try {
      await load({ to: "PEPLINK_TEST_SMS_TO", toType: "env" });
      const out = collect(helper.getNode("out"), 1);
      helper.getNode("n1").receive({ payload: "hi" });
      await out;
      assert.deepEqual(sent(), [{ address: "+4917012345678", content: "hi", connId: 4 }]);
    } finally {
      delete process.env.PEPLINK_TEST_SMS_TO;
    }
  });

  it("uses the Cellular WAN setting, checked once, and refuses a WAN that is not cellular without sending", async () => {
    await load({ to: "+85235984335", connId: "4" });
    const n1 = helper.getNode("n1");
    const out = collect(helper.getNode("out"), 2);
    n1.receive({ payload: "one" });
    n1.receive({ payload: "two" });
    const msgs = await out;
    assert.equal((msgs[0].sms as { connId: number }).connId, 4);
    assert.equal(requestsTo(handle.sim, "status.wan.connection"), 1, "the WAN kind is checked once");

    const caught = collect(helper.getNode("caught"), 2);
    const none = maybeNext(helper.getNode("out"), 300);
    n1.receive({ payload: "three", connId: 1 });
    n1.receive({ payload: "four", connId: 9 });
    const errors = (await caught).map(errorText);
    assert.match(
      errors[0],
      /^connId: WAN 1 \(WAN 1, ethernet\) is not a cellular WAN; cellular WANs on this router: 4 \(Cellular, cellular\)$/,
    );
    assert.match(errors[1], /^connId: WAN 9 does not exist on this router; cellular WANs on this router: 4 /);
    assert.equal(await none, undefined);
    assert.equal(requestsTo(handle.sim, SEND), 2, "nothing sent for the wrong WANs");
  });

  it("rejects bad recipients, naming the field, before sending anything", async () => {
    await load({ to: "+85235984335" });
    const bad: Array<[Msg, RegExp]> = [
      [{ to: "85235984335" }, /^to: must be "\+" then 2 to 15 digits/],
      [{ to: "+0123" }, /^to: must be "\+"/],
      [{ to: "+1" }, /^to: must be "\+"/],
      [{ to: "+1234567890123456" }, /^to: must be "\+"/],
      [{ to: "+12a4" }, /^to: must be "\+"/],
      [{ to: "" }, /^to: must be a phone number/],
      [{ to: 42 }, /^to: must be a phone number as text .*\(got 42\)$/],
      [{ to: null }, /^to: .*\(got null\)$/],
      [{ to: ["+85212345678", "bad"] }, /^to\[1\]: must be "\+".*\(got "bad"\)$/],
      [{ to: "+85212345678, bad" }, /^to\[1\]: must be "\+"/],
      [{ to: "+".padEnd(100_000, "1") }, /^to: must be at most 100 phone numbers \(got a string of 100000 characters\)$/],
      [{ to: [] }, /^to: must be a list of 1 to 100/],
      [{ to: { number: "+85212345678" } }, /^to: .*\(got a object\)$/],
      [{ to: "0085212345678" }, /write "\+" instead of the leading 00/],
      [{ to: "+44 (0)20 7946 0000" }, /^to: must be "\+"/],
      [{ address: "+1" }, /^address: must be "\+"/],
      [{ address: [42] }, /^address\[0\]: must be a phone number/],
      [{ to: "+85212345678", address: "+85212345678" }, /^to: give the recipients in msg\.to or in msg\.address, not both$/],
      [{ to: Array.from({ length: 101 }, (_, i) => `+4917000000${String(i).padStart(3, "0")}`) }, /^to: must be a list of 1 to 100/],
    ];
    const caught = collect(helper.getNode("caught"), bad.length);
    const none = maybeNext(helper.getNode("out"), 300);
    for (const [msg] of bad) helper.getNode("n1").receive({ payload: "hello", ...msg });
    const errors = (await caught).map(errorText);
    bad.forEach(([, pattern], i) => assert.match(errors[i], pattern, `case ${i}: ${errors[i]}`));
    assert.equal(await none, undefined, "no output for bad input");
    assert.equal(requestsTo(handle.sim, SEND), 0, "no SMS request was sent");
  });

  it("rejects a missing recipient and bad settings before sending anything", async () => {
    await load({ to: "" });
    const caught = collect(helper.getNode("caught"), 1);
    helper.getNode("n1").receive({ payload: "hello" });
    assert.match(errorText((await caught)[0]), /^to: no recipient/);
    await helper.unload();

    await load({ to: "+85235984335", connId: "abc" });
    const caught2 = collect(helper.getNode("caught"), 1);
    helper.getNode("n1").receive({ payload: "hello" });
    assert.match(errorText((await caught2)[0]), /^connId setting: must be an integer from 1 to 255/);
    assert.equal(requestsTo(handle.sim, SEND), 0);
  });

  it("rejects bad text (empty, control characters, too long, objects) before sending anything", async () => {
    await load({ to: "+85235984335" });
    const bad: Array<[unknown, RegExp]> = [
      ["", /^payload: must be a non-empty text/],
      ["  \n ", /^payload: must be a non-empty text/],
      ["bell\u0007", /^payload: must be text without control characters/],
      ["nul\u0000", /^payload: must be text without control characters/],
      ["lone\rreturn", /^payload: must be text without control characters/],
      ["x".repeat(1531), /^payload: must be at most 1530 characters \(got a string of 1531 characters\)$/],
      ["😀".repeat(671), /^payload: must be at most 670 characters when it has characters outside the GSM alphabet/],
      ["é".repeat(100_000), /^payload: must be at most 1530 characters \(got a string of 100000 characters\)$/],
      [{ text: "hi" }, /^payload: must be the SMS text/],
      [["hi"], /^payload: must be the SMS text/],
      [null, /^payload: must be the SMS text/],
      [undefined, /^payload: must be the SMS text/],
      [Number.NaN, /^payload: must be the SMS text/],
      [Buffer.from("hi"), /^payload: must be the SMS text/],
    ];
    const caught = collect(helper.getNode("caught"), bad.length);
    for (const [payload] of bad) helper.getNode("n1").receive({ payload });
    const errors = (await caught).map(errorText);
    bad.forEach(([, pattern], i) => assert.match(errors[i], pattern, `case ${i}: ${errors[i]}`));
    assert.equal(requestsTo(handle.sim, SEND), 0, "no SMS request was sent");
  });

  it("sends the longest texts the router takes, and Windows line ends as newlines", async () => {
    await load({ to: "+85235984335" });
    const out = collect(helper.getNode("out"), 3);
    helper.getNode("n1").receive({ payload: "g".repeat(1530) });
    helper.getNode("n1").receive({ payload: "😀".repeat(670) });
    helper.getNode("n1").receive({ payload: "a\r\nb\tc" });
    await out;
    const contents = sent().map((s) => s.content);
    assert.deepEqual(
      contents.map((c) => Array.from(c).length).sort((a, b) => a - b),
      [5, 670, 1530],
    );
    assert.ok(contents.includes("a\nb\tc"));
  });

  it("reports device failures (HTTP 500, web page, no answer) to Catch without output, then recovers", async () => {
    await load({ to: "+85235984335" }, { timeout: 1 });
    const n1 = helper.getNode("n1");
    const ok = collect(helper.getNode("out"), 1);
    n1.receive({ payload: "warm up" });
    await ok;
    handle.sim.control.injectFault({ kind: "http500", count: 1, endpoint: SEND });
    handle.sim.control.injectFault({ kind: "html", count: 1, endpoint: SEND });
    handle.sim.control.injectFault({ kind: "hang", count: 1, endpoint: SEND });
    const caught = collect(helper.getNode("caught"), 3);
    const none = maybeNext(helper.getNode("out"), 300);
    n1.receive({ payload: "one" });
    n1.receive({ payload: "two" });
    n1.receive({ payload: "three" });
    const errors = (await caught).map(errorText);
    assert.equal(await none, undefined, "no output for a failed send");
    assert.ok(
      errors.some((e) => /^cmd\.sms\.sendMessage: .*HTTP 500/.test(e)),
      errors.join("\n"),
    );
    assert.ok(
      errors.some((e) => /^cmd\.sms\.sendMessage: .*web page, not the API/.test(e)),
      errors.join("\n"),
    );
    assert.ok(
      errors.some((e) => /^cmd\.sms\.sendMessage: /.test(e) && !/HTTP 500|web page/.test(e)),
      errors.join("\n"),
    );
    const again = collect(helper.getNode("out"), 1);
    n1.receive({ payload: "back" });
    await again;
    assert.deepEqual(
      sent().map((s) => s.content),
      ["warm up", "back"],
    );
  });

  it("names who got the SMS and who did not when a recipient fails; the Catch message has msg.sms", async () => {
    await load({ to: "+4917011111111, +4917022222222, +4917033333333" });
    // First send passes (a zero latency fault), the second gets HTTP 500: the third is not tried.
    handle.sim.control.injectFault({ kind: "latency", latencyMs: 0, count: 1, endpoint: SEND });
    handle.sim.control.injectFault({ kind: "http500", count: 1, endpoint: SEND });
    const caught = collect(helper.getNode("caught"), 1);
    const none = maybeNext(helper.getNode("out"), 300);
    helper.getNode("n1").receive({ payload: "alert" });
    const [err] = await caught;
    assert.match(
      errorText(err),
      /^cmd\.sms\.sendMessage: failed for 2 of 3 recipients: \+4917022222222 \(the router answered HTTP 500.*\); not sent after that failure: \+4917033333333; sent to \+4917011111111$/,
    );
    assert.deepEqual(err.sms, {
      to: ["+4917011111111", "+4917022222222", "+4917033333333"],
      sent: ["+4917011111111"],
      failed: ["+4917022222222", "+4917033333333"],
    });
    assert.equal(await none, undefined);
    assert.deepEqual(
      sent().map((s) => s.address),
      ["+4917011111111"],
    );
  });

  it("fails a send from a read-only client without sending it", async () => {
    await load({ to: "+85235984335" }, { creds: apiClient(handle.sim, "api.read-only") });
    const caught = collect(helper.getNode("caught"), 1);
    helper.getNode("n1").receive({ payload: "hi" });
    assert.match(errorText((await caught)[0]), /^cmd\.sms\.sendMessage: not sent/);
    assert.equal(requestsTo(handle.sim, SEND), 0);
  });

  it("accounts for every message of a burst of 200 (sent or Catch), within the device's concurrency limit", async () => {
    await load({ to: "+85235984335" });
    handle.sim.control.injectFault({ kind: "http500", count: 5, endpoint: SEND });
    const n1 = helper.getNode("n1");
    const total = 200;
    const outputs: Msg[] = [];
    const errors: Msg[] = [];
    const all = new Promise<void>((resolve) => {
      const check = (): void => {
        if (outputs.length + errors.length === total) resolve();
      };
      helper.getNode("out").on("input", (m: Msg) => {
        outputs.push(m);
        check();
      });
      helper.getNode("caught").on("input", (m: Msg) => {
        errors.push(m);
        check();
      });
    });
    for (let i = 0; i < total; i++) n1.receive({ payload: `message ${i}` });
    await all;
    assert.equal(errors.length, 5, "the five injected failures");
    assert.equal(outputs.length, 195);
    const contents = new Set([...outputs, ...errors].map((m) => m.payload));
    assert.equal(contents.size, total, "every message accounted for once");
    assert.equal(handle.sim.control.sentSms().length, 195);
    assert.equal(requestsTo(handle.sim, SEND), total);
    assert.ok(handle.sim.control.counters().inFlightPeak <= 2, `in-flight peak ${handle.sim.control.counters().inFlightPeak}`);
  });
});

describe("sms send-all (several recipients)", function () {
  it("goes on after the router refuses one recipient, and stops after a failure of the router", async () => {
    const tried: string[] = [];
    const refused = await sendToAll(
      async (p) => {
        tried.push(p.address);
        if (p.address === "+4917022222222") throw new PeplinkApiError("cmd.sms.sendMessage", 400, "Invalid address");
      },
      ["+4917011111111", "+4917022222222", "+4917033333333"],
      "hi",
      4,
    );
    assert.deepEqual(tried, ["+4917011111111", "+4917022222222", "+4917033333333"]);
    assert.deepEqual(refused.sent, ["+4917011111111", "+4917033333333"]);
    assert.deepEqual(refused.notSent, []);
    assert.equal(
      outcomeError(refused, 3)!.message,
      "cmd.sms.sendMessage: failed for 1 of 3 recipients: +4917022222222 (Invalid address (code 400)); sent to +4917011111111, +4917033333333",
    );

    const stopped = await sendToAll(
      async () => {
        throw new PeplinkHttpError("cmd.sms.sendMessage", 500, "Internal Server Error");
      },
      ["+4917011111111", "+4917022222222"],
      "hi",
      undefined,
    );
    assert.equal(stopped.failed.length, 1);
    assert.deepEqual(stopped.notSent, ["+4917022222222"]);
    assert.match(outcomeError(stopped, 2)!.message, /not sent after that failure: \+4917022222222; sent to none$/);
  });

  it("reports a single recipient's failure as the router's own error", async () => {
    const error = new PeplinkApiError("cmd.sms.sendMessage", 400, "Invalid address");
    const outcome = await sendToAll(
      async () => {
        throw error;
      },
      ["+4917011111111"],
      "hi",
      undefined,
    );
    assert.equal(outcomeError(outcome, 1), error);
    assert.equal(outcomeError({ sent: ["+4917011111111"], failed: [], notSent: [] }, 1), undefined);
  });
});

describe("sms send examples", function () {
  const handle = useSimulator();
  afterEach(async () => {
    await helper.unload();
  });

  it("sms-send.json sends to one number, to a msg.to list, reports a bad number and lists what the simulator sent", async () => {
    await loadExample("sms-send.json", handle.sim);
    const sent = collect(helper.getNode("ex-smssend-debug"), 2);
    helper.getNode("ex-smssend-inject-one").receive({});
    helper.getNode("ex-smssend-inject-list").receive({});
    const results = (await sent).map((m) => m.sms as { sent: string[] });
    assert.deepEqual(results.map((r) => r.sent.length).sort(), [1, 2]);
    const errors = collect(helper.getNode("ex-smssend-debug-errors"), 1);
    helper.getNode("ex-smssend-inject-bad").receive({});
    assert.match(errorText((await errors)[0]), /^to: must be "\+"/);
    const listed = collect(helper.getNode("ex-smssend-debug-sent"), 1);
    helper.getNode("ex-smssend-inject-sent").receive({});
    const list = (await listed)[0].payload as Array<{ address: string }>;
    assert.deepEqual(list.map((m) => m.address).sort(), ["+447700900123", "+4917011111111", "+4917012345678"]);
  });

  it("wan-failure-sms-alert.json turns a WAN event into an alert SMS", async () => {
    // Without the WAN events node, the switch gets exactly the events below.
    await loadExample("wan-failure-sms-alert.json", handle.sim, {
      change: (nodes) => nodes.filter((n) => n.type !== "peplink-wan-events"),
    });
    const sent = collect(helper.getNode("ex-wanalert-debug-sent"), 2);
    const ignored = { connId: 3, name: "Wi-Fi WAN", state: "connecting", previousState: "disconnected", event: "change" };
    helper.getNode("ex-wanalert-switch").receive({ topic: "wan/3", payload: ignored });
    helper.getNode("ex-wanalert-switch").receive({
      topic: "wan/1",
      payload: { connId: 1, name: "WAN 1", state: "disconnected", previousState: "connected", event: "change" },
    });
    helper
      .getNode("ex-wanalert-switch")
      .receive({ topic: "wan/4", payload: { connId: 4, name: "Cellular", state: "connected", previousState: null, event: "change" } });
    await sent;
    assert.deepEqual(
      handle.sim.control
        .sentSms()
        .map((m) => [m.address, m.content])
        .sort(),
      [
        ["+4917012345678", "Router alert: Cellular is connected"],
        ["+4917012345678", "Router alert: WAN 1 is disconnected (was connected)"],
      ],
    );
  });

  it("wan-failure-sms-alert.json: unplugging WAN 1 of the simulator sends an alert for it and for the WANs that take over", async () => {
    await loadExample("wan-failure-sms-alert.json", handle.sim, {
      // The example checks every 5 s; 1 s keeps the test short.
      change: (nodes) => {
        for (const n of nodes) if (n.type === "peplink-wan-events") n.interval = 1;
      },
    });
    await until(() => requestsTo(handle.sim, "status.wan.connection") >= 2, "the first WAN check done");
    const sent = collect(helper.getNode("ex-wanalert-debug-sent"), 3);
    helper.getNode("ex-wanalert-inject-unplug").receive({});
    await sent;
    assert.deepEqual(
      handle.sim.control
        .sentSms()
        .map((m) => [m.address, m.content])
        .sort(),
      [
        ["+4917012345678", "Router alert: Cellular is connected (was standby)"],
        ["+4917012345678", "Router alert: WAN 1 is disconnected (was connected)"],
        ["+4917012345678", "Router alert: WAN 2 is connected (was standby)"],
      ],
    );
  });
});
