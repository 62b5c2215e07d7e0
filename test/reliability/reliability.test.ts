/**
 * Reliability and security, proven (issue 6): fault matrix, bad-input matrix,
 * secrets, lifecycle and load — against the simulator, inside Node-RED.
 *
 * Ends with one summary line computed from what actually ran.
 */
import { processIncidents } from "../helpers/process-guard";
import { badInputMatrix } from "./bad-inputs";
import { faultMatrix } from "./fault-matrix";
import { lifecycleAndLoad } from "./lifecycle";
import { secrets } from "./secrets";
import { tally } from "./tally";

describe("reliability", function () {
  badInputMatrix();
  faultMatrix();
  lifecycleAndLoad();
  secrets();

  after(function () {
    const unhandled = processIncidents().length;
    // eslint-disable-next-line no-console
    console.log(
      `\n  reliability: faults ${tally.faultCells} tried (${tally.faultInputs} inputs), bad inputs ${tally.badInputs} tried, ` +
        `${tally.cycles} redeploys, ${tally.burst} SMS burst, ${tally.lost} lost, ${tally.leaked} leaked, ${unhandled} unhandled\n`,
    );
  });
});
