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
import { badCommands } from "./homeassistant";
import { patchHelper } from "./harness";
import { lifecycleAndLoad } from "./lifecycle";
import { secrets } from "./secrets";
import { storedCredentials } from "./stored-credentials";
import { tally } from "./tally";

describe("reliability", function () {
  let unpatch: (() => void) | undefined;
  before(() => {
    unpatch = patchHelper();
  });

  badInputMatrix();
  badCommands();
  faultMatrix();
  lifecycleAndLoad();
  secrets();
  storedCredentials();

  after(function () {
    unpatch?.();
    const incidents = processIncidents();
    const unhandled = incidents.length;

    console.log(
      `\n  reliability: faults ${tally.faultCells} tried (${tally.faultInputs} inputs + ${tally.recoveryInputs} recovery retries), bad inputs ${tally.badInputs} tried, ` +
        `${tally.cycles} redeploys, ${tally.burst} SMS burst, ${tally.lost} lost, ${tally.leaked} leaked, ` +
        `${tally.secretsHidden} secrets hidden in api output, ${tally.credentialProbes} stored-credential probes (${tally.reachedOtherHost} reached another host), ` +
        `${unhandled} unhandled or warnings\n`,
    );
    // The whole run is guarded at its end too (process-guard.ts, a root hook); fail the suite itself now.
    assert.equal(unhandled, 0, `unhandled rejections / uncaught exceptions so far:\n${describeIncidents(incidents)}`);
  });
});
