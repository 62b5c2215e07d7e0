/**
 * docs/nodes.md is generated from the editor help (scripts/docs-nodes.js): it
 * must be what the generator writes from the help as it is now, so the node
 * reference and the help sidebar say the same.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..");

describe("generated docs", function () {
  it("docs/nodes.md matches the editor help of every node", function () {
    const run = spawnSync(process.execPath, [path.join(root, "scripts", "docs-nodes.js"), "--check"], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr || run.stdout);
  });
});
