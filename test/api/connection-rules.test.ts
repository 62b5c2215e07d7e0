/**
 * The connection rules (src/api/connection-rules.ts) run in the browser too,
 * so they cannot use node:net: their own IPv4/IPv6 checks must answer as
 * Node's do. Their English texts are the en-US catalogue's common.rules, the
 * texts the editor shows (translators start from the catalogue).
 */
import * as assert from "node:assert/strict";
import { isIPv4 as nodeIPv4, isIPv6 as nodeIPv6 } from "node:net";
import { RULE_TEXT, describe as ruleText, isIPv4, isIPv6, numberProblem } from "../../dist/api/connection-rules";
import { catalogue } from "../helpers/editor";

const ADDRESSES = [
  "0.0.0.0",
  "192.168.50.1",
  "255.255.255.255",
  "256.1.1.1",
  "1.2.3",
  "1.2.3.4.5",
  "01.2.3.4",
  "1.2.3.04",
  "1..3.4",
  " 1.2.3.4",
  "1.2.3.4 ",
  "::",
  "::1",
  "1::",
  "fe80::1",
  "fe80::1%eth0",
  "fe80::1%",
  "fe80::1%eth 0",
  "2001:db8::1",
  "2001:0db8:0000:0000:0000:ff00:0042:8329",
  "2001:db8:0:0:0:0:2:1",
  "1:2:3:4:5:6:7:8",
  "1:2:3:4:5:6:7:8:9",
  "1:2:3:4:5:6:7",
  "1::2::3",
  ":1:2:3:4:5:6:7",
  "1:2:3:4:5:6:7:",
  "::ffff:192.168.1.1",
  "::ffff:192.168.1.256",
  "1:2:3:4:5:6:1.2.3.4",
  "1:2:3:4:5:6:7:1.2.3.4",
  "::1.2.3.4",
  "12345::1",
  "g::1",
  "[::1]",
  "",
  ":",
  ":::",
  "1:2:3:4:5:6::7",
  "1:2:3:4:5:6:7::",
  "::2:3:4:5:6:7:8",
  "router.local",
];

describe("connection rules", () => {
  it("tell IPv4 and IPv6 addresses as Node's net module does", () => {
    for (const address of ADDRESSES) {
      assert.equal(isIPv4(address), nodeIPv4(address), `isIPv4(${JSON.stringify(address)})`);
      assert.equal(isIPv6(address), nodeIPv6(address), `isIPv6(${JSON.stringify(address)})`);
    }
  });

  it("take numbers as numbers or decimal text only, within each setting's range", () => {
    for (const ok of [443, "443", " 8443 ", "1", "65535"]) assert.equal(numberProblem("port", ok), undefined, JSON.stringify(ok));
    for (const bad of ["0x50", "1e3", "+80", "80a", "8 0", "0", "65536", "1.5", Number.NaN]) {
      assert.ok(numberProblem("port", bad), `port ${JSON.stringify(bad)} is refused`);
    }
    assert.equal(numberProblem("timeout", "2.5"), undefined, "the timeout takes fractions of seconds");
    assert.ok(numberProblem("timeout", "1e2"));
  });

  it("say in English what the en-US catalogue says, for every rule (the editor's texts)", () => {
    const common = catalogue("peplink-device").common as { rules: Record<string, string> };
    assert.deepEqual(common.rules, { ...RULE_TEXT });
    assert.equal(ruleText({ rule: "integer", values: { min: 1, max: 8 } }), "must be an integer from 1 to 8");
  });
});
