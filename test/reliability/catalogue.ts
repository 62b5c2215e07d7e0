/**
 * The node catalogue of the reliability suite: for each of the 11 flow node
 * types, a configuration that works against the simulator, a good input
 * message, and a table of invalid inputs (from the message, or from the
 * node's settings when the message carries nothing the node reads).
 *
 * The per-node specs in test/nodes/ are the source of truth for behaviour;
 * this table only has to be broad: wrong types, out-of-range numbers, missing
 * required fields, empty strings, 100 kB strings, control characters and
 * newlines, unknown enum values, and connection IDs of the wrong kind of WAN.
 *
 * "Output" for a node that sends several messages per input (peplink-wan-events
 * re-emits every watched WAN) means "one or more output messages"; every other
 * node sends exactly one message per input or one error.
 */
export type Msg = Record<string, unknown>;

export interface BadInput {
  /** Short description for reports. */
  name: string;
  /** The message sent (default: the descriptor's good input). */
  msg?: Msg;
  /** Settings that replace the node's working ones (a separate deploy). */
  config?: Record<string, unknown>;
  /** The error must start with `<field>: `. */
  field: string;
  /** A secret the error must not contain (keys, passwords). */
  secret?: string;
}

export interface NodeDescriptor {
  type: string;
  /** Node properties besides id, type, device, wires. */
  config: Record<string, unknown>;
  /** Node credentials (Wi-Fi key…). */
  credentials?: Record<string, string>;
  /** A message the node answers with an output against a fresh simulator. */
  good: Msg;
  /** One input may give several output messages (counted as one output). */
  multi?: boolean;
  /** The node polls the router on its own (status, wan-events, sms-in). */
  polls?: boolean;
  /** The node reads the router's WAN list at start (wan-directory.ts): wait for it before clearing the log. */
  warmsWans?: boolean;
  /** A message that fills the node's caches (WAN list, GPIO map) before the bad inputs. */
  warmInput?: Msg;
  /** Settings for the bad-input run when they differ from `config` (e.g. no polling). */
  badInputConfig?: Record<string, unknown>;
  bad: BadInput[];
}

const K100 = "x".repeat(100_000);
const D100 = "1".repeat(100_000);

/** Cases shared by every node that takes msg.connId for a cellular WAN. */
function cellularConnIds(extra: Msg = {}): BadInput[] {
  return [
    { name: "connId of an Ethernet WAN", msg: { ...extra, connId: 1 }, field: "connId" },
    { name: "connId of the Wi-Fi WAN", msg: { ...extra, connId: 3 }, field: "connId" },
    { name: "connId of a USB modem WAN", msg: { ...extra, connId: 5 }, field: "connId" },
    { name: "connId of a WAN that does not exist", msg: { ...extra, connId: 99 }, field: "connId" },
    { name: "connId 0", msg: { ...extra, connId: 0 }, field: "connId" },
    { name: "connId 256", msg: { ...extra, connId: 256 }, field: "connId" },
    { name: "connId -4", msg: { ...extra, connId: -4 }, field: "connId" },
    { name: "connId 4.5", msg: { ...extra, connId: 4.5 }, field: "connId" },
    { name: "connId text", msg: { ...extra, connId: "four" }, field: "connId" },
    { name: "connId empty string", msg: { ...extra, connId: "" }, field: "connId" },
    { name: "connId with a newline", msg: { ...extra, connId: "4\n" }, field: "connId" },
    { name: "connId 100 kB", msg: { ...extra, connId: D100 }, field: "connId" },
    { name: "connId object", msg: { ...extra, connId: { id: 4 } }, field: "connId" },
    { name: "connId null", msg: { ...extra, connId: null }, field: "connId" },
  ];
}

export const CATALOGUE: NodeDescriptor[] = [
  {
    type: "peplink-api",
    config: { method: "GET", endpoint: "status.wan.connection", params: "", afterWrite: "none", topic: "" },
    good: { payload: { id: [1, 2] } },
    bad: [
      { name: "unknown method", msg: { method: "PUT" }, field: "method" },
      { name: "method as a number", msg: { method: 42 }, field: "method" },
      { name: "empty method", msg: { method: "" }, field: "method" },
      { name: "lower-case method", msg: { method: "get" }, field: "method" },
      { name: "empty endpoint", msg: { endpoint: "" }, field: "endpoint" },
      { name: "endpoint as a number", msg: { endpoint: 42 }, field: "endpoint" },
      { name: "endpoint 100 kB", msg: { endpoint: K100 }, field: "endpoint" },
      { name: "endpoint with a newline", msg: { endpoint: "status.wan\nconnection" }, field: "endpoint" },
      { name: "endpoint with a NUL", msg: { endpoint: "status.wan\u0000connection" }, field: "endpoint" },
      { name: "endpoint with a path", msg: { endpoint: "../admin" }, field: "endpoint" },
      { name: "endpoint with a query", msg: { endpoint: "status.wan.connection?id=1" }, field: "endpoint" },
      { name: "endpoint with spaces", msg: { endpoint: "status wan" }, field: "endpoint" },
      { name: "endpoint login (the client's own)", msg: { method: "POST", endpoint: "login" }, field: "endpoint" },
      { name: "endpoint auth.token.grant", msg: { method: "POST", endpoint: "auth.token.grant" }, field: "endpoint" },
      { name: "endpoint LOGIN (upper case)", msg: { method: "POST", endpoint: "LOGIN" }, field: "endpoint" },
      {
        name: "endpoint auth.Token.grant (mixed case)",
        msg: { method: "POST", endpoint: "auth.Token.grant", payload: { clientId: "x", clientSecret: "y" } },
        field: "endpoint",
      },
      {
        name: "payload with a __proto__ key",
        msg: { method: "POST", endpoint: "cmd.ap", payload: JSON.parse('{"enable":false,"__proto__":{"x":1}}') as object },
        field: "payload.__proto__",
      },
      {
        name: "payload with a nested constructor key",
        msg: { method: "POST", endpoint: "cmd.ap", payload: { a: { constructor: { prototype: {} } } } },
        field: "payload.a.constructor",
      },
      { name: "query with a prototype key", msg: { payload: { prototype: 1 } }, field: "payload.prototype" },
      { name: "unknown apply value", msg: { method: "POST", endpoint: "cmd.ap", apply: "sometimes" }, field: "apply" },
      { name: "apply as a number", msg: { method: "POST", endpoint: "cmd.ap", apply: 1 }, field: "apply" },
      { name: "payload array", msg: { payload: [1, 2] }, field: "payload" },
      { name: "params setting not JSON", config: { params: "{id: [1" }, field: "params" },
      { name: "params setting an array", config: { params: "[1, 2]" }, field: "params" },
      { name: "unknown afterWrite setting", config: { afterWrite: "sometimes" }, field: "afterWrite setting" },
      { name: "method setting DELETE", config: { method: "DELETE" }, field: "method setting" },
      { name: "empty endpoint setting", config: { endpoint: "" }, field: "endpoint setting" },
    ],
  },
  {
    type: "peplink-ap",
    config: { action: "read", topic: "" },
    good: { payload: "on" },
    bad: [
      { name: "unknown word", msg: { payload: "maybe" }, field: "payload" },
      { name: "word with a newline", msg: { payload: "on\n" }, field: "payload" },
      { name: "word with a NUL", msg: { payload: "o\u0000n" }, field: "payload" },
      { name: "word with a tab", msg: { payload: "\toff" }, field: "payload" },
      { name: "number 2", msg: { payload: 2 }, field: "payload" },
      { name: "number -1", msg: { payload: -1 }, field: "payload" },
      { name: "number 0.5", msg: { payload: 0.5 }, field: "payload" },
      { name: "number just below a timestamp", msg: { payload: 999_999_999 }, field: "payload" },
      { name: "NaN", msg: { payload: Number.NaN }, field: "payload" },
      { name: "object", msg: { payload: { enable: true } }, field: "payload" },
      { name: "array", msg: { payload: [true] }, field: "payload" },
      { name: "100 kB string", msg: { payload: K100 }, field: "payload" },
      { name: "unknown action setting", config: { action: "blink" }, msg: {}, field: "action setting" },
    ],
  },
  {
    type: "peplink-sim",
    config: { connId: "4", action: "read", topic: "" },
    good: { payload: "prefer1" },
    warmsWans: true,
    bad: [
      { name: "SIM 3", msg: { payload: 3 }, field: "payload" },
      { name: "SIM 0", msg: { payload: 0 }, field: "payload" },
      { name: "SIM 1.5", msg: { payload: 1.5 }, field: "payload" },
      { name: 'SIM "3"', msg: { payload: "3" }, field: "payload" },
      { name: "unknown action word", msg: { payload: "sim3" }, field: "payload" },
      { name: "word with a newline", msg: { payload: "both\n" }, field: "payload" },
      { name: "word with a NUL", msg: { payload: "sim\u00001" }, field: "payload" },
      { name: "boolean", msg: { payload: true }, field: "payload" },
      { name: "array", msg: { payload: [1, 2] }, field: "payload" },
      { name: "100 kB string", msg: { payload: K100 }, field: "payload" },
      { name: "empty object", msg: { payload: {} }, field: "payload" },
      { name: "empty SIM list", msg: { payload: { enabledSim: [] } }, field: "payload.enabledSim" },
      { name: "SIM listed twice", msg: { payload: { enabledSim: [1, 1] } }, field: "payload.enabledSim" },
      { name: "SIM 3 in a list", msg: { payload: { enabledSim: [3] } }, field: "payload.enabledSim[0]" },
      { name: "SIM list of text", msg: { payload: { enabledSim: "x" } }, field: "payload.enabledSim[0]" },
      { name: "preferred SIM not enabled", msg: { payload: { enabledSim: [1], preferredSim: 2 } }, field: "payload.preferredSim" },
      { name: "preferred SIM 3", msg: { payload: { preferredSim: 3 } }, field: "payload.preferredSim" },
      { name: "preferred SIM empty string", msg: { payload: { preferredSim: "" } }, field: "payload.preferredSim" },
      { name: "unknown key", msg: { payload: { enabledSm: [1] } }, field: "payload.enabledSm" },
      ...cellularConnIds(),
      { name: "connId setting of an Ethernet WAN", config: { connId: "1" }, msg: {}, field: "connId setting" },
      { name: "connId setting missing", config: { connId: "" }, msg: {}, field: "connId" },
      { name: "unknown action setting", config: { action: "sim3" }, msg: {}, field: "action setting" },
    ],
  },
  {
    type: "peplink-wifi",
    config: { action: "connect", connId: "3", ssid: "Depot Wi-Fi", ssidType: "str", securityPolicy: "", timeout: 5, topic: "" },
    good: { payload: 1_700_000_000_000 },
    warmsWans: true,
    bad: [
      { name: "unknown action", msg: { action: "join" }, field: "action" },
      { name: "action as a number", msg: { action: 42 }, field: "action" },
      { name: "empty action", msg: { action: "" }, field: "action" },
      { name: "connId of an Ethernet WAN", msg: { connId: 1 }, field: "connId" },
      { name: "connId of the cellular WAN", msg: { connId: 4 }, field: "connId" },
      { name: "connId of a WAN that does not exist", msg: { connId: 99 }, field: "connId" },
      { name: "connId 0", msg: { connId: 0 }, field: "connId" },
      { name: "connId text", msg: { connId: "three" }, field: "connId" },
      { name: "connId 100 kB", msg: { connId: D100 }, field: "connId" },
      { name: "payload array", msg: { payload: ["Depot Wi-Fi"] }, field: "payload" },
      { name: "empty SSID", msg: { payload: { ssid: "" } }, field: "payload.ssid" },
      { name: "SSID of 33 bytes", msg: { payload: { ssid: "s".repeat(33) } }, field: "payload.ssid" },
      { name: "SSID with a newline", msg: { payload: { ssid: "Depot\nWi-Fi" } }, field: "payload.ssid" },
      { name: "SSID as a number", msg: { payload: { ssid: 42 } }, field: "payload.ssid" },
      { name: "SSID 100 kB", msg: { payload: { ssid: K100 } }, field: "payload.ssid" },
      {
        name: "unknown security policy",
        msg: { payload: { ssid: "Office WPA2", securityPolicy: "wpa9" } },
        field: "payload.securityPolicy",
      },
      {
        name: "WPA key too short",
        msg: { payload: { ssid: "Office WPA2", securityPolicy: "wpa-psk", key: "short-k" } },
        field: "payload.key",
        secret: "short-k",
      },
      {
        name: "WPA key 100 kB",
        msg: { payload: { ssid: "Office WPA2", securityPolicy: "wpa-psk", key: `secret-${K100}` } },
        field: "payload.key",
        secret: "secret-xxxx",
      },
      {
        name: "WPA key with a newline",
        msg: { payload: { ssid: "Office WPA2", securityPolicy: "wpa-psk", key: "secret-key\n42" } },
        field: "payload.key",
        secret: "secret-key",
      },
      {
        name: "WPA key as a number",
        msg: { payload: { ssid: "Office WPA2", securityPolicy: "wpa-psk", key: 12345678 } },
        field: "payload.key",
        secret: "12345678",
      },
      {
        name: "key without a policy",
        msg: { payload: { key: "some-wifi-key" } },
        field: "payload.securityPolicy",
        secret: "some-wifi-key",
      },
      {
        name: "key with an open network",
        msg: { payload: { ssid: "Cafe Guest", securityPolicy: "open", key: "cafe-key-123" } },
        field: "payload.key",
        secret: "cafe-key-123",
      },
      {
        name: "empty EAP password",
        msg: { payload: { ssid: "Campus EAP", securityPolicy: "wpa-eap", loginId: "student", password: "" } },
        field: "payload.password",
      },
      {
        name: "EAP password with a newline",
        msg: { payload: { ssid: "Campus EAP", securityPolicy: "wpa-eap", loginId: "student", password: "eap-pass\n1" } },
        field: "payload.password",
        secret: "eap-pass",
      },
      {
        name: "login ID for an open network",
        msg: { payload: { ssid: "Cafe Guest", securityPolicy: "open", loginId: "student" } },
        field: "payload.loginId",
      },
      {
        name: "unknown EAP method",
        msg: { payload: { ssid: "Campus EAP", securityPolicy: "wpa-eap", loginId: "s", password: "p", eapMethod: "MD5" } },
        field: "payload.eapMethod",
      },
      { name: "bad BSSID", msg: { payload: { preferredBssid: "zz:zz" } }, field: "payload.preferredBssid" },
      { name: "unknown key (typo)", msg: { payload: { sid: "Depot Wi-Fi" } }, field: "payload.sid" },
      { name: "timeout 0", msg: { timeout: 0 }, field: "timeout" },
      { name: "timeout 601", msg: { timeout: 601 }, field: "timeout" },
      { name: "timeout text", msg: { timeout: "soon" }, field: "timeout" },
      { name: "scan: unknown sort key", msg: { action: "scan", payload: { sortBy: "loudness" } }, field: "payload.sortBy" },
      { name: "scan: repeated info type", msg: { action: "scan", payload: { infoType: "status status" } }, field: "payload.infoType" },
      { name: "scan: sort order as a number", msg: { action: "scan", payload: { sortOrder: 1 } }, field: "payload.sortOrder" },
      { name: "result: any parameter", msg: { action: "result", payload: { ssid: "Depot Wi-Fi" } }, field: "payload.ssid" },
      {
        name: "disconnect: a key",
        msg: { action: "disconnect", payload: { key: "a-wifi-key-1" } },
        field: "payload.key",
        secret: "a-wifi-key-1",
      },
      { name: "forget without a policy", msg: { action: "forget", payload: { ssid: "Office WPA2" } }, field: "securityPolicy" },
      { name: "connId setting of the cellular WAN", config: { connId: "4" }, msg: {}, field: "connId setting" },
      { name: "unknown action setting", config: { action: "roam" }, msg: {}, field: "action setting" },
      { name: "timeout setting 0", config: { timeout: "0" }, msg: {}, field: "timeout setting" },
    ],
  },
  {
    type: "peplink-gpio",
    config: { action: "update", pins: [], apply: true, reference: true, topic: "" },
    good: { payload: { id: 1, enable: true } },
    // The router's map of what each pin supports is read by the first update or read.
    warmInput: { action: "read" },
    bad: [
      { name: "unknown action", msg: { action: "write" }, field: "action" },
      { name: "reference not a boolean", msg: { action: "read", reference: "maybe" }, field: "reference" },
      { name: "apply not a boolean", msg: { apply: "later" }, field: "apply" },
      { name: "no pins at all", msg: { payload: "go" }, field: "payload" },
      { name: "only the id", msg: { payload: { id: 1 } }, field: "payload" },
      { name: "no id", msg: { payload: { enable: true } }, field: "payload.id" },
      { name: "id 0", msg: { payload: { id: 0, enable: true } }, field: "payload.id" },
      { name: "id 65", msg: { payload: { id: 65, enable: true } }, field: "payload.id" },
      { name: "id text", msg: { payload: { id: "one", enable: true } }, field: "payload.id" },
      { name: "id 100 kB", msg: { payload: { id: D100, enable: true } }, field: "payload.id" },
      { name: "GPIO the router lacks", msg: { payload: { id: 3, enable: true } }, field: "payload.id" },
      { name: "unknown type", msg: { payload: { id: 1, type: "digital_inout", mode: "wan_status" } }, field: "payload.type" },
      { name: "type without mode", msg: { payload: { id: 1, type: "digital_output" } }, field: "payload.mode" },
      { name: "mode of another type", msg: { payload: { id: 1, type: "digital_output", mode: "input_sensing" } }, field: "payload.mode" },
      {
        name: "type the pin does not support",
        msg: { payload: { id: 2, type: "digital_output", mode: "wan_status" } },
        field: "payload.type",
      },
      { name: "mode with a newline", msg: { payload: { id: 1, mode: "wan_status\n" } }, field: "payload.mode" },
      { name: "mode 100 kB", msg: { payload: { id: 1, mode: K100 } }, field: "payload.mode" },
      { name: "delay 0", msg: { payload: { id: 2, type: "digital_input", mode: "input_sensing", delay: 0 } }, field: "payload.delay" },
      {
        name: "delay 3601",
        msg: { payload: { id: 2, type: "digital_input", mode: "input_sensing", delay: 3601 } },
        field: "payload.delay",
      },
      {
        name: "delay for an output",
        msg: { payload: { id: 1, type: "digital_output", mode: "wan_status", delay: 5 } },
        field: "payload.delay",
      },
      { name: "enable not a boolean", msg: { payload: { id: 1, enable: "maybe" } }, field: "payload.enable" },
      { name: "unknown key", msg: { payload: { id: 1, colour: "red" } }, field: "payload.colour" },
      { name: "empty list", msg: { payload: [] }, field: "payload" },
      {
        name: "GPIO listed twice",
        msg: {
          payload: [
            { id: 1, enable: true },
            { id: 1, enable: false },
          ],
        },
        field: "payload[1].id",
      },
      { name: "a number in the list", msg: { payload: [{ id: 1, enable: true }, 5] }, field: "payload[1]" },
      { name: "33 pins", msg: { payload: Array.from({ length: 33 }, (_, i) => ({ id: (i % 2) + 1, enable: true })) }, field: "payload" },
      {
        name: "bad pins table setting",
        config: { pins: [{ id: "x", enable: "true" }] },
        msg: { payload: "go" },
        field: "pins setting[0].id",
      },
      { name: "unknown action setting", config: { action: "toggle" }, msg: {}, field: "action setting" },
    ],
  },
  {
    type: "peplink-wan-priority",
    config: { rows: [], instantActive: true, topic: "" },
    good: { payload: { connId: 2, priority: 2 } },
    bad: [
      { name: "no rows at all", msg: { payload: "go" }, field: "payload" },
      { name: "neither priority nor enable", msg: { payload: { connId: 1 } }, field: "payload" },
      { name: "no connId", msg: { payload: { priority: 1 } }, field: "payload.connId" },
      { name: "connId 0", msg: { payload: { connId: 0, priority: 1 } }, field: "payload.connId" },
      { name: "connId text", msg: { payload: { connId: "wan1", priority: 1 } }, field: "payload.connId" },
      { name: "connId with a newline", msg: { payload: { connId: "1\n", priority: 1 } }, field: "payload.connId" },
      { name: "connId 100 kB", msg: { payload: { connId: D100, priority: 1 } }, field: "payload.connId" },
      { name: "priority 0", msg: { payload: { connId: 1, priority: 0 } }, field: "payload.priority" },
      { name: "priority 100", msg: { payload: { connId: 1, priority: 100 } }, field: "payload.priority" },
      { name: "priority 1.5", msg: { payload: { connId: 1, priority: 1.5 } }, field: "payload.priority" },
      { name: "priority text", msg: { payload: { connId: 1, priority: "high" } }, field: "payload.priority" },
      { name: "priority empty string", msg: { payload: { connId: 1, priority: "" } }, field: "payload.priority" },
      { name: "enable not a boolean", msg: { payload: { connId: 1, enable: "maybe" } }, field: "payload.enable" },
      { name: "unknown key (typo)", msg: { payload: { connId: 1, prority: 2 } }, field: "payload.prority" },
      { name: "empty list", msg: { payload: [] }, field: "payload" },
      {
        name: "WAN listed twice",
        msg: {
          payload: [
            { connId: 1, priority: 1 },
            { connId: 1, priority: 2 },
          ],
        },
        field: "payload[1].connId",
      },
      { name: "a number in the list", msg: { payload: [5] }, field: "payload[0]" },
      { name: "33 rows", msg: { payload: Array.from({ length: 33 }, (_, i) => ({ connId: i + 1, priority: 1 })) }, field: "payload" },
      { name: "instantActive not a boolean", msg: { payload: { connId: 1, priority: 1 }, instantActive: "soon" }, field: "instantActive" },
      {
        name: "bad rows setting",
        config: { rows: [{ connId: "abc", priority: "1" }] },
        msg: { payload: "go" },
        field: "rows setting[0].connId",
      },
    ],
  },
  {
    type: "peplink-cellular",
    config: { action: "send-ussd", connId: "4", ussd: "*100#", simId: "", mcc: "", mnc: "", pcs: "", scanTimeout: "", topic: "" },
    good: { payload: 1_700_000_000_000 },
    warmsWans: true,
    bad: [
      { name: "unknown action", msg: { action: "explode" }, field: "action" },
      { name: "action as a number", msg: { action: 42 }, field: "action" },
      { name: "empty action", msg: { action: "" }, field: "action" },
      { name: "USSD with letters", msg: { payload: "*100#abc" }, field: "payload" },
      { name: "USSD with a newline", msg: { payload: "*100#\n" }, field: "payload" },
      { name: "USSD with a NUL", msg: { payload: "*1\u00000#" }, field: "payload" },
      { name: "USSD 100 kB", msg: { payload: K100 }, field: "payload" },
      { name: "empty USSD", msg: { payload: { ussd: "" } }, field: "payload.ussd" },
      { name: "USSD as a number", msg: { payload: { ussd: 100 } }, field: "payload.ussd" },
      { name: "SIM 3", msg: { payload: { ussd: "*100#", simId: 3 } }, field: "payload.simId" },
      { name: "SIM text", msg: { payload: { ussd: "*100#", simId: "B" } }, field: "payload.simId" },
      { name: "unknown key", msg: { payload: { usd: "*100#" } }, field: "payload.usd" },
      { name: "payload array", msg: { payload: ["*100#"] }, field: "payload" },
      { name: "carrier: no MCC", msg: { action: "carrier-select" }, field: "mcc" },
      { name: "carrier: MCC as a number", msg: { action: "carrier-select", payload: { mcc: 262, mnc: "01" } }, field: "payload.mcc" },
      { name: "carrier: MCC of 2 digits", msg: { action: "carrier-select", payload: { mcc: "26", mnc: "01" } }, field: "payload.mcc" },
      { name: "carrier: no MNC", msg: { action: "carrier-select", payload: { mcc: "262" } }, field: "mnc" },
      { name: "carrier: MNC of 4 digits", msg: { action: "carrier-select", payload: { mcc: "262", mnc: "1234" } }, field: "payload.mnc" },
      { name: "carrier: PCS 2", msg: { action: "carrier-select", payload: { mcc: "262", mnc: "01", pcs: 2 } }, field: "payload.pcs" },
      {
        name: "carrier: name 100 kB",
        msg: { action: "carrier-select", payload: { mcc: "262", mnc: "01", name: K100 } },
        field: "payload.name",
      },
      { name: "billing cycle: SIM 0", msg: { action: "new-billing-cycle", payload: { simId: 0 } }, field: "payload.simId" },
      ...cellularConnIds(),
      { name: "unknown action setting", config: { action: "" }, msg: {}, field: "action setting" },
      { name: "scan timeout setting 0", config: { scanTimeout: "0" }, msg: {}, field: "scanTimeout setting" },
      { name: "no USSD code anywhere", config: { ussd: "" }, msg: {}, field: "ussd" },
    ],
  },
  {
    type: "peplink-sms-send",
    config: { to: "+4917012345678", toType: "str", connId: "4" },
    good: { payload: "reliability test" },
    warmsWans: true,
    bad: [
      { name: "empty text", msg: { payload: "" }, field: "payload" },
      { name: "blank text", msg: { payload: "  \n " }, field: "payload" },
      { name: "text with a bell", msg: { payload: "bell\u0007" }, field: "payload" },
      { name: "text with a NUL", msg: { payload: "nul\u0000" }, field: "payload" },
      { name: "text with a lone CR", msg: { payload: "lone\rreturn" }, field: "payload" },
      { name: "text of 1531 characters", msg: { payload: "x".repeat(1531) }, field: "payload" },
      { name: "text 100 kB", msg: { payload: K100 }, field: "payload" },
      { name: "text object", msg: { payload: { text: "hi" } }, field: "payload" },
      { name: "text array", msg: { payload: ["hi"] }, field: "payload" },
      { name: "text null", msg: { payload: null }, field: "payload" },
      { name: "text NaN", msg: { payload: Number.NaN }, field: "payload" },
      { name: "text buffer", msg: { payload: Buffer.from("hi") }, field: "payload" },
      { name: "number without +", msg: { payload: "hi", to: "4917012345678" }, field: "to" },
      { name: "number starting with 0", msg: { payload: "hi", to: "+0123" }, field: "to" },
      { name: "number too short", msg: { payload: "hi", to: "+1" }, field: "to" },
      { name: "number too long", msg: { payload: "hi", to: "+1234567890123456" }, field: "to" },
      { name: "number with letters", msg: { payload: "hi", to: "+12a4" }, field: "to" },
      { name: "number with a NUL", msg: { payload: "hi", to: "+4917012345678\u0000" }, field: "to" },
      { name: "empty number", msg: { payload: "hi", to: "" }, field: "to" },
      { name: "number as a number", msg: { payload: "hi", to: 4917012345678 }, field: "to" },
      { name: "number null", msg: { payload: "hi", to: null }, field: "to" },
      { name: "number object", msg: { payload: "hi", to: { number: "+4917012345678" } }, field: "to" },
      { name: "a bad number in a list", msg: { payload: "hi", to: ["+4917012345678", "bad"] }, field: "to[1]" },
      { name: "empty list", msg: { payload: "hi", to: [] }, field: "to" },
      {
        name: "101 numbers",
        msg: { payload: "hi", to: Array.from({ length: 101 }, (_, i) => `+4917000000${String(i).padStart(3, "0")}`) },
        field: "to",
      },
      { name: "numbers 100 kB", msg: { payload: "hi", to: `+${D100}` }, field: "to" },
      { name: "both to and address", msg: { payload: "hi", to: "+4917012345678", address: "+4917012345678" }, field: "to" },
      { name: "bad address", msg: { payload: "hi", address: "+1" }, field: "address" },
      ...cellularConnIds({ payload: "hi" }),
      { name: "no recipient anywhere", config: { to: "" }, msg: { payload: "hi" }, field: "to" },
      { name: "connId setting text", config: { connId: "abc" }, msg: { payload: "hi" }, field: "connId setting" },
      { name: "connId setting of an Ethernet WAN", config: { connId: "1" }, msg: { payload: "hi" }, field: "connId setting" },
    ],
  },
  {
    type: "peplink-sms-in",
    config: { connId: "4", interval: 0.5, emitExisting: false, topic: "" },
    good: { payload: "check" },
    // An input answers with one message per new SMS, or the input itself when there is none.
    multi: true,
    polls: true,
    warmsWans: true,
    // sms-in reads nothing from a message: its invalid inputs are settings (reported at start and on each input).
    bad: [
      { name: "connId setting missing", config: { connId: "" }, field: "connId setting" },
      { name: "connId setting text", config: { connId: "abc" }, field: "connId setting" },
      { name: "connId setting 0", config: { connId: "0" }, field: "connId setting" },
      { name: "connId setting 256", config: { connId: "256" }, field: "connId setting" },
      { name: "connId setting 100 kB", config: { connId: D100 }, field: "connId setting" },
      { name: "connId setting with a NUL", config: { connId: "4\u0000" }, field: "connId setting" },
      { name: "connId setting of an Ethernet WAN", config: { connId: "1" }, field: "connId setting" },
      { name: "connId setting of the Wi-Fi WAN", config: { connId: "3" }, field: "connId setting" },
      { name: "connId setting of a WAN that does not exist", config: { connId: "99" }, field: "connId setting" },
      { name: "interval setting 0", config: { interval: "0" }, field: "interval setting" },
      { name: "interval setting negative", config: { interval: "-1" }, field: "interval setting" },
      { name: "interval setting text", config: { interval: "often" }, field: "interval setting" },
      { name: "interval setting above a day", config: { interval: "86401" }, field: "interval setting" },
      { name: "interval setting 100 kB", config: { interval: D100 }, field: "interval setting" },
    ],
  },
  {
    type: "peplink-status",
    config: { endpoint: "status.wan.connection", params: {}, interval: 0.5, onlyChanged: false, ignoreKeys: "", topic: "" },
    good: { payload: "read" },
    polls: true,
    // Without polling, so that the log shows only what the bad inputs would cause.
    badInputConfig: { interval: 0 },
    // The WAN list for connId-kind checks is read on first need: fill it first.
    warmInput: { endpoint: "cmd.wifi.scan", params: { connId: 3 } },
    bad: [
      { name: "endpoint not readable", msg: { endpoint: "cmd.sms.sendMessage" }, field: "endpoint" },
      { name: "unknown endpoint", msg: { endpoint: "status.everything" }, field: "endpoint" },
      { name: "endpoint as a number", msg: { endpoint: 42 }, field: "endpoint" },
      { name: "empty endpoint", msg: { endpoint: "" }, field: "endpoint" },
      { name: "endpoint 100 kB", msg: { endpoint: K100 }, field: "endpoint" },
      { name: "endpoint with a newline", msg: { endpoint: "status.wan.connection\n" }, field: "endpoint" },
      { name: "params as text", msg: { params: "id=1" }, field: "params" },
      { name: "params as an array", msg: { params: [1] }, field: "params" },
      { name: "unknown parameter", msg: { params: { idd: 1 } }, field: "params.idd" },
      { name: "id -1", msg: { params: { id: -1 } }, field: "params.id[0]" },
      { name: "id 1.5", msg: { params: { id: 1.5 } }, field: "params.id[0]" },
      { name: "id text", msg: { params: { id: "one" } }, field: "params.id[0]" },
      { name: "id 100 kB", msg: { params: { id: D100 } }, field: "params.id[0]" },
      { name: "unknown lite value", msg: { params: { lite: "maybe" } }, field: "params.lite" },
      { name: "Wi-Fi scan on an Ethernet WAN", msg: { endpoint: "cmd.wifi.scan", params: { connId: 1 } }, field: "params.connId" },
      { name: "Wi-Fi scan on the cellular WAN", msg: { endpoint: "cmd.wifi.scan", params: { connId: 4 } }, field: "params.connId" },
      { name: "SMS read on the Wi-Fi WAN", msg: { endpoint: "cmd.sms.get", params: { connId: 3 } }, field: "params.connId" },
      { name: "SMS read without connId", msg: { endpoint: "cmd.sms.get" }, field: "params.connId" },
      {
        name: "scan: unknown sort key",
        msg: { endpoint: "cmd.wifi.scan", params: { connId: 3, sortBy: "loudness" } },
        field: "params.sortBy",
      },
      { name: "scan: connId 0", msg: { endpoint: "cmd.wifi.scan", params: { connId: 0 } }, field: "params.connId" },
      {
        name: "clients: unknown connection type",
        msg: { endpoint: "status.client", params: { connectionType: "carrier-pigeon" } },
        field: "params.connectionType[0]",
      },
      { name: "clients: size 0", msg: { endpoint: "status.client", params: { size: 0 } }, field: "params.size" },
      { name: "clients: VLAN 4095", msg: { endpoint: "status.client", params: { vlanId: 4095 } }, field: "params.vlanId" },
      { name: "unreadable endpoint setting", config: { endpoint: "cmd.ap.set", interval: 0 }, msg: {}, field: "endpoint setting" },
      { name: "params setting not JSON", config: { params: "{id:", interval: 0 }, msg: {}, field: "params setting" },
      { name: "interval setting text", config: { interval: "often" }, msg: {}, field: "interval setting" },
      { name: "interval setting 0.01", config: { interval: "0.01" }, msg: {}, field: "interval setting" },
      { name: "ignoreKeys setting with symbols", config: { ignoreKeys: "a b!", interval: 0 }, msg: {}, field: "ignoreKeys setting" },
    ],
  },
  {
    type: "peplink-wan-events",
    config: { interval: 1, connIds: "", emitOnStart: false },
    good: { payload: "report" },
    multi: true,
    polls: true,
    // wan-events reads nothing from a message: its invalid inputs are settings.
    bad: [
      { name: "interval setting 0.5", config: { interval: "0.5" }, field: "interval setting" },
      { name: "interval setting 0", config: { interval: "0" }, field: "interval setting" },
      { name: "interval setting text", config: { interval: "often" }, field: "interval setting" },
      { name: "interval setting above an hour", config: { interval: "3601" }, field: "interval setting" },
      { name: "interval setting 100 kB", config: { interval: D100 }, field: "interval setting" },
      { name: "connIds setting text", config: { connIds: "wan1" }, field: "connIds setting" },
      { name: "connIds setting 0", config: { connIds: "0" }, field: "connIds setting" },
      { name: "connIds setting 256", config: { connIds: "256" }, field: "connIds setting" },
      { name: "connIds setting with a bad item", config: { connIds: "1, x" }, field: "connIds setting[1]" },
      { name: "connIds setting with a NUL", config: { connIds: "1\u0000" }, field: "connIds setting" },
      { name: "connIds setting 100 kB", config: { connIds: K100 }, field: "connIds setting" },
    ],
  },
];

/** The descriptor of a node type. */
export function descriptor(type: string): NodeDescriptor {
  const found = CATALOGUE.find((d) => d.type === type);
  if (!found) throw new Error(`no descriptor for ${type}`);
  return found;
}
