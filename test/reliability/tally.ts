/**
 * What the reliability suite actually ran and found, for its summary line.
 * Every part adds what it tried; "lost" counts inputs that did not end in
 * exactly one output or one error; "leaked" counts secrets found where they
 * must not be.
 */
export const tally = {
  /** Fault matrix cells (node × fault) run. */
  faultCells: 0,
  /** Input messages sent during the fault matrix (a fixed number per cell). */
  faultInputs: 0,
  /** Inputs sent after a fault cleared until the node answered again (varies with timing). */
  recoveryInputs: 0,
  /** Invalid inputs tried. */
  badInputs: 0,
  /** Inputs that ended in neither, both, or more than one outcome. */
  lost: 0,
  /** Secret occurrences found in collected text or files. */
  leaked: 0,
  /** Texts searched for secrets. */
  secretTexts: 0,
  /** Deploy/redeploy cycles run. */
  cycles: 0,
  /** SMS of the burst that ended (sent or error). */
  burst: 0,
  /** Editor-route calls that tried to use stored credentials for another target. */
  credentialProbes: 0,
  /** Connections to another host (or markers seen there) during those probes. */
  reachedOtherHost: 0,
  /** Secrets the api node hid in its outputs (client secrets, tokens). */
  secretsHidden: 0,
};
