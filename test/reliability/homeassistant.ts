/**
 * Bad commands from Home Assistant: peplink-homeassistant takes its commands
 * over MQTT, not as input messages, so its invalid inputs are payloads on its
 * command topics. Each must end in exactly one Catch-able error that names the
 * topic and the field and says what is allowed, short, and no command may
 * reach the router (its polls go on: only POSTs are counted).
 */
import * as assert from "node:assert/strict";
import { HaClient, brokerNode, startBroker, type Broker } from "../helpers/mqtt";
import { collect, errorText, helper } from "../helpers/node-red";
import { ALL_MODULES, HA_TYPE, SimBox, deviceNode, until } from "./harness";
import { tally } from "./tally";

const CLIENT = { clientId: "rel-ha-client", clientSecret: "rel-ha-secret" };
const ALLOWED_HINT = /\b(must|required|allowed|one of|no recipient|not a known field|no control|is not a|does not exist)\b/;
const MAX_MESSAGE = 600;
const K100 = "x".repeat(100_000);

/** Invalid payloads per control (the entity key's last part), plus the ones every control gets. */
const EVERY: Array<[string, string | Buffer]> = [
  ["empty", ""],
  ["100 kB", K100],
  ["not UTF-8", Buffer.from([0xff, 0xfe, 0x41])],
  ["NUL", "\u0000"],
  ["JSON object", "{}"],
];
const BY_CONTROL: Record<string, Array<[string, string]>> = {
  ap: [
    ["unknown word", "MAYBE"],
    ["read", "read"],
    ["with a newline", "ON\n"],
    ["number 2", "2"],
    ["lower-case word with spaces inside", "o n"],
  ],
  sim: [
    ["SIM C", "SIM C"],
    ["read", "read"],
    ["SIM 3", "3"],
    ["with a newline", "SIM A only\n"],
    ["sim3", "sim3"],
  ],
  priority: [
    ["0", "0"],
    ["100", "100"],
    ["-1", "-1"],
    ["1.5", "1.5"],
    ["two", "two"],
    ["1e2", "1e2"],
    ["spaces", "  "],
  ],
  reset: [
    ["lower case", "press"],
    ["trailing space", "PRESS "],
    ["1", "1"],
  ],
  rescan: [
    ["lower case", "press"],
    ["ON", "ON"],
  ],
  sms: [
    ["broken JSON", "{broken"],
    ["bad recipient", JSON.stringify({ to: "12345", message: "x" })],
    ["empty message", JSON.stringify({ to: "+4917012345678", message: "" })],
    ["unknown key", JSON.stringify({ to: "+4917012345678", message: "x", cc: 1 })],
    ["connId of an Ethernet WAN", JSON.stringify({ to: "+4917012345678", message: "x", connId: 1 })],
    ["connId 0", JSON.stringify({ to: "+4917012345678", message: "x", connId: 0 })],
    ["too long", "y".repeat(2000)],
    ["control character", "a\u0001b"],
    ["no recipient", "hello"],
  ],
};

export function badCommands(): void {
  describe("bad commands from Home Assistant: a clear error naming the field, nothing sent", function () {
    this.timeout(120_000);
    const box = new SimBox({ clients: [{ ...CLIENT, scope: "api" }] });
    let broker: Broker;
    let ha: HaClient;

    before(async () => {
      await box.start();
      broker = await startBroker();
      ha = await HaClient.connect(broker, "homeassistant/#");
    });
    after(async () => {
      await helper.unload();
      await ha.close();
      await broker.close();
      await box.stop();
    });

    it("every control refuses every invalid payload", async () => {
      const dev = deviceNode("hadev", box, { timeout: 5 });
      await helper.load(
        ALL_MODULES,
        [
          { id: "hatab", type: "tab", label: "bad commands" },
          dev,
          brokerNode(broker, { id: "hamqtt" }),
          {
            id: "ha",
            type: HA_TYPE,
            z: "hatab",
            name: "",
            device: "hadev",
            broker: "hamqtt",
            prefix: "homeassistant",
            baseTopic: "peplink",
            interval: 1,
            deviceName: "",
            smsTo: "",
            smsConnId: "",
            smsEvents: true,
            wires: [["haout"]],
          },
          { id: "haout", type: "helper", z: "hatab" },
          { id: "hacatch", type: "catch", z: "hatab", scope: null, uncaught: false, wires: [["hacaught"]] },
          { id: "hacaught", type: "helper", z: "hatab" },
        ],
        { hadev: CLIENT },
      );
      // The controls, as Home Assistant learns them: from the retained discovery configs.
      let controls: Array<{ key: string; topic: string }> = [];
      await until(() => {
        const configs = ha.messages
          .filter((m) => m.topic.endsWith("/config") && m.payload !== "")
          .map((m) => JSON.parse(m.payload) as Record<string, unknown>);
        controls = configs
          .filter((c) => typeof c.command_topic === "string")
          .map((c) => ({
            key: String(c.unique_id).split("_").slice(2).join("_"),
            topic: `${String(c["~"])}${String(c.command_topic).slice(1)}`,
          }));
        return controls.length >= 11;
      }, "the controls announced");
      const posts = (): number =>
        box.sim.control.log().filter((e) => e.method === "POST" && e.endpoint !== "auth.token.grant" && e.endpoint !== "login").length;
      const problems: string[] = [];
      const caught = helper.getNode("hacaught");
      for (const control of controls) {
        const kind = control.key.replace(/^wan\d+_/, "");
        const cases = [...EVERY, ...(BY_CONTROL[kind] ?? [])];
        assert.ok(BY_CONTROL[kind], `a table for ${control.key}`);
        for (const [name, payload] of cases) {
          const before = posts();
          const error = collect(caught, 1, 8000);
          await ha.client.publishAsync(control.topic, payload, { qos: 1 });
          const caughtMsgs = await error.catch(() => undefined);
          if (!caughtMsgs) {
            problems.push(`${control.key} ${name}: no Catch-able error`);
            continue;
          }
          const text = errorText(caughtMsgs[0]);
          tally.badInputs++;
          const prefix = `command on ${control.topic}: `;
          const rest = text.startsWith(prefix) ? text.slice(prefix.length) : "";
          if (!rest) problems.push(`${control.key} ${name}: error does not name the topic: ${text.slice(0, 200)}`);
          else if (!/^(payload|connId)(\.\w+|\[\d+\])*: /.test(rest))
            problems.push(`${control.key} ${name}: error does not name the field: ${rest.slice(0, 200)}`);
          if (!ALLOWED_HINT.test(rest)) problems.push(`${control.key} ${name}: error does not say what is allowed: ${rest.slice(0, 200)}`);
          if (text.length > MAX_MESSAGE) problems.push(`${control.key} ${name}: error of ${text.length} characters`);
          if (posts() !== before) problems.push(`${control.key} ${name}: a command reached the router`);
        }
      }
      assert.deepEqual(problems, []);
      assert.equal(posts(), 0, "no command reached the router");
    });
  });
}
