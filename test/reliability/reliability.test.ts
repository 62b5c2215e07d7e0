/**
 * Reliability and security, proven (issue 6): fault matrix, bad-input matrix,
 * secrets, lifecycle and load — against the simulator, inside Node-RED.
 *
 * Ends with one summary line computed from what actually ran.
 */
import * as assert from "node:assert/strict";
import { describeIncidents, processIncidents } from "../helpers/process-guard";
import { badInputMatrix } from "./bad-inputs";
import { faultMatrix } from "./fault-matrix";
import { patchHelper } from "./harness";
import { lifecycleAndLoad } from "./lifecycle";
import { secrets } from "./secrets";
import { tally } from "./tally";

describe("reliability", function () {
  let unpatch: (() => void) | undefined;
  before(() => {
    unpatch = patchHelper();
  });

  badInputMatrix();
  faultMatrix();
  lifecycleAndLoad();
  secrets();

  after(function () {
    unpatch?.();
    const incidents = processIncidents();
    const unhandled = incidents.length;
    // eslint-disable-next-line no-console
    console.log(
      `\n  reliability: faults ${tally.faultCells} tried (${tally.faultInputs} inputs), bad inputs ${tally.badInputs} tried, ` +
        `${tally.cycles} redeploys, ${tally.burst} SMS burst, ${tally.lost} lost, ${tally.leaked} leaked, ${unhandled} unhandled\n`,
    );
    // The whole run is guarded at its end too (process-guard.ts, a root hook); fail the suite itself now.
    assert.equal(unhandled, 0, `unhandled rejections / uncaught exceptions so far:\n${describeIncidents(incidents)}`);
  });
});
